#!/bin/bash
# An overlay network measured, in namespaces (tests/netns/t-overlay.sh's topology): hosts h1
# (DHCP authority), h2, h3 and h4 on an underlay switch, a virtnet each.
#   - guest-to-guest TCP throughput (iperf3, SECS seconds) across hosts (a on h1 -> b on h2,
#     through VXLAN) against the same between two guests of one host (a -> c, both on h1),
#     and their ratio
#   - the time from `virtnet start` on a fourth host (listed among the peers from the start,
#     as a static overlay needs) until a new guest there has leased from the authority and
#     pinged a guest on h1: start, port-create, DHCP and the first ping, each timed
#   OVL_CONTROL=static|evpn bash bench/overlay.sh   (as root; default static)
#     -> build/bench/overlay-CONTROL.md
set -u
cd "$(dirname "$0")/.." || exit 1
top=$PWD
VIRTNET=${VIRTNET:-$top/build/virtnet}
SECS=${SECS:-5}
out=$top/build/bench
mkdir -p "$out"
command -v iperf3 >/dev/null || { echo "bench/overlay.sh: needs iperf3 (scripts/setup.sh)" >&2; exit 1; }
. "$top/tests/lib.sh"
. "$top/tests/netns/lib.sh"

OVL_TAG=vnb
. "$top/tests/netns/overlay_lib.sh"
ovl_need_frr
now_ms() { echo $((${EPOCHREALTIME//[.,]/} / 1000)); }
leased_on() {   # H G MAC: a guest on host H, leased; its address in LEASED
	guest_on "$@"
	LEASED=$(dhcp "$2" "$2")
}
# iperf GUEST-FROM ADDR: Mbit/s of one TCP stream over SECS
iperf() {
	guest "$1" timeout $((SECS + 10)) iperf3 -c "$2" -t "$SECS" -J 2>/dev/null |
		python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))'
}

mk_underlay
for i in 1 2 3 4; do add_host "h$i" "$i"; done
lab_xml 4 >"$T_TMP/lab.xml"
for h in h1 h2 h3 h4; do vnh "$h" -q define "$T_TMP/lab.xml" >/dev/null; done
for h in h1 h2 h3; do vnh "$h" -q start lab >/dev/null || { echo "start on $h failed" >&2; exit 1; }; done
leased_on h1 a 52:54:00:60:00:01 && ipa=$LEASED
leased_on h2 b 52:54:00:60:00:02 && ipb=$LEASED
leased_on h1 c 52:54:00:60:00:03 && ipc=$LEASED
[ -n "$ipa" ] && [ -n "$ipb" ] && [ -n "$ipc" ] || { echo "a guest got no lease" >&2; exit 1; }
for g in b c; do
	spawn "$(gns "$g")" iperf3 -s -1 >/dev/null 2>&1   # one test, then it exits
	wait_until 5 listening "$(gns "$g")" tcp 5201
done
across=$(iperf a "$ipb")
local_=$(iperf a "$ipc")
ratio=$(python3 -c "print(f'{$across/$local_:.2f}')" 2>/dev/null)

# a new guest's first lease on the authority's own host, for comparison
te0=$(now_ms)
leased_on h1 e 52:54:00:60:00:05
te1=$(now_ms)

t0=$(now_ms)
vnh h4 -q start lab >/dev/null
t1=$(now_ms)
mkguest d && no_ipv6 "$(gns d)"
vnh h4 -q port-create lab --type veth --netns "$(gns d)" --mac 52:54:00:60:00:04 >/dev/null
t2=$(now_ms)
ipd=$(dhcp d d)
t3=$(now_ms)
wait_until 30 guest d busybox ping -c 1 -W 1 "$ipa"
t4=$(now_ms)

{
	echo "# An overlay network, control='$OVL_CONTROL' (bench/overlay.sh, $(date -u +%Y-%m-%d), $(nproc) CPUs)"
	echo
	echo "| what | value |"
	echo "|---|---|"
	echo "| TCP, guest to guest across hosts (VXLAN, MTU 1450) | $across Mbit/s |"
	echo "| TCP, the same guest to a guest of its own host | $local_ Mbit/s |"
	echo "| ratio across / one host | $ratio |"
	echo "| start on a fourth host | $((t1 - t0)) ms |"
	echo "| its guest's port made | $((t2 - t1)) ms |"
	echo "| its lease from the authority (udhcpc, ${ipd:-none}) | $((t3 - t2)) ms |"
	echo "| (a new guest's first lease on the authority's own host, port included) | $((te1 - te0)) ms |"
	echo "| its first ping to a guest on h1 answered | $((t4 - t3)) ms |"
	echo "| in all, start to reaching the others | $((t4 - t0)) ms |"
} | tee "$out/overlay-$OVL_CONTROL.md"
