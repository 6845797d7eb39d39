"""The README's notebook example, read from README.md and run as written there."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_example() -> str:
    """The first ```python block of README.md's "Notebooks: the Python package" section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Notebooks: the Python package"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README.md has no python block in its notebook section"
    return match.group(1)


def test_readme_notebook_example(monkeypatch):
    pytest.importorskip("pandas")
    monkeypatch.chdir(README.parent)  # the example names corpus/ relative to the checkout
    scope: dict = {}
    exec(compile(readme_example(), str(README), "exec"), scope)
    claimscan, facts, one = scope["claimscan"], scope["facts"], scope["one"]
    assert len(scope["records"]) == 5
    assert set(scope["pct"]["unit"]) <= {"percent", "percentage_point", "basis_point"}
    assert scope["by_type"].sum() == len(facts)
    assert claimscan.facts(one)["amount"].tolist() == [74.0]
