#!/bin/bash
# The inbound bandwidth limit of a guest port (tc_set_inbound/tc_clear, driven by
# tests/tools/tc-tool): the qdiscs and class are what tc(8) makes from libvirt's commands,
# setting twice changes nothing, clearing leaves only the default qdisc, bad input gives
# clean errors, and a TCP stream gets the rate it was given. (Outbound is an nft limit, not
# tc: see t-port-bandwidth.sh.)
#
#   host namespace:  vnet0 (the port)  <-- veth -->  eth0 (guest namespace)
#                    gold0 <-- veth --> gold1   (set up with tc(8) itself, to compare)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
TC_TOOL=${TC_TOOL:-$(dirname "$VIRTNET")/tc-tool}
if [ ! -x "$TC_TOOL" ]; then
	skip "bandwidth limits" "no $TC_TOOL (configure with -Dtests=true)"
	exit 0
fi

GUEST=vnt-tcg-$$
ip netns add "$NS_HOST" && ip netns add "$GUEST" || { echo "Bail out! cannot create namespaces"; exit 1; }
GUESTS+=("$GUEST")
in_guest() { ip netns exec "$GUEST" "$@"; }
in_host ip link set lo up
in_guest ip link set lo up
in_host ip link add vnet0 type veth peer name eth0 netns "$GUEST"
in_host ip addr add 10.99.0.1/24 dev vnet0
in_guest ip addr add 10.99.0.2/24 dev eth0
in_host ip link add gold0 type veth peer name gold1
for l in vnet0 gold0 gold1; do in_host ip link set "$l" up; done
in_guest ip link set eth0 up

tct() { in_host "$TC_TOOL" "$@"; }
qdiscs() { in_host tc -d qdisc show dev "$1" | sed -e "s/direct_packets_stat [0-9]*/direct_packets_stat N/"; }
classes() { in_host tc -d class show dev "$1"; }
setup() { qdiscs "$1"; classes "$1"; }

# Bytes as htb counts them (l2_rx): each frame with its Ethernet header. One frame per
# packet (gso_max_segs 1) on the sending side makes the receiver's counter match exactly
# (TCP's segmentation offload would otherwise hand htb 64 KB packets it charges per frame
# but the receiver counts once). Streams go from the host to the guest, over 2 s (measure).
in_host ip link set dev vnet0 gso_max_segs 1 2>/dev/null

# the stream without limits, to compare with
measure 2 "$NS_HOST" "$GUEST" 10.99.0.2 5001 l2_rx "$GUEST" eth0
base=$RATE

# inbound (towards the guest): htb root, class 1:1, sfq leaf
run tct vnet0 in 1000 0 0
expect "inbound 1000 kB/s is set" 0 "" ""
in_host tc qdisc add dev gold0 root handle 1: htb default 1
in_host tc class add dev gold0 parent 1: classid 1:1 htb rate 1000kbps quantum 85
in_host tc qdisc add dev gold0 parent 1:1 handle 2: sfq perturb 10 2>/dev/null   # not every kernel has sfq
is "the qdiscs are the ones tc makes for libvirt's commands" "$(qdiscs vnet0)" "$(qdiscs gold0)"
is "the class is the one tc makes (rate, ceil, burst, quantum)" "$(classes vnet0)" "$(classes gold0)"
before=$(setup vnet0)
run tct vnet0 in 1000 0 0
expect "setting it again succeeds" 0 "" ""
is "and changes nothing" "$(setup vnet0)" "$before"

measure 2 "$NS_HOST" "$GUEST" 10.99.0.2 5002 l2_rx "$GUEST" eth0
check "a TCP stream to the guest gets 1000 kB/s +-10% on the wire (got $RATE kB/s)" within10 "$RATE" 1000
check "without the limit it got at least 5x that ($base kB/s)" [ "$base" -ge 5000 ]

run tct vnet0 in 2000 4000 64
expect "peak and burst are set on the existing class" 0 "" ""
in_host tc class change dev gold0 parent 1: classid 1:1 htb rate 2000kbps ceil 4000kbps burst 64kb quantum 170
is "the class is tc's for rate 2000kbps ceil 4000kbps burst 64kb" "$(classes vnet0)" "$(classes gold0)"
run tct vnet0 in 5000000 0 0
expect "a rate above 32 bits (5 GB/s) is set" 0 "" ""
in_host tc class change dev gold0 parent 1: classid 1:1 htb rate 5000000kbps quantum 426666
is "the class is tc's for 5000000kbps" "$(classes vnet0)" "$(classes gold0)"

# removing
run tct vnet0
expect "no limit given: it is removed" 0 "" ""
is "only the default qdisc is left" "$(in_host tc qdisc show dev vnet0)" "$(in_host tc qdisc show dev gold1)"
run tct vnet0 in 1000 0 0
run tct vnet0 in 0 0 0
expect "an average of 0 is no limit" 0 "" ""
is "and removes the limit" "$(in_host tc qdisc show dev vnet0)" "$(in_host tc qdisc show dev gold1)"
run tct vnet0 in 1000 0 0
run tct vnet0 clear
expect "clear" 0 "" ""
is "clear leaves only the default qdisc" "$(in_host tc qdisc show dev vnet0)" "$(in_host tc qdisc show dev gold1)"
is "and no class" "$(classes vnet0)" ""
run tct vnet0 clear
expect "clearing without limits is fine" 0 "" ""

# errors
run tct '#999999' in 1000 0 0
expect "a missing interface gives a clean error" 1 "" \
	"tc-tool: cannot limit inbound bandwidth of #999999: cannot read its queueing discipline: No such device; the interface does not exist (any more)"
run tct '#999999' clear
expect "also when clearing" 1 "" \
	"tc-tool: cannot remove the inbound bandwidth limit of #999999: No such device; the interface does not exist (any more)"
run tct vnet0 in 1 0 100000000
expect "a burst too large for the rate is refused" 1 "" \
	"tc-tool: cannot limit inbound bandwidth of 'vnet0': burst 100000000 KiB at 1 kB/s is out of range; use a smaller burst or a higher average"
is "refused settings change nothing" "$(in_host tc qdisc show dev vnet0)" "$(in_host tc qdisc show dev gold1)"
done_testing
