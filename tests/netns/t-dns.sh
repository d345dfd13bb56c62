#!/bin/bash
# DNS stays isolated per network: each network's DNS answers for its own guests and static
# records only; a guest never resolves another network's names.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
# an "upstream" DNS server on the internet that knows no names at all (NXDOMAIN for all)
spawn "$NS_INET" dnsmasq --keep-in-foreground --port=53 --listen-address=192.0.2.2 --bind-interfaces \
	--no-resolv --no-hosts --local=/#/ --pid-file="$T_TMP/upstream.pid" --user=nobody --log-facility=/dev/null
for n in a b; do
	o=$([ $n = a ] && echo 190 || echo 191)
	net_xml "dns$n" nat "vndns$n" "192.168.$o" 10-20 "<dns>
    <forwarder addr='192.0.2.2'/>
    <host ip='192.168.$o.5'><hostname>static-$n</hostname></host>
    <txt name='txt-$n' value='hello from $n'/>
  </dns>" >"$T_TMP/$n.xml"
	run vn define "$T_TMP/$n.xml"
	run vn start "dns$n"
done
add_guest a1 vndnsa 52:54:00:00:07:01
add_guest a2 vndnsa 52:54:00:00:07:02
add_guest b1 vndnsb 52:54:00:00:07:11
ipa1=$(dhcp a1 guest-a1)
ipa2=$(dhcp a2 guest-a2)
ipb1=$(dhcp b1 guest-b1)
check "all three guests have leases ($ipa1 $ipa2 $ipb1)" sh -c "[ -n '$ipa1' ] && [ -n '$ipa2' ] && [ -n '$ipb1' ]"

res=$(guest a1 busybox nslookup guest-a2 192.168.190.1 2>&1)
check "a guest resolves a guest of its own network" grep -q "Address: $ipa2" <<<"$res"
res=$(guest a1 busybox nslookup static-a 192.168.190.1 2>&1)
check "and its network's static DNS host" grep -q "Address: 192.168.190.5" <<<"$res"
res=$(guest a1 busybox nslookup guest-b1 192.168.190.1 2>&1)
check "a guest of another network is not resolved (NXDOMAIN)" grep -qi "NXDOMAIN\|can't find" <<<"$res"
check "and that answer came back (no timeout)" sh -c "! echo \"\$0\" | grep -qi 'timed out'" "$res"
res=$(guest a1 busybox nslookup static-b 192.168.190.1 2>&1)
check "another network's static host is not resolved" grep -qi "NXDOMAIN\|can't find" <<<"$res"
res=$(guest b1 busybox nslookup guest-a1 192.168.191.1 2>&1)
check "nor the other way round" grep -qi "NXDOMAIN\|can't find" <<<"$res"
res=$(guest b1 busybox nslookup guest-b1 192.168.191.1 2>&1)
check "while network b resolves its own guest" grep -q "Address: $ipb1" <<<"$res"

run vn destroy dnsa
run vn destroy dnsb
check "nothing left of a" nothing_left vndnsa
check "nothing left of b" nothing_left vndnsb
done_testing
