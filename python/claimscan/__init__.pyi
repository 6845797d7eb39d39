"""Type stubs of claimscan (see the docstrings in ``__init__.py``)."""

import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

__version__: str

_Path = Union[str, os.PathLike[str]]
_Date = Union[str, datetime.date, None]
Record = Dict[str, Any]

class ClaimscanError(Exception):
    """A rule file, an input or a date claimscan cannot use; the message names the file (and line)."""

class Extractor:
    """The compiled rules (embedded, or the ``.toml`` files of a folder)."""

    rules: Optional[str]
    def __init__(self, rules: Optional[_Path] = None) -> None: ...
    def extract(
        self,
        text: str,
        doc_date: _Date = None,
        path: Optional[str] = None,
        title: Optional[str] = None,
    ) -> Record:
        """One article's record, as ``claimscan extract`` writes it."""
    def extract_files(
        self,
        paths: Union[_Path, Sequence[_Path]],
        jobs: Optional[int] = None,
        doc_date: _Date = None,
    ) -> Iterator[Record]:
        """Records of files and folders, in input order; raises ClaimscanError naming a failing file."""

FACT_COLUMNS: List[str]
CLAIM_COLUMNS: List[str]

def facts(records: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> Any:
    """One row per fact: a pandas DataFrame when pandas is installed, else a list of dicts."""

def claims(records: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> Any:
    """One row per claim: a pandas DataFrame when pandas is installed, else a list of dicts."""
