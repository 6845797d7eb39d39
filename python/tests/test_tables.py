"""claimscan.facts and claimscan.claims, with pandas and without it."""

import builtins
import json
import sys

import pytest

import claimscan


@pytest.fixture(scope="module")
def records():
    return list(claimscan.Extractor().extract_files(["corpus/"]))


def all_facts(records):
    return [(r, c, f) for r in records for c in r["claims"] for f in c["facts"]]


@pytest.fixture
def no_pandas(monkeypatch):
    """Makes `import pandas` fail, as on a machine without it."""
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_facts_without_pandas_is_one_dict_per_fact(records, no_pandas):
    rows = claimscan.facts(records)
    assert isinstance(rows, list)
    expected = all_facts(records)
    assert len(rows) == len(expected) > 100
    for row, (r, c, f) in zip(rows, expected):
        assert list(row) == claimscan.FACT_COLUMNS
        assert (row["path"], row["sha256"], row["doc_date"]) == (r["document"]["path"], r["document"]["sha256"], r["document"]["date"])
        assert (row["claim_id"], row["claim_role"], row["claim_text"]) == (c["id"], c["role"], c["text"])
        assert (row["claim_start"], row["claim_end"]) == (c["span"]["start"], c["span"]["end"])
        assert (row["type"], row["text"], row["rule"], row["line"], row["column"]) == (f["type"], f["text"], f["rule"], f["line"], f["column"])
        assert (row["byte_start"], row["byte_end"]) == (f["span"]["start"], f["span"]["end"])
        assert (row["char_start"], row["char_end"]) == (f["chars"]["start"], f["chars"]["end"])
        v = f["value"]
        assert row["timex"] == v.get("timex") and row["start"] == v.get("start") and row["end"] == v.get("end")
        assert row["amount"] == v.get("amount") and row["unit"] == v.get("unit") and row["currency"] == v.get("currency")
        assert row["entity_id"] == v.get("id") and row["name"] == v.get("name") and row["country"] == v.get("country")
        assert row["mod"] == v.get("mod") and row["granularity"] == v.get("granularity") and row["category"] == v.get("category")
        assert json.loads(row["value_json"]) == v


def test_one_fact_row_exactly(no_pandas):
    rec = claimscan.Extractor().extract("Title\n\nThe US controls 74 percent of AI compute.\n", doc_date="2025-03-01", path="n.txt")
    [row] = claimscan.facts(rec)
    expected = dict.fromkeys(claimscan.FACT_COLUMNS)
    expected.update(
        path="n.txt", sha256=rec["document"]["sha256"], doc_date="2025-03-01",
        claim_id=rec["claims"][0]["id"], claim_role="body", claim_text="The US controls 74 percent of AI compute.",
        claim_start=7, claim_end=48,
        type="percentage", text="74 percent", byte_start=23, byte_end=33, char_start=23, char_end=33,
        line=3, column=17, rule="percentages/number-percent", amount=74.0, unit="percent", fraction=0.74,
        value_json='{"amount":74.0,"fraction":0.74,"unit":"percent"}',
    )
    assert row == expected


def test_claims_without_pandas_is_one_dict_per_claim(records, no_pandas):
    rows = claimscan.claims(records)
    expected = [(r, c) for r in records for c in r["claims"]]
    assert len(rows) == len(expected)
    for row, (r, c) in zip(rows, expected):
        assert list(row) == claimscan.CLAIM_COLUMNS
        assert row["claim_id"] == c["id"] and row["text"] == c["text"] and row["role"] == c["role"]
        assert row["kinds"] == c["kinds"] and row["fact_count"] == len(c["facts"])
        assert (row["byte_start"], row["char_end"], row["line"]) == (c["span"]["start"], c["chars"]["end"], c["line"])


def test_with_pandas_the_same_rows_as_dataframes(records):
    pd = pytest.importorskip("pandas")
    df = claimscan.facts(records)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == claimscan.FACT_COLUMNS
    assert len(df) == len(all_facts(records))
    assert df["type"].value_counts().to_dict() == _type_counts(records)
    pct = df[df["type"] == "percentage"]
    assert pct["amount"].notna().sum() == sum(1 for _, _, f in all_facts(records) if f["type"] == "percentage" and "amount" in f["value"])
    cl = claimscan.claims(records)
    assert list(cl.columns) == claimscan.CLAIM_COLUMNS
    assert len(cl) == sum(len(r["claims"]) for r in records)
    assert cl["fact_count"].sum() == len(df)
    # An empty input keeps the columns.
    assert list(claimscan.facts([]).columns) == claimscan.FACT_COLUMNS


def _type_counts(records):
    counts = {}
    for _, _, f in all_facts(records):
        counts[f["type"]] = counts.get(f["type"], 0) + 1
    return counts


def test_counts_match_the_records_stats(records, no_pandas):
    rows = claimscan.facts(records)
    for r in records:
        n = sum(1 for row in rows if row["path"] == r["document"]["path"])
        assert n == sum(len(c["facts"]) for c in r["claims"]), json.dumps(r["stats"])


def test_facts_are_the_rows_of_extract_format_facts_jsonl(records, no_pandas, cli):
    """claimscan.facts gives the CLI's flat rows: same columns, same order, same cells."""
    import subprocess

    out = subprocess.run([cli, "extract", "corpus/", "--format", "facts-jsonl"], check=True,
                         capture_output=True, text=True).stdout
    want = [json.loads(line) for line in out.splitlines() if line.strip()]
    got = claimscan.facts(records)
    assert [list(r) for r in want] == [list(claimscan.FACT_COLUMNS)] * len(want)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert {k: g[k] for k in claimscan.FACT_COLUMNS if k != "value_json"} == \
            {k: w[k] for k in claimscan.FACT_COLUMNS if k != "value_json"}
        assert json.loads(g["value_json"]) == json.loads(w["value_json"])
