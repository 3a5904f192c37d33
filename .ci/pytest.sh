#!/usr/bin/env bash
# Runs the test suite; "no tests collected" (pytest's exit code 5) counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: treating as a failure." >&2
    exit 1
fi
exit "$status"
