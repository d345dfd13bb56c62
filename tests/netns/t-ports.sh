#!/bin/bash
# Guest ports: veth and tap ports, names (vnetN, Xen vif<domid>.<devid>), MACs, reservations
# without a dnsmasq restart, life across a network restart, reconcile of vanished devices.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

# mkguest NAME: an empty namespace for a port's guest end
dnsmasq_pid() { cat "$ROOT"/run/virtnet/dnsmasq/*.pid 2>/dev/null; }
dev_of() { vn port-list pn --json | python3 -c "import json,sys; print([p['device'] for p in json.load(sys.stdin) if p['mac']=='$1'][0])"; }

net_xml pn nat vnpn0 10.88.0 10-50 "<mtu size='1400'/>" >"$T_TMP/pn.xml"
run vn define "$T_TMP/pn.xml"
run vn start pn
expect "start the network" 0 "Network pn started" ""

# --- a veth port whose guest end goes into a namespace
mkguest g1
run vn port-create pn --type veth --netns "$(gns g1)"
check "veth port created as vnet0" grep -q "created (device vnet0)" <<<"$OUT"
mac1=$(guest g1 cat /sys/class/net/eth0/address)
check "the guest end is eth0 in the namespace with a KVM MAC ($mac1)" grep -qE '^52:54:00:' <<<"$mac1"
is "the host end is on the bridge" "$(in_host basename "$(in_host readlink /sys/class/net/vnet0/master)")" vnpn0
hmac=$(in_host cat /sys/class/net/vnet0/address)
is "the host end's MAC starts with fe and follows the guest's" "$hmac" "fe:${mac1#52:}"
is "the port takes the network's MTU" "$(in_host cat /sys/class/net/vnet0/mtu)" 1400
is "the guest end too" "$(guest g1 cat /sys/class/net/eth0/mtu)" 1400
is "the guest end is handed over up, as CNI's bridge plugin does" "$(( $(guest g1 cat /sys/class/net/eth0/flags) & 1 ))" 1
ip1=$(dhcp g1)
check "the guest gets a lease ($ip1)" grep -qE '^10\.88\.0\.' <<<"$ip1"

# --- a reservation: takes effect without restarting dnsmasq or touching other guests' rules
pid_before=$(dnsmasq_pid)
guest g1 busybox ping -c 2 -W 2 10.88.0.1 >/dev/null
# the rules with their handles (counters move with the other guest's DHCP traffic)
ruleset() { { in_host nft -a list table inet virtnet
	for c in prerouting output learn vnpn0_from vnpn0_to; do in_host nft -a list chain bridge virtnet $c; done; } |
	sed 's/packets [0-9]* bytes [0-9]*//'; }
rules_before=$(ruleset)
mkguest g2
run vn port-create pn --type veth --netns "$(gns g2)" --mac 52:54:00:aa:bb:02 --ip 10.88.0.77
expect "veth port with a reservation" 0 "$(sed -n 1p <<<"$OUT")" ""
check "reservation is in dnsmasq's hosts file" grep -q '^52:54:00:aa:bb:02,10.88.0.77$' "$ROOT"/run/virtnet/dnsmasq/*.hostsfile
is "the guest gets exactly the reserved address" "$(dhcp g2)" 10.88.0.77
is "dnsmasq was not restarted" "$(dnsmasq_pid)" "$pid_before"
is "the network's table and guest 1's chains were not touched (same rules and handles)" "$(ruleset)" "$rules_before"
check "guest 1 still reaches its gateway" guest g1 busybox ping -c 1 -W 2 10.88.0.1

# --- MACs: collisions are refused with the owner named
run vn port-create pn --mac 52:54:00:aa:bb:02
expect "a MAC in use is refused" 1 "" "error: MAC address 52:54:00:aa:bb:02 is already used by port vnet1 of network 'pn'; choose another or leave --mac out"
run vn port-create pn --ip 10.88.0.77
expect "a reserved address is refused" 1 "" "error: --ip 10.88.0.77 is already reserved by port vnet1 of network 'pn'"
run vn port-create pn --ip 10.99.0.5
expect "an address outside the DHCP subnet is refused" 1 "" "error: --ip 10.99.0.5 is not in a subnet of network 'pn' that has DHCP (<dhcp><range>)"
run vn port-create pn --ip 10.88.0.1
expect "the gateway's address is refused" 1 "" "error: --ip 10.88.0.1 is the address of network 'pn' itself"
run vn port-create pn --devid 2
expect "--devid alone is refused" 1 "" "error: --devid and --hvm name a Xen device: give --domid too"
run vn port-create pn --name waytoolongname123
expect "a long name is refused" 1 "" "error: --name 'waytoolongname123' is not an interface name: use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"
run vn port-create nosuch
expect "an unknown network is refused" 1 "" "error: failed to get network 'nosuch'
error: Network not found: no network with matching name or uuid 'nosuch' (list them with: virtnet list --all)"
is "failed creates left no device" "$(in_host ls /sys/class/net | grep -c '^vnet')" 2

# --- taps: persistent, owned, Xen names and MACs
run vn port-create pn --owner nobody --group nogroup
tap=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
is "a tap port gets the first free vnetN" "$tap" vnet2
is "the tap is owned by nobody" "$(in_host cat /sys/class/net/vnet2/owner)" 65534
is "and by group nogroup" "$(in_host cat /sys/class/net/vnet2/group)" "$(getent group nogroup | cut -d: -f3)"
check "the tap is a persistent tap with a vnet header" sh -c "[ \$(( \$(ip netns exec $NS_HOST cat /sys/class/net/vnet2/tun_flags) & 0x4802 )) = $((0x4802)) ]"
run vn port-create pn --domid 5 --devid 1
check "Xen naming vif5.1" grep -q "(device vif5.1)" <<<"$OUT"
xmac=$(vn port-list pn --json | python3 -c "import json,sys; print([p['mac'] for p in json.load(sys.stdin) if p['device']=='vif5.1'][0])")
check "a Xen port gets 00:16:3e:[00-7f] ($xmac)" grep -qE '^00:16:3e:[0-7][0-9a-f]:' <<<"$xmac"
is "a Xen port's host side is fe:ff:ff:ff:ff:ff" "$(in_host cat /sys/class/net/vif5.1/address)" fe:ff:ff:ff:ff:ff
run vn port-create pn --domid 5 --devid 0 --hvm
check "an HVM tap gets the -emu suffix" grep -q "(device vif5.0-emu)" <<<"$OUT"
run vn port-create pn --domid 5 --devid 1
expect "the same vif twice is refused" 1 "" "error: Failed to create network port on network pn
error: interface vif5.1 already exists (domain 5, device 1); delete that port first"
bad=0
for i in $(seq 40); do
	m=$(vn macgen --oui xen); grep -qE '^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$' <<<"$m" || bad=1
	m=$(vn macgen --oui kvm); grep -qE '^52:54:00(:[0-9a-f]{2}){3}$' <<<"$m" || bad=1
	m=$(vn macgen --oui local); [ $(( 0x${m:0:2} & 3 )) = 2 ] || bad=1
done
is "macgen follows Xen's, KVM's and the local-admin rules (120 MACs)" "$bad" 0

# --- a <networkport> document: its UUID, MAC and isolation are kept
cat >"$T_TMP/port.xml" <<'XML'
<networkport>
  <uuid>8d6a1c3e-0f6b-4b9e-9a51-3f2d7c0e4a11</uuid>
  <mac address='52:54:00:11:22:33'/>
  <port isolated='yes'/>
</networkport>
XML
run vn port-create pn "$T_TMP/port.xml" --name vnfile0
expect "port-create from a networkport file" 0 "Network port 8d6a1c3e-0f6b-4b9e-9a51-3f2d7c0e4a11 created from $T_TMP/port.xml (device vnfile0)" ""
is "its isolation is applied" "$(in_host cat /sys/class/net/vnfile0/brport/isolated)" 1
check "its MAC is protected" in_host sh -c "nft list set bridge virtnet port_mac | grep -qF '\"vnfile0\" . 0x525400112233'"
run vn port-create pn "$T_TMP/port.xml" --name vnfile1
expect "the same UUID twice is refused" 1 "" "error: a port with UUID 8d6a1c3e-0f6b-4b9e-9a51-3f2d7c0e4a11 already exists (device vnfile0 of network 'pn') (leave <uuid> out of FILE for a new port)"
run vn port-delete pn 8d6a1c3e-0f6b-4b9e-9a51-3f2d7c0e4a11
expect "delete it by UUID" 0 "Network port 8d6a1c3e-0f6b-4b9e-9a51-3f2d7c0e4a11 deleted (device vnfile0)" ""

# --- port-list and port-dumpxml
run vn port-list pn
check "port-list has the header" grep -q '^ UUID  *Device  *Type  *MAC address  *IP address  *State$' <<<"$OUT"
is "port-list shows all five ports attached" "$(grep -c ' attached$' <<<"$OUT")" 5
# guest 1 holds a lease and no reservation: its leased address, marked, as virsh domifaddr
# shows it (ADDRESS/PREFIX); guest 2 its reservation, as before
check "port-list shows guest 1's leased address, marked leased" \
	grep -qE "^ [0-9a-f-]{36} +vnet0 +veth +$mac1 +$ip1/24 \(leased\) +attached$" <<<"$OUT"
check "and guest 2's reserved one" grep -qE "^ [0-9a-f-]{36} +vnet1 +veth +52:54:00:aa:bb:02 +10\.88\.0\.77 +attached$" <<<"$OUT"
leases_of() { vn port-list pn --json | python3 -c "import json,sys
p=[p for p in json.load(sys.stdin) if p['device']=='$1'][0]
print(p['ip'], [(l['protocol'], l['ip'], l['prefix'], l['expiry'] > 0) for l in p['leases']])"; }
is "--json: ip stays the reservation (none for guest 1), leases holds its lease" "$(leases_of vnet0)" \
	"None [('ipv4', '$ip1', 24, True)]"
is "--json: guest 2's reservation and its lease of that address" "$(leases_of vnet1)" \
	"10.88.0.77 [('ipv4', '10.88.0.77', 24, True)]"
u1=$(vn port-list pn --json | python3 -c "import json,sys; print([p['uuid'] for p in json.load(sys.stdin) if p['device']=='vnet1'][0])")
run vn port-dumpxml pn vnet1
is "port-dumpxml prints libvirt's networkport" "$OUT" "<networkport>
  <uuid>$u1</uuid>
  <mac address='52:54:00:aa:bb:02'/>
  <plug type='network' bridge='vnpn0'/>
</networkport>"
run vn port-dumpxml pn "$u1"
check "a port is found by UUID too" grep -q "<uuid>$u1</uuid>" <<<"$OUT"

# --- destroy detaches, start re-attaches
run vn destroy pn
check "after destroy the ports still exist" in_host ip link show vnet0
is "and are detached" "$(vn port-list pn --json | python3 -c "import json,sys; print(sorted({p['state'] for p in json.load(sys.stdin)}))")" "['detached']"
check "no bridge table is left" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet"
run vn start pn
is "after start they are attached again" "$(vn port-list pn --json | python3 -c "import json,sys; print(sorted({p['state'] for p in json.load(sys.stdin)}))")" "['attached']"
check "and protected again" in_host sh -c "nft list map bridge virtnet port_in | grep -qF '\"vnet1\" : jump vnpn0_from'"
is "guest 2 renews its reserved address" "$(dhcp g2)" 10.88.0.77

# --- a port created on a stopped network waits for its start
run vn destroy pn
mkguest g3
run vn port-create pn --type veth --netns "$(gns g3)"
check "port created on a stopped network" grep -q "created (device vnet3)" <<<"$OUT"
check "and not plugged in" sh -c "! ip netns exec $NS_HOST test -e /sys/class/net/vnet3/master"
run vn start pn
is "start plugs it in" "$(in_host basename "$(in_host readlink /sys/class/net/vnet3/master)")" vnpn0

# --- reconcile: a device that vanished (its QEMU exited) takes its port along
in_host ip link del vnet2
run vn reconcile pn
check "reconcile reports the vanished port" grep -q "Port vnet2 of network pn: device gone (its guest exited); port removed" <<<"$OUT"
check "and it is no longer listed" sh -c "! $VIRTNET --root $ROOT port-list pn | grep -q vnet2"
in_host ip link set vnet3 nomaster
run vn reconcile pn
check "reconcile plugs an unplugged device back in" grep -q "Port vnet3 of network pn: was not on bridge vnpn0; plugged in again" <<<"$OUT"

# --- delete: the reservation goes, dnsmasq keeps running
pid_before=$(dnsmasq_pid)
run vn port-delete pn vnet1
expect "delete the reserved port" 0 "Network port $u1 deleted (device vnet1)" ""
check "its reservation is gone" sh -c "! grep -q 52:54:00:aa:bb:02 $ROOT/run/virtnet/dnsmasq/*.hostsfile"
check "its protection is gone" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet | grep -qF '\"vnet1\"'"
is "dnsmasq was not restarted" "$(dnsmasq_pid)" "$pid_before"
check "its device is gone, the guest end with it" sh -c "! ip netns exec $(gns g2) ip link show eth0"
run vn port-delete pn vnet1
expect "deleting it again says so" 1 "" "error: network port not found: no port 'vnet1' on network 'pn' (list them with: virtnet port-list pn)"
# --count: several ports from one process, each with its own name and MAC
before=$(vn port-list pn --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
run vn port-create pn --count 3
is "--count 3 makes three ports" "$(grep -c ' created (device vnet' <<<"$OUT")" 3
is "with three different MACs" "$(vn port-list pn --json | python3 -c "import json,sys
l = json.load(sys.stdin); print(len(l) - $before, len({p['mac'] for p in l}) - $before)")" "3 3"
run vn port-create pn --count 2 --mac 52:54:00:aa:bb:99
expect "--count with --mac is refused" 1 "" "error: --count makes ports that differ only in their generated names and MACs: not with FILE, --name, --mac, --ip, --domid, --netns or --peer-name"
run vn port-delete pn --all
check "port-delete --all" grep -q "deleted (device vif5.0-emu)" <<<"$OUT"
is "no port device is left" "$(in_host ls /sys/class/net | grep -cE '^(vnet|vif)')" 0
is "no port record is left" "$(ls "$ROOT"/run/virtnet/ports/*.xml 2>/dev/null | wc -l)" 0
check "no bridge table is left" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet"
run vn destroy pn
check "nothing left" nothing_left vnpn0
done_testing
