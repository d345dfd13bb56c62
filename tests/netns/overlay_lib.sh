# tests/netns/overlay_lib.sh - hosts on an underlay switch, each a virtnet of its own
# (--root $ROOT/HOST), for tests/netns/t-overlay.sh and bench/overlay.sh (sourced after
# tests/lib.sh and tests/netns/lib.sh). OVL_TAG prefixes the namespaces' names (vnt, vnb).
UL=$OVL_TAG-ul-$$
hns() { echo "$OVL_TAG-$1-$$"; }
in_h() { local h=$1; shift; ip netns exec "$(hns "$h")" "$@"; }
vnh() { local h=$1; shift; ip netns exec "$(hns "$h")" "$VIRTNET" --root "$ROOT/$h" "$@"; }
in_ul() { ip netns exec "$UL" "$@"; }

# OVL_CONTROL: the overlays' control, static (default) or evpn
OVL_CONTROL=${OVL_CONTROL:-static}
# the overlay element's attributes for it
ovl_control_attrs() {
	if [ "$OVL_CONTROL" = evpn ]; then echo "control='evpn' asn='65000'"; else echo "control='static'"; fi
}
# Without FRR an evpn run cannot happen: skip, saying why
ovl_need_frr() {
	local d=${VIRTNET_FRR_DIR:-/usr/lib/frr}
	[ "$OVL_CONTROL" = evpn ] || return 0
	if [ ! -x "$d/zebra" ] || [ ! -x "$d/bgpd" ] || ! getent passwd frr >/dev/null; then
		echo "1..0 # SKIP control='evpn' needs FRR (scripts/setup.sh installs Debian's frr)"
		exit 0
	fi
	mkdir -p "$ROOT"
	chmod 755 "$T_TMP" "$ROOT"   # FRR's user reaches its folder under the roots
}

# dnsmasq and FRR daemons of these roots, by their pid files (the namespaces go with
# lib.sh's cleanup, after this)
overlay_cleanup() {
	local f p
	for f in "$ROOT"/h*/run/virtnet/dnsmasq/*.pid "$ROOT"/h*/run/virtnet/frr/daemons/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		[ -n "$p" ] && grep -q "$ROOT" "/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
	done
}
on_exit overlay_cleanup

mkns() {
	ip netns add "$1" || { echo "Bail out! cannot create namespace $1"; exit 1; }
	GUESTS+=("$1")
	ip netns exec "$1" ip link set lo up
	no_ipv6 "$1"
}
# the underlay switch: bridge ulbr
mk_underlay() {
	mkns "$UL"
	in_ul ip link add ulbr type bridge
	in_ul ip link set ulbr up
}
# add_host H N [GW]: namespace for host H, its NIC ul0 198.51.100.N on the underlay switch,
# its default route via GW when given
add_host() {
	mkns "$(hns "$1")"
	mkdir -p "$ROOT/$1"
	in_ul ip link add "u$1" type veth peer name ul0 netns "$(hns "$1")"
	in_ul ip link set "u$1" master ulbr up
	in_h "$1" ip addr add "198.51.100.$2/24" dev ul0
	in_h "$1" ip link set ul0 up
	[ -z "${3:-}" ] || in_h "$1" ip route add default via "$3"
}
# guest_on H G MAC [NET [IP]]: guest G (made when new) on host H's network (lab), through
# port-create (its address pinned to IP when given); its port's UUID in PORT_G
guest_on() {
	local net=${4:-lab}
	[ -e "/run/netns/$(gns "$2")" ] || { mkguest "$2"; no_ipv6 "$(gns "$2")"; }
	vnh "$1" port-create "$net" --type veth --netns "$(gns "$2")" --mac "$3" ${5:+--ip "$5"} \
		>"$T_TMP/port-$2" 2>&1
	eval "PORT_$2=\$(awk '/^Network port/ {print \$3; exit}' \"\$T_TMP/port-$2\")"
}

# lab_xml [N]: the network lab, nat and DHCP across hosts h1 (its DHCP authority) to hN
# (198.51.100.1-N; default 3), VNI 4242
lab_xml() {
	local i
	cat <<-EOF
	<network xmlns:virtnet='urn:virtnet:network:1'>
	  <name>lab</name>
	  <forward mode='nat'/>
	  <bridge name='vnlab'/>
	  <ip address='10.50.0.1' prefix='24'><dhcp><range start='10.50.0.100' end='10.50.0.200'/></dhcp></ip>
	  <virtnet:overlay type='vxlan' vni='4242' $(ovl_control_attrs)>
	    <virtnet:peer address='198.51.100.1' dhcp='yes'/>
	EOF
	for ((i = 2; i <= ${1:-3}; i++)); do echo "    <virtnet:peer address='198.51.100.$i'/>"; done
	echo "  </virtnet:overlay>"
	echo "</network>"
}
