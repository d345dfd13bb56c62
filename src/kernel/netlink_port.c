/* netlink_port.c - what guest ports need: veth pairs (peer in another namespace), MAC
 * addresses, bridge port flags */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink_internal.h"

static struct nlmsghdr *newlink(vn_nl *nl, uint16_t flags, int ifindex, uint8_t family)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_NEWLINK, flags, sizeof(struct ifinfomsg), &hdr);
	struct ifinfomsg *ifi = hdr;

	ifi->ifi_family = family;
	ifi->ifi_index = ifindex;
	return h;
}

int nl_link_set_mac(vn_nl *nl, int ifindex, const vn_mac *mac, vn_err *err)
{
	struct nlmsghdr *h = newlink(nl, 0, ifindex, AF_UNSPEC);
	nl_call c = {0};
	char name[32], m[VN_MAC_STRLEN];
	int r;

	mnl_attr_put(h, IFLA_ADDRESS, 6, mac->b);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL,
			       "cannot set the MAC address of interface %s to %s",
			       nl_ifname(ifindex, name), mac_format(mac, m));
	return 0;
}

static int veth_check(const vn_veth_opts *o, vn_err *err)
{
	if (!o->name || !*o->name || strlen(o->name) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "cannot create veth '%s': names are 1 to %d characters",
				  o->name ? o->name : "", IF_NAMESIZE - 1);
	if (!o->peer || !*o->peer || strlen(o->peer) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "cannot create veth peer '%s': names are 1 to %d characters",
				  o->peer ? o->peer : "", IF_NAMESIZE - 1);
	return 0;
}

/* One end's attributes: name, MAC, MTU and the namespace it is made in (-1: ours). */
static void veth_end_put(struct nlmsghdr *h, const char *name, const vn_mac *mac, unsigned mtu,
			 int netns_fd)
{
	mnl_attr_put_strz(h, IFLA_IFNAME, name);
	if (mac)
		mnl_attr_put(h, IFLA_ADDRESS, 6, mac->b);
	if (mtu)
		mnl_attr_put_u32(h, IFLA_MTU, mtu);
	if (netns_fd >= 0)
		mnl_attr_put_u32(h, IFLA_NET_NS_FD, (uint32_t)netns_fd);
}

/* The device the request names, then IFLA_LINKINFO { kind "veth", data { VETH_INFO_PEER {
 * ifinfomsg, the other end } } }. The kernel can bring up only the device the request
 * names (the peer is not linked yet when it is configured: ENOTCONN), so a peer to be made
 * up is named first, made up in its namespace in the same request, and the host's end is
 * the nested one. */
static void veth_put(struct nlmsghdr *h, struct ifinfomsg *ifi, const vn_veth_opts *o)
{
	bool swap = o->peer_up;

	if (swap) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
		veth_end_put(h, o->peer, o->peer_mac, o->mtu, o->peer_netns_fd);
	} else {
		veth_end_put(h, o->name, o->mac, o->mtu, -1);
	}
	struct nlattr *info = mnl_attr_nest_start(h, IFLA_LINKINFO);
	mnl_attr_put_strz(h, IFLA_INFO_KIND, "veth");
	struct nlattr *data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
	struct nlattr *peer = mnl_attr_nest_start(h, VETH_INFO_PEER);
	struct ifinfomsg *pifi = mnl_nlmsg_put_extra_header(h, sizeof(struct ifinfomsg));

	pifi->ifi_family = AF_UNSPEC;
	if (swap)
		veth_end_put(h, o->name, o->mac, o->mtu, -1);
	else
		veth_end_put(h, o->peer, o->peer_mac, o->mtu, o->peer_netns_fd);
	mnl_attr_nest_end(h, peer);
	mnl_attr_nest_end(h, data);
	mnl_attr_nest_end(h, info);
}

int nl_veth_create(vn_nl *nl, const vn_veth_opts *o, int *ifindex, vn_err *err)
{
	void *hdr;
	struct nlmsghdr *h;
	nl_call c = {0};
	vn_link_info li;
	int r;

	r = veth_check(o, err);
	if (r < 0)
		return r;
	h = nl_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof(struct ifinfomsg), &hdr);
	((struct ifinfomsg *)hdr)->ifi_family = AF_UNSPEC;
	veth_put(h, hdr, o);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext, r == -EEXIST ? "pick another name" : NULL,
			       "cannot create veth pair %s/%s", o->name, o->peer);
	r = nl_link_get(nl, o->name, &li, err);
	if (r < 0)
		return r;
	*ifindex = li.ifindex;
	return 0;
}

/* IFLA_PROTINFO of an AF_BRIDGE RTM_SETLINK carries the bridge port's flags: one of them
 * (IFLA_BRPORT_*) on or off; what names the change for the error ("isolate" ...). */
static int port_flag(vn_nl *nl, int ifindex, int flag, bool on, const char *what, vn_err *err)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_SETLINK, 0, sizeof(struct ifinfomsg), &hdr);
	struct ifinfomsg *ifi = hdr;
	nl_call c = {0};
	char name[32];
	int r;

	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	struct nlattr *pi = mnl_attr_nest_start(h, IFLA_PROTINFO);
	mnl_attr_put_u8(h, (uint16_t)flag, on ? 1 : 0);
	mnl_attr_nest_end(h, pi);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL, "cannot %s bridge port %s", what,
			       nl_ifname(ifindex, name));
	return 0;
}

int nl_bridge_port_isolated(vn_nl *nl, int ifindex, bool isolated, vn_err *err)
{
	return port_flag(nl, ifindex, IFLA_BRPORT_ISOLATED, isolated,
			 isolated ? "isolate" : "un-isolate", err);
}

int nl_bridge_port_learning(vn_nl *nl, int ifindex, bool learning, vn_err *err)
{
	return port_flag(nl, ifindex, IFLA_BRPORT_LEARNING, learning,
			 learning ? "turn on learning on" : "turn off learning on", err);
}

static int set_group(vn_nl *nl, int ifindex, uint32_t group, vn_err *err)
{
	struct nlmsghdr *h = newlink(nl, 0, ifindex, AF_UNSPEC);
	nl_call c = {0};
	char name[32];
	int r;

	mnl_attr_put_u32(h, IFLA_GROUP, group);
	r = nl_call_run(nl, h, &c);
	if (r < 0 && r != -ENODEV)
		return nl_fail(err, r, c.ext, NULL, "cannot move interface %s to link group %u",
			       nl_ifname(ifindex, name), group);
	return 0;
}

/* A random group number that no link has (0 is everyone's default group). */
static int unused_group(vn_nl *nl, uint32_t *out, vn_err *err)
{
	vn_link_info *links = NULL;
	size_t n = 0;
	int r = nl_link_dump(nl, &links, &n, err);

	for (int tries = 0; r == 0 && tries < 100; tries++) {
		bool used = false;
		r = random_bytes(out, sizeof(*out));
		if (r < 0)
			break;
		*out = (*out & 0x7fffffff) | 0x10000;
		for (size_t i = 0; i < n && !used; i++)
			used = links[i].group == *out;
		if (!used) {
			free(links);
			return 0;
		}
	}
	free(links);
	return r < 0 ? r : vn_err_set(err, EAGAIN, "no free link group");
}

static int delete_group(vn_nl *nl, uint32_t group, vn_err *err)
{
	struct nlmsghdr *h = newlink(nl, 0, 0, AF_UNSPEC);
	nl_call c = {0};
	int r;

	h->nlmsg_type = RTM_DELLINK;
	mnl_attr_put_u32(h, IFLA_GROUP, group);
	r = nl_call_run(nl, h, &c);
	if (r < 0 && r != -ENODEV)
		return nl_fail(err, r, c.ext, NULL, "cannot delete the interfaces of link group %u",
			       group);
	return 0;
}

int nl_links_delete(vn_nl *nl, const int *ifindex, size_t n, vn_err *err)
{
	uint32_t group;
	int r;

	if (n == 0)
		return 0;
	if (n == 1) {
		r = nl_link_delete(nl, ifindex[0], err);
		return r == -ENODEV ? 0 : r;
	}
	r = unused_group(nl, &group, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		r = set_group(nl, ifindex[i], group, err);
		if (r < 0)
			return r;
	}
	return delete_group(nl, group, err);
}
