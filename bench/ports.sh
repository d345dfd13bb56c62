#!/bin/bash
# Guest ports at scale, against the kernel floor, in one run and one namespace:
#   floor:   ip -batch creating and enslaving N taps; deleting them one request per link,
#            and in one request (ip link del group)
#   virtnet: N x `virtnet port-create NET` (one process each, as N VMs starting would),
#            then `port-delete NET --all` (one batch), N single `port-delete`s, and
#            `port-create NET --count N` (one process); N bare `virtnet version` starts and N
#            /bin/true starts for scale;
#            N port-create processes again, each through virtnetd
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

# floor
f=$ROOT/batch
in_ns ip link add fbr type bridge && in_ns ip link set fbr up
for i in $(seq "$N"); do echo "tuntap add dev ft$i mode tap"; echo "link set ft$i master fbr"; done >"$f"
t0=$(now_ms); in_ns ip -batch "$f"; floor_add=$(( $(now_ms) - t0 ))
for i in $(seq "$N"); do echo "link del ft$i"; done >"$f"
t0=$(now_ms); in_ns ip -batch "$f"; floor_del_each=$(( $(now_ms) - t0 ))
for i in $(seq "$N"); do echo "tuntap add dev ft$i mode tap"; echo "link set ft$i master fbr group 77"; done >"$f"
in_ns ip -batch "$f"
t0=$(now_ms); in_ns ip link del group 77; floor_del_group=$(( $(now_ms) - t0 ))
in_ns ip link del fbr

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
{
	echo "# Guest ports: $N taps on one NAT network, virtnet vs the kernel floor ($(date -Iseconds))"
	echo
	echo "| measurement | virtnet | floor | virtnet / floor |"
	echo "|---|---:|---:|---:|"
	echo "| create + enslave $N taps (virtnet: one port-create each; floor: one ip -batch) | $vn_add ms | $floor_add ms | $(ratio "$vn_add" "$floor_add") |"
	echo "| create + enslave $N taps (virtnet: one port-create each through virtnetd) | $vn_add_daemon ms | $floor_add ms | $(ratio "$vn_add_daemon" "$floor_add") |"
	echo "| create + enslave $N taps (virtnet: one port-create --count $N) | $vn_add_batch ms | $floor_add ms | $(ratio "$vn_add_batch" "$floor_add") |"
	echo "| (for scale: $N bare starts of the virtnet binary, 'virtnet version') | $vn_exec ms | $floor_add ms | $(ratio "$vn_exec" "$floor_add") |"
	echo "| (for scale: $N starts of /bin/true, the least any N processes cost) | $true_exec ms | $floor_add ms | $(ratio "$true_exec" "$floor_add") |"
	echo "| delete $N (virtnet: port-delete --all; floor: ip link del group) | $vn_del_all ms | $floor_del_group ms | $(ratio "$vn_del_all" "$floor_del_group") |"
	echo "| delete $N one by one (virtnet: one port-delete each; floor: ip -batch, one request per link) | $vn_del_each ms | $floor_del_each ms | $(ratio "$vn_del_each" "$floor_del_each") |"
	echo
	echo "port-create number $((N + 1)) alone: $((first / 1000)).$(printf %03d $((first % 1000))) ms"
} | tee "$out/ports.md"
