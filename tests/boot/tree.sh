#!/bin/bash
# tree.sh DEB: print the path of a Debian 12 tree that boots systemd and has every package
# DEB depends on, plus what the boot test uses inside (nftables, busybox's DHCP client and
# ping): made once with debootstrap and kept in $VIRTNET_TEST_CACHE (default
# /var/cache/virtnet-test), outside the clone, named after what it holds. The container runs
# with a private network, so nothing can be fetched at test time.
set -eu
deb=$1
cache=${VIRTNET_TEST_CACHE:-/var/cache/virtnet-test}
mirror=${VIRTNET_TEST_MIRROR:-http://deb.debian.org/debian}

# the first alternative of each dependency, without versions and architecture qualifiers
deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/:.*//; s/ //g' | grep . | sort -u)
pkgs=$(printf '%s\n' systemd systemd-sysv dbus iproute2 nftables busybox-static $deps | sort -u | paste -sd, -)
tree=$cache/bookworm-$(printf '%s' "$pkgs" | sha256sum | cut -c1-12)
if [ -f "$tree/.tree-complete" ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$cache"
rm -rf "$tree.new"
echo "tree: debootstrap bookworm with $pkgs into $tree (once)" >&2
if ! debootstrap --variant=minbase --include="$pkgs" bookworm "$tree.new" "$mirror" \
	>"$cache/debootstrap.log" 2>&1; then
	tail -20 "$cache/debootstrap.log" >&2
	echo "error: debootstrap failed (log: $cache/debootstrap.log)" >&2
	rm -rf "$tree.new"
	exit 1
fi
# what a booted container needs: a root login never asked for, no getty on the console
# (the test drives it from outside), a machine id of its own at each boot
echo virtnet-boot >"$tree.new/etc/hostname"
: >"$tree.new/etc/machine-id"
rm -rf "$tree.new/var/cache/apt/archives"/*.deb
touch "$tree.new/.tree-complete"
mv "$tree.new" "$tree"
echo "$tree"
