#!/usr/bin/env bash
# Isolation benchmark: does the public page stay fast whatever else happens? Measures the public
# home page, an incident page and summary.json at a fixed offered load (bench/fixed_rate.c, open
# loop, latency from each request's scheduled time) quiet, then under
#   (a) CLIENTS sign-in clients with wrong passwords, each from its own loopback address
#       (bench/signin_flood.c binds 127.1.0.x), so per-address throttling does not stop them;
#   (b) one publish through the write API every 0.5 s (each one changes every public page);
#   (c) both at once (the flood from fresh addresses and accounts: the throttle locked the first).
# During each flood a staff member signs in with the right password from their usual browser
# (signed in before the floods, so it has a device cookie) and from a new one: up to 5 tries
# each, a 503 followed by a wait of its Retry-After (the flood may have spent the hash budget).
# Prints p50/p99 per route and phase, the ratio of the phase's p99 to the quiet p99, errors, and
# the sign-in clients' answers (401/429/503; a timeout or connection error is a failure).
# Target: public p99 under load <= 2x quiet p99, 0 errors.
#
#   bench/isolation.sh                        release build of this tree, ~3 minutes of load
#   SECONDS_PER_ROUTE=3 RATE=2000 CLIENTS=64 bench/isolation.sh   shorter (noisier), other load
#   DRIFTSTATUS_BIN=/path/driftstatus         measure that build instead (before/after figures)
#   SERVE_ARGS="--sign-in-hashes-per-second 0" extra `serve` flags (here: without the hash budget)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# 10 s at 1,000 req/s: each p99 comes from 10,000 requests, so one scheduling hiccup of the
# shared cores no longer decides a cell (at 3 s the same cell read 3x in one run, under 2x the next).
per_route=${SECONDS_PER_ROUTE:-10}
rate=${RATE:-1000}
clients=${CLIENTS:-64}
threads=${THREADS:-2}
read -r -a serve_args <<<"${SERVE_ARGS:-}"

scripts/setup.sh   # libmicrohttpd, SQLite, zlib, curl headers: a fresh machine has none of them

if [ -n "${DRIFTSTATUS_BIN:-}" ]; then
    bin=$DRIFTSTATUS_BIN
else
    swift build -c release --product driftstatus 2>&1 | tail -n 1
    bin="$root/.build/release/driftstatus"
fi

work=$(mktemp -d)
server_pid=""; flood_pid=""; publisher_pid=""
stop_load() {
    [ -n "$flood_pid" ] && { kill "$flood_pid" 2>/dev/null; wait "$flood_pid" 2>/dev/null || true; }
    [ -n "$publisher_pid" ] && { kill "$publisher_pid" 2>/dev/null; wait "$publisher_pid" 2>/dev/null || true; }
    flood_pid=""; publisher_pid=""
}
cleanup() {
    stop_load
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    sleep 0.3; rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/fixed_rate" bench/fixed_rate.c
cc -O2 -pthread -o "$work/signin_flood" bench/signin_flood.c

"$bin" demo --db "$work/bench.sqlite" --site "$root" >/dev/null
token=$("$bin" token create --name bench --role editor --db "$work/bench.sqlite" --site "$root" 2>/dev/null)
# A staff member who signs in during each flood (bench_staff_sign_in).
staff_password="bench staff password $RANDOM$RANDOM"
printf '%s\n' "$staff_password" | "$bin" user add --email staff@example.com --name "Bench Staff" --role editor \
    --db "$work/bench.sqlite" --site "$root" >/dev/null
incident=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select max(id) from incident').fetchone()[0])" "$work/bench.sqlite")
# Request logging on (the default), as in production.
"$bin" serve --db "$work/bench.sqlite" --site "$root" --port 0 --threads "$threads" ${serve_args[@]+"${serve_args[@]}"} >"$work/serve.log" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do grep -q "^listening on " "$work/serve.log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/serve.log")
port=${base##*:}

# The staff member's usual browser: signed in once, so it holds a device cookie.
curl -s -o /dev/null -c "$work/staff-cookies.txt" -X POST "$base/admin/login" -H "Content-Type: application/x-www-form-urlencoded" \
    --data-urlencode "email=staff@example.com" --data-urlencode "password=$staff_password"

routes=("home|/sv/" "incident|/sv/incidents/$incident" "summary.json|/api/v2/summary.json")
for route in "${routes[@]}"; do curl -s -o /dev/null "$base${route#*|}"; done

publish_forever() { # one incident every 0.5 s, on one kept-alive connection (a script's client, not a process per publish)
    exec python3 - "$port" "$token" >>"$work/publish.txt" <<'PY'
import http.client, json, sys, time
port, token = int(sys.argv[1]), sys.argv[2]
connection, n = None, 0
while True:
    n += 1
    body = json.dumps({"title": {"sv": f"Last {n}", "en": f"Load {n}"}, "body": {"sv": "b", "en": "b"},
                       "impact": "minor", "notify": False})
    try:
        connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("POST", "/api/v1/incidents", body,
                           {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        print(response.status, flush=True)
    except Exception:
        connection = None
        print("000", flush=True)
    time.sleep(0.5)
PY
}

staff_sign_in() { # phase, browser (usual|new) -> the statuses of one staff sign-in, up to 5 tries, honouring Retry-After
    local phase=$1 browser=$2 statuses="" status wait jar=/dev/null
    [ "$browser" = usual ] && jar="$work/staff-cookies.txt"
    sleep 2
    for _ in 1 2 3 4 5; do
        status=$(curl -s -o /dev/null -b "$jar" -D "$work/staff-headers-$browser.txt" -w '%{http_code}' --max-time 15 -X POST "$base/admin/login" \
            -H "Content-Type: application/x-www-form-urlencoded" \
            --data-urlencode "email=staff@example.com" --data-urlencode "password=$staff_password") || status=000
        statuses="$statuses $status"
        [ "$status" = 503 ] || break
        wait=$(tr -d '\r' <"$work/staff-headers-$browser.txt" | sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\)$/\1/p')
        sleep "${wait:-2}"
    done
    echo "$phase staff sign-in, $browser browser (303 = signed in; up to 5 tries, Retry-After honoured):$statuses" \
        >"$work/staff-$phase-$browser.txt"
}

measure_phase() { # phase name -> one line per route: "route p50 p99 errors"
    local phase=$1 route name path
    for route in "${routes[@]}"; do
        IFS='|' read -r name path <<<"$route"
        if "$work/fixed_rate" 127.0.0.1 "$port" "$path" 16 "$rate" "$per_route" 1 >"$work/fixed.out" 2>/dev/null; then
            awk -v phase="$phase" -v name="$name" '{ print phase, name, $6, $10, $16 }' "$work/fixed.out"
        else
            echo "$phase $name - - 1"
        fi
    done
}

total_duration=$((3 * (per_route + 1) + 1))
first_client=0
run_phase() { # name, "flood" and/or "publish"
    local phase=$1; shift
    : >"$work/publish.txt"
    for load in "$@"; do
        case $load in
            # Fresh clients (addresses and accounts) in each flood: the throttle has locked the last ones.
            flood) "$work/signin_flood" "$port" "$clients" "$total_duration" 15 "$first_client" >"$work/flood-$phase.txt" &
                   flood_pid=$!; first_client=$((first_client + clients)) ;;
            publish) publish_forever & publisher_pid=$! ;;
        esac
    done
    [ $# -gt 0 ] && sleep 1
    local staff_pids=()
    if [[ " $* " == *" flood "* ]]; then
        staff_sign_in "$phase" usual & staff_pids+=($!)
        staff_sign_in "$phase" new & staff_pids+=($!)
    fi
    measure_phase "$phase" >>"$work/results.txt"
    [ ${#staff_pids[@]} -gt 0 ] && wait "${staff_pids[@]}"
    [ -n "$flood_pid" ] && wait "$flood_pid"
    flood_pid=""
    stop_load
    if [[ " $* " == *" publish "* ]]; then
        echo "$phase publishes: $(sort "$work/publish.txt" | uniq -c | awk '{ printf "%s x%s ", $2, $1 }')" >>"$work/loads.txt"
    fi
    [ -f "$work/flood-$phase.txt" ] && echo "$phase sign-in clients: $(cat "$work/flood-$phase.txt")" >>"$work/loads.txt"
    for browser in usual new; do
        [ -f "$work/staff-$phase-$browser.txt" ] && cat "$work/staff-$phase-$browser.txt" >>"$work/loads.txt"
    done
    sleep 1
}

: >"$work/results.txt"; : >"$work/loads.txt"
echo "== isolation: fixed load $rate req/s on 16 connections per route, ${per_route}s each after 1s warm-up; $threads I/O threads; serve ${SERVE_ARGS:-(default pools)}; $clients sign-in clients"
run_phase quiet
run_phase signin flood
run_phase publish publish
run_phase both flood publish

printf "%-8s %-13s %9s %9s %9s %7s\n" phase route "p50 ms" "p99 ms" "p99/quiet" errors
awk '
    $1 == "quiet" { quiet[$2] = $4 }
    { lines[NR] = $0 }
    END {
        for (i = 1; i <= NR; i++) {
            split(lines[i], f, " ")
            ratio = (f[4] != "-" && quiet[f[2]] > 0) ? sprintf("%.2f", f[4] / quiet[f[2]]) : "-"
            printf "%-8s %-13s %9s %9s %9s %7s\n", f[1], f[2], f[3], f[4], ratio, f[5]
        }
    }' "$work/results.txt"
cat "$work/loads.txt"
