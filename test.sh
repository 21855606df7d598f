#!/usr/bin/env bash
# Runs every VxMesh test and ends with one line: "N passed, N failed, N skipped".
# Needs root: the kernel tests build network namespaces. Re-runs itself through sudo otherwise.
# Tests that need root or namespaces fail (never skip) when they cannot run.
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
if [ "$(id -u)" -ne 0 ]; then
  exec sudo -E "$here/test.sh" "$@"
fi
cd "$here"

summary() { echo "$1 passed, $2 failed, $3 skipped"; }

if ! ./scripts/install-deps.sh test; then
  summary 0 1 0
  exit 1
fi
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; summary 0 1 0; exit 1; }

# The Kubernetes lab's binaries: built once per machine (10-20 minutes the first time, with
# progress), then cached outside the checkout; the Kubernetes tests need them.
echo "== kubernetes" >&2
if ! ./scripts/kubernetes.sh >/dev/null; then
  echo "test.sh: building the Kubernetes binaries failed" >&2
  summary 0 1 0
  exit 1
fi

results="$here/.build/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== build" >&2
if ! dotnet build VxMesh.slnx -c Release -nologo -v q; then
  echo "test.sh: build failed" >&2
  summary 0 1 0
  exit 1
fi

# Layout and style as .editorconfig says (the analyzers already ran in the build, as errors).
# A finding counts as one failed test, so the closing line carries it.
echo "== format" >&2
format_failed=0
if ! dotnet format VxMesh.slnx --verify-no-changes --no-restore -v q; then
  echo "test.sh: dotnet format would change the files above (fix: dotnet format VxMesh.slnx)" >&2
  format_failed=1
fi

# Leftovers of an earlier crashed test run would make kernel tests flaky: clear the namespaces only
# tests create (labs a user started with `vxmesh lab up` are left alone; lab tests use unique names).
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^(vxnl|vxag|vxcli|vxbench)-' || true); do
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
done

echo "== test" >&2
status=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "-- $name" >&2
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

# Count outcomes from the TRX files (dotnet test's own summary is per project).
counter() { # sum one attribute of <Counters> over every TRX file
  cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*>" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{s+=$1} END {print s+0}'
}
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) + format_failed ))
skipped=$(counter notExecuted)
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
projects=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$trx_count" -lt "$projects" ]; then
  echo "test.sh: only $trx_count of $projects test projects produced results (a test host crashed?)" >&2
  failed=$((failed + projects - trx_count))
fi
[ "$failed" -gt 0 ] && status=1
summary "$passed" "$failed" "$skipped"
exit $status
