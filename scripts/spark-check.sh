#!/usr/bin/env bash
# claimscan under Apache Spark (local mode) gives the same records as one claimscan process (issue #7).
#
#   scripts/spark-check.sh [--limit N | --all] [--partitions P] [--master local[2]]
#
#   --limit N        the first N benchmark documents (default 1000)
#   --all            all 10,019 documents (49.7 MB)
#   --partitions P   input partitions, so P claimscan processes (default 8)
#   --master M       Spark master (default local[2])
#
# 1. Splits the benchmark text into bench-data/docs if needed (scripts/bench.sh --split-only) and builds the
#    release binary; stops with a message if it has no `--input-format jsonl` yet.
# 2. Writes bench-data/spark/docs-N.jsonl with scripts/make_jsonl.py: {"id": "00001.txt", "text": <the whole
#    file, front matter included>}, so claimscan reads the date from the front matter as it does for the file.
# 3. Single process: `claimscan extract --input-format jsonl docs-N.jsonl` → single.jsonl (all cores).
# 4. Spark: bench-data/venv-spark (created and filled by `pip install pyspark` on first use; Java 17 must be
#    on PATH) runs scripts/spark_pipe.py, which pipes each partition through
#    `claimscan extract --input-format jsonl --jobs 1 -` with RDD.pipe → spark.jsonl.
# 5. Compares: spark.jsonl must equal single.jsonl byte for byte (else the first differing line's id is
#    named and the exit status is 1). Also reports, without failing, whether they equal a plain run over the
#    same files (`cd bench-data/docs && claimscan extract 00001.txt …`), which is what the whole-text JSON
#    Lines encoding aims at.
# Prints the wall time of each run. The outputs stay in bench-data/spark/ only when the records differ.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=1000
partitions=8
master='local[2]'
while [ $# -gt 0 ]; do
  case $1 in
    --limit) limit=$2; shift ;;
    --limit=*) limit=${1#*=} ;;
    --all) limit=0 ;;
    --partitions) partitions=$2; shift ;;
    --partitions=*) partitions=${1#*=} ;;
    --master) master=$2; shift ;;
    --master=*) master=${1#*=} ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "spark-check: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

data=bench-data
scripts/bench.sh --split-only
cargo build --release --quiet
bin=$PWD/target/release/claimscan
if ! "$bin" extract --help | grep -q -- '--input-format'; then
  echo "spark-check: $bin has no --input-format yet; nothing to check" >&2
  exit 2
fi
command -v java >/dev/null || { echo "spark-check: Spark needs Java (17) on PATH" >&2; exit 2; }

venv=$data/venv-spark
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
  echo "creating $venv and installing pyspark with pip (not timed)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark
fi

work=$data/spark
mkdir -p "$work"
tag=$limit
[ "$limit" = 0 ] && tag=all
jsonl=$work/docs-$tag.jsonl
python3 scripts/make_jsonl.py "$data/docs" --limit "$limit" -o "$jsonl"
docs=$(wc -l <"$jsonl")
mb=$(awk -v b="$(wc -c <"$jsonl")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "input: $jsonl, $docs documents, $mb MB of JSON Lines; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

t0=$(now)
"$bin" extract --input-format jsonl "$jsonl" >"$work/single.jsonl" 2>"$work/single.err"
t1=$(now)
echo "single process (claimscan extract --input-format jsonl, all cores): $(secs "$t0" "$t1") s"
tail -1 "$work/single.err" | sed 's/^/    /'

t0=$(now)
"$venv/bin/python" scripts/spark_pipe.py "$jsonl" "$work/spark.jsonl" --claimscan "$bin" \
  --master "$master" --partitions "$partitions" >"$work/spark.out" 2>"$work/spark.err" || {
  echo "spark-check: the Spark run failed; the end of its log:" >&2
  tail -30 "$work/spark.err" >&2
  exit 1
}
t1=$(now)
job=$(awk -F': ' '$1 == "spark_job_s" { printf "%.2f", $2 }' "$work/spark.out")
echo "Spark $master, $partitions partitions (RDD.pipe): $(secs "$t0" "$t1") s in all, of which the pipe job $job s" \
  "(the rest: Python and JVM start-up, joining the part files)"

# first_diff A B: the line number and document id of the first line where A and B differ.
first_diff() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = open(sys.argv[1], "rb"), open(sys.argv[2], "rb")
n = 0
while True:
    x, y = a.readline(), b.readline()
    n += 1
    if x != y:
        def ident(line):
            if not line:
                return "(no line: the file ends)"
            try:
                return json.loads(line)["document"]["path"]
            except Exception:
                return "(not a record: %r)" % line[:80]
        print(f"line {n}: {ident(x)} vs {ident(y)}")
        break
    if not x:
        break
EOF
}

status=0
if cmp -s "$work/single.jsonl" "$work/spark.jsonl"; then
  echo "records: Spark = single process, byte for byte ($(wc -l <"$work/spark.jsonl") records)"
else
  echo "records: Spark and single process DIFFER ($(wc -l <"$work/spark.jsonl") vs $(wc -l <"$work/single.jsonl") lines);" \
    "first difference at $(first_diff "$work/spark.jsonl" "$work/single.jsonl")"
  status=1
fi

# The same documents as files, named as the ids are.
python3 - "$jsonl" >"$work/files.txt" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(line)["id"])
EOF
t0=$(now)
(cd "$data/docs" && xargs -d '\n' "$bin" extract <"../../$work/files.txt") >"$work/folder.jsonl" 2>/dev/null
t1=$(now)
if cmp -s "$work/single.jsonl" "$work/folder.jsonl"; then
  echo "records: = a plain run over the same $docs files (claimscan extract FILE…, $(secs "$t0" "$t1") s), byte for byte"
else
  echo "note: JSON Lines records differ from a plain run over the files at $(first_diff "$work/single.jsonl" "$work/folder.jsonl")"
fi
if [ "$status" = 0 ]; then
  rm -f "$work/single.jsonl" "$work/spark.jsonl" "$work/folder.jsonl" # hundreds of MB with --all
else
  echo "the outputs are kept in $work/ (single.jsonl, spark.jsonl, folder.jsonl)"
fi
exit $status
