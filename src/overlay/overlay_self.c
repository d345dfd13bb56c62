/* overlay_self.c - which peer of an overlay this host is, and its underlay */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/overlay.h"
#include "overlay/overlay.h"
#include "util/buf.h"
#include "util/cleanup.h"

static const vn_link_info *link_by_index(const vn_link_info *v, size_t n, int ifindex)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].ifindex == ifindex)
			return &v[i];
	return NULL;
}

/* "198.51.100.1, 198.51.100.2" for a message */
static char *peer_list(const vn_overlay *o)
{
	vn_buf b = {0};
	char s[VN_ADDR_STRLEN];

	for (size_t i = 0; i < o->npeers; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", addr_format(&o->peers[i].address, s));
	return buf_steal(&b);
}

/* The peer some address of this host is; -ENOENT when none, -EEXIST when two are. */
static int match_peer(const vn_overlay *o, const vn_addr_info *a, size_t na, size_t *peer,
		      int *ifindex)
{
	int found = 0;

	for (size_t p = 0; p < o->npeers; p++)
		for (size_t k = 0; k < na; k++) {
			if (!addr_equal(&a[k].addr, &o->peers[p].address))
				continue;
			if (found++ && *peer != p)
				return -EEXIST;
			*peer = p;
			*ifindex = a[k].ifindex;
		}
	return found ? 0 : -ENOENT;
}

static int not_found(const vn_network *n, int r, vn_err *err)
{
	_cleanup_free_ char *peers = peer_list(n->overlay);

	if (r == -EEXIST)
		return vn_err_set(err, EINVAL,
				  "network '%s': this host has the addresses of two of its peers "
				  "(%s); a host is one peer, give each its own underlay address",
				  n->name, peers ? peers : "?");
	return vn_err_set(err, EADDRNOTAVAIL,
			  "network '%s': this host is none of its peers (%s): no interface here "
			  "has one of their addresses; add this host's underlay address as a "
			  "<virtnet:peer> on every host, or give this host one of them",
			  n->name, peers ? peers : "?");
}

static int underlay_of(const vn_network *n, const vn_link_info *links, size_t nl, int ifindex,
		       vn_ovl_self *out, vn_err *err)
{
	const vn_link_info *li = link_by_index(links, nl, ifindex);
	char s[VN_ADDR_STRLEN];

	if (!li)
		return vn_err_set(err, ENODEV, "network '%s': the interface of %s vanished; start "
				  "it again", n->name, addr_format(&out->local, s));
	if (n->overlay->dev && strcmp(n->overlay->dev, li->name) != 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': this host's peer address %s is on %s, not on the "
				  "underlay device %s the definition names; move the address or "
				  "change <virtnet:overlay dev>",
				  n->name, addr_format(&out->local, s), li->name, n->overlay->dev);
	out->underlay_ifindex = li->ifindex;
	out->underlay_mtu = li->mtu;
	snprintf(out->underlay, sizeof(out->underlay), "%s", li->name);
	return 0;
}

int overlay_find_self(vn_nl *nl, const vn_network *n, vn_ovl_self *out, vn_err *err)
{
	vn_addr_info *addrs = NULL;
	vn_link_info *links = NULL;
	size_t na = 0, nl_ = 0;
	int ifindex = 0;
	int r = nl_addr_dump(nl, overlay_family(n->overlay), &addrs, &na, err);

	*out = (vn_ovl_self){0};
	if (r == 0)
		r = nl_link_dump(nl, &links, &nl_, err);
	if (r == 0) {
		r = match_peer(n->overlay, addrs, na, &out->peer, &ifindex);
		if (r < 0)
			r = not_found(n, r, err);
	}
	if (r == 0) {
		out->local = n->overlay->peers[out->peer].address;
		r = underlay_of(n, links, nl_, ifindex, out, err);
	}
	free(addrs);
	free(links);
	return r;
}

int overlay_mtu(const vn_network *n, const vn_ovl_self *self, unsigned *mtu, vn_err *err)
{
	unsigned over = overlay_overhead(n->overlay);
	unsigned most = self->underlay_mtu > over ? self->underlay_mtu - over : 0;

	if (most < 68)
		return vn_err_set(err, EINVAL,
				  "network '%s': underlay %s has MTU %u, too small for the "
				  "overlay's %u bytes of headers; raise its MTU",
				  n->name, self->underlay, self->underlay_mtu, over);
	if (n->mtu > most)
		return vn_err_set(err, EINVAL,
				  "network '%s': <mtu size='%u'> needs an underlay MTU of %u, but %s "
				  "has %u; give at most <mtu size='%u'/> or raise %s's MTU",
				  n->name, n->mtu, n->mtu + over, self->underlay, self->underlay_mtu,
				  most, self->underlay);
	*mtu = n->mtu ? n->mtu : most;
	return 0;
}

bool overlay_is_authority(const vn_overlay *o, const vn_addr *local)
{
	const vn_ovl_peer *auth = overlay_authority(o);

	return auth && addr_equal(&auth->address, local);
}

bool overlay_defers_dhcp(const vn_overlay *o, const vn_addr *local)
{
	return overlay_authority(o) && !overlay_is_authority(o, local);
}

void overlay_authority_fdb(const vn_overlay *o, const vn_addr *local, int vxlan_ifindex,
			   vn_vxfdb out[2], size_t *n)
{
	*n = 0;
	if (!overlay_defers_dhcp(o, local))
		return;
	out[0] = (vn_vxfdb){ .ifindex = vxlan_ifindex, .dst = overlay_authority(o)->address };
	overlay_authority_mac(o, &out[0].mac);
	out[1] = (vn_vxfdb){ .ifindex = vxlan_ifindex, .mac = out[0].mac, .master = true };
	*n = 2;
}
