#!/usr/bin/env bash
# Browser test of the review page: renders `claimscan review --html` in headless Chromium and checks the DOM.
#
#   scripts/review-browser-test.sh
#
# 1. installs Debian's chromium when /usr/bin/chromium is missing;
# 2. builds the release binary, extracts corpus/aukus-genesis-access.txt and writes the review page;
# 3. checks, in the DOM Chromium dumps after the page's script ran, that there is one fact mark per fact in the
#    record, in record order, with the record's text and type, and that the script threw nothing;
# 4. opens the page as review.html#hide-type=organization (what unchecking the organization box does) and checks
#    that organization facts are un-highlighted and claims holding only organizations are hidden, and nothing else;
# 5. saves a screenshot to docs/review.png.
#
# Prints one PASS or FAIL line per check; exits 1 when any check fails. Chromium runs with the network
# features it would otherwise use switched off: the page needs none.
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
pass() { echo "PASS: $*"; }
failed() {
    echo "FAIL: $*"
    fail=1
}

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    echo "installing chromium (Debian package)…"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cargo build --release --quiet
target/release/claimscan extract corpus/aukus-genesis-access.txt --out "$tmp/out" 2>"$tmp/extract.log" || {
    echo "FAIL: claimscan extract"
    cat "$tmp/extract.log"
    exit 1
}
target/release/claimscan review "$tmp/out" --html "$tmp/review.html" 2>"$tmp/review.log" || {
    echo "FAIL: claimscan review"
    cat "$tmp/review.log"
    exit 1
}
record=$(find "$tmp/out" -name '*.json' ! -name summary.json | head -n 1)
[ -n "$record" ] || {
    echo "FAIL: no record under $tmp/out"
    exit 1
}
[ -s "$tmp/review.html" ] && pass "review wrote $(wc -c <"$tmp/review.html") bytes of HTML" ||
    failed "review wrote no HTML"

# One fresh profile per run, so no state carries over between runs.
chromium_run() {
    local profile
    profile=$(mktemp -d "$tmp/profile.XXXXXX")
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

page="file://$tmp/review.html"
chromium_run --dump-dom "$page" >"$tmp/dom.html" 2>"$tmp/chromium-1.log" ||
    failed "chromium --dump-dom exited with an error (see below)"
chromium_run --dump-dom "$page#hide-type=organization" >"$tmp/dom-hidden.html" 2>"$tmp/chromium-2.log" ||
    failed "chromium --dump-dom (filtered) exited with an error"

python3 - "$record" "$tmp/dom.html" "$tmp/dom-hidden.html" "$tmp/chromium-1.log" "$tmp/chromium-2.log" <<'PY' || fail=1
import html.parser, json, re, sys

record_path, dom_path, hidden_path, *logs = sys.argv[1:]
record = json.load(open(record_path, encoding="utf-8"))
facts = [f for c in record["claims"] for f in c["facts"]]
failed = False


def check(ok, what):
    global failed
    print(("PASS: " if ok else "FAIL: ") + what)
    failed |= not ok


class Dom(html.parser.HTMLParser):
    """Fact marks (their own text, not the tooltip's), claim items and filter boxes of a dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks, self.claims, self.boxes, self.html_class = [], [], {}, ""
        self.stack = []  # (tag, mark or None, inside the tooltip)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        mark = self.stack[-1][1] if self.stack else None
        in_tip = bool(self.stack) and self.stack[-1][2]
        if tag == "html":
            self.html_class = a.get("class") or ""
        if tag == "mark" and "fact" in classes:
            mark = {"type": a.get("data-type"), "classes": classes, "text": "", "id": a.get("id")}
            self.marks.append(mark)
            in_tip = False
        elif mark is not None and "tip" in classes:
            in_tip = True
        if tag == "li" and "claim-item" in classes:
            self.claims.append({"types": (a.get("data-types") or "").split(), "hidden": "hidden" in a})
        if tag == "input" and a.get("data-filter"):
            self.boxes[a.get("id")] = "checked" in a
        if tag not in ("input", "br", "meta", "img", "hr", "link"):
            self.stack.append((tag, mark, in_tip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] is not None and not self.stack[-1][2]:
            self.stack[-1][1]["text"] += data


def parse(path):
    d = Dom()
    d.feed(open(path, encoding="utf-8").read())
    return d


for log in logs:
    errors = [l for l in open(log, encoding="utf-8", errors="replace") if "CONSOLE" in l and "Uncaught" in l]
    check(not errors, f"no script errors in {log.rsplit('/', 1)[-1]}" + ("".join("\n    " + e.strip() for e in errors)))

dom = parse(dom_path)
check("js" in dom.html_class.split(), "the page's script ran (html.js)")
check(len(dom.marks) == len(facts), f"{len(dom.marks)} fact marks in the DOM for {len(facts)} facts in the record")
check([m["text"] for m in dom.marks] == [f["text"] for f in facts], "mark texts equal the record's fact texts, in order")
check([m["type"] for m in dom.marks] == [f["type"] for f in facts], "mark types equal the record's fact types")
check(all("fact-" + m["type"] in m["classes"] for m in dom.marks), "every mark has class fact-<type>")
check(not any("is-off" in m["classes"] for m in dom.marks), "unfiltered: no fact is un-highlighted")
check(dom.claims and not any(c["hidden"] for c in dom.claims), f"unfiltered: all {len(dom.claims)} claims shown")

hid = parse(hidden_path)
orgs = [m for m in hid.marks if m["type"] == "organization"]
others = [m for m in hid.marks if m["type"] != "organization"]
want_org = sum(f["type"] == "organization" for f in facts)
check(len(hid.marks) == len(facts), "filtered: every fact is still in the text")
check(hid.boxes.get("filter-type-organization") is False and hid.boxes.get("filter-type-date") is True,
      "#hide-type=organization unchecks filter-type-organization only")
check(len(orgs) == want_org and all("is-off" in m["classes"] for m in orgs),
      f"filtered: all {want_org} organization facts un-highlighted (is-off)")
check(all("is-off" not in m["classes"] for m in others), f"filtered: the other {len(others)} facts stay highlighted")
only_org = [c for c in hid.claims if set(c["types"]) <= {"organization"}]
want_hidden = sum(1 for c in record["claims"] if {f["type"] for f in c["facts"]} <= {"organization"})
check(len(only_org) == want_hidden and all(c["hidden"] for c in only_org),
      f"filtered: the {want_hidden} organization-only claims are hidden")
rest = [c for c in hid.claims if not set(c["types"]) <= {"organization"}]
check(all(not c["hidden"] for c in rest), f"filtered: the other {len(rest)} claims stay shown")
sys.exit(1 if failed else 0)
PY

mkdir -p docs
rm -f docs/review.png
chromium_run --screenshot="$PWD/docs/review.png" --window-size=1280,1600 --hide-scrollbars "$page" \
    >"$tmp/chromium-3.log" 2>&1 || true
if [ -s docs/review.png ]; then
    pass "screenshot saved to docs/review.png ($(wc -c <docs/review.png) bytes)"
else
    failed "no screenshot"
fi

if [ "$fail" -ne 0 ]; then
    echo "--- chromium log (last lines) ---"
    tail -n 20 "$tmp"/chromium-*.log 2>/dev/null || true
    echo "FAIL: review browser test"
    exit 1
fi
echo "PASS: review browser test"
