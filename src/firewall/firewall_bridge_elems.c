/* firewall_bridge_elems.c - a port's elements in our bridge table as the kernel stores them
 * (pure): the same elements fwb_render_port writes as text, for a port created while its
 * network's chains are in place, sent without libnftables (see nl_nft_add_elems). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/port_def.h"
#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"

/* A key field: at its offset, its bytes, padded to 4 as the kernel's registers are */
static void key_put(vn_nft_elem *e, const void *bytes, size_t len, size_t room)
{
	memcpy(e->key + e->keylen, bytes, len);
	e->keylen += (room + 3) & ~(size_t)3;
}

static vn_nft_elem *elem_add(vn_nft_elem *v, size_t *n, const char *set, const char *ifname,
			     const char *jump)
{
	vn_nft_elem *e = &v[(*n)++];
	char name[IFNAMSIZ] = "";

	*e = (vn_nft_elem){0};
	snprintf(e->set, sizeof(e->set), "%s", set);
	snprintf(e->jump, sizeof(e->jump), "%s", jump ? jump : "");
	memcpy(name, ifname, strlen(ifname));   /* checked shorter than IFNAMSIZ */
	key_put(e, name, sizeof(name), sizeof(name));
	return e;
}

static void addresses(vn_nft_elem *v, size_t *n, const vn_port *p)
{
	vn_nft_elem *e;

	if (p->mac_known) {
		e = elem_add(v, n, "port_mac", p->ifname, NULL);
		key_put(e, p->mac.b, sizeof(p->mac.b), sizeof(p->mac.b));
	} else {
		elem_add(v, n, "learning", p->ifname, NULL);
	}
	if (p->ip.family == AF_INET) {
		e = elem_add(v, n, "port_ip4", p->ifname, NULL);
		key_put(e, p->ip.u.bytes, 4, 4);
	}
	if (p->ip.family == AF_INET6) {
		e = elem_add(v, n, "port_ip6", p->ifname, NULL);
		key_put(e, p->ip.u.bytes, 16, 16);
		elem_add(v, n, "pinned6", p->ifname, NULL);
	}
}

int fwb_port_elems(const vn_port *p, const vn_fwb_opts *o, const vn_network *n,
		   vn_nft_elem out[FWB_PORT_ELEMS_MAX], size_t *count)
{
	char id[64], from[80], to[80];

	*count = 0;
	if (o->outbound)
		return -EOPNOTSUPP;   /* its police chain: text */
	if (strlen(p->ifname) >= IFNAMSIZ)
		return -EINVAL;
	if (!o->protect)
		return 0;
	fw_chain_id(n->bridge, id);
	snprintf(from, sizeof(from), "%s_from", id);
	snprintf(to, sizeof(to), "%s_to", id);
	if (strlen(from) >= sizeof(out->jump) || strlen(to) >= sizeof(out->jump))
		return -EINVAL;
	addresses(out, count, p);
	elem_add(out, count, "port_in", p->ifname, from);
	elem_add(out, count, "port_out", p->ifname, to);
	return 0;
}
