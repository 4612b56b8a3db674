#!/usr/bin/env bash
# The Debian package tier (not part of scripts/test.sh; slow the first time): builds the package,
# installs it in a clean Debian 12 root made with debootstrap (cached in .build-debroot/), serves
# from it with the unit's own command line, upgrades it, removes and purges it. Needs root.
# Prints `N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "scripts/test-deb.sh needs root (debootstrap, chroot, mount)" >&2; exit 2; }
CACHE=.build-debroot
ROOT=$CACHE/root
LOG=$CACHE/serve.log
passed=0
failed=0
server_pid=

check() {  # check NAME COMMAND...: one line per check
    local name=$1
    shift
    if "$@" >>"$CACHE/checks.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok    $name"
    else
        failed=$((failed + 1))
        echo "FAIL  $name (see $CACHE/checks.log)"
    fi
}

in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# Runs the unit's ExecStart (the port changed to $port) in the root as the driftstatus user.
start_server() {
    local command
    command=$(sed -n 's/^ExecStart=//p' "$ROOT/lib/systemd/system/driftstatus.service" | sed -E "s/--port [0-9]+/--port $port/")
    : >"$LOG"
    chroot --userspec=driftstatus:driftstatus "$ROOT" env -i PATH=/usr/bin:/bin HOME=/var/lib/driftstatus LANG=C.UTF-8 \
        sh -c "cd /var/lib/driftstatus && exec $command" >>"$LOG" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        grep -q "^listening on http://127.0.0.1:$port\$" "$LOG" && return 0
        kill -0 "$server_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

stop_server() {
    [ -n "$server_pid" ] || return 0
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid"
    local status=$?
    server_pid=
    [ "$status" = 0 ] && grep -q '^stopped$' "$LOG"
}

cleanup() {
    [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    mountpoint -q "$ROOT/proc" && umount "$ROOT/proc"
}
trap cleanup EXIT

page_contains() {
    local body
    body=$(curl -fsS --max-time 5 "http://127.0.0.1:$port$1") && grep -qF "$2" <<<"$body"
}
# chroot, env and sh exec one another, so $server_pid is the server itself.
served_by_driftstatus_user() {
    [ "$(readlink "/proc/$server_pid/exe")" = "$(realpath "$ROOT")/usr/bin/driftstatus" ] \
        && [ "$(stat -c %u "/proc/$server_pid")" = "$(in_root id -u driftstatus)" ]
}
installed_version_is() { [ "$(in_root driftstatus --version)" = "$1" ]; }

# --- build two packages: the second differs only in its (higher) version ---
version=$(head -n1 VERSION)
upgrade_version="${version}+upgrade1"
deb1=$(scripts/package-deb.sh) || { echo "0 passed, 1 failed (package build)"; exit 1; }
deb2=$(scripts/package-deb.sh --version "$upgrade_version") || { echo "0 passed, 1 failed (package build)"; exit 1; }
dpkg --compare-versions "$upgrade_version" gt "$version" || exit 1

# --- a fresh copy of the cached clean root ---
base=$(scripts/debian-root.sh) || { echo "0 passed, 1 failed (debootstrap)"; exit 1; }
mountpoint -q "$ROOT/proc" && umount "$ROOT/proc"
rm -rf "$ROOT"
cp -a "$base" "$ROOT"
: >"$CACHE/checks.log"
mount -t proc proc "$ROOT/proc"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mkdir -p "$CACHE/archives"
cp "$CACHE"/archives/*.deb "$ROOT/var/cache/apt/archives/" 2>/dev/null || true
cp "$deb1" "$deb2" "$ROOT/tmp/"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# --- dependencies from the Debian mirror with apt-get, then dpkg -i ---
depends=$(dpkg-deb -f "$deb1" Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/ //g' | grep -v '^$' | tr '\n' ' ')
install_dependencies() {
    in_root apt-get update -q && in_root apt-get install -y -q --no-install-recommends $depends
}
check "apt-get installs the package's Depends: $depends" install_dependencies
cp "$ROOT"/var/cache/apt/archives/*.deb "$CACHE/archives/" 2>/dev/null
check "dpkg -i $(basename "$deb1")" in_root dpkg -i "/tmp/$(basename "$deb1")"
check "postinst made the driftstatus system user" in_root sh -c 'getent passwd driftstatus | grep -q ":/var/lib/driftstatus:" && [ "$(id -u driftstatus)" -lt 1000 ]'
check "/var/lib/driftstatus belongs to driftstatus" in_root sh -c '[ "$(stat -c %U:%G:%a /var/lib/driftstatus)" = driftstatus:driftstatus:750 ]'
check "/etc/driftstatus/driftstatus.toml is a conffile" in_root sh -c 'dpkg-query -W -f="\${Conffiles}" driftstatus | grep -q /etc/driftstatus/driftstatus.toml'
check "driftstatus --version prints $version" installed_version_is "$version"
check "systemd-analyze verify passes on the installed unit" in_root sh -c \
    'out=$(systemd-analyze verify /lib/systemd/system/driftstatus.service 2>&1); echo "$out"; [ -z "$out" ]'
in_root systemd-analyze security --offline=true /lib/systemd/system/driftstatus.service >"$CACHE/security.txt" 2>&1
exposure=$(grep -o 'Overall exposure level for driftstatus.service: [0-9.]* [A-Z]*' "$CACHE/security.txt" | sed 's/.*: //')
echo "      systemd-analyze security: $exposure"
check "systemd-analyze security rates the unit OK or better" sh -c "[ -n '$exposure' ] && awk 'BEGIN { exit !(${exposure%% *} < 2.0) }'"

# --- migrate and serve inside the root as the driftstatus user, with the unit's command line ---
check "driftstatus migrate as driftstatus" chroot --userspec=driftstatus:driftstatus "$ROOT" env -i PATH=/usr/bin:/bin \
    /usr/bin/driftstatus migrate --db /var/lib/driftstatus/driftstatus.sqlite
check "driftstatus demo fills the database" chroot --userspec=driftstatus:driftstatus "$ROOT" env -i PATH=/usr/bin:/bin \
    /usr/bin/driftstatus demo --db /var/lib/driftstatus/driftstatus.sqlite
echo 'name = "Debian root test"' >>"$ROOT/etc/driftstatus/driftstatus.toml"
check "serve (the unit's ExecStart) prints listening on http://127.0.0.1:$port" start_server
check "the server runs as the driftstatus user" served_by_driftstatus_user
check "curl from outside fetches /sv/ with the demo data" page_contains /sv/ Banksynkronisering
check "the edited conffile is read (site name)" page_contains /en/ "Debian root test"
check "/healthz?ready is ready" page_contains '/healthz?ready' ok
check "SIGTERM stops it cleanly" stop_server

# --- upgrade over it: data and the edited conffile stay ---
check "dpkg -i $(basename "$deb2") upgrades" in_root dpkg --force-confold -i "/tmp/$(basename "$deb2")"
check "driftstatus --version prints $upgrade_version" installed_version_is "$upgrade_version"
check "the conffile edit survived the upgrade" grep -q '^name = "Debian root test"' "$ROOT/etc/driftstatus/driftstatus.toml"
check "serve after the upgrade" start_server
check "the data survived the upgrade" page_contains /sv/ Banksynkronisering
check "the site name survived the upgrade" page_contains /en/ "Debian root test"
check "SIGTERM stops it cleanly again" stop_server

# --- remove keeps the data; purge removes the configuration, still keeps the data ---
check "dpkg -r driftstatus" in_root dpkg -r driftstatus
check "dpkg -r removed the program" test ! -e "$ROOT/usr/bin/driftstatus"
check "dpkg -r kept /var/lib/driftstatus/driftstatus.sqlite" test -s "$ROOT/var/lib/driftstatus/driftstatus.sqlite"
check "dpkg -r kept the conffile" test -f "$ROOT/etc/driftstatus/driftstatus.toml"
check "dpkg --purge driftstatus" in_root dpkg --purge driftstatus
check "purge removed /etc/driftstatus" test ! -e "$ROOT/etc/driftstatus"
check "purge kept the database (removed by hand only, docs/deploy.md)" test -s "$ROOT/var/lib/driftstatus/driftstatus.sqlite"

# --- the unit's SystemCallFilter= and MemoryDenyWriteExecute= allow what the server does ---
# The packaged binary under strace as an unprivileged user (outside the root: the same code), exercised
# through start, pages, feeds, a failed sign-in (password hashing), metrics, watchdog pings
# and SIGTERM; then each call is checked against the filter systemd would apply.
syscall_run() {
    local dir
    dir=$(mktemp -d)
    dpkg-deb -x "$deb1" "$dir/pkg"
    python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); import os, time; os.chmod(sys.argv[1], 0o777); time.sleep(30)' \
        "$dir/notify" &
    local listener=$!
    : >"$LOG"
    # Not as root, like the unit: SQLite, for one, fchown()s new files only when it runs as root.
    chown 65534:65534 "$dir" && chmod 0755 "$dir" && chmod 0644 "$dir/pkg/etc/driftstatus/driftstatus.toml"
    NOTIFY_SOCKET="$dir/notify" WATCHDOG_USEC=400000 strace -f -qq -o "$CACHE/strace.log" \
        setpriv --reuid=65534 --regid=65534 --clear-groups "$dir/pkg/usr/bin/driftstatus" serve --config "$dir/pkg/etc/driftstatus/driftstatus.toml" \
        --db "$dir/driftstatus.sqlite" --port "$port" >>"$LOG" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        grep -q "^listening on" "$LOG" && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    for path in /sv/ /en/feed.rss /api/v2/summary.json '/healthz?ready' /admin/login /metrics /missing; do
        curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port$path"
    done
    curl -s -o /dev/null --max-time 10 -d 'email=nobody@example.com&password=wrong' "http://127.0.0.1:$port/admin/login"
    sleep 1
    # SIGTERM to the server, not to strace (which would detach from it).
    local target
    target=$(pgrep -P "$server_pid") && kill -TERM "$target"
    wait "$server_pid"
    local stopped=$?
    server_pid=
    grep -q '^stopped$' "$LOG" || stopped=1
    kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null
    rm -rf "$dir"
    [ "$stopped" = 0 ] && scripts/check-syscall-filter.py deploy/systemd/driftstatus.service "$CACHE/strace.log"
}
if command -v strace >/dev/null || apt-get install -y -q strace >/dev/null; then
    check "SystemCallFilter= and MemoryDenyWriteExecute= allow what the server did" syscall_run
    grep -E "system calls seen|refused by" "$CACHE/checks.log" | tail -2 | sed "s/^/      /"
else
    check "strace is installable" false
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
