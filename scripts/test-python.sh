#!/usr/bin/env bash
# The Python package's tests (python/, `import dsr_models`): builds dsr (debug), makes a virtual
# environment in .build/python-venv with numpy from PyPI, installs ./python into it as a user would
# (pip install ./python), and runs python/tests with the dsr it built, so that dsr writes the golden
# free runs the package must reproduce (DSR_PARITY_REQUIRED=1: without dsr the parity tests fail
# instead of being skipped). The measured agreement is printed and kept in .build/python-parity.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
PYTHON=${PYTHON:-python3}
VENV=.build/python-venv

$SWIFT build --product dsr
DSR="$($SWIFT build --show-bin-path)/dsr"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  bash scripts/setup.sh python3 python3-venv
fi
if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    bash scripts/setup.sh python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi
"$VENV/bin/python" -m pip install --quiet numpy
# A fresh install of the package (not editable): the tests import what `pip install ./python` installs.
"$VENV/bin/python" -m pip install --quiet --no-deps --force-reinstall ./python
rm -rf python/build python/*.egg-info

report="$PWD/.build/python-parity.txt"
: > "$report"
cd python/tests
DSR_EXECUTABLE="$DSR" DSR_PARITY_REQUIRED=1 DSR_PARITY_REPORT="$report" "../../$VENV/bin/python" -m unittest -v 2>&1
