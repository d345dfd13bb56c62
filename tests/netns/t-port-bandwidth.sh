#!/bin/bash
# Bandwidth of guest ports, end to end through virtnet: --inbound (towards the guest) is an
# htb on the port, --outbound (from the guest) an nft limit in the port's chain of table
# bridge virtnet; a TCP stream each way gets the configured rate within 10%, a network's
# <bandwidth> applies to ports without their own, a port's own <bandwidth> wins, an
# unlimited port is far faster, and port-delete leaves no qdisc or chain behind.
#
#   host namespace: bridge vnbw0 (network bw, 10.77.0.1/24)   vnbwn0 (network bwn, 10.78.0.1/24,
#                   <bandwidth><inbound average='800'/>)
#   (stp off: with the kernel's STP a new port forwards only after 2 x 2 s)
#   guests: one namespace each, eth0 with a static address reserved with --ip (the ports are
#   protected: a guest may only send from its reserved or leased addresses)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

cat >"$T_TMP/bw.xml" <<'XML'
<network>
  <name>bw</name>
  <forward mode='nat'/>
  <bridge name='vnbw0' stp='off'/>
  <ip address='10.77.0.1' prefix='24'>
    <dhcp><range start='10.77.0.100' end='10.77.0.150'/></dhcp>
  </ip>
</network>
XML
cat >"$T_TMP/bwn.xml" <<'XML'
<network>
  <name>bwn</name>
  <forward mode='nat'/>
  <bridge name='vnbwn0' stp='off'/>
  <bandwidth>
    <inbound average='800'/>
  </bandwidth>
  <ip address='10.78.0.1' prefix='24'>
    <dhcp><range start='10.78.0.100' end='10.78.0.150'/></dhcp>
  </ip>
</network>
XML
for n in bw bwn; do
	run vn define "$T_TMP/$n.xml"
	run vn start "$n"
	expect "start network $n" 0 "Network $n started" ""
done

# mkport NAME NETWORK ADDR [port-create options...]: a veth port whose guest end is eth0 in
# namespace vnt-NAME-$$, with ADDR reserved and set statically; DEV is the host-side device
mkport() {
	local g=$1 net=$2 addr=$3 ns
	shift 3
	mkguest "$g"
	ns=$(gns "$g")
	run vn port-create "$net" --type veth --netns "$ns" --ip "$addr" "$@"
	DEV=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
	ip netns exec "$ns" ip addr add "$addr/24" dev eth0
	ip netns exec "$ns" ip link set eth0 up
	# one frame per packet from the guest (see below)
	ip netns exec "$ns" ip link set dev eth0 gso_max_segs 1 2>/dev/null
}

# Bytes as each limiter counts them. htb (inbound) charges every frame with its Ethernet
# header: the guest's eth0 counts the same in /proc/net/dev. The nft limit (outbound) sits
# in the bridge's prerouting hook, where a frame's length is its IP packet: the host counts
# the same as IpExt InOctets. One frame per packet on the sending side (gso_max_segs 1 on
# the bridge and on the guest's eth0) keeps both sides counting the same units: TCP's
# segmentation offload would hand the limiter 64 KB packets that it charges differently
# from what the receiver sees.
# (l2_rx, in lib.sh, is the first; ip_rx the second)
ip_rx() {
	ip netns exec "$1" awk '/^IpExt:/ { if (!n) { for (i = 1; i <= NF; i++) if ($i == "InOctets") c = i; n = 1 } else print $c }' /proc/net/netstat
}
for br in vnbw0 vnbwn0; do in_host ip link set dev "$br" gso_max_segs 1; done

# measure (lib.sh) over SECONDS: htb paces smoothly, so 2 s tell its rate; against the nft
# limit (a policer) TCP sends in bursts about 200 ms apart (each loss waits for a
# retransmission timeout) and what a window catches depends on where it starts, by up to
# +-7% in 2 s: 3 s halve that.
absent() { ! grep -q -- "$1" <<<"$2"; }
# htb_rate DEV: the rate of class 1:1 on DEV as tc prints it (bits/s: 8Mbit = 1000 kB/s)
htb_rate() { in_host tc class show dev "$1" classid 1:1 | sed -n 's/^class htb 1:1 .* rate \([^ ]*\) .*/\1/p'; }

# --- a port with both limits, and one without any, on network bw
mkport lim bw 10.77.0.11 --inbound 1000 --outbound 500
check "port with --inbound 1000 --outbound 500 created ($DEV)" grep -q "created (device vnet" <<<"$OUT"
lim=$DEV
is "its inbound limit is an htb class of 1000 kB/s on the port" "$(htb_rate "$lim")" 8Mbit
check "its outbound limit is an nft limit in its police chain" \
	grep -q 'limit rate over 500000 bytes/second' <<<"$(in_host nft list chain bridge virtnet "${lim}_police")"
check "which the police map sends its frames to" \
	grep -qF "\"$lim\" : jump ${lim}_police" <<<"$(in_host nft list map bridge virtnet police)"
mkport free bw 10.77.0.12
free=$DEV
is "a port without limits has no htb ($free)" "$(in_host tc qdisc show dev "$free" | grep -c htb)" 0
check "and no nft limit" absent "\"$free\"" "$(in_host nft list map bridge virtnet police)"

measure 2 "$NS_HOST" "$(gns lim)" 10.77.0.11 5001 l2_rx "$(gns lim)" eth0
in_lim=$RATE
check "a TCP stream to the guest gets --inbound 1000 kB/s +-10% (got $RATE kB/s)" within10 "$RATE" 1000
measure 3 "$(gns lim)" "$NS_HOST" 10.77.0.1 5002 ip_rx "$NS_HOST"
out_lim=$RATE
check "a TCP stream from the guest gets --outbound 500 kB/s +-10% (got $RATE kB/s)" within10 "$RATE" 500
measure 2 "$NS_HOST" "$(gns free)" 10.77.0.12 5003 l2_rx "$(gns free)" eth0
check "without limits a stream to the guest is >5x faster ($RATE kB/s vs $in_lim)" [ "$RATE" -gt $((5 * 1000)) ]
measure 2 "$(gns free)" "$NS_HOST" 10.77.0.1 5004 ip_rx "$NS_HOST"
check "without limits a stream from the guest is >5x faster ($RATE kB/s vs $out_lim)" [ "$RATE" -gt $((5 * 500)) ]

# --- network bwn's <bandwidth>: a port without its own gets it; a port's own wins
mkport net bwn 10.78.0.11
net=$DEV
is "a port without limits on bwn gets the network's inbound 800 kB/s ($net)" "$(htb_rate "$net")" 6400Kbit
measure 2 "$NS_HOST" "$(gns net)" 10.78.0.11 5005 l2_rx "$(gns net)" eth0
check "a TCP stream to it gets 800 kB/s +-10% (got $RATE kB/s)" within10 "$RATE" 800
cat >"$T_TMP/own.xml" <<'XML'
<networkport>
  <bandwidth>
    <inbound average='300'/>
  </bandwidth>
</networkport>
XML
mkport own bwn 10.78.0.12 "$T_TMP/own.xml"
own=$DEV
is "a port with its own <bandwidth> (from FILE) keeps its 300 kB/s ($own)" "$(htb_rate "$own")" 2400Kbit
run vn port-dumpxml bwn "$own"
check "and port-dumpxml shows it" grep -q "<inbound average='300'/>" <<<"$OUT"

# --- port-delete takes the limits along
run vn port-delete bw "$lim"
check "delete the limited port" grep -q "deleted (device $lim)" <<<"$OUT"
is "no qdisc of it is left" "$(in_host tc qdisc show | grep -c "dev $lim ")" 0
table=$(in_host nft list table bridge virtnet 2>&1)
check "no chain or element of it is left in table bridge virtnet" absent "$lim" "$table"
check "and no nft limit" absent 'limit rate' "$table"
run vn port-delete bw --all
run vn port-delete bwn --all
is "after deleting every port no htb is left" "$(in_host tc qdisc show | grep -c htb)" 0
check "nor table bridge virtnet" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet"
for n in bw bwn; do run vn destroy "$n"; done
check "nothing left of network bw" nothing_left vnbw0
check "nor of network bwn" nothing_left vnbwn0
done_testing
