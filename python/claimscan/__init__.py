"""claimscan: normalized, reviewable claim records from news and policy articles.

Records are the ``claimscan/1`` JSON records that ``claimscan extract`` writes, as Python dicts (built by
the same Rust code and serializer, then parsed with :func:`json.loads`), so a record from Python and one from
the CLI are equal.

Example::

    import claimscan

    ex = claimscan.Extractor()
    rec = ex.extract("Title\\n\\nThe US controls 74 percent of AI compute.\\n", doc_date="2025-03-01")
    records = list(ex.extract_files(["corpus/"]))
    facts = claimscan.facts(records)      # a pandas DataFrame, one row per fact (a list of dicts without pandas)
    claims = claimscan.claims(records)    # one row per claim
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from ._claimscan import ClaimscanError, __version__
from ._claimscan import Extractor as _NativeExtractor

__all__ = [
    "CLAIM_COLUMNS",
    "ClaimscanError",
    "Extractor",
    "FACT_COLUMNS",
    "claims",
    "facts",
    "__version__",
]

_Path = Union[str, "_os.PathLike[str]"]
_Date = Union[str, _dt.date, None]


def _date(d: _Date) -> Optional[str]:
    if d is None or isinstance(d, str):
        return d
    if isinstance(d, _dt.datetime):
        d = d.date()
    if isinstance(d, _dt.date):
        return d.isoformat()
    raise TypeError(f"doc_date must be a YYYY-MM-DD string or a datetime.date, not {type(d).__name__}")


class Extractor:
    """The compiled rules; build one and reuse it (compiling the rules is the expensive step).

    ``rules`` is a folder of ``.toml`` rule files, or ``None`` for the rules built into claimscan. A rule
    file that does not compile raises :class:`ClaimscanError` whose message names each file, line and rule
    (``rules/dates.toml:12: dates/x: …``), as ``claimscan extract --rules`` prints them.

    An extractor may be shared between threads; extraction runs with the GIL released.
    """

    __slots__ = ("_native", "rules")

    def __init__(self, rules: Optional[_Path] = None) -> None:
        self.rules = None if rules is None else _os.fspath(rules)
        self._native = _NativeExtractor(self.rules)

    def __repr__(self) -> str:
        return f"claimscan.Extractor(rules={self.rules!r})"

    def extract(
        self,
        text: str,
        doc_date: _Date = None,
        path: Optional[str] = None,
        title: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Extracts one article and returns its record (a dict, as ``claimscan extract`` writes it).

        ``text`` is read as ``claimscan extract`` reads a file named ``path``: front matter, Markdown
        (``.md``), HTML (``.html``, or text that looks like a page). ``path`` becomes ``document.path``
        (``"-"`` when ``None``, as for standard input). ``doc_date`` (``YYYY-MM-DD`` or a
        :class:`datetime.date`) anchors relative dates and wins over the front matter's. With ``title``,
        the text is read as a ``--input-format jsonl`` line ``{"id": path, "text": text, "title": title}``
        (plain text, the title given).

        Raises :class:`ClaimscanError` naming ``path`` for text claimscan refuses (a NUL character) and
        for a ``doc_date`` that is not a calendar date.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        line = self._native.extract_json(text, _date(doc_date), path, title)
        return _json.loads(line)

    def extract_files(
        self,
        paths: Union[_Path, Sequence[_Path]],
        jobs: Optional[int] = None,
        doc_date: _Date = None,
    ) -> Iterator[Dict[str, Any]]:
        """Extracts files and folders as ``claimscan extract PATH…`` does, yielding records in input order.

        Folders are walked recursively in sorted order (``.txt``, ``.md``, ``.markdown``, ``.html``,
        ``.htm``; hidden entries and project files such as ``README.md`` skipped). ``jobs`` worker threads
        (``None``: one per core; ``0`` is refused) extract in parallel with the GIL released, a bounded number of records
        ahead of the loop that reads them; the records are identical for any ``jobs``. ``doc_date``
        anchors every file's relative dates, as ``--doc-date`` does.

        Errors: a path that does not exist raises :class:`ClaimscanError` naming it at once, before any
        work. A file that cannot be read or decoded (not UTF-8, binary, too large) stops the run: the
        iterator yields every record before it, then raises :class:`ClaimscanError` naming the file.
        """
        if isinstance(paths, (str, bytes, _os.PathLike)):
            paths = [paths]
        native = [_os.fspath(p) for p in paths]
        lines = self._native.extract_files_json(native, jobs, _date(doc_date))
        return (_json.loads(line) for line in lines)


FACT_COLUMNS: List[str] = [
    # the document
    "path", "doc_date", "sha256",
    # the claim: id, role, text, half-open byte span
    "claim_id", "claim_role", "claim_text", "claim_start", "claim_end",
    # the fact: type, text, half-open byte and character spans in the file, 1-based line and column
    "type", "text", "byte_start", "byte_end", "char_start", "char_end", "line", "column", "rule",
    # value fields, flattened (absent ones are None)
    "timex", "start", "end", "mod", "granularity",
    "amount", "low", "high", "unit", "currency", "fraction", "direction", "total",
    "entity_id", "name", "category", "country",
    # the whole value as compact JSON, for the fields above leave out (date type, anchor, parts, source…)
    "value_json",
]
"""The columns of :func:`facts`, in order (those of ``claimscan extract --format facts-csv``)."""

CLAIM_COLUMNS: List[str] = [
    "path", "sha256", "doc_date", "claim_id", "role", "kinds", "text",
    "byte_start", "byte_end", "char_start", "char_end", "line", "column", "fact_count",
]
"""The columns of :func:`claims`, in order."""

# `id` is renamed to say what it is; the other value keys keep their names.
_VALUE_RENAMES = {"id": "entity_id"}
_VALUE_COLUMNS = set(FACT_COLUMNS[FACT_COLUMNS.index("timex") : FACT_COLUMNS.index("value_json")])


def _records(records: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> Iterable[Mapping[str, Any]]:
    if isinstance(records, Mapping):
        return [records]
    return records


def _fact_rows(records: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    rows = []
    for rec in _records(records):
        doc = rec["document"]
        for claim in rec["claims"]:
            for fact in claim["facts"]:
                row = dict.fromkeys(FACT_COLUMNS)
                row.update(
                    path=doc["path"], sha256=doc["sha256"], doc_date=doc.get("date"),
                    claim_id=claim["id"], claim_role=claim["role"], claim_text=claim["text"],
                    claim_start=claim["span"]["start"], claim_end=claim["span"]["end"],
                    type=fact["type"], text=fact["text"],
                    byte_start=fact["span"]["start"], byte_end=fact["span"]["end"],
                    char_start=fact["chars"]["start"], char_end=fact["chars"]["end"],
                    line=fact["line"], column=fact["column"], rule=fact["rule"],
                )
                for key, value in fact["value"].items():
                    col = _VALUE_RENAMES.get(key, key)
                    # Nested values (a date range's `parts`) and the rest are in `value_json`.
                    if col in _VALUE_COLUMNS:
                        row[col] = value
                row["value_json"] = _json.dumps(fact["value"], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                rows.append(row)
    return rows


def _claim_rows(records: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    rows = []
    for rec in _records(records):
        doc = rec["document"]
        for claim in rec["claims"]:
            rows.append(
                {
                    "path": doc["path"], "sha256": doc["sha256"], "doc_date": doc.get("date"),
                    "claim_id": claim["id"], "role": claim["role"], "kinds": list(claim["kinds"]),
                    "text": claim["text"],
                    "byte_start": claim["span"]["start"], "byte_end": claim["span"]["end"],
                    "char_start": claim["chars"]["start"], "char_end": claim["chars"]["end"],
                    "line": claim["line"], "column": claim["column"], "fact_count": len(claim["facts"]),
                }
            )
    return rows


def _table(rows: List[Dict[str, Any]], columns: List[str]) -> Any:
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows, columns=columns)


def facts(records: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> Any:
    """One row per fact of ``records`` (records, or one record), in record, claim and fact order.

    Returns a :class:`pandas.DataFrame` with the columns :data:`FACT_COLUMNS` when pandas is installed,
    else a list of dicts with those keys. Value fields a fact's type does not have are ``None`` (``NaN``
    in numeric DataFrame columns).
    """
    return _table(_fact_rows(records), FACT_COLUMNS)


def claims(records: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> Any:
    """One row per claim of ``records`` (records, or one record), in record and claim order.

    Returns a :class:`pandas.DataFrame` with the columns :data:`CLAIM_COLUMNS` when pandas is installed,
    else a list of dicts with those keys. ``kinds`` is a list (``["statistic", "temporal"]``), as in ``claims.parquet``;
    ``fact_count`` counts the claim's facts.
    """
    return _table(_claim_rows(records), CLAIM_COLUMNS)
