#!/bin/bash
# guest.sh - the tests' real guest: Debian's kernel and busybox-static booted by QEMU (TCG),
# which takes a DHCP lease, pings its router (and peers) and reports on its serial console.
#
#   guest.sh build [--cache DIR]       make the image once (root): kernel, modules, initramfs
#   guest.sh boot --mac MAC (--tap TAP | --bridge BR [--helper PATH]) [--netns NS]
#                 [--expect-ip IP] [--peer IP[,IP...]] [--dns-name NAME] [--hold S]
#                 [--timeout S] [--log FILE] [--accel tcg|kvm|auto] [--helper-conf C]
#
# build downloads Debian's linux-image package (apt-get download: never installed), takes
# its kernel and the modules a virtio-net NIC needs, and packs busybox-static and an /init
# into an initramfs, in $VIRTNET_GUEST_CACHE (default /var/cache/virtnet-test/guest: outside
# the clone, so only the first run pays). A second build does nothing.
#
# boot runs QEMU ($QEMU, default qemu-system-x86_64) inside NS (ip netns exec; nothing of
# the root namespace is touched) on an existing tap, or on a bridge through a bridge helper.
# The guest prints, and boot passes on: MAC, LEASE IP (or NOLEASE), PING_OK ROUTER n/3 (or
# PING_FAIL), PEER_OK/PEER_FAIL IP, DNS_OK/DNS_FAIL NAME, RESULT PASS|FAIL, then boot says
# HOST ... verdict=...; every console line goes to --log with the seconds since QEMU
# started ("[2.847] LEASE 192.168.122.77"). With --hold the guest waits S seconds before it
# powers off (a peer for another guest); killing boot stops its QEMU. QEMU's -name carries
# process=virtnet-guest-MAC. Exit: 0 pass, 1 a check failed, 2 usage or set-up, 3 no verdict.
set -u -o pipefail
export LC_ALL=C

CACHE=${VIRTNET_GUEST_CACHE:-/var/cache/virtnet-test/guest}
QEMU=${QEMU:-qemu-system-x86_64}
MODULES="virtio_pci virtio_net"   # with what modprobe says they need, unless built in

die() { echo "guest: $*" >&2; exit 2; }
us() { local t=$EPOCHREALTIME; echo $((${t%.*} * 1000000 + 10#${t#*.})); }
secs() { printf '%d.%03d' $(($1 / 1000000)) $((($1 % 1000000) / 1000)); }

# The guest's /init and its DHCP hook (busybox sh)
guest_files() {
	cat >"$1/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t devtmpfs dev /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mkdir -p /tmp
peers= dnsname= hold=0
for a in $(cat /proc/cmdline); do
	case $a in
	peer=*) peers=$(echo "${a#peer=}" | tr , ' ') ;;
	dnsname=*) dnsname=${a#dnsname=} ;;
	hold=*) hold=${a#hold=} ;;
	probe=1) echo PROBE_OK; poweroff -f ;;
	esac
done
end() {
	echo "RESULT $1"
	[ "$hold" -gt 0 ] 2>/dev/null && { echo "HOLD $hold"; sleep "$hold"; }
	poweroff -f
}
# answered N ADDR: how many of N pings ADDR answered
answered() { ping -c "$1" -i 0.2 -W 2 "$2" 2>/dev/null | sed -n 's/.* \([0-9]*\) packets received.*/\1/p'; }
while read -r m; do insmod "/lib/modules/$m" || echo "INSMOD_FAIL $m"; done </lib/modules/order
ip link set lo up
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -e /sys/class/net/eth0 ] || { echo NOLEASE; end FAIL; }
echo "MAC $(cat /sys/class/net/eth0/address)"
ip link set eth0 up
udhcpc -i eth0 -n -q -t 5 -s /etc/dhcp.sh >/tmp/udhcpc.log 2>&1
[ -s /tmp/lease ] || { echo NOLEASE; sed 's/^/UDHCPC: /' /tmp/udhcpc.log; end FAIL; }
. /tmp/lease
echo "LEASE $ip"
ok=PASS
gw=${router%% *}
n=$(answered 3 "$gw")
if [ "${n:-0}" -gt 0 ]; then echo "PING_OK $gw $n/3"; else echo "PING_FAIL $gw ${n:-0}/3"; ok=FAIL; fi
for p in $peers; do
	i=0
	until ping -c 1 -W 1 "$p" >/dev/null 2>&1 || [ $i -ge 20 ]; do i=$((i + 1)); done
	n=$(answered 3 "$p")
	if [ "${n:-0}" -gt 0 ]; then echo "PEER_OK $p $n/3"; else echo "PEER_FAIL $p"; ok=FAIL; fi
done
if [ -n "$dnsname" ]; then
	addr=$(nslookup "$dnsname" "${dns%% *}" 2>/dev/null | awk '/^Name:/ {n = 1; next} n && /^Address/ {print $NF; exit}')
	if [ -n "$addr" ]; then echo "DNS_OK $dnsname $addr"; else echo "DNS_FAIL $dnsname"; ok=FAIL; fi
fi
end $ok
INIT
	cat >"$1/etc/dhcp.sh" <<'HOOK'
#!/bin/sh
case $1 in
bound|renew)
	ip -4 addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	for r in $router; do ip route replace default via "$r"; break; done
	printf "ip='%s'\nrouter='%s'\ndns='%s'\n" "$ip" "$router" "$dns" >/tmp/lease
	;;
esac
exit 0
HOOK
	chmod 755 "$1/init" "$1/etc/dhcp.sh"
}

# The kernel's ELF image out of the bzImage (after the setup sectors, at the header's
# payload_offset, payload_length bytes, xz-compressed in Debian's), so that QEMU starts it
# through its PVH entry: no firmware, no decompression in the guest (seconds under TCG)
vmlinux_of() {
	local bz=$1 out=$2 setup off len
	setup=$(od -An -tu1 -j 497 -N1 "$bz" | tr -d ' ')
	[ "$setup" -eq 0 ] && setup=4
	off=$(((setup + 1) * 512 + $(od -An -tu4 -j 584 -N4 "$bz" | tr -d ' ')))
	len=$(od -An -tu4 -j 588 -N4 "$bz" | tr -d ' ')
	dd if="$bz" iflag=skip_bytes,count_bytes skip="$off" count="$len" status=none |
		xz -dc --single-stream >"$out" 2>/dev/null &&
		[ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]
}

build() {
	local w kpkg kver cfg root m line f base
	while [ $# -gt 0 ]; do
		case $1 in
		--cache) CACHE=$2; shift ;;
		*) die "build: unknown option $1" ;;
		esac
		shift
	done
	[ -s "$CACHE/kernel" ] && [ -s "$CACHE/initrd.gz" ] && { cat "$CACHE/image.txt"; return 0; }
	[ "$(id -u)" = 0 ] || die "build: run as root"
	for f in busybox cpio depmod modprobe dpkg-deb gzip xz; do
		command -v "$f" >/dev/null || die "build: $f is missing (scripts/setup.sh installs it)"
	done
	w=$(mktemp -d /tmp/virtnet-guest.XXXXXX)
	GUEST_WORK=$w
	trap 'rm -rf "$GUEST_WORK"' EXIT
	# the kernel package linux-image-amd64 depends on, downloaded and unpacked
	kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1)
	[ -n "$kpkg" ] || { apt-get update -q >/dev/null 2>&1; kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -n 1); }
	[ -n "$kpkg" ] || die "build: apt cannot resolve linux-image-amd64"
	(cd "$w" && apt-get download -q -o APT::Sandbox::User=root "$kpkg" >/dev/null 2>&1) ||
		die "build: apt-get download $kpkg failed"
	dpkg-deb -x "$w/${kpkg}"_*.deb "$w/k"
	kver=$(ls "$w/k/lib/modules")
	cfg=$w/k/boot/config-$kver
	[ -f "$w/k/boot/vmlinuz-$kver" ] || die "build: no kernel in $kpkg"
	# the initramfs: busybox, its applets, /init, the modules in load order
	root=$w/root
	mkdir -p "$root"/bin "$root"/dev "$root"/proc "$root"/sys "$root"/etc "$root"/lib/modules
	cp "$(command -v busybox)" "$root/bin/busybox"
	for f in $("$root/bin/busybox" --list); do [ "$f" = busybox ] || ln -s busybox "$root/bin/$f"; done
	mknod -m 600 "$root/dev/console" c 5 1
	guest_files "$root"
	depmod -b "$w/k" "$kver"
	: >"$root/lib/modules/order"
	for m in $MODULES; do
		grep -q "^CONFIG_$(echo "$m" | tr a-z A-Z)=y" "$cfg" && continue
		modprobe -d "$w/k" -S "$kver" --show-depends "$m" | while read -r line; do
			[ "${line%% *}" = insmod ] || continue
			f=$(echo "$line" | cut -d' ' -f2)
			base=$(basename "$f")
			case $base in
			*.xz) xz -dc "$f" >"$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
			*) cp "$f" "$root/lib/modules/$base" ;;
			esac
			grep -qx "$base" "$root/lib/modules/order" || echo "$base" >>"$root/lib/modules/order"
		done
	done
	mkdir -p "$CACHE"
	(cd "$root" && find . | cpio -o -H newc --owner=0:0 --quiet) | gzip -9 >"$CACHE/initrd.gz.new"
	cp "$w/k/boot/vmlinuz-$kver" "$CACHE/kernel.new"
	# the ELF image instead, when QEMU boots it
	if vmlinux_of "$w/k/boot/vmlinuz-$kver" "$w/vmlinux" && command -v "$QEMU" >/dev/null &&
		{ timeout 60 "$QEMU" -machine q35 -accel tcg -m 256 -nodefaults -no-user-config -display none \
			-serial stdio -no-reboot -kernel "$w/vmlinux" -initrd "$CACHE/initrd.gz.new" \
			-append "console=ttyS0 panic=-1 rdinit=/init quiet probe=1" </dev/null >"$w/probe" 2>&1
		grep -q PROBE_OK "$w/probe"; }; then
		cp "$w/vmlinux" "$CACHE/kernel.new"
		kpkg="$kpkg, its ELF image for PVH"
	fi
	printf 'kernel %s (%s), busybox %s, modules: %s\n' "$kver" "$kpkg" \
		"$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null)" \
		"$(tr '\n' ' ' <"$root/lib/modules/order")" >"$CACHE/image.txt"
	mv "$CACHE/initrd.gz.new" "$CACHE/initrd.gz"
	mv "$CACHE/kernel.new" "$CACHE/kernel"
	cat "$CACHE/image.txt"
}

QEMU_PIDFILE= RUNNER=
stop() {
	[ -s "$QEMU_PIDFILE" ] && kill "$(cat "$QEMU_PIDFILE")" 2>/dev/null
	[ -n "$RUNNER" ] && kill "$RUNNER" 2>/dev/null
}

boot() {
	local ns= tap= br= mac= peer= dnsname= expect= hold=0 tmo=120 log= helper=/usr/lib/qemu/qemu-bridge-helper
	local accel=tcg dir netdev append t0 line rel lease= result= ping=0 fails=0 peers_ok=0 rc verdict
	local nsexec=()
	while [ $# -gt 0 ]; do
		case $1 in
		--netns) ns=$2 ;; --tap) tap=$2 ;; --bridge) br=$2 ;; --mac) mac=$2 ;;
		--peer) peer=$2 ;; --dns-name) dnsname=$2 ;; --expect-ip) expect=$2 ;;
		--hold) hold=$2 ;; --timeout) tmo=$2 ;; --log) log=$2 ;; --helper) helper=$2 ;;
		--accel) [ "$2" = kvm ] && accel=kvm ;;
		--helper-conf) ;;   # the helper's ACL is its own business (virtnet's: bridge.conf)
		--cache) CACHE=$2 ;;
		*) die "boot: unknown option $1" ;;
		esac
		shift 2
	done
	[[ $mac =~ ^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$ ]] || die "boot: --mac MAC is required"
	{ [ -n "$tap" ] && [ -z "$br" ]; } || { [ -z "$tap" ] && [ -n "$br" ]; } || die "boot: one of --tap or --bridge"
	[ -s "$CACHE/kernel" ] || die "boot: no image in $CACHE (guest.sh build)"
	[ -z "$ns" ] || nsexec=(ip netns exec "$ns")
	dir=$(mktemp -d /tmp/virtnet-guest-run.XXXXXX)
	chmod 755 "$dir"
	[ -n "$log" ] || log=$dir/console.log
	: >"$log"
	QEMU_PIDFILE=$dir/qemu.pid
	if [ -n "$tap" ]; then
		netdev="tap,id=n0,ifname=$tap,script=no,downscript=no"
	else
		netdev="bridge,id=n0,br=$br,helper=$helper"
	fi
	append="console=ttyS0,115200 panic=-1 rdinit=/init quiet loglevel=1 hold=$hold"
	[ -n "$peer" ] && append+=" peer=$peer"
	[ -n "$dnsname" ] && append+=" dnsname=$dnsname"
	mkfifo "$dir/console"
	t0=$(us)
	timeout -k 5 "$tmo" "${nsexec[@]}" "$QEMU" -name "virtnet-guest,process=virtnet-guest-$mac" \
		-machine q35 -accel "$accel" -cpu "$([ $accel = kvm ] && echo host || echo qemu64)" -smp 1 -m 256 \
		-nodefaults -no-user-config -display none -monitor none -serial stdio -no-reboot \
		-pidfile "$QEMU_PIDFILE" -kernel "$CACHE/kernel" -initrd "$CACHE/initrd.gz" -append "$append" \
		-netdev "$netdev" -device "virtio-net-pci,netdev=n0,mac=$mac,romfile=" \
		</dev/null >"$dir/console" 2>&1 &
	RUNNER=$!
	trap stop TERM INT HUP
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line//$'\r'/}
		rel=$(($(us) - t0))
		echo "[$(secs $rel)] $line" >>"$log"
		case $line in
		LEASE\ *) lease=${line#LEASE }; echo "$line" ;;
		PING_OK*) ping=1; echo "$line" ;;
		PEER_OK*) peers_ok=$((peers_ok + 1)); echo "$line" ;;
		PING_FAIL*|PEER_FAIL*|DNS_FAIL*|NOLEASE*) fails=$((fails + 1)); echo "$line" ;;
		RESULT\ *) result=${line#RESULT }; echo "$line" ;;
		MAC\ *|DNS_OK*|HOLD\ *|UDHCPC:*|INSMOD_FAIL*) echo "$line" ;;
		*qemu*|*[Pp]anic*|*[Ee]rror*|*failed*) echo "CONSOLE: $line" ;;
		esac
	done <"$dir/console"
	wait "$RUNNER"
	rc=$?
	trap - TERM INT HUP
	verdict=FAIL
	if [ -z "$result" ]; then
		verdict=NORESULT
	elif [ "$result" = PASS ] && [ -n "$lease" ] && [ $ping = 1 ] && [ $fails = 0 ] &&
		[ "$peers_ok" = "$(echo "$peer" | tr , '\n' | grep -c .)" ]; then
		verdict=PASS
	fi
	if [ $verdict = PASS ] && [ -n "$expect" ] && [ "$lease" != "$expect" ]; then
		echo "EXPECT_IP_FAIL want $expect got $lease"
		verdict=FAIL
	fi
	echo "HOST accel=$accel total_s=$(secs $(($(us) - t0))) qemu_rc=$rc verdict=$verdict log=$log"
	[ "$log" = "$dir/console.log" ] && [ $verdict != PASS ] && cp "$log" "/tmp/virtnet-guest-$mac.log"
	rm -rf "$dir"
	case $verdict in PASS) return 0 ;; FAIL) return 1 ;; *) return 3 ;; esac
}

case ${1:-} in
build) shift; build "$@" ;;
boot) shift; boot "$@" ;;
*) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; [ "${1:-}" = --help ] ;;
esac
