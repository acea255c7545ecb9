#!/usr/bin/env bash
# The one test command: installs what a fresh Debian machine with the .NET SDK lacks, then runs
# every test (web unit tests, grain, API, PostgreSQL, browser and README-command tests) and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "test.sh: need root (or sudo) to run: $*" >&2; return 1; fi; }

apt_updated=""
install_packages() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  echo "test.sh: installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
need_package() { # need_package COMMAND PACKAGE...: installs the packages when COMMAND is not found
  local command=$1; shift
  command -v "$command" >/dev/null || ls /usr/lib/postgresql/*/bin/"$command" >/dev/null 2>&1 || install_packages "$@"
}
need_file() { # need_file FILE PACKAGE...: installs the packages when FILE is missing
  local file=$1; shift
  [ -e "$file" ] || install_packages "$@"
}

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is needed: https://dot.net" >&2; exit 1; }
need_package node nodejs npm
need_package npm npm
need_package initdb postgresql
need_package chromium chromium
# The README's curl walkthrough, which the README tests run as written.
need_package curl curl
need_package jq jq
# Certificates of hours are set in DejaVu Sans, read from Debian's font folder.
need_file /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf fonts-dejavu-core

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "test.sh: Node.js $node_major is too old for the web build; install Node.js 20 or newer." >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

echo "== web unit tests"
(cd web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } \
  && NO_COLOR=1 npx vitest run) 2>&1 | tee -a "$log" || status=1

echo "== build"
dotnet build Volunteers.sln -c Release -nologo -clp:ErrorsOnly || exit 1

echo "== .NET tests"
# The test projects run side by side, and on a 2-core runner a test host can take longer than vstest's 90 s to
# answer its handshake while PostgreSQL, the README's `dotnet run` build and the browser start around it (one CI run
# aborted the browser tests so). The wait is for a process to start, not for a test, so a longer one hides no fault.
export VSTEST_CONNECTION_TIMEOUT=${VSTEST_CONNECTION_TIMEOUT:-600}
dotnet test Volunteers.sln -c Release --no-build -nologo 2>&1 | tee -a "$log" || status=1

echo "== protocol tests (the api as a process, with the npm clients browsers use)"
(cd tests/protocol && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } \
  && node --test) 2>&1 | tee -a "$log" || status=1

# One line CI can read whatever the runners print: vitest's "Tests  N failed | N passed", dotnet's "Failed: N, Passed: N"
# and node's "# pass N" / "# fail N".
count() { grep -E '^ *Tests +[0-9]|Passed: +[0-9]|^# (pass|fail) [0-9]+$' "$log" | grep -oE "([0-9]+ $1|${1^}: +[0-9]+|^# ${1%ed} [0-9]+)" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
# CI shows the end of the output, so the failed tests are named again there with the first lines of their reasons.
grep -E -A 8 '^ +Failed [A-Za-z_][A-Za-z0-9_.]+|^not ok |^ *(FAIL|×) ' "$log" | cut -c1-300 | head -80 || true
passed=$(count passed)
failed=$(count failed)
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] || status=1
exit $status
