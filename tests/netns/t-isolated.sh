#!/bin/bash
# Isolated network (no <forward>): guests talk to each other and get DHCP; nothing leaves.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
# the internet namespace counts whatever arrives from the guests' subnet or the host
in_inet nft -f - <<'NFT'
table inet watch {
	chain in { type filter hook input priority 0; policy accept;
		ip saddr 10.77.0.0/24 counter
		ip saddr 192.0.2.1 counter
	}
}
NFT
in_inet ip route add 10.77.0.0/24 via 192.0.2.1

net_xml iso "" vniso0 10.77.0 10-20 >"$T_TMP/iso.xml"
run vn define "$T_TMP/iso.xml"
run vn start iso
expect "start isolated" 0 "Network iso started" ""
add_guest g1 vniso0 52:54:00:00:02:01
add_guest g2 vniso0 52:54:00:00:02:02
ip1=$(dhcp g1)
ip2=$(dhcp g2)
check "guest 1 got a lease ($ip1)" grep -q '^10\.77\.0\.' <<<"$ip1"
check "guest 2 got a lease ($ip2)" grep -q '^10\.77\.0\.' <<<"$ip2"
check "guests reach each other" guest g1 busybox ping -c 2 -W 2 "$ip2"
check "guests reach the host" guest g1 busybox ping -c 1 -W 2 10.77.0.1
check "DHCP came through our input rule" [ "$(chain_counter input 'dport \{ 53, 67, 547 \}')" -gt 0 ]

is "the lease gives no router on an isolated network" "$(lease_field g1 router)" ""
is "an isolated network does not turn on IP forwarding" "$(in_host cat /proc/sys/net/ipv4/ip_forward)" 0
# forwarding on anyway (another network would do that), and a guest that routes through
# the host regardless: now only our firewall stands in the way
in_host sysctl -qw net.ipv4.ip_forward=1
guest g1 ip route add default via 10.77.0.1
guest g1 busybox ping -c 3 -W 1 198.51.100.1 >/dev/null 2>&1
guest g1 timeout 5 busybox nc -w 2 198.51.100.1 8080 </dev/null >/dev/null 2>&1
check "our rule rejected the guest's attempts to leave" [ "$(chain_counter vniso0_out reject)" -gt 0 ]
got=$(in_inet nft list chain inet watch in | grep -o 'packets [0-9]*' | awk '{s += $2} END {print s + 0}')
is "the internet namespace received nothing from the guests or through the host" "$got" 0
check "no NAT chain exists for an isolated network" sh -c "! ip netns exec $NS_HOST nft list chain inet virtnet vniso0_nat >/dev/null 2>&1"

run vn destroy iso
check "nothing left" nothing_left vniso0
done_testing
