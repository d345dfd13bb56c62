#!/bin/bash
# virtnetd's API and the CLI through it: with the daemon running, list, dumpxml, dhcp-leases,
# start and destroy print exactly what they print without it (VIRTNET_DIRECT=1); a user who
# may only read (nobody, through setpriv) lists, dumps, reads leases and events, and is
# refused start, destroy and define with the rule that refused it, changing nothing; events
# arrive for start, stop, a repair, ports and definitions; bad clients (silent, huge, 100 at
# once) do not hurt.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
SOCK=$ROOT/run/virtnet/virtnetd.sock
nobody() { ip netns exec "$NS_HOST" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
others_copy virtnet virtnet-direct   # what nobody runs: not from the clone, which may be private
NVIRTNET=$T_TMP/bin/virtnet
dnsmasq_pid() { cat "$ROOT"/run/virtnet/dnsmasq/*.pid 2>/dev/null | head -1; }

net_xml da nat vnapa 192.168.192 100-150 >"$T_TMP/da.xml"
net_xml db "" vnapb 192.168.193 >"$T_TMP/db.xml"
for n in da db; do direct define "$T_TMP/$n.xml" >/dev/null; done
direct start da >/dev/null
daemon_start
add_guest g1 vnapa 52:54:00:19:00:02
addr=$(dhcp g1)
check "a guest gets a lease" test -n "$addr"

same_both "list: the same through virtnetd and directly" list
same_both "list --all --json" list --all --json
same_both "list --name --all" list --name --all
same_both "list --uuid --inactive" list --uuid --inactive
same_both "dumpxml" dumpxml da
same_both "dumpxml --inactive --json" dumpxml da --inactive --json
same_both "dhcp-leases" dhcp-leases da
same_both "dhcp-leases --json" dhcp-leases da --json
same_both "dhcp-leases --mac" dhcp-leases da --mac 52:54:00:19:00:02
same_both "dumpxml of a network that does not exist" dumpxml nope
same_both "dhcp-leases of a network that does not exist" dhcp-leases nope
same_both "destroy of an inactive network" destroy db
same_both "start of a network that does not exist" start nope
# changes: through virtnetd, then (undone) directly, the same
net_xml dc "" vnapc 192.168.194 >"$T_TMP/dc.xml"
run vn define "$T_TMP/dc.xml"
d_rc=$RC d_out=$OUT d_err=$ERR
direct undefine dc >/dev/null
run direct define "$T_TMP/dc.xml"
is "define: the same through virtnetd and directly" "$d_rc|$d_out|$d_err" "$RC|$OUT|$ERR"
same_both "define of a name that is taken" define "$T_TMP/dc.xml"
sed 's/<name>dc</<name>dd</' "$T_TMP/dc.xml" >"$T_TMP/dd.xml"
same_both "define of a UUID-less copy on the same bridge" define "$T_TMP/dd.xml"
direct undefine dd >/dev/null 2>&1
echo '<network><name>x</name>' >"$T_TMP/bad.xml"
same_both "define of a file that does not parse" define "$T_TMP/bad.xml"
# from standard input: what virtnetd refuses the thin virtnet hands on to virtnet-direct,
# its standard input with it
run vn define - <"$T_TMP/bad.xml"
b_rc=$RC b_out=$OUT b_err=$ERR
run direct define - <"$T_TMP/bad.xml"
is "define - of text that does not parse: the same both ways" "$b_rc|$b_out|$b_err" "$RC|$OUT|$ERR"
net_xml de "" vnape 192.168.195 >"$T_TMP/de.xml"
run vn define - <"$T_TMP/de.xml"
is "define - through virtnetd" "$RC|$OUT|$ERR" "0|Network de defined from -|"
direct undefine de >/dev/null 2>&1
run vn autostart dc
a_out=$OUT
direct autostart dc --disable >/dev/null
run direct autostart dc
is "autostart: the same both ways" "$a_out" "$OUT"
run vn autostart dc --disable
is "autostart --disable: the same both ways" "$OUT" "Network dc unmarked as autostarted"
run vn undefine dc
u_out=$OUT
direct define "$T_TMP/dc.xml" >/dev/null
run direct undefine dc
is "undefine: the same both ways" "$u_out" "$OUT"
same_both "undefine of a network that does not exist" undefine nope

# port-create: through virtnetd, then (deleted) directly, the same
cat >"$T_TMP/port.xml" <<'XML'
<networkport>
  <uuid>8d6a1c3e-0f6b-4b9e-9a51-3f2d7c0e4a12</uuid>
  <mac address='52:54:00:11:22:34'/>
</networkport>
XML
run vn port-create da "$T_TMP/port.xml" --type veth --name vpd0
p_rc=$RC p_out=$OUT p_err=$ERR
check "the port is on the bridge" sh -c "ip netns exec $NS_HOST ip link show vpd0 | grep -q 'master vnapa'"
direct port-delete da vpd0 >/dev/null
run direct port-create da "$T_TMP/port.xml" --type veth --name vpd0
is "port-create from a file: the same through virtnetd and directly" "$p_rc|$p_out|$p_err" "$RC|$OUT|$ERR"
same_both "port-create that clashes with that port" port-create da "$T_TMP/port.xml" --type veth --name vpd1
same_both "port-create with a bad MAC" port-create da --type veth --mac 52:54:zz
same_both "port-create on a network that does not exist" port-create nope --type veth
same_both "port-create --count 0" port-create da --count 0
# a MAC given is checked against every network's static hosts (virtnetd loads them all then)
direct update db add ip-dhcp-host "<host mac='52:54:00:19:00:77' ip='192.168.193.77'/>" --config >/dev/null
same_both "port-create with another network's static host's MAC" port-create da --type veth --mac 52:54:00:19:00:77
check "which is refused, naming that host" grep -q "static DHCP host of network 'db'" <<<"$ERR"
run vn port-create da --type veth --count 3
check "--count 3 through virtnetd makes three ports" test "$(grep -c 'created (device' <<<"$OUT")" = 3
is "port-list shows them (4 ports)" "$(direct port-list da --json | grep -c '"device"')" 4
run vn port-delete da vpd0
p_rc=$RC p_out=$OUT p_err=$ERR
direct port-create da "$T_TMP/port.xml" --type veth --name vpd0 >/dev/null
run direct port-delete da vpd0
is "port-delete: the same through virtnetd and directly" "$p_rc|$p_out|$p_err" "$RC|$OUT|$ERR"
same_both "port-delete of a port that does not exist" port-delete da vpnone
same_both "port-delete on a network that does not exist" port-delete nope vpd0
run vn port-delete da --all
check "port-delete --all through virtnetd deletes the three" test "$(grep -c 'deleted (device' <<<"$OUT")" = 3
is "port-list is empty" "$(direct port-list da --json | grep -c '"device"')" 0
# taps made through virtnetd are numbered upwards from the last (as libvirt's are, without
# the kernel's scan of every name for vnet%d): a name just freed is not given at once, and
# one a device of someone else's has is skipped, not opened
tap_of() { sed -n 's/.*created (device \(vnet[0-9]*\)).*/\1/p' <<<"$OUT"; }
run vn port-create da
ta=$(tap_of)
run vn port-create da
tb=$(tap_of)
run vn port-delete da "$ta"
ip netns exec "$NS_HOST" ip tuntap add dev "vnet$(( ${tb#vnet} + 1 ))" mode tap
run vn port-create da
tc=$(tap_of)
is "taps through virtnetd: upwards, the freed and a foreign name skipped ($ta $tb -> $tc)" \
	"$tc" "vnet$(( ${tb#vnet} + 2 ))"
check "the foreign tap is not on the bridge" sh -c "! ip netns exec $NS_HOST ip link show vnet$(( ${tb#vnet} + 1 )) | grep -q master"
ip netns exec "$NS_HOST" ip link del "vnet$(( ${tb#vnet} + 1 ))"
run vn port-delete da --all

run vn start db
expect "start through virtnetd" 0 "Network db started" ""
db_uuid=$(direct dumpxml db | sed -n 's|.*<uuid>\(.*\)</uuid>.*|\1|p')
db_pid=$(cat "$ROOT/run/virtnet/dnsmasq/$db_uuid.pid")
# a program keeps blocked and ignored signals across exec: virtnetd's (SIGTERM, SIGHUP,
# SIGCHLD blocked; SIGPIPE ignored) must not reach dnsmasq, or it ignores SIGTERM and SIGHUP
is "the dnsmasq virtnetd started blocks no signal" "$(awk '/^SigBlk:/ {print $2}' "/proc/$db_pid/status")" 0000000000000000
ignored=$(awk '/^SigIgn:/ {print $2}' "/proc/$db_pid/status")
is "...and does not ignore SIGTERM or SIGHUP" "$(( 0x$ignored & 0x4001 ))" 0
run direct start db
expect "start directly says the same of an active network..." 0 "Network db is already active" ""
run vn start db
expect "...as through virtnetd" 0 "Network db is already active" ""
run vn destroy db
expect "destroy through virtnetd" 0 "Network db destroyed" ""
check "virtnetd was asked (its log has no repair, the socket answered)" test -S "$SOCK"

# Events: start through the daemon, stop by a CLI that bypassed it, a new lease, a repair, a
# port and a definition that came and went (by a CLI that bypassed it)
spawn_pid "$NS_HOST" "$VIRTNET" --root "$ROOT" event --loop --timeout 30 >"$T_TMP/events"
EV=$SPID
spawn_pid "$NS_HOST" "$VIRTNET" --root "$ROOT" event --json --timeout 30 >"$T_TMP/event1"
sleep 0.5   # both are subscribed
vn start db >/dev/null
wait_until 5 grep -q "'started' for network 'db'" "$T_TMP/events"
direct destroy db >/dev/null
wait_until 5 grep -q "'stopped' for network 'db'" "$T_TMP/events"
add_guest g2 vnapa 52:54:00:19:00:03
addr2=$(dhcp g2)
wait_until 5 grep -q "lease-added" "$T_TMP/events"
kill -9 "$(dnsmasq_pid)"
wait_until 5 grep -q "repaired" "$T_TMP/events"
direct port-create da --type veth --name vdev0 >/dev/null
wait_until 5 grep -q "port-added" "$T_TMP/events"
direct port-delete da vdev0 >/dev/null
wait_until 5 grep -q "port-removed" "$T_TMP/events"
direct define "$T_TMP/dc.xml" >/dev/null
wait_until 5 grep -q "'defined' for network 'dc'" "$T_TMP/events"
direct undefine dc >/dev/null
wait_until 5 grep -q "'undefined' for network 'dc'" "$T_TMP/events"
kill -INT "$EV" 2>/dev/null
wait_until 10 sh -c "! kill -0 $EV 2>/dev/null"
check "an event for the start" grep -qx "event 'started' for network 'db': Network db started" "$T_TMP/events"
check "an event for the stop (by a CLI that bypassed virtnetd)" grep -qx "event 'stopped' for network 'db': Network db stopped" "$T_TMP/events"
check "an event for a new lease" grep -qx "event 'lease-added' for network 'da': Network da: lease 52:54:00:19:00:03 $addr2" "$T_TMP/events"
check "an event for the repair" grep -q "event 'repaired' for network 'da': Network da: dnsmasq was not running; restarted" "$T_TMP/events"
ev() { grep -qx "event '$1' for network '$2': $3" "$T_TMP/events"; }
check "an event for a port made by a CLI that bypassed virtnetd" \
	ev port-added da "Network da: port vdev0"
check "and for its removal" ev port-removed da "Network da: port removed: vdev0"
check "an event for a definition by a CLI that bypassed virtnetd" \
	ev defined dc "Network dc defined"
check "and for its removal" ev undefined dc "Network dc undefined"
is "each once" "$(grep -c "'started' for network 'db'\|'stopped' for network 'db'" "$T_TMP/events")" 2
wait_until 10 test -s "$T_TMP/event1"
check "without --loop, event ends after one, as JSON" \
	grep -qE '^\{"seq":[0-9]+,"time":[0-9]+,"type":"started","network":"db","text":"Network db started"\}$' "$T_TMP/event1"

# A user who may only read
run nobody "$NVIRTNET" --root "$ROOT" list --all
expect "nobody lists through virtnetd" 0 "$(vn list --all)" ""
run nobody "$NVIRTNET" --root "$ROOT" dhcp-leases da --json
expect "nobody reads the leases" 0 "$(vn dhcp-leases da --json)" ""
run nobody "$NVIRTNET" --root "$ROOT" dumpxml da
expect "nobody dumps the XML" 0 "$(vn dumpxml da)" ""
run nobody "$NVIRTNET" --root "$ROOT" event --timeout 1
expect "nobody may wait for events" 0 "event loop timed out" ""
before=$(dnsmasq_pid)
run nobody "$NVIRTNET" --root "$ROOT" destroy da
expect "nobody may not destroy, and is told the rule" 1 "" \
"error: Failed to destroy network da
error: user 65534 may only read: changes need root, or membership of virtnetd's group 'virtnet', which does not exist (create it with: sudo groupadd --system virtnet, then join it; or use sudo)"
run nobody "$NVIRTNET" --root "$ROOT" start db
expect "nor start" 1 "" \
"error: Failed to start network db
error: user 65534 may only read: changes need root, or membership of virtnetd's group 'virtnet', which does not exist (create it with: sudo groupadd --system virtnet, then join it; or use sudo)"
run nobody curl -s --unix-socket "$SOCK" -X POST --data-binary @"$T_TMP/db.xml" http://virtnetd/v1/networks
check "nor define through the API" grep -q "may only read" <<<"$OUT"
run nobody "$NVIRTNET" --root "$ROOT" port-create da --type veth --name vpnobody
expect "nor create a port" 1 "" \
"error: user 65534 may only read: changes need root, or membership of virtnetd's group 'virtnet', which does not exist (create it with: sudo groupadd --system virtnet, then join it; or use sudo)"
run nobody curl -s --unix-socket "$SOCK" -X POST "http://virtnetd/v1/networks/da/ports?file=/etc/shadow"
check "the daemon never reads a file a client names" grep -q "may only read" <<<"$OUT"
run curl -s --unix-socket "$SOCK" -X POST "http://virtnetd/v1/networks/da/ports?file=/etc/shadow"
is "not even for root: file only names the body" "$OUT" '{
  "error": "file names the document sent as the body; send it"
}'
check "no such port was made" sh -c "! ip netns exec $NS_HOST ip link show vpnobody 2>/dev/null"
is "and nothing changed" "$(vn list --all --name); $(dnsmasq_pid)" "$(printf 'da\ndb'); $before"

# A member of the admin group may change things (virtnetd --group users; nobody with it)
kill -TERM "$DPID"
wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
VIRTNETD_ARGS="--group users" daemon_start
member() { ip netns exec "$NS_HOST" setpriv --reuid=65534 --regid=65534 --groups=100 "$@"; }
run member "$NVIRTNET" --root "$ROOT" start db
expect "a member of the group starts a network" 0 "Network db started" ""
run member "$NVIRTNET" --root "$ROOT" destroy db
expect "and destroys it" 0 "Network db destroyed" ""
# the kernel hands over all of a peer's groups only when asked with room for them
many=$(seq -s, 2001 2099),100
run ip netns exec "$NS_HOST" setpriv --reuid=65534 --regid=65534 --groups="$many" \
	"$NVIRTNET" --root "$ROOT" start db
expect "a member whose 100th group is the admin group starts a network" 0 "Network db started" ""
run member "$NVIRTNET" --root "$ROOT" destroy db
sed 's/<name>dc</<name>dt</; s/vnapc/vnapt/' "$T_TMP/dc.xml" >"$T_TMP/dt.xml"
run member "$NVIRTNET" --root "$ROOT" define "$T_TMP/dt.xml" --trust-dnsmasq-options
expect "a member may not trust <dnsmasq:options> (they run programs as root)" 1 "" \
"error: Failed to define network from $T_TMP/dt.xml
error: user 65534 may not trust <dnsmasq:options>: they can run programs as root; only root may (--trust-dnsmasq-options)"
is "virtnetd's pid file is root's alone (nobody can hold its lock)" \
	"$(stat -c %a "$ROOT/run/virtnet/virtnetd.pid")" 600
run curl -s --unix-socket "$SOCK" -X POST "http://virtnetd/v1/networks/da/ports?name=vpq%26isolated%3D1"
is "a decoded '&' in a query value refuses the request" "$OUT" '{
  "error": "a query value may not hold '"'"'&'"'"' or '"'"'='"'"', and the query at most 8 KiB"
}'
run nobody "$NVIRTNET" --root "$ROOT" start db
expect "nobody else may" 1 "" \
"error: Failed to start network db
error: user 65534 may only read: changes need root or membership of virtnetd's group 'users' (join it with: sudo usermod -aG users nobody, then log in again; or use sudo)"

# Bad clients: one that says nothing, one that sends too much, 100 at once
cat >"$T_TMP/silent.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(30)
print("dropped" if s.recv(1) == b"" else "answered")   # says nothing, waits to be dropped
PY
spawn_pid "$NS_HOST" python3 "$T_TMP/silent.py" "$SOCK" >"$T_TMP/silent"
SILENT=$SPID
head -c 2000000 /dev/zero | tr '\0' 'x' >"$T_TMP/huge"
run curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SOCK" -X POST --data-binary @"$T_TMP/huge" http://virtnetd/v1/networks
is "a body over 1 MiB is refused (413)" "$OUT" 413
for i in $(seq 100); do
	curl -s --unix-socket "$SOCK" http://virtnetd/v1/networks >"$T_TMP/many.$i" &
done
wait_until 20 no_jobs
is "100 clients at once all get the list" "$(cat "$T_TMP"/many.* | grep -c '"name": "da"')" 100
run vn list --name
expect "and the daemon still answers" 0 "da" ""

for i in $(seq 8); do
	spawn_pid "$NS_HOST" setpriv --reuid=65534 --regid=65534 --clear-groups \
		curl -sN --unix-socket "$SOCK" http://virtnetd/v1/events >/dev/null
done
streams_open() { [ "$(ip netns exec "$NS_HOST" ss -Hx state connected | grep -c virtnetd.sock)" -ge 9 ]; }
wait_until 5 streams_open
run nobody curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SOCK" http://virtnetd/v1/events
is "a 9th event stream of one user is refused (503)" "$OUT" 503
run curl -s --max-time 2 -o /dev/null -w '%{http_code}' --unix-socket "$SOCK" http://virtnetd/v1/networks
is "and root is still served" "$OUT" 200
wait_until 30 sh -c "! kill -0 $SILENT 2>/dev/null"
is "a client that says nothing is dropped (after 10 s)" "$(cat "$T_TMP/silent")" dropped

kill -TERM "$DPID"
wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
run direct destroy da
check "nothing left of da" nothing_left vnapa
daemon_log_clean
done_testing
