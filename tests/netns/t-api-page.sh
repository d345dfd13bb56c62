#!/bin/bash
# virtnetd's calls for a browser page (doc/api.md): who may change (/v1/access, for root and
# for nobody), the host's devices, the create form's checks (each field's message, the
# suggested range, the XML define takes), a definition validated with its error's line, the
# ports with their counters, and the repairs kept on disk across a restart of virtnetd.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
SOCK=$ROOT/run/virtnet/virtnetd.sock
api() { in_host curl -s --unix-socket "$SOCK" "$@"; }
as_nobody() { in_host setpriv --reuid=65534 --regid=65534 --clear-groups curl -s --unix-socket "$SOCK" "$@"; }
field() { /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d = d[k] if not isinstance(d, list) else d[int(k)]
print("null" if d is None else d)' "$1"; }
net_xml busy nat vnbusy 192.168.150 100-120 >"$T_TMP/busy.xml"
vn define "$T_TMP/busy.xml" >/dev/null
daemon_start

is "root may change" "$(api http://x/v1/access | field change)" True
check "nobody may only read, and is told why" grep -q "^user 65534 may only read: changes need root" <<<"$(as_nobody http://x/v1/access | field reason)"
is "...and may not" "$(as_nobody http://x/v1/access | field change)" False
is "the host's devices: eth0 with its address" "$(api http://x/v1/host/devices | field 0.name) $(api http://x/v1/host/devices | field 0.addresses.0)" "eth0 192.0.2.1/24"
vn start busy >/dev/null
is "...and not the network's bridge" "$(api http://x/v1/host/devices | grep -c vnbusy)" 0

draft() { api "http://x/v1/draft?$1"; }
d=$(draft 'name=lab&ipv4=192.168.160.0/24&dhcp-start=192.168.160.100&dhcp-end=192.168.160.200&forward=nat&dev=eth0&domain=lab.test')
is "a good form: valid" "$(field valid <<<"$d")" True
is "...with the upper half of the space as its suggested range" "$(field dhcp-start <<<"$d")-$(field dhcp-end <<<"$d")" "192.168.160.128-192.168.160.254"
field xml <<<"$d" >"$T_TMP/lab.xml"
check "...and XML with NAT to eth0, the domain, the bridge's first address and the range" \
	grep -qzE "<forward dev='eth0' mode='nat'>.*<domain name='lab.test' localOnly='yes'/>.*<ip address='192.168.160.1' prefix='24'>.*<range start='192.168.160.100' end='192.168.160.200'/>" "$T_TMP/lab.xml"
is "which define takes" "$(api -X POST --data-binary @"$T_TMP/lab.xml" 'http://x/v1/networks?strict=1' | field result)" defined
d=$(draft 'name=a/b&ipv4=192.168.150.0/24&dhcp-start=192.168.150.10&dhcp-end=192.168.151.5&forward=open&dev=eth0&ipv6=fd00::/48&domain=a..b')
is "a name with a slash: at the name" "$(field errors.name <<<"$d")" "network name 'a/b' must not contain '/'"
is "a space another network has: at the space, naming it" "$(field errors.ipv4 <<<"$d")" \
	"192.168.150.0/24 overlaps 192.168.150.0/24 of network 'busy': choose another address space"
is "a device with open: at forwarding" "$(field errors.forward <<<"$d")" "only nat and route go out through one device; open takes none"
is "an IPv6 prefix not /64" "$(field errors.ipv6 <<<"$d")" \
	"the IPv6 prefix must be /64: guests configure themselves from router advertisements, which need /64"
check "a domain that is not one" grep -q "'a..b' is not a DNS domain" <<<"$(field errors.domain <<<"$d")"
is "no XML" "$(field xml <<<"$d")" null
is "a range outside the space" "$(draft 'name=x&ipv4=10.9.0.0/24&dhcp-start=10.9.1.1&dhcp-end=10.9.0.20' | field errors.dhcp)" \
	"the range 10.9.1.1 - 10.9.0.20 is not inside the address space 10.9.0.0/24: use addresses from 10.9.0.128 to 10.9.0.254"
is "a public space" "$(draft 'name=x&ipv4=198.51.100.0/24' | field errors.ipv4)" \
	"198.51.100.0/24 is not a private address space: choose one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)"
in_host ip addr add 10.77.0.1/24 dev eth0
is "a space a host route has: naming the route and its device" "$(draft 'name=x&ipv4=10.77.0.0/24' | field errors.ipv4)" \
	"10.77.0.0/24 overlaps the host's route to 10.77.0.0/24 on eth0: choose another address space"
is "a taken name" "$(draft 'name=lab&ipv4=10.78.0.0/24' | field errors.name)" "a network named 'lab' exists already: choose another name"
is "a device the host does not have" "$(draft 'name=x&ipv4=10.78.0.0/24&forward=nat&dev=nope0' | field errors.forward)" \
	"the host has no device 'nope0' a network can go out through: choose one of the list, or any"
is "a network that forwards without an address space: at the space" "$(draft 'name=x&forward=route' | field errors.ipv4)" \
	"a network that forwards (route) needs an address space: give an IPv4 space or an IPv6 prefix, or make the network isolated"
is "a name with a control character: at the name, not quoted" "$(draft 'name=a%01b&forward=none' | field errors.name)" \
	"the name has a control character or bytes that are not UTF-8: type it again"
long=$(printf 'a%.0s' {1..257})
is "a field over 256 bytes: 400, naming it" "$(api -o /dev/null -w '%{http_code}' "http://x/v1/draft?name=$long") $(draft "name=$long" | field error)" \
	"400 the form's field name is longer than 256 bytes, or not of a query's form"
is "nobody may draft too (it changes nothing)" "$(as_nobody 'http://x/v1/draft?name=y&ipv4=10.78.0.0/24' | field valid)" True

printf '<network>\n  <name>x</name>\n  <forward mode="natt"/>\n</network>\n' >"$T_TMP/bad1.xml"
v=$(api -X POST --data-binary @"$T_TMP/bad1.xml" http://x/v1/validate)
is "validate: a bad value, at its line" "$(field valid <<<"$v") $(field line <<<"$v")" "False 3"
printf '<network>\n  <name>x</name>\n  <ip address="10.1.0.1" prefix="24">\n    <dhcp>\n      <range start="10.2.0.1" end="10.2.0.9"/>\n    </dhcp>\n  </ip>\n</network>\n' >"$T_TMP/bad2.xml"
v=$(api -X POST --data-binary @"$T_TMP/bad2.xml" http://x/v1/validate)
is "a range outside its network: the line of its <range>" "$(field line <<<"$v")" 5
printf '<network>\n<name>x</name>\n<forward>\n</network>\n' >"$T_TMP/bad3.xml"
v=$(api -X POST --data-binary @"$T_TMP/bad3.xml" http://x/v1/validate)
is "malformed XML: libxml2's line" "$(field line <<<"$v")" 4
is "a good one is valid, named" "$(api -X POST --data-binary @"$T_TMP/busy.xml" http://x/v1/validate | field name)" busy
is "validate defines nothing" "$(vn list --all --name | sed '/^$/d' | tr '\n' ' ')" "busy lab "

vn start lab >/dev/null
mkguest g1
vn port-create lab --type veth --netns "$(gns g1)" --mac 52:54:00:16:00:01 >/dev/null
addr=$(dhcp g1)
check "a guest leases an address on lab" test -n "$addr"
p=$(api 'http://x/v1/networks/lab/ports?stats=1')
check "ports?stats=1: its counters (the guest sent its DHCP packets)" test "$(field 0.stats.tx_packets <<<"$p")" -ge 2
is "without stats=1: none" "$(api http://x/v1/networks/lab/ports | grep -c '"stats"')" 0

kill -9 "$(cat "$ROOT/run/virtnet/dnsmasq/"*.pid | head -1)" 2>/dev/null
wait_until 5 sh -c "grep -q repaired '$ROOT/run/virtnet/repairs/busy.log' '$ROOT/run/virtnet/repairs/lab.log' 2>/dev/null"
r=$( (api http://x/v1/networks/busy/repairs; api http://x/v1/networks/lab/repairs) | grep -c '"type": "repaired"')
is "the repair is listed" "$r" 1
kill -9 "$DPID"
wait_until 5 sh -c "! kill -0 $DPID 2>/dev/null"
daemon_start
r=$( (api http://x/v1/networks/busy/repairs; api http://x/v1/networks/lab/repairs) | grep -c 'dnsmasq was not running; restarted')
is "...also by the next virtnetd" "$r" 1
echo 'garbage' >"$ROOT/run/virtnet/repairs/busy.log"
check "a damaged record is refused, naming the file" sh -c "curl -s --unix-socket '$SOCK' http://x/v1/networks/busy/repairs | grep -q 'repairs/busy.log, line 1: not a repair record'"
vn destroy lab >/dev/null
vn destroy busy >/dev/null
daemon_log_clean
done_testing
