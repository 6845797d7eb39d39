#!/usr/bin/env python3
"""Peer for scripts/bench.sh: spaCy's blank English pipeline with an EntityRuler holding claimscan's organizations.

    python scripts/peer_spacy.py [--rules DIR] [--max-bytes N] PATH...

Builds spacy.blank("en") plus EntityRulers from every [[entity]] of DIR/organizations*.toml (default: the
project's rules/): each canonical name and alias is a phrase pattern matched on LOWER (case-insensitive, as
claimscan matches names), each acronym a phrase pattern matched on ORTH (case-sensitive, as claimscan matches
acronyms); an EntityRuler has one phrase-matcher attribute, hence two rulers, names first.
Shared acronyms (`ambiguous_acronyms`) are left out: claimscan accepts them only after a definition or the full
name, which an EntityRuler cannot express. Then it reads the .txt and .md files under each PATH (walked
recursively, sorted, the way claimscan walks a folder) and runs nlp.pipe over them on this one process,
counting entities.

--max-bytes N takes the first files in sorted order until at least N bytes (a deterministic subset).

Timing, printed on stdout as `key: value` lines:
  import_s   importing spaCy (this process's start-up is not included)
  build_s    building the pipeline and adding the patterns
  run_s      reading every file and running nlp.pipe over it, counting entities
  MB/s       bytes / run_s (1 MB = 10^6 bytes): the steady-state figure that bench.sh compares
  MB/s incl. build   bytes / (build_s + run_s)
  run_cpu_s, MB per CPU-second   the same run phase in this process's CPU time: steadier on a loaded machine
The peer does less than claimscan: no output is written, and only organizations are looked for (claimscan
also runs its date, number, money, policy and organization-pattern families and writes JSON records).
"""

import argparse
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_entities(rules_dir):
    """(id, names, acronyms) for every [[entity]] of rules_dir/organizations*.toml, in file order."""
    out = []
    for path in sorted(Path(rules_dir).glob("organizations*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for e in data.get("entity", []):
            names = [e["name"], *e.get("aliases", [])]
            out.append((e["id"], names, list(e.get("acronyms", []))))
    return out


def input_files(paths, max_bytes):
    files = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = [
                q for q in p.rglob("*") if q.suffix in (".txt", ".md") and q.is_file()
            ]
            files.extend(sorted(found, key=lambda q: str(q).encode()))
        else:
            files.append(p)
    if max_bytes:
        picked, total = [], 0
        for f in files:
            if total >= max_bytes:
                break
            picked.append(f)
            total += f.stat().st_size
        files = picked
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    ap.add_argument("--max-bytes", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=256)
    args = ap.parse_args()

    files = input_files(args.paths, args.max_bytes)
    nbytes = sum(f.stat().st_size for f in files)

    t0 = time.perf_counter()
    import spacy

    t1 = time.perf_counter()
    nlp = spacy.blank("en")
    # Two rulers, both PhraseMatcher-backed: names and aliases on LOWER, acronyms on ORTH (exact case). The
    # second does not overwrite the first's entities. (Acronyms as token patterns, [{"ORTH": …}], go through
    # spaCy's Matcher, which tries every pattern at every token: 4x slower here, so not what a user would pick.)
    names = nlp.add_pipe(
        "entity_ruler", name="org_names", config={"phrase_matcher_attr": "LOWER"}
    )
    acros = nlp.add_pipe(
        "entity_ruler", name="org_acronyms", config={"phrase_matcher_attr": "ORTH"}
    )
    name_patterns, acro_patterns, seen = [], [], set()
    for eid, entity_names, acronyms in load_entities(args.rules):
        for name in entity_names:
            if name.lower() not in seen:
                seen.add(name.lower())
                name_patterns.append({"label": "ORG", "pattern": name, "id": eid})
        for acr in acronyms:
            acro_patterns.append({"label": "ORG", "pattern": acr, "id": eid})
    names.add_patterns(name_patterns)
    acros.add_patterns(acro_patterns)
    patterns = name_patterns + acro_patterns
    t2 = time.perf_counter()

    def texts():
        for f in files:
            with open(f, encoding="utf-8", errors="replace") as fh:
                yield fh.read()

    ents = docs = 0
    c2 = time.process_time()
    for doc in nlp.pipe(texts(), batch_size=args.batch_size):
        docs += 1
        ents += len(doc.ents)
    t3 = time.perf_counter()
    run_cpu_s = time.process_time() - c2

    run_s = t3 - t2
    print(f"peer: spaCy {spacy.__version__} blank('en') + EntityRuler (names LOWER, acronyms ORTH), one process")
    print(f"patterns: {len(patterns)}")
    print(f"files: {docs}")
    print(f"bytes: {nbytes}")
    print(f"entities: {ents}")
    print(f"import_s: {t1 - t0:.3f}")
    print(f"build_s: {t2 - t1:.3f}")
    print(f"run_s: {run_s:.3f}")
    print(f"MB/s: {nbytes / run_s / 1e6:.3f}")
    print(f"MB/s incl. build: {nbytes / (t3 - t1) / 1e6:.3f}")
    print(f"run_cpu_s: {run_cpu_s:.3f}")
    print(f"MB per CPU-second: {nbytes / run_cpu_s / 1e6:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
