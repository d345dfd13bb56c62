#!/bin/bash
# port-stats (virsh's domifstat): a port's counters as its guest sees them (rx and tx of
# the host side swapped, like libvirt for tap interfaces), checked against the guest's own
# counters, in text and JSON, by device name, UUID and MAC; errors.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

# no IPv6 chatter: only the frames the test sends (and DHCP, ARP, ping) are counted
no_ipv6 "$NS_HOST"

# frames NS IFACE SRC-MAC COUNT: COUNT broadcast frames of 60 bytes (an experimental
# EtherType nothing answers) sent straight out of IFACE
frames() {
	ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
f = bytes.fromhex("ffffffffffff" + sys.argv[2].replace(":", "") + "88b5") + bytes(46)
for _ in range(int(sys.argv[3])):
    s.send(f)' "$2" "$3" "$4"
}

# snap: port-stats vnet0 (in OUT) and the guest's own eth0 counters (G: "rx tx" packets)
# at one moment: read again when a stray frame (an ARP probe) crossed meanwhile
gcount() { guest g1 cat /sys/class/net/eth0/statistics/rx_packets /sys/class/net/eth0/statistics/tx_packets | tr '\n' ' '; }
snap() {
	local a b try
	for try in 1 2 3 4 5; do
		a=$(gcount)
		run vn port-stats vnet0
		b=$(gcount)
		[ "$a" == "$b" ] && break
	done
	G=$b
}
# one_way NS IFACE SRC-MAC COUNT: send the frames; D_RX, D_RXB, D_TX, D_TXB: how port-stats
# changed; G_RX, G_TX: how the guest's own counters did (tried again while other frames
# crossed as well)
one_way() {
	local try r0 rb0 t0 tb0 g0 g1
	for try in 1 2 3 4 5; do
		snap
		r0=$(stat rx_packets) rb0=$(stat rx_bytes) t0=$(stat tx_packets) tb0=$(stat tx_bytes) g0=($G)
		frames "$@"
		snap
		g1=($G)
		D_RX=$(( $(stat rx_packets) - r0 )) D_RXB=$(( $(stat rx_bytes) - rb0 ))
		D_TX=$(( $(stat tx_packets) - t0 )) D_TXB=$(( $(stat tx_bytes) - tb0 ))
		G_RX=$(( g1[0] - g0[0] )) G_TX=$(( g1[1] - g0[1] ))
		[ $(( G_RX + G_TX )) -eq "$4" ] && break
	done
}

# stat NAME: one counter from the last run's text
stat() { awk -v k="$1" '$2 == k { print $3 }' <<<"$OUT"; }
# guest_view IFACE: what port-stats should print, from the guest's own eth0 counters
guest_view() {
	local k f
	for k in rx_bytes:rx_bytes rx_packets:rx_packets rx_errs:rx_errors rx_drop:rx_dropped \
		tx_bytes:tx_bytes tx_packets:tx_packets tx_errs:tx_errors tx_drop:tx_dropped; do
		f=${k#*:}
		echo "$1 ${k%%:*} $(guest g1 cat "/sys/class/net/eth0/statistics/$f")"
	done
}

net_xml ps nat vnps0 10.87.0 10-50 >"$T_TMP/ps.xml"
run vn define "$T_TMP/ps.xml"
run vn start ps
expect "start the network" 0 "Network ps started" ""

mkguest g1
no_ipv6 "$(gns g1)"
mac=52:54:00:aa:bb:01
run vn port-create ps --type veth --netns "vnt-g1-$$" --mac $mac
check "a veth port whose guest end is eth0 in the guest's namespace" grep -q "(device vnet0)" <<<"$OUT"
uuid=$(vn port-list ps --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['uuid'])")
guest g1 ip link set eth0 up
ip=$(dhcp g1)
check "the guest gets a lease ($ip)" grep -qE '^10\.87\.0\.' <<<"$ip"

# --- the format: virsh's eight lines, the interface as given
run vn port-stats vnet0
is "port-stats prints virsh domifstat's lines in its order" "$(awk '{ print $1, $2 }' <<<"$OUT")" "vnet0 rx_bytes
vnet0 rx_packets
vnet0 rx_errs
vnet0 rx_drop
vnet0 tx_bytes
vnet0 tx_packets
vnet0 tx_errs
vnet0 tx_drop"
check "every value is a number" sh -c '! grep -vE "^vnet0 [a-z_]+ [0-9]+$" "$0"' "$T_TMP/out"

# --- the guest's view: its own counters, exactly (read again while a stray frame crosses;
# a sanitizer report would be a difference too)
stats_are_guests() {
	OUT=$(vn port-stats vnet0 2>&1)
	want=$(guest_view vnet0)
	[ "$OUT" == "$want" ]
}
wait_until 3 stats_are_guests
is "the counters are the guest's own (eth0 in its namespace)" "$OUT" "$want"
hostside() { in_host cat /sys/class/net/vnet0/statistics/rx_packets /sys/class/net/vnet0/statistics/tx_packets | tr '\n' ' '; }
for try in 1 2 3 4 5; do
	a=$(hostside)
	run vn port-stats vnet0
	b=$(hostside)
	[ "$a" == "$b" ] && break
done
is "its tx is what the host side received, its rx what that sent" "$(stat tx_packets) $(stat rx_packets) " "$b"

# --- one direction at a time, with frames counted exactly
one_way "$NS_HOST" vnet0 fe:00:00:00:00:01 7
is "the guest received the 7 frames sent to it" "$G_RX $G_TX" "7 0"
is "they are its rx_packets" "$D_RX" 7
is "and 7 x 60 bytes its rx_bytes" "$D_RXB" 420
is "and not its tx" "$D_TX $D_TXB" "0 0"
one_way "vnt-g1-$$" eth0 $mac 4
is "the guest sent 4 frames" "$G_RX $G_TX" "0 4"
is "they are its tx_packets" "$D_TX" 4
is "and 4 x 60 bytes its tx_bytes" "$D_TXB" 240
is "and not its rx" "$D_RX $D_RXB" "0 0"

# --- real traffic: 5 pings of the gateway
snap
tx0=$(stat tx_packets) rx0=$(stat rx_packets) g0=($G)
guest g1 busybox ping -c 5 -W 2 10.87.0.1 >"$T_TMP/ping" 2>&1
check "the guest pings its gateway 5 times" grep -q '5 packets received' "$T_TMP/ping"
snap
g1=($G)
is "what the guest sent ($(( g1[1] - g0[1] )) packets: the pings, maybe ARP) is its tx" "$(( $(stat tx_packets) - tx0 ))" "$(( g1[1] - g0[1] ))"
is "what it received is its rx" "$(( $(stat rx_packets) - rx0 ))" "$(( g1[0] - g0[0] ))"
check "at least the 5 echo requests and the 5 replies" test $(( g1[1] - g0[1] )) -ge 5 -a $(( g1[0] - g0[0] )) -ge 5

# --- JSON, UUID, MAC, virsh's two operands
as_text() {
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["interface"])
for k in "rx_bytes rx_packets rx_errs rx_drop tx_bytes tx_packets tx_errs tx_drop".split():
    print("vnet0", k, d[k])' "$1"
}
for try in 1 2 3 4 5; do
	run vn port-stats vnet0
	text=$OUT
	run vn port-stats vnet0 --json
	json=$OUT
	run vn port-stats "$uuid"
	byuuid=$OUT
	run vn domifstat someguest $mac
	bymac=$OUT
	[ "$(as_text "$json")" == "vnet0
$text" ] && [ "${byuuid//$uuid/vnet0}" == "$text" ] && [ "${bymac//$mac/vnet0}" == "$text" ] && break
done
is "--json has the same counters, and the device" "$(as_text "$json")" "vnet0
$text"
is "--json lists exactly these members" "$(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])))' "$json")" \
	"interface rx_bytes rx_packets rx_errs rx_drop tx_bytes tx_packets tx_errs tx_drop"
is "a port by UUID: the same counters, the UUID as given" "$byuuid" "${text//vnet0/$uuid}"
is "domifstat DOMAIN MAC: the same counters, the MAC as given" "$bymac" "${text//vnet0/$mac}"

# --- a tap or veth that is no recorded port: the same convention
in_host ip link add vx0 type veth peer name vx1
in_host ip link set vx0 up
in_host ip link set vx1 up
frames "$NS_HOST" vx0 fe:00:00:00:00:02 3
run vn port-stats vx0 --json
is "an unrecorded veth: what it sent is its guest's rx" "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["rx_packets"], d["rx_bytes"], d["tx_packets"])' "$OUT")" "3 180 0"
in_host ip tuntap add mode tap name tp9
run vn port-stats tp9
expect "an unrecorded tap" 0 "tp9 rx_bytes 0
tp9 rx_packets 0
tp9 rx_errs 0
tp9 rx_drop 0
tp9 tx_bytes 0
tp9 tx_packets 0
tp9 tx_errs 0
tp9 tx_drop 0" ""

# --- errors
run vn port-stats nope
expect "an unknown port" 1 "" "error: Failed to get interface stats nope
error: port 'nope' not found: no port has this device name, UUID or MAC address, and no interface this name (list a network's ports with: virtnet port-list NETWORK)"
run vn domifstat someguest nope
expect "domifstat names the domain like virsh" 1 "" "error: Failed to get interface stats someguest nope
error: port 'nope' not found: no port has this device name, UUID or MAC address, and no interface this name (list a network's ports with: virtnet port-list NETWORK)"
run vn port-stats vnps0
expect "a bridge is no port" 1 "" "error: Failed to get interface stats vnps0
error: interface 'vnps0' is a bridge device, not a guest port (a tap, veth or macvtap device)"
run vn port-stats lo
expect "nor is the loopback" 1 "" "error: Failed to get interface stats lo
error: interface 'lo' is not a guest port (a tap, veth or macvtap device)"
run vn port-create ps
tap=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
in_host ip link del "$tap"
run vn port-stats "$tap"
expect "a port whose device is gone" 1 "" "error: Failed to get interface stats $tap
error: interface '$tap' does not exist"
run vn port-stats
expect "no port" 1 "" "error: command 'port-stats' requires an argument (usage: virtnet port-stats [DOMAIN] PORT [--json])"
run vn domifstat a b c
expect "three operands" 1 "" "error: unexpected data 'c' (usage: virtnet port-stats [DOMAIN] PORT [--json])"
run vn port-stats --bogus vnet0
expect "an unknown option" 1 "" "error: command 'port-stats' doesn't support option --bogus (list its options with: virtnet port-stats --help)"
run vn help domifstat
check "help domifstat describes port-stats" grep -qxF "Usage: virtnet port-stats [DOMAIN] PORT [--json]" <<<"$OUT"
done_testing
