#!/bin/bash
# The shipped default network (NAT): leases for real DHCP clients, guest-to-guest and
# gateway traffic, masquerade to the internet, nothing inbound, a static host, DNS names.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
echo_server

sed "s|</dhcp>|<host mac='52:54:00:00:00:99' name='fixed' ip='192.168.122.99'/></dhcp>|; s|<forward/>|<forward/><domain name='lab.test'/>|" \
	"$TOP/data/networks/default.xml" >"$T_TMP/default.xml"
run vn define "$T_TMP/default.xml"
run vn start default
expect "start default" 0 "Network default started" ""
run vn start default
expect "start of a running network is a no-op" 0 "Network default is already active" ""
run vn -q list --name
expect "list shows it active" 0 "default" ""
run vn info default
check "info says active with its bridge" grep -qz "Active:         yes.*Bridge:         virbr0" <<<"$OUT"

add_guest g1 virbr0 52:54:00:00:00:01
add_guest g2 virbr0 52:54:00:00:00:02
add_guest g3 virbr0 52:54:00:00:00:99
ip1=$(dhcp g1 alpha)
ip2=$(dhcp g2 beta)
ip3=$(dhcp g3 gamma)
in_range() { local o=${1##*.}; [[ $1 == 192.168.122.* ]] && [ "$o" -ge 2 ] && [ "$o" -le 254 ]; }
check "guest 1 got a lease in the range ($ip1)" in_range "$ip1"
check "guest 2 got a lease in the range ($ip2)" in_range "$ip2"
is "the static host got its fixed address" "$ip3" "192.168.122.99"
is "the lease names the gateway as router" "$(lease_field g1 router)" "192.168.122.1"
is "the lease names the gateway as DNS server" "$(lease_field g1 dns)" "192.168.122.1"
is "the lease carries the domain" "$(lease_field g1 domain)" "lab.test"

run vn -q dhcp-leases default
check "dhcp-leases lists guest 1" grep -qE "52:54:00:00:00:01 +ipv4 +$ip1/24 +alpha " <<<"$OUT"
check "dhcp-leases lists guest 2" grep -qE "52:54:00:00:00:02 +ipv4 +$ip2/24 +beta " <<<"$OUT"
run vn dhcp-leases default --mac 52:54:00:00:00:02 --json
check "dhcp-leases --mac --json" grep -q "\"ip\": \"$ip2\"" <<<"$OUT"
is "dhcp-leases --mac filters" "$(grep -c '"mac"' <<<"$OUT")" 1

check "guest 1 pings the gateway" guest g1 busybox ping -c 2 -W 2 192.168.122.1
check "guest 1 pings guest 2" guest g1 busybox ping -c 2 -W 2 "$ip2"

# masquerade: the server sees the host's uplink address
echo_client g1 "$T_TMP/echo.out"
peer=$(server_peer)
is "the server sees the guest as the host's uplink address" "${peer%:*}" "192.0.2.1"
wait "$CLIENT"
is "the guest got its echo back" "$(cat "$T_TMP/echo.out")" "hello"

# nothing from outside can open a connection to a guest (even with a route back)
in_inet ip route add 192.168.122.0/24 via 192.0.2.1
spawn "vnt-g2-$$" busybox nc -ll -p 9090 -e /bin/cat
before=$(chain_counter virbr0_in "reject")
in_inet timeout 5 busybox nc -w 2 "$ip2" 9090 </dev/null >/dev/null 2>&1
after=$(chain_counter virbr0_in "reject")
check "a connection from outside was rejected by our rule (counter $before -> $after)" [ "${after:-0}" -gt "${before:-0}" ]
is "the guest never saw that connection" "$(guest g2 ss -Htn state established '( sport = :9090 )' | wc -l)" 0

# DNS: guests resolve each other's names through the network's DNS
res=$(guest g1 busybox nslookup beta 192.168.122.1 2>&1)
check "guest 1 resolves guest 2 by name" grep -q "Address: $ip2" <<<"$res"
res=$(guest g1 busybox nslookup beta.lab.test 192.168.122.1 2>&1)
check "and by its name in the network's domain" grep -q "Address: $ip2" <<<"$res"

# a network's dnsmasq sleeps through other networks' starts and destroys (its rtnetlink
# socket filters other interfaces' changes), yet still hears its own bridge's
dm=$(cat "$ROOT"/run/virtnet/dnsmasq/*.pid)
woken() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$dm/status"; }
net_xml other nat vnother0 192.168.123 2-20 >"$T_TMP/other.xml"
run vn define "$T_TMP/other.xml"
w0=$(woken)
run vn start other
run vn destroy other
w1=$(woken)
check "another network's start and destroy do not wake its dnsmasq ($w0 -> $w1 wake-ups)" \
	[ "$w1" -le $((w0 + 1)) ]
in_host ip addr add 192.168.122.250/32 dev virbr0
wait_until 2 [ "$(woken)" -gt "$w1" ]
in_host ip addr del 192.168.122.250/32 dev virbr0
check "an address added to its own bridge wakes it ($w1 -> $(woken))" [ "$(woken)" -gt "$w1" ]
run vn undefine other

run vn destroy default
expect "destroy" 0 "Network default destroyed" ""
run vn destroy default
expect "destroy of an inactive network is a no-op" 0 "Network default is not active" ""
check "after destroy: no link, nft object, dnsmasq or status of ours" nothing_left virbr0
done_testing
