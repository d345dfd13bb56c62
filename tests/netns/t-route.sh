#!/bin/bash
# Routed network: no NAT; the internet host (with a route back) sees the guest's own
# address and can reach the guest.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
echo_server
in_inet ip route add 203.0.113.0/24 via 192.0.2.1

net_xml routed route vnroute0 203.0.113 10-50 >"$T_TMP/routed.xml"
run vn define "$T_TMP/routed.xml"
run vn start routed
expect "start routed" 0 "Network routed started" ""
add_guest g1 vnroute0 52:54:00:00:01:01
ip1=$(dhcp g1)
check "guest got a lease ($ip1)" grep -q '^203\.0\.113\.' <<<"$ip1"

echo_client g1
peer=$(server_peer)
is "the internet sees the guest's own address (no NAT)" "${peer%:*}" "$ip1"
wait "$CLIENT"

spawn "$(gns g1)" busybox nc -ll -p 9090 -e /bin/cat
wait_until 3 listening "$(gns g1)" tcp 9090
out=$(echo ping | in_inet timeout 5 busybox nc -w 2 "$ip1" 9090 2>&1)
is "the internet host reaches the guest" "$out" "ping"
check "our accept rule counted it" [ "$(chain_counter vnroute0_in 'daddr 203.0.113.0/24')" -gt 0 ]
check "nothing NATed: no nat chain for a routed network" sh -c "! ip netns exec $NS_HOST nft list chain inet virtnet vnroute0_nat >/dev/null 2>&1"

run vn destroy routed
expect "destroy" 0 "Network routed destroyed" ""
check "nothing left" nothing_left vnroute0

# virt-manager's ipv6route network, whose <route> gateway is the bridge's own address: the
# kernel refuses such a route ("Gateway can not be a local address"), libvirt ignores the
# failure and starts the network (networkStartNetworkVirtual), and so do we, with a warning.
# A second route, through a router on the network, is added as usual.
in_host ip link add eth1 type veth peer name eth1p   # its <forward dev='eth1'/>
sed "s|</network>|  <route family='ipv6' address='fd00:db8:ac10:fe00::' prefix='64' gateway='fd00:db8:ac10:fd01::2'/>\n&|" \
	"$TOP/tests/data/realworld/virt-manager-testdriver-ipv6route.xml" >"$T_TMP/ipv6route.xml"
run vn define "$T_TMP/ipv6route.xml"
run vn start ipv6route
expect "ipv6route starts, with a warning about the route the kernel refuses" 0 "Network ipv6route started" \
	"warning: network 'ipv6route' runs without a static route, as libvirt's does: cannot add route fd00:db8:ac10:fd00::/64 via fd00:db8:ac10:fd01::1 dev 'virbr0' metric 1: Gateway can not be a local address (Invalid argument); its gateway is the network's own address; give the address of a router on the network instead"
run vn -q list --name
is "it is active" "$OUT" "ipv6route"
check "its bridge has its address" sh -c "ip netns exec $NS_HOST ip -6 -o addr show dev virbr0 | grep -q 'fd00:db8:ac10:fd01::1/64'"
check "its dnsmasq serves" sh -c "ip netns exec $NS_HOST ss -Hlun 'sport = :547' | grep -q ."
check "the route through a router on the network is in place" sh -c \
	"ip netns exec $NS_HOST ip -6 route show fd00:db8:ac10:fe00::/64 | grep -q 'via fd00:db8:ac10:fd01::2 dev virbr0'"
is "as libvirt adds it: protocol boot, metric 1" \
	"$(in_host ip -d -6 route show fd00:db8:ac10:fe00::/64 | grep -o 'proto [a-z]*\|metric [0-9]*' | xargs)" \
	"proto boot metric 1"
is "the one through its own address is not (no kernel takes it)" \
	"$(in_host ip -6 route show fd00:db8:ac10:fd00::/64)" ""
run vn destroy ipv6route
expect "destroy ipv6route" 0 "Network ipv6route destroyed" ""
check "nothing of ipv6route left" nothing_left virbr0
is "no route of it left" "$(in_host ip -6 route show fd00:db8:ac10:fe00::/64)" ""
done_testing
