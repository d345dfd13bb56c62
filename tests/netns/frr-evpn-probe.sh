#!/bin/bash
# frr-evpn-probe.sh - the research behind doc/overlay-evpn.md, without virtnet: three "host"
# namespaces on an underlay, each with a bridge and a kernel VXLAN device (VNI 4242, local,
# dstport 4789, nolearning; learning off and neigh_suppress on its bridge port), FRR's zebra
# and bgpd per host with hand-written configuration (iBGP, address-family l2vpn evpn,
# advertise-all-vni), each with its own vty, zserv, pid and log paths. Prints the EVPN
# sessions, the type-2 and type-3 routes, the flood and MAC entries zebra installed, and
# whether the guests ping each other. Run as root; removes everything it made on exit.
set -u
P=$$
D=$(mktemp -d /tmp/frr-evpn-probe.XXXXXX)
chmod 755 "$D"
NSS=()
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for f in $D/*/*.pid; do [ -f "$f" ] && kill "$(cat $f)" 2>/dev/null; done
	sleep 0.3
	for f in $D/*/*.pid; do [ -f "$f" ] && kill -9 "$(cat $f)" 2>/dev/null; done
	for n in "${NSS[@]}"; do ip netns del $n 2>/dev/null; done
	rm -rf "$D"
}
trap cleanup EXIT
U=evr-u-$P
ip netns add $U; NSS+=($U)
ip -n $U link add ul type bridge; ip -n $U link set ul up; ip -n $U link set lo up
for i in 1 2 3; do
	H=evr-h$i-$P; G=evr-g$i-$P
	ip netns add $H; NSS+=($H); ip netns add $G; NSS+=($G)
	ip -n $H link set lo up; ip -n $G link set lo up
	ip -n $H link add eth0 type veth peer name h$i netns $U
	ip -n $U link set h$i master ul; ip -n $U link set h$i up
	ip -n $H addr add 203.0.113.$i/24 dev eth0; ip -n $H link set eth0 up
	ip -n $H link add br-lab type bridge
	ip -n $H link set br-lab up
	ip -n $H link add vx4242 type vxlan id 4242 local 203.0.113.$i dstport 4789 nolearning
	ip -n $H link set vx4242 master br-lab
	ip -n $H link set dev vx4242 type bridge_slave learning off neigh_suppress on
	ip -n $H link set vx4242 up
	ip -n $H link add gp type veth peer name eth0 netns $G
	ip -n $G link set eth0 address 52:54:00:00:00:0$i
	ip -n $G addr add 10.50.0.1$i/24 dev eth0; ip -n $G link set eth0 up
	ip -n $H link set gp master br-lab; ip -n $H link set gp up
	mkdir -p $D/h$i && chown frr:frr $D/h$i
	others=""
	for j in 1 2 3; do [ $j = $i ] || others="$others 203.0.113.$j"; done
	{
		echo "frr defaults traditional"
		echo "hostname h$i"
		echo "router bgp 65000"
		echo " bgp router-id 203.0.113.$i"
		echo " no bgp default ipv4-unicast"
		for n in $others; do echo " neighbor $n remote-as 65000"; done
		echo " address-family l2vpn evpn"
		for n in $others; do echo "  neighbor $n activate"; done
		echo "  advertise-all-vni"
		echo " exit-address-family"
	} > $D/h$i/bgpd.conf
	echo "hostname h$i" > $D/h$i/zebra.conf
	ip netns exec $H /usr/lib/frr/zebra -d -u frr -g frr --vty_socket $D/h$i -z $D/h$i/zserv.api -i $D/h$i/zebra.pid -f $D/h$i/zebra.conf --log file:$D/h$i/zebra.log -A 127.0.0.1 -P 0 || echo zebra$i failed
	ip netns exec $H /usr/lib/frr/bgpd -d -u frr -g frr --vty_socket $D/h$i -z $D/h$i/zserv.api -i $D/h$i/bgpd.pid -f $D/h$i/bgpd.conf --log file:$D/h$i/bgpd.log -A 127.0.0.1 -P 0 || echo bgpd$i failed
done
for t in $(seq 1 100); do
	ip netns exec evr-h1-$P vtysh --vty_socket $D/h1 -c "show bgp l2vpn evpn summary" > $D/sum.txt 2>&1
	grep -q "203.0.113.3" $D/sum.txt && ! grep -qE "203.0.113.[23] .*(Active|Connect|Idle|OpenSent)" $D/sum.txt && break
	sleep 0.2
done
echo "sessions established after $t looks (0.2 s apart)"
cat $D/sum.txt
for i in 1 2 3; do ip netns exec evr-g$i-$P busybox ping -c1 -W1 10.50.0.1$(( i % 3 + 1 )) | tail -2; done
ip netns exec evr-h1-$P vtysh --vty_socket $D/h1 -c "show bgp l2vpn evpn route"
ip netns exec evr-h1-$P vtysh --vty_socket $D/h1 -c "show evpn vni detail"
bridge -n evr-h1-$P fdb show dev vx4242
ip -n evr-h1-$P neigh show
echo ping all:
for i in 1 2 3; do for j in 1 2 3; do [ $i = $j ] && continue; ip netns exec evr-g$i-$P busybox ping -c1 -W1 -q 10.50.0.1$j >/dev/null && echo "g$i->g$j ok" || echo "g$i->g$j FAIL"; done; done
