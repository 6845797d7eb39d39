"""Shared fixtures: the repository root (tests run from any folder) and the CLI binary to compare with."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    """Runs each test from the repository root, so record paths read `corpus/…` as the CLI's do."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def cli():
    """The release binary scripts/python-test.sh builds (or $CLAIMSCAN_BIN)."""
    path = pathlib.Path(os.environ.get("CLAIMSCAN_BIN", ROOT / "target" / "release" / "claimscan"))
    assert path.is_file(), f"{path} is missing: run `cargo build --release` (scripts/python-test.sh does)"
    return str(path)
