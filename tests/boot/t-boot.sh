#!/bin/bash
# The package on a Debian 12 that boots systemd, in a container with a network namespace of
# its own (systemd-nspawn --private-network: nothing of the host's network is touched):
# installed, enabled and started; default defined, not autostarted; marked autostart, it is
# active after a reboot and a guest gets a lease; a restart of nftables (which flushes the
# ruleset) costs the guest's NATed traffic less than a second; a restart of virtnetd costs
# it nothing, nor does an upgrade; remove stops everything, purge leaves nothing of ours.
#   DEB=FILE   the package to test (default: make it with scripts/deb.sh)
# The Debian tree is made once by tests/boot/tree.sh and kept outside the clone; each run
# boots an overlay of it, removed at the end.
VIRTNET=${VIRTNET:-/usr/sbin/virtnet}   # the one inside the container
. "$(dirname "$0")/../lib.sh"

bash "$TOP/scripts/setup.sh" --deb --boot || exit 1
if [ -z "${DEB:-}" ]; then
	DEB=$(bash "$TOP/scripts/deb.sh" | tail -n 1) || exit 1
fi
t0=$SECONDS
TREE=$(bash "$TOP/tests/boot/tree.sh" "$DEB") || exit 1
echo "# the Debian tree: $TREE ($((SECONDS - t0)) s)"

# The container's root: the cached tree below, this run's changes above
OVL=$(mktemp -d /var/tmp/virtnet-boot.XXXXXX)
mkdir "$OVL/upper" "$OVL/work" "$OVL/root"
mount -t overlay overlay -o "lowerdir=$TREE,upperdir=$OVL/upper,workdir=$OVL/work" "$OVL/root" || exit 1
on_exit "rm -rf '$OVL'"
on_exit "umount '$OVL/root'"
cp "$DEB" "$OVL/root/root/virtnet.deb"

NSPAWN_PID= CT=
# boot: start the container; CT is its init's pid (nspawn's child: nspawn is its reaper)
boot() {
	systemd-nspawn -q -D "$OVL/root" --boot --private-network --register=no --keep-unit \
		--machine="virtnet-boot-$$" --console=pipe </dev/null >>"$T_TMP/console.log" 2>&1 &
	NSPAWN_PID=$!
	CT=
	wait_until 20 find_init
}
find_init() { CT=$(pgrep -P "$NSPAWN_PID" | head -n 1); [ -n "$CT" ]; }
# in_ct CMD...: run CMD inside the container (all its namespaces, its root)
in_ct() { nsenter -a -r -w -t "$CT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }
# halt: power the container off, and wait for it; kill it if it would not go
halt() {
	[ -n "$NSPAWN_PID" ] || return 0
	in_ct systemctl poweroff >/dev/null 2>&1
	wait_until 30 sh -c "! kill -0 $NSPAWN_PID 2>/dev/null" || kill -9 "$NSPAWN_PID"
	wait "$NSPAWN_PID" 2>/dev/null
	NSPAWN_PID=
}
on_exit halt
# running: systemd's boot is done (running, or degraded with a unit failed)
booted() { in_ct systemctl is-system-running --wait >"$T_TMP/state" 2>&1; grep -qE 'running|degraded' "$T_TMP/state"; }
pids_of() { in_ct sh -c 'for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = "$0" ] && echo ${p#/proc/}; done' "$1"; }
ms_since() { echo $(((${EPOCHREALTIME//[.,]/} - $1) / 1000)); }
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }

# 1. Install on a running system
t0=$(now_us)
boot
check "the container boots to multi-user" wait_until 60 booted
echo "# first boot: $(ms_since "$t0") ms"
check "dpkg -i installs the package" in_ct dpkg -i /root/virtnet.deb
is "virtnetd.service is enabled" "$(in_ct systemctl is-enabled virtnetd)" enabled
is "virtnetd.service is running, notified ready" "$(in_ct systemctl is-active virtnetd)" active
is "default is defined, inactive, not autostarted" \
	"$(in_ct virtnet list --all | sed -n 's/^ default *\([a-z]*\) *\([a-z]*\) .*/\1 \2/p')" "inactive no"
check "the group virtnet exists" in_ct getent group virtnet
is "the bridge helper is not setuid" \
	"$(in_ct stat -c '%a %U' /usr/libexec/virtnet/virtnet-bridge-helper)" "755 root"
is "vif-virtnet where Xen looks for it" "$(in_ct readlink /etc/xen/scripts/vif-virtnet-nat)" \
	/usr/libexec/virtnet/vif-virtnet
check "the man pages" in_ct test -f /usr/share/man/man8/virtnet.8.gz -a -f /usr/share/man/man8/virtnetd.8.gz \
	-a -f /usr/share/man/man8/virtnet-bridge-helper.8.gz -a -f /usr/share/man/man8/vif-virtnet.8.gz
# The Cockpit page as the package installed it (read from the container's root): a manifest
# that parses, the page, and nothing that would load a file from elsewhere (an address with a
# scheme or starting with //, @import; SVG's namespace name is not a load)
PAGE=$OVL/root/usr/share/cockpit/virtnet
check "the Cockpit page is in /usr/share/cockpit/virtnet" test -f "$PAGE/index.html" -a -f "$PAGE/app.js" \
	-a -f "$PAGE/patternfly.css"
is "its manifest.json parses, with the menu entry and the socket" \
	"$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print(m["menu"]["index"]["label"], m["config"]["socket"])' \
		"$PAGE/manifest.json" 2>&1)" "Virtual networks /run/virtnet/virtnetd.sock"
external_refs() {
	local f
	for f in "$PAGE"/*; do
		sed -E "s#xmlns(:[a-z]+)?=(['\"]|%27|%22)http://www\.w3\.org/2000/svg(['\"]|%27|%22)##g" "$f" |
			grep -noE "\b(https?|ftp|wss?)://|url\(['\"]?//|(src|href)=['\"]?//|@import" | sed "s#^#${f##*/}:#"
	done
}
is "no file of the page refers to anything outside it" "$(external_refs)" ""
is "bash completion asks virtnet" \
	"$(in_ct bash -c '. /usr/share/bash-completion/completions/virtnet; COMP_WORDS=(virtnet start d); COMP_CWORD=2; _virtnet; echo "${COMPREPLY[*]}"')" \
	default
run in_ct virtnet autostart default
expect "the one command that enables default at boot" 0 "Network default marked as autostarted" ""
halt

# 2. Boot with default marked: virtnetd starts it
t0=$(now_us)
boot
active() { in_ct virtnet -q list --name | grep -qx default; }
check "after boot default is active" wait_until 60 active
echo "# second boot until default is active: $(ms_since "$t0") ms"
check "the boot is complete" wait_until 60 booted

# a guest on default, and an "internet" the host's NAT leads to (both namespaces inside)
in_ct sh -c 'ip netns add g1 && ip netns add inet &&
	ip link add vinet type veth peer name eth0 netns inet &&
	ip addr add 192.0.2.1/24 dev vinet && ip link set vinet up &&
	ip -n inet addr add 192.0.2.2/24 dev eth0 && ip -n inet link set eth0 up &&
	ip -n inet link set lo up && ip -n g1 link set lo up' || not_ok "the guest's namespaces"
run in_ct virtnet port-create default --type veth --netns g1
check "a port for the guest" [ "$RC" -eq 0 ]
in_ct ip -n g1 link set eth0 up
cat >"$OVL/root/root/udhcpc.sh" <<'SH'
#!/bin/sh
case "$1" in
bound|renew)
	ip addr flush dev "$interface" scope global
	ip addr add "$ip/$mask" dev "$interface"
	[ -n "$router" ] && ip route replace default via "${router%% *}"
	;;
esac
exit 0
SH
chmod +x "$OVL/root/root/udhcpc.sh"
check "the guest gets a lease" in_ct ip netns exec g1 timeout 40 busybox udhcpc -i eth0 -q -n -t 8 -T 2 \
	-s /root/udhcpc.sh
is "dhcp-leases shows it" "$(in_ct virtnet dhcp-leases default | grep -c ipv4)" 1
ping1() { in_ct ip netns exec g1 busybox ping -c 1 -W 1 192.0.2.2; }
check "the guest reaches the internet through NAT" ping1

# 3. systemctl restart nftables flushes the ruleset; virtnetd rebuilds our table. A ping
# every 50 ms throughout: each one lost is 50 ms without traffic
repairs() { in_ct journalctl -q -u virtnetd -o cat | grep -c 'virtnetd: Network default'; }
pinging() { # COUNT: pings in the background, their summary in $T_TMP/ping.log
	in_ct ip netns exec g1 busybox ping -c "$1" -i 0.05 -W 1 192.0.2.2 >"$T_TMP/ping.log" 2>&1 &
	ping_pid=$!
	sleep 0.5
}
received() { sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$T_TMP/ping.log"; }
before=$(repairs)
pinging 40
t0=$(now_us)
in_ct systemctl restart nftables
echo "# systemctl restart nftables took $(ms_since "$t0") ms"
wait_until 5 ping1
echo "# a new flow passes $(ms_since "$t0") ms after the restart began"
wait "$ping_pid"
got=$(received)
echo "# pings lost: $((40 - got)) of 40 (50 ms apart)"
check "the guest's traffic is back within a second (at most 20 pings lost)" [ $((40 - got)) -le 20 ]
check "virtnetd repaired our table" [ "$(repairs)" -gt "$before" ]
in_ct journalctl -q -u virtnetd -o cat | grep 'virtnetd: Network default' | tail -n +$((before + 1)) | diag
check "our table is back" in_ct nft list table inet virtnet

# 4. systemctl restart virtnetd: no ping lost, dnsmasq and the bridge untouched
dnsmasq_before=$(pids_of dnsmasq)
bridge_before=$(in_ct cat /sys/class/net/virbr0/ifindex)
pinging 40
check "systemctl restart virtnetd" in_ct systemctl restart virtnetd
wait "$ping_pid"
is "no ping lost during the restart" "$(received)" 40
is "the same dnsmasq serves" "$(pids_of dnsmasq)" "$dnsmasq_before"
is "the same bridge" "$(in_ct cat /sys/class/net/virbr0/ifindex)" "$bridge_before"
is "virtnetd runs again" "$(in_ct systemctl is-active virtnetd)" active
check "the guest renews its lease after the restart" in_ct ip netns exec g1 timeout 40 busybox udhcpc \
	-i eth0 -q -n -t 8 -T 2 -s /root/udhcpc.sh

# 5. an upgrade (the package installed again) restarts virtnetd and cuts nothing
pinging 40
check "dpkg -i again (an upgrade)" in_ct dpkg -i /root/virtnet.deb
wait "$ping_pid"
is "no ping lost during the upgrade" "$(received)" 40
is "the same dnsmasq serves after the upgrade" "$(pids_of dnsmasq)" "$dnsmasq_before"
is "virtnetd runs after the upgrade" "$(in_ct systemctl is-active virtnetd)" active
is "default is still autostarted" "$(in_ct virtnet list --all | sed -n 's/^ default *\([a-z]*\) *\([a-z]*\) .*/\1 \2/p')" "active yes"

# 6. remove stops what it started; purge leaves nothing of ours
check "dpkg -r" in_ct dpkg -r virtnet
is "no virtnetd" "$(in_ct systemctl is-active virtnetd)" inactive
is "no dnsmasq" "$(pids_of dnsmasq)" ""
check "no bridge" in_ct sh -c '! ip link show virbr0 2>/dev/null'
is "no nftables table of ours" "$(in_ct nft list tables | grep -c virtnet)" 0
check "the guest's port is gone" in_ct sh -c '! ip -n g1 link show eth0 2>/dev/null'
check "definitions and leases stay until purge" in_ct test -f /etc/virtnet/networks/default.xml \
	-a -d /var/lib/virtnet
check "dpkg -P" in_ct dpkg -P virtnet
is "nothing named virtnet is left" "$(in_ct find / /run -xdev \( -name '*virtnet*' -o -name 'virbr*' \) \
	! -path /root/virtnet.deb 2>/dev/null)" ""
check "no group virtnet" in_ct sh -c '! getent group virtnet'
check "dpkg forgot the package" in_ct sh -c '! dpkg -s virtnet 2>/dev/null'
halt

done_testing
