#!/usr/bin/env bash
# Browser test of the review workflow (issue 17): scripts/browser/review.test.mjs, run by `node --test`, drives
# Debian's chromium through playwright-core (no browser download).
#
#   scripts/review-browser-test.sh            REVIEW_SCREENSHOTS=1 also saves docs/review-*.png,
#                                             REVIEW_KEEP=1 keeps the pages and files it made
#
# 1. installs Debian's chromium when /usr/bin/chromium is missing, and the npm packages of scripts/browser
#    (`npm ci`: playwright-core only, from package-lock.json);
# 2. builds the release binary and the pages the test reads, under a temporary folder (REVIEW_WORK):
#    one/   corpus/aukus-genesis-access.txt extracted (one/out) and reviewed (one/review.html + one/review_files/);
#    many/  a 1,000-document run: the files of ../shared/corpus-raw copied round-robin, each with a distinct
#           appended line, extracted and reviewed;
# 3. runs the test: a contract fixture page and claimscan's pages (keys, verdicts, reload, export, --decisions,
#    eval, the 1,000-document index in under 2 s, cross-document search). Its closing lines are node's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    echo "installing chromium (Debian package)…"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
command -v node >/dev/null || { echo "FAIL: node is missing (the test runs under Node.js 20 or later)" >&2; exit 1; }
(cd scripts/browser && npm ci --no-audit --no-fund --loglevel=error)

work=$(mktemp -d)
# REVIEW_KEEP=1 keeps the folder (its path is printed) to look at the pages and the exported decisions.
if [ "${REVIEW_KEEP:-}" = 1 ]; then echo "work folder: $work"; else trap 'rm -rf "$work"' EXIT; fi
cargo build --release --locked --quiet
bin=$PWD/target/release/claimscan

mkdir -p "$work/one" "$work/many/docs"
"$bin" extract corpus/aukus-genesis-access.txt --out "$work/one/out" 2>"$work/one/extract.log" ||
    { echo "FAIL: claimscan extract"; cat "$work/one/extract.log"; exit 1; }
"$bin" review "$work/one/out" --html "$work/one/review.html" 2>"$work/one/review.log" ||
    { echo "FAIL: claimscan review"; cat "$work/one/review.log"; exit 1; }

raw=../shared/corpus-raw
[ -d "$raw" ] || raw=/work/shared/corpus-raw
mapfile -t files < <(find "$raw" -maxdepth 1 -type f | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || { echo "FAIL: no files in $raw for the 1,000-document run"; exit 1; }
for i in $(seq 1 1000); do
    f=${files[$(((i - 1) % ${#files[@]}))]}
    name=$(printf 'doc-%04d-%s' "$i" "$(basename "$f")")
    { cat "$f"; printf '\n\nCopy %d of this document, made for the review browser test on 1 March 2025.\n' "$i"; } >"$work/many/docs/$name"
done
(cd "$work/many" && "$bin" extract docs --out out 2>extract.log) ||
    { echo "FAIL: claimscan extract (1,000 documents)"; tail -n 20 "$work/many/extract.log"; exit 1; }
"$bin" review "$work/many/out" --html "$work/many/review.html" 2>"$work/many/review.log" ||
    { echo "FAIL: claimscan review (1,000 documents)"; tail -n 20 "$work/many/review.log"; exit 1; }
echo "pages built in $((SECONDS - start)) s"

status=0
(cd scripts/browser && REVIEW_WORK="$work" CLAIMSCAN="$bin" node --test --test-reporter=spec review.test.mjs) || status=$?
echo "review browser test: $((SECONDS - start)) s in all"
if [ "$status" -ne 0 ]; then
    echo "FAIL: review browser test"
    exit 1
fi
echo "PASS: review browser test"
