#!/usr/bin/env bash
# Benchmark: Driftstatus against nginx serving the same pages exported as files, in one run on
# this machine (figures vary ±20% between runs; compare within a run). Prints requests/s and
# p50/p99 latency per route and the ratio Driftstatus/nginx, without and with
# `Accept-Encoding: gzip` (nginx `gzip_static on` over the export's `.gz` twins), a
# 1,000-connection surge (errors must be 0), the server's memory after it, and cache-miss render
# times for growing history.
#
# Request logging is on for both, as in production: nginx `access_log ... buffer=64k flush=1s`,
# Driftstatus its default request log (one line per request on standard error, buffered and
# written by a background thread) to a file. A second Driftstatus with logging off
# (`--log-level warning`, column "ds-nolog") shows what the log costs: "log cost" is
# 1 - (ds req/s / ds-nolog req/s), and "log cpu" the same in CPU time per request (read from
# /proc around each wrk run), which swings less than throughput with what else shares the cores.
# Every ratio is taken within a round (servers measured seconds apart), then its median over
# the rounds: slow drift of the shared machine between rounds cancels out.
# Then the same routes at a fixed offered load (RATE req/s, open loop, bench/fixed_rate.c):
# latency below saturation, which the saturated wrk figures are not.
#
# A third server, libmicrohttpd alone (bench/mhd_baseline.c, no Swift), serves the bytes
# Driftstatus sends for each route with the same daemon flags: the ceiling any server on
# libmicrohttpd reaches here, measured in the same run. A fourth column is Driftstatus through
# Varnish (Debian's varnish with deploy/varnish/driftstatus.vcl, only the backend port changed):
# what a reader gets with the cache tier of docs/deploy.md in front.
#
# Fairness: all servers run THREADS workers (nginx worker processes, libmicrohttpd threads);
# wrk, the servers and anything else running share the machine's cores. Each route is measured
# ROUNDS times per server, the servers' order rotating between rounds; the table shows each
# server's median round (its p50/p99 are from that round).
#
#   bench/run.sh                          full run (~35 minutes after the release build)
#   RATE=5000 bench/run.sh                another offered load for the fixed-load section
#   DURATION=4s ROUNDS=1 bench/run.sh     quicker, noisier
#   DRIFTSTATUS_BIN=/path/driftstatus     measure that build instead of building this tree
set -eEuo pipefail
# set -e ends the run at a failed command without a word: name it.
trap 'echo "bench/run.sh: line $LINENO: \"$BASH_COMMAND\" failed" >&2' ERR
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${DURATION:-8s}
threads=${THREADS:-2}
rounds=${ROUNDS:-3}

scripts/setup.sh
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
command -v varnishd >/dev/null || missing+=(varnish)
[ -e /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so ] || missing+=(varnish-modules)
if ((${#missing[@]})); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# DRIFTSTATUS_BIN=path measures another build (an older commit's, for before/after figures).
if [ -n "${DRIFTSTATUS_BIN:-}" ]; then
    bin=$DRIFTSTATUS_BIN
else
    swift build -c release --product driftstatus 2>&1 | tail -n 1
    bin="$root/.build/release/driftstatus"
fi

work=$(mktemp -d)
server_pid=""; quiet_pid=""; nginx_pid=""; mhd_pid=""; varnish_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    [ -n "$quiet_pid" ] && kill "$quiet_pid" 2>/dev/null
    [ -n "$varnish_pid" ] && kill "$varnish_pid" 2>/dev/null
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
    [ -n "$mhd_pid" ] && kill "$mhd_pid" 2>/dev/null
    sleep 0.5; rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
# Both serve the same public address, so the exported bytes match the live ones.
export DRIFTSTATUS_BASE_URL="http://127.0.0.1:$nginx_port"

echo "== data: demo set + 10,000 past incidents"
"$bin" demo --db "$work/bench.sqlite" --site "$root" >/dev/null
python3 bench/make_history.py "$work/bench.sqlite" 10000
incident=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select max(id) from incident where resolved_at is not null and id <= 20').fetchone()[0])" "$work/bench.sqlite")

# Request logging on, as nginx's access_log below: both measured doing the same work. The
# request log is the server's standard error (what a service manager would collect) in a file.
"$bin" serve --db "$work/bench.sqlite" --site "$root" --port 0 --threads "$threads" >"$work/serve.log" 2>"$work/requests.log" &
server_pid=$!
# The same with request logging off: what the log costs.
"$bin" serve --db "$work/bench.sqlite" --site "$root" --port 0 --threads "$threads" --log-level warning >"$work/serve-quiet.log" 2>"$work/serve-quiet.err" &
quiet_pid=$!
for _ in $(seq 1 100); do grep -q "^listening on " "$work/serve.log" && grep -q "^listening on " "$work/serve-quiet.log" && break; sleep 0.1; done
ds=$(sed -n 's/^listening on //p' "$work/serve.log")
dq=$(sed -n 's/^listening on //p' "$work/serve-quiet.log")

start=$(date +%s.%N)
"$bin" export --db "$work/bench.sqlite" --site "$root" --out "$work/site" >/dev/null
echo "export of the whole site: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s, $(find "$work/site" -type f ! -name '*.gz' | wc -l) files + $(find "$work/site" -type f -name '*.gz' | wc -l) .gz twins"

cat >"$work/nginx.conf" <<NGINX
worker_processes $threads;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    sendfile on; tcp_nopush on; keepalive_requests 1000000;
    access_log $work/nginx-access.log combined buffer=64k flush=1s;
    gzip_static on;
    server { listen 127.0.0.1:$nginx_port; root $work/site; }
}
NGINX
# nginx's workers run as an unprivileged user: let them read the export.
chmod -R a+rX "$work"
nginx -c "$work/nginx.conf" -p "$work" -g "daemon off;" &
nginx_pid=$!
ng="http://127.0.0.1:$nginx_port"
sleep 0.5

# Varnish in front of the same Driftstatus, with the project's VCL (workers drop privileges:
# the export is already readable, the VCL is made so too).
varnish_port=$(free_port)
ds_port=${ds##*:}
sed "s/^    \.port = \"8080\";\$/    .port = \"$ds_port\";/" deploy/varnish/driftstatus.vcl >"$work/driftstatus.vcl"
chmod a+r "$work/driftstatus.vcl"
varnishd -F -n "$work/varnish" -a "127.0.0.1:$varnish_port" -f "$work/driftstatus.vcl" -s malloc,256m \
    -p thread_pools="$threads" >"$work/varnishd.log" 2>&1 &
varnish_pid=$!
vc="http://127.0.0.1:$varnish_port"
for _ in $(seq 1 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$vc/sv/")" = 200 ] && break; sleep 0.1; done

# route name | Driftstatus path | nginx path (the exported file of the same page)
routes=(
    "home|/sv/|/sv/"
    "incident|/sv/incidents/$incident|/sv/incidents/$incident/"
    "rss|/sv/feed.rss|/sv/feed.rss"
    "summary.json|/api/v2/summary.json|/api/v2/summary.json"
)

cc -O2 -o "$work/mhd_baseline" bench/mhd_baseline.c $(pkg-config --cflags --libs libmicrohttpd)

# The request headers wrk sends: none, or Accept-Encoding: gzip for the gzip table.
wrk_headers=()
measure() { # url -> "rps p50 p99 requests"
    wrk -t1 -c64 -d"$duration" --latency ${wrk_headers[@]+"${wrk_headers[@]}"} "$1" | awk '
        /Requests\/sec/ { rps = $2 }
        / requests in / { requests = $1 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        END { print rps, p50, p99, requests }'
}

cpu_ticks() { # pid -> user + system CPU time in clock ticks, all threads (fields 14 and 15 of stat)
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
ticks_per_second=$(getconf CLK_TCK)
with_cpu() { # pid tool url -> the tool's line; after a `measure` line, the server's CPU microseconds per request
    [ "$2" = measure ] || { "$2" "$3"; return; }
    local before after line
    before=$(cpu_ticks "$1"); line=$("$2" "$3"); after=$(cpu_ticks "$1")
    awk -v line="$line" -v ticks=$((after - before)) -v hz="$ticks_per_second" \
        'BEGIN { split(line, f, " "); printf "%s %.2f\n", line, (f[4] > 0 ? ticks / hz * 1e6 / f[4] : 0) }'
}

paired_median() { # file_a file_b column -> the median over rounds of a/b (line i of each is round i)
    python3 - "$@" <<'PY'
import statistics, sys
a, b, column = open(sys.argv[1]).read().split("\n"), open(sys.argv[2]).read().split("\n"), int(sys.argv[3]) - 1
ratios = [float(x.split()[column]) / float(y.split()[column]) for x, y in zip(a, b)
          if x.strip() and y.strip() and float(y.split()[column]) > 0]
print(f"{statistics.median(ratios):.2f}" if ratios else "-")
PY
}

# One route on every server in SERVERS: libmicrohttpd alone serves $work/body (what Driftstatus
# sent); each round runs TOOL (measure or fixed_rate) once per server, the order rotating between
# rounds; the results go to $work/ds.txt, dq.txt (logging off), ng.txt, mhd.txt and vc.txt
# (through Varnish), one line per round.
servers=(ds dq ng mhd vc)
measure_rounds() { # tool ds_url ng_url vc_url dq_url
    local tool=$1 ds_url=$2 ng_url=$3 vc_url=$4 dq_url=${5:-} round server order
    "$work/mhd_baseline" "$work/body" "$threads" >"$work/mhd.log" &
    mhd_pid=$!
    for _ in $(seq 1 50); do grep -q "^listening on " "$work/mhd.log" && break; sleep 0.1; done
    local mhd
    mhd=$(sed -n 's/^listening on //p' "$work/mhd.log")
    : >"$work/ds.txt"; : >"$work/dq.txt"; : >"$work/ng.txt"; : >"$work/mhd.txt"; : >"$work/vc.txt"
    for round in $(seq 1 "$rounds"); do
        local n=${#servers[@]}
        order=("${servers[@]:$((round % n))}" "${servers[@]:0:$((round % n))}")
        for server in "${order[@]}"; do
            case $server in
                ds) with_cpu "$server_pid" "$tool" "$ds_url" >>"$work/ds.txt" ;;
                dq) with_cpu "$quiet_pid" "$tool" "$dq_url" >>"$work/dq.txt" ;;
                ng) "$tool" "$ng_url" >>"$work/ng.txt" ;;
                mhd) "$tool" "$mhd/" >>"$work/mhd.txt" ;;
                vc) "$tool" "$vc_url" >>"$work/vc.txt" ;;
            esac
        done
    done
    kill "$mhd_pid"; wait "$mhd_pid" 2>/dev/null || true; mhd_pid=""
}

median_round() { # lines "rps p50 p99" -> the line with the median rps
    sort -n -k1,1 | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

steady_table() { # encoding: identity or gzip
    local encoding=$1 curl_headers=()
    wrk_headers=()
    if [ "$encoding" = gzip ]; then wrk_headers=(-H "Accept-Encoding: gzip"); curl_headers=(-H "Accept-Encoding: gzip"); fi
    echo
    echo "== steady load, ${encoding}: wrk -t1 -c64 -d$duration, loopback, keep-alive${wrk_headers[*]:+, ${wrk_headers[1]}}; $threads workers each; median of $rounds rounds"
    echo "   ds = Driftstatus (request log on), ds-nolog = Driftstatus (log off), ng = nginx (the export, access_log on),"
    echo "   mhd = libmicrohttpd alone, vc = Driftstatus through Varnish; log cost = 1 - ds/ds-nolog"
    echo "   ratios and log cost: median over the rounds of each round's ratio; cpu: Driftstatus's CPU microseconds"
    echo "   per request (all threads, log writer included), log on / log off; log cpu = 1 - off/on"
    printf "%-13s %7s | %9s %7s %7s | %9s | %9s %7s %7s | %9s %7s %7s | %9s %7s %7s | %6s %6s %8s | %6s %6s %7s\n" route bytes \
        "ds req/s" p50 p99 "ds-nolog" "ng req/s" p50 p99 "mhd req/s" p50 p99 "vc req/s" p50 p99 "ds/ng" "ds/mhd" "log cost" \
        "cpu on" "off" "log cpu"
    local route name ds_path ng_path ds_bytes ng_bytes
    for route in "${routes[@]}"; do
        IFS='|' read -r name ds_path ng_path <<<"$route"
        curl -s ${curl_headers[@]+"${curl_headers[@]}"} "$ds$ds_path" >"$work/body"
        ds_bytes=$(wc -c <"$work/body"); ng_bytes=$(curl -s ${curl_headers[@]+"${curl_headers[@]}"} "$ng$ng_path" | wc -c)
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$ng$ng_path")" = 200 ] || { echo "nginx does not serve $ng_path"; exit 1; }
        if [ "$encoding" = gzip ]; then
            for url in "$ds$ds_path" "$dq$ds_path" "$ng$ng_path" "$vc$ds_path"; do
                # Read whole, then searched: `curl | grep -q` fails under pipefail when grep stops early.
                headers=$(curl -s -o /dev/null -D - -H "Accept-Encoding: gzip" "$url")
                grep -qi '^content-encoding: *gzip' <<<"$headers" || { echo "$url does not answer gzip"; exit 1; }
            done
        fi
        [ "$ds_bytes" = "$ng_bytes" ] || echo "note: $name is $ds_bytes bytes from Driftstatus, $ng_bytes from nginx"
        measure_rounds measure "$ds$ds_path" "$ng$ng_path" "$vc$ds_path" "$dq$ds_path"
        read -r ds_rps ds_p50 ds_p99 _ < <(median_round <"$work/ds.txt")
        read -r dq_rps _ _ _ < <(median_round <"$work/dq.txt")
        read -r vc_rps vc_p50 vc_p99 _ < <(median_round <"$work/vc.txt")
        read -r ng_rps ng_p50 ng_p99 _ < <(median_round <"$work/ng.txt")
        read -r mhd_rps mhd_p50 mhd_p99 _ < <(median_round <"$work/mhd.txt")
        # Ratios of servers measured seconds apart in the same round, then the median over rounds:
        # the machine's drift between rounds cancels out of each ratio.
        ratio=$(paired_median "$work/ds.txt" "$work/ng.txt" 1)
        ceiling=$(paired_median "$work/ds.txt" "$work/mhd.txt" 1)
        # The log's cost per round, as throughput (1 - on/off) and as CPU per request
        # (1 - off/on), then the median over the rounds of each; CPU time swings less with what
        # else shares the cores than throughput does.
        read -r log_cost log_cpu ds_cpu dq_cpu < <(python3 - "$work/ds.txt" "$work/dq.txt" <<'PY'
import statistics, sys
on, off = ([[float(field) for field in line.split()[:1] + line.split()[4:5]] for line in open(path) if line.strip()]
           for path in sys.argv[1:3])
throughput = [(1 - a[0] / b[0]) * 100 for a, b in zip(on, off) if b[0] > 0]
cpu = [(1 - b[1] / a[1]) * 100 for a, b in zip(on, off) if a[1] > 0]
print(f"{statistics.median(throughput):.0f} {statistics.median(cpu):.0f} "
      f"{statistics.median(a[1] for a in on):.1f} {statistics.median(b[1] for b in off):.1f}")
PY
)
        echo "$log_cost $log_cpu" >>"$work/log-costs.txt"
        printf "%-13s %7s | %9s %7s %7s | %9s | %9s %7s %7s | %9s %7s %7s | %9s %7s %7s | %6s %6s %8s | %6s %6s %7s\n" "$name" "$ds_bytes" \
            "$ds_rps" "$ds_p50" "$ds_p99" "$dq_rps" "$ng_rps" "$ng_p50" "$ng_p99" "$mhd_rps" "$mhd_p50" "$mhd_p99" \
            "$vc_rps" "$vc_p50" "$vc_p99" "$ratio" "$ceiling" "$log_cost %" "$ds_cpu" "$dq_cpu" "$log_cpu%"
    done
    wrk_headers=()
}
echo
echo "servers: ds $ds, ds-nolog $dq, ng $ng, vc $vc"
echo "load before the steady tables: $(uptime | sed 's/.*load average/load average/')"
steady_table identity
steady_table gzip
# One request line costs the same whatever the route, so its cost over all eight cells is
# steadier than any one cell's (each moves by about ±10 % between runs).
python3 - "$work/log-costs.txt" <<'PY'
import statistics, sys
cells = [line.split() for line in open(sys.argv[1]) if line.strip()]
throughput = [float(c[0]) for c in cells]
cpu = [float(c[1]) for c in cells]
print(f"log cost over all {len(cells)} cells: median {statistics.median(throughput):.0f} % of throughput "
      f"(cells {min(throughput):.0f} to {max(throughput):.0f} %), {statistics.median(cpu):.0f} % of CPU per request "
      f"(cells {min(cpu):.0f} to {max(cpu):.0f} %)")
PY
# Both servers logged every request (nginx's buffer flushes within a second).
sleep 1.5
echo "request log lines: Driftstatus $(grep -c 'msg=request' "$work/requests.log"), nginx $(wc -l <"$work/nginx-access.log")"

# Latency at a fixed offered load. wrk above runs closed-loop at full saturation: its p99 is the
# queue that forms when the machine (2 cores, shared with wrk) has no spare capacity, and a slow
# response delays the requests behind it without counting them as late. A latency target is
# stated at an offered load below saturation, measured open-loop: bench/fixed_rate.c sends at a
# fixed rate and counts each request's latency from its scheduled send time (like wrk2 -R).
# RATE default 10,000 req/s: a heavy outage surge for one status page (every customer's front
# end and feed reader polling at once) and at most about half of the saturated throughput
# above for every server and route on this machine (the home page is the lowest, ~18-23k/s
# in the wrk table), so the tail measures serving, not a queue the load itself builds.
rate=${RATE:-10000}
latency_seconds=${duration%s}
cc -O2 -o "$work/fixed_rate" bench/fixed_rate.c
fixed_rate() { # url -> "achieved_rps p50 p99 p999 errors saturated?"; the generator's own lateness to lag.txt
    local hostport=${1#http://}; hostport=${hostport%%/*}
    local path=/${1#http://*/}
    [ "$path" = "/$1" ] && path=/
    "$work/fixed_rate" "${hostport%:*}" "${hostport##*:}" "$path" 64 "$rate" "$latency_seconds" 2 \
        >"$work/fixed.out" 2>>"$work/lag.txt" || { echo "fixed_rate failed on $1"; tail -n 5 "$work/lag.txt"; exit 1; }
    awk '{ print $4, $6, $10, $12, $16, ($17 == "saturated" ? "saturated" : "-") }' "$work/fixed.out"
}
median_p99() { # lines "rps p50 p99 p999 errors flag" -> the line with the median p99
    sort -g -k3,3 | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}
mark() { [ "$1" = saturated ] && echo "*" || echo ""; }

echo
echo "== latency at a fixed offered load: 64 connections, $rate req/s (open loop, from the scheduled time)"
echo "   bench/fixed_rate.c, ${latency_seconds}s measured after 2s warm-up; $threads workers each; median of $rounds rounds by p99; ms"
echo "   ds = Driftstatus with its request log on; ds/mhd p99 = median over the rounds of Driftstatus's p99 over libmicrohttpd alone's"
echo "   load now: $(uptime | sed 's/.*load average/load average/')"
printf "%-13s | %8s %7s %7s %7s | %8s %7s %7s %7s | %8s %7s %7s %7s | %8s %7s %7s %7s | %11s\n" route "ds req/s" p50 p99 p999 \
    "ng req/s" p50 p99 p999 "mhd req/s" p50 p99 p999 "vc req/s" p50 p99 p999 "ds/mhd p99"
servers=(ds ng mhd vc)
: >"$work/lag.txt"
saturated_any=""; errors_any=0
for route in "${routes[@]}"; do
    IFS='|' read -r name ds_path ng_path <<<"$route"
    curl -s "$ds$ds_path" >"$work/body"
    measure_rounds fixed_rate "$ds$ds_path" "$ng$ng_path" "$vc$ds_path"
    read -r ds_rps ds_p50 ds_p99 ds_p999 ds_err ds_sat < <(median_p99 <"$work/ds.txt")
    read -r ng_rps ng_p50 ng_p99 ng_p999 ng_err ng_sat < <(median_p99 <"$work/ng.txt")
    read -r mhd_rps mhd_p50 mhd_p99 mhd_p999 mhd_err mhd_sat < <(median_p99 <"$work/mhd.txt")
    read -r vc_rps vc_p50 vc_p99 vc_p999 vc_err vc_sat < <(median_p99 <"$work/vc.txt")
    p99_ratio=$(paired_median "$work/ds.txt" "$work/mhd.txt" 3)
    printf "%-13s | %8s %7s %7s %7s | %8s %7s %7s %7s | %8s %7s %7s %7s | %8s %7s %7s %7s | %11s\n" "$name" \
        "$ds_rps$(mark "$ds_sat")" "$ds_p50" "$ds_p99" "$ds_p999" \
        "$ng_rps$(mark "$ng_sat")" "$ng_p50" "$ng_p99" "$ng_p999" \
        "$mhd_rps$(mark "$mhd_sat")" "$mhd_p50" "$mhd_p99" "$mhd_p999" \
        "$vc_rps$(mark "$vc_sat")" "$vc_p50" "$vc_p99" "$vc_p999" "$p99_ratio"
    grep -q saturated "$work/ds.txt" "$work/ng.txt" "$work/mhd.txt" "$work/vc.txt" && saturated_any=yes
    errors_any=$((errors_any + $(cat "$work/ds.txt" "$work/ng.txt" "$work/mhd.txt" "$work/vc.txt" | awk '{ n += $5 } END { print n + 0 }')))
done
echo "* = achieved rate more than 2% below $rate req/s (saturated: the figures include a queue)"
[ -n "$saturated_any" ] && echo "note: at least one round saturated at this rate"
echo "errors at the fixed load: $errors_any"
# The generator's own share: how late requests left it after their due time (its scheduling on
# the shared cores; with 64 connections and this rate a connection is always idle).
echo "load generator's lateness (request sent after its due time), worst run: $(awk '
    { for (i = 1; i <= NF; i++) { if ($i == "p99") p99 = $(i + 1); if ($i == "max") mx = $(i + 1) }
      if (p99 + 0 > worst99) worst99 = p99 + 0; if (mx + 0 > worstmax) worstmax = mx + 0 }
    END { printf "p99 %.3f ms, max %.3f ms", worst99, worstmax }' "$work/lag.txt")"

echo
echo "== surge: 1,000 concurrent connections on the home page (wrk -t2 -c1000 -d$duration)"
ulimit -n 65536 2>/dev/null || true
wrk -t2 -c1000 -d"$duration" --timeout 5s --latency "$ds/sv/" >"$work/surge.txt"
grep -E "Requests/sec|Socket errors|Non-2xx| 50%| 99%" "$work/surge.txt" || true
errors=$(awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $5 } END { print n + 0 }' "$work/surge.txt")
echo "errors during the surge: $errors"
echo "server memory after the surge: $(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' /proc/$server_pid/status)"

# The servers are done: stopped so their background work (time-driven re-renders, idle
# connections closing) does not share the cores with the render measurement.
kill "$server_pid" "$quiet_pid" "$nginx_pid" "$varnish_pid" 2>/dev/null || true
wait "$server_pid" "$quiet_pid" "$varnish_pid" 2>/dev/null || true; server_pid=""; quiet_pid=""; nginx_pid=""; varnish_pid=""

echo
echo "== cache-miss render of /sv/ (release build) by history length"
for extra in 10 1000 100000; do
    "$bin" demo --db "$work/h$extra.sqlite" --site "$root" >/dev/null
    python3 bench/make_history.py "$work/h$extra.sqlite" "$extra" >/dev/null
    echo "demo + $extra past incidents: $("$bin" bench-render --db "$work/h$extra.sqlite" --site "$root" --iterations 30)"
done
