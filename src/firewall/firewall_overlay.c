/* firewall_overlay.c - an overlay network's rules in our bridge table (pure text)
 *
 * Every host has the gateway's address and MAC (G): a guest's ARP or neighbour discovery
 * for it is answered by its own host and dropped where it would cross the VXLAN port, both
 * ways. A host's own frames never cross with G as their source: the other hosts' bridges
 * have G too. The DHCP authority alone speaks across the overlay, with its own MAC (M,
 * conf/overlay.h), so that answers come back to it: frames to M are taken as its own. On the
 * other hosts, a guest's DHCP and DNS to the gateway is sent to M (a static forwarding entry
 * leads it through the VXLAN port to the authority), ARP replies to M go there too, and
 * anything else to M (a guest that learned M from the authority's ARP) stays with its own
 * host, as G. DHCPACKs that arrive through the VXLAN port go through the ports' <bridge>_to
 * chains, which learn the leases for anti-spoofing. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/overlay.h"
#include "firewall/firewall_bridge.h"
#include "util/cleanup.h"

void fwo_render_base(vn_buf *b, const char *t)
{
	buf_printf(b, "add map bridge %s ovl_dst { type ether_addr : verdict; }\n", t);
	buf_printf(b, "add map bridge %s ovl_from { type ifname : verdict; }\n", t);
	buf_printf(b, "add map bridge %s ovl_out { type ifname : verdict; }\n", t);
	buf_printf(b, "add map bridge %s ovl_in { type ifname : verdict; }\n", t);
	buf_printf(b,
		   "add chain bridge %s forward { type filter hook forward priority filter; "
		   "policy accept; }\n",
		   t);
	buf_printf(b, "flush chain bridge %s forward\n", t);
	buf_printf(b, "add rule bridge %s forward iifname vmap @ovl_in\n", t);
	buf_printf(b,
		   "add chain bridge %s egress { type filter hook postrouting priority filter; "
		   "policy accept; }\n",
		   t);
	buf_printf(b, "flush chain bridge %s egress\n", t);
	buf_printf(b, "add rule bridge %s egress oifname vmap @ovl_out\n", t);
}

/* The gateway's link-local IPv6 address, from its MAC (EUI-64), as a 128-bit hex value */
static void link_local_hex(const vn_mac *m, char out[40])
{
	snprintf(out, 40, "0xfe80000000000000%02x%02x%02xfffe%02x%02x%02x", m->b[0] ^ 2, m->b[1],
		 m->b[2], m->b[3], m->b[4], m->b[5]);
}

static void nd_drop(vn_buf *b, const char *t, const char *c, const char *hex)
{
	buf_printf(b,
		   "add rule bridge %s %s icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } "
		   "@th,64,128 %s counter drop\n",
		   t, c, hex);
}

/* Neither ARP nor neighbour discovery for the gateway crosses (chain c: either way) */
static void gateway_stays(vn_buf *b, const char *t, const char *c, const vn_network *n)
{
	char s[VN_ADDR_STRLEN], hex[40];

	for (size_t i = 0; i < n->nips; i++) {
		const vn_addr *a = &n->ips[i].address;
		if (a->family == AF_INET) {
			addr_format(a, s);
			buf_printf(b, "add rule bridge %s %s arp operation request arp daddr ip %s "
				   "counter drop\n", t, c, s);
			buf_printf(b, "add rule bridge %s %s arp operation reply arp saddr ip %s "
				   "counter drop\n", t, c, s);
			continue;
		}
		snprintf(hex, sizeof(hex), "0x");
		for (int k = 0; k < 16; k++)
			snprintf(hex + 2 + 2 * k, sizeof(hex) - 2 - 2 * (size_t)k, "%02x",
				 a->u.bytes[k]);
		nd_drop(b, t, c, hex);
	}
	link_local_hex(&n->mac, hex);
	nd_drop(b, t, c, hex);
}

/* A host that defers: DHCP and DNS to the gateway go to the authority */
static void steer_to_authority(vn_buf *b, const char *t, const char *c, const vn_network *n,
			       const char *vx, const char *m, const char *g)
{
	char s[VN_ADDR_STRLEN];

	for (size_t i = 0; i < n->nips; i++) {
		if (n->ips[i].address.family != AF_INET)
			continue;
		addr_format(&n->ips[i].address, s);
		buf_printf(b, "add rule bridge %s %s iifname != \"%s\" ip daddr %s udp dport { 53, 67 } "
			   "ether daddr set %s return\n", t, c, vx, s, m);
		buf_printf(b, "add rule bridge %s %s iifname != \"%s\" ip daddr %s tcp dport 53 "
			   "ether daddr set %s return\n", t, c, vx, s, m);
	}
	buf_printf(b, "add rule bridge %s %s iifname != \"%s\" ether daddr %s arp operation reply "
		   "return\n", t, c, vx, m);
	buf_printf(b, "add rule bridge %s %s iifname != \"%s\" ether daddr %s ether daddr set %s "
		   "meta pkttype set host\n", t, c, vx, m, g);
}

static void chains(vn_buf *b, const char *t, const char *id, const char *const *suffix,
		   size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "add chain bridge %s %s_%s\nflush chain bridge %s %s_%s\n", t, id,
			   suffix[i], t, id, suffix[i]);
}

static void network_rules(vn_buf *b, const char *t, const vn_network *n, const vn_fwo_role *r,
			  const char *id)
{
	static const char *const suffix[] = { "ovl_dst", "ovl_from", "ovl_out", "ovl_in" };
	char g[VN_MAC_STRLEN], m[VN_MAC_STRLEN], c[80];
	vn_mac am;

	overlay_authority_mac(n->overlay, &am);
	mac_format(&n->mac, g);
	mac_format(&am, m);
	chains(b, t, id, suffix, ELEMENTSOF(suffix));
	snprintf(c, sizeof(c), "%s_ovl_dst", id);
	if (r->authority)
		buf_printf(b, "add rule bridge %s %s ether daddr %s ether daddr set %s meta pkttype "
			   "set host\n", t, c, m, g);
	else if (r->defers)
		steer_to_authority(b, t, c, n, r->vxlan, m, g);
	snprintf(c, sizeof(c), "%s_ovl_from", id);
	gateway_stays(b, t, c, n);
	snprintf(c, sizeof(c), "%s_ovl_out", id);
	gateway_stays(b, t, c, n);
	if (r->authority) {
		buf_printf(b, "add rule bridge %s %s ether saddr %s arp saddr ether set %s\n", t, c,
			   g, m);
		buf_printf(b, "add rule bridge %s %s ether saddr %s ether saddr set %s\n", t, c, g, m);
	} else {
		buf_printf(b, "add rule bridge %s %s ether saddr %s counter drop\n", t, c, g);
	}
	buf_printf(b, "add rule bridge %s %s_ovl_in oifname vmap @port_out\n", t, id);
	buf_printf(b, "add element bridge %s ovl_dst { %s : jump %s_ovl_dst, %s : jump %s_ovl_dst }\n",
		   t, g, id, m, id);
	buf_printf(b, "add element bridge %s ovl_from { \"%s\" : jump %s_ovl_from }\n", t, r->vxlan,
		   id);
	buf_printf(b, "add element bridge %s ovl_out { \"%s\" : jump %s_ovl_out }\n", t, r->vxlan, id);
	buf_printf(b, "add element bridge %s ovl_in { \"%s\" : jump %s_ovl_in }\n", t, r->vxlan, id);
}

char *fwo_render_add(const char *t, const vn_network *n, const vn_fwo_role *role)
{
	vn_buf b = {0};
	char id[64];

	fw_chain_id(n->bridge, id);
	fwb_render_base(&b, t);
	network_rules(&b, t, n, role, id);
	return buf_steal(&b);
}

void fwo_keys(const vn_network *n, const char *vxlan, char keys[3][32])
{
	vn_mac am;

	overlay_authority_mac(n->overlay, &am);
	snprintf(keys[0], 32, "%s", vxlan);
	mac_format(&n->mac, keys[1]);
	mac_format(&am, keys[2]);
}
