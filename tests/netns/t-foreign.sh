#!/bin/bash
# Coexisting with someone else's firewall: a table whose forward (or input) policy drops
# makes start warn and name the fix; after applying the fix guests get through. Our rules
# never touch that table.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
echo_server
# what Docker does (through iptables-nft): table ip filter, FORWARD policy drop
in_host nft -f - <<'NFT'
table ip filter {
	chain FORWARD { type filter hook forward priority filter; policy drop; }
	chain INPUT { type filter hook input priority filter; policy drop; }
}
NFT
before=$(in_host nft list table ip filter)
run vn define "$TOP/data/networks/default.xml"
run vn start default
fix_fwd="nft insert rule ip filter FORWARD iifname \"virbr0\" accept; nft insert rule ip filter FORWARD oifname \"virbr0\" accept"
fix_in="nft insert rule ip filter INPUT iifname \"virbr0\" udp dport { 53, 67, 547 } accept; nft insert rule ip filter INPUT iifname \"virbr0\" tcp dport 53 accept"
check "start succeeds" [ "$RC" = 0 ]
check "start warns about the forward drop policy and names the fix" grep -qF "warning: table ip filter chain FORWARD drops forwarded packets (policy drop), so guests on virbr0 cannot reach beyond the host; let them through with: $fix_fwd" <<<"$ERR"
check "start warns about the input drop policy and names the fix" grep -qF "warning: table ip filter chain INPUT drops incoming packets (policy drop), so guests on virbr0 get no DHCP or DNS; let them through with: $fix_in" <<<"$ERR"
is "the other table was not touched" "$(in_host nft list table ip filter)" "$before"

add_guest g1 virbr0 52:54:00:00:06:01
ip1=$(dhcp g1)
is "with the host's input policy dropping, DHCP cannot get through (no lease)" "$ip1" ""
in_host sh -c "$fix_in"
ip1=$(dhcp g1)
check "after the suggested input fix the guest gets a lease ($ip1)" grep -q '^192\.168\.122\.' <<<"$ip1"
guest g1 timeout 5 busybox nc -w 2 198.51.100.1 8080 </dev/null >/dev/null 2>&1
is "the forward drop policy still stops the guest at the host" "$(in_inet ss -Htn state established '( sport = :8080 )' | wc -l)" 0
in_host sh -c "$fix_fwd"
out=$(echo hi | guest g1 timeout 5 busybox nc -w 2 198.51.100.1 8080 2>&1)
is "after the suggested forward fix the guest reaches the internet" "$out" "hi"

run vn destroy default
check "nothing of ours left" nothing_left virbr0
check "the other table is still there" in_host nft list table ip filter
done_testing
