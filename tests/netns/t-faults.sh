#!/bin/bash
# A failure at any step of start leaves nothing behind (no link, address, nft object,
# process or status file) and the definition intact; a start killed half-way is cleaned
# up by the next command.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml faulty nat vnfault0 192.168.170 10-20 "<ip family='ipv6' address='fd00:170::1' prefix='64'/>
  <route address='10.170.0.0' prefix='16' gateway='192.168.170.254'/>" >"$T_TMP/net.xml"
run vn define "$T_TMP/net.xml"
stored=$(vn dumpxml --inactive faulty)
addrs_before=$(in_host ip -o addr | awk '{print $2, $4}' | sort)
routes_before=$(in_host ip route; in_host ip -6 route)

for step in bridge sysctl address link-up route forwarding firewall dnsmasq status; do
	run env VIRTNET_FAIL_AT=$step ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" start faulty
	expect "failure at '$step' is reported" 1 "" "error: Failed to start network faulty
error: injected failure at step '$step'"
	check "failure at '$step' leaves nothing behind" nothing_left vnfault0
	is "failure at '$step' leaves no address" "$(in_host ip -o addr | awk '{print $2, $4}' | sort)" "$addrs_before"
	is "failure at '$step' leaves no route" "$(in_host ip route; in_host ip -6 route)" "$routes_before"
	is "failure at '$step' keeps the definition" "$(vn dumpxml --inactive faulty)" "$stored"
	run vn -q list --all --inactive --name
	is "failure at '$step' leaves the network inactive" "$OUT" "faulty"
done

# kill -9 in the middle of a start: the next command cleans up what it had made
# stalled PID STEP: that start recorded the step before STEP and sleeps in STEP's stall
stalled() {
	local before=firewall
	[ "$2" = firewall ] && before=forwarding
	grep -q "kind='$before'" "$ROOT"/run/virtnet/networks/faulty.xml &&
		grep -q nanosleep "/proc/$1/wchan"
}
for step in firewall dnsmasq; do
	env VIRTNET_STALL_AT=$step ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" -q start faulty &
	pid=$!
	wait_until 5 stalled "$pid" "$step"
	pkill -9 -f "$VIRTNET --root $ROOT -q start faulty"
	wait "$pid" 2>/dev/null
	check "killed during '$step': the bridge is there, half-made" in_host ip link show vnfault0
	run vn -q list --all --inactive --name
	is "killed during '$step': the network is not active" "$OUT" "faulty"
	run vn start faulty
	expect "killed during '$step': the next start cleans up and starts" 0 "Network faulty started" \
		"warning: cleaning up an interrupted start of network 'faulty'"
	check "the static <route> is in place" sh -c "ip netns exec $NS_HOST ip route show 10.170.0.0/16 | grep -q 'via 192.168.170.254 dev vnfault0'"
	run vn destroy faulty
	check "killed during '$step': nothing left after destroy" nothing_left vnfault0
done
done_testing
