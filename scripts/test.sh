#!/usr/bin/env bash
# Runs every test: installs the tools the tests drive (dig, kubectl, the Python Kubernetes client), builds the
# solution and runs all test projects. Prints a closing "N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test --solution Solvers.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints a summary per run: "total: N", "failed: N", "succeeded: N", "skipped: N".
sum() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
echo
echo "Tests: $(sum succeeded) passed, $(sum failed) failed, $(sum skipped) skipped"
exit "$status"
