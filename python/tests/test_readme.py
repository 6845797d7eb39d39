"""The README's notebook example, as written there (keep the two in step)."""

import pytest


def test_readme_notebook_example():
    pytest.importorskip("pandas")
    # --- README: Python ---
    import claimscan

    ex = claimscan.Extractor()                       # the embedded rules; Extractor("rules/") for a folder
    records = list(ex.extract_files(["corpus/"]))    # the records `claimscan extract corpus/` writes, in order
    facts = claimscan.facts(records)                 # a pandas DataFrame, one row per fact
    pct = facts[facts["type"] == "percentage"][["path", "text", "amount", "unit"]]
    by_type = facts.groupby("type").size()

    one = ex.extract("Title\n\nThe US controls 74 percent of AI compute.\n", doc_date="2025-03-01")
    claimscan.facts(one)[["text", "amount", "byte_start", "byte_end"]]
    # --- end ---
    assert len(records) == 5
    assert set(pct["unit"]) <= {"percent", "percentage_point", "basis_point"}
    assert by_type.sum() == len(facts)
    assert claimscan.facts(one)["amount"].tolist() == [74.0]
