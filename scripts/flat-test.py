"""Loads claimscan's flat fact tables in pandas, Polars and DuckDB, one line each (README's recipes), and checks
that each load has the documented columns in order and the facts of the JSON records, value for value.

    python scripts/flat-test.py WORK

WORK holds what scripts/flat-test.sh wrote: records.jsonl (the records of corpus/), facts.jsonl, facts.csv and
parquet/facts.parquet, parquet/claims.parquet. The last line is "N passed, M failed"; the exit status is 1 when a
check failed.
"""

import datetime
import json
import math
import pathlib
import sys
import traceback

import duckdb
import pandas as pd
import polars as pl

WORK = pathlib.Path(sys.argv[1])
ROOT = pathlib.Path(__file__).resolve().parent.parent
COLUMNS = json.loads((ROOT / "schema/claimscan-facts-1.schema.json").read_text())["required"]
INT_COLUMNS = ["claim_start", "claim_end", "byte_start", "byte_end", "char_start", "char_end", "line", "column"]
FLOAT_COLUMNS = ["amount", "low", "high", "fraction", "total"]
# Column <- the value's field.
VALUE_FIELDS = {c: c for c in ["timex", "start", "end", "mod", "granularity", "amount", "low", "high", "unit",
                               "currency", "fraction", "direction", "total", "name", "category", "country"]}
VALUE_FIELDS["entity_id"] = "id"


def expected_rows():
    """The fact rows the records imply, built from the records alone."""
    rows = []
    for line in (WORK / "records.jsonl").read_text().splitlines():
        r = json.loads(line)
        d = r["document"]
        for c in r["claims"]:
            for f in c["facts"]:
                row = {
                    "path": d["path"], "doc_date": d["date"], "sha256": d["sha256"],
                    "claim_id": c["id"], "claim_role": c["role"], "claim_text": c["text"],
                    "claim_start": c["span"]["start"], "claim_end": c["span"]["end"],
                    "type": f["type"], "text": f["text"],
                    "byte_start": f["span"]["start"], "byte_end": f["span"]["end"],
                    "char_start": f["chars"]["start"], "char_end": f["chars"]["end"],
                    "line": f["line"], "column": f["column"], "rule": f["rule"],
                }
                for col, field in VALUE_FIELDS.items():
                    row[col] = f["value"].get(field)
                row["value_json"] = f["value"]
                rows.append(row)
    return rows


def normal(column, v):
    """A loaded cell in the records' terms: None for absent (NaN, null, the empty CSV cell), numbers as such,
    dates (DuckDB's guess for doc_date) as text, value_json parsed."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (datetime.date, pd.Timestamp)):
        return v.strftime("%Y-%m-%d")
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
    if isinstance(v, str):
        if v == "" and column not in ("claim_text", "text"):
            return None
        if column in INT_COLUMNS:
            return int(v)
        if column in FLOAT_COLUMNS:
            return float(v)
        if column == "value_json":
            return json.loads(v)
    if column in FLOAT_COLUMNS:
        return float(v)
    return v


def check(name, columns, records, expected):
    """`columns`: the loaded column names; `records`: the rows as dicts."""
    if name == "polars jsonl":
        # Polars' JSON Lines reader does not keep the key order; the columns are all there.
        assert sorted(columns) == sorted(COLUMNS), f"{name}: columns {list(columns)}"
    else:
        assert list(columns) == COLUMNS, f"{name}: columns {list(columns)}"
    assert len(records) == len(expected), f"{name}: {len(records)} rows, the records hold {len(expected)} facts"
    for i, (got, want) in enumerate(zip(records, expected)):
        for col in COLUMNS:
            g, w = normal(col, got[col]), want[col]
            if col in FLOAT_COLUMNS and w is not None:
                w = float(w)
            assert g == w, f"{name}: row {i} {col}: {g!r} != {w!r}"


def main():
    expected = expected_rows()
    assert len(expected) > 50, "the corpus has facts"
    jsonl, csv, parquet = WORK / "facts.jsonl", WORK / "facts.csv", WORK / "parquet/facts.parquet"
    # The README's recipes, one line each (CSV read as text, so a timex like 2026 stays text).
    loads = {
        "pandas parquet": lambda: pd.read_parquet(parquet),
        "pandas jsonl": lambda: pd.read_json(jsonl, lines=True, dtype=False, precise_float=True),
        "pandas csv": lambda: pd.read_csv(csv, dtype=str, keep_default_na=False),
        "polars parquet": lambda: pl.read_parquet(parquet),
        "polars jsonl": lambda: pl.read_ndjson(jsonl, infer_schema_length=None),
        "polars csv": lambda: pl.read_csv(csv, infer_schema=False),
        "duckdb parquet": lambda: duckdb.sql(f"SELECT * FROM '{parquet}'"),
        "duckdb jsonl": lambda: duckdb.sql(f"SELECT * FROM read_json('{jsonl}', format='newline_delimited')"),
        "duckdb csv": lambda: duckdb.sql(f"SELECT * FROM read_csv('{csv}', all_varchar=true)"),
    }
    passed = failed = 0
    for name, load in loads.items():
        try:
            t = load()
            if name.startswith("pandas"):
                columns, records = t.columns, t.to_dict("records")
            elif name.startswith("polars"):
                columns, records = t.columns, t.to_dicts()
            else:
                columns = t.columns
                records = [dict(zip(columns, row)) for row in t.fetchall()]
            check(name, columns, records, expected)
            passed += 1
            print(f"ok   {name}: {len(records)} rows")
        except Exception:  # noqa: BLE001 - every failure is reported, then counted
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    # DuckDB over both Parquet tables: every claim's fact_count is its number of fact rows.
    try:
        claims = WORK / "parquet/claims.parquet"
        mismatched = duckdb.sql(
            f"SELECT c.claim_id FROM '{claims}' c LEFT JOIN (SELECT claim_id, count(*) n FROM '{parquet}' "
            f"GROUP BY claim_id) f USING (claim_id) WHERE c.fact_count != coalesce(f.n, 0)").fetchall()
        n = duckdb.sql(f"SELECT count(*) FROM '{claims}'").fetchall()[0][0]
        want = sum(len(json.loads(l)["claims"]) for l in (WORK / "records.jsonl").read_text().splitlines())
        assert n == want, f"claims.parquet: {n} rows, the records hold {want} claims"
        assert not mismatched, f"claims whose fact_count is off: {mismatched}"
        passed += 1
        print(f"ok   duckdb claims.parquet: {n} rows")
    except Exception:  # noqa: BLE001
        failed += 1
        print("FAIL duckdb claims.parquet")
        traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
