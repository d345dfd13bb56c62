#!/bin/bash
# Install what virtnet needs to build and test, from Debian's archive (only what is missing).
#   setup.sh          to build and run the tests
#   setup.sh --deb    also to build the Debian package (make deb)
#   setup.sh --boot   also to boot it in a container (tests/boot)
#   setup.sh --browser also to test the Cockpit page in a real browser (tests/browser)
set -eu

PKGS=(
	meson ninja-build gcc clang libclang-rt-14-dev pkg-config    # build, fuzzing
	libxml2-dev libmnl-dev libnftables-dev libcmocka-dev         # libraries
	libmicrohttpd-dev libjansson-dev                             # virtnetd's API: HTTP on a unix socket, JSON
	dnsmasq-base                                                 # DHCP/DNS at run time
	frr                                                          # BGP EVPN for overlays (control='evpn'); never started as a service
	iproute2 nftables busybox-static procps psmisc util-linux    # tests only: namespaces, inspection, DHCP client
	python3                                                      # tests only: hostile documents, forged packets
	bridge-utils                                                 # tests only: brctl, to compare bridge-show & co. with
	iperf3                                                       # bench only: throughput across an overlay (bench/overlay.sh)
	qemu-system-x86 cpio kmod xz-utils                           # tests only: real guests (t-vm.sh, tests/vm/guest.sh)
)
for arg in "$@"; do
	case $arg in
	--deb) PKGS+=(debhelper dpkg-dev lintian) ;;
	--boot) PKGS+=(debootstrap systemd-container) ;;
	--browser) PKGS+=(cockpit-ws cockpit-bridge cockpit-system chromium chromium-driver python3-selenium) ;;
	*) echo "error: setup.sh: unknown option '$arg'" >&2; exit 1 ;;
	esac
done

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "error: missing packages: ${missing[*]}; run as root or: apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# no package starts a service on this host while we install (systemd-container's, say)
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/virtnet-apt.log 2>&1; then
	apt-get update >>/tmp/virtnet-apt.log 2>&1 || true
	apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/virtnet-apt.log 2>&1 || {
		tail -20 /tmp/virtnet-apt.log >&2
		echo "error: apt-get install failed (log: /tmp/virtnet-apt.log)" >&2
		exit 1
	}
fi
