#!/bin/bash
# NAT details: <forward dev> limits egress to that device, <nat><address>/<port> pick the
# translated source, IPv6 in a NAT network is routed (reachable from outside), and the
# bridge gets the MAC, MTU, STP and forward delay of its definition.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
echo_server
# a second uplink to a second outside namespace, which dev='eth0' must keep guests from
NS_INET2=vnt-inet2-$$
GUESTS+=("$NS_INET2")
ip netns add "$NS_INET2"
in_host ip link add eth1 type veth peer name eth1 netns "$NS_INET2"
in_host ip addr add 198.18.0.1/24 dev eth1
in_host ip link set eth1 up
ip netns exec "$NS_INET2" ip addr add 198.18.0.2/24 dev eth1
ip netns exec "$NS_INET2" ip link set eth1 up
ip netns exec "$NS_INET2" ip link set lo up
# the translated address is the host's own (replies must find their way back)
in_host ip addr add 192.0.2.50/32 dev eth0
in_host ip -6 addr add 2001:db8:1::1/64 dev eth0 nodad
in_inet ip -6 addr add 2001:db8:1::2/64 dev eth0 nodad
in_inet ip -6 route add fd00:210::/64 via 2001:db8:1::1

cat >"$T_TMP/opts.xml" <<'XML'
<network>
  <name>opts</name>
  <forward mode='nat' dev='eth0'>
    <nat>
      <address start='192.0.2.50' end='192.0.2.50'/>
      <port start='2000' end='2010'/>
    </nat>
  </forward>
  <bridge name='vnopts0' stp='on' delay='4'/>
  <mtu size='1400'/>
  <mac address='52:54:00:aa:bb:cc'/>
  <ip address='192.168.210.1' prefix='24'>
    <dhcp><range start='192.168.210.10' end='192.168.210.20'/></dhcp>
  </ip>
  <ip family='ipv6' address='fd00:210::1' prefix='64'/>
</network>
XML
run vn define "$T_TMP/opts.xml"
run vn start opts
expect "start" 0 "Network opts started" ""
link=$(in_host ip -d link show vnopts0)
check "the bridge has the defined MAC" grep -q "link/ether 52:54:00:aa:bb:cc" <<<"$link"
check "the bridge has the defined MTU" grep -q "mtu 1400" <<<"$link"
check "STP is on, forward delay 4 s" grep -q "forward_delay 400 .*stp_state 1" <<<"$link"

add_guest g1 vnopts0 52:54:00:00:08:01
ip1=$(dhcp g1)
check "lease ($ip1)" grep -q '^192\.168\.210\.' <<<"$ip1"
echo_client g1
peer=$(server_peer)
is "the server sees the <nat><address> as source" "${peer%:*}" "192.0.2.50"
check "from a port in <nat><port> 2000-2010 (${peer##*:})" sh -c "[ '${peer##*:}' -ge 2000 ] && [ '${peer##*:}' -le 2010 ]"
wait "$CLIENT"

before=$(chain_counter vnopts0_out reject)
guest g1 timeout 5 busybox nc -w 2 198.18.0.2 8080 </dev/null >/dev/null 2>&1
after=$(chain_counter vnopts0_out reject)
check "traffic towards another uplink than dev='eth0' is rejected (counter $before -> $after)" [ "${after:-0}" -gt "${before:-0}" ]

# router advertisements: the guest's first solicitations may fall in the bridge port's
# STP listening/learning time (the kernel keeps the forward delay at 2 s or more with STP)
wait_until 30 has_global_v6 g1
v6=$(global_v6 g1)
check "the guest has an IPv6 address ($v6)" grep -q '^fd00:210::' <<<"$v6"
check "IPv6 in a NAT network is routed: the outside reaches the guest" in_inet busybox ping -6 -c 2 -W 2 "$v6"

run vn destroy opts
check "nothing left" nothing_left vnopts0
done_testing
