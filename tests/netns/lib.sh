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
direct() { VIRTNET_DIRECT=1 vn "$@"; }   # never through virtnetd

# same_both DESC ARGS...: the command prints the same (stdout, stderr, status) through
# virtnetd (vn, when it runs) and directly
same_both() {
	local d=$1 rc1 out1 err1
	shift
	run vn "$@"
	rc1=$RC out1=$OUT err1=$ERR
	run direct "$@"
	if [ "$RC" == "$rc1" ] && [ "$OUT" == "$out1" ] && [ "$ERR" == "$err1" ]; then
		ok "$d"
	else
		not_ok "$d"
		{ echo "status: daemon $rc1, direct $RC"; diff <(echo "$out1"; echo "$err1") \
			<(echo "$OUT"; echo "$ERR"); } | diag
	fi
}

# Kill only what this test started: its spawned processes, dnsmasq processes of this root,
# then the namespaces.
netns_cleanup() {
	local f p
	# what the test spawned first (a virtnetd would restart the dnsmasq killed below), and
	# until it is gone (virtnetd's worker dies with its keeper)
	for p in $(cat "$T_TMP"/pids 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
	for p in $(cat "$T_TMP"/pids 2>/dev/null); do
		wait_until 5 sh -c "! kill -0 $p 2>/dev/null"
	done
	for f in "$ROOT"/run/virtnet/dnsmasq/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		[ -n "$p" ] && grep -q "$ROOT" "/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
	done
	for ns in "${GUESTS[@]}" "$NS_INET" "$NS_HOST"; do ip netns del "$ns" 2>/dev/null; done
}
on_exit netns_cleanup

# others_copy PROG...: copies of these programs of the build (beside $VIRTNET) in $T_TMP/bin,
# which every user reaches: what a test runs as another user must not be read from the clone,
# which may sit in a private folder (a home of mode 700)
others_copy() {
	local p
	mkdir -p "$T_TMP/bin"
	chmod 755 "$T_TMP/bin"
	for p in "$@"; do install -m 0755 "$(dirname "$VIRTNET")/$p" "$T_TMP/bin/$p"; done
}

track_pid() { echo "$1" >>"$T_TMP/pids"; }
# spawn NS CMD...: run CMD in namespace NS in the background, remembering its real pid
# ("ip netns exec" forks, so $! would be the wrong process to kill)
spawn() {
	local ns=$1
	shift
	ip netns exec "$ns" sh -c 'echo $$ >>"$0"; exec "$@"' "$T_TMP/pids" "$@" &
}
# spawn_pid NS CMD...: spawn, and wait until its pid is known: SPID
spawn_pid() {
	local n
	n=$(cat "$T_TMP/pids" 2>/dev/null | wc -l)
	spawn "$@"
	wait_until 5 more_pids "$n"
	SPID=$(tail -n 1 "$T_TMP/pids")
}
more_pids() { [ "$(wc -l <"$T_TMP/pids")" -gt "$1" ]; }

# daemon_start: virtnetd for $ROOT (and $VIRTNETD_ARGS) in the host namespace, its log in $LOG, its pid in DPID,
# waited for until it says it started
VIRTNETD=${VIRTNETD:-$(dirname "$VIRTNET")/virtnetd}
LOG=$T_TMP/virtnetd.log
daemon_start() {
	local before
	before=$(grep -c 'started; supervising' "$LOG" 2>/dev/null)
	# shellcheck disable=SC2086 # VIRTNETD_ARGS: more options, split on purpose
	spawn_pid "$NS_HOST" "$VIRTNETD" --root "$ROOT" --foreground ${VIRTNETD_ARGS:-} 2>>"$LOG"
	DPID=$SPID
	wait_until 10 started_after "${before:-0}"
}
# daemon_log_clean: no sanitizer report in virtnetd's log (else the log is shown)
daemon_log_clean() {
	if grep -qE 'Sanitizer|runtime error' "$LOG"; then
		not_ok "no sanitizer report from virtnetd"
		grep -m1 -B2 -A40 -E 'Sanitizer|runtime error' "$LOG" | diag
	else
		ok "no sanitizer report from virtnetd"
	fi
}
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }
# within_1s DESC COND ARGS...: COND holds within 1 s; the time it took is printed (on
# failure, the end of virtnetd's log $LOG)
within_1s() {
	local d=$1 t0
	shift
	t0=$(now_us)
	if wait_until 1 "$@"; then
		ok "$d"
		echo "# $d: $((($(now_us) - t0) / 1000)) ms"
	else
		not_ok "$d"
		tail -n 5 "$LOG" | diag
	fi
}
started_after() { [ "$(grep -c 'started; supervising' "$LOG")" -gt "$1" ]; }

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

# Guests: namespace vnt-NAME-PID each (gns NAME), removed at exit; guest NAME CMD... runs in it.
gns() { echo "vnt-$1-$$"; }
guest() { local g=$1; shift; ip netns exec "$(gns "$g")" "$@"; }
# mkguest NAME: an empty guest namespace, lo up
mkguest() {
	ip netns add "$(gns "$1")" || return 1
	GUESTS+=("$(gns "$1")")
	guest "$1" ip link set lo up
}
# veth_guest NAME HOSTIF MAC [IFNAME]: a guest whose IFNAME (eth0) has MAC and is up; its
# peer HOSTIF stays in the host, down and on no bridge
veth_guest() {
	local dev=${4:-eth0}
	mkguest "$1"
	in_host ip link add "$2" type veth peer name "$dev" netns "$(gns "$1")"
	guest "$1" ip link set "$dev" address "$3"
	guest "$1" ip link set "$dev" up
}
# add_guest NAME BRIDGE MAC: a guest with eth0, its peer on the host enslaved to BRIDGE
add_guest() {
	local hostif=vg$1-$$
	hostif=${hostif:0:15}
	veth_guest "$1" "$hostif" "$3"
	in_host ip link set "$hostif" master "$2"
	in_host ip link set "$hostif" up
}
# no_ipv6 NS: no IPv6 (and so no IPv6 chatter) in that namespace
no_ipv6() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# net_xml NAME MODE BRIDGE PREFIX RANGE [EXTRA]: a network definition on stdout, with
# <forward mode=MODE> (none when MODE is ""), <bridge name=BRIDGE>, the address PREFIX.1/24
# (none when PREFIX is ""), DHCP from PREFIX.FIRST to PREFIX.LAST when RANGE is FIRST-LAST,
# and EXTRA (more XML) last
net_xml() {
	local name=$1 mode=$2 bridge=$3 prefix=$4 first=${5%-*} last=${5#*-} extra=${6:-}
	echo "<network>"
	echo "  <name>$name</name>"
	[ -n "$mode" ] && echo "  <forward mode='$mode'/>"
	echo "  <bridge name='$bridge'/>"
	if [ -n "$prefix" ] && [ -n "$5" ]; then
		echo "  <ip address='$prefix.1' prefix='24'>"
		echo "    <dhcp><range start='$prefix.$first' end='$prefix.$last'/></dhcp>"
		echo "  </ip>"
	elif [ -n "$prefix" ]; then
		echo "  <ip address='$prefix.1' prefix='24'/>"
	fi
	[ -n "$extra" ] && echo "  $extra"
	echo "</network>"
}

# global_v6 GUEST: the first global IPv6 address of the guest's eth0, without its prefix
global_v6() {
	guest "$1" ip -6 -o addr show dev eth0 scope global | awk '{print $4}' | cut -d/ -f1 |
		head -1
}

# Conditions to wait for (wait_until TIMEOUT_S COND ARGS...)
has_global_v6() { [ -n "$(global_v6 "$1")" ]; }                              # GUEST
no_link() { ! in_host ip link show "$1" >/dev/null 2>&1; }                    # DEV
no_tentative() { [ -z "$(ip netns exec "$1" ip -6 addr show tentative)" ]; }  # NS
# listening NS tcp|udp PORT: something listens on PORT
listening() { ip netns exec "$1" ss -Hl"${2:0:1}"n "sport = :$3" | grep -q .; }

# The internet's TCP echo server on 198.51.100.1:8080 (echo_server: started and listening);
# echo_client GUEST [OUT] sends it "hello" from GUEST and holds the connection 3 s, the
# reply in OUT (/dev/null), its pid in CLIENT; server_peer prints ADDRESS:PORT of the
# connection the server sees (waiting up to 3 s for one; "" when none came).
echo_server() {
	spawn "$NS_INET" busybox nc -ll -p 8080 -e /bin/cat
	wait_until 5 listening "$NS_INET" tcp 8080
}
echo_client() {
	spawn "$(gns "$1")" sh -c "(echo hello; sleep 3) | busybox nc 198.51.100.1 8080" \
		>"${2:-/dev/null}"
	CLIENT=$!
}
server_peer_now() {
	in_inet ss -Htn state established '( sport = :8080 )' | awk '{print $4}' | head -1 |
		sed 's/^\[::ffff://; s/\]//'
}
server_has_peer() { [ -n "$(server_peer_now)" ]; }
server_peer() {
	wait_until 3 server_has_peer
	server_peer_now
}

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

# bridge_counter BRIDGE RULE-REGEX -> packets of the first matching rule of the chain in
# "bridge <table>" that checks what the network's ports send
bridge_counter() {
	in_host nft list chain bridge "${VIRTNET_NFT_TABLE:-virtnet}" "$1_from" 2>/dev/null |
		grep -E -- "$2" | head -1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

# Rates. l2_rx NS DEV: bytes DEV received with their Ethernet headers (/proc/net/dev);
# within10 GOT WANT: GOT is WANT +-10%.
l2_rx() { ip netns exec "$1" awk -v dev="$2:" '$1 == dev { print $2 }' /proc/net/dev; }
within10() { [ "$1" -ge $(($2 * 9 / 10)) ] && [ "$1" -le $(($2 * 11 / 10)) ]; }
# measure SECONDS FROM-NS TO-NS ADDR PORT COUNTER...: RATE = kB/s by COUNTER of one TCP
# stream from FROM-NS to ADDR:PORT (in TO-NS), over SECONDS after 0.7 s of warm-up. Both
# ends are processes spawn records, killed here or by the cleanup on any exit; timeout
# bounds each anyway.
measure() {
	local secs=$1 from=$2 to=$3 addr=$4 port=$5 b0 b1 t0 t1
	shift 5
	spawn "$to" timeout $((secs + 5)) busybox nc -l -p "$port" >/dev/null 2>&1
	wait_until 3 listening "$to" tcp "$port"
	spawn "$from" timeout $((secs + 5)) bash -c "exec cat /dev/zero >/dev/tcp/$addr/$port" \
		>/dev/null 2>&1
	sleep 0.7   # warm-up: TCP's slow start and the first bursts are not the rate
	b0=$("$@") t0=$(date +%s%N)
	sleep "$secs"   # the measuring window
	b1=$("$@") t1=$(date +%s%N)
	kill $(tail -n 2 "$T_TMP/pids") 2>/dev/null
	wait_until 5 no_jobs
	RATE=$(((${b1:-0} - ${b0:-0}) * 1000000 / (t1 - t0)))
}
no_jobs() { [ -z "$(jobs -rp)" ]; }

# nothing_left BRIDGE: no link, no nft table, no dnsmasq of ours, no status file
nothing_left() {
	local why=""
	in_host ip link show "$1" >/dev/null 2>&1 && why="$why link $1;"
	in_host nft list table inet "${VIRTNET_NFT_TABLE:-virtnet}" >/dev/null 2>&1 && why="$why nft table;"
	pgrep -f "$ROOT/run/virtnet/dnsmasq" >/dev/null && why="$why dnsmasq process;"
	ls "$ROOT"/run/virtnet/networks/*.xml >/dev/null 2>&1 && why="$why status file;"
	[ -z "$why" ] || { echo "# left behind:$why"; return 1; }
}

# --- vif-virtnet (tests/netns/t-vif-*.sh): each test defines vif ARGS... (the script as libxl
# runs it for its vif, with $VIF_ENV added to the environment) and VIF_DEVS (its devices).

# vif_host_state: what vif-virtnet may change on the host, as text to compare: each of
# VIF_DEVS's MTU, master, state and MAC, IPv4 addresses, qdiscs and proxy ARP; forwarding;
# every IPv4 route; the whole ruleset (nft -s: without counters); the journals and dnsmasq
# files of virtnet's run folder, the number of port records (named by a UUID each time
# anew) and the vifs' dnsmasq processes
vif_host_state() {
	local d fields='(mtu [0-9]+|master [^ ]+|state [A-Z_]+|link/ether [^ ]+)'
	for d in $VIF_DEVS; do
		echo "$d: $(in_host ip -o link show dev "$d" | grep -oE "$fields" | tr '\n' ' ')"
		echo "  addr: $(in_host ip -4 -o addr show dev "$d" | awk '{printf "%s ", $4}')"
		echo "  htb: $(in_host tc qdisc show dev "$d" | grep -c htb)"
		echo "  proxy_arp: $(in_host cat "/proc/sys/net/ipv4/conf/$d/proxy_arp")"
	done
	echo "forwarding: $(in_host cat /proc/sys/net/ipv4/ip_forward)"
	in_host ip -4 route show table all
	in_host nft -s list ruleset
	(cd "$ROOT/run/virtnet" 2>/dev/null && ls -A vifs dnsmasq 2>/dev/null)
	echo "ports: $(ls -A "$ROOT/run/virtnet/ports" 2>/dev/null | wc -l)"
	echo "vif dnsmasq processes: $(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-")"
}

# The steps of vif-virtnet's journal, from the journal's own list
vif_steps() { "$(dirname "$VIRTNET")/journal-steps" vif; }

# vif_faults WHAT UP DOWN: "vif UP" with VIRTNET_FAIL_AT at each step of the vif's journal:
# it fails (exit 1, the injected failure said) and the host is exactly as before. A step not
# on this mode's way is not reached: that run succeeds and "vif DOWN" undoes it. REACHED
# gets the steps reached, in the journal's order; VIF_FAULT_CHECK (a function, if set) checks
# more after each failure (given the step).
vif_faults() {
	local what=$1 up=$2 down=$3 base=${VIF_ENV:-} before step
	before=$(vif_host_state)
	REACHED=""
	for step in $(vif_steps); do
		VIF_ENV="$base VIRTNET_FAIL_AT=$step" run vif $up
		if [ "$RC" = 0 ]; then
			VIF_ENV=$base run vif $down   # not on this mode's way
			continue
		fi
		REACHED="$REACHED ${step#vif-}"
		expect "$what: a failure at '$step' is reported" 1 "" \
			"vif-virtnet: injected failure at step '$step'"
		is "$what: a failure at '$step' leaves the host as it was" \
			"$(vif_host_state)" "$before"
		[ -z "${VIF_FAULT_CHECK:-}" ] || "$VIF_FAULT_CHECK" "$step"
	done
	VIF_ENV=$base
}

# journal_owner FILE: the process that last took a journal (its header's or last phase's pid)
journal_owner() {
	grep -oE "^<(journal|phase) [^>]* pid='[0-9]+'" "$1" 2>/dev/null | tail -1 |
		grep -oE "[0-9]+'$" | tr -d "'"
}
# owner_stalled FILE: that process is vif-virtnet, asleep in a VIRTNET_STALL_AT point
owner_stalled() {
	local p
	p=$(journal_owner "$1")
	[ -n "$p" ] && grep -q vif-virtnet "/proc/$p/cmdline" && grep -q nanosleep "/proc/$p/wchan"
}
# vif_killed POINT JOURNAL ARGS...: "vif ARGS" in the background with VIRTNET_STALL_AT=POINT,
# killed with SIGKILL once the journal's owner stalls there (10 s at most, else not ok, and
# the run, a child of the background job, is killed wherever it is)
vif_killed() {
	local point=$1 journal=$2 base=${VIF_ENV:-} job
	shift 2
	VIF_ENV="$base VIRTNET_STALL_AT=$point" vif "$@" >/dev/null 2>&1 &
	job=$!
	if wait_until 10 owner_stalled "$journal"; then
		kill -9 "$(journal_owner "$journal")"
	else
		not_ok "vif $* stalls at '$point'"
		pkill -9 -P "$job"
	fi
	wait "$job" 2>/dev/null
}

# vif_kills WHAT UP DOWN JOURNAL: kill -9 at each stall point of the steps in REACHED. In
# "vif UP" after the step is journaled and after its change: the next "vif UP" undoes what
# the dead run journaled (saying so) and sets the vif up exactly as a clean run does, then
# "vif DOWN" leaves the host as before. In "vif DOWN" before the step's undo: the next
# "vif DOWN" finishes the undo, the host as before.
vif_kills() {
	local what=$1 up=$2 down=$3 journal=$4 before online step point
	before=$(vif_host_state)
	run vif $up
	online=$(vif_host_state)
	run vif $down
	for step in $REACHED; do
		for point in "vif-$step" "vif-$step-made"; do
			vif_killed "$point" "$journal" $up
			killed_online "$what: killed at '$point'" "$up" "$down" "$journal" \
				"$online" "$before"
		done
		run vif $up
		vif_killed "vif-$step-undo" "$journal" $down
		check "$what: killed at 'vif-$step-undo', the journal says undoing" \
			grep -q "^<phase value='undoing'" "$journal"
		run vif $down
		expect "$what: killed at 'vif-$step-undo', the next run finishes the undo" 0 "" ""
		is "$what: killed at 'vif-$step-undo', then the host as before" \
			"$(vif_host_state)" "$before"
	done
}
# killed_online WHAT UP DOWN JOURNAL ONLINE BEFORE: after an online killed half-way
killed_online() {
	local what=$1 up=$2 down=$3 journal=$4 online=$5 before=$6 dev=${VIF_DEVS%% *}
	local note="set $dev up again: the earlier online (pid N) had not finished"
	note="$note or its dnsmasq had stopped"
	check "$what, the journal says doing" grep -q "^<journal object='vif' phase='doing'" \
		"$journal"
	run vif $up
	is "$what, the next run undoes it and sets the vif up again" \
		"$RC $(sed -E 's/pid [0-9]+/pid N/' <<<"$ERR")" "0 vif-virtnet: warning: $note"
	is "$what, then set up as a clean run does" "$(vif_host_state)" "$online"
	run vif $down
	is "$what, then down: the host as before" "$(vif_host_state)" "$before"
}
