#!/bin/bash
# Guest protection: a guest that forges its source MAC or IP, answers ARP for another's
# address or runs a DHCP server is stopped at its port; counters in our bridge table show the
# drops and counters in the victims' namespaces show that nothing forged arrived. Isolated
# ports reach the gateway but not each other.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

mkguest() { local ns=vnt-$1-$$; ip netns add "$ns" && ip netns exec "$ns" ip link set lo up; GUESTS+=("$ns"); }
gns() { echo "vnt-$1-$$"; }
# port_for GUEST [OPTIONS]: a veth port whose guest end is eth0 in GUEST's namespace; sets PORT
port_for() {
	local g=$1
	shift
	mkguest "$g"
	PORT=$(vn port-create gd --type veth --netns "$(gns "$g")" "$@" | sed -n 's/.*(device \(.*\))$/\1/p')
	guest "$g" ip link set eth0 up
}
# bridge_counter BRIDGE RULE-REGEX: packets counted by that rule of the chain that checks
# what the network's ports send (only the attacker's port misbehaves here)
bridge_counter() {
	in_host nft list chain bridge virtnet "$1_from" | grep -E "$2" | head -1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}
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

cat >"$T_TMP/gd.xml" <<'XML'
<network>
  <name>gd</name>
  <forward mode='nat'/>
  <bridge name='vngd0'/>
  <ip address='10.89.0.1' prefix='24'>
    <dhcp><range start='10.89.0.10' end='10.89.0.50'/></dhcp>
  </ip>
</network>
XML
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
sleep 0.5
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
sed -e 's/gd</iso2</; s/vngd0/vniso2/; s/10\.89\./10.90./g; s|<forward mode=.nat./>|<port isolated="yes"/>|' "$T_TMP/gd.xml" >"$T_TMP/iso2.xml"
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
sleep 1   # the guest's link-local leaves DAD
check "the pinned port reaches the gateway from its reserved address" \
	guest g7 busybox ping -6 -c 2 -W 2 -I fd00:89::50 fd00:89::1
before=$(bridge_counter vng6 'iifname @pinned6')
guest g7 busybox ping -6 -c 3 -W 1 -I fd00:89::99 fd00:89::1 >/dev/null 2>&1
check "from another address of the prefix it is dropped at its port (counter >= 3)" \
	[ "$(bridge_counter vng6 'iifname @pinned6')" -ge $((before + 3)) ]
run vn port-delete g6 "$p7"
run vn destroy g6

run vn port-delete gd --all
run vn port-delete iso2 --all
check "no bridge table left after the last port" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet"
run vn destroy iso2
run vn destroy gd
check "nothing left" nothing_left vngd0
done_testing
