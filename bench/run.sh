#!/usr/bin/env bash
# Runs the benchmarks on demand (never part of test.sh) and writes bench/results.md.
# Usage: bench/run.sh [seconds per run]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
work=$(mktemp -d)
port=5199
results=bench/results.md

for project in api bench/Volunteers.Bench.Ingest; do dotnet build -c Release -nologo -clp:ErrorsOnly "$project" >/dev/null; done

start_api() { # an embedded api on a fresh SQLite file, no demo data
  ConnectionStrings__Volunteers="Data Source=$work/volunteers.db" Demo__Seed=false Logging__LogLevel__Default=Warning \
    dotnet api/bin/Release/net10.0/Volunteers.Api.dll --urls "http://127.0.0.1:$port" >"$work/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return; sleep 0.5; done
  echo "the api did not become ready; see $work/api.log" >&2; exit 1
}
trap 'kill ${api_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT

{
  echo "# Benchmark results"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version). $(date -u +%F)."
  echo
  echo "## Ingest: acknowledged, durable help records over GraphQL (\`logHelps\`), ${seconds}s a run"
  echo
} >"$results"

start_api
first=1
for batch in 1 20; do
  row=$(dotnet bench/Volunteers.Bench.Ingest/bin/Release/net10.0/Volunteers.Bench.Ingest.dll \
    --url "http://127.0.0.1:$port" --seconds "$seconds" --batch "$batch" --concurrency 32 --label "embedded SQLite")
  if [ $first = 1 ]; then echo "$row" >>"$results"; first=0; else echo "$row" | tail -n 1 >>"$results"; fi
done
cat "$results"
