#!/bin/bash
# Dual stack NAT network: the guest gets an IPv6 address from router advertisements
# (SLAAC) and reaches the gateway over IPv6; IPv4 still works.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
cat >"$T_TMP/dual.xml" <<'XML'
<network>
  <name>dual</name>
  <forward mode='nat'/>
  <bridge name='vndual0'/>
  <ip address='192.168.150.1' prefix='24'>
    <dhcp><range start='192.168.150.10' end='192.168.150.20'/></dhcp>
  </ip>
  <ip family='ipv6' address='fd00:150::1' prefix='64'/>
</network>
XML
run vn define "$T_TMP/dual.xml"
run vn start dual
expect "start a dual-stack network" 0 "Network dual started" ""
is "IPv6 forwarding is on for it" "$(in_host cat /proc/sys/net/ipv6/conf/all/forwarding)" 1
add_guest g1 vndual0 52:54:00:00:04:01
ip4=$(dhcp g1)
check "IPv4 lease ($ip4)" grep -q '^192\.168\.150\.' <<<"$ip4"
# router advertisements: the guest's first solicitations may fall in the bridge port's
# STP listening/learning time (the kernel keeps the forward delay at 2 s or more with STP)
v6=""
for i in $(seq 300); do
	v6=$(guest g1 ip -6 -o addr show dev eth0 scope global | awk '{print $4}' | head -1)
	[ -n "$v6" ] && break
	sleep 0.1
done
check "the guest got a global IPv6 address by RA ($v6)" grep -q '^fd00:150::' <<<"$v6"
for i in $(seq 30); do guest g1 ip -6 addr show dev eth0 | grep -q tentative || break; sleep 0.1; done
check "IPv6 reaches the gateway" guest g1 busybox ping -6 -c 2 -W 2 fd00:150::1
run vn destroy dual
check "nothing left" nothing_left vndual0
done_testing
