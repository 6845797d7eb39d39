#!/usr/bin/env bash
# Throughput, start-up and memory benchmark (issues #7 and #19): release build, whole process, JSON Lines to
# /dev/null, on the shared benchmark text split into one file per document (10,019 files, 49.7 MB, front
# matter with each document's date), against a `wc -w` baseline and a peer (spaCy's blank English pipeline with an EntityRuler
# holding the same organization names) run in the same session on the same files.
#
#   scripts/bench.sh [RUNS] [options]
#
#   RUNS               runs per configuration (default 3, or $RUNS); the median wall time is reported
#   --quick            1 run each, the peer over a 2 MB subset, 5 start-up runs, no callgrind, no dense line
#   --skip-baseline    no `wc -w` run                      (or SKIP_BASELINE=1)
#   --skip-4x          no run over the folder replicated 4x (or SKIP_4X=1)
#   --skip-peer        no spaCy run, no venv               (or SKIP_PEER=1)
#   --skip-startup     no start-up timings                 (or SKIP_STARTUP=1)
#   --skip-callgrind   no callgrind count on the 5 MB sample (or SKIP_CALLGRIND=1; skipped when valgrind is absent)
#   --skip-dense       no run over the 100 MB fact-dense line (or SKIP_DENSE=1)
#   --startup-runs N   runs of each start-up timing (default 20; 5 with --quick)
#   --only-claimscan   --skip-baseline --skip-peer
#   --only-new         only start-up, callgrind and the dense line (no throughput runs, no baseline, no peer)
#   --peer-mb N        run the peer over the first files (sorted) making at least N MB (default 10: spaCy
#                      runs at well under 1 MB/s here); 0 = all 49.7 MB (or PEER_MB)
#   --peer-runs N      peer runs (default 1, or PEER_RUNS): it is slow and its figure is steady
#   --strict           exit 1 when a target fails
#   --split-only       only unpack and split the benchmark text into bench-data/docs (used by spark-check.sh)
#
# Each configuration prints input MB, median wall time, MB/s, MB/s per core (MB/s over the threads it may use),
# peak RSS ("Maximum resident set size" of `/usr/bin/time -v`, the largest over the runs; MB is 10^6 bytes) and
# the median CPU seconds (user + system) with MB per CPU-second, which a loaded machine disturbs far less.
# Configurations: `cat | wc -w` (a C byte loop that reads every file: how close extraction comes to reading the
# text), claimscan --jobs 1, --jobs 2 (speedup = time jobs 1 / time jobs 2), --jobs 2 over bench-data/docs4x
# (four hard-linked copies of the folder: memory must not grow with the corpus), and the spaCy peer.
#
# The peer (scripts/peer_spacy.py) runs in a throwaway virtual environment, bench-data/venv-spacy, created and
# filled by `pip install spacy` on first use (the blank pipeline needs no model download). Its MB/s is the
# steady-state figure it times itself (reading the files and nlp.pipe, after import and pattern building),
# which favours the peer; the ratio compares it with claimscan --jobs 1's whole-process MB/s, one core each.
#
# Start-up: the median wall time of N runs (default 20) of `claimscan extract` of an empty file and of
# `claimscan explain` of one sentence. Callgrind: instructions of `extract --jobs 1` over a fixed 5 MB sample
# (the first files of bench-data/docs in sorted order making at least 5,000,000 bytes, bench-data/s5m) minus
# those of the empty run, per input byte: noise-free, for before/after comparisons (valgrind hides SHA-NI, so
# sha2 runs its software path there and hashing counts about ten times what it costs on the hardware). Dense
# line: wall time and peak RSS of `extract --jobs 1` over bench-data/dense-line.txt, 100,000,000 bytes on one
# line of a sentence with a percentage, a date and an organization and a sentence without facts, repeated.
#
# Final table: PASS/FAIL against issue #19's targets on this 2-core machine: >= 100 MB/s per core end to end,
# >= 1.8x with --jobs 2, peak RSS <= 100 MB and <= 1.2x at four times the corpus, >= 100x the peer's
# throughput, start-up <= 20 ms (extract of an empty input) and <= 30 ms (explain of one sentence), <= 75
# instructions per byte (100 MB/s per core), peak RSS <= 3x the document + 64 MB (364 MB) on the dense line.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
skip_baseline=${SKIP_BASELINE:-0}
skip_4x=${SKIP_4X:-0}
skip_peer=${SKIP_PEER:-0}
skip_startup=${SKIP_STARTUP:-0}
skip_callgrind=${SKIP_CALLGRIND:-0}
skip_dense=${SKIP_DENSE:-0}
startup_runs=${STARTUP_RUNS:-20}
peer_mb=${PEER_MB:-10}
peer_runs=${PEER_RUNS:-1}
strict=0
split_only=0
skip_main=0 # no --jobs 1 / --jobs 2 throughput runs (--only-new)
while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=1; peer_mb=2; startup_runs=5; skip_callgrind=1; skip_dense=1 ;;
    --skip-startup) skip_startup=1 ;;
    --skip-callgrind) skip_callgrind=1 ;;
    --skip-dense) skip_dense=1 ;;
    --startup-runs) startup_runs=$2; shift ;;
    --startup-runs=*) startup_runs=${1#*=} ;;
    --skip-baseline) skip_baseline=1 ;;
    --skip-4x) skip_4x=1 ;;
    --skip-peer) skip_peer=1 ;;
    --only-claimscan) skip_baseline=1; skip_peer=1 ;;
    --only-new) skip_baseline=1; skip_peer=1; skip_4x=1; skip_main=1 ;;
    --peer-mb) peer_mb=$2; shift ;;
    --peer-mb=*) peer_mb=${1#*=} ;;
    --peer-runs) peer_runs=$2; shift ;;
    --peer-runs=*) peer_runs=${1#*=} ;;
    --strict) strict=1 ;;
    --split-only) split_only=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) runs=$1 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

src=../shared/bench/wh-briefings-pd.txt.xz
data=bench-data
[ -f "$src" ] || { echo "bench: $src is absent" >&2; exit 1; }
if [ ! -f "$data/.split-done" ]; then
  rm -rf "$data/docs" "$data/docs4x" "$data/.docs4x-done" && mkdir -p "$data/docs"
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
[ "$split_only" = 1 ] && exit 0

# Four copies as hard links (claimscan skips symlinked folders), so the 4x corpus costs no disk.
if [ "$skip_4x" != 1 ] && [ ! -f "$data/.docs4x-done" ]; then
  rm -rf "$data/docs4x" && mkdir -p "$data/docs4x"
  for i in 1 2 3 4; do cp -al "$data/docs" "$data/docs4x/$i"; done
  touch "$data/.docs4x-done"
fi

cargo build --release --quiet
bin=target/release/claimscan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bytes=$(cat "$data"/docs/*.txt | wc -c)
files=$(find "$data/docs" -name '*.txt' | wc -l)
timev=
[ -x /usr/bin/time ] && timev=/usr/bin/time
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
git diff --quiet HEAD -- src rules Cargo.toml Cargo.lock 2>/dev/null || commit="$commit + uncommitted changes"
echo "claimscan bench $(date -u +%Y-%m-%dT%H:%MZ), $commit"
echo "input: $files files, $bytes bytes; $(nproc) cores; $runs runs per configuration (median wall time)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$timev" ] || echo "note: /usr/bin/time is absent (apt-get install time): no peak RSS"
cat "$data"/docs/*.txt >/dev/null # warm the page cache

declare -A sec cpu rss mbytes ncores startup_ms
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
fmt_row() { # fmt_row LABEL KEY
  local k=$2
  awk -v l="$1" -v b="${mbytes[$k]}" -v s="${sec[$k]}" -v c="${ncores[$k]}" -v r="${rss[$k]:-}" \
    -v u="${cpu[$k]:-}" 'BEGIN {
    mb = b / 1e6; rate = mb / s
    printf "%-34s %8.1f MB %8.3f s %8.2f MB/s %8.2f MB/s/core   %s%s\n", l, mb, s, rate, rate / c,
      (r == "" ? "RSS n/a" : sprintf("peak RSS %.1f MB", r * 1024 / 1e6)),
      (u == "" ? "" : sprintf("   (CPU %.1f s: %.2f MB per CPU-second)", u, mb / u)) }'
}
# measure KEY LABEL BYTES CORES RUNS CMD...: median wall time and largest peak RSS over RUNS runs; stdout of
# the last run in $tmp/out.KEY (claimscan's goes to /dev/null), stderr in $tmp/err.KEY.
measure() {
  local key=$1 label=$2 nb=$3 cores=$4 n=$5 out=/dev/null
  shift 5
  [ "$key" = peer ] && out=$tmp/out.$key
  local ts=() cs=() peak=0 t0 t1 r
  for _ in $(seq "$n"); do
    t0=$(date +%s.%N)
    if ! ${timev:+$timev -v -o "$tmp/time"} "$@" >"$out" 2>"$tmp/err.$key"; then
      echo "bench: $label failed:" >&2; tail -5 "$tmp/err.$key" >&2; exit 1
    fi
    t1=$(date +%s.%N)
    ts+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
    if [ -n "$timev" ]; then
      r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
      cs+=("$(awk -F': ' '/(User|System) time \(seconds\)/ { t += $2 } END { print t }' "$tmp/time")")
      [ "$r" -gt "$peak" ] && peak=$r
    fi
  done
  sec[$key]=$(printf '%s\n' "${ts[@]}" | median)
  [ -n "$timev" ] && cpu[$key]=$(printf '%s\n' "${cs[@]}" | median)
  [ -n "$timev" ] && rss[$key]=$peak
  mbytes[$key]=$nb
  ncores[$key]=$cores
  fmt_row "$label" "$key"
}

echo
: >"$tmp/empty.txt" # the empty input of the start-up timings and of callgrind's start-up count
if [ "$skip_startup" != 1 ]; then
  # startup NAME CMD...: median wall milliseconds of $startup_runs runs.
  startup() {
    local key=$1 ts=() t0 t1
    shift
    for _ in $(seq "$startup_runs"); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || { echo "bench: start-up run $* failed" >&2; exit 1; }
      t1=$(date +%s%N)
      ts+=("$(( (t1 - t0) / 1000 ))")
    done
    startup_ms[$key]=$(printf '%s\n' "${ts[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }')
  }
  startup extract "$bin" extract "$tmp/empty.txt"
  startup explain "$bin" explain "The agency said costs rose 5 percent in March 2027."
  echo "start-up, median of $startup_runs runs: extract of an empty file ${startup_ms[extract]} ms," \
    "explain of one sentence ${startup_ms[explain]} ms"
fi
if [ "$skip_callgrind" != 1 ] && ! command -v valgrind >/dev/null; then
  echo "note: valgrind is absent (apt-get install valgrind): no instruction counts"
  skip_callgrind=1
fi
if [ "$skip_callgrind" != 1 ]; then
  sample=$data/s5m
  if [ ! -f "$data/.s5m-done" ]; then
    rm -rf "$sample" && mkdir -p "$sample"
    total=0
    for f in "$data"/docs/*.txt; do
      cp "$f" "$sample/"
      total=$((total + $(stat -c %s "$f")))
      [ "$total" -ge 5000000 ] && break
    done
    touch "$data/.s5m-done"
  fi
  sample_bytes=$(cat "$sample"/*.txt | wc -c)
  instructions() { # instructions CMD...: the Ir total callgrind collected
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" 2>"$tmp/cg.err" >/dev/null ||
      { echo "bench: callgrind run failed:" >&2; tail -5 "$tmp/cg.err" >&2; exit 1; }
    awk '/Collected :/ { print $NF }' "$tmp/cg.err"
  }
  cg_total=$(instructions "$bin" extract "$sample" --jobs 1)
  cg_start=$(instructions "$bin" extract "$tmp/empty.txt")
  cg_per_byte=$(awk -v t="$cg_total" -v s="$cg_start" -v b="$sample_bytes" 'BEGIN { printf "%.0f", (t - s) / b }')
  echo "callgrind, $(find "$sample" -name '*.txt' | wc -l) files, $sample_bytes bytes: $cg_total instructions," \
    "start-up $cg_start, $cg_per_byte per input byte"
fi
if [ "$skip_dense" != 1 ]; then
  dense=$data/dense-line.txt
  dense_bytes=100000000
  if [ "$(stat -c %s "$dense" 2>/dev/null || echo 0)" != "$dense_bytes" ]; then
    python3 -c '
import sys
unit = (b"The agency said costs rose 5 percent in March 2027 and the Department of Energy agreed. Lorem ipsum "
        b"dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore. ")
n = int(sys.argv[2])
open(sys.argv[1], "wb").write((unit * (n // len(unit) + 1))[:n])
' "$dense" "$dense_bytes"
  fi
  measure dense "claimscan --jobs 1, 100 MB dense line" "$dense_bytes" 1 1 "$bin" extract "$dense" --jobs 1
fi
if [ "$skip_main" != 1 ] && [ "$skip_baseline" != 1 ]; then
  measure wc "baseline: cat | wc -w" "$bytes" 1 "$runs" sh -c "cat $data/docs/*.txt | wc -w"
fi
if [ "$skip_main" != 1 ]; then
  measure j1 "claimscan --jobs 1" "$bytes" 1 "$runs" "$bin" extract "$data/docs" --jobs 1
  tail -1 "$tmp/err.j1" | sed 's/^/    /'
  measure j2 "claimscan --jobs 2" "$bytes" 2 "$runs" "$bin" extract "$data/docs" --jobs 2
  speedup=$(awk -v a="${sec[j1]}" -v b="${sec[j2]}" 'BEGIN { printf "%.2f", a / b }')
  echo "    speedup --jobs 2 over --jobs 1: ${speedup}x"
fi
if [ "$skip_4x" != 1 ]; then
  measure j2x4 "claimscan --jobs 2, corpus 4x" $((bytes * 4)) 2 "$runs" "$bin" extract "$data/docs4x" --jobs 2
  if [ -n "$timev" ]; then
    rss4=$(awk -v a="${rss[j2x4]}" -v b="${rss[j2]}" 'BEGIN { printf "%.2f", a / b }')
    echo "    peak RSS 4x / 1x: ${rss4}x"
  fi
fi

if [ "$skip_peer" != 1 ]; then
  venv=$data/venv-spacy
  if ! "$venv/bin/python" -c 'import spacy' 2>/dev/null; then
    echo "    (creating $venv and installing spaCy with pip; not timed)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check spacy
  fi
  peer_args=()
  peer_bytes=$bytes
  if [ "$peer_mb" != 0 ]; then
    peer_args=(--max-bytes $((peer_mb * 1000000)))
    peer_bytes=$("$venv/bin/python" - "$data/docs" $((peer_mb * 1000000)) <<'EOF'
import sys
from pathlib import Path
total = 0
for f in sorted(Path(sys.argv[1]).glob("*.txt")):
    if total >= int(sys.argv[2]): break
    total += f.stat().st_size
print(total)
EOF
)
  fi
  measure peer "peer: spaCy EntityRuler (wall)" "$peer_bytes" 1 "$peer_runs" \
    "$venv/bin/python" scripts/peer_spacy.py "${peer_args[@]}" "$data/docs"
  get() { awk -F': ' -v k="$1" '$1 == k { print $2 }' "$tmp/out.peer"; }
  echo "    $(head -1 "$tmp/out.peer"); $(get patterns) patterns from rules/organizations*.toml;" \
    "$(get files) files, $(get entities) entities"
  [ "$peer_mb" != 0 ] && echo "    subset: the first $(get files) files in sorted order, $(get bytes) bytes (--peer-mb $peer_mb)"
  echo "    in-script (last run): import $(get import_s) s, patterns $(get build_s) s," \
    "read + nlp.pipe $(get run_s) s = $(get 'MB/s') MB/s (steady state, used for the ratio)"
  peer_rate=$(get 'MB/s')
  peer_ratio=$(awk -v b="$bytes" -v s="${sec[j1]}" -v p="$peer_rate" 'BEGIN { printf "%.1f", b / 1e6 / s / p }')
  peer_ratio_wall=$(awk -v b="$bytes" -v s="${sec[j1]}" -v pb="$peer_bytes" -v ps="${sec[peer]}" \
    'BEGIN { printf "%.1f", (b / s) / (pb / ps) }')
  echo "    claimscan --jobs 1 / peer, MB/s per core: ${peer_ratio}x against the peer's steady state," \
    "${peer_ratio_wall}x against its wall time"
  if [ -n "${cpu[j1]:-}" ]; then
    peer_ratio_cpu=$(awk -v b="$bytes" -v c="${cpu[j1]}" -v p="$(get 'MB per CPU-second')" \
      'BEGIN { printf "%.1f", b / 1e6 / c / p }')
    echo "    by CPU time (steadier when the machine is loaded): claimscan --jobs 1 $(awk -v b="$bytes" \
      -v c="${cpu[j1]}" 'BEGIN { printf "%.2f", b / 1e6 / c }') MB per CPU-second, peer $(get 'MB per CPU-second')" \
      "(read + nlp.pipe): ${peer_ratio_cpu}x"
  fi
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
failed=0
row() { # row NAME MEASURED GOAL OP VALUE LIMIT
  local verdict
  if [ -z "$5" ]; then verdict=skipped
  elif awk -v v="$5" -v l="$6" -v op="$4" 'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then verdict=PASS
  else verdict=FAIL; failed=1
  fi
  printf '%-42s %14s %12s   %s\n' "$1" "$2" "$3" "$verdict"
}
rate() { awk -v b="${mbytes[$1]}" -v s="${sec[$1]}" -v c="${ncores[$1]}" 'BEGIN { printf "%.2f", b / 1e6 / s / c }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }
printf '%-42s %14s %12s   %s\n' target measured goal result
r1=; r2=
if [ -n "${sec[j1]:-}" ]; then r1=$(rate j1); r2=$(rate j2); fi
row "MB/s per core, --jobs 1" "${r1:-}" ">= 100" ">=" "${r1:-}" 100
row "MB/s per core, --jobs 2" "${r2:-}" ">= 100" ">=" "${r2:-}" 100
row "speedup, --jobs 2 / --jobs 1" "${speedup:+${speedup}x}" ">= 1.8x" ">=" "${speedup:-}" 1.8
if [ -n "$timev" ] && [ -n "${rss[j1]:-}" ]; then
  peak=${rss[j1]}
  for k in j2 j2x4; do [ -n "${rss[$k]:-}" ] && [ "${rss[$k]}" -gt "$peak" ] && peak=${rss[$k]}; done
  row "peak RSS, largest claimscan run" "$(mb "$peak") MB" "<= 100 MB" "<=" "$(mb "$peak")" 100
  row "peak RSS, corpus 4x / 1x (--jobs 2)" "${rss4:+${rss4}x}" "<= 1.2x" "<=" "${rss4:-}" 1.2
else
  row "peak RSS, largest claimscan run" "n/a" "<= 100 MB" "<=" "" 100
  row "peak RSS, corpus 4x / 1x (--jobs 2)" "n/a" "<= 1.2x" "<=" "" 1.2
fi
row "claimscan / spaCy EntityRuler, per core" "${peer_ratio:+${peer_ratio}x}" ">= 100x" ">=" "${peer_ratio:-}" 100
if [ -n "${peer_ratio_cpu:-}" ]; then
  printf '%-42s %14s %12s   %s\n' "  the same by CPU time (not a target)" "${peer_ratio_cpu}x" ">= 100x" info
fi
row "start-up: extract of an empty input" "${startup_ms[extract]:+${startup_ms[extract]} ms}" "<= 20 ms" "<=" \
  "${startup_ms[extract]:-}" 20
row "start-up: explain of one sentence" "${startup_ms[explain]:+${startup_ms[explain]} ms}" "<= 30 ms" "<=" \
  "${startup_ms[explain]:-}" 30
row "instructions per input byte (callgrind)" "${cg_per_byte:-}" "<= 75" "<=" "${cg_per_byte:-}" 75
dense_mb=
[ -n "$timev" ] && [ -n "${rss[dense]:-}" ] && dense_mb=$(mb "${rss[dense]}")
row "peak RSS, 100 MB dense line" "${dense_mb:+$dense_mb MB}" "<= 364 MB" "<=" "$dense_mb" 364
if [ "$strict" = 1 ] && [ "$failed" = 1 ]; then exit 1; fi
exit 0
