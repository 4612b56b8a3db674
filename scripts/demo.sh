#!/usr/bin/env bash
# Installs what is missing, builds, loads fresh demo data into ./data/demo.sqlite and serves it
# at http://127.0.0.1:8080/ (override with HOST=... PORT=...). Never touches ./data/driftstatus.sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build -c release --product driftstatus
binary=".build/release/driftstatus"

# Demo dates are relative to today, so the demo database is rebuilt on every run.
rm -f data/demo.sqlite data/demo.sqlite-wal data/demo.sqlite-shm
"$binary" demo --db data/demo.sqlite
exec "$binary" serve --db data/demo.sqlite --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
