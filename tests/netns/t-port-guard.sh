#!/bin/bash
# Guest protection: a guest that forges its source MAC or IP, answers ARP for another's
# address or runs a DHCP server is stopped at its port; counters in our bridge table show the
# drops and counters in the victims' namespaces show that nothing forged arrived. Isolated
# ports reach the gateway but not each other. A DHCPACK forged outside the bridge (route and
# nat mode) teaches the port nothing: the guest's packets from the forged lease never arrive.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet

# port_on NETWORK GUEST [OPTIONS]: a veth port whose guest end is eth0 in GUEST's namespace; sets PORT
port_on() {
	local net=$1 g=$2
	shift 2
	mkguest "$g"
	PORT=$(vn port-create "$net" --type veth --netns "$(gns "$g")" "$@" | sed -n 's/.*(device \(.*\))$/\1/p')
	guest "$g" ip link set eth0 up
}
port_for() { port_on gd "$@"; }
# (bridge_counter, in lib.sh, counts what all ports send: only the attacker's misbehaves here)
# ip_key ADDRESS: the address as our sets print it (0x0a59000a -> 0xa59000a)
ip_key() { local IFS=.; set -- $1; printf '0x%x' $((($1 << 24) | ($2 << 16) | ($3 << 8) | $4)); }
# watch GUEST PEER-IP: count, at the guest's eth0 before anything else sees it, what would be
# forged, and echo requests from PEER-IP (proof that the path itself works)
watch() {
	guest "$1" nft -f - <<NFT
table netdev watch {
	chain in { type filter hook ingress device eth0 priority -500; policy accept;
		ether saddr 52:54:00:de:ad:01 counter comment "forged-mac"
		ip saddr 10.89.0.200 counter comment "forged-ip"
		arp saddr ip 10.89.0.200 counter comment "forged-arp"
		udp sport 67 ip saddr != 10.89.0.1 counter comment "rogue-dhcp"
		ip saddr $2 icmp type echo-request counter comment "from-peer"
	}
}
NFT
}
watched() { guest "$1" nft list chain netdev watch in | grep "comment \"$2\"" | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }

net_xml gd nat vngd0 10.89.0 10-50 >"$T_TMP/gd.xml"
run vn define "$T_TMP/gd.xml"
run vn start gd
expect "start the network" 0 "Network gd started" ""

port_for g1; p1=$PORT
port_for g2; p2=$PORT
ip1=$(dhcp g1)
ip2=$(dhcp g2)
check "attacker and victim have leases ($ip1, $ip2)" grep -qE '^10\.89\.0\..*' <<<"$ip1$ip2"
mac1=$(guest g1 cat /sys/class/net/eth0/address)
mac2=$(guest g2 cat /sys/class/net/eth0/address)
watch g2 "$ip1"
check "the leased address was learned for the port" sh -c "ip netns exec $NS_HOST nft list set bridge virtnet port_ip4 | grep -qF '\"$p1\" . $(ip_key "$ip1") timeout'"
check "the attacker reaches the victim from its own address" guest g1 busybox ping -c 2 -W 2 "$ip2"
check "the victim counted those" [ "$(watched g2 from-peer)" -ge 2 ]

# forged source IP (no ARP needed: the victim's MAC is given)
guest g1 ip addr add 10.89.0.200/32 dev eth0
guest g1 ip neigh replace "$ip2" lladdr "$mac2" dev eth0
before=$(bridge_counter vngd0 'meta protocol ip counter')
guest g1 busybox ping -c 3 -W 1 -I 10.89.0.200 "$ip2" >/dev/null 2>&1
check "forged-IP packets were dropped at the port" [ "$(bridge_counter vngd0 'meta protocol ip counter')" -ge $((before + 3)) ]
is "the victim received none of them" "$(watched g2 forged-ip)" 0

# forged ARP: claim 10.89.0.200 (not the attacker's)
before=$(bridge_counter vngd0 'meta protocol arp counter')
guest g1 timeout 5 busybox arping -c 3 -w 3 -s 10.89.0.200 -I eth0 "$ip2" >/dev/null 2>&1
guest g1 timeout 5 busybox arping -c 2 -w 2 -U -s 10.89.0.200 -I eth0 10.89.0.200 >/dev/null 2>&1
check "ARP for an address that is not the guest's was dropped" [ "$(bridge_counter vngd0 'meta protocol arp counter')" -ge $((before + 3)) ]
is "the victim received no forged ARP" "$(watched g2 forged-arp)" 0
guest g1 ip addr del 10.89.0.200/32 dev eth0

# forged source MAC
before=$(bridge_counter vngd0 "iifname . ether saddr != @port_mac")
guest g1 ip link set eth0 address 52:54:00:de:ad:01
guest g1 busybox ping -c 3 -W 1 "$ip2" >/dev/null 2>&1
check "frames from a forged MAC were dropped" [ "$(bridge_counter vngd0 "iifname . ether saddr != @port_mac")" -ge $((before + 3)) ]
is "the victim received no frame from the forged MAC" "$(watched g2 forged-mac)" 0
guest g1 ip link set eth0 address "$mac1"

# a rogue DHCP server on the attacker; a new guest must still get its lease from dnsmasq
cat >"$T_TMP/udhcpd.conf" <<EOF
start 10.89.0.240
end 10.89.0.250
interface eth0
server 10.89.0.66
opt router 10.89.0.66
lease_file $T_TMP/rogue.leases
pidfile $T_TMP/rogue.pid
EOF
touch "$T_TMP/rogue.leases"
guest g1 ip addr add 10.89.0.66/24 dev eth0 2>/dev/null
spawn "$(gns g1)" busybox udhcpd -f "$T_TMP/udhcpd.conf" >"$T_TMP/udhcpd.log" 2>&1
wait_until 5 listening "$(gns g1)" udp 67
port_for g3; p3=$PORT
watch g3 "$ip1"
ip3=$(dhcp g3)
check "the new guest got its lease from dnsmasq ($ip3)" grep -qE '^10\.89\.0\.([1-4][0-9]|50)$' <<<"$ip3"
is "and the network's router" "$(lease_field g3 router)" 10.89.0.1
check "the rogue server's replies were dropped at its port" [ "$(bridge_counter vngd0 'udp sport \{ 67, 547 \}')" -gt 0 ]
is "the new guest received none of them" "$(watched g3 rogue-dhcp)" 0
is "the rogue server leased nothing" "$(busybox dumpleases -f "$T_TMP/rogue.leases" 2>/dev/null | grep -c '10\.89\.0\.2[45]')" 0

# isolated ports: gateway yes, each other no
port_for g4 --isolated; p4=$PORT
port_for g5 --isolated; p5=$PORT
ip4=$(dhcp g4)
ip5=$(dhcp g5)
is "the bridge port flag is set" "$(in_host cat /sys/class/net/"$p4"/brport/isolated)" 1
check "an isolated guest reaches the gateway" guest g4 busybox ping -c 1 -W 2 10.89.0.1
watch g5 "$ip4"
guest g4 ip neigh replace "$ip5" lladdr "$(guest g5 cat /sys/class/net/eth0/address)" dev eth0
guest g4 busybox ping -c 3 -W 1 "$ip5" >/dev/null 2>&1
is "an isolated guest's pings never reached the other isolated guest" "$(watched g5 from-peer)" 0
check "a non-isolated guest still reaches an isolated one" guest g1 busybox ping -c 1 -W 2 "$ip4"

# a network whose ports are all isolated
net_xml iso2 "" vniso2 10.90.0 10-50 "<port isolated='yes'/>" >"$T_TMP/iso2.xml"
run vn define "$T_TMP/iso2.xml"
run vn start iso2
run vn port-create iso2
p6=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
is "<port isolated='yes'/> isolates every port of the network" "$(in_host cat /sys/class/net/"$p6"/brport/isolated)" 1

# a reserved IPv6 address pins the port to it (and link-local); others may use the prefix
cat >"$T_TMP/g6.xml" <<'XML'
<network>
  <name>g6</name>
  <bridge name='vng6' stp='off'/>
  <ip family='ipv6' address='fd00:89::1' prefix='64'>
    <dhcp><range start='fd00:89::100' end='fd00:89::1ff'/></dhcp>
  </ip>
</network>
XML
run vn define "$T_TMP/g6.xml"
run vn start g6
mkguest g7
run vn port-create g6 --type veth --netns "$(gns g7)" --ip fd00:89::50
p7=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
guest g7 ip link set eth0 up
guest g7 ip -6 addr add fd00:89::50/64 dev eth0 nodad
guest g7 ip -6 addr add fd00:89::99/64 dev eth0 nodad
wait_until 5 no_tentative "$(gns g7)"   # the guest's link-local leaves DAD
check "the pinned port reaches the gateway from its reserved address" \
	guest g7 busybox ping -6 -c 2 -W 2 -I fd00:89::50 fd00:89::1
before=$(bridge_counter vng6 'iifname @pinned6')
guest g7 busybox ping -6 -c 3 -W 1 -I fd00:89::99 fd00:89::1 >/dev/null 2>&1
check "from another address of the prefix it is dropped at its port (counter >= 3)" \
	[ "$(bridge_counter vng6 'iifname @pinned6')" -ge $((before + 3)) ]
run vn port-delete g6 "$p7"
run vn destroy g6

# Forged DHCPACKs from outside the bridge (route and nat mode): a BOOTP reply (op 2, option
# 53 = 5, chaddr the guest's MAC, yiaddr .77) must not teach the port .77. Counted where
# packets would arrive: the guest's own ingress for the forged replies, the "internet" for
# what the guest then sends from .77 (a port of its own per case, so masquerading in nat
# mode cannot hide a spoofed packet that got through).
cat >"$T_TMP/bootp.py" <<'PY'
import socket, struct, sys, time

def bootp_ack(mac, yiaddr):
    p = bytearray(300)
    p[0:4] = bytes([2, 1, 6, 0])
    struct.pack_into("!I", p, 4, 0x7e57)
    p[16:20] = socket.inet_aton(yiaddr)
    p[28:34] = bytes.fromhex(mac.replace(":", ""))
    p[236:240] = b"\x63\x82\x53\x63"
    p[240:244] = b"\x35\x01\x05\xff"
    return bytes(p)

def raw(src, dst, mac, yiaddr):
    udp = struct.pack("!HHHH", 67, 68, 308, 0) + bootp_ack(mac, yiaddr)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for _ in range(3):
        s.sendto(ip + udp, (dst, 0))
        time.sleep(0.2)

def serve(mac, yiaddr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 67))
    s.settimeout(15)
    _, peer = s.recvfrom(2048)
    for _ in range(3):
        s.sendto(bootp_ack(mac, yiaddr), peer)
        time.sleep(0.2)

def send(src, sport, dst, dport, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, int(sport)))
    for _ in range(int(count)):
        s.sendto(b"virtnet", (dst, int(dport)))
        time.sleep(0.1)

{"raw": raw, "serve": serve, "send": send}[sys.argv[1]](*sys.argv[2:])
PY
# bootp NAMESPACE COMMAND ARGS...: bootp.py inside that namespace, bounded
bootp() { local ns=$1; shift; ip netns exec "$ns" timeout 20 python3 "$T_TMP/bootp.py" "$@"; }
in_inet nft -f - <<'NFT'
table inet watch {
	chain in { type filter hook prerouting priority -300; policy accept;
		udp dport 9150 counter comment "rt-leased"
		udp dport 9177 counter comment "rt-spoofed"
		udp dport 9250 counter comment "nt-leased"
		udp dport 9277 counter comment "nt-spoofed"
	}
}
NFT
arrived() { in_inet nft list chain inet watch in | grep "comment \"$1\"" | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }
# watch_acks GUEST YIADDR: count, at the guest's eth0, DHCPACKs that lease YIADDR (afresh)
watch_acks() {
	guest "$1" nft -f - <<NFT
add table netdev acks
delete table netdev acks
table netdev acks {
	chain in { type filter hook ingress device eth0 priority -500; policy accept;
		udp sport 67 udp dport 68 @th,192,32 $(ip_key "$2") counter
	}
}
NFT
}
acks() { guest "$1" nft list chain netdev acks in | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }
learned() { in_host nft list set bridge virtnet port_ip4 | grep -cF "\"$1\" . $(ip_key "$2")"; }
in_counter() { chain_counter "$1_in" "udp sport 67 udp dport 68"; }
# spoof_from GUEST SUBNET BRIDGE PORT: the guest sends 3 packets from SUBNET.77 to the internet's
# PORT (the gateway's MAC pinned, so no ARP is needed); they must be dropped at the guest's port
spoof_from() {
	local before
	guest "$1" ip addr add "$2.77/32" dev eth0
	guest "$1" ip neigh replace "$2.1" lladdr "$(in_host cat /sys/class/net/"$3"/address)" dev eth0
	before=$(bridge_counter "$3" 'meta protocol ip counter')
	bootp "$(gns "$1")" send "$2.77" 0 192.0.2.2 "$4" 3
	check "the guest's 3 packets from $2.77 were dropped at its port" \
		[ "$(bridge_counter "$3" 'meta protocol ip counter')" -ge $((before + 3)) ]
	guest "$1" ip addr del "$2.77/32" dev eth0
}
# forged_net NAME BRIDGE PREFIX MODE: define and start a network like gd on PREFIX.0/24
forged_net() {
	net_xml "$1" "$4" "$2" "$3.0" 10-50 >"$T_TMP/$1.xml"
	run vn define "$T_TMP/$1.xml"
	run vn start "$1"
	expect "start $4 network $1" 0 "Network $1 started" ""
}

# route mode: the internet can address the guest directly
forged_net rt vnrt0 10.91 route
in_inet ip route add 10.91.0.0/24 via 192.0.2.1
port_on rt r1; pr=$PORT
ipr=$(dhcp r1)
macr=$(guest r1 cat /sys/class/net/eth0/address)
check "route: the guest got a lease from dnsmasq ($ipr)" grep -qE '^10\.91\.0\.([1-4][0-9]|50)$' <<<"$ipr"
is "route: dnsmasq's lease was learned" "$(learned "$pr" "$ipr")" 1
bootp "$(gns r1)" send "$ipr" 0 192.0.2.2 9150 3
is "route: all 3 packets from the leased address arrived" "$(arrived rt-leased)" 3
watch_acks r1 10.91.0.77
before=$(in_counter vnrt0)
bootp "$NS_INET" raw 192.0.2.2 "$ipr" "$macr" 10.91.0.77
check "route: the forged DHCPACKs were dropped in forward" [ "$(in_counter vnrt0)" -ge $((before + 3)) ]
is "route: the guest received none of them" "$(acks r1)" 0
is "route: .77 was not learned" "$(learned "$pr" 10.91.0.77)" 0
spoof_from r1 10.91.0 vnrt0 9177
is "route: 0 packets from .77 arrived" "$(arrived rt-spoofed)" 0

# ... also with the gateway's own address as source (the host would take it as martian
# without accept_local: let it in so that our rule is what stops it)
in_host sysctl -qw net.ipv4.conf.eth0.accept_local=1 net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.all.rp_filter=0
before=$(in_counter vnrt0)
bootp "$NS_INET" raw 10.91.0.1 "$ipr" "$macr" 10.91.0.77
check "route: forged with the gateway's address, they were dropped in forward" \
	[ "$(in_counter vnrt0)" -ge $((before + 3)) ]
is "route: the guest received none of them" "$(acks r1)" 0
is "route: .77 was still not learned" "$(learned "$pr" 10.91.0.77)" 0

# what the host itself sends is learned only from the network's address, for its subnet
bootp "$NS_HOST" raw 192.0.2.1 "$ipr" "$macr" 10.91.0.78
is "route: a DHCPACK from another address of the host teaches nothing" "$(learned "$pr" 10.91.0.78)" 0
bootp "$NS_HOST" raw 10.91.0.1 "$ipr" "$macr" 10.99.0.78
is "route: nor one leasing an address outside the subnet" "$(learned "$pr" 10.99.0.78)" 0
bootp "$NS_HOST" raw 10.91.0.1 "$ipr" "$macr" 10.91.0.79
is "route: one from the gateway's address, for the subnet, is learned (the rule works)" "$(learned "$pr" 10.91.0.79)" 1

# a device on the bridge that is not a port (nothing checks what it sends) forges the
# gateway's DHCPACK: bridged between ports, it never passes the hook that learns
add_guest x1 vnrt0 52:54:00:00:91:99
guest x1 ip addr add 10.91.0.200/24 dev eth0
xif=vgx1-$$
xif=${xif:0:15}
forwarding() { [ "$(in_host cat /sys/class/net/"$1"/brport/state)" = 3 ]; }
wait_until 10 forwarding "$xif"   # STP keeps a new port from forwarding for a few seconds
watch_acks r1 10.91.0.80
bootp "$(gns x1)" raw 10.91.0.1 "$ipr" "$macr" 10.91.0.80
check "route: the guest received the bridged forgery" [ "$(acks r1)" -ge 1 ]
is "route: .80 was not learned from it" "$(learned "$pr" 10.91.0.80)" 0

# nat mode: the guest provokes the reply itself, so that it is "established"
forged_net nt vnnt0 10.92 nat
port_on nt n1; pn=$PORT
ipn=$(dhcp n1)
macn=$(guest n1 cat /sys/class/net/eth0/address)
check "nat: the guest got a lease from dnsmasq ($ipn)" grep -qE '^10\.92\.0\.([1-4][0-9]|50)$' <<<"$ipn"
is "nat: dnsmasq's lease was learned" "$(learned "$pn" "$ipn")" 1
bootp "$(gns n1)" send "$ipn" 0 192.0.2.2 9250 3
is "nat: all 3 packets from the leased address arrived" "$(arrived nt-leased)" 3
watch_acks n1 10.92.0.77
spawn "$NS_INET" timeout 20 python3 "$T_TMP/bootp.py" serve "$macn" 10.92.0.77
server=$!
wait_until 5 listening "$NS_INET" udp 67
before=$(in_counter vnnt0)
bootp "$(gns n1)" send "$ipn" 68 192.0.2.2 67 1
wait "$server"
check "nat: the provoked DHCPACKs were dropped in forward" [ "$(in_counter vnnt0)" -ge $((before + 3)) ]
is "nat: the guest received none of them" "$(acks n1)" 0
is "nat: .77 was not learned" "$(learned "$pn" 10.92.0.77)" 0
spoof_from n1 10.92.0 vnnt0 9277
is "nat: 0 packets from .77 arrived" "$(arrived nt-spoofed)" 0

run vn port-delete rt --all
run vn port-delete nt --all
run vn destroy rt
run vn destroy nt

run vn port-delete gd --all
run vn port-delete iso2 --all
check "no bridge table left after the last port" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet"
run vn destroy iso2
run vn destroy gd
check "nothing left" nothing_left vngd0
done_testing
