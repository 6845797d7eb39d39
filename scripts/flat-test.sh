#!/usr/bin/env bash
# The flat fact tables in Python (issue 18): `extract --format facts-jsonl|facts-csv|parquet` on corpus/, loaded
# in pandas, Polars and DuckDB by scripts/flat-test.py, which checks the documented columns and that the rows
# equal the JSON records' facts. Its last line is "N passed, M failed".
#
# Makes a virtual environment under target/flat-venv (installing Debian's python3-venv when `python3 -m venv`
# cannot work) and installs the pinned packages below into it; FLAT_KEEP=1 keeps the files it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    echo "installing python3-venv (Debian package)…"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
venv=target/flat-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    pandas==3.1.1 polars==2.1.0 duckdb==2.0.0 pyarrow==26.0.1

cargo build --release --locked --quiet
bin=$PWD/target/release/claimscan
work=$(mktemp -d)
if [ "${FLAT_KEEP:-}" = 1 ]; then echo "work folder: $work"; else trap 'rm -rf "$work"' EXIT; fi
run() { "$bin" "$@" 2>>"$work/log" || { echo "FAIL: claimscan $*"; cat "$work/log"; exit 1; }; }
run extract corpus/ >"$work/records.jsonl"
run extract corpus/ --format facts-jsonl >"$work/facts.jsonl"
run extract corpus/ --format facts-csv >"$work/facts.csv"
run extract corpus/ --format parquet --out "$work/parquet"
"$venv/bin/python" scripts/flat-test.py "$work"
