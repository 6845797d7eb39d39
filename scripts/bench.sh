#!/usr/bin/env bash
# Throughput benchmark: release build, whole process, JSON Lines to /dev/null, on the shared benchmark text
# split into one file per document (10,019 files, front matter with each document's date).
#
#   scripts/bench.sh [RUNS]        # default 5 runs per configuration; prints medians and ratios
#
# Baseline, run in the same session on the same files: `wc -w` (a C byte loop that reads every file), so the
# ratio says how close extraction comes to just reading and tokenizing the text. Memory: peak RSS from
# /usr/bin/time when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
src=../shared/bench/wh-briefings-pd.txt.xz
data=bench-data
[ -f "$src" ] || { echo "bench: $src is absent" >&2; exit 1; }
if [ ! -f "$data/.split-done" ]; then
  rm -rf "$data" && mkdir -p "$data/docs"
  xz -dc "$src" | python3 -c '
import sys, os
out, n = None, 0
for line in sys.stdin.buffer:
    if line.startswith(b"=== DOC "):
        if out: out.close()
        n += 1
        parts = line[8:].decode("utf-8", "replace").split(" | ")
        date = parts[1].strip() if len(parts) > 1 else ""
        out = open(os.path.join(sys.argv[1], "%05d.txt" % n), "wb")
        if date: out.write(("---\ndate: %s\n---\n" % date).encode())
        continue
    if out: out.write(line)
if out: out.close()
print("split into", n, "documents", file=sys.stderr)
' "$data/docs"
  touch "$data/.split-done"
fi
cargo build --release --quiet
bin=target/release/claimscan
bytes=$(cat "$data"/docs/*.txt | wc -c)
files=$(ls "$data/docs" | wc -l)
echo "input: $files files, $bytes bytes; $(nproc) cores; $runs runs each"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_runs() { # time_runs LABEL CMD...
  local label=$1; shift
  local ts=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    ts+=("$(echo "$t1 - $t0" | bc -l)")
  done
  local m; m=$(printf '%s\n' "${ts[@]}" | median)
  printf '%-28s median %6.3f s  %7.1f MB/s\n' "$label" "$m" "$(echo "$bytes / $m / 1000000" | bc -l)" >&2
  echo "$m"
}
base=$(time_runs "baseline: wc -w" sh -c "cat $data/docs/*.txt | wc -w")
one=$(time_runs "claimscan --jobs 1" "$bin" extract "$data/docs" --jobs 1)
two=$(time_runs "claimscan --jobs 2" "$bin" extract "$data/docs" --jobs 2)
printf 'ratio to baseline: jobs 1 %.2fx the time of wc -w; jobs 2 %.2fx\n' "$(echo "$one / $base" | bc -l)" "$(echo "$two / $base" | bc -l)"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "peak RSS (jobs 2): %M KiB" "$bin" extract "$data/docs" --jobs 2 >/dev/null 2>/tmp/claimscan-bench-rss || true
  grep "peak RSS" /tmp/claimscan-bench-rss
fi
"$bin" extract "$data/docs" --jobs 1 2>&1 >/dev/null | tail -1
