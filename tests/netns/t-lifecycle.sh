#!/bin/bash
# Transient networks (create), undefine of a running network, autostart-all, the live and
# the stored definition, and a bridge or subnet that is already taken on the host.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml trans "" vntrans0 10.200.0 "" >"$T_TMP/tr.xml"
run vn create "$T_TMP/tr.xml"
expect "create a transient network" 0 "Network trans created from $T_TMP/tr.xml" ""
run vn -q list --transient --name
expect "it is listed as transient" 0 "trans" ""
run vn info trans
check "info: active, not persistent" grep -qz "Active:         yes.*Persistent:     no" <<<"$OUT"
check "no definition file was written" sh -c "! ls $ROOT/etc/virtnet/networks/*.xml 2>/dev/null"
run vn autostart trans
expect "a transient network cannot be autostarted" 1 "" "error: failed to mark network trans as autostarted
error: cannot set autostart for transient network 'trans' (define it first with: virtnet dumpxml trans | virtnet define -)"
run vn destroy trans
expect "destroy it" 0 "Network trans destroyed" ""
run vn -q list --all --name
expect "a destroyed transient network is gone" 0 "" ""
check "nothing left of it" nothing_left vntrans0

# a definition change while running takes effect at the next start
net_xml live "" vnlive0 10.200.0 "" >"$T_TMP/live.xml"
run vn define "$T_TMP/live.xml"
run vn start live
net_xml live "" vnlive0 10.201.0 "" >"$T_TMP/live2.xml"
uuid=$(vn -q uuid live)
sed -i "s|<name>live</name>|<name>live</name><uuid>$uuid</uuid>|" "$T_TMP/live2.xml"
run vn define "$T_TMP/live2.xml"
check "redefine while running" [ "$RC" = 0 ]
check "dumpxml shows the live form (old address)" grep -q "10.200.0.1" <<<"$(vn dumpxml live)"
check "dumpxml --inactive shows the stored one (new address)" grep -q "10.201.0.1" <<<"$(vn dumpxml --inactive live)"
check "the bridge still has the old address" sh -c "ip netns exec $NS_HOST ip -4 addr show vnlive0 | grep -q 10.200.0.1"
run vn undefine live
expect "undefine a running network" 0 "Network live has been undefined" ""
run vn -q list --transient --name
expect "it keeps running as a transient network" 0 "live" ""
run vn destroy live
run vn -q list --all --name
expect "and is gone when destroyed" 0 "" ""

# autostart-all starts exactly the marked networks
for n in 1 2 3; do
	net_xml "auto$n" "" "vnauto$n" "10.21$n.0" "" >"$T_TMP/auto$n.xml"
	run vn define "$T_TMP/auto$n.xml"
done
run vn autostart auto1
run vn autostart auto3
run vn autostart-all
expect "autostart-all starts the marked networks" 0 "Network auto1 started
Network auto3 started" ""
run vn -q list --name
expect "exactly those are active" 0 "auto1
auto3" ""
run vn autostart-all
expect "a second run has nothing to do" 0 "" ""

# the bridge name or the subnet may already be taken on the host
in_host ip link add vnauto2 type bridge
run vn start auto2
expect "a foreign interface with the bridge's name is refused" 1 "" "error: Failed to start network auto2
error: network 'auto2': interface vnauto2 already exists and is not managed by virtnet (choose another <bridge name=...>, or remove the interface if nothing uses it: ip link delete vnauto2)"
in_host ip link del vnauto2
in_host ip link add taken type veth peer name taken-peer
in_host ip addr add 10.212.0.7/24 dev taken
in_host ip link set taken up
run vn start auto2
expect "a subnet routed on another interface is refused" 1 "" "error: Failed to start network auto2
error: network 'auto2' 10.212.0.0/24 overlaps the route on taken (10.212.0.0/24) (choose another subnet, or remove that route)"
in_host ip link del taken
run vn start auto2
expect "once free it starts" 0 "Network auto2 started" ""
for n in 1 2 3; do run vn destroy auto$n; done
for n in 1 2 3; do check "nothing left of auto$n" nothing_left vnauto$n; done
done_testing
