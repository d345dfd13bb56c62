#!/bin/bash
# Dual stack NAT network: the guest gets an IPv6 address from router advertisements
# (SLAAC) and reaches the gateway over IPv6; IPv4 still works.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml dual nat vndual0 192.168.150 10-20 "<ip family='ipv6' address='fd00:150::1' prefix='64'/>" \
	>"$T_TMP/dual.xml"
run vn define "$T_TMP/dual.xml"
run vn start dual
expect "start a dual-stack network" 0 "Network dual started" ""
is "IPv6 forwarding is on for it" "$(in_host cat /proc/sys/net/ipv6/conf/all/forwarding)" 1
add_guest g1 vndual0 52:54:00:00:04:01
ip4=$(dhcp g1)
check "IPv4 lease ($ip4)" grep -q '^192\.168\.150\.' <<<"$ip4"
# router advertisements: the guest's first solicitations may fall in the bridge port's
# STP listening/learning time (the kernel keeps the forward delay at 2 s or more with STP)
wait_until 30 has_global_v6 g1
v6=$(global_v6 g1)
check "the guest got a global IPv6 address by RA ($v6)" grep -q '^fd00:150::' <<<"$v6"
wait_until 3 no_tentative "$(gns g1)"
check "IPv6 reaches the gateway" guest g1 busybox ping -6 -c 2 -W 2 fd00:150::1
run vn destroy dual
check "nothing left" nothing_left vndual0
done_testing
