#!/usr/bin/env bash
# Runs one fuzz target for a while, single process, at low priority, with the seeds and settings the targets
# were tuned with. From anywhere in the checkout:
#
#   fuzz/run.sh TARGET [SECONDS] [MAX_LEN]     # TARGET: loader, segment, rules, extract; default 600 s
#
# New inputs go to fuzz/corpus/TARGET (git-ignored); the seeds are corpus/, fuzz/seeds/ and the stored
# regressions in tests/fuzz-regressions/TARGET. A finding lands in fuzz/artifacts/TARGET; minimize it with
#   cargo +nightly fuzz tmin -s none TARGET fuzz/artifacts/TARGET/crash-…
# and keep it as tests/fuzz-regressions/TARGET/<short-name> (tests/it/fuzz_regressions.rs runs it).
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh loader|segment|rules|extract [SECONDS] [MAX_LEN]}
seconds=${2:-600}
case $target in
  rules) seeds=(fuzz/seeds/rules rules); dict=rules; max_len=16384 ;;
  loader | segment | extract) seeds=(corpus fuzz/seeds/text); dict=text; max_len=4096 ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
max_len=${3:-$max_len}
mkdir -p "fuzz/corpus/$target"
# -s none: the crate is safe Rust, so AddressSanitizer buys little and halves the speed; debug assertions stay on.
exec nice -n 10 cargo +nightly fuzz run -s none "$target" "fuzz/corpus/$target" "${seeds[@]}" \
  "tests/fuzz-regressions/$target" -- \
  -dict="fuzz/dicts/$dict.dict" -max_len="$max_len" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
