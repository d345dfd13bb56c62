#!/bin/bash
# vif-virtnet in bridge mode (run under its own name, settings in the environment):
# - bridge= names a running virtnet network's bridge: the vif becomes an external port of
#   that network (port-list shows it with its reservation; host MAC fe:ff:ff:ff:ff:ff and the
#   bridge's MTU), the domU gets the reserved address by DHCP, and a forged source address
#   is dropped at its port (counted); offline unplugs and forgets it, the device stays as it
#   was found;
# - bridge= names a host bridge no network uses: enslaved like Xen's vif-bridge, anti-spoofing
#   from ip= and rate= in our bridge table (counted), tc for the downstream; offline restores
#   MAC, MTU and master;
# - in both, a failure at each step of the vif's journal and kill -9 at each instant of
#   online and offline leave the host exactly as before once the next run is done;
# - a bridge of a network that is not running, or no bridge at all: refused, nothing changed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$VIRTNET")/vif-virtnet
[ -x "$BIN" ] || { echo "Bail out! $BIN not built"; exit 1; }
VIF_DEVS=vif3.0
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

# vif ARGS...: libxl's environment for vif3.0 (no xenstore tools on PATH), the settings in VIF_ENV
vif() {
	in_host env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin VIRTNET_ROOT="$ROOT" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
		UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" vif=vif3.0 XENBUS_PATH=backend/vif/3/0 XENBUS_TYPE=vif \
		XENBUS_BASE_PATH=backend netdev= $VIF_ENV "$BIN" "$@"
}
link_of() { in_host ip -o link show vif3.0 | grep -oE "(mtu [0-9]+|master [^ ]+|state [A-Z]+)" | tr '\n' ' '; in_host cat /sys/class/net/vif3.0/address; }
port_row() {
	vn port-list "$1" --json | python3 -c "import json,sys
for p in json.load(sys.stdin):
    print(p['device'], p['type'], p['mac'], p['ip'], p['state'])"
}

veth_guest d3 vif3.0 00:16:3e:00:03:00   # the domU: its eth0 is the peer of vif3.0 (netback's pair)
before_link=$(link_of)

# --- the bridge of a running virtnet network
net_xml vb nat vnvb0 10.93.0 10-50 "<mtu size='1400'/>" >"$T_TMP/vb.xml"
vn -q define "$T_TMP/vb.xml"
vn -q start vb
VIF_ENV="bridge=vnvb0 ip=10.93.0.77 mac=00:16:3e:00:03:00" run vif online type_if=vif
expect "online on a network's bridge" 0 "" ""
is "the vif is an external port of the network, with its reservation" "$(port_row vb)" "vif3.0 external 00:16:3e:00:03:00 10.93.0.77 attached"
is "plugged into the bridge, with its MTU and the host MAC fe:ff:ff:ff:ff:ff" "$(link_of)" "mtu 1400 master vnvb0 state UP fe:ff:ff:ff:ff:ff"
ip=$(dhcp d3)
is "the domU gets its reserved address from the network's DHCP" "$ip" 10.93.0.77
is "with the network's gateway" "$(lease_field d3 router)" 10.93.0.1
check "the domU reaches the gateway" guest d3 busybox ping -c 2 -W 2 10.93.0.1
before=$(bridge_counter vnvb0 'meta protocol ip counter')
guest d3 ip addr add 10.93.0.200/24 dev eth0
guest d3 busybox ping -c 3 -W 1 -I 10.93.0.200 10.93.0.1 >/dev/null 2>&1
check "a forged source address is dropped at the port (counter $before -> $(bridge_counter vnvb0 'meta protocol ip counter'))" \
	[ "$(bridge_counter vnvb0 'meta protocol ip counter')" -ge $((before + 3)) ]
guest d3 ip addr del 10.93.0.200/24 dev eth0
run vif offline type_if=vif
expect "offline" 0 "" ""
is "the port is gone from the network" "$(port_row vb)" ""
is "the vif is off the bridge, as it was found (MAC, MTU, down)" "$(link_of)" "$before_link"
is "no port record is left" "$(ls "$ROOT"/run/virtnet/ports/*.xml 2>/dev/null | wc -l)" 0
is "no state file is left" "$(ls -A "$ROOT"/run/virtnet/vifs/ | wc -l)" 0

# --- a host bridge of the host's own
in_host ip link add hbr0 type bridge
in_host ip link set hbr0 mtu 1450
in_host ip addr add 10.94.0.1/24 dev hbr0
in_host ip link set hbr0 up
VIF_ENV="bridge=hbr0 ip=10.94.0.5 rate=1MB/s@20ms" run vif online type_if=vif
expect "online on a host bridge" 0 "" ""
is "enslaved with the bridge's MTU and the host MAC" "$(link_of)" "mtu 1450 master hbr0 state UP fe:ff:ff:ff:ff:ff"
check "rate: an htb qdisc for what the guest receives" sh -c "ip netns exec $NS_HOST tc qdisc show dev vif3.0 | grep -q 'htb 1: root'"
check "rate: a policer for what it sends (1MB/s, 20000 bytes of credit)" \
	sh -c "ip netns exec $NS_HOST nft list chain bridge virtnet_vif vif3_2e0_from | grep -q 'limit rate over 1000000 bytes/second burst 20 kbytes'"
guest d3 ip addr add 10.94.0.5/24 dev eth0
check "the domU reaches the host on the bridge" guest d3 busybox ping -c 2 -W 2 10.94.0.1
vbc() { in_host nft list chain bridge virtnet_vif vif3_2e0_from | grep -E -- "$1" | head -1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'; }
before=$(vbc 'ether type ip counter')
guest d3 ip addr add 10.94.0.66/24 dev eth0
guest d3 busybox ping -c 3 -W 1 -I 10.94.0.66 10.94.0.1 >/dev/null 2>&1
check "a forged source address is dropped (counter $before -> $(vbc 'ether type ip counter'))" [ "$(vbc 'ether type ip counter')" -ge $((before + 3)) ]
run vif offline type_if=vif
expect "offline" 0 "" ""
is "the vif is off the bridge, MAC and MTU restored, down again" "$(link_of)" "$before_link"
is "no qdisc of ours" "$(in_host tc qdisc show dev vif3.0 | grep -c htb)" 0
is "no bridge table of ours" "$(in_host nft list tables | grep -c virtnet_vif)" 0

# --- a failure at each step of the vif's journal: undone, the host exactly as before (the
# vif's MAC, MTU, state and master, no qdisc, no nft rule or set element, no port, no
# journal); a run killed at any instant of online or offline: the next run undoes or
# finishes it exactly. Between them the two bridge modes and nat/route (t-vif-nat.sh,
# t-vif-route.sh) reach every step of the list.
UP="online type_if=vif" DOWN="offline type_if=vif" JOURNAL=$ROOT/run/virtnet/vifs/vif3.0.xml
HOST_BRIDGE="bridge=hbr0 ip=10.94.0.5 rate=1MB/s"
VIF_ENV=$HOST_BRIDGE vif_faults "host bridge" "$UP" "$DOWN"
is "host bridge: the steps on its way" "$REACHED" " link-up mac mtu master tc firewall"
VIF_ENV=$HOST_BRIDGE vif_kills "host bridge" "$UP" "$DOWN" "$JOURNAL"
is "host bridge: after them the vif is as it was, with no qdisc, table or journal" \
	"$(link_of) $(in_host tc qdisc show dev vif3.0 | grep -c htb)" "$before_link 0"
is "(no table, no journal)" \
	"$(in_host nft list tables | grep -c virtnet_vif) $(ls -A "$ROOT"/run/virtnet/vifs/)" "0 "
# the vif's MTU unlike the bridge's, so that its MTU is noted too (the bridge may be back at
# 1500 by now: a bridge made with an MTU takes 1500 again when its last port leaves)
in_host ip link set vif3.0 mtu 1450
NET_PORT="bridge=vnvb0 ip=10.93.0.77 mac=00:16:3e:00:03:00"
VIF_ENV=$NET_PORT vif_faults "network port" "$UP" "$DOWN"
is "network port: the steps on its way (port_adopt makes the changes noted before it)" \
	"$REACHED" " link-up mac mtu port"
VIF_ENV=$NET_PORT vif_kills "network port" "$UP" "$DOWN" "$JOURNAL"
in_host ip link set vif3.0 mtu 1500
is "network port: after them no port and the vif as it was" \
	"$(port_row vb) $(link_of) $(ls -A "$ROOT"/run/virtnet/vifs/ | wc -l)" " $before_link 0"

# --- refused: nothing changes
net_xml vs "" vnvs0 "" "" >"$T_TMP/vs.xml"
vn -q define "$T_TMP/vs.xml"
VIF_ENV="bridge=vnvs0" run vif online type_if=vif
expect "a network that is not running" 1 "" \
	"vif-virtnet: bridge vnvs0 belongs to network 'vs', which is not running (start it with: virtnet start vs)"
VIF_ENV="bridge=nobr0" run vif online type_if=vif
expect "a bridge that does not exist" 1 "" \
	"vif-virtnet: bridge nobr0 does not exist: create it or name another with bridge= in the vif's configuration"
VIF_ENV="" run vif online type_if=vif
expect "no bridge at all" 1 "" \
	"vif-virtnet: no bridge for vif3.0: set bridge= in the vif's configuration (xl: vif = [ 'bridge=NAME,...' ])"
VIF_ENV="bridge=vnvb0 ip=10.99.0.5" run vif online type_if=vif
expect "a reservation outside the network" 1 "" \
	"vif-virtnet: ip=10.99.0.5 is not in a subnet of network 'vb': give the guest one of its addresses, or no ip="
VIF_ENV="bridge=vnvb0 mac=00:16:3e:00:03" run vif online type_if=vif
expect "a bad MAC" 1 "" "vif-virtnet: mac='00:16:3e:00:03' is not a MAC address"
is "refusals change nothing" "$(link_of) $(ls -A "$ROOT"/run/virtnet/vifs/ | wc -l)" "$before_link 0"
vn -q destroy vb
check "after destroy: no link, nft object, dnsmasq or status of ours" nothing_left vnvb0
done_testing
