#!/bin/bash
# BGP EVPN for a VXLAN overlay through virtnet's own FRR instance (src/overlay/frr_*), its
# primitives alone, driven by tests/tools/evpn-tool (a network's start calls them through
# control='evpn': t-overlay-evpn.sh). What only this test covers: FRR's own dry run of every
# golden stanza, several networks sharing one instance (compatible or refused), the admin's
# zebra refused, reload, and the primitives' undo after a fault.
#
#   underlay: namespace U with a bridge; hosts h1 h2 h3 (203.0.113.1-3/24) on it by veth
#   each host: bridge vnlab, VXLAN vx4242 (VNI 4242, local, dstport 4789, nolearning) in it,
#              learning off and neigh_suppress on that port; virtnet's zebra and bgpd
#   guests: a namespace each on a host's bridge, static addresses in 10.50.0.0/24
#
# Checks: BGP EVPN sessions, type-3 routes (flood entries installed by zebra) and type-2
# (MACs and MAC/IP), guests ping across hosts; a second overlay (VNI 4343, the same guest
# addresses) is isolated (counted at the guests); a guest moving h1 -> h2 with its MAC while
# a guest on h3 pings it every 10 ms; a peer host's underlay cut and back, its FRR stopped
# and started, the others untouched; what load refuses; unload leaves nothing.
. "$(dirname "$0")/../lib.sh"

FRR_DIR=${VIRTNET_FRR_DIR:-/usr/lib/frr}
if [ ! -x "$FRR_DIR/zebra" ] || [ ! -x "$FRR_DIR/bgpd" ] || ! getent passwd frr >/dev/null; then
	echo "1..0 # SKIP FRR is not installed (scripts/setup.sh installs Debian's frr)"
	exit 0
fi
TOOL=$(dirname "$VIRTNET")/evpn-tool
[ -x "$TOOL" ] || { echo "Bail out! $TOOL is missing (built with -Dtests=true)"; exit 1; }
VTYSH=$(command -v vtysh)

P=$$
U=vne-u-$P
NSS=()
hns() { echo "vne-h$1-$P"; }
gns() { echo "vne-g$1-$P"; }
root() { echo "$T_TMP/root$1"; }
in_h() { local h=$1; shift; ip netns exec "$(hns "$h")" "$@"; }
in_g() { local g=$1; shift; ip netns exec "$(gns "$g")" "$@"; }
chmod 755 "$T_TMP"

# Only what this test started: the FRR daemons of its roots (by their pid files), then the
# namespaces.
cleanup() {
	local f p
	for f in "$T_TMP"/root*/run/virtnet/frr/daemons/*.pid "$T_TMP"/admin/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f")
		grep -qF "$f" "/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
	done
	for n in "${NSS[@]}"; do ip netns del "$n" 2>/dev/null; done
}
on_exit cleanup

# The same overlay params on every host: NETWORK VNI BRIDGE VXLAN, then this host's address.
peers() { local h=$1 j; for j in 1 2 3; do [ "$j" = "$h" ] || echo "203.0.113.$j"; done; }
evpn() {   # evpn HOST CMD NETWORK VNI BRIDGE VXLAN [more args]
	local h=$1 cmd=$2 net=$3 vni=$4 br=$5 vx=$6
	shift 6
	# shellcheck disable=SC2046 # the peers, one argument each
	in_h "$h" "$TOOL" --root "$(root "$h")" "$cmd" "$net" "$vni" "$br" "$vx" "203.0.113.$h" 65000 $(peers "$h") "$@"
}
vty() { local h=$1; shift; in_h "$h" "$VTYSH" --vty_socket "$(root "$h")/run/virtnet/frr/daemons" -c "$*"; }

add_host() {
	local h=$1 n
	n=$(hns "$h")
	ip netns add "$n" && NSS+=("$n") || return 1
	ip -n "$n" link set lo up
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$n" link add eth0 type veth peer name "h$h" netns "$U"
	ip -n "$U" link set "h$h" master ul
	ip -n "$U" link set "h$h" up
	ip -n "$n" addr add "203.0.113.$h/24" dev eth0
	ip -n "$n" link set eth0 up
	mkdir -p "$(root "$h")"
}
# add_overlay HOST BRIDGE VXLAN VNI: what the overlay's start makes before the evpn step
add_overlay() {
	local h=$1 br=$2 vx=$3 vni=$4
	in_h "$h" ip link add "$br" type bridge
	in_h "$h" ip link set "$br" up
	in_h "$h" ip link add "$vx" type vxlan id "$vni" local "203.0.113.$h" dstport 4789 nolearning
	in_h "$h" ip link set "$vx" master "$br"
	in_h "$h" bridge link set dev "$vx" learning off neigh_suppress on
	in_h "$h" ip link set "$vx" up
}
# add_guest NAME HOST BRIDGE MAC ADDRESS: a guest namespace, its eth0 on the host's bridge
add_guest() {
	local g=$1 h=$2 br=$3 mac=$4 ip=$5 n
	n=$(gns "$g")
	ip netns add "$n" && NSS+=("$n") || return 1
	ip -n "$n" link set lo up
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	plug_guest "$g" "$h" "$br" "$mac" "$ip"
}
plug_guest() {   # plug_guest NAME HOST BRIDGE MAC ADDRESS: a new eth0, the host's end on BRIDGE
	local g=$1 h=$2 br=$3 mac=$4 ip=$5
	in_h "$h" ip link add "p$g" type veth peer name eth0 netns "$(gns "$g")"
	in_h "$h" ip link set "p$g" mtu 1450 master "$br" up
	in_g "$g" ip link set eth0 address "$mac" mtu 1450
	in_g "$g" ip addr add "$ip/24" dev eth0
	in_g "$g" ip link set eth0 up
}
frr_none() {   # frr_none PATH: no zebra or bgpd runs with PATH in its command line
	local p
	for p in $(pgrep -x 'zebra|bgpd'); do
		grep -qF "$1" "/proc/$p/cmdline" 2>/dev/null && return 1
	done
	return 0
}
pings() { in_g "$1" busybox ping -c 3 -W 1 "$2" >/dev/null 2>&1; }
ping1() { in_g "$1" busybox ping -c 1 -W 1 "$2" >/dev/null 2>&1; }
pings_soon() { wait_until "$3" pings "$1" "$2"; }

# ---- the underlay, three hosts, one overlay on each
ip netns add "$U" && NSS+=("$U") || { echo "Bail out! cannot create namespaces"; exit 1; }
ip -n "$U" link add ul type bridge
ip -n "$U" link set ul up
for h in 1 2 3; do
	add_host "$h" || { echo "Bail out! cannot create host $h"; exit 1; }
	add_overlay "$h" vnlab vx4242 4242
done
add_guest a 1 vnlab 52:54:00:00:01:01 10.50.0.11
add_guest b 2 vnlab 52:54:00:00:01:02 10.50.0.12
add_guest c 3 vnlab 52:54:00:00:01:03 10.50.0.13

# ---- FRR's own parser accepts every stanza of the renderer's golden files (tests/data/frr)
mkdir -p "$T_TMP/dry" && chown frr:frr "$T_TMP/dry"
for f in "$TOP"/tests/data/frr/*.conf; do
	case $f in *unload*) continue ;; esac
	# its pid first: a dry run leaves FRR's crash-log folder /var/tmp/frr/bgpd.PID behind
	out=$(in_h 1 sh -c 'echo "$$"; exec "$@"' sh "$FRR_DIR/bgpd" -C -u frr -g frr -f "$f" \
		--vty_socket "$T_TMP/dry" -z "$T_TMP/dry/zserv.api" -i "$T_TMP/dry/bgpd.pid" --log stdout 2>&1)
	dry=${out%%$'\n'*}
	[[ $dry =~ ^[0-9]+$ ]] && rm -rf "/var/tmp/frr/bgpd.$dry"
	is "bgpd --dryrun accepts $(basename "$f") without a word" "${out#"$dry"}" ""
done

# ---- load on every host
for h in 1 2 3; do
	run evpn "$h" load lab 4242 vnlab vx4242
	expect "host $h: load the overlay's EVPN stanza" 0 "" ""
done
is "host 1: its stanza is recorded" "$(head -1 "$(root 1)/run/virtnet/frr/networks/lab.conf")" \
	"! virtnet: VNI 4242 on vx4242 in vnlab, local 203.0.113.1, network lab"
is "host 1: virtnet's records are root's, the daemons' folder FRR's user's" \
	"$(stat -c '%U %a' "$(root 1)/run/virtnet/frr" "$(root 1)/run/virtnet/frr/networks" "$(root 1)/run/virtnet/frr/daemons" | tr '\n' ' ')" \
	"root 755 root 755 frr 750 "
z=$(cat "$(root 1)/run/virtnet/frr/daemons/zebra.pid" 2>/dev/null)
check "host 1: zebra runs as FRR's user in the host's namespace" \
	sh -c "[ \"\$(stat -c %U /proc/$z)\" = frr ] && [ \"\$(readlink /proc/$z/ns/net)\" = \"\$(ip netns exec $(hns 1) readlink /proc/self/ns/net)\" ]"

established() {   # established HOST N: N EVPN sessions established
	[ "$(vty "$1" "show bgp l2vpn evpn summary json" | python3 -c '
import json,sys
d=json.load(sys.stdin); p=d.get("peers",{})
print(sum(1 for v in p.values() if v.get("state")=="Established"))')" = "$2" ]
}
for h in 1 2 3; do
	check "host $h: BGP EVPN sessions with both peers are established" wait_until 20 established "$h" 2
done
flood_to() { in_h "$1" bridge fdb show dev vx4242 | grep -q "^00:00:00:00:00:00 dst $2 self permanent"; }
check "type-3 (IMET): host 1 floods to host 2 (entry installed by zebra)" wait_until 10 flood_to 1 203.0.113.2
check "type-3 (IMET): host 1 floods to host 3" wait_until 10 flood_to 1 203.0.113.3
flood_both() { flood_to 3 203.0.113.1 && flood_to 3 203.0.113.2; }
check "type-3: host 3 floods to hosts 1 and 2" wait_until 10 flood_both

check "guest a (host 1) pings guest b (host 2)" pings_soon a 10.50.0.12 10
check "guest a (host 1) pings guest c (host 3)" pings_soon a 10.50.0.13 10
check "guest b (host 2) pings guest c (host 3)" pings_soon b 10.50.0.13 10
mac_to() { in_h "$1" bridge fdb show dev vx4242 | grep -q "^$2 dst $3 self extern_learn"; }
check "type-2 (MAC): host 3 sends guest a's MAC to host 1" wait_until 10 mac_to 3 52:54:00:00:01:01 203.0.113.1
# MAC/IP: the host learns its guest's address (as the gateway does), zebra advertises both
in_h 1 ip addr add 10.50.0.251/24 dev vnlab
in_h 3 ip addr add 10.50.0.253/24 dev vnlab
in_h 1 busybox ping -c 1 -W 1 10.50.0.11 >/dev/null
macip() { vty 3 "show bgp l2vpn evpn route type macip" | grep -q "\[2\]:\[0\]:\[48\]:\[52:54:00:00:01:01\]:\[32\]:\[10.50.0.11\]"; }
check "type-2 (MAC/IP): host 3 has guest a's MAC and address" wait_until 10 macip
neigh_remote() { in_h 3 ip neigh show dev vnlab 10.50.0.11 | grep -q "lladdr 52:54:00:00:01:01 extern_learn"; }
check "host 3: zebra installed guest a's address for ARP suppression" wait_until 10 neigh_remote

# ---- a second overlay on the same underlay and the same instance: VNI 4343, bridge vnlab2,
# the same guest addresses as lab's; no frame crosses between the two (counted at guests)
for h in 1 2; do add_overlay "$h" vnlab2 vx4343 4343; done
add_guest a2 1 vnlab2 52:54:00:00:02:01 10.50.0.11
add_guest b2 2 vnlab2 52:54:00:00:02:02 10.50.0.12
for h in 1 2; do
	run in_h "$h" "$TOOL" --root "$(root "$h")" load lab2 4343 vnlab2 vx4343 "203.0.113.$h" 65000 203.0.113.$((3 - h))
	expect "host $h: load a second overlay beside the first" 0 "" ""
done
count_icmp() {   # count_icmp GUEST: a counter of ICMP echo requests arriving at the guest
	in_g "$1" nft -f - <<-'NFT'
	table inet vnetest {
		chain cin {
			type filter hook input priority 0;
			icmp type echo-request counter
		}
	}
	NFT
}
icmp_in() { in_g "$1" nft list chain inet vnetest cin | grep -o 'packets [0-9]*' | cut -d' ' -f2; }
count_icmp b
count_icmp b2
check "lab2: guest a2 (host 1) pings guest b2 (host 2)" pings_soon a2 10.50.0.12 10
b_before=$(icmp_in b)
b2_before=$(icmp_in b2)
in_g a busybox ping -c 5 -W 1 10.50.0.12 >/dev/null 2>&1
is "lab: 5 pings from guest a reached guest b" "$(( $(icmp_in b) - b_before ))" 5
is "lab2: none of them reached guest b2 (the same address in the other overlay)" "$(( $(icmp_in b2) - b2_before ))" 0
b_before=$(icmp_in b)
in_g a2 busybox ping -c 5 -W 1 10.50.0.12 >/dev/null 2>&1
is "lab: none of guest a2's pings reached guest b" "$(( $(icmp_in b) - b_before ))" 0
run in_h 1 "$TOOL" --root "$(root 1)" unload lab2 4343 vnlab2 vx4343 203.0.113.1 65000 203.0.113.2
expect "host 1: unload the second overlay" 0 "" ""
vni_4343_gone() { ! vty 1 "show running-config" | grep -q "vni 4343" && vty 1 "show running-config" | grep -q "vni 4242"; }
check "host 1: its VNI is gone from FRR, lab's stays" vni_4343_gone
check "host 1: lab still pings across" pings a 10.50.0.12
run in_h 2 "$TOOL" --root "$(root 2)" unload lab2 4343 vnlab2 vx4343 203.0.113.2 65000 203.0.113.1
expect "host 2: unload the second overlay" 0 "" ""

# ---- a guest moves from host 1 to host 2 with its MAC and address, while guest c (host 3)
# pings it every 10 ms
add_guest m 1 vnlab 52:54:00:00:03:01 10.50.0.30
check "guest m (host 1) answers guest c" pings_soon c 10.50.0.30 10
in_g c python3 "$TOP/tests/netns/ping_stream.py" 10.50.0.30 10 6 >"$T_TMP/stream" 2>&1 &
spid=$!
sleep 2   # the stream runs on host 1's guest first; the move itself is what is measured
in_h 1 ip link del pm
plug_guest m 2 vnlab 52:54:00:00:03:01 10.50.0.30
wait "$spid"
stream=$(cat "$T_TMP/stream")
gap=$(sed -n 's/.*longest_gap_ms=\([0-9]*\).*/\1/p' <<<"$stream")
lost=$(sed -n 's/.*lost=\([0-9]*\).*/\1/p' <<<"$stream")
echo "# migration: $stream"
check "the 10 ms stream from host 3 resumes within 1 s of the move ($lost pings lost, longest gap ${gap} ms)" \
	test -n "$gap" -a "${gap:-99999}" -le 1000
check "host 3 now sends guest m's MAC to host 2" wait_until 5 mac_to 3 52:54:00:00:03:01 203.0.113.2
check "host 1 no longer has guest m's MAC as its own" sh -c "! ip netns exec $(hns 1) bridge fdb show br vnlab | grep -q '^52:54:00:00:03:01 dev pm'"

# ---- a peer host goes away (its underlay cut beyond the 9 s hold time) and comes back
ip -n "$U" link set h3 down
in_g a python3 "$TOP/tests/netns/ping_stream.py" 10.50.0.12 100 12 >"$T_TMP/stream2" 2>&1
stream=$(cat "$T_TMP/stream2")
echo "# host 3 away, guest a to guest b: $stream"
check "host 3 away: guest a still reaches guest b, nothing lost in 12 s" grep -q "lost=0 " <<<"$stream"
check "host 1 noticed (its session to host 3 is down)" established 1 1
ip -n "$U" link set h3 up
check "host 3 back: its session with host 1 comes up, nothing restarted there" wait_until 20 established 1 2
check "host 3 back: guest c reaches guest a again" pings_soon c 10.50.0.11 20

# ---- host 3's FRR goes away (its overlay unloaded, as a destroy does) and comes back
z1=$(cat "$(root 1)/run/virtnet/frr/daemons/bgpd.pid")
run evpn 3 unload lab 4242 vnlab vx4242
expect "host 3: unload (the last network: the instance stops)" 0 "" ""
check "host 3: no zebra or bgpd of its root runs" frr_none "$(root 3)/"
check "host 3: no stanza left" sh -c "[ -z \"\$(ls -A '$(root 3)/run/virtnet/frr/networks')\" ]"
check "host 3: zebra took its flood entries with it" sh -c "! ip netns exec $(hns 3) bridge fdb show dev vx4242 | grep -q dst"
check "host 1 and 2 keep working" pings a 10.50.0.12
t0=${EPOCHREALTIME//[.,]/}
run evpn 3 load lab 4242 vnlab vx4242
t1=${EPOCHREALTIME//[.,]/}
expect "host 3: load again" 0 "" ""
check "host 3 rejoins: guest c reaches guest a" wait_until 20 ping1 c 10.50.0.11
t2=${EPOCHREALTIME//[.,]/}
echo "# host 3 rejoined: load (FRR started, stanza given, VNI seen) $(( (t1 - t0) / 1000 )) ms, first ping across $(( (t2 - t0) / 1000 )) ms after the load began"
is "host 1's bgpd was not restarted" "$(cat "$(root 1)/run/virtnet/frr/daemons/bgpd.pid")" "$z1"

# ---- what load refuses, and undo after a failure half-way
run in_h 1 "$TOOL" --root "$(root 1)" load other 4545 vnoth vx4545 203.0.113.1 65001 203.0.113.2
expect "host 1: another AS beside lab's is refused" 1 "" \
	"evpn-tool: network 'other': AS 65001 differs from AS 65000 of network 'lab', which runs BGP EVPN on this host: one host speaks one AS, give both the same"
run in_h 1 "$TOOL" --root "$(root 1)" load other 4242 vnoth vx4545 203.0.113.1 65000 203.0.113.2
expect "host 1: lab's VNI for another network is refused" 1 "" \
	"evpn-tool: network 'other': VNI 4242 or bridge vnoth is network 'lab''s on this host: give each overlay its own"
run in_h 1 "$TOOL" --root "$(root 1)" load other 4545 vnoth vx4545 203.0.113.1 65000 203.0.113.2
expect "host 1: a VNI whose VXLAN device is missing fails, naming what FRR needs" 1 "" \
	"evpn-tool: network 'other': FRR's zebra does not see VNI 4545 on vx4545 within 5 s: the VXLAN device must exist with that id and a local address, be up and a port of vnoth"
run in_h 1 "$TOOL" --root "$(root 1)" unload other 4545 vnoth vx4545 203.0.113.1 65000 203.0.113.2
expect "host 1: its undo (unload) takes it out again" 0 "" ""
other_gone() {
	! vty 1 "show running-config" | grep -q "vni 4545" && [ -e "$(root 1)/run/virtnet/frr/networks/lab.conf" ] &&
		[ ! -e "$(root 1)/run/virtnet/frr/networks/other.conf" ] && established 1 2
}
check "host 1: FRR has no VNI 4545, lab's sessions stay" other_gone
check "host 1: lab still pings across" pings a 10.50.0.13

# a failure after the stanza is recorded, before FRR has it (a start failing there): undone
run env VIRTNET_FAIL_AT=frr-load ip netns exec "$(hns 2)" "$TOOL" --root "$(root 2)" load lab2 4343 vnlab2 vx4343 203.0.113.2 65000 203.0.113.1
check "host 2: an injected failure at frr-load fails the load" test "$RC" = 1
check "host 2: the stanza was recorded before" test -e "$(root 2)/run/virtnet/frr/networks/lab2.conf"
run in_h 2 "$TOOL" --root "$(root 2)" unload lab2 4343 vnlab2 vx4343 203.0.113.2 65000 203.0.113.1
expect "host 2: the undo removes it" 0 "" ""
check "host 2: lab still pings across" pings b 10.50.0.13

# an unload of what was never loaded is harmless, and starts nothing
mkdir -p "$T_TMP/root9"
run ip netns exec "$(hns 1)" "$TOOL" --root "$T_TMP/root9" unload lab 4242 vnlab vx4242 203.0.113.1 65000 203.0.113.2
expect "an unload where nothing was loaded succeeds" 0 "" ""
check "and starts no FRR daemon" frr_none "$T_TMP/root9/"

# the admin's own zebra in the same namespace: virtnet refuses to run a second one
add_host 4
add_overlay 4 vnlab vx4242 4242
mkdir -p "$T_TMP/admin" && chown frr:frr "$T_TMP/admin"
echo "hostname admin" >"$T_TMP/admin/zebra.conf"
in_h 4 "$FRR_DIR/zebra" -d -u frr -g frr --vty_socket "$T_TMP/admin" -z "$T_TMP/admin/zserv.api" \
	-i "$T_TMP/admin/zebra.pid" -f "$T_TMP/admin/zebra.conf" -A 127.0.0.1 -P 0 >/dev/null 2>&1
admin=$(cat "$T_TMP/admin/zebra.pid" 2>/dev/null)
run evpn 4 load lab 4242 vnlab vx4242
expect "host 4: load refuses beside the admin's zebra" 1 "" \
	"evpn-tool: another FRR zebra (pid $admin) runs in this network namespace: virtnet's own would remove its routes, and both would speak for the same VNIs; stop it, or run the overlay with control='static'"
run evpn 4 unload lab 4242 vnlab vx4242
expect "host 4: its undo succeeds" 0 "" ""
check "host 4: the admin's zebra still runs" kill -0 "$admin"
kill "$admin"   # as its admin would: SIGTERM, so that it removes its /var/tmp/frr folder
wait_until 5 sh -c "! kill -0 $admin 2>/dev/null"

# ---- unload everywhere: nothing left
for h in 1 2; do
	run evpn "$h" unload lab 4242 vnlab vx4242
	expect "host $h: unload the last network" 0 "" ""
done
run evpn 3 unload lab 4242 vnlab vx4242
expect "host 3: unload" 0 "" ""
check "no zebra or bgpd of the test's roots runs" frr_none "$T_TMP/root"
check "no flood or MAC entry is left on host 1's VXLAN device" sh -c "! ip netns exec $(hns 1) bridge fdb show dev vx4242 | grep -q dst"

echo "1..$T_N"
done_testing
