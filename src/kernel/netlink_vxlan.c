/* netlink_vxlan.c - VXLAN devices and their forwarding entries (RTM_NEWLINK kind "vxlan",
 * RTM_NEWNEIGH/RTM_DELNEIGH in AF_BRIDGE): what `ip link add type vxlan` and `bridge fdb`
 * do, without running them */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/netlink_internal.h"

static void vxlan_data_put(struct nlmsghdr *h, const vn_vxlan_opts *o)
{
	struct nlattr *info = mnl_attr_nest_start(h, IFLA_LINKINFO);

	mnl_attr_put_strz(h, IFLA_INFO_KIND, "vxlan");
	struct nlattr *data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
	mnl_attr_put_u32(h, IFLA_VXLAN_ID, o->vni);
	if (o->local.family == AF_INET)
		mnl_attr_put(h, IFLA_VXLAN_LOCAL, 4, o->local.u.bytes);
	else
		mnl_attr_put(h, IFLA_VXLAN_LOCAL6, 16, o->local.u.bytes);
	mnl_attr_put_u32(h, IFLA_VXLAN_LINK, (uint32_t)o->underlay_ifindex);
	mnl_attr_put_u16(h, IFLA_VXLAN_PORT, htons((uint16_t)o->port));
	mnl_attr_put_u8(h, IFLA_VXLAN_LEARNING, o->learning);
	mnl_attr_put_u8(h, IFLA_VXLAN_TTL, 64);
	mnl_attr_nest_end(h, data);
	mnl_attr_nest_end(h, info);
}

int nl_vxlan_create(vn_nl *nl, const vn_vxlan_opts *o, int *ifindex, vn_err *err)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
				    sizeof(struct ifinfomsg), &hdr);
	struct ifinfomsg *ifi = hdr;
	nl_call c = {0};
	char lower[32];
	vn_link_info li = {0};
	int r;

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(h, IFLA_IFNAME, o->name);
	if (o->mtu)
		mnl_attr_put_u32(h, IFLA_MTU, o->mtu);
	if (o->mac)
		mnl_attr_put(h, IFLA_ADDRESS, 6, o->mac->b);
	vxlan_data_put(h, o);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext,
			       r == -EEXIST ? "another VXLAN device may use this VNI and port; "
					      "delete it or choose another vni"
					    : NULL,
			       "cannot create VXLAN device %s (VNI %u) on %s", o->name, o->vni,
			       nl_ifname(o->underlay_ifindex, lower));
	r = nl_link_get(nl, o->name, &li, err);
	if (r == 0 && o->alias)
		r = nl_link_set_alias(nl, li.ifindex, o->alias, err);
	if (r < 0) {
		/* not read back: the step's undo deletes it by its name and alias */
		if (li.ifindex > 0)
			nl_link_delete(nl, li.ifindex, NULL);
		return r;
	}
	*ifindex = li.ifindex;
	return 0;
}

/* One forwarding entry: on the VXLAN device itself (NTF_SELF: where a MAC's frames are sent
 * in the underlay; the all-zero MAC floods) or in the bridge above it (NTF_MASTER: which port
 * a MAC is behind). */
static int fdb_request(vn_nl *nl, uint16_t type, uint16_t flags, const vn_vxfdb *e,
		       nl_call *c)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct ndmsg), &hdr);
	struct ndmsg *nd = hdr;

	nd->ndm_family = AF_BRIDGE;
	nd->ndm_ifindex = e->ifindex;
	nd->ndm_flags = e->master ? NTF_MASTER : NTF_SELF;
	/* in the bridge, NUD_PERMANENT would mean "the bridge's own": NUD_NOARP is static */
	nd->ndm_state = e->master ? NUD_NOARP : NUD_PERMANENT | NUD_NOARP;
	mnl_attr_put(h, NDA_LLADDR, 6, e->mac.b);
	if (!e->master)
		mnl_attr_put(h, NDA_DST, e->dst.family == AF_INET ? 4 : 16, e->dst.u.bytes);
	return nl_call_run(nl, h, c);
}

static const char *fdb_text(const vn_vxfdb *e, char buf[80])
{
	char m[VN_MAC_STRLEN], a[VN_ADDR_STRLEN];

	if (e->master)
		snprintf(buf, 80, "%s (bridge)", mac_format(&e->mac, m));
	else
		snprintf(buf, 80, "%s dst %s", mac_format(&e->mac, m), addr_format(&e->dst, a));
	return buf;
}

int nl_fdb_add(vn_nl *nl, const vn_vxfdb *e, vn_err *err)
{
	nl_call c = {0};
	char t[80], dev[32];
	/* the all-zero MAC has one entry per destination: appended, as `bridge fdb append` */
	int r = fdb_request(nl, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_APPEND, e, &c);

	if (r == -EEXIST)
		return 0;
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL, "cannot add forwarding entry %s on %s",
			       fdb_text(e, t), nl_ifname(e->ifindex, dev));
	return 0;
}

int nl_fdb_del(vn_nl *nl, const vn_vxfdb *e, vn_err *err)
{
	nl_call c = {0};
	char t[80], dev[32];
	int r = fdb_request(nl, RTM_DELNEIGH, 0, e, &c);

	if (r == -ENOENT || r == -ENODEV)
		return r;
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL, "cannot delete forwarding entry %s on %s",
			       fdb_text(e, t), nl_ifname(e->ifindex, dev));
	return 0;
}
