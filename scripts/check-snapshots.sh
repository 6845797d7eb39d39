#!/usr/bin/env bash
# Runs the test suite and fails on an insta snapshot that no test wrote: what `cargo insta test
# --unreferenced=reject` checks, without installing cargo-insta. From anywhere in the checkout:
#
#   scripts/check-snapshots.sh [CARGO TEST ARGS…]   # e.g. --locked; runs `cargo test ARGS`, then compares
#   scripts/check-snapshots.sh --references FILE    # compares the list an earlier full run wrote
#
# insta (1.41 and later; Cargo.lock pins 1.49) appends the path of every file snapshot a test asserts, passed
# or not, to the file named by INSTA_SNAPSHOT_REFERENCES_FILE (insta's env.rs, memoize_snapshot_file). Every
# `*.snap` in the checkout that is not on that list is unreferenced: a test renamed or deleted left it
# behind. Run the whole suite: a filter, or a missing ../shared (whose tests skip), leaves snapshots
# unwritten, and they are reported. To remove a stale snapshot, `git rm` it.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [[ ${1:-} == --references ]]; then
  references=${2:?usage: scripts/check-snapshots.sh --references FILE}
else
  references=$scratch/references
  INSTA_SNAPSHOT_REFERENCES_FILE=$references cargo test "$@"
  touch "$references"
fi

written=$scratch/written
on_disk=$scratch/on-disk
# The references are absolute paths (the crate's folder joined with the test file's folder and the snapshot
# path): made relative to this checkout, with `..` and links resolved.
sort -u "$references" | xargs -r -d '\n' realpath -m --relative-to=. | sort -u >"$written"
git ls-files --cached --others --exclude-standard -- '*.snap' | sort -u >"$on_disk"

unreferenced=$(comm -23 "$on_disk" "$written")
if [[ -n $unreferenced ]]; then
  echo "check-snapshots: $(wc -l <<<"$unreferenced") snapshot(s) that no test wrote:" >&2
  sed 's/^/  /' <<<"$unreferenced" >&2
  [[ -d ../shared ]] || echo "check-snapshots: ../shared is absent, so the tests of its corpora skipped" >&2
  exit 1
fi
echo "check-snapshots: all $(wc -l <"$on_disk") snapshots are written by a test"
