/* netlink_macvlan.c - macvtap and macvlan devices on a NIC (libvirt's forward mode 'bridge'
 * with <interface dev=...>): guests share the NIC without a host bridge */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "kernel/netlink_internal.h"

int nl_macvlan_create(vn_nl *nl, const vn_macvlan_opts *o, vn_err *err)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
				    sizeof(struct ifinfomsg), &hdr);
	struct ifinfomsg *ifi = hdr;
	const char *kind = o->tap ? "macvtap" : "macvlan";
	nl_call c = {0};
	char lower[32];
	int r;

	ifi->ifi_family = AF_UNSPEC;
	if (o->up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	mnl_attr_put_strz(h, IFLA_IFNAME, o->name);
	mnl_attr_put_u32(h, IFLA_LINK, (uint32_t)o->lower_ifindex);
	if (o->mac)
		mnl_attr_put(h, IFLA_ADDRESS, 6, o->mac->b);
	if (o->mtu)
		mnl_attr_put_u32(h, IFLA_MTU, o->mtu);
	if (o->netns_fd >= 0)
		mnl_attr_put_u32(h, IFLA_NET_NS_FD, (uint32_t)o->netns_fd);
	struct nlattr *info = mnl_attr_nest_start(h, IFLA_LINKINFO);
	mnl_attr_put_strz(h, IFLA_INFO_KIND, kind);
	struct nlattr *data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
	mnl_attr_put_u32(h, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
	mnl_attr_nest_end(h, data);
	mnl_attr_nest_end(h, info);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext, r == -EEXIST ? "pick another name" : NULL,
			       "cannot create %s %s on %s", kind, o->name,
			       nl_ifname(o->lower_ifindex, lower));
	return 0;
}
