#!/usr/bin/env bash
# Installs the Debian packages Driftstatus needs, only those that are missing.
#   scripts/setup.sh          what building and serving needs
#   scripts/setup.sh --test   also what the real-client test tier needs (Python venv, Java, Node,
#                             Chromium and its WebDriver, Varnish with varnish-modules, wrk)
# Safe to run again; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(pkg-config libmicrohttpd-dev libsqlite3-dev zlib1g-dev libcurl4-openssl-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${1:-}" = "--test" ]; then
    command -v python3 >/dev/null || missing+=(python3)
    python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
    command -v java >/dev/null || missing+=(default-jre-headless)   # the Nu HTML Checker
    command -v node >/dev/null || missing+=(nodejs)                 # the banner widget's tests
    command -v curl >/dev/null || missing+=(curl)
    command -v openssl >/dev/null || missing+=(openssl)
    [ -x /usr/bin/chromium ] || missing+=(chromium)                 # the real browser (selenium)
    [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
    command -v varnishd >/dev/null || missing+=(varnish)            # the cache tier (check_varnish.py)
    [ -e /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so ] || missing+=(varnish-modules)
    command -v wrk >/dev/null || missing+=(wrk)                     # load through Varnish, bench/run.sh
    [ -x /usr/sbin/nginx ] || missing+=(nginx)                      # bench/run.sh's static reference
fi

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: the Swift toolchain (6.x) must be on PATH" >&2; exit 1; }
