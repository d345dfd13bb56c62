#!/bin/bash
# vif-virtnet in route mode from the environment alone (no xenstore tools on PATH, mode from
# VIRTNET_VIF_MODE): the vif gets the host's address as a /32, a route to the guest, proxy
# ARP, forwarding; the domU gets 10.200.0.5/32 by DHCP with the host as router (classless
# static routes), reaches the host and is reachable from the internet namespace with its own
# address (no NAT, counted inside the domU and in the internet namespace). An HVM guest's tap
# twin (add/remove type_if=tap) gets its own route with metric 1 beside the vif's metric 2.
# offline and remove leave nothing behind; a failure at any step of the vif's journal is
# undone exactly, and a run killed at any instant is undone or finished by the next.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$VIRTNET")/vif-virtnet
[ -x "$BIN" ] || { echo "Bail out! $BIN not built"; exit 1; }
CLEAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin
if PATH=$CLEAN_PATH command -v xenstore-read >/dev/null; then
	skip "vif-virtnet without xenstore" "xenstore-read is installed on this host"
	exit 0
fi
VIF_DEVS="vif5.0 vif5.0-emu"
setup_host_inet

# vif ARGS...: the vif-virtnet binary itself, the mode and the vif's settings in the environment
vif() {
	in_host env -i PATH="$CLEAN_PATH" VIRTNET_ROOT="$ROOT" VIRTNET_VIF_MODE=route \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
		vif=vif5.0 INTERFACE=vif5.0-emu XENBUS_PATH=backend/vif/5/0 XENBUS_TYPE=vif XENBUS_BASE_PATH=backend \
		netdev=eth0 ip=10.200.0.5 mac=00:16:3e:00:05:00 ${VIF_ENV:-} "$BIN" "$@"
}
leftovers() {
	local d
	for d in vif5.0 vif5.0-emu; do
		echo "$d: $(in_host ip -4 -o addr show dev $d | awk '{print $4}') | $(in_host ip route show dev $d) |" \
			"$(in_host cat /proc/sys/net/ipv4/conf/$d/proxy_arp)"
	done
	echo "forwarding: $(in_host cat /proc/sys/net/ipv4/ip_forward) nft: $(in_host nft list tables | grep -c virtnet_vif)"
	echo "files: $(ls -A "$ROOT"/run/virtnet/vifs/ "$ROOT"/run/virtnet/dnsmasq/ 2>/dev/null | grep -c '^vif') dnsmasq: $(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-")"
}
clean="vif5.0:  |  | 0
vif5.0-emu:  |  | 0
forwarding: 0 nft: 0
files: 0 dnsmasq: 0"

veth_guest d5 vif5.0 00:16:3e:00:05:00   # the domU: its eth0 is the peer of vif5.0 (netback's pair)
in_host ip link add vif5.0-emu type veth peer name vif5emu-peer   # the tap twin's stand-in
in_host ip link set vif5emu-peer up
is "before: nothing of ours" "$(leftovers)" "$clean"

run vif online type_if=vif
expect "online from the environment alone" 0 "" ""
is "the vif has the host's address as a /32" "$(in_host ip -4 -o addr show dev vif5.0 | awk '{print $4}')" 192.0.2.1/32
is "a route to the guest, metric 2 (a vif)" "$(in_host ip route show dev vif5.0)" "10.200.0.5 proto static scope link src 192.0.2.1 metric 2 "
is "proxy ARP and forwarding on" "$(in_host cat /proc/sys/net/ipv4/conf/vif5.0/proxy_arp)$(in_host cat /proc/sys/net/ipv4/ip_forward)" 11
is "no NAT: the vif's table has no masquerade" "$(in_host nft list table inet virtnet_vif | grep -c masquerade)" 0

# DHCP: a /32 and the host as router, reached through option 121
cat >"$T_TMP/udhcpc-route.sh" <<'SH'
#!/bin/sh
case "$1" in
bound|renew)
	ip addr add "$ip/$mask" dev "$interface"
	set -- $staticroutes
	while [ $# -ge 2 ]; do
		if [ "$2" = 0.0.0.0 ]; then ip route replace "$1" dev "$interface"; else ip route replace "$1" via "$2"; fi
		shift 2
	done
	printf 'ip=%s\nmask=%s\nrouter=%s\nstaticroutes=%s\n' "$ip" "$mask" "$router" "$staticroutes" >"$LEASE_FILE"
	;;
esac
SH
chmod +x "$T_TMP/udhcpc-route.sh"
guest d5 env LEASE_FILE="$T_TMP/lease-d5" timeout 30 busybox udhcpc -i eth0 -q -n -t 6 -T 2 -O staticroutes \
	-s "$T_TMP/udhcpc-route.sh" >"$T_TMP/udhcpc-d5.log" 2>&1
is "the domU gets 10.200.0.5 by DHCP" "$(lease_field d5 ip)" 10.200.0.5
is "as a /32" "$(lease_field d5 mask)" 32
is "with the host as router" "$(lease_field d5 router)" 192.0.2.1
is "and a route to that router on the link" "$(lease_field d5 staticroutes)" "192.0.2.1/32 0.0.0.0 0.0.0.0/0 192.0.2.1"
check "the domU reaches the host" guest d5 busybox ping -c 2 -W 2 192.0.2.1

# reachable from the internet with its own address
probe_table() {   # NS-RUNNER... MATCH: count what matches MATCH on input
	local m=${*: -1}
	printf 'table inet probe {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\t%s counter\n\t}\n}\n' "$m" |
		"${@:1:$#-1}" nft -f -
}
probe_table guest d5 "ip saddr 192.0.2.2 icmp type echo-request"
probe_table in_inet "ip saddr 10.200.0.5 icmp type echo-reply"
in_inet ip route add 10.200.0.0/24 via 192.0.2.1
check "the internet namespace reaches the domU" in_inet busybox ping -c 2 -W 2 10.200.0.5
pk() { "$@" nft list chain inet probe input | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }
check "the domU counted the pings from 192.0.2.2" [ "$(pk guest d5)" -ge 2 ]
check "the replies reached the internet from 10.200.0.5 itself (no NAT)" [ "$(pk in_inet)" -ge 2 ]

# the HVM tap twin: its own route, metric 1, beside the vif's
run vif add type_if=tap
expect "add type_if=tap" 0 "" ""
is "the tap twin's route has metric 1" "$(in_host ip route show dev vif5.0-emu)" "10.200.0.5 proto static scope link src 192.0.2.1 metric 1 "
is "the vif's route is still there" "$(in_host ip route show dev vif5.0)" "10.200.0.5 proto static scope link src 192.0.2.1 metric 2 "
run vif remove type_if=tap
expect "remove type_if=tap" 0 "" ""
is "the tap twin is as it was" "$(in_host ip route show dev vif5.0-emu; in_host ip -4 -o addr show dev vif5.0-emu)" ""
is "forwarding stays on while vif5.0 needs it" "$(in_host cat /proc/sys/net/ipv4/ip_forward)" 1
run vif add type_if=vif
expect "add type_if=vif is not for us (Xen's rule): exit 0" 0 "" ""

run vif offline type_if=vif
expect "offline" 0 "" ""
is "offline leaves nothing behind" "$(leftovers)" "$clean"

# a failure at each step of the vif's journal (rate= adds the qdisc): undone, the host
# exactly as before, exit 1
journal=$ROOT/run/virtnet/vifs/vif5.0.xml
VIF_ENV="rate=1MB/s" vif_faults "route" "online type_if=vif" "offline type_if=vif"
is "route: the steps on its way" \
	"$REACHED" " link-up sysctl forwarding address route tc firewall dnsmasq"
# kill -9 at each instant of online and offline: the next run undoes or finishes exactly
VIF_ENV="rate=1MB/s" vif_kills "route" "online type_if=vif" "offline type_if=vif" "$journal"
is "after them nothing is left" "$(leftovers)" "$clean"
# an offline killed half-way, then online (not offline, as above): online finishes the undo,
# says so, and sets the vif up again
run vif online type_if=vif
online=$(vif_host_state)
vif_killed vif-firewall-undo "$journal" offline type_if=vif
run vif online type_if=vif
is "an offline killed before its firewall undo, then online: finished, said, set up again" \
	"$RC $(sed -E 's/pid [0-9]+/pid N/' <<<"$ERR")" \
	"0 vif-virtnet: warning: set vif5.0 up again: the earlier offline (pid N) had not finished"
is "as a clean online sets it up" "$(vif_host_state)" "$online"
run vif offline type_if=vif
is "then offline leaves nothing behind" "$(leftovers)" "$clean"

# a foreign forward chain that drops (Docker's): said, with the rule that fixes it
in_host nft -f - <<'NFT'
table ip foreign {
	chain FORWARD {
		type filter hook forward priority filter; policy drop;
	}
}
NFT
run vif online type_if=vif
expect "online warns about a foreign drop policy" 0 "" \
	"vif-virtnet: warning: table ip foreign chain FORWARD drops forwarded packets (policy drop), so guests on vif5.0 cannot reach beyond the host; let them through with: nft insert rule ip foreign FORWARD iifname \"vif5.0\" accept; nft insert rule ip foreign FORWARD oifname \"vif5.0\" accept"
run vif offline type_if=vif
in_host nft delete table ip foreign
is "offline leaves nothing behind" "$(leftovers)" "$clean"

# errors name the cause and the fix, and change nothing
run in_host env -i PATH="$CLEAN_PATH" VIRTNET_ROOT="$ROOT" VIRTNET_VIF_MODE=route vif=vif5.0 netdev=eth9 "$BIN" online
expect "a missing netdev" 1 "" \
	"vif-virtnet: netdev eth9 does not exist: name the host's outside interface with netdev= (gatewaydev in the vif configuration)"
run in_host env -i PATH="$CLEAN_PATH" VIRTNET_ROOT="$ROOT" VIRTNET_VIF_MODE=route vif=vif9.0 "$BIN" online
expect "a missing vif" 1 "" \
	"vif-virtnet: vif9.0 does not exist: the backend (netback, or QEMU for a tap) creates it before it runs this script"
run in_host env -i PATH="$CLEAN_PATH" VIRTNET_ROOT="$ROOT" VIRTNET_VIF_MODE=route vif=vif5.0 netdev=eth0 rate=fast "$BIN" online
expect "a bad rate" 1 "" "vif-virtnet: rate='fast' is not a rate like 10Mb/s, 250KB/s or 1MB/s@20ms"
is "errors leave nothing behind" "$(leftovers)" "$clean"
done_testing
