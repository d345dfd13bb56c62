#!/bin/bash
# Open network: we add no firewall objects at all (and none exist after destroy).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml open open vnopen0 10.66.0 10-20 >"$T_TMP/open.xml"
run vn define "$T_TMP/open.xml"
run vn start open
expect "start open" 0 "Network open started" ""
check "no nft table of ours exists for an open network" sh -c "! ip netns exec $NS_HOST nft list table inet virtnet >/dev/null 2>&1"
add_guest g1 vnopen0 52:54:00:00:03:01
ip1=$(dhcp g1)
check "DHCP works on an open network ($ip1)" grep -q '^10\.66\.0\.' <<<"$ip1"
check "the bridge is up with its address" sh -c "ip netns exec $NS_HOST ip -4 addr show vnopen0 | grep -q 10.66.0.1/24"
run vn destroy open
check "nothing left" nothing_left vnopen0
done_testing
