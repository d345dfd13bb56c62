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
done_testing
