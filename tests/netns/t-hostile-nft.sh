#!/bin/bash
# Hostile input against the firewall (issue 9): whatever a network, a port option, an
# interface the kernel allows, the table name or one of our own records says, nothing
# outside our own tables changes. Proven by effects: a sentinel table of "the host's"
# firewall (input policy drop) stays byte for byte as it was, and no foreign table appears.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
in_host nft -f - <<'NFT'
table inet hostfw {
	chain input {
		type filter hook input priority 0; policy drop;
		ct state established accept
		counter
	}
}
NFT
sentinel() { in_host nft list table inet hostfw | sed 's/counter packets [0-9]* bytes [0-9]*/counter/'; }
# tables that are neither the host's sentinel nor ours
foreign() { in_host nft list tables | grep -vxE 'table inet hostfw|table (inet|bridge) virtnet' | tr '\n' ' '; }
before=$(sentinel)
check "the host's table is in place" grep -q "policy drop" <<<"$before"
unchanged() {
	is "$1: the host's table is unchanged" "$(sentinel)" "$before"
	is "$1: no foreign table" "$(foreign)" ""
}
INJ='x";insert rule inet hostfw input accept;#'

cat >"$T_TMP/net.xml" <<'XML'
<network><name>hn</name><forward mode='route'/><bridge name='vnhn0'/>
  <ip address='192.168.244.1' prefix='24'><dhcp><range start='192.168.244.10' end='192.168.244.20'/></dhcp></ip></network>
XML
run vn define "$T_TMP/net.xml"
run vn start hn
is "a network starts (the control: our own rules go in)" "$RC $OUT" "0 Network hn started"
check "with the warning that the host's drop policy needs a hole for DHCP" grep -q "table inet hostfw chain input drops" <<<"$ERR"
check "our table is there" in_host nft list table inet virtnet

# port options
for opt in "--name" "--peer-name"; do
	run vn port-create hn --type veth --netns "$NS_INET" $opt "$INJ"
	check "port-create $opt with nft text is refused" test "$RC" = 1
done
run vn port-create hn --type veth --netns "../../etc" 
check "port-create --netns with a path is refused" test "$RC" = 1
unchanged "port options"

# interfaces the kernel takes but nft cannot carry: adopted, bridged, used by a network
for dev in 'a"b;#' 'eth*' 'c{d}' 'e\f'; do
	in_host ip link add "$dev" type veth peer name "p$RANDOM" || { not_ok "the kernel takes '$dev'"; continue; }
	run vn port-create hn --type external --name "$dev"
	check "adopting '$dev' is refused" test "$RC" = 1
	run vn hostbridge create vnhb0 --dev "$dev" --force
	check "a host bridge over '$dev' is refused" test "$RC" = 1
	in_host ip link del "$dev"
done
printf "<network><name>hb</name><forward mode='bridge'><interface dev='%s'/></forward></network>\n" 'a&quot;b;#' >"$T_TMP/fb.xml"
run vn define "$T_TMP/fb.xml"
check "a forward mode bridge network on such a NIC is refused" test "$RC" = 1
unchanged "kernel names"

# the table name from the environment
run env VIRTNET_NFT_TABLE='x; add table ip pwned' ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" start hn
check "VIRTNET_NFT_TABLE with nft text is refused" grep -q "VIRTNET_NFT_TABLE" <<<"$ERR"
unchanged "table name"

# our own records, altered on disk: never acted on as they say
status=$ROOT/run/virtnet/networks/hn.xml
cp "$status" "$T_TMP/status.bak"
sed -i "s|kind='firewall' name='virtnet'/>|kind='firewall' name='x\&quot;;flush ruleset;#'/>|" "$status"
check "the network's journal was altered" grep -q "flush ruleset" "$status"
run vn destroy hn
run vn reconcile
unchanged "altered status record"
cp "$T_TMP/status.bak" "$status"
run vn reconcile
check "with the record restored, the network is whole again" in_host nft list chain inet virtnet vnhn0_in
run vn port-create hn --type veth --netns "$NS_INET" --name vhn1 --peer-name vhnpeer1
is "a port for the next case" "$RC $ERR" "0 "
rec=$(grep -l "name='vhn1'" "$ROOT"/run/virtnet/ports/*.xml | head -1)
sed -i "s|name='vhn1'|name='x\&quot;;flush;#'|" "$rec"
check "the port record was altered" grep -q "flush" "$rec"
run vn port-list hn
check "port-list says it ignores the altered record" grep -q "warning: ignoring .*is not an interface name" <<<"$ERR"
run vn port-delete hn --all
run vn reconcile
unchanged "altered port record"
run vn destroy hn
check "the network's own objects are gone" nothing_left vnhn0
unchanged "at the end"
done_testing
