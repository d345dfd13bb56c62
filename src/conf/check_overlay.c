/* check_overlay.c - <virtnet:overlay>: define-time contradictions, and what every host
 * derives alike from it */
#include "conf/overlay.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int overlay_family(const vn_overlay *o)
{
	return o->npeers ? o->peers[0].address.family : AF_INET;
}

unsigned overlay_overhead(const vn_overlay *o)
{
	return overlay_family(o) == AF_INET6 ? OVL_OVERHEAD_V6 : OVL_OVERHEAD_V4;
}

unsigned overlay_port(const vn_overlay *o)
{
	return o->port ? o->port : OVL_PORT_DEFAULT;
}

const vn_ovl_peer *overlay_authority(const vn_overlay *o)
{
	for (size_t i = 0; i < o->npeers; i++)
		if (o->peers[i].dhcp)
			return &o->peers[i];
	return NULL;
}

bool net_serves_dhcp(const vn_network *n)
{
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].nranges || n->ips[i].nhosts)
			return true;
	return false;
}

static void vni_mac(uint8_t first, const vn_overlay *o, vn_mac *out)
{
	*out = (vn_mac){ { first, 0x76, 0x6e, (uint8_t)(o->vni >> 16), (uint8_t)(o->vni >> 8),
			   (uint8_t)o->vni } };
}

void overlay_gateway_mac(const vn_overlay *o, vn_mac *out)
{
	vni_mac(0x02, o, out);
}

void overlay_authority_mac(const vn_overlay *o, vn_mac *out)
{
	vni_mac(0x06, o, out);
}

void overlay_vxlan_name(const vn_overlay *o, char out[16])
{
	snprintf(out, 16, "vnx%u", o->vni);
}

/* An underlay address a VXLAN tunnel can end at: unicast, not loopback, not unspecified. */
static bool usable_underlay(const vn_addr *a)
{
	static const uint8_t zero[16];
	const uint8_t *b = a->u.bytes;

	if (a->family == AF_INET)
		return b[0] != 0 && b[0] != 127 && b[0] < 224;
	return memcmp(b, zero, 15) != 0 && b[0] != 0xff;
}

static int check_peer(const vn_network *n, size_t i, vn_err *err)
{
	const vn_overlay *o = n->overlay;
	const vn_addr *a = &o->peers[i].address;
	char s[VN_ADDR_STRLEN];

	addr_format(a, s);
	if (!usable_underlay(a))
		return vn_err_set(err, EINVAL,
				  "network '%s': peer %s cannot end a VXLAN tunnel (unspecified, "
				  "loopback or multicast); give each host's unicast underlay address",
				  n->name, s);
	if (a->family != overlay_family(o))
		return vn_err_set(err, EINVAL,
				  "network '%s': peer %s is not of the same family as peer %s; the "
				  "peers of an overlay are all IPv4 or all IPv6",
				  n->name, s, addr_format(&o->peers[0].address, (char[VN_ADDR_STRLEN]){0}));
	for (size_t j = 0; j < i; j++)
		if (addr_equal(a, &o->peers[j].address))
			return vn_err_set(err, EINVAL,
					  "network '%s': peer %s is listed twice; list each host "
					  "once",
					  n->name, s);
	for (size_t j = 0; j < n->nips; j++)
		if (addr_in_subnet(a, &n->ips[j].address, ip_def_prefix(&n->ips[j])))
			return vn_err_set(err, EINVAL,
					  "network '%s': peer %s is inside the network's own subnet; "
					  "the underlay carries the overlay and cannot be part of it",
					  n->name, s);
	return 0;
}

static int check_authority(const vn_network *n, vn_err *err)
{
	const vn_overlay *o = n->overlay;
	const vn_ovl_peer *auth = overlay_authority(o);
	char s[VN_ADDR_STRLEN];

	for (size_t i = 0; auth && i < o->npeers; i++)
		if (o->peers[i].dhcp && &o->peers[i] != auth)
			return vn_err_set(err, EINVAL,
					  "network '%s': peers %s and %s are both marked dhcp='yes'; "
					  "one host is the network's DHCP authority",
					  n->name, addr_format(&auth->address, s),
					  addr_format(&o->peers[i].address, (char[VN_ADDR_STRLEN]){0}));
	if (!auth && net_serves_dhcp(n))
		return vn_err_set(err, EINVAL,
				  "network '%s' serves DHCP but none of its peers is its DHCP "
				  "authority; mark one <virtnet:peer dhcp='yes'/>",
				  n->name);
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].address.family == AF_INET6 && (n->ips[i].nranges || n->ips[i].nhosts))
			return vn_err_set(err, EINVAL,
					  "network '%s': DHCPv6 does not cross an overlay (only IPv4's "
					  "DHCP and DNS reach its DHCP authority); drop the <dhcp> of "
					  "its IPv6 <ip>", n->name);
	if (auth && !net_serves_dhcp(n))
		return vn_err_set(err, EINVAL,
				  "network '%s': peer %s is marked dhcp='yes' but the network serves "
				  "no DHCP; drop dhcp='yes' or add a <dhcp> range",
				  n->name, addr_format(&auth->address, s));
	return 0;
}

static int check_control(const vn_network *n, vn_err *err)
{
	const vn_overlay *o = n->overlay;

	if (o->control == OVL_CONTROL_STATIC && (o->asn || o->nneighbors))
		return vn_err_set(err, EINVAL,
				  "network '%s': an AS number or <virtnet:neighbor> needs "
				  "control='evpn'; a static overlay has only its peers",
				  n->name);
	if (o->control == OVL_CONTROL_EVPN && !o->asn)
		return vn_err_set(err, EINVAL,
				  "network '%s': control='evpn' needs the network's AS number "
				  "(<virtnet:overlay asn='...'>)",
				  n->name);
	for (size_t i = 0; i < o->nneighbors; i++)
		for (size_t j = 0; j < i; j++)
			if (addr_equal(&o->neighbors[i].address, &o->neighbors[j].address))
				return vn_err_set(err, EINVAL,
						  "network '%s': BGP neighbour %s is listed twice",
						  n->name,
						  addr_format(&o->neighbors[i].address,
							      (char[VN_ADDR_STRLEN]){0}));
	return 0;
}

/* The underlay's MTU is the host's and is checked at start; no underlay carries more than
 * an IP packet's 65535 bytes. */
static int check_mtu(const vn_network *n, vn_err *err)
{
	unsigned over = overlay_overhead(n->overlay);

	if (n->mtu && n->mtu + over > 65535)
		return vn_err_set(err, EINVAL,
				  "network '%s': <mtu size='%u'> plus the overlay's %u bytes of "
				  "%s underlay headers exceeds 65535, which no underlay carries; "
				  "give at most %u",
				  n->name, n->mtu, over,
				  overlay_family(n->overlay) == AF_INET6 ? "IPv6" : "IPv4",
				  65535 - over);
	return 0;
}

int overlay_check(const vn_network *n, vn_err *err)
{
	const vn_overlay *o = n->overlay;
	int r = 0;

	if (!o)
		return 0;
	if (!net_has_bridge(n))
		return vn_err_set(err, EINVAL,
				  "network '%s' with forward mode='%s' cannot span hosts; an "
				  "overlay needs a bridge of virtnet's own (nat, route, open or "
				  "isolated)",
				  n->name, fwd_mode_to_string(n->forward.mode));
	if (n->stp)
		return vn_err_set(err, EINVAL,
				  "network '%s': an overlay's bridge runs without STP: every host's "
				  "bridge has the gateway's MAC, so their bridge IDs would be the "
				  "same, and a new port (a guest that moved) would wait seconds "
				  "before it forwards; write stp='off' or leave stp out",
				  n->name);
	if (!o->npeers)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:overlay> lists no <virtnet:peer>; list "
				  "every host's underlay address, this one's too",
				  n->name);
	for (size_t i = 0; r == 0 && i < o->npeers; i++)
		r = check_peer(n, i, err);
	if (r == 0)
		r = check_authority(n, err);
	if (r == 0)
		r = check_control(n, err);
	if (r == 0)
		r = check_mtu(n, err);
	return r;
}
