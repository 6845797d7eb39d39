#!/usr/bin/env bash
# The Python package's tests (issue 18): makes a virtual environment under target/, installs the pinned
# build and test tools from PyPI, builds and installs ./python from this checkout (maturin, release mode,
# in target/ beside the CLI's build), then runs pytest, whose "N passed" line ends the output.
# The tests compare with the release binary, built here when missing (a no-op when it is up to date).
#   PYTHON=python3.12 bash scripts/python-test.sh    # another interpreter
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=target/python-venv
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' 2>/dev/null; then
    echo "python-test: $python has no venv module; installing python3-venv" >&2
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
export PATH="$PWD/$venv/bin:$PATH"
python -m pip install --quiet --disable-pip-version-check maturin==1.16.0 pytest==9.2.0 pandas==3.1.1
cargo build --release --locked --quiet --bin claimscan
# The extension builds in target/ too (python/Cargo.toml has the root's release profile), reusing the
# dependencies the CLI's build compiled with the same features.
export CARGO_TARGET_DIR="$PWD/target"
# --no-build-isolation: build with the maturin pinned above, not a fresh download of the newest one.
python -m pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps ./python
# From the tests' folder's parent, so `import claimscan` is the installed package (the tests chdir to the root).
python -m pytest -q -p no:cacheprovider python/tests
