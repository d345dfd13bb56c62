#!/bin/bash
# bridge show, bridge showmacs and bridge showstp (read through netlink) against brctl
# itself (which reads sysfs), byte for byte, on bridges made with ip(8) in namespaces of our
# own (the test uses brctl; virtnet does not).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

if ! command -v brctl >/dev/null; then
	skip "compare with brctl" "bridge-utils is not installed (scripts/setup.sh installs it)"
	exit 0
fi

# no IPv6 chatter (no_ipv6): a frame from a new MAC in mid-test would change the forwarding
# tables
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
no_ipv6 "$NS_HOST"
in_host ip link set lo up

# port BRIDGE NAME [UP]: a veth NAME enslaved to BRIDGE, its peer NAME-p left in the host
# namespace (down unless UP, so the port is "disabled" without a carrier)
port() {
	in_host ip link add "$2" type veth peer name "$2-p"
	in_host ip link set "$2" master "$1"
	in_host ip link set "$2" up
	[ -n "${3:-}" ] && in_host ip link set "$2-p" up
}

# guest NAME BRIDGE ADDRESS: a namespace whose eth0 is plugged into BRIDGE as port vg-NAME
guest_on() {
	local ns=vnt-$1-$$
	ip netns add "$ns" && GUESTS+=("$ns")
	no_ipv6 "$ns"
	in_host ip link add "vg-$1" type veth peer name eth0 netns "$ns"
	in_host ip link set "vg-$1" master "$2"
	in_host ip link set "vg-$1" up
	ip netns exec "$ns" ip addr add "$3/24" dev eth0
	ip netns exec "$ns" ip link set eth0 up
}

# br0: STP off, two guests that talk, ports whose names sort in brctl's (strcmp) order
in_host ip link add br0 type bridge stp_state 0
in_host ip link set br0 up
guest_on g1 br0 10.77.0.1
guest_on g2 br0 10.77.0.2
port br0 vnet10 up
port br0 vnet9 up
port br0 Port-A up
port br0 port-a
# br1: STP on, a forward delay longer than this test so its ports stay "listening"
in_host ip link add br1 type bridge stp_state 1 forward_delay 3000 hello_time 300 max_age 1200 ageing_time 12345 priority 4096
in_host ip link set br1 up
port br1 stp0 up
port br1 stp1 up
in_host ip link set dev stp1 type bridge_slave cost 7 priority 3 hairpin on
# brEmpty: no ports
in_host ip link add brEmpty type bridge

ip netns exec "vnt-g1-$$" busybox ping -c 2 -W 2 10.77.0.2 >"$T_TMP/ping" 2>&1
check "the guests reach each other across br0 (the bridge learns their MACs)" grep -q ' 0% packet loss' "$T_TMP/ping"
# forwarding entries of every kind: static (NUD_NOARP), local (permanent), dynamic,
# externally learned, and one of the bridge itself (no port: brctl leaves it out)
in_host bridge fdb add 02:00:00:00:00:0d dev vnet10 master static
in_host bridge fdb add 02:00:00:00:00:0e dev vnet9 master dynamic
in_host bridge fdb add 02:00:00:00:00:0f dev vnet10 master permanent
in_host bridge fdb add 02:00:00:00:00:10 dev Port-A master extern_learn
in_host bridge fdb add 02:00:00:00:00:0b dev br0 self local

no_mask() { cat; }
# the ageing timer column changes between two runs
mask_macs() { sed -E '2,$ s/\t[^\t]*$/\tT/'; }
# the running STP timers change between two runs; the configured ones (max age, hello
# time, forward delay, ageing time) stay exact
mask_stp() { sed -E 's/(timer\t+) *-?[0-9]+\.[0-9]{2}/\1T/g'; }

# compare DESC MASK SUBCOMMAND ARGS...: `brctl SUBCOMMAND ARGS` and `virtnet bridge SUBCOMMAND
# ARGS` in the host namespace give the same stdout (through MASK) and exit status. Tried
# three times, in case the kernel changed something between the two runs.
compare() {
	local d=$1 mask=$2 sub=$3 try wrc grc
	shift 3
	for try in 1 2 3; do
		in_host brctl "$sub" "$@" >"$T_TMP/want.raw" 2>/dev/null
		wrc=$?
		vn bridge "$sub" "$@" >"$T_TMP/got.raw" 2>"$T_TMP/got.err"
		grc=$?
		$mask <"$T_TMP/want.raw" >"$T_TMP/want"
		$mask <"$T_TMP/got.raw" >"$T_TMP/got"
		cmp -s "$T_TMP/want" "$T_TMP/got" && [ "$wrc" == "$grc" ] && break
	done
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T_TMP/got.err"; then
		not_ok "$d: sanitizer report"
		head -30 "$T_TMP/got.err" | diag
	elif cmp -s "$T_TMP/want" "$T_TMP/got" && [ "$wrc" == "$grc" ]; then
		ok "$d"
	else
		not_ok "$d"
		{ echo "exit: brctl $wrc, virtnet $grc"; diff -u "$T_TMP/want" "$T_TMP/got" | cat -A; cat "$T_TMP/got.err"; } | head -40 | diag
	fi
}

compare "bridge show: every bridge, as brctl show" no_mask show
compare "bridge show BRIDGE...: in the order given" no_mask show br1 brEmpty br0
compare "bridge show with a missing bridge and a non-bridge: the others shown, exit 1" no_mask show br1 nope vnet9 br0
compare "bridge showmacs br0 (learned and local entries; timers masked)" mask_macs showmacs br0
compare "bridge showmacs br1 (STP listening: local entries only)" mask_macs showmacs br1
compare "bridge showmacs brEmpty (no ports)" mask_macs showmacs brEmpty
compare "bridge showstp br0 (STP off; running timers masked)" mask_stp showstp br0
compare "bridge showstp br1 (STP on, cost, priority, hairpin; running timers masked)" mask_stp showstp br1
compare "bridge showstp brEmpty" mask_stp showstp brEmpty

# the ageing timers themselves: brctl's "%4i.%.2i", and the same values give or take a second
in_host brctl showmacs br0 >"$T_TMP/macs.brctl"
vn bridge showmacs br0 >"$T_TMP/macs.virtnet"
bad=$(awk -F'\t' 'NR > 1 && !($NF ~ /^ *[0-9]+\.[0-9][0-9]$/ && (length($NF) == 7 || $NF !~ /^ /))' "$T_TMP/macs.virtnet")
is "ageing timers are formatted like brctl's (%4i.%.2i)" "$bad" ""
learned=$(grep -ciE "$(ip netns exec "vnt-g1-$$" cat /sys/class/net/eth0/address)|$(ip netns exec "vnt-g2-$$" cat /sys/class/net/eth0/address)" "$T_TMP/macs.virtnet")
is "both guests' MACs were learned" "$learned" 2
is "the entry of the bridge itself (no port) is left out, like brctl does" "$(grep -c 02:00:00:00:00:0b "$T_TMP/macs.virtnet")" 0
far=$(paste "$T_TMP/macs.brctl" "$T_TMP/macs.virtnet" | awk -F'\t' 'NR > 1 { d = $4 - $8; if (d < -1 || d > 1) print }')
is "ageing timers agree with brctl's within a second" "$far" ""

# and the running STP timers, masked above: the same values give or take a second
timers() { grep -oE '[0-9]+\.[0-9]{2}' "$1"; }
in_host brctl showstp br1 >"$T_TMP/stp.brctl"
vn bridge showstp br1 >"$T_TMP/stp.virtnet"
far=$(paste <(timers "$T_TMP/stp.brctl") <(timers "$T_TMP/stp.virtnet") | awk '{ d = $1 - $2; if (d < -1 || d > 1) print }')
is "STP timers agree with brctl's within a second" "$far" ""

# read through netlink, not sysfs: the same text with an empty /sys
hidden() { in_host unshare -m sh -c 'mount -t tmpfs none /sys && exec "$0" "$@"' "$@"; }
in_host brctl show >"$T_TMP/want"
hidden "$VIRTNET" bridge show >"$T_TMP/got" 2>&1
check "bridge show with /sys hidden (netlink only)" cmp "$T_TMP/want" "$T_TMP/got"
in_host brctl showstp br1 | mask_stp >"$T_TMP/want"
hidden "$VIRTNET" bridge showstp br1 2>&1 | mask_stp >"$T_TMP/got"
check "bridge showstp with /sys hidden (netlink only)" cmp "$T_TMP/want" "$T_TMP/got"
in_host brctl showmacs br0 | mask_macs >"$T_TMP/want"
hidden "$VIRTNET" bridge showmacs br0 2>&1 | mask_macs >"$T_TMP/got"
check "bridge showmacs with /sys hidden (netlink only)" cmp "$T_TMP/want" "$T_TMP/got"

# no bridges at all: brctl prints nothing, not even its header
run ip netns exec "vnt-g1-$$" "$VIRTNET" bridge show
expect "bridge show without bridges prints nothing" 0 "" ""
run ip netns exec "vnt-g1-$$" "$VIRTNET" bridge show --json
expect "bridge show --json without bridges" 0 "[]" ""

id=$(in_host cat /sys/class/net/br1/bridge/bridge_id)
run vn bridge show --json br1 brEmpty
expect "bridge show --json" 0 "[
  {
    \"bridge\": \"br1\",
    \"id\": \"$id\",
    \"stp\": true,
    \"interfaces\": [
      \"stp0\",
      \"stp1\"
    ]
  },
  {
    \"bridge\": \"brEmpty\",
    \"id\": \"$(in_host cat /sys/class/net/brEmpty/bridge/bridge_id)\",
    \"stp\": false,
    \"interfaces\": []
  }
]" ""

# showmacs and showstp as JSON: the same entries and ports as the text
json_macs() { python3 -c 'import json,sys; print("\n".join(e["mac"] + " " + str(e["port"]) + " " + str(e["local"]).lower() for e in json.load(sys.stdin)))'; }
text_macs() { awk 'NR > 1 {print $2, $1, ($3 == "yes" ? "true" : "false")}'; }
is "bridge showmacs --json: brctl's entries, in its order" "$(vn bridge showmacs br0 --json | json_macs)" \
	"$(in_host brctl showmacs br0 | text_macs)"
is "bridge showstp --json: the ports and states" \
	"$(vn bridge showstp br1 --json | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["bridge"], b["id"], " ".join(p["name"] + ":" + p["state"] for p in b["ports"]))')" \
	"br1 $id $(in_host brctl showstp br1 | awk '/^[a-z0-9]+ \(/ {n = $1} /state/ {printf "%s%s:%s", s, n, $NF; s = " "}')"

# errors: the object, the cause; exit 1; nothing on stdout
run vn bridge show nope
expect "bridge show of a missing bridge" 1 "" "error: bridge 'nope' not found (list them with: virtnet bridge show)"
run vn bridge showmacs vnet9
expect "bridge showmacs of an interface that is not a bridge" 1 "" "error: interface 'vnet9' is not a bridge"
run vn bridge showstp ../br0
expect "bridge showstp of a path" 1 "" "error: '../br0' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)"
run vn bridge showstp ""
expect "bridge showstp of an empty name" 1 "" "error: '' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)"
run vn bridge showmacs
expect "bridge showmacs without a bridge" 1 "" "error: command 'bridge showmacs' requires an argument (usage: virtnet bridge showmacs BRIDGE [--json])"
run vn bridge showstp br0 br1
expect "bridge showstp with two bridges" 1 "" "error: unexpected data 'br1' (usage: virtnet bridge showstp BRIDGE [--json])"
run vn bridge show --bogus
expect "bridge show with an unknown option" 1 "" "error: command 'bridge show' doesn't support option --bogus (list its options with: virtnet bridge show --help)"

# one command, three subcommands
usage="show [BRIDGE...] [--json] | showmacs BRIDGE [--json] | showstp BRIDGE [--json]"
run vn bridge
expect "bridge without a subcommand" 1 "" "error: command 'bridge' requires a subcommand: show, showmacs or showstp (usage: virtnet bridge $usage)"
run vn bridge showall br0
expect "an unknown subcommand names the valid ones" 1 "" "error: unknown subcommand 'bridge showall': use show, showmacs or showstp (usage: virtnet bridge $usage)"
run vn bridge --bogus
expect "bridge with an unknown option" 1 "" "error: command 'bridge' doesn't support option --bogus (list its options with: virtnet bridge --help)"
run vn bridge --help
check "bridge --help shows the usage" grep -qxF "Usage: virtnet bridge $usage" <<<"$OUT"
check "bridge --help describes each subcommand" sh -c 'for s in show showmacs showstp; do grep -qE "^  $s( |\$)" "$0" || exit 1; done' "$T_TMP/out"
help=$OUT
run vn help bridge
is "help bridge says the same" "$OUT" "$help"
run vn bridge showstp --help
expect "bridge showstp --help" 0 "Usage: virtnet bridge showstp BRIDGE [--json]

show a bridge's spanning tree state and that of its ports, like brctl showstp.

The bridge's IDs, root port, path cost, timers and flags, then each port's;
brctl's text byte for byte.
  --json      one object: the same facts, timers in hundredths of a second
              (keys ending in _cs), flags as booleans, \"ports\": [...]" ""
run vn bridge-show
expect "the old name is gone" 1 "" "error: unknown command: 'bridge-show' (list them with: virtnet help)"
done_testing
