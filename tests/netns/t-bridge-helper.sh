#!/bin/bash
# virtnet-bridge-helper, installed setuid root and run by a fake QEMU (tests/tools/fake-qemu,
# QEMU's own fork/exec/recvmsg sequence) as user nobody: the tap it hands over is a port of the
# network (listed, protected, isolated as the network says), learns the guest's MAC from the
# first frame and drops frames from any other; the ACL (allow/deny/include, deny wins, default
# deny) and the "running virtnet network" rule refuse with exact messages and leave nothing;
# an unsafe VIRTNET_ROOT is refused; the helper runs with CAP_NET_ADMIN only; when QEMU exits
# the tap goes and reconcile removes the port.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

BUILD=$(dirname "$VIRTNET")
FAKE=$BUILD/fake-qemu
if [ ! -x "$BUILD/virtnet-bridge-helper" ] || [ ! -x "$FAKE" ]; then
	echo "Bail out! $BUILD/virtnet-bridge-helper or $FAKE not built"
	exit 1
fi
if findmnt -no OPTIONS -T "$T_TMP" | tr , '\n' | grep -qx nosuid; then
	skip "virtnet-bridge-helper as a setuid program" "$T_TMP is on a nosuid file system"
	exit 0
fi
ip netns add "$NS_HOST" || { echo "Bail out! cannot create a namespace"; exit 1; }
in_host ip link set lo up

# The helper as an administrator installs it: owned by root, mode 4755. And a copy that is not.
mkdir -p "$T_TMP/bin"
install -o root -g root -m 4755 "$BUILD/virtnet-bridge-helper" "$T_TMP/bin/virtnet-bridge-helper"
install -o root -g root -m 0755 "$BUILD/virtnet-bridge-helper" "$T_TMP/bin/helper-not-setuid"
others_copy fake-qemu   # nobody runs it: not from the clone, which may be private
FAKE=$T_TMP/bin/fake-qemu
chmod 755 "$T_TMP/bin"
HELPER=$T_TMP/bin/virtnet-bridge-helper
ETC=$ROOT/etc/virtnet
H="virtnet-bridge-helper"

# fq ARGS...: fake QEMU as nobody in the host namespace (VIRTNET_ROOT from $FQ_ROOT, default
# $ROOT). A setuid process cannot be traced, so LeakSanitizer is off for it.
fq() {
	in_host setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env VIRTNET_ROOT="${FQ_ROOT:-$ROOT}" ASAN_OPTIONS=detect_leaks=0 "$FAKE" "$@"
}
# start_fq NAME ARGS...: the same in the background; output in $T_TMP/NAME.out, pid in $T_TMP/NAME.pid
start_fq() {
	local name=$1
	shift
	ip netns exec "$NS_HOST" sh -c 'echo $$ >"$0"; echo $$ >>"$1"; shift; exec "$@"' \
		"$T_TMP/$name.pid" "$T_TMP/pids" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env VIRTNET_ROOT="$ROOT" ASAN_OPTIONS=detect_leaks=0 "$FAKE" "$@" >"$T_TMP/$name.out" 2>&1 &
}
# What a failed helper must not leave: tap devices and port records (printed for comparison).
leftovers() {
	echo "links: $(in_host ls /sys/class/net | grep -E '^vnet' | tr '\n' ' ')"
	echo "records: $(ls "$ROOT"/run/virtnet/ports/*.xml 2>/dev/null | wc -l)"
}
# port_row NETWORK DEVICE: "type mac state" from port-list --json
port_row() {
	vn port-list "$1" --json | python3 -c "import json,sys
for p in json.load(sys.stdin):
    if p['device'] == '$2': print(p['type'], p['mac'], p['state'])"
}

# --- networks: bh (nat, DHCP, MTU 1400), bhi (every port isolated), bhd and bhn (the ACL
# refuses them), bhs (defined, not running); fbr0 is a bridge that is not virtnet's
net() { printf "<network><name>%s</name><bridge name='%s'/>%s</network>\n" "$1" "$2" "$3" >"$T_TMP/$1.xml"; vn -q define "$T_TMP/$1.xml"; }
net bh vnbh0 "<forward mode='nat'/><mtu size='1400'/><ip address='10.91.0.1' prefix='24'><dhcp><range start='10.91.0.10' end='10.91.0.50'/></dhcp></ip>"
net bhi vnbhi "<port isolated='yes'/>"
net bhd vnbhd ""
net bhn vnbhn ""
net bhs vnbhs ""
for n in bh bhi bhd bhn; do vn -q start "$n" || echo "# cannot start $n"; done
in_host ip link add fbr0 type bridge
mkdir -p "$ETC"
cat >"$ETC/bridge.conf" <<'EOF'
# bridges users may plug QEMU into through virtnet-bridge-helper
allow vnbh0
allow vnbhi
allow vnbhd
	allow fbr0
allow vnbhs
allow hostbr0
include deny.conf
EOF
printf '# never this one\ndeny vnbhd\n' >"$ETC/deny.conf"
chmod 644 "$ETC/bridge.conf" "$ETC/deny.conf"

# --- a guest through the helper: its tap is a port that learns the guest's MAC
start_fq q1 --hold 60 "$HELPER" vnbh0 52:54:00:bb:00:01 52:54:00:bb:00:02
wait_until 20 grep -q 'sent 3 frames from 52:54:00:bb:00:02' "$T_TMP/q1.out"
is "QEMU (as nobody) got the tap: the helper exited 0" "$(head -1 "$T_TMP/q1.out")" "tap vnet0 vnet_hdr=1"
is "a tap with a virtio-net header (IFF_TAP|IFF_NO_PI|IFF_VNET_HDR), not persistent" "$(in_host cat /sys/class/net/vnet0/tun_flags)" 0x5002
is "plugged into the network's bridge" "$(in_host basename "$(in_host readlink /sys/class/net/vnet0/master)")" vnbh0
is "with the bridge's MTU" "$(in_host cat /sys/class/net/vnet0/mtu)" 1400
is "the host side's MAC is fe:ff:ff:ff:ff:ff (never the bridge's)" "$(in_host cat /sys/class/net/vnet0/address)" fe:ff:ff:ff:ff:ff
is "the tap is owned by the user who ran QEMU" "$(in_host cat /sys/class/net/vnet0/owner)" 65534
is "port-list: a tap, the MAC learned from its first frame, attached" "$(port_row bh vnet0)" "tap 52:54:00:bb:00:01 attached"
run vn port-list bh
check "the table shows the learned MAC too" grep -qE '^ [0-9a-f-]{36} +vnet0 +tap +52:54:00:bb:00:01 +- +attached$' <<<"$OUT"
check "frames from a second MAC on the same tap were dropped (counter >= 3)" \
	[ "$(bridge_counter vnbh0 'iifname . ether saddr != @port_mac')" -ge 3 ]
fdb=$(in_host bridge fdb show br vnbh0 | grep -E '52:54:00:bb:00:0[12]')
is "the bridge learned the first MAC on the tap, never the second" "$fdb" "52:54:00:bb:00:01 dev vnet0 master vnbh0 "
run vn port-dumpxml bh vnet0
check "port-dumpxml plugs it into the network" grep -q "<plug type='network' bridge='vnbh0'/>" <<<"$OUT"

# --- more guests: a second QEMU at once, one without --use-vnet, one on an isolating network
run fq "$HELPER" vnbh0
is "a second QEMU gets its own tap" "$OUT" "tap vnet1 vnet_hdr=1"
is "(its helper ran without a word)" "$ERR" ""
is "the tap went with the QEMU that held it" "$(in_host ls /sys/class/net | grep -c '^vnet1$')" 0
vn -q reconcile bh >/dev/null
run fq --no-vnet "$HELPER" vnbh0
is "without --use-vnet no virtio-net header" "$OUT" "tap vnet1 vnet_hdr=0"
vn -q reconcile bh >/dev/null
start_fq q2 --hold 60 "$HELPER" vnbhi
wait_until 10 grep -q '^tap ' "$T_TMP/q2.out"
is "a network with <port isolated='yes'/> isolates the helper's port" "$(in_host cat /sys/class/net/vnet1/brport/isolated)" 1
kill "$(cat "$T_TMP/q2.pid")"
wait_until 5 no_link vnet1
vn -q reconcile >/dev/null
# a forward mode='bridge' network: its host bridge counts (once this virtnet can start one)
in_host ip link add hostbr0 type bridge
net bhb hostbr0 "<forward mode='bridge'/>"
if vn -q start bhb >/dev/null 2>&1; then
	start_fq q4 --hold 60 "$HELPER" hostbr0
	wait_until 10 grep -q '^tap ' "$T_TMP/q4.out"
	dev=$(sed -n 's/^tap \([^ ]*\) .*/\1/p' "$T_TMP/q4.out")
	is "a bridge-mode network's host bridge counts too" "$(in_host basename "$(in_host readlink "/sys/class/net/$dev/master")")" hostbr0
	kill "$(cat "$T_TMP/q4.pid")"
	wait_until 5 no_link "$dev"
	vn -q reconcile >/dev/null
	vn -q destroy bhb
else
	skip "a bridge-mode network's host bridge counts too" "this virtnet cannot start forward mode='bridge' networks yet"
fi

# --- while it works the helper holds CAP_NET_ADMIN and nothing else (stopped on purpose
# after it wrote the port record, through the VIRTNET_STALL_AT hook that only root may set)
records=$(ls "$ROOT"/run/virtnet/ports/*.xml | wc -l)
in_host env VIRTNET_ROOT="$ROOT" VIRTNET_STALL_AT=file-renamed "$FAKE" "$HELPER" vnbh0 >"$T_TMP/q3.out" 2>&1 &
fake=$!
helper_pid() { pgrep -f "^$HELPER --use-vnet --fd=[0-9]+ --br=vnbh0\$" | head -1; }
stalled() {
	[ -n "$(helper_pid)" ] && [ "$(ls "$ROOT"/run/virtnet/ports/*.xml | wc -l)" -gt "$records" ]
}
wait_until 10 stalled
hp=$(helper_pid)
caps=$(grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/"$hp"/status 2>/dev/null | tr '\t' ' ')
is "the running helper's capabilities: CAP_NET_ADMIN only, empty bounding set, no_new_privs" "$caps" \
"CapInh: 0000000000000000
CapPrm: 0000000000001000
CapEff: 0000000000001000
CapBnd: 0000000000000000
CapAmb: 0000000000000000
NoNewPrivs: 1"
[ -n "$hp" ] && kill -9 "$hp"
wait "$fake" 2>/dev/null
is "QEMU sees the killed helper fail" "$(cat "$T_TMP/q3.out")" "fake-qemu: bridge helper failed (killed by signal 9)"
check "a helper killed half-way leaves no tap" sh -c "! ip netns exec $NS_HOST ip link show vnet1"
run vn reconcile bh
check "and reconcile removes its record" grep -q "Port vnet1 of network bh: device gone (its guest exited); port removed" <<<"$OUT"

# --- the caller's environment is not the helper's: fault hooks from nobody are ignored,
# from root they work, and a failure after the tap was made undoes everything
before=$(leftovers)
in_host setpriv --reuid=nobody --regid=nogroup --clear-groups env VIRTNET_ROOT="$ROOT" VIRTNET_FAIL_AT=file-temp-written \
	ASAN_OPTIONS=detect_leaks=0 "$FAKE" "$HELPER" vnbh0 >"$T_TMP/out" 2>&1
is "VIRTNET_FAIL_AT from an unprivileged caller is ignored" "$(cat "$T_TMP/out")" "tap vnet1 vnet_hdr=1"
vn -q reconcile bh >/dev/null
run in_host env VIRTNET_ROOT="$ROOT" VIRTNET_FAIL_AT=file-temp-written "$FAKE" "$HELPER" vnbh0
check "a failure after the tap exists (root's fault hook): exit 1 with the reason" \
	grep -qE "^$H: cannot plug a tap into bridge vnbh0 of network 'bh': cannot write $ROOT/run/virtnet/ports/[0-9a-f-]{36}\.xml: Input/output error$" <<<"$ERR"
is "and nothing is left" "$(leftovers)" "$before"

# --- refusals: exact message, exit 1, nothing left
# refused DESC BRIDGE WANT-ERR [FAKE-OPTIONS]
refused() {
	local desc=$1 br=$2 want=$3
	shift 3
	run fq "$@" "$HELPER" "$br"
	expect "$desc" 1 "" "$want
fake-qemu: bridge helper failed"
	is "$desc: nothing left" "$(leftovers)" "$before"
}
refused "a bridge an included file denies" vnbhd "$H: bridge vnbhd is denied by $ETC/deny.conf:2 (deny vnbhd)"
refused "a bridge no allow line names (default deny)" vnbhn "$H: bridge vnbhn is not allowed by $ETC/bridge.conf: add 'allow vnbhn' to it"
refused "a bridge that is not virtnet's" fbr0 "$H: bridge fbr0 is not the bridge of a running virtnet network (list them with: virtnet list)"
refused "the bridge of a network that is not running" vnbhs "$H: bridge vnbhs belongs to network 'bhs', which is not running (start it with: virtnet start bhs)"
refused "a bridge that does not exist" nosuch0 "$H: bridge nosuch0 is not allowed by $ETC/bridge.conf: add 'allow nosuch0' to it"
cp "$ETC/bridge.conf" "$T_TMP/acl.keep"
printf 'allow all\ndeny all\n' >"$ETC/bridge.conf"
refused "deny all wins over allow all" vnbh0 "$H: bridge vnbh0 is denied by $ETC/bridge.conf:2 (deny all)"
printf 'allow all\ninclude /etc/virtnet/deny.conf\n' >"$ETC/bridge.conf"
refused "an absolute include lies under the root" vnbhd "$H: bridge vnbhd is denied by $ETC/deny.conf:2 (deny vnbhd)"
printf '# nothing allowed\n' >"$ETC/bridge.conf"
refused "an ACL without allow lines denies everything" vnbh0 "$H: bridge vnbh0 is not allowed by $ETC/bridge.conf: add 'allow vnbh0' to it"
printf 'allow all\ninclude nosuch.conf\n' >"$ETC/bridge.conf"
refused "an include that cannot be read fails closed" vnbh0 "$H: $ETC/bridge.conf:2: cannot read $ETC/nosuch.conf: No such file or directory"
printf 'allow vnbh0\npermit vnbh0\n' >"$ETC/bridge.conf"
refused "an unknown keyword names file and line, not the word" vnbh0 "$H: $ETC/bridge.conf:2: unknown keyword (use allow, deny or include)"
printf 'allow vnbh*\n' >"$ETC/bridge.conf"
refused "a name that is not an interface name is refused, not quoted" vnbh0 "$H: $ETC/bridge.conf:1: 'allow' takes a bridge name (1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..') or 'all'"

# --- the audit's reproducer: bridge.conf includes a file in a folder the user owns, and
# the user makes it a link to a root-only file. The helper must not follow it, nor quote it.
SECRET="vn-secret-$$-do-not-show"
printf '%s:x:0:0\n' "$SECRET" >"$ROOT/secret.conf"
chmod 600 "$ROOT/secret.conf"
install -d -o nobody -m 755 "$ROOT/userdir"
printf 'allow vnbh0\ninclude /userdir/acl.conf\n' >"$ETC/bridge.conf"
in_host setpriv --reuid=nobody --regid=nogroup --clear-groups ln -sf "$ROOT/secret.conf" "$ROOT/userdir/acl.conf"
refused "an include in a folder the user owns is refused (the audit's reproducer)" vnbh0 \
	"$H: $ETC/bridge.conf:2: $ROOT/userdir/acl.conf is not trusted: folder $ROOT/userdir is not owned by root (mode 0755); every folder on the way must be owned by root and writable only by root"
check "(and stderr holds not a byte of the file behind the link)" sh -c "! grep -q '$SECRET' '$T_TMP/err'"
chown root "$ROOT/userdir"
refused "a link as the include is not followed, even in a folder of root's" vnbh0 \
	"$H: $ETC/bridge.conf:2: $ROOT/userdir/acl.conf is not trusted: it is a symbolic link, which a setuid program never follows"
check "(nor quoted)" sh -c "! grep -q '$SECRET' '$T_TMP/err'"
ln -s userdir "$ROOT/linkdir"
printf 'allow vnbh0\ninclude /linkdir/deny.conf\n' >"$ETC/bridge.conf"
refused "a link to a folder on the way is not followed" vnbh0 \
	"$H: $ETC/bridge.conf:2: $ROOT/linkdir/deny.conf is not trusted: $ROOT/linkdir is a symbolic link, which a setuid program never follows"
printf 'allow vnbh0\ninclude ../virtnet/deny.conf\n' >"$ETC/bridge.conf"
refused "an include with '..' is refused" vnbh0 "$H: $ETC/bridge.conf:2: cannot read $ETC/../virtnet/deny.conf: a path with '..' is never followed"
printf 'allow vnbh0\ninclude /secret.conf\n' >"$ETC/bridge.conf"
refused "a root-only file included by mistake is refused by line, never quoted" vnbh0 "$H: $ROOT/secret.conf:1: unknown keyword (use allow, deny or include)"
check "(not a byte of it on stderr)" sh -c "! grep -q '$SECRET' '$T_TMP/err'"
ln -sf deny.conf "$ETC/bridge.conf"
refused "bridge.conf itself as a link is not followed" vnbh0 "$H: $ETC/bridge.conf is not trusted: it is a symbolic link, which a setuid program never follows"
rm -f "$ETC/bridge.conf"
printf 'allow vnbh0\n' >"$ETC/bridge.conf"
chmod 664 "$ETC/bridge.conf"
refused "an ACL others may write is not trusted" vnbh0 "$H: $ETC/bridge.conf must be a regular file owned by root and writable only by root"
rm -f "$ETC/bridge.conf"
refused "no ACL file" vnbh0 "$H: cannot read $ETC/bridge.conf: No such file or directory; create it with a line 'allow vnbh0' for each bridge QEMU may use"
cp "$T_TMP/acl.keep" "$ETC/bridge.conf"
chmod 644 "$ETC/bridge.conf"

# --- VIRTNET_ROOT must be root's all the way up
mkdir -p "$T_TMP/evil/root" "$T_TMP/nobodys"
chmod 777 "$T_TMP/evil"
chown nobody "$T_TMP/nobodys"
FQ_ROOT=$T_TMP/evil refused "a world-writable VIRTNET_ROOT" vnbh0 \
	"$H: VIRTNET_ROOT $T_TMP/evil is not safe for a setuid helper: $T_TMP/evil is writable by everyone (mode 0777); the root folder and every folder above it must be owned by root and writable only by root"
FQ_ROOT=$T_TMP/evil/root refused "a VIRTNET_ROOT below a world-writable folder" vnbh0 \
	"$H: VIRTNET_ROOT $T_TMP/evil/root is not safe for a setuid helper: $T_TMP/evil is writable by everyone (mode 0777); the root folder and every folder above it must be owned by root and writable only by root"
FQ_ROOT=$T_TMP/nobodys refused "a VIRTNET_ROOT owned by another user" vnbh0 \
	"$H: VIRTNET_ROOT $T_TMP/nobodys is not safe for a setuid helper: $T_TMP/nobodys is not owned by root (mode 0755); the root folder and every folder above it must be owned by root and writable only by root"
FQ_ROOT=relative refused "a relative VIRTNET_ROOT" vnbh0 "$H: VIRTNET_ROOT 'relative' is not an absolute path"

# --- the command line QEMU passes, and nothing else
run fq "$T_TMP/bin/helper-not-setuid" vnbh0
expect "a helper that is not setuid root says so, and how to make it" 1 "" "$H: not running as root (make it setuid root with: chown root:kvm $T_TMP/bin/helper-not-setuid && chmod 4750 $T_TMP/bin/helper-not-setuid; or run it as root)
fake-qemu: bridge helper failed"
run in_host setpriv --reuid=nobody --regid=nogroup --clear-groups "$HELPER" --use-vnet --br=vnbh0
expect "--fd is required" 1 "" "$H: --fd=UNIXFD is missing
Usage: $H [--use-vnet] --br=BRIDGE --fd=UNIXFD"
run in_host setpriv --reuid=nobody --regid=nogroup --clear-groups "$HELPER" --use-vnet --br=vnbh0 --br=vnbhi --fd=3
expect "a repeated option is refused" 1 "" "$H: unexpected argument '--br=vnbhi' (a repeated option or a bad descriptor?)
Usage: $H [--use-vnet] --br=BRIDGE --fd=UNIXFD"
run in_host setpriv --reuid=nobody --regid=nogroup --clear-groups "$HELPER" --br=../etc --fd=3
expect "a bridge name that is not an interface name is refused" 1 "" "$H: --br '../etc' is not an interface name: use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'
Usage: $H [--use-vnet] --br=BRIDGE --fd=UNIXFD"
run in_host setpriv --reuid=nobody --regid=nogroup --clear-groups "$HELPER" --br=vnbh0 --fd=1
expect "--fd must be a socket" 1 "" "$H: --fd=1 is not an open socket: QEMU passes its end of a socketpair"
run "$HELPER" --help
check "--help prints the usage" grep -q "^Usage: $H \[--use-vnet\] --br=BRIDGE --fd=UNIXFD$" <<<"$OUT"
run fq "$HELPER --use-vnet" vnbh0
is "a helper given as a command line (QEMU runs it through sh -c)" "$OUT" "tap vnet1 vnet_hdr=1"
vn -q reconcile bh >/dev/null

# --- QEMU exits: the tap goes with it, reconcile removes the port
kill "$(cat "$T_TMP/q1.pid")"
wait_until 5 no_link vnet0
check "when QEMU exits its tap is gone" sh -c "! ip netns exec $NS_HOST ip link show vnet0"
is "port-list says so" "$(port_row bh vnet0)" "tap 52:54:00:bb:00:01 gone"
run vn reconcile bh
check "reconcile removes the port" grep -q "Port vnet0 of network bh: device gone (its guest exited); port removed" <<<"$OUT"
is "no port is left" "$(port_row bh vnet0)" ""
check "nor its protection" sh -c "! ip netns exec $NS_HOST nft list table bridge virtnet | grep -q '\"vnet0\"'"
vn -q reconcile >/dev/null
is "no record is left" "$(ls "$ROOT"/run/virtnet/ports/*.xml 2>/dev/null | wc -l)" 0

for n in bh bhi bhd bhn; do vn -q destroy "$n"; done
check "nothing left" nothing_left vnbh0
done_testing
