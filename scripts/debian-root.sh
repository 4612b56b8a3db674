#!/usr/bin/env bash
# Makes (once) a clean Debian 12 root with debootstrap under .build-debroot/base and prints its
# path. The mirror is the one this machine's apt sources name; nothing else is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=.build-debroot
BASE=$CACHE/base

# The first Debian (not security) URI for bookworm in this machine's apt sources.
apt_mirror() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             /(^|\n)Suites:[^\n]*bookworm([ \n]|$)/ && !/(^|\n)Enabled: *no/ {
                 for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { sub(/^URIs: */, "", $i); split($i, u, " "); print u[1]; exit }
             }' "$file"
    done
    if [ -f /etc/apt/sources.list ]; then
        awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list | sed 's/\[.*\]//'
    fi
}

if [ ! -f "$BASE/.complete" ]; then
    command -v debootstrap >/dev/null || apt-get install -y debootstrap >&2
    mirror=$(apt_mirror | head -1)
    [ -n "$mirror" ] || { echo "no bookworm mirror found in /etc/apt/sources*" >&2; exit 1; }
    rm -rf "$BASE"
    mkdir -p "$CACHE"
    echo "debootstrap bookworm into $BASE (first run only; a few minutes)" >&2
    # systemd for systemd-analyze verify inside the root; adduser for the package's postinst.
    debootstrap --variant=minbase --include=systemd,adduser,ca-certificates bookworm "$BASE" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    echo "deb $mirror bookworm main" >"$BASE/etc/apt/sources.list"
    chroot "$BASE" apt-get update -q >>"$CACHE/debootstrap.log" 2>&1
    chroot "$BASE" apt-get clean
    touch "$BASE/.complete"
fi
echo "$BASE"
