#!/bin/bash
# Real guests (Debian's kernel + busybox under qemu-system-x86_64 with TCG, built and booted by
# tests/vm/guest.sh) on virtnet's `default` network, QEMU running as user nobody:
#   VM 2 on a tap port made beforehand with a reservation gets exactly that address;
#   VM 1 through -netdev bridge,br=virbr0,helper=virtnet-bridge-helper gets a lease, pings the
#   gateway and VM 2, shows up in port-list with the MAC its first frame taught, and its port
#   goes with it (reconcile). The time from QEMU start to each lease is printed as "# ...".
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

HARNESS=${VNET_HARNESS:-$TOP/tests/vm/guest.sh}
BUILD=$(dirname "$VIRTNET")
PLANNED=("VM 2 on a pre-made tap port gets exactly its reserved address"
	"VM 1 through virtnet-bridge-helper gets a lease and pings the gateway and VM 2"
	"VM 1's port is listed with the MAC learned from the guest"
	"after VM 1 exits reconcile removes its port")
skip_all() {
	local d
	for d in "${PLANNED[@]}"; do skip "$d" "$1"; done
	exit 0
}
[ -f "$HARNESS" ] || skip_all "no harness at $HARNESS"
[ -x "$BUILD/virtnet-bridge-helper" ] || { echo "Bail out! $BUILD/virtnet-bridge-helper not built"; exit 1; }
# QEMU and busybox-static come from scripts/setup.sh; the harness builds its image once
if ! bash "$HARNESS" build >"$T_TMP/build.log" 2>&1 || ! command -v qemu-system-x86_64 >/dev/null; then
	command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86 not installable"
	sed 's/^/# /' "$T_TMP/build.log" | tail -5
	skip_all "the harness could not build its guest image"
fi
if findmnt -no OPTIONS -T "$T_TMP" | tr , '\n' | grep -qx nosuid; then
	skip_all "$T_TMP is on a nosuid file system (the helper must be setuid root)"
fi
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

# The helper installed setuid root; QEMU wrapped so that it runs as nobody (the harness runs
# QEMU as root and puts -pidfile in a folder of root's: the wrapper writes that file itself,
# exec keeps the pid).
mkdir -p "$T_TMP/bin"
install -o root -g root -m 4755 "$BUILD/virtnet-bridge-helper" "$T_TMP/bin/virtnet-bridge-helper"
cat >"$T_TMP/bin/qemu-as-nobody" <<'SH'
#!/bin/bash
args=()
while [ $# -gt 0 ]; do
	if [ "$1" = -pidfile ]; then echo $$ >"$2"; shift 2; continue; fi
	args+=("$1")
	shift
done
[ "${VNT_QEMU_AS_ROOT:-0}" = 1 ] && exec qemu-system-x86_64 "${args[@]}"
exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
	env VIRTNET_ROOT="$VNT_ROOT" ASAN_OPTIONS=detect_leaks=0 qemu-system-x86_64 "${args[@]}"
SH
chmod 755 "$T_TMP/bin" "$T_TMP/bin/qemu-as-nobody"
export QEMU=$T_TMP/bin/qemu-as-nobody VNT_ROOT=$ROOT

# boot NAME ARGS...: the harness in the background (TCG, bounded), output in $T_TMP/NAME.out
boot() {
	local name=$1
	shift
	VNT_QEMU_AS_ROOT=${QEMU_AS_ROOT:-0} bash "$HARNESS" boot --netns "$NS_HOST" --accel tcg --timeout 90 --log "$T_TMP/$name.console" "$@" \
		>"$T_TMP/$name.out" 2>&1 &
	BOOT_PID=$!
	on_exit "kill $BOOT_PID"
}
# seconds from QEMU start to the guest's LEASE line (the harness's console log is timestamped)
lease_time() { sed -n 's/^\[\([0-9.]*\)\] LEASE .*/\1/p' "$T_TMP/$1.console" | head -1; }
show() { sed 's/^/# /' "$T_TMP/$1.out"; }

run vn define "$TOP/data/networks/default.xml"
run vn start default
expect "start the default network (virbr0 exists only in this test's namespace)" 0 "Network default started" ""
mkdir -p "$ROOT/etc/virtnet"
echo "allow virbr0" >"$ROOT/etc/virtnet/bridge.conf"

# --- VM 2: a tap port made beforehand, owned by nobody, with a reservation. QEMU opens a
# tap by name through /dev/net/tun; where that is root's alone (mode 0600, as on some hosts)
# only root's QEMU can, which is what the bridge helper is for: VM 2's QEMU then runs as root.
run vn port-create default --owner nobody --mac 52:54:00:12:34:56 --ip 192.168.122.77
tap2=$(sed -n 's/.*(device \(.*\))$/\1/p' <<<"$OUT")
if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -r /dev/net/tun -a -w /dev/net/tun; then
	echo "# /dev/net/tun is $(stat -c %A /dev/net/tun): nobody cannot open a tap by name here, VM 2's QEMU runs as root"
	QEMU_AS_ROOT=1
fi
boot vm2 --tap "$tap2" --mac 52:54:00:12:34:56 --expect-ip 192.168.122.77 --hold 60
QEMU_AS_ROOT=0
vm2=$BOOT_PID
wait_until 60 grep -q '^RESULT ' "$T_TMP/vm2.out"
if grep -q '^LEASE 192.168.122.77$' "$T_TMP/vm2.out" && grep -q '^RESULT PASS$' "$T_TMP/vm2.out"; then
	ok "${PLANNED[0]}"
else
	not_ok "${PLANNED[0]}"
	show vm2
fi
echo "# VM 2 (tap port $tap2, reserved address): QEMU start to lease $(lease_time vm2) s under TCG"

# --- VM 1: QEMU as nobody creates its tap through the helper
boot vm1 --bridge virbr0 --helper "$T_TMP/bin/virtnet-bridge-helper" --helper-conf system \
	--mac 52:54:00:12:34:01 --peer 192.168.122.77 --hold 30
vm1=$BOOT_PID
wait_until 80 grep -q '^RESULT ' "$T_TMP/vm1.out"
if grep -q '^RESULT PASS$' "$T_TMP/vm1.out" && grep -q '^PEER_OK 192.168.122.77' "$T_TMP/vm1.out" &&
	grep -qE '^LEASE 192\.168\.122\.' "$T_TMP/vm1.out" && grep -q '^PING_OK 192.168.122.1' "$T_TMP/vm1.out"; then
	ok "${PLANNED[1]}"
else
	not_ok "${PLANNED[1]}"
	show vm1
fi
users=$(ps -eo user=,args= | awk '$2 ~ /qemu-system-x86_64$/ && /process=virtnet-guest-52:54:00:12:34:01/ {print $1}' | sort -u)
is "VM 1's QEMU runs as nobody" "$users" nobody
ip1=$(sed -n 's/^LEASE //p' "$T_TMP/vm1.out")
tap1=$(vn port-list default --json | python3 -c "import json,sys
print(' '.join(p['device'] for p in json.load(sys.stdin) if p['device'] != '$tap2'))")
row=$(vn port-list default --json | python3 -c "import json,sys
for p in json.load(sys.stdin):
    if p['device'] == '$tap1': print(p['type'], p['mac'], p['state'])")
is "${PLANNED[2]}" "$row" "tap 52:54:00:12:34:01 attached"
check "dnsmasq's lease for VM 1 is the address it got ($ip1)" grep -qE "52:54:00:12:34:01 +ipv4 +$ip1/24 " <<<"$(vn dhcp-leases default)"
echo "# VM 1 (bridge helper, dynamic address): QEMU start to lease $(lease_time vm1) s under TCG"
kill "$vm1"
wait "$vm1" 2>/dev/null

wait_until 5 no_link "$tap1"
run vn reconcile default
if grep -q "Port $tap1 of network default: device gone (its guest exited); port removed" <<<"$OUT" &&
	[ "$(vn port-list default --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")" = 1 ]; then
	ok "${PLANNED[3]}"
else
	not_ok "${PLANNED[3]}"
	echo "$OUT" | diag
fi

kill "$vm2" 2>/dev/null
wait "$vm2" 2>/dev/null
run vn port-delete default --all
run vn destroy default
check "nothing left" nothing_left virbr0
done_testing
