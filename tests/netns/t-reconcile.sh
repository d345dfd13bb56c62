#!/bin/bash
# reconcile repairs drift: our table flushed or deleted by someone else, an address removed,
# the link set down, the bridge deleted; other tables are never touched.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
for n in a b; do
	o=$([ $n = a ] && echo 180 || echo 181)
	net_xml "$n" nat "vnrec$n" "192.168.$o" 10-20 >"$T_TMP/$n.xml"
	run vn define "$T_TMP/$n.xml"
	run vn start "$n"
done
in_host nft add table ip someone_else
in_host nft add chain ip someone_else c '{ type filter hook forward priority 10; }'
in_host nft add rule ip someone_else c counter
other_before=$(in_host nft list table ip someone_else)
table_before=$(in_host nft list table inet virtnet)

run vn reconcile
expect "nothing to repair" 0 "Network a: ok
Network b: ok" ""

in_host nft flush table inet virtnet
run vn reconcile
expect "a flushed table is restored once for all networks" 0 "Network a: firewall rules were missing from table inet virtnet; table restored
Network b: ok" ""
is "the restored table equals the original" "$(in_host nft list table inet virtnet | sed 's/packets [0-9]* bytes [0-9]*/N/g')" \
	"$(sed 's/packets [0-9]* bytes [0-9]*/N/g' <<<"$table_before")"

in_host nft delete table inet virtnet
run vn reconcile b
expect "a deleted table is restored" 0 "Network b: firewall rules were missing from table inet virtnet; table restored" ""
check "both networks' rules are back" in_host nft list chain inet virtnet vnreca_nat

in_host ip addr del 192.168.181.1/24 dev vnrecb
in_host ip link set vnrecb down
run vn reconcile b
expect "a removed address and a downed link are restored" 0 "Network b: address 192.168.181.1/24 was missing on vnrecb; restored
Network b: vnrecb was down; brought up" ""

in_host ip link del vnreca
run vn reconcile a
expect "a deleted bridge means the network is restarted" 0 "Network a: bridge vnreca was gone; network restarted" ""
check "the bridge is back with its address" sh -c "ip netns exec $NS_HOST ip -4 addr show vnreca | grep -q 192.168.180.1/24"
run vn reconcile
expect "and everything is consistent afterwards" 0 "Network a: ok
Network b: ok" ""
is "the other table was never touched" "$(in_host nft list table ip someone_else)" "$other_before"

run vn destroy a
run vn destroy b
check "nothing left of a" nothing_left vnreca
check "nothing left of b" nothing_left vnrecb
is "the other table is still there, untouched" "$(in_host nft list table ip someone_else)" "$other_before"
done_testing
