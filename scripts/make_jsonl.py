#!/usr/bin/env python3
"""Turn a folder of claimscan text files into JSON Lines for `claimscan extract --input-format jsonl`.

    python3 scripts/make_jsonl.py FOLDER [-o OUT.jsonl] [--limit N] [--body]

One line per .txt/.md file under FOLDER, in the order `claimscan extract FOLDER` walks it (recursively, sorted
by name within each folder, hidden entries skipped):

    {"id": "<path relative to FOLDER>", "text": "<the file's whole text>"}

Default (whole text): "text" is the file exactly as claimscan would read it from disk, front matter included,
and there is no "date" field, so claimscan finds the date in the front matter as it does for the file. Then
every byte offset, sha256, title, date and claim id of a record equals the one `claimscan extract` writes for
the file itself when it is named by that same relative path (run from inside FOLDER), which lets
scripts/spark-check.sh compare a JSON Lines run with a plain folder run as well as with Spark.

--body: "text" is the body after the front matter and "date" is the front matter's `date:` value; this is how
documents usually arrive from a crawler or a database, but byte offsets then count from the body and the
record's date_source is "option" (a line's date counts as given), so records differ from the folder run's (not
from another JSON Lines run).

--limit N keeps the first N files (a deterministic subset). A byte-order mark is dropped (claimscan drops it
too); files that are not UTF-8 are skipped with a note on stderr.
"""

import argparse
import json
import os
import sys


def walk(root):
    """Relative paths of .txt/.md files under root, in claimscan's order."""

    def rec(rel):
        here = os.path.join(root, rel) if rel else root
        for name in sorted(os.listdir(here), key=os.fsencode):
            if name.startswith("."):
                continue
            r = os.path.join(rel, name) if rel else name
            full = os.path.join(root, r)
            if os.path.isdir(full) and not os.path.islink(full):
                yield from rec(r)
            elif name.endswith((".txt", ".md")) and os.path.isfile(full):
                yield r

    yield from rec("")


def split_front_matter(text):
    """(date or None, body) for a text starting with a `---` … `---` block."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return None, text
    lines = text.splitlines(keepends=True)
    date = None
    offset = len(lines[0])
    for line in lines[1:]:
        offset += len(line)
        s = line.strip()
        if s == "---":
            return date, text[offset:]
        if s.startswith("date:"):
            date = s[5:].strip().strip("'\"") or None
    return None, text  # never closed: not front matter


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("-o", "--out", help="output file (default: standard output)")
    ap.add_argument("--limit", type=int, default=0, help="first N files only")
    ap.add_argument("--body", action="store_true", help="body text plus a date field")
    args = ap.parse_args()

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    n = 0
    for rel in walk(args.folder):
        if args.limit and n >= args.limit:
            break
        with open(os.path.join(args.folder, rel), "rb") as f:
            raw = f.read()
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            print(f"make_jsonl: skipped {rel}: not UTF-8 at byte {e.start}", file=sys.stderr)
            continue
        rec = {"id": rel, "text": text}
        if args.body:
            date, body = split_front_matter(text)
            rec["text"] = body
            if date:
                rec["date"] = date
        # ensure_ascii keeps every line pure ASCII: no raw U+2028 or other separator a line reader might split on.
        out.write(json.dumps(rec, ensure_ascii=True) + "\n")
        n += 1
    if out is not sys.stdout:
        out.close()
    print(f"make_jsonl: {n} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
