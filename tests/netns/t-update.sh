#!/bin/bash
# update (virsh's net-update) on a running network with a guest in it: DHCP hosts and DNS
# names are applied by dnsmasq re-reading its files (same pid; the guest's new reservation
# and a new name answered at once), a range and a TXT record restart dnsmasq with its
# leases; the guest's ping stream and an open TCP connection survive every change, our
# table's rules are left as they were, and the interruption of DNS by a restart is measured.
# Through virtnetd, an update is told as an event. Also: --config alone, transient networks,
# a failed restart (the journal holds the old definition again), refusals.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
net_xml up nat vnup0 10.77.0 100-199 >"$T_TMP/net.xml"
run vn define "$T_TMP/net.xml"
run vn start up
add_guest g1 vnup0 52:54:00:77:00:01
dns_pid() { cat "$ROOT"/run/virtnet/dnsmasq/*.pid; }
handles() { in_host nft -a list table inet "${VIRTNET_NFT_TABLE:-virtnet}" | grep -o 'handle [0-9]*' | tr '\n' ' '; }
pid0=$(dns_pid) rules0=$(handles)
# lu ARGS...: a live update of network up; its window and dnsmasq's pid before and after go
# to $T_TMP/windows, for the report of each update at the end
lu() {
	local t0 p0
	p0=$(dns_pid)
	t0=$(date +%s%N)
	run vn update up "$@"
	echo "$t0 $(date +%s%N) $p0 $(dns_pid) $1 $2" >>"$T_TMP/windows"
}

run vn update up add ip-dhcp-host "<host mac='52:54:00:77:00:01' name='g1' ip='10.77.0.7'/>" --live --config
expect "add a DHCP host, live and config" 0 "Updated network up persistent config and live state" ""
is "dnsmasq re-read its hosts: the same process" "$(dns_pid)" "$pid0"
is "the guest gets its new reservation at once" "$(dhcp g1)" 10.77.0.7
check "the definition has it" sh -c "'$VIRTNET' --root '$ROOT' dumpxml up --inactive | grep -q \"ip='10.77.0.7'\""

# the streams: a ping every 10 ms to the gateway, a TCP connection to the internet's echo server
echo_server
spawn_pid "$(gns g1)" busybox ping -i 0.01 -w 60 10.77.0.1 >"$T_TMP/ping.out"
PING=$SPID
spawn "$(gns g1)" sh -c "while :; do echo tick; sleep 0.2; done | busybox nc 198.51.100.1 8080" >"$T_TMP/tcp.out"
peer0=$(server_peer)
check "the TCP connection is up ($peer0)" test -n "$peer0"
# and DNS: dns_probe.py asks dnsmasq for a name every 10 ms through every update below
run vn update up add dns-host "<host ip='10.77.0.51'><hostname>probe</hostname></host>"
expect "a name to ask for" 0 "Updated network up live state" ""
spawn_pid "$(gns g1)" python3 "$(dirname "$0")/dns_probe.py" 10.77.0.1 probe 40 >"$T_TMP/dns.out"
PROBE=$SPID
wait_until 5 grep -q '^ok' "$T_TMP/dns.out"

lu add dns-host "<host ip='10.77.0.50'><hostname>svc</hostname></host>"
expect "add a DNS name (current: live)" 0 "Updated network up live state" ""
check "the guest resolves it at once" sh -c "ip netns exec $(gns g1) busybox nslookup svc 10.77.0.1 | grep -q 10.77.0.50"
lu delete dns-host "<host><hostname>svc</hostname></host>"
expect "delete it" 0 "Updated network up live state" ""
check "gone for the guest" sh -c "! ip netns exec $(gns g1) busybox nslookup svc 10.77.0.1 2>/dev/null | grep -q 10.77.0.50"
lu add-first ip-dhcp-host "<host mac='52:54:00:77:00:02' ip='10.77.0.8'/>" --live
lu delete ip-dhcp-host "<host ip='10.77.0.8'/>" --live
expect "add and delete another host" 0 "Updated network up live state" ""
is "through all of that, dnsmasq was the same process" "$(dns_pid)" "$pid0"
is "and our table's rules were not touched" "$(handles)" "$rules0"

# a range restarts dnsmasq, which keeps its leases
lu add ip-dhcp-range "<range start='10.77.0.20' end='10.77.0.29'/>"
expect "add a range" 0 "Updated network up live state" ""
pid1=$(dns_pid)
check "a range restarts dnsmasq ($pid0 -> $pid1)" test "$pid1" != "$pid0"
check "with the range" grep -q 'dhcp-range=10.77.0.20,10.77.0.29' "$ROOT"/run/virtnet/dnsmasq/*.conf
run vn -q dhcp-leases up
check "the guest's lease survived the restart" grep -q "10.77.0.7/24" <<<"$OUT"
lu delete ip-dhcp-range "<range start='10.77.0.20' end='10.77.0.29'/>"
lu add dns-txt "<txt name='info' value='hello'/>"
expect "a TXT record" 0 "Updated network up live state" ""
check "the TXT record is in the config" grep -q 'txt-record=info,hello' "$ROOT"/run/virtnet/dnsmasq/*.conf
sleep 0.5
kill "$PROBE" 2>/dev/null
# each update: how long it took, whether dnsmasq restarted, the DNS queries that failed from
# its start to 0.2 s after its end, the longest gap between two answers around it
while read -r t0 t1 p0 p1 cmd sec; do
	read -r failed longest < <(awk -v a="$t0" -v b="$((t1 + 200000000))" '
		$1 == "ok" { if (prev && $2 >= a && prev <= b) { d = ($2 - prev) / 1e6; if (d > m) m = d } prev = $2 }
		$1 == "no" && $2 >= a && $2 <= b { n++ }
		END { printf "%d %d\n", n, m }' "$T_TMP/dns.out")
	what=$([ "$p0" = "$p1" ] && echo "dnsmasq re-read its files (same pid)" || echo "dnsmasq restarted")
	echo "# update $cmd $sec: $(( (t1 - t0) / 1000000 )) ms, $what; DNS: $failed queries failed, the longest gap between answers $longest ms"
	check "DNS answered again within a second of update $cmd $sec ($longest ms)" test "$longest" -lt 1000
done <"$T_TMP/windows"
check "DNS was asked throughout ($(wc -l <"$T_TMP/dns.out") queries)" test "$(wc -l <"$T_TMP/dns.out")" -gt 100

kill -INT "$PING" 2>/dev/null
wait_until 5 grep -q 'packets transmitted' "$T_TMP/ping.out"
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$T_TMP/ping.out")
got=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$T_TMP/ping.out")
echo "# ping every 10 ms through all updates: $got of $sent answered"
# (the one in flight when ping was stopped may have no answer yet)
check "the ping stream lost nothing ($got of $sent)" test -n "$got" -a "${got:-0}" -ge $((${sent:-0} - 1)) -a "${sent:-0}" -gt 50
is "the TCP connection is the same one" "$(server_peer_now)" "$peer0"
check "and it still carries data" sh -c "n=\$(wc -l <'$T_TMP/tcp.out'); sleep 0.6; [ \$(wc -l <'$T_TMP/tcp.out') -gt \$n ]"
is "the guest gets the same address from the new dnsmasq" "$(dhcp g1)" 10.77.0.7

# --config alone leaves the running network as it is
run vn update up add dns-host "<host ip='10.77.0.60'><hostname>later</hostname></host>" --config
expect "--config" 0 "Updated network up persistent config" ""
check "not in the running network" sh -c "! '$VIRTNET' --root '$ROOT' dumpxml up | grep -q later"
check "in the definition" sh -c "'$VIRTNET' --root '$ROOT' dumpxml up --inactive | grep -q later"

# refusals, as libvirt's
run vn update up modify ip-dhcp-range "<range start='10.77.0.20' end='10.77.0.29'/>"
expect "a range cannot be modified" 1 "" "error: Failed to update network up
error: dhcp ranges cannot be modified, only added or deleted"
run vn update up add ip-dhcp-host "<host mac='52:54:00:77:00:09' name='g1' ip='10.77.0.9'/>"
expect "a duplicate host" 1 "" "error: Failed to update network up
error: there is an existing dhcp host entry in network 'up' that matches \"<host mac='52:54:00:77:00:09' name='g1' ip='10.77.0.9'/>\" (change it with: virtnet update up modify ip-dhcp-host XML)"
run vn update up add bridge "<bridge name='x'/>"
expect "an unsupported section" 1 "" "error: Failed to update network up
error: can't update 'bridge' section of network 'up' (change it in the definition with: virtnet edit up; a running network takes it when started again)"
run vn update up insert dns-host "<host/>"
expect "an unknown command" 1 "" "error: unrecognized command name 'insert' (use one of: add, modify, delete, add-last, add-first)"
run vn update up add dns-host "<host/>" --current --config
expect "--current with --config" 1 "" "error: Options --current and --config are mutually exclusive"
echo "<txt name='fromfile' value='x'/>" >"$T_TMP/txt.xml"
run vn update up add dns-txt "$T_TMP/txt.xml" --config
expect "XML from a file" 0 "Updated network up persistent config" ""

# A failed restart: the update fails and the journal holds the old definition again. The
# injected fault also fails the restart back, so dnsmasq is down: reconcile (or virtnetd)
# brings it back from the journal, with the old configuration.
before=$(vn dumpxml up)
run env VIRTNET_FAIL_AT=dnsmasq "$VIRTNET" --root "$ROOT" update up add ip-dhcp-range "<range start='10.77.0.30' end='10.77.0.39'/>"
check "a failed restart fails the update" test "$RC" = 1
is "the running definition is the old one" "$(vn dumpxml up)" "$before"
run vn reconcile up
check "reconcile restarts dnsmasq from the journal" grep -q "dnsmasq was not running; restarted" <<<"$OUT"
check "with the old configuration" sh -c "! grep -q 10.77.0.30 '$ROOT'/run/virtnet/dnsmasq/*.conf && grep -q 10.77.0.100 '$ROOT'/run/virtnet/dnsmasq/*.conf"

# inactive and transient networks
run vn destroy up
run vn update up add dns-host "<host ip='10.77.0.61'><hostname>off</hostname></host>" --live
expect "--live on an inactive network" 1 "" "error: Failed to update network up
error: network 'up' is not running (start it with: virtnet start up; or change only its definition: --config)"
run vn update up add dns-host "<host ip='10.77.0.61'><hostname>off</hostname></host>"
expect "current on an inactive network: its definition" 0 "Updated network up persistent config" ""
net_xml tr nat vntr0 10.78.0 100-199 >"$T_TMP/tr.xml"
run vn create "$T_TMP/tr.xml"
run vn update tr add dns-host "<host ip='10.78.0.5'><hostname>x</hostname></host>" --config
expect "--config on a transient network" 1 "" "error: Failed to update network tr
error: cannot change persistent config of transient network 'tr' (change the running network: --live; or make it persistent with: virtnet dumpxml tr | virtnet define -)"
run vn destroy tr

# through virtnetd: the same line, and an event
run vn start up
daemon_start
spawn_pid "$NS_HOST" "$VIRTNET" --root "$ROOT" event --loop --timeout 20 >"$T_TMP/events"
sleep 0.3
run vn update up add dns-host "<host ip='10.77.0.62'><hostname>via</hostname></host>"
expect "update through virtnetd" 0 "Updated network up live state" ""
wait_until 5 grep -q "'updated'" "$T_TMP/events"
check "an event for it" grep -qx "event 'updated' for network 'up': Network up updated (add-last dns-host)" "$T_TMP/events"
run vn update up add dns-host "<host ip='10.77.0.62'><hostname>via</hostname></host>"
expect "its refusal through virtnetd" 1 "" "error: Failed to update network up
error: there is already at least one DNS HOST record with a matching field in network up"
daemon_log_clean
kill "$DPID"
wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
run vn destroy up
check "nothing left" nothing_left vnup0
done_testing
