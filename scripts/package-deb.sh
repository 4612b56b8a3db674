#!/usr/bin/env bash
# Builds dist/driftstatus_<version>_<arch>.deb with dpkg-deb alone: the release binary with the
# Swift standard library linked in, templates and static files in /usr/share/driftstatus, a
# commented /etc/driftstatus/driftstatus.toml (a conffile), the systemd unit, and Depends: on
# the Debian libraries the binary links, as dpkg-shlibdeps finds them.
#
#   scripts/package-deb.sh [--version V]
#
# The version is VERSION's first line unless --version stamps another (the binary reads it from
# /usr/share/driftstatus/VERSION, so `driftstatus --version` prints what the package says and a
# re-stamp needs no rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(head -n1 VERSION)
while [ $# -gt 0 ]; do
    case "$1" in
        --version) version=${2:?--version needs a value}; shift 2 ;;
        *) echo "usage: scripts/package-deb.sh [--version V]" >&2; exit 2 ;;
    esac
done
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "not a Debian version: $version" >&2; exit 2; }
arch=$(dpkg --print-architecture)

# Its own scratch path: the debug .build stays as it is.
swift build -c release --static-swift-stdlib --scratch-path .build-release >&2
binary="$(swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)/driftstatus"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/driftstatus" "$root/etc/driftstatus" \
    "$root/lib/systemd/system" "$root/usr/share/doc/driftstatus"

# Debug sections out (a quarter of the size); symbol names stay for crash backtraces.
strip --strip-debug -o "$root/usr/bin/driftstatus" "$binary"
chmod 0755 "$root/usr/bin/driftstatus"
cp -r templates public migrations wordlists "$root/usr/share/driftstatus/"
echo "$version" >"$root/usr/share/driftstatus/VERSION"
install -m 0644 deploy/systemd/driftstatus.service "$root/lib/systemd/system/"
cp docs/*.md README.md "$root/usr/share/doc/driftstatus/"
gzip -9n -c CHANGELOG.md >"$root/usr/share/doc/driftstatus/changelog.gz"

# The conffile: the example with every setting commented out, so the defaults apply until an
# operator opts in, and an upgrade that changes the example never asks about an untouched file.
{
    echo "# /etc/driftstatus/driftstatus.toml, read by driftstatus.service (--config)."
    echo "# Uncomment and change what you need, then: systemctl restart driftstatus"
    echo "# The listening address and port are in the unit's ExecStart (systemctl edit driftstatus)."
    echo "#"
    sed -E 's/^([A-Za-z_\[])/# \1/' driftstatus.example.toml
} >"$root/etc/driftstatus/driftstatus.toml"
chmod 0640 "$root/etc/driftstatus/driftstatus.toml"
echo "/etc/driftstatus/driftstatus.toml" >"$root/DEBIAN/conffiles"

for script in postinst prerm postrm; do
    install -m 0755 "deploy/debian/$script" "$root/DEBIAN/$script"
done

# dpkg-shlibdeps wants a source tree's debian/control; a minimal one in the work folder will do.
mkdir -p "$work/src/debian"
printf 'Source: driftstatus\n\nPackage: driftstatus\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/driftstatus" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }

cat >"$root/DEBIAN/control" <<CONTROL
Package: driftstatus
Version: $version
Architecture: $arch
Maintainer: Driftstatus maintainers <driftstatus@localhost>
Section: web
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: adduser, $shlibs
Description: self-hosted public status page and incident communication
 Driftstatus serves a fast public status page in Swedish and English: the
 overall status, incidents, planned maintenance, uptime, feeds and the
 Statuspage-compatible JSON, with a staff UI, a write API and email and
 webhook notifications. SQLite storage, one process, no external services.
CONTROL

mkdir -p dist
out="dist/driftstatus_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$out" >&2
echo "$out"
