#!/bin/bash
# define / list / info / dumpxml / uuid / name / autostart / undefine on a temporary root:
# exact virsh-style messages, and bad input that changes nothing.
. "$(dirname "$0")/../lib.sh"
ROOT=$T_TMP/root
vn() { "$VIRTNET" --root "$ROOT" "$@"; }
D=$TOP/data/networks/default.xml

cat >"$T_TMP/lab.xml" <<XML
<network>
  <name>lab</name>
  <uuid>4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e</uuid>
  <forward mode='route'/>
  <bridge name='vnlab0'/>
  <mac address='52:54:00:12:34:56'/>
  <ip address='192.168.50.1' prefix='24'/>
</network>
XML
cat >"$T_TMP/iso.xml" <<XML
<network>
  <name>iso</name>
  <uuid>5e6c1a4d-9b0f-4c8d-8e2f-3a4b5c6d7e8f</uuid>
  <ip address='10.77.0.1' prefix='24'/>
</network>
XML

run vn define "$D"
expect "define the shipped default network" 0 "Network default defined from $D" ""
run vn define "$T_TMP/lab.xml"
expect "define lab" 0 "Network lab defined from $T_TMP/lab.xml" ""
run vn net-define "$T_TMP/iso.xml"
expect "net-define alias" 0 "Network iso defined from $T_TMP/iso.xml" ""

run vn list
expect "list shows only active networks (none)" 0 " Name   State   Autostart   Persistent   Bridge
"$(printf -- '-%.0s' $(seq 49))"" ""
run vn list --all
expect "list --all table: virsh's columns, the bridge last" 0 " Name      State      Autostart   Persistent   Bridge
"$(printf -- '-%.0s' $(seq 55))"
 default   inactive   no          yes          virbr0
 iso       inactive   no          yes          virbr1
 lab       inactive   no          yes          vnlab0" ""
run vn -q list --all --name
expect "list --name" 0 "default
iso
lab" ""
run vn list --inactive --uuid
is "list --uuid has lab's uuid" "$(echo "$OUT" | grep -c 4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e)" 1
run vn list --all --name --uuid
expect "--name with --uuid refused" 1 "" "error: Only one argument from --table, --name and --uuid may be specified."

run vn info lab
expect "info lab" 0 "Name:           lab
UUID:           4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e
Active:         no
Persistent:     yes
Autostart:      no
Bridge:         vnlab0" ""
run vn info lab --json
expect "info --json" 0 '{
  "name": "lab",
  "uuid": "4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e",
  "active": false,
  "persistent": true,
  "autostart": false,
  "bridge": "vnlab0"
}' ""

run vn dumpxml lab
expect "dumpxml is libvirt's canonical form" 0 "<network>
  <name>lab</name>
  <uuid>4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e</uuid>
  <forward mode='route'/>
  <bridge name='vnlab0' stp='on' delay='0'/>
  <mac address='52:54:00:12:34:56'/>
  <ip address='192.168.50.1' prefix='24'>
  </ip>
</network>" ""
run vn dumpxml --inactive 4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e
is "dumpxml accepts a UUID" "$RC:$(echo "$OUT" | grep -c '<name>lab</name>')" "0:1"
run vn dumpxml default --json
check "dumpxml --json has the generated bridge and range" grep -q '"name": "virbr0"' <<<"$OUT"
check "dumpxml --json has the dhcp range" grep -q '"start": "192.168.122.2"' <<<"$OUT"

run vn dumpxml default
check "define saved a generated MAC 52:54:00:xx:xx:xx" grep -qE "<mac address='52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}'/>" <<<"$OUT"
check "define kept virbr0 for default" grep -q "<bridge name='virbr0' stp='on' delay='0'/>" <<<"$OUT"
run vn dumpxml iso
check "a missing bridge name became the first free virbrN" grep -q "<bridge name='virbr1' stp='on' delay='0'/>" <<<"$OUT"

run vn -q uuid lab
expect "uuid" 0 "4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e" ""
run vn -q name 4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e
expect "name" 0 "lab" ""
run vn name 00000000-0000-4000-8000-000000000000
expect "name of an unknown uuid" 1 "" "error: failed to get network '00000000-0000-4000-8000-000000000000'
error: Network not found: no network with matching uuid '00000000-0000-4000-8000-000000000000' (list them with: virtnet list --all --uuid)"

run vn autostart lab
expect "autostart" 0 "Network lab marked as autostarted" ""
run vn -q list --all --autostart --name
expect "list --autostart" 0 "lab" ""
run vn -q list --all --no-autostart --name
expect "list --no-autostart" 0 "default
iso" ""
run vn autostart lab --disable
expect "autostart --disable" 0 "Network lab unmarked as autostarted" ""
run vn -q list --all --persistent --name
is "list --persistent" "$OUT" "default
iso
lab"
run vn -q list --all --transient --name
expect "list --transient (none yet)" 0 "" ""
run vn list --all --json
is "list --json has three objects" "$(grep -c '"state": "inactive"' <<<"$OUT")" 3

cat >"$T_TMP/lab-other-uuid.xml" <<XML
<network><name>lab</name><uuid>0d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e</uuid></network>
XML
run vn define "$T_TMP/lab-other-uuid.xml"
expect "same name, other uuid refused" 1 "" "error: Failed to define network from $T_TMP/lab-other-uuid.xml
error: network 'lab' already exists with uuid 4d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e (give that <uuid> to replace it, or choose another <name>)"
cat >"$T_TMP/lab-bridge.xml" <<XML
<network><name>lab2</name><bridge name='vnlab0'/></network>
XML
run vn define "$T_TMP/lab-bridge.xml"
expect "a bridge name in use refused" 1 "" "error: Failed to define network from $T_TMP/lab-bridge.xml
error: bridge name 'vnlab0' is already used by network 'lab'; choose another <bridge name=...> or leave it out"
cat >"$T_TMP/overlap.xml" <<XML
<network><name>over</name><ip address='192.168.122.129' prefix='25'/></network>
XML
run vn define --strict "$T_TMP/overlap.xml"
expect "--strict refuses an overlapping subnet" 1 "" "error: Failed to define network from $T_TMP/overlap.xml
error: network 'over' overlaps 192.168.122.0/24 of network 'default' (choose another <ip address=...>; without --strict this is a warning)"
run vn define "$T_TMP/overlap.xml"
expect "an overlapping subnet is a warning" 0 "Network over defined from $T_TMP/overlap.xml" "warning: network 'over' overlaps 192.168.122.0/24 of network 'default'"
run vn undefine over
expect "undefine" 0 "Network over has been undefined" ""
run vn undefine over
expect "undefine of an unknown network" 1 "" "error: failed to get network 'over'
error: Network not found: no network with matching name or uuid 'over' (list them with: virtnet list --all)"

# Bad input: a precise error, exit 1, and the store exactly as before.
before=$(cd "$ROOT" && find . -type f -o -type l | sort | xargs md5sum)
bad() { # DESC FILE EXPECTED-SECOND-LINE
	run vn define "$2"
	expect "$1" 1 "" "error: Failed to define network from $2
error: $3"
}
printf '<network>\n  <name>x</name>\n  <ip address="1.2.3.4">\n</network>\n' >"$T_TMP/malformed.xml"
bad "malformed XML names the line" "$T_TMP/malformed.xml" "malformed XML in $T_TMP/malformed.xml at line 4: Opening and ending tag mismatch: ip line 3 and network"
echo '<domain><name>x</name></domain>' >"$T_TMP/root.xml"
bad "wrong root element" "$T_TMP/root.xml" "$T_TMP/root.xml: expecting root element of 'network', not 'domain'"
echo "<network><name>x</name><forward mode='nat-please'/></network>" >"$T_TMP/mode.xml"
bad "unknown forward mode" "$T_TMP/mode.xml" "unknown forwarding type 'nat-please' in network 'x' (use nat, route, open, bridge, private, vepa, passthrough or hostdev)"
echo "<network><name>a/b</name></network>" >"$T_TMP/slash.xml"
bad "name with a slash" "$T_TMP/slash.xml" "invalid char in name: /"
printf '<network><name>a\nb</name></network>' >"$T_TMP/newline.xml"
bad "name with a newline" "$T_TMP/newline.xml" "invalid char in name: a network name cannot contain a newline"
echo "<network><name></name></network>" >"$T_TMP/empty.xml"
bad "empty name" "$T_TMP/empty.xml" "missing <name> in network definition"
printf '<network><name>%s</name></network>' "$(head -c 300 /dev/zero | tr '\0' n)" >"$T_TMP/long.xml"
bad "name longer than a file name allows" "$T_TMP/long.xml" "network name is 300 bytes long; at most 251 are allowed"
echo "<network><name>x</name><ip address='192.168.1.300' prefix='24'/></network>" >"$T_TMP/addr.xml"
bad "an address that does not parse" "$T_TMP/addr.xml" "Invalid address '192.168.1.300' in network 'x'"
head -c 9000000 /dev/zero | tr '\0' ' ' >"$T_TMP/huge.xml"
bad "a huge file" "$T_TMP/huge.xml" "$T_TMP/huge.xml is 9000000 bytes, more than the 8388608 allowed"
bad "a directory" "$T_TMP" "$T_TMP is a directory, not an XML file"
bad "a device" /dev/zero "/dev/zero is not a regular file"
bad "a missing file" "$T_TMP/nope.xml" "cannot open $T_TMP/nope.xml: No such file or directory"
after=$(cd "$ROOT" && find . -type f -o -type l | sort | xargs md5sum)
is "bad input left the store byte for byte as it was" "$after" "$before"

run vn define - <"$T_TMP/iso.xml"
expect "define from standard input (a redefinition)" 0 "Network iso defined from -" ""

for c in define undefine autostart validate dumpxml list info uuid name edit help version; do
	run vn "$c" --help
	if [ "$RC" = 0 ] && grep -q "^Usage: virtnet $c" <<<"$OUT"; then ok "$c --help"; else not_ok "$c --help"; fi
done
run vn frobnicate
expect "unknown command" 1 "" "error: unknown command: 'frobnicate' (list them with: virtnet help)"
run vn list --bogus
expect "unknown option" 1 "" "error: command 'list' doesn't support option --bogus (list its options with: virtnet list --help)"
run vn info
expect "missing argument" 1 "" "error: command 'info' requires an argument (usage: virtnet info NETWORK [--json])"
run env VIRTNET_ROOT="$ROOT" "$VIRTNET" -q list --all --name
expect "VIRTNET_ROOT moves every path" 0 "default
iso
lab" ""
run "$VIRTNET" --version
check "--version" grep -qE '^virtnet [0-9]+\.[0-9]+' <<<"$OUT"
done_testing
