#!/bin/bash
# virtnetd at scale, in its own namespace and a root under /dev/shm:
#   N NAT+DHCP networks defined and started (one `virtnet` process each, no daemon), then
#   - restart: SIGTERM virtnetd, wait for it to end, exec it again, until the first answer
#     of GET /v1/networks (a connect + GET every 2 ms), REPS times; dnsmasq pids, the
#     bridges and `nft list table inet virtnet` must be the same afterwards (adopted)
#   - idle PSS of virtnetd (/proc/PID/smaps_rollup: its keeper and its worker) with 0 and
#     with N networks, and of the keeper alone once the worker left (--idle-exit 1)
#   - the CPU time (/proc/PID/schedstat) of the pass an unrelated event causes (a veth
#     added and deleted), of a refresh (one network's lease file written), of the repair
#     of one network (its bridge set down) and of what a CLI that bypasses the daemon
#     causes when it destroys and starts one network, PASSES times each: medians
#   bash bench/daemon.sh [N]   (as root; default N=100) -> build/bench/daemon.md
#   VIRTNETD=path: the virtnetd to measure (default: next to $VIRTNET)
#   VIRTNETD_BEFORE=path: another one (say, built before a change), measured in the same run
#   on the same networks, in a column of its own
set -u
cd "$(dirname "$0")/.." || exit 1
top=$PWD
N=${1:-100}
[ "$N" -ge 2 ] || { echo "bench/daemon.sh: N must be at least 2" >&2; exit 1; }
REPS=${REPS:-3}
PASSES=${PASSES:-7}
VN=${VIRTNET:-$top/build/virtnet}
NOW=${VIRTNETD:-$(dirname "$VN")/virtnetd}
BEFORE=${VIRTNETD_BEFORE:-}
VND=$NOW   # the one start_daemon starts
out=$top/build/bench
mkdir -p "$out"
NS=vnbench-daemon-$$
ROOT=$(mktemp -d /dev/shm/vnbench-daemon.XXXXXX)
chmod 755 "$ROOT"
vnd_pid=
cleanup() {
	local f
	[ -n "$vnd_pid" ] && kill -9 "$vnd_pid" 2>/dev/null
	# until it is gone: virtnetd's worker dies with it, and would restart what is killed below
	for _ in $(seq 50); do kill -0 "$vnd_pid" 2>/dev/null || break; sleep 0.1; done
	for f in "$ROOT"/run/virtnet/dnsmasq/*.pid; do
		[ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$NS" || exit 1
in_ns() { ip netns exec "$NS" "$@"; }
vn() { in_ns env VIRTNET_DIRECT=1 "$VN" --root "$ROOT" -q "$@"; }
in_ns ip link set lo up

# Start virtnetd and wait for its first answer: prints "PID MICROSECONDS" (exec to answer).
cat >"$ROOT/start.py" <<'PY'
import socket, subprocess, sys, time
vnd, root, log = sys.argv[1:4]
sock = root + "/run/virtnet/virtnetd.sock"
req = b"GET /v1/networks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
t0 = time.monotonic()
extra = sys.argv[4:]
p = subprocess.Popen([vnd, "--root", root] + extra, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=open(log, "a"))
while True:
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock)
        s.sendall(req)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        if data.startswith(b"HTTP/1.1 200"):
            break
    except OSError:
        s.close()
    if p.poll() is not None:
        sys.exit("virtnetd exited")
    time.sleep(0.002)
print(p.pid, int((time.monotonic() - t0) * 1e6))
PY
start_daemon() {
	local r
	# shellcheck disable=SC2086 # VND_ARGS: more options, split on purpose
	r=$(in_ns python3 "$ROOT/start.py" "$VND" "$ROOT" "$ROOT/virtnetd.log" ${VND_ARGS:-}) ||
		exit 1
	vnd_pid=${r% *}
	START_US=${r#* }
}
stop_daemon() {
	kill -TERM "$vnd_pid"
	while kill -0 "$vnd_pid" 2>/dev/null; do sleep 0.01; done
	vnd_pid=
}
# virtnetd is its keeper ($vnd_pid) and, while there is work, the worker it runs
worker_pid() { pgrep -P "$vnd_pid" -x virtnetd-worker; }
pss_kb() {
	cat "/proc/$vnd_pid/smaps_rollup" "/proc/$(worker_pid)/smaps_rollup" 2>/dev/null |
		awk '/^Pss:/ { n += $2 } END { print n }'
}
cpu_ns() {
	cat "/proc/$vnd_pid/schedstat" "/proc/$(worker_pid)/schedstat" 2>/dev/null |
		awk '{ n += $1 } END { print n }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# what must not change across a restart
state() {
	local f
	for f in "$ROOT"/run/virtnet/dnsmasq/*.pid; do cat "$f"; done | sort
	# name, index and flags (not the operational state: a bridge without ports goes from
	# UNKNOWN to DOWN on its own)
	# shellcheck disable=SC2016 # expanded by that shell
	in_ns sh -c 'cd /sys/class/net && for b in */bridge; do b=${b%/bridge}; \
		echo "$b $(cat $b/ifindex) $(cat $b/flags)"; done'
	in_ns nft list table inet virtnet | wc -l
}
# settle: the daemon's CPU time stops moving (its passes are over)
settle() {
	local a b
	a=$(cpu_ns)
	while :; do
		sleep 0.3
		b=$(cpu_ns)
		[ "$a" = "$b" ] && return
		a=$b
	done
}
# cost EVENT: median CPU time (µs) the daemon spends on what EVENT causes
cost() {
	local i a
	for i in $(seq "$PASSES"); do
		settle
		a=$(cpu_ns)
		"$1" "$i"
		settle
		echo $(( ($(cpu_ns) - a) / 1000 ))
	done | median
}
ev_veth() {
	in_ns ip link add vbx type veth peer name vby
	in_ns ip link del vbx
}
ev_lease() {
	printf '%s 52:54:00:00:00:%02x 10.201.0.%d g%d *\n' "$(( $(date +%s) + 3600 ))" "$1" \
		"$(( $1 + 10 ))" "$1" >>"$LEASES"
}
ev_down() { in_ns ip link set vnd1 down; }
# a CLI that bypasses the daemon restarts the last network (its journal, its nft transaction)
ev_cli() { vn destroy "vnd$((N - 1))" && vn start "vnd$((N - 1))"; }

# idle PSS without networks, of each binary (not in a subshell: the cleanup must know the
# daemon's pid)
pss0_of() {
	VND=$1
	start_daemon
	PSS0=$(pss_kb)
	stop_daemon
}
pss0_of "$NOW"
pss0=$PSS0
if [ -n "$BEFORE" ]; then
	pss0_of "$BEFORE"
	pss0_before=$PSS0
fi

t0=$(date +%s%3N)
for i in $(seq 0 $((N - 1))); do
	net=10.$((201 + i / 250)).$((i % 250))
	cat >"$ROOT/net.xml" <<XML
<network>
  <name>vnd$i</name>
  <forward mode='nat'/>
  <bridge name='vnd$i' stp='on' delay='0'/>
  <ip address='$net.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='$net.2' end='$net.254'/>
    </dhcp>
  </ip>
</network>
XML
	vn define "$ROOT/net.xml" && vn start "vnd$i" || exit 1
done
setup_ms=$(( $(date +%s%3N) - t0 ))

LEASES=$ROOT/var/lib/virtnet/dnsmasq/$(vn uuid vnd0).leases   # vnd0's lease file
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }
# measure VIRTNETD: the column of one binary, its values one a line (the table's order)
measure() {
	local before after same restarts=() r med
	VND=$1
	: >"$ROOT/virtnetd.log"
	before=$(state)
	for r in $(seq "$REPS"); do
		start_daemon
		restarts+=("$START_US")
		settle
		[ "$r" = "$REPS" ] || stop_daemon
	done
	after=$(state)
	same=yes
	[ "$before" = "$after" ] || { same=no; diff <(echo "$before") <(echo "$after") >&2; }
	med=$(printf '%s\n' "${restarts[@]}" | median)
	echo "$(ms "$med") ms"
	for u in "${restarts[@]}"; do ms "$u"; echo; done | paste -sd ' '
	echo "$same"
	grep -c 'repaired\|restarted' "$ROOT/virtnetd.log"
	echo "$(pss_kb) kB"
	echo "$(ms "$(cost ev_veth)") ms"
	echo "$(ms "$(cost ev_lease)") ms"
	echo "$(ms "$(cost ev_down)") ms"
	echo "$(ms "$(cost ev_cli)") ms"
	[ $(( $(in_ns cat /sys/class/net/vnd1/flags) & 1 )) = 1 ] && echo yes || echo no
	stop_daemon
	asleep_pss
}
# The keeper alone, once the worker left after a quiet second (at most 10 s)
asleep_pss() {
	VND_ARGS="--idle-exit 1" start_daemon
	for _ in $(seq 100); do [ -z "$(worker_pid)" ] && break; sleep 0.1; done
	if [ -z "$(worker_pid)" ]; then echo "$(pss_kb) kB"; else echo "(the worker stayed)"; fi
	stop_daemon
}
# (into a file, not through a pipe: the daemon's pid stays known to the cleanup)
measure "$NOW" >"$ROOT/now" || exit 1
mapfile -t now <"$ROOT/now"
if [ -n "$BEFORE" ]; then
	measure "$BEFORE" >"$ROOT/was" || exit 1
	mapfile -t was <"$ROOT/was"
fi
rows=(
	"restart until the first answer of GET /v1/networks, median of $REPS"
	"(each, ms)"
	"dnsmasq pids, bridges, nft table the same after the restarts"
	"repairs logged at the restarts"
	"idle PSS, $N networks (after it answered their list)"
	"CPU of the pass after an unrelated veth added and deleted, median of $PASSES"
	"CPU of the pass after one network's lease file was written, median of $PASSES"
	"CPU of the repair of one network whose bridge was set down, median of $PASSES"
	"CPU of what a destroy and start of one network by a CLI without the daemon cause"
	"the bridge set down is up again"
	"asleep with $N networks: the keeper alone, the worker gone (--idle-exit 1)"
)
{
	echo "# virtnetd with $N running networks ($(date -Iseconds))"
	echo
	if [ -n "$BEFORE" ]; then
		echo "| measurement | $NOW | $BEFORE |"
		echo "|---|---:|---:|"
		echo "| idle PSS, 0 networks | $pss0 kB | $pss0_before kB |"
		for i in "${!rows[@]}"; do echo "| ${rows[$i]} | ${now[$i]} | ${was[$i]} |"; done
	else
		echo "| measurement | $NOW |"
		echo "|---|---:|"
		echo "| idle PSS, 0 networks | $pss0 kB |"
		for i in "${!rows[@]}"; do echo "| ${rows[$i]} | ${now[$i]} |"; done
	fi
	echo
	echo "Setup: $N networks defined and started without the daemon in $setup_ms ms."
} | tee "$out/daemon.md"
