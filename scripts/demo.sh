#!/bin/bash
# make demo: virtnet's main job, in a throwaway network namespace and a throwaway root.
# Everything it creates is removed at the end, also when it fails.
set -u
cd "$(dirname "$0")/.."
VIRTNET=${VIRTNET:-$PWD/build/virtnet}
NS=virtnet-demo-$$
ROOT=$(mktemp -d /tmp/virtnet-demo.XXXXXX)

cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }
vn() { ip netns exec "$NS" "$VIRTNET" --root "$ROOT" "$@"; }

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

say "Namespace $NS, state under $ROOT"
say "Define the shipped default network and two more"
show vn define data/networks/default.xml
show vn define "$ROOT/lab.xml"
show vn net-define "$ROOT/isolated.xml"
say "List them, virsh style"
show vn list --all
show vn autostart default
show vn list --all --autostart
say "Inspect"
show vn info lab
show vn dumpxml isolated
show vn list --all --json
say "Undefine everything"
for n in default lab isolated; do show vn undefine "$n"; done
show vn list --all
say "Tear down"
cleanup
trap - EXIT
if ip netns list | grep -qw "$NS" || [ -e "$ROOT" ]; then
	echo "error: something was left behind" >&2
	exit 1
fi
echo "namespace $NS and $ROOT are gone; nothing is left"
