# tests/netns/lib.sh - topology helpers for namespace tests (sourced after tests/lib.sh)
#
#   inet  <-- eth0 192.0.2.2/24 ... 192.0.2.1/24 eth0 -->  host (virtnet runs here)
#   inet also holds 198.51.100.1 (a "server on the internet") and a TCP echo server
#   guests: one namespace each, eth0 <-> veth on the host, enslaved to a network's bridge
#
# Names carry this test's pid, so tests can run side by side; on_exit removes everything,
# also when a test fails half-way. Only addresses inside these namespaces are used.
NS_HOST=vnt-host-$$
NS_INET=vnt-inet-$$
GUESTS=()
ROOT=$T_TMP/root
mkdir -p "$ROOT"
chmod 755 "$T_TMP" "$ROOT"    # dnsmasq drops to nobody and must still read its files

in_host() { ip netns exec "$NS_HOST" "$@"; }
in_inet() { ip netns exec "$NS_INET" "$@"; }
vn() { ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" "$@"; }

# Kill only what this test started: dnsmasq processes of this root, then the namespaces.
netns_cleanup() {
	local f p
	for f in "$ROOT"/run/virtnet/dnsmasq/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		[ -n "$p" ] && grep -q "$ROOT" "/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
	done
	for p in $(cat "$T_TMP"/pids 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	for ns in "${GUESTS[@]}" "$NS_INET" "$NS_HOST"; do ip netns del "$ns" 2>/dev/null; done
}
on_exit netns_cleanup

track_pid() { echo "$1" >>"$T_TMP/pids"; }
# spawn NS CMD...: run CMD in namespace NS in the background, remembering its real pid
# ("ip netns exec" forks, so $! would be the wrong process to kill)
spawn() {
	local ns=$1
	shift
	ip netns exec "$ns" sh -c 'echo $$ >>"$0"; exec "$@"' "$T_TMP/pids" "$@" &
}

setup_host_inet() {
	ip netns add "$NS_HOST" && ip netns add "$NS_INET" || { echo "Bail out! cannot create namespaces"; exit 1; }
	in_host ip link set lo up
	in_inet ip link set lo up
	in_host ip link add eth0 type veth peer name eth0 netns "$NS_INET"
	in_host ip addr add 192.0.2.1/24 dev eth0
	in_host ip link set eth0 up
	in_host ip route add default via 192.0.2.2
	in_inet ip addr add 192.0.2.2/24 dev eth0
	in_inet ip link set eth0 up
	in_inet ip addr add 198.51.100.1/32 dev lo    # a "server on the internet"
}

# add_guest NAME BRIDGE MAC: a namespace with eth0, its peer on the host enslaved to BRIDGE
add_guest() {
	local ns=vnt-$1-$$ hostif=vg$1-$$
	hostif=${hostif:0:15}
	ip netns add "$ns"
	GUESTS+=("$ns")
	ip netns exec "$ns" ip link set lo up
	in_host ip link add "$hostif" type veth peer name eth0 netns "$ns"
	ip netns exec "$ns" ip link set eth0 address "$3"
	in_host ip link set "$hostif" master "$2"
	in_host ip link set "$hostif" up
	ip netns exec "$ns" ip link set eth0 up
}
guest() { local g=$1; shift; ip netns exec "vnt-$g-$$" "$@"; }

# The DHCP client's event script: configure eth0 and remember what the server said.
cat >"$T_TMP/udhcpc.sh" <<'SH'
#!/bin/sh
case "$1" in
bound|renew)
	ip addr flush dev "$interface" scope global
	ip addr add "$ip/$mask" dev "$interface"
	[ -n "$router" ] && ip route replace default via "${router%% *}"
	printf 'ip=%s\nrouter=%s\ndns=%s\ndomain=%s\nhostname=%s\n' "$ip" "$router" "$dns" "$domain" "$hostname" >"$LEASE_FILE"
	;;
esac
exit 0
SH
chmod +x "$T_TMP/udhcpc.sh"

# dhcp GUEST [HOSTNAME]: run a real DHCP client (busybox udhcpc), bounded; prints the address
dhcp() {
	local g=$1 name=${2:-$1}
	rm -f "$T_TMP/lease-$g"
	guest "$g" env LEASE_FILE="$T_TMP/lease-$g" timeout 40 busybox udhcpc -i eth0 -q -n -t 8 -T 2 \
		-x hostname:"$name" -s "$T_TMP/udhcpc.sh" >"$T_TMP/udhcpc-$g.log" 2>&1
	sed -n 's/^ip=//p' "$T_TMP/lease-$g" 2>/dev/null
}
lease_field() { sed -n "s/^$2=//p" "$T_TMP/lease-$1" 2>/dev/null; }

# ping_ok NS-RUNNER ADDR: three pings, at least one reply (busybox ping; bounded)
ping_ok() { "$@" >/dev/null 2>&1; }

# counter VALUE of a named rule comment is not used; read a chain's counters instead:
# chain_counter CHAIN RULE-REGEX -> packets of the first matching rule in our table
chain_counter() {
	in_host nft list chain inet "${VIRTNET_NFT_TABLE:-virtnet}" "$1" 2>/dev/null |
		grep -E "$2" | head -1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

# nothing_left BRIDGE: no link, no nft table, no dnsmasq of ours, no status file
nothing_left() {
	local why=""
	in_host ip link show "$1" >/dev/null 2>&1 && why="$why link $1;"
	in_host nft list table inet "${VIRTNET_NFT_TABLE:-virtnet}" >/dev/null 2>&1 && why="$why nft table;"
	pgrep -f "$ROOT/run/virtnet/dnsmasq" >/dev/null && why="$why dnsmasq process;"
	ls "$ROOT"/run/virtnet/networks/*.xml >/dev/null 2>&1 && why="$why status file;"
	[ -z "$why" ] || { echo "# left behind:$why"; return 1; }
}
