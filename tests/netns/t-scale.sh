#!/bin/bash
# 100 NAT networks with DHCP: the rules every packet meets (our base chains) stay the
# same in number as with one network, and everything goes away again. How the 100th start
# compares with the first is printed as a figure; bench/ measures it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
N=${SCALE_NETWORKS:-100}
ip netns add "$NS_HOST" || exit 1
in_host ip link set lo up
base_rules() { # rules in input, forward and postrouting of our table
	local c n=0
	for c in input forward postrouting; do
		n=$((n + $(in_host nft list chain inet virtnet $c | grep -cvE '^\s*(table|chain|type|}|$)')))
	done
	echo $n
}
now_us() { echo ${EPOCHREALTIME/./}; }
times=()
for i in $(seq "$N"); do
	cat >"$T_TMP/n$i.xml" <<XML
<network><name>s$i</name><forward mode='nat'/><bridge name='vns$i'/>
<ip address='10.$((100 + i / 250)).$((i % 250)).1' prefix='24'><dhcp><range start='10.$((100 + i / 250)).$((i % 250)).2' end='10.$((100 + i / 250)).$((i % 250)).254'/></dhcp></ip></network>
XML
	vn -q define "$T_TMP/n$i.xml" || not_ok "define s$i"
	t0=$(now_us)
	vn -q start "s$i" || not_ok "start s$i"
	times+=($(( $(now_us) - t0 )))
	[ "$i" = 1 ] && one=$(base_rules)
done
is "all $N networks are active" "$(vn -q list --name | wc -l)" "$N"
is "$N dnsmasq processes serve them" "$(pgrep -fc "$ROOT/run/virtnet/dnsmasq")" "$N"
many=$(base_rules)
is "rules in our base chains: the same with $N networks as with 1 ($one)" "$many" "$one"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
first=$(median "${times[@]:0:10}")
last=$(median "${times[@]: -10}")
# a figure, not a check: timings belong to bench/ (a busy machine makes any bound flaky)
echo "# start, median of the first 10: $((first / 1000)) ms, of the last 10: $((last / 1000)) ms"
for i in $(seq "$N"); do vn -q destroy "s$i" || not_ok "destroy s$i"; done
check "nothing left" nothing_left vns1
done_testing
