#!/bin/bash
# make demo: virtnet's main job in throwaway network namespaces and a throwaway root:
# define networks, start the classic default NAT network, plug in two guests that take
# real DHCP leases, show the leases and a ping, then tear everything down and show that
# nothing is left. Everything it creates is removed, also when it fails.
set -u
cd "$(dirname "$0")/.."
VIRTNET=${VIRTNET:-$PWD/build/virtnet}
NS=virtnet-demo-$$
G1=virtnet-demo-g1-$$
G2=virtnet-demo-g2-$$
ROOT=$(mktemp -d /tmp/virtnet-demo.XXXXXX)
chmod 755 "$ROOT"

cleanup() {
	local f
	for f in "$ROOT"/run/virtnet/dnsmasq/*.pid; do
		[ -f "$f" ] && grep -q "$ROOT" "/proc/$(cat "$f")/cmdline" 2>/dev/null && kill "$(cat "$f")"
	done
	for ns in "$G1" "$G2" "$NS"; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
vn() { ip netns exec "$NS" "$VIRTNET" --root "$ROOT" "$@"; }
virtnet() { vn "$@"; }   # what the user types, shown as such

ip netns add "$NS" || { echo "error: cannot create network namespace $NS (are you root?)" >&2; exit 1; }
ip netns exec "$NS" ip link set lo up

cat >"$ROOT/lab.xml" <<'XML'
<network>
  <name>lab</name>
  <forward mode='route'/>
  <ip address='192.168.50.1' prefix='24'>
    <dhcp>
      <range start='192.168.50.100' end='192.168.50.199'/>
      <host mac='52:54:00:00:50:10' name='db' ip='192.168.50.10'/>
    </dhcp>
  </ip>
</network>
XML
cat >"$ROOT/isolated.xml" <<'XML'
<network>
  <name>isolated</name>
  <domain name='iso.test'/>
  <ip address='10.77.0.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='10.77.0.2' end='10.77.0.254'/>
    </dhcp>
  </ip>
</network>
XML

say "A host namespace ($NS), state under $ROOT"
say "Define the shipped default network and two more"
show virtnet define data/networks/default.xml
show virtnet define "$ROOT/lab.xml"
show virtnet net-define "$ROOT/isolated.xml"
show virtnet autostart default
show virtnet list --all
show virtnet dumpxml lab

say "Start the default network: bridge, NAT firewall, DHCP/DNS"
show virtnet start default
show virtnet list
show virtnet info default

say "Two guests: namespaces plugged in by virtnet ports (veth, anti-spoofing on), real DHCP clients"
cat >"$ROOT/udhcpc.sh" <<'SH'
#!/bin/sh
[ "$1" = bound ] && ip addr add "$ip/$mask" dev "$interface" && ip route add default via "$router"
exit 0
SH
chmod +x "$ROOT/udhcpc.sh"
for g in 1 2; do
	ns=$([ $g = 1 ] && echo "$G1" || echo "$G2")
	ip netns add "$ns"
	if [ $g = 1 ]; then
		show virtnet port-create default --type veth --netns "$ns" --mac 52:54:00:de:00:01
	else
		show virtnet port-create default --type veth --netns "$ns" --mac 52:54:00:de:00:02 --ip 192.168.122.50
	fi
	ip netns exec "$ns" ip link set lo up   # eth0 comes up already
	ip netns exec "$ns" timeout 30 busybox udhcpc -q -n -t 8 -T 2 -i eth0 -x hostname:"guest$g" -s "$ROOT/udhcpc.sh" >/dev/null 2>&1
	printf 'guest%s: %s\n' "$g" "$(ip netns exec "$ns" ip -4 -o addr show eth0 | awk '{print $4}')"
done
show virtnet dhcp-leases default
show virtnet port-list default
show virtnet bridge show virbr0
ip2=$(ip netns exec "$G2" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
say "guest1 pings the gateway and guest2"
printf '$ ping 192.168.122.1\n'; ip netns exec "$G1" busybox ping -c 2 -W 2 192.168.122.1 | tail -2
printf '$ ping %s\n' "$ip2"; ip netns exec "$G1" busybox ping -c 2 -W 2 "$ip2" | tail -2
printf '$ nslookup guest2 192.168.122.1\n'; ip netns exec "$G1" busybox nslookup -type=a guest2 192.168.122.1 | grep -A1 '^Name:'

say "The firewall: one table, the same few base rules however many networks run"
show ip netns exec "$NS" nft list chain inet virtnet forward

say "Tear down"
show virtnet port-delete default --all
show virtnet destroy default
for n in default lab isolated; do show virtnet undefine "$n"; done
show virtnet list --all
printf '$ ip link show type bridge; nft list tables; pgrep dnsmasq (of this root)\n'
ip netns exec "$NS" ip -br link show type bridge
ip netns exec "$NS" nft list tables
pgrep -f "$ROOT/run/virtnet/dnsmasq" || echo "(no dnsmasq)"
cleanup
trap - EXIT
if ip netns list | grep -qE "$NS|$G1|$G2" || [ -e "$ROOT" ]; then
	echo "error: something was left behind" >&2
	exit 1
fi
echo "namespaces and $ROOT are gone; nothing is left"
