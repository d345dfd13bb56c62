#!/bin/bash
# start returns once dnsmasq serves, and fails with dnsmasq's own message when dnsmasq gives
# up while setting up (issue 12): a <tftp root> that does not exist makes dnsmasq exit after
# it wrote its pid file. The failed start is undone (no bridge, no firewall, no dnsmasq, no
# status, the network inactive), without and with virtnetd; with the folder there it starts,
# and the dnsmasq its status names is the one serving.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

TFTP=$T_TMP/tftproot   # under $T_TMP: dnsmasq checks it as nobody
net_xml pxe nat vnpxe0 10.93.0 10-50 >"$T_TMP/pxe.xml"
sed -i "s|<ip address='10.93.0.1' prefix='24'>|&<tftp root='$TFTP'/>|; s|</dhcp>|<bootp file='pxelinux.0'/>&|" "$T_TMP/pxe.xml"
run vn define "$T_TMP/pxe.xml"
expect "define a network whose TFTP root is missing" 0 "Network pxe defined from $T_TMP/pxe.xml" ""

failed_start() { # WHO: the start fails with dnsmasq's message and leaves nothing
	run vn start pxe
	check "$1: start fails" test "$RC" = 1
	check "$1: with dnsmasq's own message" grep -q "^error: dnsmasq could not start: TFTP directory $TFTP inaccessible: No such file or directory (exit status [0-9]*); its log is $ROOT/run/virtnet/dnsmasq/.*\.log$" <<<"$ERR"
	is "$1: the first line names the network" "$(head -1 <<<"$ERR")" "error: Failed to start network pxe"
	run vn -q list --inactive --name
	is "$1: the network is not active" "$OUT" "pxe"
	check "$1: nothing of it is left (bridge, nft table, dnsmasq, status)" nothing_left vnpxe0
}
failed_start "without virtnetd"

daemon_start
failed_start "through virtnetd"
kill "$DPID"
wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"

mkdir -p "$TFTP"
chmod 755 "$TFTP"
run vn start pxe
expect "with the folder there it starts" 0 "Network pxe started" ""
pidfile=$(ls "$ROOT"/run/virtnet/dnsmasq/*.pid)
pid=$(cat "$pidfile")
check "its dnsmasq runs ($pid)" grep -q -- "--conf-file=$ROOT/run/virtnet/dnsmasq/" "/proc/$pid/cmdline"
check "the status names that dnsmasq, the daemon, not the process start ran" \
	grep -q "kind='dnsmasq' pid='$pid'" "$ROOT"/run/virtnet/networks/pxe.xml
check "it serves DHCP and TFTP as start returns" sh -c \
	"ip netns exec $NS_HOST ss -Hlun 'sport = :67' | grep -q . && ip netns exec $NS_HOST ss -Hlun 'sport = :69' | grep -q ."
run vn destroy pxe
expect "destroy" 0 "Network pxe destroyed" ""
check "nothing left" nothing_left vnpxe0
done_testing
