#!/usr/bin/env bash
# Runs the benchmarks on demand (never part of test.sh) and writes its figures on top of bench/results.md.
# Usage: bench/run.sh [--postgres] [--seconds N] [--counts "10000 100000 1000000"] [--growth "1000 10000 100000"]
#                     [--growth-stores "sqlite postgres"] [--no-imports] [--soak SECONDS] [--live "1000 10000"]
#   --postgres    also measures cluster mode: a throwaway PostgreSQL (Debian's binaries, fsync on) in a
#                 temp folder on a free loopback port, one silo, and the api as its Orleans client on Workstation
#                 GC, as docker-compose.yml runs it; --live then measures the dashboards there too.
#   --seconds     length of each timed ingest, growth and reference run (default 20).
#   --counts      the stored-record counts at which the counts query is timed ("" skips it).
#   --growth      the numbers of volunteers, each joined by invite with a token of their own and checked in,
#                 over which ingest and the api's memory are measured (default "", none).
#   --growth-stores  which stores the growth runs measure (default "sqlite postgres"; postgres needs --postgres):
#                 each 100,000 volunteers is over an hour of joins a store.
#   --no-imports  skips the imports: a province's units file (34 districts, 3,321 communes) and a roster of
#                 10,000 volunteers, each posted twice.
#   --soak        a soak of this many seconds (default 0, none): embedded SQLite, 1,000 dashboards, ~2,000 records/s.
#   --live        the numbers of SignalR dashboards (each following the campaign and a ward) to which 20 logs/s
#                 are pushed for --seconds, each on a fresh store (default "", none).
# Every store starts empty with one organiser made by the api's create-organiser; the benches sign in as it,
# and their volunteers join by invite. Everything listens on 127.0.0.1 and every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=20
postgres=0
counts_sizes="10000 100000 1000000"
growth_sizes=""
growth_stores="sqlite postgres"
imports=1
soak=0
live_sizes=""
while [ $# -gt 0 ]; do
  case $1 in
    --postgres) postgres=1 ;;
    --seconds) seconds=$2; shift ;;
    --counts) counts_sizes=$2; shift ;;
    --growth) growth_sizes=$2; shift ;;
    --growth-stores) growth_stores=$2; shift ;;
    --no-imports) imports=0 ;;
    --soak) soak=$2; shift ;;
    --live) live_sizes=$2; shift ;;
    *) echo "usage: bench/run.sh [--postgres] [--seconds N] [--counts \"N ...\"] [--growth \"N ...\"] [--growth-stores \"sqlite postgres\"] [--no-imports] [--soak SECONDS] [--live \"N ...\"]" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d)
chmod 755 "$work" # the postgres user keeps its data folder here
results=bench/results.md
out=$work/results.md
# The organiser every bench signs in as; a throwaway password for a throwaway store.
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
# Each ingest, growth and live run logs this long unmeasured after its set-up, as a fresh process compiles the log
# (and push) path and activates its grains: under load the JIT's tiering took ~8 s of CPU in the first 20 s (dotnet-counters'
# dotnet.jit.compilation.time: 3.3, 1.7, 0.1 and 1.1 s a 5 s interval, then ~0.1), and after 5 s of warm-up one
# request cost 513-805 µs of api CPU, 397-457 µs 20 s on.
warm=15
# Growth runs one api a size, all at once, and logs to them in 5 s turns (GrowthRun): others' load on this shared
# machine then falls alike on every size, where sizes measured minutes apart compared that load as much as the sizes.
# The turns are unmeasured for 7 minutes of all sizes' turns before the timed ones. Joining activates each volunteer's
# account, which logging asks once more (a session's first answer) and then leaves, and Orleans collects an account
# after 2 idle minutes, checking once a minute; after 100,000 joins, accounts falling due inside the timed run (48,485
# timers at once, ingest 876/s for 5 s) compared a collection with none. Logged to 5 s of every 18, each of the
# 100,000 size's volunteers has logged once (a rota) after ~1.5 minutes, at ~4,000 records/s in its turns, or ~2 at
# 3,000; 2 idle minutes and a pass later, well inside the 7, the timed turns measure logging alone.
growth_warm=420
bench="dotnet bench/Volunteers.Bench.Ingest/bin/Release/net10.0/Volunteers.Bench.Ingest.dll --organiser bench --password $password"
# The bench's settings, not production's: the load comes from one address and a few identities at rates far
# above one person's, so the per-address sign-in limit (joins included) and the per-identity request and write
# limits are lifted, and access tokens outlive the longest set-up and soak instead of being refreshed.
bench_auth=(Auth__SignInsPerMinute=100000000 Auth__WriteBurst=100000000 Auth__WritesPerSecond=100000000
  Auth__RequestBurst=100000000 Auth__RequestsPerSecond=100000000 Auth__AccessLifetime=12:00:00
  Auth__RecordBurst=100000000 Auth__RecordsPerSecond=100000000 Auth__CostlyBurst=100000000 Auth__CostlyPerMinute=100000000
  Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" Auth__PinKey="$(head -c 32 /dev/urandom | base64)")
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ $postgres = 1 ] && [ -z "$pg_bin" ]; then
  echo "--postgres needs PostgreSQL's server binaries: sudo apt-get install -y postgresql" >&2; rm -rf "$work"; exit 2
fi
pg_data=$work/pg/data
# The store's name: its SQLite file, or its PostgreSQL database and its cluster's id. The growth rows run one a size at once.
store=volunteers
use_store() { # name
  store=$1
  pg_conn="Host=127.0.0.1;Port=${pg_port:-};Username=postgres;Database=$store;Maximum Pool Size=100"
}

# The last started first, as docker compose stops them: an api lets go of the grains its dashboards watch while its
# silo is there to hear it, where a silo stopped first logged a fail for each of those calls it could not place.
stop_all() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null && wait "${pids[i]}" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_all
  if [ -f "$pg_data/postmaster.pid" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

wait_ready() { # url log
  for _ in $(seq 180); do curl -sf "$1/health/ready" >/dev/null && return; sleep 0.5; done
  echo "$1 did not become ready; its log:" >&2; tail -n 40 "$2" >&2; exit 1
}

# The api on a SQLite file (embedded silo), or as an Orleans client of the silo on PostgreSQL; serving, or
# running a command such as create-organiser with the same settings. It becomes the api (exec), so that
# started with & its pid is the api's own, to stop and to measure; a command runs it in a subshell.
run_api() { # store args...
  # The embedded silo's ports are free ones, as several apis may run at once.
  local settings=(ConnectionStrings__Volunteers="Data Source=$work/$store.db" Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port))
  [ "$1" = postgres ] && settings=(Storage__Provider=Postgres ConnectionStrings__Volunteers="$pg_conn" Orleans__Role=Client Orleans__ClusterId=$store DOTNET_gcServer=0)
  shift
  exec env "${settings[@]}" "${bench_auth[@]}" Demo__Seed=false Logging__LogLevel__Default=Warning \
    dotnet api/bin/Release/net10.0/Volunteers.Api.dll "$@"
}

start_api() { # store
  api_port=$(free_port)
  api="http://127.0.0.1:$api_port"
  run_api "$1" --urls "$api" >>"$work/api.log" 2>&1 &
  api_pid=$!
  pids+=($api_pid)
  wait_ready "$api" "$work/api.log"
}

start_silo() {
  local url="http://127.0.0.1:$(free_port)"
  Storage__Provider=Postgres ConnectionStrings__Volunteers="$pg_conn" Orleans__ClusterId=$store \
    Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) Urls="$url" Logging__LogLevel__Default=Warning \
    dotnet silo/Host/bin/Release/net10.0/Volunteers.Silo.dll >>"$work/silo.log" 2>&1 &
  silo_pid=$!
  pids+=($silo_pid)
  wait_ready "$url" "$work/silo.log"
}

# The store under test from scratch, alone: a new SQLite file, or a new PostgreSQL database and silo; then its
# first organiser, made as an install makes it, with the api not yet serving.
fresh_store() { # store
  stop_all
  add_store "$1"
}
# The same beside what already runs.
add_store() { # store
  if [ "$1" = sqlite ]; then
    rm -f "$work/$store".db*
  else
    runuser -u postgres -- "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -d postgres -c "DROP DATABASE IF EXISTS $store WITH (FORCE)" -c "CREATE DATABASE $store"
    start_silo
  fi
  (run_api "$1" create-organiser --username bench --password "$password" --province "Tỉnh Đo Tải" --code 99) >>"$work/api.log" 2>&1 \
    || { echo "create-organiser failed; its log:" >&2; tail -n 40 "$work/api.log" >&2; exit 1; }
  start_api "$1"
}

start_postgres() {
  pg_port=$(free_port)
  mkdir -p "$work/pg" && chown postgres: "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 >/dev/null
  # Durability as in production: fsync, synchronous_commit and full_page_writes keep their defaults (on).
  # A silo's pool takes up to 100 connections, and the growth rows run a silo a size.
  printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 400\n" "$pg_port" "$work/pg" >>"$pg_data/postgresql.conf"
  runuser -u postgres -- "$pg_bin/pg_ctl" start -D "$pg_data" -l "$work/pg/server.log" -w -t 60 >/dev/null
  use_store "$store"
}

# Appends a bench console's table (header, separator, rows) with the load average as a last column;
# the header only once a section.
table_header=1
add_row() { # console output
  local l; l=$(load)
  if [ $table_header = 1 ]; then
    echo "$1" | sed -n 1p | sed 's/$/ load 1\/5\/15 min |/' >>"$out"
    echo "$1" | sed -n 2p | sed 's/$/---|/' >>"$out"
    table_header=0
  fi
  echo "$1" | tail -n +3 | sed "s/\$/ $l |/" >>"$out"
}
section() { { echo; echo "## $1"; echo; } >>"$out"; table_header=1; }

ingest() { # store label
  fresh_store "$1"
  for batch in 1 20; do
    # Watched, so the row says the CPU a request of the processes that serve it (the silo's too in cluster mode).
    add_row "$($bench --url "$api" --warm "$warm" --seconds "$seconds" --batch "$batch" --concurrency 32 --label "$2" \
      --watch "api=$api_pid$([ "$1" = postgres ] && echo " silo=$silo_pid")")"
  done
}

# pgbench's reference: 8 clients, each transaction one single-row INSERT into help_record.
pgbench_reference() {
  cat >"$work/insert.sql" <<'SQL'
INSERT INTO help_record (campaign_id, record_id, volunteer_id, team_id, ward_id, place_id, service, procedure, channel, outcome, minutes, occurred_at, accepted_at)
VALUES ('pgbench', gen_random_uuid()::text, 'v', 't', 'w', 'p', 'account', NULL, 'door-to-door', 'done', 10, now(), now());
SQL
  (cd "$work" && "$pg_bin/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U postgres -c 8 -j 2 -T "$seconds" -f insert.sql -l --log-prefix=pgbench volunteers >pgbench.out 2>&1)
  local tps p50 p99 rows
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgbench.out")
  # Per-transaction logs: the third column is the latency in microseconds.
  cat "$work"/pgbench.[0-9]* | awk '{print $3}' | sort -n >"$work/pgbench.latencies"
  rows=$(wc -l <"$work/pgbench.latencies")
  p50=$(awk -v n="$rows" 'NR == int(n * 0.50 + 0.999) {printf "%.2f", $1 / 1000}' "$work/pgbench.latencies")
  p99=$(awk -v n="$rows" 'NR == int(n * 0.99 + 0.999) {printf "%.2f", $1 / 1000}' "$work/pgbench.latencies")
  add_row "$(printf '| reference | rows | rows/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n| PostgreSQL pgbench single-row INSERT, 8 clients (fsync=%s, synchronous_commit=%s) | %s | %.0f | %s | %s |' \
    "$(pg_setting fsync)" "$(pg_setting synchronous_commit)" "$rows" "$tps" "$p50" "$p99")"
}
pg_setting() { runuser -u postgres -- "$pg_bin/psql" -tA -h 127.0.0.1 -p "$pg_port" -d postgres -c "SHOW $1"; }

counts() { # store label connection-string
  for records in $counts_sizes; do
    fresh_store "$1"
    campaign=$($bench --mode seed --url "$api" --provider "$1" --db "$3" --records "$records")
    # Restart so the first query finds no roll-up in memory and recounts from the records.
    stop_all
    if [ "$1" = postgres ]; then start_silo; fi
    start_api "$1"
    add_row "$($bench --mode counts --url "$api" --provider "$1" --db "$3" --records "$records" --campaign "$campaign" --label "$2")"
  done
}

dotnet build -c Release -nologo -clp:ErrorsOnly -p:SkipWebBuild=true api >/dev/null
if commit=$(git rev-parse --short HEAD 2>/dev/null); then
  git diff --quiet HEAD || commit="$commit with uncommitted changes"
else
  commit="a tree outside git"
fi
for project in silo/Host bench/Volunteers.Bench.Ingest bench/Volunteers.Bench.Live; do dotnet build -c Release -nologo -clp:ErrorsOnly "$project" >/dev/null; done

{
  echo "# Benchmark results"
  echo
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/Mem:/ {print $2}') GiB," \
    "$(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version)$([ -n "$pg_bin" ] && echo ", PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')")." \
    "Shared with other engineers' work: the last column is the load average when each row finished. $(date -u '+%F %H:%M') UTC, on $commit."
  echo
  echo "Command: \`bench/run.sh$([ $postgres = 1 ] && echo " --postgres") --seconds $seconds --counts \"$counts_sizes\" --growth \"$growth_sizes\"$([ "$growth_stores" != "sqlite postgres" ] && echo " --growth-stores \"$growth_stores\"")$([ $imports = 0 ] && echo " --no-imports") --soak $soak --live \"$live_sizes\"\`"
  echo
  echo "Every api runs with the bench's settings, not production's: \`$(printf '%s ' "${bench_auth[@]}" | sed 's/Auth__SigningKey=[^ ]*/Auth__SigningKey=(random)/; s/Auth__PinKey=[^ ]*/Auth__PinKey=(random)/; s/ $//')\`." \
    "The load comes from one address and a few identities far faster than people act, so the sign-in (joins too), request" \
    "and write limits are lifted, and access tokens last through the longest set-up instead of being refreshed." \
    "Each store starts empty with an organiser from \`create-organiser\`; the benches sign in as it, and every volunteer" \
    "joins by invite and logs with a token of their own."
} >"$out"

section "Ingest: acknowledged, durable help records over GraphQL (\`logHelps\`), ${seconds} s a run after ${warm} s unmeasured (stored records count both), 5 % resent"
ingest sqlite "embedded SQLite"
[ $postgres = 1 ] && { start_postgres; ingest postgres "PostgreSQL, 1 silo + api as client"; }

section "Reference: the same database's raw single-row INSERT rate, same durability, ${seconds} s"
stop_all
add_row "$($bench --mode sqlite-raw --db "Data Source=$work/volunteers.db" --seconds "$seconds")"
[ $postgres = 1 ] && pgbench_reference

if [ -n "$counts_sizes" ]; then
  section "Counts: the GraphQL \`counts\` query (one client, sequential) beside a SQL GROUP BY over the same records"
  counts sqlite "embedded SQLite" "Data Source=$work/volunteers.db"
  [ $postgres = 1 ] && counts postgres "PostgreSQL, 1 silo + api as client" "$pg_conn"
fi

watched() { # store
  if [ "$1" = sqlite ]; then echo "api=$api_pid"; else echo "api=$api_pid silo=$silo_pid"; fi
}
growth() { # store label
  stop_all
  local urls=() watches=()
  for volunteers in $growth_sizes; do
    use_store "growth$volunteers"
    add_store "$1"
    urls+=("$api")
    watches+=("$(watched "$1")")
  done
  use_store volunteers
  add_row "$($bench --mode growth --url "${urls[*]}" --volunteers "$growth_sizes" --watch "$(IFS=';'; echo "${watches[*]}")" \
    --warm "$growth_warm" --seconds "$seconds" --concurrency 32 --label "$2")"
}
if [ -n "$growth_sizes" ]; then
  section "Growth: ingest and memory as the volunteers grow (logHelps flat out, 32 clients, each help from the next volunteer of its client's rota, with their own token; one api a size, logged to in turns of 5 s, ${growth_warm} s of turns unmeasured, then ${seconds} s a size timed)"
  echo "A ward per 1,000 volunteers, a team (and its neighbourhood) per 200; every volunteer joins by invite (32 joins in flight) and checks in. The sizes are set up one after another, each on its own api and store, and all stay running to the end. Set-up s covers it all; joins/s is the joins alone; the CPU a volunteer, and the api's CPU a request over its timed turns (each read 1 s after its turn, so what the turn left to do counts to it), are the watched processes' (utime + stime), so the load of others moves them less than the records a second. RSS is VmRSS from /proc/<pid>/status. A volunteer logs again after: the size's volunteers over its rota's picks a second across the timed turns (past 15 minutes a volunteer's day may go, and a help then reactivates it). CPU in others' turns: what the size's api ran beside them (timers, Orleans' scans, collections), not counted in its CPU a request." >>"$out"
  echo >>"$out"
  [[ " $growth_stores " == *" sqlite "* ]] && growth sqlite "embedded SQLite"
  [ $postgres = 1 ] && [[ " $growth_stores " == *" postgres "* ]] && growth postgres "PostgreSQL, 1 silo + api as client"
fi

if [ $imports = 1 ]; then
  section "Imports: CSV files posted to /import/units and /import/volunteers by the organiser, followed at GET /import/{id} until done"
  echo "Units: 34 districts and 3,321 communes under the organiser's province. Volunteers: 10,000 in 100 teams (made with createTeam in the first 100 communes). Each file is posted twice; the second time every row must match and none be created. Seconds are the client's, from the POST to done." >>"$out"
  echo >>"$out"
  fresh_store sqlite
  add_row "$($bench --mode imports --url "$api" --label "embedded SQLite")"
  [ $postgres = 1 ] && { fresh_store postgres; add_row "$($bench --mode imports --url "$api" --label "PostgreSQL, 1 silo + api as client")"; }
fi

live() { # store label
  section "Live: SignalR dashboards, each following the campaign and one of its 10 wards, 20 logs/s for ${seconds} s after ${warm} s untimed, $2"
  echo "Latency is from a log's acknowledgement to each dashboard's campaign update that counts it. Per connection is the api's RSS once connected, less before, over the dashboards. The line under each row says what the api sent (the dashboards' received JSON) and its CPU." >>"$out"
  echo >>"$out"
  for dashboards in $live_sizes; do
    fresh_store "$1"
    live_out=$(dotnet bench/Volunteers.Bench.Live/bin/Release/net10.0/Volunteers.Bench.Live.dll --url "$api" --pid "$api_pid" --password "$password" \
      --clients "$dashboards" --wards 10 --volunteers-per-ward 2 --rate 20 --warm "$warm" --seconds "$seconds")
    add_row "$(printf '| dashboards | wards | logs | latency p50 | p99 | updates seen | per connection | api CPU | api RSS connected |\n|---|---|---|---|---|---|---|---|---|\n%s' "$(echo "$live_out" | sed -n 1p)")"
    { echo; echo "$live_out" | tail -n +2; echo; } >>"$out"
    table_header=1
  done
}
if [ -n "$live_sizes" ]; then
  live sqlite "embedded SQLite"
  [ $postgres = 1 ] && live postgres "PostgreSQL, 1 silo + api as client (Workstation GC, as docker-compose.yml runs it)"
fi

if [ "$soak" -gt 0 ]; then
  section "Soak: ${soak} s at ~2,000 records/s (logHelps of 10, as phones sync; 32 requests in flight; 200 volunteers) with 1,000 SignalR dashboards, embedded SQLite"
  fresh_store sqlite
  echo "Load average before: $(load)." >>"$out"
  echo >>"$out"
  dotnet bench/Volunteers.Bench.Live/bin/Release/net10.0/Volunteers.Bench.Live.dll --url "$api" --pid "$api_pid" --password "$password" \
    --clients 1000 --wards 20 --volunteers-per-ward 10 --rate 2000 --batch 10 --in-flight 32 --seconds "$soak" --sample 30 >>"$out"
  { echo; echo "Load average after: $(load)."; } >>"$out"
fi
stop_all
# A figure is only worth its row if nothing timed out or was dropped behind it: what every api and silo of the run
# logged at Warning and above, counted over the whole run.
section "Logs: what the run's processes logged (Warning and above)"
echo "| log | lines | TimeoutException | expired messages | errors (fail/crit) |" >>"$out"
echo "|---|---|---|---|---|" >>"$out"
for log in "$work"/api.log "$work"/silo.log; do
  [ -f "$log" ] || continue
  echo "| $(basename "$log") | $(wc -l <"$log") | $(grep -c 'TimeoutException' "$log" || true) | $(grep -ci 'expired' "$log" || true) | $(grep -cE '^(fail|crit):' "$log" || true) |" >>"$out"
done
cat "$out"
# A run rewrites only the newest figures. The previous newest becomes the first "Earlier run", its sections a level
# down, and the earlier runs and the hand-written reading of the figures below it stay as they were.
if [ -f "$results" ]; then
  previous=$(sed -n 's/^Machine: .* \([0-9-]* [0-9:]* UTC[^.]*\)\.$/\1/p' "$results" | head -n 1)
  previous_command=$(sed -n 's/^Command: //p' "$results" | head -n 1)
  echo >>"$out"
  awk -v heading="## Earlier run (${previous:-date unknown}: ${previous_command:-command unknown})" '
    /^## (Earlier|Repeat|Longer) runs? \(|^## Reading the figures/ { kept = 1 }
    !kept && (NR == 1 || /^Machine: / || /^Command: /) { next }
    !kept && !opened { if (/^$/) next; print heading; print ""; opened = 1 }
    !kept && /^## / { sub(/^## /, "### ") }
    { print }
  ' "$results" >>"$out"
fi
cp "$out" "$results"
