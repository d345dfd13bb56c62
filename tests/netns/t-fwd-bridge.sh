#!/bin/bash
# Forward mode 'bridge': guests directly on the LAN, no NAT, no DHCP of ours.
#   hb: <bridge name='br0'/>, a host bridge the admin made over eth0; ports are plugged into it
#   dn: <interface dev='eth1'/>, no bridge at all; a veth port becomes a macvlan put straight
#       into the guest's namespace, a tap port a macvtap (a real VM through /dev/tapN when the
#       guest harness is there)
# The LAN namespace runs the DHCP server and counts, per source address, what reached it: a
# guest's own leased address arriving there proves it is on the LAN, not behind NAT.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
NS_LAN=vnt-lan-$$
on_exit "ip netns del $NS_LAN 2>/dev/null"
in_lan() { ip netns exec "$NS_LAN" "$@"; }

ip netns add "$NS_HOST" && ip netns add "$NS_LAN" || { echo "Bail out! cannot create namespaces"; exit 1; }
in_host ip link set lo up
in_lan ip link set lo up
# the LAN: a bridge with two legs into the host (eth0 for the host bridge, eth1 for macvlan)
in_lan ip link add lanbr type bridge
in_lan ip link set lanbr type bridge stp_state 0 forward_delay 0
for i in 0 1; do
	in_host ip link add eth$i type veth peer name lan$i netns "$NS_LAN"
	in_lan ip link set lan$i master lanbr
	in_lan ip link set lan$i up
	in_host ip link set eth$i up
done
in_lan ip addr add 10.77.5.1/24 dev lanbr
in_lan ip link set lanbr up
spawn "$NS_LAN" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --bind-interfaces --interface=lanbr \
	--except-interface=lo --dhcp-range=10.77.5.100,10.77.5.150,1h --dhcp-leasefile="$T_TMP/lan.leases" --no-ping \
	--pid-file="$T_TMP/lan.pid" --user=root
in_lan nft -f - <<'NFT'
table inet lan {
	set seen { type ipv4_addr; flags dynamic; }
	chain in { type filter hook input priority 0; policy accept;
		ip saddr 10.77.5.100-10.77.5.150 icmp type echo-request add @seen { ip saddr } counter
	}
}
NFT
# reached_lan ADDRESS: the LAN saw an echo request from exactly that source address
reached_lan() { in_lan nft list set inet lan seen | tr -d '\n' | grep -qE "elements = \{[^}]*\b$1\b"; }

# --- hb: a host bridge br0 over eth0, made by the admin
in_host ip link add br0 type bridge
in_host ip link set br0 type bridge stp_state 0 forward_delay 0
in_host ip link set eth0 master br0
in_host ip link set br0 up
net_xml hb bridge br0 "" "" >"$T_TMP/hb.xml"
run vn define "$T_TMP/hb.xml"
run vn start hb
expect "start a network on the host bridge br0" 0 "Network hb started" ""
is "br0 got no address from us" "$(in_host ip -o addr show dev br0 | grep -c 'inet ')" 0
check "no dnsmasq and no nft table of ours" sh -c "! ls $ROOT/run/virtnet/dnsmasq/*.pid 2>/dev/null && ! ip netns exec $NS_HOST nft list table inet virtnet 2>/dev/null"
run vn info hb
check "info shows it active on br0" grep -qE '^Bridge: +br0$' <<<"$OUT"

mkguest g1
run vn port-create hb --type veth --netns "$(gns g1)"
p1=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
is "a veth port is plugged into br0" "$(in_host basename "$(in_host readlink /sys/class/net/"$p1"/master)")" br0
is "the guest's end is up (nobody set it up)" "$(( $(guest g1 cat /sys/class/net/eth0/flags) & 1 ))" 1
ip1=$(dhcp g1)
check "the guest gets its lease from the LAN's DHCP server ($ip1)" grep -qE '^10\.77\.5\.1[0-5][0-9]$' <<<"$ip1"
check "the guest reaches the LAN" guest g1 busybox ping -c 2 -W 2 10.77.5.1
check "the LAN saw the guest's own address (no NAT)" reached_lan "$ip1"

# an external device (made by someone else) adopted as a port, and left alone at delete
in_host ip link add ext0 type veth peer name ext0p
run vn port-create hb --type external --name ext0
expect "adopt an existing device" 0 "$(sed -n 1p <<<"$OUT")" ""
is "it is plugged into br0" "$(in_host basename "$(in_host readlink /sys/class/net/ext0/master)")" br0
is "port-list shows it as external" "$(vn port-list hb --json | python3 -c "import json,sys
print(*[p['type'] + ' ' + p['state'] for p in json.load(sys.stdin) if p['device'] == 'ext0'])")" "external attached"
run vn port-create hb --type external --name "$p1"
expect "a device that is already a port cannot be adopted" 1 "" "error: Failed to create network port on network hb
error: interface $p1 is already port $p1 of network 'hb'; delete that port first"
run vn port-delete hb ext0
check "port-delete keeps an external device" in_host ip link show ext0
is "but takes it off the bridge" "$(in_host ls /sys/class/net/ext0/master 2>/dev/null)" ""
in_host ip link del ext0

run vn reconcile hb
expect "reconcile finds it in order" 0 "Network hb: ok" ""
run vn destroy hb
expect "destroy hb" 0 "Network hb destroyed" ""
check "the host bridge stays" in_host ip link show br0
is "the port is taken off br0" "$(in_host ls /sys/class/net/"$p1"/master 2>/dev/null)" ""
run vn start hb
is "start plugs it in again" "$(in_host basename "$(in_host readlink /sys/class/net/"$p1"/master)")" br0
run vn port-delete hb --all
run vn destroy hb
in_host ip link set eth0 nomaster
in_host ip link del br0
run vn start hb
expect "a missing host bridge is refused" 1 "" "error: Failed to start network hb
error: network 'hb': host bridge br0 does not exist; create it first (for example with 'virtnet hostbridge create br0 --dev NIC')"

# --- dn: guests on eth1 through macvlan/macvtap, no bridge
cat >"$T_TMP/dn.xml" <<'XML'
<network>
  <name>dn</name>
  <forward mode='bridge'>
    <interface dev='eth1'/>
  </forward>
</network>
XML
run vn define "$T_TMP/dn.xml"
run vn start dn
expect "start a network sharing eth1" 0 "Network dn started" ""
mkguest g2
run vn port-create dn --type veth --netns "$(gns g2)" --mac 52:54:00:77:05:02
check "a veth port on it is created" grep -q "created (device macvlan0)" <<<"$OUT"
is "the guest's eth0 is a macvlan in bridge mode on eth1, with the port's MAC" \
	"$(guest g2 ip -d -o link show eth0 | grep -oE 'link/ether [0-9a-f:]+|macvlan mode [a-z]+' | tr '\n' ' ')" \
	"link/ether 52:54:00:77:05:02 macvlan mode bridge "
is "nothing of it is left in the host's namespace" "$(in_host ip -o link show | grep -c macvlan)" 0
is "port-list: macvlan, attached" "$(vn port-list dn --json | python3 -c "import json,sys
print(*[p['type'] + ' ' + p['state'] for p in json.load(sys.stdin)])")" "macvlan attached"
is "the macvlan is up in the guest (nobody set it up)" "$(( $(guest g2 cat /sys/class/net/eth0/flags) & 1 ))" 1
ip2=$(dhcp g2)
check "the macvlan guest gets its lease from the LAN ($ip2)" grep -qE '^10\.77\.5\.1[0-5][0-9]$' <<<"$ip2"
check "and reaches the LAN" guest g2 busybox ping -c 2 -W 2 10.77.5.1
check "the LAN saw its own address (no NAT)" reached_lan "$ip2"
# port-stats reads a macvlan inside its namespace: the guest's own counters, not swapped
want=$(guest g2 cat /sys/class/net/eth0/statistics/tx_packets)
got=$(vn port-stats macvlan0 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['tx_packets'])")
check "port-stats of the macvlan counts what the guest sent ($got, the guest says $want)" \
	sh -c "[ $got -ge $want ] && [ $got -le $((want + 5)) ]"

run vn port-create dn --mac 52:54:00:77:05:03
check "a tap port on it is a macvtap" grep -q "created (device macvtap0)" <<<"$OUT"
idx=$(in_host cat /sys/class/net/macvtap0/ifindex)
is "a macvtap in bridge mode on eth1 with the guest's MAC" \
	"$(in_host ip -d -o link show macvtap0 | grep -oE 'link/ether [0-9a-f:]+|macvtap mode [a-z]+|@eth1' | tr '\n' ' ')" \
	"@eth1 link/ether 52:54:00:77:05:03 macvtap mode bridge "
check "QEMU can open it as /dev/tap$idx" test -c "/dev/tap$idx"

# a real VM on the macvtap, when the harness is there: the wrapper turns the harness's
# "-netdev tap,ifname=macvtap0" into "fd=3" on /dev/tapN, as libvirt hands QEMU a macvtap
HARNESS=${VNET_HARNESS:-$TOP/tests/vm/guest.sh}
if [ -f "$HARNESS" ] && command -v qemu-system-x86_64 >/dev/null && bash "$HARNESS" build >"$T_TMP/build.log" 2>&1; then
	cat >"$T_TMP/qemu-macvtap" <<SH
#!/bin/bash
args=()
for a in "\$@"; do
	case \$a in tap,id=n0,ifname=macvtap0,*) a="tap,id=n0,fd=3";; esac
	args+=("\$a")
done
exec qemu-system-x86_64 "\${args[@]}" 3<>/dev/tap$idx
SH
	chmod +x "$T_TMP/qemu-macvtap"
	QEMU=$T_TMP/qemu-macvtap timeout 120 bash "$HARNESS" boot --netns "$NS_HOST" --accel tcg --timeout 90 --tap macvtap0 \
		--mac 52:54:00:77:05:03 --log "$T_TMP/vm.console" >"$T_TMP/vm.out" 2>&1
	vmip=$(sed -n 's/^LEASE //p' "$T_TMP/vm.out")
	if grep -q '^RESULT PASS$' "$T_TMP/vm.out" && reached_lan "$vmip"; then
		ok "a VM on the macvtap gets a lease from the LAN ($vmip) and pings its router, seen there by its own address"
	else
		not_ok "a VM on the macvtap gets a lease from the LAN and pings its router"
		sed 's/^/# /' "$T_TMP/vm.out" | tail -15
	fi
else
	skip "a VM on the macvtap gets a lease from the LAN and pings its router" "no guest harness or QEMU here"
fi

in_host ip link set eth1 name eth1x
run vn reconcile dn
check "reconcile says when the NIC is gone" grep -qF "Network dn: host interface eth1 is gone; its guests are cut off until it is back" <<<"$OUT"
in_host ip link set eth1x name eth1
run vn port-delete dn --all
is "port-delete --all removes the macvtap" "$(in_host ip -o link show | grep -c macvtap)" 0
check "and the macvlan in the guest's namespace" sh -c "! ip netns exec $(gns g2) ip link show eth0"
run vn destroy dn
check "eth1 stays" in_host ip link show eth1
for n in hb dn; do vn -q undefine "$n"; done
is "no port record is left" "$(ls "$ROOT"/run/virtnet/ports/*.xml 2>/dev/null | wc -l)" 0
done_testing
