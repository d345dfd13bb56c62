#!/bin/bash
# virtnetd keeps networks alive: at its first start in a boot it starts the networks marked
# autostart (not at a second one), adopts running networks without restarting their
# dnsmasq, and repairs within a second a killed dnsmasq (the lease survives), a flushed
# ruleset, a deleted table, a bridge that lost its address or went down; kill -9 of the
# daemon costs guests nothing, and what broke while it was away is repaired at its start.
# Recovery times and lost pings are printed as "# ..." lines.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
dnsmasq_pid() { cat "$ROOT"/run/virtnet/dnsmasq/"$(uuid_of "$1")".pid 2>/dev/null; }
uuid_of() { vn dumpxml "$1" | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p'; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
new_dnsmasq() { local p; p=$(dnsmasq_pid "$1"); [ -n "$p" ] && [ "$p" != "$2" ] && alive "$p"; }
has_table() { in_host nft list chain inet virtnet vnda_nat >/dev/null 2>&1; }
has_addr() { in_host ip -4 addr show vnda | grep -q 192.168.190.1/24; }
is_up() { in_host ip link show vnda | grep -q ',UP'; }

net_xml da nat vnda 192.168.190 100-150 >"$T_TMP/da.xml"
net_xml db "" vndb 192.168.191 100-150 >"$T_TMP/db.xml"
for n in da db; do
	run vn define "$T_TMP/$n.xml"
	run vn autostart "$n"
done

daemon_start
is "the first start in this boot starts the networks marked autostart" "$(vn list --name)" \
	"$(printf 'da\ndb')"
check "and says so" grep -q "Network da: started (autostart)" "$LOG"
add_guest g1 vnda 52:54:00:19:00:01
addr=$(dhcp g1)
check "a guest gets a lease" test -n "$addr"

old=$(dnsmasq_pid da)
kill -9 "$old"
within_1s "a killed dnsmasq runs again within 1 s" new_dnsmasq da "$old"
check "the repair is logged" grep -q "Network da: dnsmasq was not running; restarted" "$LOG"
is "the guest renews and keeps its address" "$(dhcp g1)" "$addr"
check "the lease file kept the guest's lease" \
	grep -q "52:54:00:19:00:01 $addr" "$ROOT"/var/lib/virtnet/dnsmasq/"$(uuid_of da)".leases

# A ping every 10 ms to the internet during a flush of the whole ruleset
spawn_pid "$(gns g1)" busybox ping -i 0.01 -c 300 -w 20 198.51.100.1 >"$T_TMP/ping1" 2>&1
PING=$SPID
sleep 1   # the stream runs before the flush
in_host nft flush ruleset
within_1s "a flushed ruleset is rebuilt within 1 s" has_table
wait_until 10 sh -c "! kill -0 $PING 2>/dev/null"
got=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$T_TMP/ping1")
check "the ping stream resumed after the flush" test "${got:-0}" -gt 150
echo "# pings lost to the flush: $((300 - ${got:-0})) of 300 (10 ms apart)"

in_host nft delete table inet virtnet
within_1s "a deleted table is rebuilt within 1 s" has_table
in_host ip addr del 192.168.190.1/24 dev vnda
within_1s "a removed bridge address is restored within 1 s" has_addr
in_host ip link set vnda down
within_1s "a downed bridge is brought up within 1 s" is_up
run vn port-create da --type veth --name vdport0
on_bridge() { in_host ip link show vdport0 | grep -q 'master vnda'; }
check "a port made through virtnetd is on the bridge" on_bridge
in_host ip link set vdport0 nomaster
within_1s "a port taken off its bridge is plugged in again within 1 s" on_bridge
check "and that is logged" grep -q "Port vdport0 of network da: was not on bridge vnda; plugged in again" "$LOG"

# kill -9 of the daemon: guests notice nothing, the next one adopts without restarting.
# (After the bridge was down, STP holds the guest's port for about 4 s.)
check "the guest reaches the internet again" wait_until 10 guest g1 busybox ping -c 1 -W 1 198.51.100.1
old=$(dnsmasq_pid da)
spawn_pid "$(gns g1)" busybox ping -i 0.01 -c 200 -w 20 198.51.100.1 >"$T_TMP/ping2" 2>&1
PING=$SPID
sleep 0.5
kill -9 "$DPID"
wait_until 25 sh -c "! kill -0 $PING 2>/dev/null"
is "kill -9 of virtnetd loses no ping" "$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' "$T_TMP/ping2")" 200

run vn destroy db
# broken while nobody watched: the start's adoption finds it and repairs it
in_host ip addr del 192.168.190.1/24 dev vnda
in_host nft flush chain inet virtnet vnda_in
has_rules() { in_host nft list chain inet virtnet vnda_in | grep -q reject; }
mark=$(wc -l <"$LOG")
daemon_start
is "the next virtnetd adopts da's dnsmasq (same pid)" "$(dnsmasq_pid da)" "$old"
check "it restored the address removed while it was away" has_addr
check "and the rules flushed while it was away" has_rules
logged_since() { tail -n "+$((mark + 1))" "$LOG" | grep -q "$1"; }
logged_both() {
	logged_since "Network da: address 192.168.190.1/24 was missing" &&
		logged_since "Network da: firewall rules were missing"
}
check "and logged both" logged_both
is "a second start in the same boot starts nothing" "$(vn list --name)" "da"

old=$(dnsmasq_pid da)
kill -9 "$old"
within_1s "the adopted dnsmasq (not its child) is watched too" new_dnsmasq da "$old"

# Idle means asleep: no wake-up while nothing changes (virtnetd's keeper and its worker)
worker() { pgrep -P "$DPID" -x virtnetd-worker; }
switches() {
	cat "/proc/$DPID/status" "/proc/$(worker)/status" 2>/dev/null |
		awk '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ { n += $2 } END { print n }'
}
sleep 0.5
s0=$(switches)
sleep 2
is "idle, virtnetd does not wake up (context switches over 2 s)" "$(switches)" "$s0"

kill -TERM "$DPID"
check "virtnetd ends on SIGTERM" wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
check "and leaves the network running" alive "$(dnsmasq_pid da)"

# With nothing to do, the worker leaves and the keeper (libc and libmnl only) watches:
# what happens then wakes a worker, which repairs it within the same second
asleep() { [ -z "$(worker)" ]; }
VIRTNETD_ARGS="--idle-exit 1" daemon_start
check "after a quiet second the worker leaves" wait_until 5 asleep
echo "# virtnetd asleep (the keeper alone): PSS $(awk '/^Pss:/ {print $2}' "/proc/$DPID/smaps_rollup") kB"
# (a port plugged in again changes STP state for about 4 s: kernel news about our bridge)
forwarding() { ! in_host bridge -o link show | grep -v 'state forwarding' | grep -q .; }
wait_until 10 forwarding
sleep 0.5
s0=$(switches)
sleep 2
is "asleep, the keeper does not wake up (context switches over 2 s)" "$(switches)" "$s0"
in_host nft flush ruleset
within_1s "asleep: a flushed ruleset is rebuilt within 1 s" has_table
wait_until 5 asleep
old=$(dnsmasq_pid da)
kill -9 "$old"
within_1s "asleep: a killed dnsmasq runs again within 1 s" new_dnsmasq da "$old"
wait_until 5 asleep
in_host ip addr flush dev vnda
within_1s "asleep: a removed bridge address is restored within 1 s" has_addr
wait_until 5 asleep
run vn port-create da --name vnp0
wait_until 5 asleep
in_host ip link set vnp0 nomaster
within_1s "asleep: a port taken off its bridge is plugged in again within 1 s" \
	sh -c "ip netns exec $NS_HOST ip link show vnp0 | grep -q 'master vnda'"
wait_until 5 asleep
is "asleep: the API answers (a worker starts for it)" "$(vn list --name)" da
VIRTNET_DIRECT=1 vn destroy db >/dev/null
wait_until 5 asleep
VIRTNET_DIRECT=1 vn start db >/dev/null
wait_until 5 asleep
old=$(dnsmasq_pid db)
kill -9 "$old"
within_1s "asleep: a network a CLI started meanwhile is supervised too" new_dnsmasq db "$old"
kill -TERM "$DPID"
check "virtnetd ends on SIGTERM, asleep or not" wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
run vn destroy db
run vn destroy da
check "nothing left of da" nothing_left vnda
daemon_log_clean
done_testing
