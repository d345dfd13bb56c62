#!/bin/bash
# An overlay network with IPv6 (static addresses, no DHCPv6): neighbour discovery for the
# distributed gateway (its global address and its link-local one) is answered by each
# guest's own host and never crosses the VXLAN port, while neighbour discovery between
# guests on different hosts does. Counted where it would arrive: on h1's VXLAN device.
#
#   underlay switch (bridge ulbr in vnt-ul-PID): h1 198.51.100.1, h2 .2
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

OVL_TAG=vnt
. "$(dirname "$0")/overlay_lib.sh"
GW6=fd00:66::1
GWMAC=
six_xml() {
	cat <<-'EOF'
	<network xmlns:virtnet='urn:virtnet:network:1'>
	  <name>six</name>
	  <bridge name='vnsix'/>
	  <ip address='10.66.0.1' prefix='24'/>
	  <ip family='ipv6' address='fd00:66::1' prefix='64'/>
	  <virtnet:overlay type='vxlan' vni='6666' control='static'>
	    <virtnet:peer address='198.51.100.1'/>
	    <virtnet:peer address='198.51.100.2'/>
	  </virtnet:overlay>
	</network>
	EOF
}
# on h1, what arrives through the VXLAN device: NS for the gateway (global, link-local), NS
# for guest a's address
count_rules() {
	in_h h1 nft -f - <<-EOF
	table netdev ndcount {
		chain in {
			type filter hook ingress device "$1" priority -500;
			icmpv6 type nd-neighbor-solicit @th,64,128 0xfd000066000000000000000000000001 counter
			icmpv6 type nd-neighbor-solicit @th,64,128 $2 counter
			icmpv6 type nd-neighbor-solicit @th,64,128 0xfd000066000000000000000000000011 counter
		}
	}
	EOF
}
nd_count() {   # nd_count N: the Nth counter's packets
	in_h h1 nft list chain netdev ndcount in | grep counter | sed -n "${1}p" |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}
# a guest with IPv6 on, a static address, its neighbour cache empty
guest6() {   # guest6 H G MAC ADDR
	mkguest "$2"
	vnh "$1" port-create six --type veth --netns "$(gns "$2")" --mac "$3" >/dev/null
	guest "$2" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.eth0.accept_dad=0
	guest "$2" ip -6 addr add "$4/64" dev eth0 nodad
	guest "$2" ip link set eth0 up
}

mk_underlay
add_host h1 1
add_host h2 2
for h in h1 h2; do
	in_h "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
	six_xml >"$T_TMP/six.xml"
	run vnh "$h" define "$T_TMP/six.xml"
	run vnh "$h" start six
	expect "$h: an overlay with an IPv6 address starts" 0 "Network six started" ""
done
vx=$(in_h h1 ip -o link show type vxlan | awk -F': ' '{print $2}' | cut -d@ -f1 | head -1)
check "h1 has the overlay's VXLAN device ($vx)" test -n "$vx"
GWMAC=$(in_h h2 cat /sys/class/net/vnsix/address)
ll_hex=$(python3 -c 'import sys
m=[int(x,16) for x in sys.argv[1].split(":")]; m[0]^=2
print("0xfe80000000000000%02x%02x%02xfffe%02x%02x%02x" % tuple(m))' "$GWMAC")
count_rules "$vx" "$ll_hex"
guest6 h1 a 52:54:00:66:00:11 fd00:66::11
guest6 h2 b 52:54:00:66:00:12 fd00:66::12

# the guest on h2 asks for the gateway: h2 answers, nothing crosses
check "b (on h2) reaches the gateway fd00:66::1, answered by h2" \
	wait_until 10 guest b busybox ping -6 -c 1 -W 1 "$GW6"
check "and its link-local address" wait_until 10 guest b busybox ping -6 -c 1 -W 1 \
	"fe80::$(python3 -c 'import sys
m=[int(x,16) for x in sys.argv[1].split(":")]; m[0]^=2
print("%x:%x:%x:%x" % (m[0]<<8|m[1], m[2]<<8|0xff, 0xfe<<8|m[3], m[4]<<8|m[5]))' "$GWMAC")%eth0"
is "h2's own bridge answered (the gateway's MAC in b's neighbour cache)" \
	"$(guest b ip -6 neigh show "$GW6" | awk '{print $5}')" "$GWMAC"
# between guests across hosts: neighbour discovery crosses
check "b reaches a (on h1) across the overlay" wait_until 10 guest b busybox ping -6 -c 1 -W 1 fd00:66::11
check "b's neighbour solicitation for a arrived through h1's VXLAN device" \
	test "$(nd_count 3)" -ge 1
is "no solicitation for the gateway's address arrived at h1" "$(nd_count 1)" "0"
is "nor for its link-local address" "$(nd_count 2)" "0"
drops=$(in_h h2 nft list table bridge virtnet | grep -c 'nd-neighbor-solicit.*counter packets [1-9]')
check "h2's overlay rules counted what they dropped ($drops rules)" test "$drops" -ge 1

for h in h1 h2; do
	run vnh "$h" destroy six
	expect "$h: destroy" 0 "Network six destroyed" ""
done
