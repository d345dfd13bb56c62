#!/bin/bash
# Guest ports at scale, against the kernel floor, in one run and one namespace:
#   floor:   the kernel's least work for the end state of N ports, from one process per tool
#            and one batch each, on the running network (its bridge and its bridge table):
#            one nft transaction adding each port's elements (port_mac: name . guest MAC;
#            port_in, port_out: name : jump to the network's chains), then one ip -batch
#            creating each tap (vnet_hdr, persistent) and setting its MAC, master and up in
#            one request (the table and the network's chains are in place: one virtnet
#            port made them before, untimed); deleting: one ip link del group and one nft
#            transaction removing the elements. The old floor (taps created and enslaved only: no MAC, not
#            up, no elements) is printed as well, and N single link deletions (ip -batch)
#   virtnet: N x `virtnet port-create NET` (one process each, as N VMs starting would),
#            then `port-delete NET --all` (one batch), N single `port-delete`s, and
#            `port-create NET --count N` (one process); N bare `virtnet version` starts and N
#            /bin/true starts for scale;
#            N port-create processes again, each through virtnetd
#   What a port has that no floor has: its record (a file and two links on tmpfs), the
#   reservation checks, and its process.
#   bash bench/ports.sh [N]   (as root; default N=1000) -> build/bench/ports.md
set -u
cd "$(dirname "$0")/.."
top=$PWD
N=${1:-1000}
VN=${VIRTNET:-$top/build/virtnet}
out=$top/build/bench
mkdir -p "$out"
NS=vnbench-ports-$$
# on tmpfs, like /run on a real host (port records are run-time state)
ROOT=$(mktemp -d /dev/shm/vnbench-ports.XXXXXX)
chmod 755 "$ROOT"
cleanup() {
	[ -n "${vnd_pid:-}" ] && kill -9 "$vnd_pid" 2>/dev/null
	# until it is gone: virtnetd's worker dies with it, and would restart what is killed below
	for _ in $(seq 50); do kill -0 "${vnd_pid:-}" 2>/dev/null || break; sleep 0.1; done
	for f in "$ROOT"/run/virtnet/dnsmasq/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$ROOT"
}
trap cleanup EXIT
ip netns add "$NS" || exit 1
in_ns() { ip netns exec "$NS" "$@"; }
vn() { in_ns "$VN" --root "$ROOT" -q "$@"; }
now_ms() { date +%s%3N; }
in_ns ip link set lo up
load=$(cut -d" " -f1-3 /proc/loadavg)

# virtnet, on a NAT network with DHCP (every port protected)
cat >"$ROOT/net.xml" <<'XML'
<network>
  <name>bench</name>
  <forward mode='nat'/>
  <bridge name='vnbench0'/>
  <ip address='10.250.0.1' prefix='16'>
    <dhcp><range start='10.250.1.1' end='10.250.200.254'/></dhcp>
  </ip>
</network>
XML
vn define "$ROOT/net.xml" && vn start bench || exit 1
# the old floor: taps created and enslaved, nothing more
f=$ROOT/batch
in_ns ip link add fbr type bridge && in_ns ip link set fbr up
for i in $(seq "$N"); do echo "tuntap add dev ft$i mode tap"; echo "link set ft$i master fbr"; done >"$f"
t0=$(now_ms); in_ns ip -batch "$f"; floor_old_add=$(( $(now_ms) - t0 ))
for i in $(seq "$N"); do echo "link del ft$i"; done >"$f"
t0=$(now_ms); in_ns ip -batch "$f"; floor_del_each=$(( $(now_ms) - t0 ))
for i in $(seq "$N"); do echo "tuntap add dev ft$i mode tap"; echo "link set ft$i master fbr group 77"; done >"$f"
in_ns ip -batch "$f"
t0=$(now_ms); in_ns ip link del group 77; floor_old_del=$(( $(now_ms) - t0 ))
in_ns ip link del fbr

# the floor: the end state of N virtnet ports on this network (see the top), in batches
T=${VIRTNET_NFT_TABLE:-virtnet}
br=vnbench0
mac() { printf '%02x:%02x:%02x' $(( $1 >> 16 & 255 )) $(( $1 >> 8 & 255 )) $(( $1 & 255 )); }
elems() { # add|delete
	for i in $(seq "$N"); do
		m=$(mac "$i")
		echo "$1 element bridge $T port_mac { \"ft$i\" . 0x525400${m//:/} }"
		echo "$1 element bridge $T port_in { \"ft$i\" : jump ${br}_from }"
		echo "$1 element bridge $T port_out { \"ft$i\" : jump ${br}_to }"
	done
}
# the bridge table and the network's chains are made by the first port: one virtnet port
# makes them before the floor (untimed) and is deleted after
vn port-create bench >/dev/null || exit 1
elems add >"$ROOT/elems.add"
elems delete | sed 's/ : jump [^ ]* }/ }/' >"$ROOT/elems.del"
for i in $(seq "$N"); do
	echo "tuntap add dev ft$i mode tap vnet_hdr"
	echo "link set ft$i address fe:54:00:$(mac "$i") master $br group 77 up"
done >"$f"
t0=$(now_ms); in_ns nft -f "$ROOT/elems.add" && in_ns ip -batch "$f" || exit 1; floor_add=$(( $(now_ms) - t0 ))
[ "$(in_ns ip -o link show master "$br" up | grep -c ' ft')" = "$N" ] || { echo "error: the floor made no $N ports" >&2; exit 1; }
t0=$(now_ms); in_ns ip link del group 77 && in_ns nft -f "$ROOT/elems.del" || exit 1; floor_del_group=$(( $(now_ms) - t0 ))
vn port-delete bench --all || exit 1
t0=$(now_ms)
in_ns bash -c 'for i in $(seq "$1"); do "$2" --root "$3" -q port-create bench || exit 1; done' _ "$N" "$VN" "$ROOT" || exit 1
vn_add=$(( $(now_ms) - t0 ))
first=$(in_ns bash -c 't0=$(date +%s%N); "$1" --root "$2" -q port-create bench; echo $(( ($(date +%s%N) - t0) / 1000 ))' _ "$VN" "$ROOT")
t0=$(now_ms); vn port-delete bench --all; vn_del_all=$(( $(now_ms) - t0 ))
in_ns bash -c 'for i in $(seq "$1"); do "$2" --root "$3" -q port-create bench || exit 1; done' _ "$N" "$VN" "$ROOT" || exit 1
t0=$(now_ms)
in_ns bash -c 'for i in $(seq 0 $(($1 - 1))); do "$2" --root "$3" -q port-delete bench vnet$i || exit 1; done' _ "$N" "$VN" "$ROOT" || exit 1
vn_del_each=$(( $(now_ms) - t0 ))
# the same N ports from one process (port-create --count), and what N bare starts of our
# binary cost (virtnet version: loading its libraries, no work)
t0=$(now_ms); vn port-create bench --count "$N" >/dev/null || exit 1; vn_add_batch=$(( $(now_ms) - t0 ))
vn port-delete bench --all
t0=$(now_ms)
in_ns bash -c 'for i in $(seq "$1"); do "$2" version >/dev/null; done' _ "$N" "$VN"
vn_exec=$(( $(now_ms) - t0 ))
# and N starts of the smallest program there is (/bin/true): what N processes cost at all
t0=$(now_ms)
in_ns bash -c 'for i in $(seq "$1"); do /bin/true; done' _ "$N"
true_exec=$(( $(now_ms) - t0 ))
# the same N port-create processes, each asking virtnetd (which makes the ports on its
# open kernel session, and watches them)
VND=${VIRTNETD:-$(dirname "$VN")/virtnetd}
in_ns "$VND" --root "$ROOT" 2>"$ROOT/virtnetd.log" &
for _ in $(seq 100); do [ -S "$ROOT/run/virtnet/virtnetd.sock" ] && break; sleep 0.1; done
vnd_pid=$(cat "$ROOT/run/virtnet/virtnetd.pid")   # not $!: ip netns exec forks
t0=$(now_ms)
in_ns bash -c 'for i in $(seq "$1"); do "$2" --root "$3" -q port-create bench || exit 1; done' _ "$N" "$VN" "$ROOT" || exit 1
vn_add_daemon=$(( $(now_ms) - t0 ))
vn port-delete bench --all
kill "$vnd_pid"
for _ in $(seq 50); do kill -0 "$vnd_pid" 2>/dev/null || break; sleep 0.1; done
VIRTNET_DIRECT=1 vn destroy bench

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { # label virtnet-ms: both floors' ratios
	echo "| $1 | $2 ms | $(ratio "$2" "$floor_add") | $(ratio "$2" "$floor_old_add") |"
}
{
	echo "# Guest ports: $N taps on one NAT network, virtnet vs the kernel floor ($(date -Iseconds))"
	echo
	echo "Floor for creating $N ports: $floor_add ms (one nft transaction for their elements + one"
	echo "ip -batch: tap with vnet_hdr, MAC, master and up); the old floor (ip -batch: tap and master"
	echo "only): $floor_old_add ms. Load before the run: $load."
	echo
	echo "| create $N ports | virtnet | / floor | / old floor |"
	echo "|---|---:|---:|---:|"
	row "one port-create process each" "$vn_add"
	row "one port-create process each, through virtnetd" "$vn_add_daemon"
	row "one port-create --count $N" "$vn_add_batch"
	row "(for scale: $N bare starts of the virtnet binary, 'virtnet version')" "$vn_exec"
	row "(for scale: $N starts of /bin/true, the least any N processes cost)" "$true_exec"
	echo
	echo "| delete $N ports | virtnet | floor | virtnet / floor |"
	echo "|---|---:|---:|---:|"
	echo "| port-delete --all; floor: ip link del group + one nft transaction for the elements | $vn_del_all ms | $floor_del_group ms | $(ratio "$vn_del_all" "$floor_del_group") |"
	echo "| (the same against the old floor: ip link del group of bare taps) | $vn_del_all ms | $floor_old_del ms | $(ratio "$vn_del_all" "$floor_old_del") |"
	echo "| one port-delete each; floor: ip -batch, one request per bare tap | $vn_del_each ms | $floor_del_each ms | $(ratio "$vn_del_each" "$floor_del_each") |"
	echo
	echo "port-create number $((N + 1)) alone: $((first / 1000)).$(printf %03d $((first % 1000))) ms"
} | tee "$out/ports.md"
