#!/bin/bash
# A failure at any step of start leaves nothing behind (no link, address, nft object,
# process or journal) and the definition intact; a start killed at any instant (after a
# step is journaled, after its change) is undone by the next command, and a destroy killed
# before any of its undos is finished by it. The steps come from the journal's own list.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml faulty nat vnfault0 192.168.170 10-20 "<ip family='ipv6' address='fd00:170::1' prefix='64'/>
  <route address='10.170.0.0' prefix='16' gateway='192.168.170.254'/>" >"$T_TMP/net.xml"
run vn define "$T_TMP/net.xml"
# a guest port, so that start has ports to plug in again (its "port" step)
GUEST=vnt-fg-$$
GUESTS+=("$GUEST")
ip netns add "$GUEST"
run vn start faulty
run vn port-create faulty --type veth --netns "$GUEST" --name vnfp0
check "a guest port for the port step" test "$RC" = 0
run vn destroy faulty
stored=$(vn dumpxml --inactive faulty)
addrs_before=$(in_host ip -o addr | awk '{print $2, $4}' | sort)
routes_before=$(in_host ip route; in_host ip -6 route)
# an overlay's steps (overlay-*, vxlan, fdb) are not on this network's way: t-overlay.sh
STEPS=$("$(dirname "$VIRTNET")/journal-steps" network | grep -vE '^(overlay-.*|vxlan|fdb)$')
check "the network journal's steps are known ($(echo $STEPS))" test -n "$STEPS"

as_before() { # WHAT: nothing of the network is left, the host is as it was
	check "$1 leaves nothing behind" nothing_left vnfault0
	is "$1 leaves no address" "$(in_host ip -o addr | awk '{print $2, $4}' | sort)" "$addrs_before"
	is "$1 leaves no route" "$(in_host ip route; in_host ip -6 route)" "$routes_before"
	is "$1 keeps the definition" "$(vn dumpxml --inactive faulty)" "$stored"
	run vn -q list --all --inactive --name
	is "$1 leaves the network inactive" "$OUT" "faulty"
}

for step in $STEPS; do
	run env VIRTNET_FAIL_AT=$step ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" start faulty
	expect "failure at '$step' is reported" 1 "" "error: Failed to start network faulty
error: injected failure at step '$step'"
	as_before "failure at '$step'"
done

# stalled PID: the process sleeps in a stall point
stalled() { grep -q nanosleep "/proc/$1/wchan" 2>/dev/null; }
# killed POINT CMD...: run CMD with VIRTNET_STALL_AT=POINT, kill -9 it there
killed() {
	local point=$1 pid
	shift
	env VIRTNET_STALL_AT=$point ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" -q "$@" >/dev/null 2>&1 &
	pid=$!
	wait_until 10 stalled "$pid" || { not_ok "$* stalls at '$point'"; kill -9 "$pid"; wait "$pid" 2>/dev/null; return 1; }
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	return 0
}

# kill -9 at every instant of a start: after a step is journaled as intended (before its
# change), and after its change (before it is marked done); the next command undoes it
for step in $STEPS; do
	for point in "$step" "$step-made"; do
		killed "$point" start faulty || continue
		run vn -q list --all --inactive --name
		is "killed at '$point' of a start: the network is not active" "$OUT" "faulty"
		run vn start faulty
		expect "killed at '$point': the next start cleans up and starts" 0 "Network faulty started" \
			"warning: cleaning up an interrupted start of network 'faulty'"
		check "killed at '$point': then the static <route> is in place" sh -c \
			"ip netns exec $NS_HOST ip route show 10.170.0.0/16 | grep -q 'via 192.168.170.254 dev vnfault0'"
		run vn destroy faulty
		as_before "killed at '$point' of a start, then destroy,"
	done
done

# kill -9 at every step of a destroy (before its undo): the next command finishes it
for step in $STEPS; do
	run vn start faulty
	killed "$step-undo" destroy faulty || continue
	run vn -q list --all --inactive --name
	is "killed at '$step-undo' of a destroy: the network is not active" "$OUT" "faulty"
	run vn start faulty
	expect "killed at '$step-undo': the next command finishes the destroy, then starts" 0 "Network faulty started" \
		"warning: finishing an interrupted destroy of network 'faulty'"
	run vn destroy faulty
	as_before "killed at '$step-undo' of a destroy, then start and destroy,"
done
done_testing
