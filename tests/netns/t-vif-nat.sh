#!/bin/bash
# vif-virtnet in nat mode (run as vif-virtnet-nat), the way libxl runs it, with a fake
# xenstore (xenstore-read/-write over a folder) on PATH: the domU behind vif3.0 gets its
# DHCP reservation (10.0.3.1/16, router 10.0.3.128), reaches the gateway and the internet
# masqueraded (counted in the internet namespace), cannot send from another address, is not
# reachable from outside; hotplug-status is written; offline leaves nothing behind. A
# failure at any step of the vif's journal undoes everything (the host read back exactly as
# before) and reports hotplug-status=error, for the vif and for an HVM guest's tap twin; a run
# killed at any instant of online or offline is undone or finished by the next (online, or
# offline); a vif that vanished without offline is cleaned up by the next run. xenstore: an
# absent key is fine, a key that is there but cannot be read is an error, as is a failed
# xenstore-write (with its exit status); another vif's unreadable journal keeps the shared
# table; a journal whose dnsmasq step names a file or whose sysctl has '..', and an older
# vif-virtnet's record, are refused whole and nothing of them is acted on; a journal whose
# owner is alive is left alone. Hostile values (the audit's netdev='x";add table ip
# pwnedvif;#' from the environment, an argument or xenstore, a XENBUS_PATH below a guest's
# area) are refused before any change: a sentinel table and the list of tables stay as they
# were.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$VIRTNET")/vif-virtnet
[ -x "$BIN" ] || { echo "Bail out! $BIN not built"; exit 1; }
mkdir -p "$T_TMP/bin" "$T_TMP/xs"
ln -s "$BIN" "$T_TMP/bin/vif-virtnet-nat"
XS=$T_TMP/xs
# The fake xenstore: one file per key under $XS; a key with a KEY.broken beside it exists but
# cannot be read; $XS/.write-broken makes every write fail (exit 3)
cat >"$T_TMP/bin/xenstore-read" <<EOF
#!/bin/sh
for p in "\$@"; do [ -f "$XS/\${p#/}" ] && [ ! -e "$XS/\${p#/}.broken" ] || { echo "couldn't read path \$p" >&2; exit 1; }; cat "$XS/\${p#/}"; echo; done
EOF
cat >"$T_TMP/bin/xenstore-list" <<EOF
#!/bin/sh
[ -d "$XS/\${1#/}" ] || { echo "couldn't list directory \$1" >&2; exit 1; }
ls "$XS/\${1#/}" | grep -v '\\.broken\$'
exit 0
EOF
cat >"$T_TMP/bin/xenstore-write" <<EOF
#!/bin/sh
[ -e "$XS/.write-broken" ] && exit 3
while [ \$# -ge 2 ]; do mkdir -p "\$(dirname "$XS/\${1#/}")"; printf '%s' "\$2" >"$XS/\${1#/}"; shift 2; done
EOF
chmod +x "$T_TMP/bin/"*
xs_set() { mkdir -p "$XS/$(dirname "$1")"; printf '%s' "$2" >"$XS/$1"; }
xs_get() { cat "$XS/$1" 2>/dev/null; }

VIF_DEVS=vif3.0
setup_host_inet
spawn "$NS_INET" busybox nc -ll -p 8080 -e /bin/cat
# the internet counts what reaches it, by source address
in_inet nft -f - <<'EOF'
table inet probe {
	chain input {
		type filter hook input priority filter; policy accept;
		ip saddr 192.0.2.1 tcp dport 8080 counter
		ip saddr 10.0.0.0/8 counter
	}
}
EOF
probe() { in_inet nft list chain inet probe input | grep -F "$1" | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }
vifc() { in_host nft list chain inet virtnet_vif "$1" 2>/dev/null | grep -E -- "$2" | head -1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }

# a domU: veth_guest NAME VIF MAC, its eth0 the peer of VIF on the host (netback's pair)
# vif ARGS...: the script as libxl runs it for vif3.0 (a clean environment, like libxl's)
vif() {
	in_host env -i PATH="$T_TMP/bin:/usr/sbin:/usr/bin:/sbin:/bin" VIRTNET_ROOT="$ROOT" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" ${VIF_ENV:-} \
		vif="${VIF:-vif3.0}" INTERFACE=vif3.0-emu XENBUS_PATH="backend/vif/${DOMID:-3}/0" XENBUS_TYPE=vif \
		XENBUS_BASE_PATH=backend netdev= \
		"$T_TMP/bin/vif-virtnet-nat" "$@"
}
# what must be gone after offline (the vif itself stays: netback owns it); DEV: vif3.0
leftovers() {
	local d=${1:-vif3.0}
	echo "addr: $(in_host ip -4 -o addr show dev $d | awk '{print $4}')"
	echo "routes: $(in_host ip route show dev $d)"
	echo "proxy_arp: $(in_host cat /proc/sys/net/ipv4/conf/$d/proxy_arp) forwarding: $(in_host cat /proc/sys/net/ipv4/ip_forward)"
	echo "nft: $(in_host nft list tables | grep -c virtnet_vif)"
	echo "files: $(ls -A "$ROOT"/run/virtnet/vifs/ "$ROOT"/run/virtnet/dnsmasq/ 2>/dev/null | grep -c '^vif')"
	echo "dnsmasq: $(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-")"
	echo "qdisc: $(in_host tc qdisc show dev $d | grep -c htb)"
}
clean="addr: 
routes: 
proxy_arp: 0 forwarding: 0
nft: 0
files: 0
dnsmasq: 0
qdisc: 0"

veth_guest d3 vif3.0 00:16:3e:00:03:00
xs_set backend/vif/3/0/mac 00:16:3e:00:03:00
xs_set backend/vif/3/0/rate 62500,50000    # libxl's form of rate=10Mb/s
is "before online: a fresh vif, nothing of ours" "$(leftovers)" "$clean"

run vif online type_if=vif
expect "online type_if=vif succeeds silently" 0 "" ""
is "hotplug-status=connected is written to xenstore" "$(xs_get backend/vif/3/0/hotplug-status)" connected
is "the vif has the gateway 10.0.3.128/32 (domid 3, devid 0)" "$(in_host ip -4 -o addr show dev vif3.0 | awk '{print $4}')" "10.0.3.128/32"
is "a host route to the guest from the gateway" "$(in_host ip route show dev vif3.0)" "10.0.3.1 proto static scope link src 10.0.3.128 metric 2 "
is "proxy ARP on the vif, forwarding on" "$(in_host cat /proc/sys/net/ipv4/conf/vif3.0/proxy_arp)$(in_host cat /proc/sys/net/ipv4/ip_forward)" "11"
check "rate from xenstore: an htb qdisc limits what the guest receives" sh -c "ip netns exec $NS_HOST tc qdisc show dev vif3.0 | grep -q 'htb 1: root'"
check "and an nft policer what it sends (10Mb/s = 1250000 bytes/s)" \
	sh -c "ip netns exec $NS_HOST nft list chain inet virtnet_vif vif3_2e0_out | grep -q 'limit rate over 1250000 bytes/second'"
check "the journal says it is online (phase done)" grep -q "^<phase value='done'" "$ROOT/run/virtnet/vifs/vif3.0.xml"

ip=$(dhcp d3)
is "the domU gets its reservation by DHCP" "$ip" 10.0.3.1
is "with the gateway as router" "$(lease_field d3 router)" 10.0.3.128
is "and the /16 of vif-nat" "$(guest d3 ip -4 -o addr show dev eth0 | awk '{print $4}')" 10.0.3.1/16
is "and no DNS server (dnsmasq runs with port=0)" "$(lease_field d3 dns)" ""
check "the domU reaches the gateway" guest d3 busybox ping -c 2 -W 2 10.0.3.128

# masquerade: the internet sees the host's address, never the guest's
echo hello | guest d3 timeout 5 busybox nc -w 2 198.51.100.1 8080 >"$T_TMP/echo.out" 2>&1
is "the domU reaches a server on the internet" "$(cat "$T_TMP/echo.out")" hello
check "the server's counter saw the host's address 192.0.2.1 (masqueraded)" [ "$(probe 'ip saddr 192.0.2.1 tcp dport 8080')" -gt 0 ]
is "and never a 10.x source address" "$(probe 'ip saddr 10.0.0.0/8')" 0
check "through our masquerade rule" [ "$(vifc vif3_2e0_nat masquerade)" -gt 0 ]

# anti-spoofing: another source address does not leave the host
before=$(vifc vif3_2e0_out '^\s*counter packets [0-9]+ bytes [0-9]+ drop')
guest d3 ip addr add 10.0.9.9/16 dev eth0
guest d3 busybox ping -c 2 -W 1 -I 10.0.9.9 198.51.100.1 >/dev/null 2>&1
after=$(vifc vif3_2e0_out '^\s*counter packets [0-9]+ bytes [0-9]+ drop')
check "a spoofed source is dropped by the vif's rule (counter $before -> $after)" [ "$after" -gt "$before" ]
is "and never reaches the internet" "$(probe 'ip saddr 10.0.0.0/8')" 0
guest d3 ip addr del 10.0.9.9/16 dev eth0

# nothing from outside opens a connection to the guest (even with a route back)
in_inet ip route add 10.0.0.0/16 via 192.0.2.1
before=$(vifc vif3_2e0_in reject)
in_inet timeout 5 busybox nc -w 2 10.0.3.1 22 </dev/null >/dev/null 2>&1
after=$(vifc vif3_2e0_in reject)
check "a connection from outside is rejected by the vif's rule (counter $before -> $after)" [ "$after" -gt "$before" ]

state=$(cat "$ROOT/run/virtnet/vifs/vif3.0.xml")
run vif online type_if=vif
expect "online again: nothing to do, still connected" 0 "" ""
is "(the journal is unchanged)" "$(cat "$ROOT/run/virtnet/vifs/vif3.0.xml")" "$state"
pid=$(cat "$ROOT/run/virtnet/dnsmasq/vif-vif3.0.pid")
kill "$pid"
not_dnsmasq() { ! grep -q dnsmasq "/proc/$1/cmdline"; }   # PID: gone (or another program now)
wait_until 5 not_dnsmasq "$pid"
run vif online type_if=vif
is "online again after its dnsmasq stopped: set up again, and said so" "$RC $(sed -E 's/pid [0-9]+/pid N/' <<<"$ERR")" \
	"0 vif-virtnet: warning: set vif3.0 up again: the earlier online (pid N) had not finished or its dnsmasq had stopped"
is "one dnsmasq serves vif3.0 again" "$(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-vif3.0")" 1
is "the domU gets its lease again" "$(dhcp d3)" 10.0.3.1
run vif online type_if=tap
expect "online type_if=tap is not for us (Xen's rule): exit 0" 0 "" ""

xs_set backend/vif/3/0/hotplug-status ""
run vif offline type_if=vif
expect "offline succeeds silently" 0 "" ""
is "offline leaves nothing behind (the vif itself stays)" "$(leftovers)" "$clean"
is "no nft table of ours at all" "$(in_host nft list ruleset | grep -c 'table inet virtnet')" 0
check "the vif is still there (netback deletes it)" in_host ip link show vif3.0
run vif offline type_if=vif
expect "offline again: nothing recorded, nothing to do" 0 "" ""

# a failure at each step of the vif's journal: undone (the host exactly as before), reported
# to xenstore, exit 1
nat_fault_check() {   # STEP: what xenstore was told
	is "failure at '$1': hotplug-status=error" "$(xs_get backend/vif/3/0/hotplug-status)" error
	is "failure at '$1': hotplug-error says why" "$(xs_get backend/vif/3/0/hotplug-error)" \
		"injected failure at step '$1'"
	rm -f "$XS/backend/vif/3/0/hotplug-status" "$XS/backend/vif/3/0/hotplug-error"
}
routed=" link-up sysctl forwarding address route tc firewall dnsmasq"
VIF_FAULT_CHECK=nat_fault_check vif_faults "nat" "online type_if=vif" "offline type_if=vif"
is "nat: the steps on its way (rate= adds tc)" "$REACHED" "$routed"
is "and after them nothing is left" "$(leftovers)" "$clean"

# kill -9 at each instant of online (after a step is journaled, after its change) and of
# offline (before each undo): the next run undoes or finishes exactly
vif_kills "nat" "online type_if=vif" "offline type_if=vif" "$ROOT/run/virtnet/vifs/vif3.0.xml"
is "after them nothing is left" "$(leftovers)" "$clean"

# the HVM guest's tap twin (add/remove type_if=tap): the same address and route with metric 1;
# a failure at any of its steps is undone
in_host ip link add vif3.0-emu type veth peer name vif3emu-peer   # the tap twin's stand-in
in_host ip link set vif3emu-peer up
run vif add type_if=tap
expect "add type_if=tap (the tap twin)" 0 "" ""
is "the tap twin has the gateway and a route with metric 1" \
	"$(in_host ip -4 -o addr show dev vif3.0-emu | awk '{print $4}') $(in_host ip route show dev vif3.0-emu)" \
	"10.0.3.128/32 10.0.3.1 proto static scope link src 10.0.3.128 metric 1 "
is "its own dnsmasq serves it" "$(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-vif3.0-emu.conf")" 1
run vif remove type_if=tap
expect "remove type_if=tap" 0 "" ""
is "remove leaves nothing behind" "$(leftovers vif3.0-emu)" "$clean"
VIF_DEVS="vif3.0 vif3.0-emu" VIF_FAULT_CHECK=nat_fault_check \
	vif_faults "tap twin" "add type_if=tap" "remove type_if=tap"
is "tap twin: the steps on its way" "$REACHED" "$routed"

# xenstore failures: a key that is there but cannot be read, a backend folder that cannot be
# listed, a write that fails
touch "$XS/backend/vif/3/0/rate.broken"
run vif online type_if=vif
expect "a key that exists but cannot be read is an error" 1 "" \
	"vif-virtnet: xenstore-read backend/vif/3/0/rate: exited with status 1, though the key exists: the vif's rate= would be lost; check that xenstored runs and that this script runs in the vif's backend domain (dom0 or a driver domain)"
is "reported to xenstore" "$(xs_get backend/vif/3/0/hotplug-status)" error
rm -f "$XS/backend/vif/3/0/rate.broken"
DOMID=9 run vif online type_if=vif
expect "a backend folder that cannot be listed is an error" 1 "" \
	"vif-virtnet: xenstore-list backend/vif/9/0: exited with status 1: cannot tell which of the vif's settings (bridge, ip, mac, rate) it holds; check that xenstored runs and that this script runs in the vif's backend domain (dom0 or a driver domain)"
is "xenstore failures change nothing" "$(leftovers)" "$clean"
touch "$XS/.write-broken"
run vif online type_if=vif
expect "a failed xenstore-write says how it failed and what to check" 1 "" \
	"vif-virtnet: xenstore-write backend/vif/3/0/hotplug-status: exited with status 3, so the toolstack does not learn the vif's hotplug status; check that xenstored runs and that this script runs in the vif's backend domain (dom0 or a driver domain)"
rm -f "$XS/.write-broken"
run vif offline type_if=vif
is "offline after it leaves nothing behind" "$(leftovers)" "$clean"

# another vif's journal that cannot be read (cut short): the shared table and forwarding
# stay, said so
run vif online type_if=vif
expect "online" 0 "" ""
printf "<journal object='vif' phase='done' pid='1' start='1'/>\n<vif device='vif7.0'" >"$ROOT/run/virtnet/vifs/vif7.0.xml"
run vif offline type_if=vif
bad="$ROOT/run/virtnet/vifs/vif7.0.xml"
why="journal $bad: record 2 (<vif>): there is no <vif> payload"
is "offline succeeds" "$RC" 0
check "and says the table stays, naming the file" grep -qF \
	"vif-virtnet: warning: table inet virtnet_vif is kept, as another vif may still have rules in it: $why" "$T_TMP/err"
check "and that forwarding stays" grep -qF \
	"vif-virtnet: warning: sysctl net/ipv4/ip_forward is left as it is, as another vif may need it: $why" "$T_TMP/err"
is "the table is still there" "$(in_host nft list tables | grep -c 'inet virtnet_vif')" 1
is "without vif3.0's slice" "$(in_host nft list ruleset | grep -c 'vif3')" 0
is "and forwarding is still on" "$(in_host cat /proc/sys/net/ipv4/ip_forward)" 1
rm -f "$bad"
in_host nft delete table inet virtnet_vif   # what the warning tells the user to do
in_host sysctl -qw net.ipv4.ip_forward=0
is "after removing the file, the table and forwarding by hand: nothing left" "$(leftovers)" "$clean"

# a journal whose dnsmasq step names a file (which it never does: its files are named after
# the device): the whole journal is refused (it is read like input), nothing of that name is
# touched and nothing it lists is undone: the host is exactly as it was
run vif online type_if=vif
expect "online" 0 "" ""
rec=$ROOT/run/virtnet/vifs/vif3.0.xml
conf=$ROOT/run/virtnet/dnsmasq/vif-vif3.0.conf
printf 'decoy\n' >"$T_TMP/decoy.conf"
printf '1\n' >"$T_TMP/decoy.pid"
sed -i "s|state='done' kind='dnsmasq'|& name='$T_TMP/decoy.conf'|" "$rec"
n=$(grep -n "state='done' kind='dnsmasq'" "$rec" | cut -d: -f1)
tampered=$(vif_host_state)
run vif offline type_if=vif
expect "offline refuses a journal whose dnsmasq step names a file, naming the file, record and field" 1 "" \
	"vif-virtnet: journal $rec: record $n: name '$T_TMP/decoy.conf' is not a field of this step; nothing recorded there was undone: correct the file, or undo by hand what it lists and remove it"
is "the files it named are untouched" "$(cat "$T_TMP/decoy.conf" "$T_TMP/decoy.pid")" "decoy
1"
is "nothing it lists is undone: the host (addresses, routes, ruleset, files) is as it was" \
	"$(vif_host_state)" "$tampered"
is "hotplug-status=error" "$(xs_get backend/vif/3/0/hotplug-status)" error
run vif online type_if=vif
expect "online refuses it too" 1 "" "$(cat "$T_TMP/err")"
is "and acts on nothing either" "$(vif_host_state)" "$tampered"
sed -i "s| name='$T_TMP/decoy.conf'||" "$rec"
run vif offline type_if=vif
expect "corrected, offline stops that dnsmasq" 0 "" ""
is "and nothing is left" "$(leftovers)" "$clean"

# a journal whose sysctl step climbs out of /proc/sys (audit finding 9): refused, the file it
# points at keeps its content
printf 'keep\n' >"$T_TMP/victim"
mkdir -p "$ROOT/run/virtnet/vifs"
cat >"$rec" <<EOF
<journal object='vif' phase='done' pid='1' start='1'/>
<vif device='vif3.0' ifindex='1' mode='nat' type='vif'/>
<step n='0' state='done' kind='sysctl' name='net/../../..$T_TMP/victim' value='pwned'/>
EOF
run vif offline type_if=vif
is "offline refuses a sysctl step with '..'" "$RC" 1
check "naming the file, record and field" grep -qF "vif-virtnet: journal $rec: record 3 (a 'sysctl' step): name 'net/../../..$T_TMP/" "$T_TMP/err"
is "the file it points at is untouched" "$(cat "$T_TMP/victim")" keep
run vif online type_if=vif
is "online refuses it too (nothing of it is acted on)" "$RC $(cat "$T_TMP/victim")" "1 keep"

# an older vif-virtnet's record: refused as not a vif journal, nothing of it acted on
cat >"$rec" <<EOF
<vifstatus device='vif3.0' ifindex='1' mode='nat' type='vif' state='online' pid='1'>
  <step kind='sysctl' name='net/ipv4/ip_forward' value='1'/>
</vifstatus>
EOF
run vif offline type_if=vif
expect "an older record is refused, with what to do" 1 "" \
	"vif-virtnet: journal $rec: record 1: not a journal of this kind of object; it is not acted on (remove it once the host is put right by hand); nothing recorded there was undone: correct the file, or undo by hand what it lists and remove it"
is "and forwarding, which it names, is left as it is" \
	"$(in_host cat /proc/sys/net/ipv4/ip_forward)" 0

# a journal whose owner is alive (here: this test's shell) is not taken over, by offline or
# online: under the lock none can be, so a run never acts under a live process's feet
stat=$(cat /proc/$$/stat)
set -- ${stat##*) }
cat >"$rec" <<EOF
<journal object='vif' phase='doing' pid='$$' start='${20}'/>
<vif device='vif3.0' ifindex='1' mode='nat' type='vif'/>
<step n='0' state='intended' kind='sysctl' name='net/ipv4/ip_forward' value='1'/>
EOF
run vif offline type_if=vif
expect "offline leaves the journal of a live process alone" 1 "" \
	"vif-virtnet: $rec: vif-virtnet (pid $$) is still setting up vif3.0; nothing was changed"
run vif online type_if=vif
expect "and so does online" 1 "" "$ERR"
is "the journal is kept and nothing of it is undone" \
	"$(grep -c "kind='sysctl'" "$rec") $(in_host cat /proc/sys/net/ipv4/ip_forward)" "1 0"
rm -f "$rec"
is "without it nothing is left" "$(leftovers)" "$clean"

# killed half-way (after dnsmasq started, before it is journaled as done), then offline (not
# online, as above): offline undoes it from the journal alone
vif_killed vif-dnsmasq-made "$ROOT/run/virtnet/vifs/vif3.0.xml" online type_if=vif
check "killed half-way: the journal says doing" grep -q "^<journal object='vif' phase='doing'" "$ROOT/run/virtnet/vifs/vif3.0.xml"
is "killed half-way: its dnsmasq runs on" "$(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-vif3.0")" 1
run vif offline type_if=vif
expect "offline after the crash succeeds" 0 "" ""
is "offline after the crash leaves nothing behind" "$(leftovers)" "$clean"

# a vif that vanished without offline (Xen destroyed the domain) is cleaned up by the next run
veth_guest d4 vif4.0 00:16:3e:00:04:00
mkdir -p "$XS/backend/vif/4/0"   # the toolstack's backend folder
DOMID=4 VIF=vif4.0 run vif online type_if=vif
expect "vif4.0 online" 0 "" ""
in_host ip link del vif4.0
run vif online type_if=vif
expect "the next run notes what it cleaned up" 0 "" \
	"vif-virtnet: warning: vif4.0 was gone without an offline; what vif-virtnet had set up for it is undone"
is "vif4.0's dnsmasq is gone" "$(pgrep -fc "$ROOT/run/virtnet/dnsmasq/vif-vif4.0")" 0
is "vif4.0's slice of the table is gone" "$(in_host nft list map inet virtnet_vif vif_out | grep -c vif4.0)" 0
run vif offline type_if=vif
is "and after vif3.0's offline nothing is left" "$(leftovers)" "$clean"

# the audit's reproducer (finding 4): netdev, bridge and the device are interface names from
# any source (environment, argument, xenstore), else the run is refused before any change; a
# sentinel table of the host's and the list of tables stay as they were
in_host nft -f - <<'EOF'
table inet sentinel {
	chain input {
		type filter hook input priority filter; policy accept;
		tcp dport 9 counter drop
	}
}
EOF
sentinel=$(in_host nft list table inet sentinel)
tables=$(in_host nft list tables)
inj='x";add table ip pwnedvif;#'
rule="is not an interface name: use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"
# nat ARGS...: like vif, with netdev left to the caller
nat() {
	in_host env -i PATH="$T_TMP/bin:/usr/sbin:/usr/bin:/sbin:/bin" VIRTNET_ROOT="$ROOT" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
		UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" vif=vif3.0 XENBUS_PATH="${XB:-backend/vif/3/0}" "$@"
}
rm -f "$XS/backend/vif/3/0/hotplug-status" "$XS/backend/vif/3/0/hotplug-error"
run nat "netdev=$inj" "$T_TMP/bin/vif-virtnet-nat" online type_if=vif
expect "netdev='x\";add table ip pwnedvif;#' in the environment is refused" 1 "" "vif-virtnet: netdev (environment) '$inj' $rule"
is "and reported to xenstore" "$(xs_get backend/vif/3/0/hotplug-status)" error
run nat "$T_TMP/bin/vif-virtnet-nat" online type_if=vif "netdev=$inj"
expect "the same as an argument is refused" 1 "" "vif-virtnet: netdev (argument) '$inj' $rule"
run nat "netdev=$inj" "$T_TMP/bin/vif-virtnet-nat" offline type_if=vif
is "offline with it is refused too" "$RC" 1
xs_set backend/vif/3/0/bridge "$inj"
run nat "$T_TMP/bin/vif-virtnet-nat" online type_if=vif
expect "the same in xenstore (bridge) is refused, naming the key" 1 "" \
	"vif-virtnet: bridge (xenstore backend/vif/3/0/bridge) '$inj' $rule"
rm -f "$XS/backend/vif/3/0/bridge"
run nat "vif=vif3.0;x" "$T_TMP/bin/vif-virtnet-nat" online type_if=vif
expect "a vif name that is not an interface name is refused" 1 "" "vif-virtnet: vif (environment) 'vif3.0;x' $rule"
XB=/local/domain/3/data/backend/vif/3/0 run nat "$T_TMP/bin/vif-virtnet-nat" online type_if=vif
expect "a XENBUS_PATH below a guest's own area is refused" 1 "" \
	"vif-virtnet: XENBUS_PATH '/local/domain/3/data/backend/vif/3/0' is not a vif backend path: use backend/vif/<domid>/<devid> or /local/domain/<backend domid>/backend/vif/<domid>/<devid>"
is "and nothing is written below it" "$(find "$XS/local" -type f 2>/dev/null | wc -l)" 0
is "nft list tables: no foreign table, the same tables as before" "$(in_host nft list tables)" "$tables"
is "no table pwnedvif anywhere" "$(in_host nft list ruleset | grep -c pwnedvif)" 0
is "the sentinel table is unchanged" "$(in_host nft list table inet sentinel)" "$sentinel"
is "and nothing of ours was set up" "$(leftovers)" "$clean"
mkdir -p "$XS/local/domain/0/backend/vif/3/0"   # libxl's form of the backend folder
XB=/local/domain/0/backend/vif/3/0 run nat netdev=eth0 "$T_TMP/bin/vif-virtnet-nat" online type_if=vif
expect "libxl's XENBUS_PATH and a netdev that is a name: online" 0 "" ""
check "masquerade only out of eth0" sh -c "ip netns exec $NS_HOST nft list chain inet virtnet_vif vif3_2e0_nat | grep -q 'oifname != \"eth0\" return'"
is "hotplug-status below libxl's path" "$(xs_get local/domain/0/backend/vif/3/0/hotplug-status)" connected
XB=/local/domain/0/backend/vif/3/0 run nat netdev=eth0 "$T_TMP/bin/vif-virtnet-nat" offline type_if=vif
expect "offline" 0 "" ""
is "the sentinel table is still unchanged" "$(in_host nft list table inet sentinel)" "$sentinel"
is "nothing of ours is left" "$(leftovers)" "$clean"

# a xenstore that does not answer: given up after 5 s, well inside Xen's 40 s
mkdir -p "$T_TMP/hang"
ln -s "$BIN" "$T_TMP/hang/vif-virtnet-nat"
printf '#!/bin/sh\nexec sleep 29.25\n' >"$T_TMP/hang/xenstore-read"
chmod +x "$T_TMP/hang/xenstore-read"
t0=$SECONDS
run in_host env -i PATH="$T_TMP/hang:/usr/bin:/bin" VIRTNET_ROOT="$ROOT" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	vif=vif3.0 XENBUS_PATH=backend/vif/3/0 "$T_TMP/hang/vif-virtnet-nat" online type_if=vif
expect "a hanging xenstore-read is given up" 1 "" "vif-virtnet: xenstore-read backend/vif/3/0/bridge: no answer within 5 s"
check "within 10 s ($((SECONDS - t0)) s)" [ $((SECONDS - t0)) -le 10 ]
is "and its xenstore-read (sleep 29.25) was killed" "$(pgrep -fc "^sleep 29.25$")" 0
is "nothing was changed" "$(leftovers)" "$clean"
done_testing
