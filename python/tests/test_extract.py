"""Extractor.extract and Extractor.extract_files against the CLI's records."""

import json
import subprocess
import threading
import time

import pytest

import claimscan


@pytest.fixture(scope="module")
def ex():
    return claimscan.Extractor()


def test_extract_small_text_gives_exact_facts(ex):
    text = "Title\n\nThe US controls 74 percent of AI compute, up from 60 percent last year.\n"
    rec = ex.extract(text, doc_date="2025-03-01", path="note.txt")
    assert rec["schema"] == "claimscan/1"
    doc = rec["document"]
    assert (doc["path"], doc["title"], doc["date"], doc["date_source"]) == ("note.txt", "Title", "2025-03-01", "option")
    facts = [(f["type"], f["text"], f["span"]["start"], f["span"]["end"], f["rule"]) for c in rec["claims"] for f in c["facts"]]
    assert facts == [
        ("percentage", "74 percent", 23, 33, "percentages/number-percent"),
        ("percentage", "60 percent", 57, 67, "percentages/number-percent"),
        ("date", "last year", 68, 77, "dates/relative-unit"),
    ], facts
    last_year = rec["claims"][0]["facts"][2]["value"]
    assert (last_year["timex"], last_year["start"], last_year["end"], last_year["anchor"]) == (
        "2024", "2024-01-01", "2024-12-31", "2025-03-01",
    )
    assert (text[23:33], text[57:67], text[68:77]) == ("74 percent", "60 percent", "last year")


def test_extract_equals_the_cli_record_of_the_same_file(ex, cli):
    path = "corpus/percentages-labour-survey.txt"
    with open(path, encoding="utf-8") as f:
        rec = ex.extract(f.read(), path=path)
    out = subprocess.run([cli, "extract", path], capture_output=True, check=True, text=True).stdout
    assert rec == json.loads(out)


def test_extract_accepts_a_date_object_and_a_title(ex):
    import datetime

    rec = ex.extract("No title line here: prices rose 5% this month.", doc_date=datetime.date(2024, 6, 10), path="row-7", title="Prices")
    assert rec["document"]["title"] == "Prices"
    assert rec["document"]["path"] == "row-7"
    month = [f for c in rec["claims"] for f in c["facts"] if f["type"] == "date"][0]["value"]
    assert month["timex"] == "2024-06"


def test_bad_doc_date_and_nul_raise_naming_the_input(ex):
    with pytest.raises(claimscan.ClaimscanError, match=r"doc_date \"2025-02-30\" is not a calendar date"):
        ex.extract("x", doc_date="2025-02-30")
    with pytest.raises(claimscan.ClaimscanError, match=r"^bad\.txt: .*NUL"):
        ex.extract("a\0b", path="bad.txt")


def test_extract_files_matches_the_cli_on_corpus_in_order(ex, cli):
    out = subprocess.run([cli, "extract", "corpus/"], capture_output=True, check=True, text=True).stdout
    expected = [json.loads(line) for line in out.splitlines()]
    assert len(expected) == 5
    for jobs in (None, 1, 3):
        got = list(ex.extract_files(["corpus/"], jobs=jobs))
        assert [r["document"]["path"] for r in got] == sorted(r["document"]["path"] for r in expected)
        assert got == expected


def test_extract_files_refuses_zero_jobs_and_a_bad_date(ex):
    with pytest.raises(claimscan.ClaimscanError, match="jobs must be at least 1"):
        ex.extract_files(["corpus/"], jobs=0)
    with pytest.raises(claimscan.ClaimscanError, match="not a calendar date"):
        ex.extract_files(["corpus/"], doc_date="2025-13-01")


def test_extract_files_missing_path_raises_naming_it(ex):
    with pytest.raises(claimscan.ClaimscanError, match=r"corpus/no-such-article\.txt"):
        ex.extract_files(["corpus/", "corpus/no-such-article.txt"])


def test_extract_files_yields_records_before_a_bad_file_then_raises_naming_it(ex, tmp_path):
    (tmp_path / "a.txt").write_text("Alpha\n\nSales rose 5 percent.\n")
    (tmp_path / "b.txt").write_bytes(b"Beta\n\n\xff\xfe not UTF-8 \x00\x01\x02")
    (tmp_path / "c.txt").write_text("Gamma\n\nCosts fell 2 percent.\n")
    it = ex.extract_files([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], jobs=2)
    first = next(it)
    assert first["document"]["path"].endswith("a.txt")
    with pytest.raises(claimscan.ClaimscanError, match=r"b\.txt"):
        next(it)


def test_a_rule_error_names_the_file(tmp_path):
    (tmp_path / "bad.toml").write_text(
        'family = "dates"\ntype = "date"\n[[rule]]\nid = "dates/x"\npattern = \'x\'\nnormalizer = "date"\n'
        'set = { knid = "range" }\nexamples = [{ text = "x" }]\n'
    )
    with pytest.raises(claimscan.ClaimscanError, match=r'bad\.toml:4: dates/x: unknown set key "knid"'):
        claimscan.Extractor(rules=tmp_path)


def test_rules_from_the_checkout_folder_give_the_embedded_records(ex):
    text = "Title\n\nThe US controls 74 percent of AI compute.\n"
    assert claimscan.Extractor(rules="rules").extract(text) == ex.extract(text)


def _ticks_during(call):
    """How often another Python thread ran while `call` ran (0 when `call` holds the GIL throughout)."""
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.0005)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.01)
    try:
        before = len(ticks)
        started = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - started
        during = len(ticks) - before
    finally:
        stop.set()
        t.join()
    return result, during, elapsed


def test_extraction_releases_the_gil(ex, tmp_path):
    """A Python thread keeps running while one large document is extracted, by extract and extract_files."""
    with open("corpus/percentages-labour-survey.txt", encoding="utf-8") as f:
        body = f.read().split("---\n", 2)[2]
    big = "Big\n\n" + body * 400
    rec, during, elapsed = _ticks_during(lambda: ex.extract(big, doc_date="2025-09-05"))
    assert len(rec["claims"]) > 400
    assert elapsed > 0.05, f"too fast to tell ({elapsed:.3f} s): make the document larger"
    assert during >= 10, (during, elapsed)
    (tmp_path / "big.txt").write_text(big)
    it = ex.extract_files([tmp_path / "big.txt"], jobs=1)
    rec, during, elapsed = _ticks_during(lambda: next(it))
    assert elapsed > 0.05 and during >= 10, (during, elapsed)


def test_dropping_the_iterator_early_ends_the_batch(ex):
    it = ex.extract_files(["corpus/"], jobs=1)
    assert next(it)["schema"] == "claimscan/1"
    del it  # the batch thread sees a closed channel and stops; nothing hangs
    assert len(list(ex.extract_files(["corpus/"]))) == 5
