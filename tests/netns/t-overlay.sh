#!/bin/bash
# One network across three hosts (a VXLAN overlay, control='static', or with OVL_CONTROL=evpn
# BGP EVPN through virtnet's FRR: t-overlay-evpn.sh): three "hosts" on an
# underlay switch, an "internet", each host a virtnet of its own (--root); guests on every
# host lease from the DHCP authority, reach each other by address and by name, reach the
# internet masqueraded by their own host (counted there by source address); the gateway's
# ARP never crosses the overlay (counted); a second overlay with other VNI and the same
# addresses sees nothing of the first (counted); a guest moves between hosts with its MAC
# and keeps address and lease while a 10 ms ping stream from a third host resumes; a host
# that goes away and comes back; virtnetd restores the overlay's rules after a flush of the
# ruleset (and with evpn starts a killed FRR again); the VXLAN device repaired; destroy
# leaves nothing.
#
#   underlay switch (bridge ulbr in vnt-ul-PID): h1 198.51.100.1 (DHCP authority),
#   h2 .2, h3 .3, internet .254 (and 192.0.2.100, the "server", on its lo)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

OVL_TAG=vnt
. "$(dirname "$0")/overlay_lib.sh"
ovl_need_frr
INET=vnt-oi-$$
HERE=$(cd "$(dirname "$0")" && pwd)
in_net() { ip netns exec "$INET" "$@"; }

setup_underlay() {
	mk_underlay
	mkns "$INET"
	in_ul ip link add uinet type veth peer name eth0 netns "$INET"
	in_ul ip link set uinet master ulbr up
	in_net ip addr add 198.51.100.254/24 dev eth0
	in_net ip link set eth0 up
	in_net ip addr add 192.0.2.100/32 dev lo
	# what reaches the "server", by source address
	in_net nft -f - <<-'EOF'
	table inet count {
		chain in {
			type filter hook input priority 0;
			ip daddr 192.0.2.100 icmp type echo-request ip saddr 198.51.100.1 counter
			ip daddr 192.0.2.100 icmp type echo-request ip saddr 198.51.100.2 counter
			ip daddr 192.0.2.100 icmp type echo-request ip saddr 198.51.100.3 counter
			ip daddr 192.0.2.100 ip saddr 10.0.0.0/8 counter
		}
	}
	EOF
}
inet_count() {
	in_net nft list chain inet count in | grep -F -- "$1" | head -1 |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

# lab2: another overlay, VNI 4343, the same subnet, on two more hosts of the underlay (h4,
# its DHCP authority, and h5: one host cannot route one subnet to two networks)
lab2_xml() {
	lab_xml | sed "s/>lab</>lab2</; s/vnlab/vnlab2/; s/4242/4343/; s/198\.51\.100\.1'/198.51.100.4'/;
		s/198\.51\.100\.2'/198.51.100.5'/; /198\.51\.100\.3'/d"
}

pings() { guest "$1" busybox ping -c 2 -W 2 "$2" >/dev/null 2>&1; }
resolve() {
	guest "$1" busybox nslookup "$2" 10.50.0.1 2>/dev/null |
		awk '/^Name:/ {n=1} n && /^Address/ {print $NF; exit}'
}

setup_underlay
for i in 1 2 3; do add_host "h$i" "$i" 198.51.100.254; done
lab_xml >"$T_TMP/lab.xml"

# --- start on every host
for h in h1 h2 h3; do
	run vnh "$h" define "$T_TMP/lab.xml"
	run vnh "$h" start lab
	expect "$h: start lab" 0 "Network lab started" ""
done
is "h2 found itself among the peers: VXLAN device vnx4242 in vnlab, MTU 1500-50" \
	"$(in_h h2 ip -o link show vnx4242 | grep -oE '(mtu [0-9]+|master [a-z0-9]+)' | tr '\n' ' ')" \
	"mtu 1450 master vnlab "
is "the bridge's MTU follows the underlay less the overlay's headers" \
	"$(in_h h3 cat /sys/class/net/vnlab/mtu)" "1450"
is "the gateway has the same MAC on every host" \
	"$(for h in h1 h2 h3; do in_h $h cat /sys/class/net/vnlab/address; done | sort -u)" \
	"02:76:6e:00:10:92"
floods() { in_h h2 bridge fdb show dev vnx4242 | grep '^00:00:00:00:00:00' | awk '{print $3}' | sort | tr '\n' ' '; }
two_floods() { [ "$(floods | wc -w)" -ge 2 ]; }
# evpn: the flood entries are FRR's, from the others' type 3 routes once the sessions are up
[ "$OVL_CONTROL" = static ] || wait_until 30 two_floods
is "h2's flood entries ($OVL_CONTROL): the two other peers" "$(floods)" "198.51.100.1 198.51.100.3 "
check "h2 sends the authority's MAC to h1" \
	sh -c "ip netns exec $(hns h2) bridge fdb show dev vnx4242 | grep -q '^06:76:6e:00:10:92 dst 198.51.100.1'"
is "only the DHCP authority runs dnsmasq" \
	"$(for h in h1 h2 h3; do ls "$ROOT/$h"/run/virtnet/dnsmasq/*.pid 2>/dev/null | wc -l; done | tr '\n' ' ')" \
	"1 0 0 "

# --- guests on all three hosts lease from the authority
declare -A IP
for i in 1 2 3; do
	guest_on "h$i" "g$i" "52:54:00:50:00:0$i"
	IP[g$i]=$(dhcp "g$i" "g$i")
	check "g$i on h$i leases ${IP[g$i]:-nothing} from the authority" \
		grep -qE '^10\.50\.0\.(1[0-9][0-9]|200)$' <<<"${IP[g$i]}"
done
is "guests' MTU is the network's" "$(guest g2 cat /sys/class/net/eth0/mtu)" "1450"
run vnh h1 -q dhcp-leases lab
is "the authority lists the three leases" "$(grep -cE '52:54:00:50:00:0[123]' <<<"$OUT")" "3"
leases_h1=$OUT
run vnh h2 -q dhcp-leases lab
is "h2, without virtnetd on h1: dhcp-leases names the authority, the cause and the fix" "$ERR" \
	"error: Failed to get leases info for lab
error: network 'lab': its leases are held by its DHCP authority 198.51.100.1, whose virtnetd could not be asked for them (cannot reach 198.51.100.1 port 4788: Connection refused); run virtnetd there, or dhcp-leases on that host"
# virtnetd on the authority serves the leases to the other peers (read-only, TCP 4788)
spawn_pid "$(hns h1)" "$VIRTNETD" --root "$ROOT/h1" --foreground 2>>"$T_TMP/virtnetd-h1.log"
H1D=$SPID
lease_port_open() { in_h h1 ss -Htln 'sport = :4788' | grep -q LISTEN; }
check "virtnetd on h1 (the DHCP authority of a running overlay) listens on TCP 4788" wait_until 10 lease_port_open
is "only on its underlay address" "$(in_h h1 ss -Htln 'sport = :4788' | awk '{print $4}')" "198.51.100.1:4788"
check "so h1's other addresses have no lease socket (127.0.0.1: connection refused)" \
	in_h h1 python3 -c 'import socket,sys
try: socket.create_connection(("127.0.0.1",4788),timeout=3)
except ConnectionRefusedError: sys.exit(0)
sys.exit(1)'
for h in h2 h3; do
	run vnh "$h" -q dhcp-leases lab
	is "$h: dhcp-leases lab shows the authority's rows (g3 on h3 too)" "$OUT" "$leases_h1"
	run vnh "$h" -q dhcp-leases lab --mac 52:54:00:50:00:03
	is "$h: dhcp-leases lab --mac: g3's row alone" "$(grep -c . <<<"$OUT")" "1"
done
# asked by anyone else: refused (the internet namespace is on the underlay, not a peer)
remote_get() {   # remote_get NS PATH: the status line of GET http://198.51.100.1:4788PATH
	ip netns exec "$1" python3 -c 'import http.client,sys
c=http.client.HTTPConnection("198.51.100.1",4788,timeout=3); c.request("GET",sys.argv[1]); r=c.getresponse(); print(r.status, r.read().decode().strip().replace("\n"," "))' "$2" 2>&1
}
out=$(remote_get "$INET" /v1/networks/lab/leases)
check "the lease socket refuses a host that is not a peer: $out" \
	grep -q "^403 .*its leases are served only by its running DHCP authority, only to its overlay's other peers (not 198.51.100.254)" <<<"$out"
out=$(remote_get "$INET" /v1/networks/nosuchnet/leases)
check "a network that does not exist gets the same answer (a stranger learns nothing): $out" \
	grep -q "^403 .*network 'nosuchnet': its leases are served only by its running DHCP authority" <<<"$out"
is "and anything but the leases, even to a peer" "$(remote_get "$(hns h2)" /v1/networks | cut -c1-3)" "403"
# a stranger holding connections open: a fifth from it is closed at once, the peers are served
ip netns exec "$INET" python3 -c 'import socket,sys,os,time
held=[socket.create_connection(("198.51.100.1",4788),timeout=3) for _ in range(4)]
s=socket.create_connection(("198.51.100.1",4788),timeout=3)
try:
    s.sendall(b"GET /v1/networks/lab/leases HTTP/1.1\r\nHost: x\r\n\r\n"); d=s.recv(100)
except OSError: d=b""
print(len(d), flush=True)
end=time.time()+20
while time.time()<end and not os.path.exists(sys.argv[1]): time.sleep(0.05)' "$T_TMP/held.done" >"$T_TMP/held.out" 2>&1 &
held_pid=$!
held_answered() { [ -s "$T_TMP/held.out" ]; }
wait_until 10 held_answered
is "a stranger's fifth connection at once is closed unanswered (4 from one address at most)" "$(cat "$T_TMP/held.out")" "0"
run vnh h2 -q dhcp-leases lab
is "while it holds four, h2 (a peer) still gets the leases" "$OUT" "$leases_h1"
touch "$T_TMP/held.done"
wait "$held_pid"
is "and the definition, even to a peer" "$(remote_get "$(hns h2)" /v1/networks/lab/xml | cut -c1-3)" "403"

# --- every guest reaches every other, by address and by name
for a in g1 g2 g3; do
	for b in g1 g2 g3; do
		[ "$a" = "$b" ] && continue
		check "$a pings $b (${IP[$b]})" pings "$a" "${IP[$b]}"
		addr=$(resolve "$a" "$b")
		is "$a resolves $b to its address" "$addr" "${IP[$b]}"
		check "$a pings $b by name" pings "$a" "$addr"
	done
done
# --- the internet, masqueraded by each guest's own host (each guest asks for the gateway
# anew: answered by its own host, the request stopped at the VXLAN port)
for i in 1 2 3; do
	guest "g$i" ip neigh flush dev eth0
	guest "g$i" busybox ping -c 1 -W 2 10.50.0.1 >/dev/null 2>&1
	is "g$i: the gateway answered by h$i, with the gateway's MAC" \
		"$(guest "g$i" ip neigh show 10.50.0.1 dev eth0 | awk '{print $3}')" "02:76:6e:00:10:92"
done
for i in 1 2 3; do
	check "g$i reaches the internet" guest "g$i" busybox ping -c 3 -W 2 192.0.2.100
done
for i in 1 2 3; do
	n=$(inet_count "ip saddr 198.51.100.$i counter")
	check "the internet saw g$i's pings from h$i's address ($n)" test "${n:-0}" -ge 3
done
is "nothing reached the internet from a guest's own address" "$(inet_count "ip saddr 10.0.0.0/8")" "0"

for h in h1 h2 h3; do
	out=$(in_h $h nft list chain bridge virtnet vnlab_ovl_out)
	from=$(in_h $h nft list chain bridge virtnet vnlab_ovl_from)
	n_out=$(sed -n 's/.*arp operation request arp daddr ip 10.50.0.1 counter packets \([0-9]*\).*/\1/p' <<<"$out")
	n_from=$(sed -n 's/.*arp operation request arp daddr ip 10.50.0.1 counter packets \([0-9]*\).*/\1/p' <<<"$from")
	check "$h: its guest's ARP for the gateway stopped at the VXLAN port ($n_out), none came in" \
		test "${n_out:-0}" -gt 0 -a "${n_from:-1}" -eq 0
done

# --- anti-spoofing holds local guests; remote guests' frames pass it
# what vnlab_from dropped: the spoofed frames are ARP or IP, as g3's neighbour cache has it
spoof_drops() {
	in_h h3 nft list chain bridge virtnet vnlab_from |
		sed -n 's/.*meta protocol \(arp\|ip\) counter packets \([0-9]*\).*/\2/p' | paste -sd+ | bc
}
n0=$(spoof_drops)
guest g3 ip addr add 10.50.0.99/24 dev eth0
guest g3 busybox ping -c 2 -W 1 -I 10.50.0.99 "${IP[g1]}" >/dev/null 2>&1
guest g3 ip addr del 10.50.0.99/24 dev eth0
n1=$(spoof_drops)
check "h3 drops g3's frames from an address it did not lease ($n0 -> $n1)" test "$n1" -ge $((n0 + 2))
check "g3 still reaches g1 from its own address" pings g3 "${IP[g1]}"

# --- a second overlay, other VNI, the same addresses: sees nothing of lab
add_host h4 4 198.51.100.254
add_host h5 5 198.51.100.254
lab2_xml >"$T_TMP/lab2.xml"
for h in h4 h5; do
	run vnh "$h" define "$T_TMP/lab2.xml"
	run vnh "$h" start lab2
	expect "$h: start lab2" 0 "Network lab2 started" ""
done
# evpn: h4 floods to h5 once their BGP session is up (static: at once)
lab2_flood() { in_h h4 bridge fdb show dev vnx4343 | grep -q '^00:00:00:00:00:00 dst 198.51.100.5'; }
check "h4 floods lab2's broadcasts to h5" wait_until 30 lab2_flood
# x4 and x5 have g2's and g3's addresses (pinned: anti-spoofing lets them use them)
guest_on h4 x4 52:54:00:51:00:04 lab2 "${IP[g2]}"
guest_on h5 x5 52:54:00:51:00:05 lab2 "${IP[g3]}"
guest x4 ip addr add "${IP[g2]}/24" dev eth0
guest x5 ip addr add "${IP[g3]}/24" dev eth0
for g in g1 g2 g3 x5; do
	guest "$g" nft add table netdev seen
	guest "$g" nft add chain netdev seen in "{ type filter hook ingress device eth0 priority 0; }"
	guest "$g" nft add rule netdev seen in ether saddr 52:54:00:51:00:04 counter
	guest "$g" nft add rule netdev seen in ether saddr 52:54:00:50:00:01 counter
done
# seen GUEST MAC: frames GUEST received from MAC
seen() {
	guest "$1" nft list table netdev seen | grep -F "$2" |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}
check "x4 (lab2, h4) reaches x5 (lab2, h5) at g3's address" pings x4 "${IP[g3]}"
check "x5 counted x4's frames ($(seen x5 52:54:00:51:00:04))" test "$(seen x5 52:54:00:51:00:04)" -gt 0
guest x4 busybox ping -c 2 -W 1 "${IP[g1]}" >/dev/null 2>&1
check "g1 (lab) reaches g3 at the address x5 has too" pings g1 "${IP[g3]}"
is "no frame of lab2's x4 reached lab's guests" \
	"$(for g in g1 g2 g3; do seen $g 52:54:00:51:00:04; done | tr '\n' ' ')" "0 0 0 "
is "no frame of lab's g1 reached lab2's x5" "$(seen x5 52:54:00:50:00:01)" "0"

# --- g2 moves from h2 to h3 with its MAC; g1 (h1) pings it every 10 ms meanwhile
spawn "$(gns g1)" python3 "$HERE/ping_resume.py" "${IP[g2]}" 6 "$T_TMP/stream-ready" \
	"$T_TMP/stream-since" >"$T_TMP/stream"
wait_until 5 test -e "$T_TMP/stream-ready"
lease_before=$(vnh h1 -q dhcp-leases lab | grep 52:54:00:50:00:02 | awk '{print $5}')
sleep 1   # the stream runs a second before the move
vnh h2 -q port-delete lab "$PORT_g2" >/dev/null
check "g2's port on h2 is gone" sh -c "! ip netns exec $(gns g2) ip link show eth0"
guest_on h3 g2 52:54:00:50:00:02 lab "${IP[g2]}"
check "port-create --ip on h3 warns that the reservation is the authority's" \
	grep -q "but DHCP reservations are its DHCP authority's (198.51.100.1)" "$T_TMP/port-g2"
guest g2 ip addr add "${IP[g2]}/24" dev eth0   # a migrated guest keeps its state
guest g2 ip route add default via 10.50.0.1
date +%s.%N >"$T_TMP/stream-since"             # g2 is on h3: from now on, the network's part
guest g2 python3 "$HERE/announce.py" eth0 "${IP[g2]}"   # as QEMU announces it
wait_until 10 test -s "$T_TMP/stream"
read -r _ sent _ got _ lost _ gap _ resumed <"$T_TMP/stream"
check "the ping stream from h1 resumed ${resumed:-?} ms after g2 was on h3 (< 1000; sent $sent, lost $lost, longest gap $gap ms, the move included)" \
	test "${resumed:--1}" -ge 0 -a "${resumed:--1}" -lt 1000
is "g2 kept its lease at the authority" \
	"$(vnh h1 -q dhcp-leases lab | grep 52:54:00:50:00:02 | awk '{print $5}')" "$lease_before"
is "g2 renews on h3 and gets the same address" "$(dhcp g2 g2)" "${IP[g2]}"

# --- virtnetd on h3 keeps the overlay's part: our tables flushed or deleted, the overlay's
# rules are back within 1 s (a 10 ms ping stream from g1 to g3 meanwhile, lost pings
# counted), the gateway's ARP still stays off the overlay (counted) and DHCP still goes to
# the authority; with evpn, FRR killed is started again with the network's stanza
ovl_rules() { in_h h3 nft list map bridge virtnet ovl_out | grep -q '"vnx4242" : jump vnlab_ovl_out'; }
arp_gw() {   # arp_gw HOST CHAIN: the gateway's ARP requests counted in that chain
	in_h "$1" nft list chain bridge virtnet "vnlab_$2" |
		sed -n 's/.*arp operation request arp daddr ip 10.50.0.1 counter packets \([0-9]*\).*/\1/p'
}
spawn_pid "$(hns h3)" "$VIRTNETD" --root "$ROOT/h3" --foreground 2>>"$LOG"
DPID=$SPID
wait_until 10 started_after 0
check "virtnetd runs on h3" started_after 0
for what in "flush ruleset" "delete table bridge virtnet"; do
	spawn "$(gns g1)" sh -c "busybox ping -i 0.01 -c 300 -w 20 ${IP[g3]} >$T_TMP/flush-ping 2>&1"
	sleep 1   # the stream runs a second before
	in_h h3 nft $what
	within_1s "h3: after nft $what, virtnetd restores the overlay's rules within 1 s" ovl_rules
	wait_until 10 grep -q 'packets received' "$T_TMP/flush-ping"
	got=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$T_TMP/flush-ping")
	check "g1's 10 ms ping stream to g3 across nft $what on h3: ${got:-0} of 300 answered" \
		test "${got:-0}" -ge 290
	rm -f "$T_TMP/flush-ping"
done
check "and the repair is logged" grep -q "the overlay's rules were missing from table bridge virtnet; restored" "$LOG"
wait_until 2 ovl_rules
h1_in=$(arp_gw h1 ovl_from)
guest g3 ip neigh flush dev eth0
guest g3 busybox ping -c 1 -W 2 10.50.0.1 >/dev/null 2>&1
is "after the flush, g3's gateway is answered by h3" \
	"$(guest g3 ip neigh show 10.50.0.1 dev eth0 | awk '{print $3}')" "02:76:6e:00:10:92"
check "its ARP for the gateway stopped at h3's VXLAN port ($(arp_gw h3 ovl_out))" test "$(arp_gw h3 ovl_out)" -gt 0
is "and none reached h1 across the overlay" "$(arp_gw h1 ovl_from)" "$h1_in"
is "g3 (h3) renews at the authority after the flush: the same address" "$(dhcp g3 g3)" "${IP[g3]}"
n0=$(spoof_drops)
guest g3 ip addr add 10.50.0.99/24 dev eth0
guest g3 busybox ping -c 2 -W 1 -I 10.50.0.99 "${IP[g1]}" >/dev/null 2>&1
guest g3 ip addr del 10.50.0.99/24 dev eth0
check "after the flush, h3 still drops g3's frames from an address it did not lease ($n0 -> $(spoof_drops))" \
	test "$(spoof_drops)" -ge $((n0 + 2))
if [ "$OVL_CONTROL" = evpn ]; then
	frr_pid() { cat "$ROOT/h3/run/virtnet/frr/daemons/$1.pid" 2>/dev/null; }
	new_frr() { local p; p=$(frr_pid "$1"); [ -n "$p" ] && [ "$p" != "$2" ] && kill -0 "$p"; }
	for d in bgpd zebra; do
		old=$(frr_pid $d)
		kill -9 "$old"
		within_1s "h3: FRR's $d killed, virtnetd has it running again within 1 s" new_frr $d "$old"
		check "the restart is logged" wait_until 5 grep -q "FRR (zebra, bgpd) was not running; started again" "$LOG"
		check "g1 (h1) reaches g3 (h3) again after $d's restart" wait_until 30 pings g1 "${IP[g3]}"
		check "and g3 (h3) reaches g1 (h1)" pings g3 "${IP[g1]}"
	done
fi
kill -TERM "$DPID"
check "virtnetd on h3 ends" wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
daemon_log_clean

# --- a host goes away and comes back; the others keep working
in_ul ip link set uh3 down
check "with h3 away, g1 (h1) still reaches the internet" guest g1 busybox ping -c 2 -W 2 192.0.2.100
guest_on h2 g4 52:54:00:50:00:04
IP[g4]=$(dhcp g4 g4)
check "with h3 away, a new guest on h2 leases (${IP[g4]:-nothing}) and reaches g1" pings g4 "${IP[g1]}"
in_ul ip link set uh3 up
check "h3 back: g2 (now on h3) reaches g4 on h2, nothing restarted" pings g2 "${IP[g4]}"
check "and g1 on h1" pings g2 "${IP[g1]}"

# --- the VXLAN device deleted under the network: reconcile makes it again
in_h h2 ip link del vnx4242
run vnh h2 reconcile lab
check "reconcile makes the VXLAN device again" grep -q "VXLAN device vnx4242 was gone or out of the bridge; made again" <<<"$OUT"
check "g4 (h2) reaches g1 (h1) again" pings g4 "${IP[g1]}"

# --- destroy on h3 takes its overlay away; h1 and h2 keep working
run vnh h3 destroy lab
expect "h3: destroy lab" 0 "Network lab destroyed" ""
check "h3: no VXLAN device, no overlay rules left" \
	sh -c "! ip netns exec $(hns h3) ip link show vnx4242 && ! ip netns exec $(hns h3) nft list chain bridge virtnet vnlab_ovl_out"
check "g4 (h2) still reaches g1 (h1)" pings g4 "${IP[g1]}"

# --- a start of lab on h3 that fails, or is killed, at each of the overlay's steps is
# undone (overlay-control is evpn's: not on a static overlay's way; FRR's stanza load
# has its own fault point, frr-load, between its record and FRR being told)
h3_clean() {
	! in_h h3 ip link show vnx4242 && ! in_h h3 ip link show vnlab &&
		! in_h h3 nft list chain bridge virtnet vnlab_ovl_out &&
		! ls "$ROOT"/h3/run/virtnet/networks/lab.xml
}
stalled() { grep -q nanosleep "/proc/$1/wchan" 2>/dev/null; }
for step in $("$(dirname "$VIRTNET")/journal-steps" network | grep -E "^(overlay-firewall|vxlan|fdb$([ "$OVL_CONTROL" = evpn ] && echo '|overlay-control'))\$"); do
	run env VIRTNET_FAIL_AT=$step ip netns exec "$(hns h3)" "$VIRTNET" --root "$ROOT/h3" start lab
	expect "h3: a failure at '$step' is reported" 1 "" "error: Failed to start network lab
error: injected failure at step '$step'"
	check "h3: a failure at '$step' leaves nothing" h3_clean
	for point in "$step" "$step-made"; do
		env VIRTNET_STALL_AT=$point ip netns exec "$(hns h3)" "$VIRTNET" --root "$ROOT/h3" -q \
			start lab >/dev/null 2>&1 &
		pid=$!
		wait_until 10 stalled "$pid" || not_ok "h3: start stalls at '$point'"
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		run vnh h3 start lab
		expect "h3: killed at '$point', the next start cleans up and starts" 0 \
			"Network lab started" "warning: cleaning up an interrupted start of network 'lab'"
		run vnh h3 destroy lab
		check "h3: killed at '$point', then destroy: nothing left" h3_clean
	done
done

# a damaged record of what FRR was told does not block the stop: FRR starts again from the
# records that read (none here), so nothing of the network stays in it
frr_running() {
	local f p
	for f in "$ROOT"/h2/run/virtnet/frr/daemons/*.pid; do
		p=$(cat "$f" 2>/dev/null) && [ -n "$p" ] || continue
		# alive, not a zombie (they were the CLI's children: init reaps them, in its time)
		case $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) in ""|Z|X) ;; *) return 0 ;; esac
	done
	return 1
}
if [ "$OVL_CONTROL" = evpn ]; then
	check "h2: virtnet's FRR runs for lab" frr_running
	echo "router bgp x y z" >"$ROOT/h2/run/virtnet/frr/networks/lab.conf"
	run vnh h2 destroy lab
	expect "h2: destroy of lab with its FRR stanza damaged" 0 "Network lab destroyed" ""
	no_frr_left() { ! ls "$ROOT"/h2/run/virtnet/frr/networks/*.conf 2>/dev/null && ! frr_running; }
	check "h2: no stanza left, virtnet's FRR stopped (it had no other network)" no_frr_left
fi
for h in h1 h2; do run vnh "$h" destroy lab; done
for h in h4 h5; do run vnh "$h" destroy lab2; done
kill -TERM "$H1D"
check "virtnetd on h1 ends" wait_until 5 sh -c "! kill -0 $H1D 2>/dev/null"
LOG=$T_TMP/virtnetd-h1.log daemon_log_clean
check "nothing of ours left on h1" sh -c "! ip netns exec $(hns h1) ip link show vnx4242 && ! ip netns exec $(hns h1) nft list table bridge virtnet && ! ip netns exec $(hns h1) nft list table inet virtnet"
done_testing
