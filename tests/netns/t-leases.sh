#!/bin/bash
# Leases live in our state, not in dnsmasq: they survive destroy + start of the network and
# a killed dnsmasq repaired by reconcile; the same guest gets the same address back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml keep nat vnkeep0 192.168.160 100-200 >"$T_TMP/net.xml"
run vn define "$T_TMP/net.xml"
run vn start keep
add_guest g1 vnkeep0 52:54:00:00:05:01
ip1=$(dhcp g1 keeper)
check "first lease ($ip1)" grep -q '^192\.168\.160\.' <<<"$ip1"

run vn destroy keep
run vn -q dhcp-leases keep
check "the lease is still listed while the network is down" grep -q "$ip1/24" <<<"$OUT"
run vn start keep
expect "start again" 0 "Network keep started" ""
# the guest's veth lost its bridge when the bridge went away: plug it back, as a hypervisor would
hostif=$(in_host ip -o link show | awk -F': ' '/vgg1/ {print $2}' | cut -d@ -f1 | head -1)
in_host ip link set "$hostif" master vnkeep0
in_host ip link set "$hostif" up
run vn -q dhcp-leases keep
check "the lease survived destroy + start" grep -q "$ip1/24" <<<"$OUT"
is "the guest gets the same address after the restart" "$(dhcp g1 keeper)" "$ip1"

pid=$(cat "$ROOT"/run/virtnet/dnsmasq/*.pid)
kill -9 "$pid"
wait_until 3 test ! -d "/proc/$pid"
run vn reconcile keep
check "reconcile restarts the killed dnsmasq" grep -q "^Network keep: dnsmasq was not running; restarted (pid [0-9]*), leases kept$" <<<"$OUT"
newpid=$(cat "$ROOT"/run/virtnet/dnsmasq/*.pid)
check "a new dnsmasq runs ($pid -> $newpid)" sh -c "[ '$newpid' != '$pid' ] && [ -d /proc/$newpid ]"
run vn -q dhcp-leases keep
check "the lease survived the dnsmasq restart" grep -q "$ip1/24" <<<"$OUT"
is "the guest gets the same address from the new dnsmasq" "$(dhcp g1 keeper)" "$ip1"
run vn reconcile
expect "a second reconcile finds nothing to do" 0 "Network keep: ok" ""

run vn destroy keep
check "nothing left" nothing_left vnkeep0
done_testing
