#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds, runs the real-client tier
# (feed parser, JSON schemas, HTML checker, widget) against a real server, then every Swift test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test
swift build --build-tests

status=0
Tests/RealClients/run.sh || status=1
# The venv of the real-client tier puts jsonschema on PATH for the tests that run Python validators.
PATH="$PWD/.build-realclients/venv/bin:$PATH" swift test --skip-build || status=1
exit $status
