/* netlink_dump.c - one interface's addresses and routes, with every attribute kept */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/netlink_dump.h"
#include "kernel/netlink_internal.h"

struct dev_dump {
	nl_vec v;
	int ifindex;
};

static void dev_reset(void *data)
{
	((struct dev_dump *)data)->v.n = 0;
}

/* ---- addresses ---- */

static void addr_lifetimes(const struct nlattr *a, vn_nl_addr *out)
{
	out->valid_lft = out->preferred_lft = VN_LFT_FOREVER;
	if (a && mnl_attr_get_payload_len(a) >= sizeof(struct ifa_cacheinfo)) {
		const struct ifa_cacheinfo *ci = mnl_attr_get_payload(a);
		out->valid_lft = ci->ifa_valid;
		out->preferred_lft = ci->ifa_prefered;
	}
}

/* 1 if the message is an address of the interface (into *out), else 0. */
static int addr_parse_full(const struct nlmsghdr *h, int ifindex, vn_nl_addr *out)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFA_MAX + 1] = {0};
	int fam;

	if (h->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(h) < sizeof(*ifa) ||
	    (int)ifa->ifa_index != ifindex)
		return 0;
	fam = ifa->ifa_family;
	if (fam != AF_INET && fam != AF_INET6)
		return 0;
	nl_parse(h, sizeof(*ifa), tb, IFA_MAX);
	memset(out, 0, sizeof(*out));
	/* with both, IFA_LOCAL is ours and IFA_ADDRESS the point-to-point peer */
	if (!nl_attr_addr(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], fam, &out->local))
		return 0;
	if (tb[IFA_LOCAL] && nl_attr_addr(tb[IFA_ADDRESS], fam, &out->peer) &&
	    addr_equal(&out->peer, &out->local))
		out->peer = (vn_addr){0};
	nl_attr_addr(tb[IFA_BROADCAST], fam, &out->broadcast);
	out->prefix = ifa->ifa_prefixlen;
	out->scope = ifa->ifa_scope;
	out->flags = tb[IFA_FLAGS] ? nl_attr_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	nl_attr_str(tb[IFA_LABEL], out->label, sizeof(out->label));
	addr_lifetimes(tb[IFA_CACHEINFO], out);
	out->metric = nl_attr_u32(tb[IFA_RT_PRIORITY]);
	if (tb[IFA_PROTO] && mnl_attr_get_payload_len(tb[IFA_PROTO]) >= 1)
		out->proto = mnl_attr_get_u8(tb[IFA_PROTO]);
	return 1;
}

static int addr_dump_cb(const struct nlmsghdr *h, void *data)
{
	struct dev_dump *d = data;
	vn_nl_addr a;

	if (!addr_parse_full(h, d->ifindex, &a))
		return 0;
	vn_nl_addr *slot = nl_vec_add(&d->v);
	if (!slot)
		return -ENOMEM;
	*slot = a;
	return 0;
}

static int dump_family(vn_nl *nl, uint16_t type, size_t hdrlen, int family, nl_call *c)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, 0, hdrlen, &hdr);

	*(uint8_t *)hdr = (uint8_t)family;   /* ifa_family and rtm_family both come first */
	return nl_dump_run(nl, h, c, dev_reset);
}

/* Both families into one array: the IPv4 dump, then the IPv6 one appended. */
static int dump_both(vn_nl *nl, uint16_t type, size_t hdrlen, struct dev_dump *d, nl_msg_cb cb,
		     nl_call *c)
{
	struct dev_dump v6 = { { .size = d->v.size }, d->ifindex };
	nl_call c6 = { .cb = cb, .data = &v6 };
	int r;

	*c = (nl_call){ .cb = cb, .data = d };
	r = dump_family(nl, type, hdrlen, AF_INET, c);
	if (r < 0)
		return r;
	r = dump_family(nl, type, hdrlen, AF_INET6, &c6);
	if (r < 0) {
		memcpy(c->ext, c6.ext, sizeof(c->ext));
		free(v6.v.v);
		return r;
	}
	for (size_t i = 0; i < v6.v.n; i++) {
		void *slot = nl_vec_add(&d->v);
		if (!slot) {
			free(v6.v.v);
			return -ENOMEM;
		}
		memcpy(slot, (char *)v6.v.v + i * v6.v.size, v6.v.size);
	}
	free(v6.v.v);
	return 0;
}

int nl_addr_dump_dev(vn_nl *nl, int ifindex, vn_nl_addr **out, size_t *n, vn_err *err)
{
	struct dev_dump d = { { .size = sizeof(vn_nl_addr) }, ifindex };
	nl_call c;
	char name[32];
	int r = dump_both(nl, RTM_GETADDR, sizeof(struct ifaddrmsg), &d, addr_dump_cb, &c);

	if (r < 0) {
		free(d.v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot list the addresses of interface %s",
			       nl_ifname(ifindex, name));
	}
	*out = d.v.v;
	*n = d.v.n;
	return 0;
}

/* ---- routes ---- */

static bool multipath_uses(const struct nlattr *mp, int ifindex)
{
	const struct rtnexthop *nh = mnl_attr_get_payload(mp);
	int len = (int)mnl_attr_get_payload_len(mp);

	while (len >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) && (int)nh->rtnh_len <= len) {
		if (nh->rtnh_ifindex == ifindex)
			return true;
		len -= RTNH_ALIGN(nh->rtnh_len);
		nh = RTNH_NEXT(nh);
	}
	return false;
}

static void route_metrics(const struct nlattr *nest, vn_nl_route *out)
{
	const struct nlattr *a;

	if (!nest)
		return;
	mnl_attr_for_each_nested(a, nest) {
		unsigned t = mnl_attr_get_type(a);
		if (t == 0 || t >= VN_RTAX_COUNT) {
			out->unsupported =
				"it has a route metric this version of virtnet does not know";
			continue;
		}
		if (t == RTAX_CC_ALGO)
			nl_attr_str(a, out->cc_algo, sizeof(out->cc_algo));
		else
			out->metrics[t] = nl_attr_u32(a);
		out->metrics_mask |= 1u << t;
	}
}

/* Seconds left before an expiring (IPv6) route goes; 0 if it does not expire. */
static unsigned route_expires(const struct nlattr *a)
{
	long hz = sysconf(_SC_CLK_TCK);

	if (!a || mnl_attr_get_payload_len(a) < sizeof(struct rta_cacheinfo) || hz <= 0)
		return 0;
	const struct rta_cacheinfo *ci = mnl_attr_get_payload(a);
	return ci->rta_expires > 0 ? (unsigned)((ci->rta_expires + hz - 1) / hz) : 0;
}

static void route_attrs(const struct nlattr *const *tb, int fam, vn_nl_route *out)
{
	nl_attr_addr(tb[RTA_DST], fam, &out->dst);
	nl_attr_addr(tb[RTA_SRC], fam, &out->src);
	nl_attr_addr(tb[RTA_GATEWAY], fam, &out->gw);
	nl_attr_addr(tb[RTA_PREFSRC], fam, &out->prefsrc);
	out->oif = (int)nl_attr_u32(tb[RTA_OIF]);
	out->metric = nl_attr_u32(tb[RTA_PRIORITY]);
	out->realms = nl_attr_u32(tb[RTA_FLOW]);
	out->pref = tb[RTA_PREF] && mnl_attr_get_payload_len(tb[RTA_PREF]) >= 1
			    ? mnl_attr_get_u8(tb[RTA_PREF])
			    : -1;
	out->expires = route_expires(tb[RTA_CACHEINFO]);
	route_metrics(tb[RTA_METRICS], out);
	if (tb[RTA_MULTIPATH])
		out->unsupported = "it is a multipath route";
	else if (tb[RTA_NH_ID])
		out->unsupported = "it uses a nexthop object";
	else if (tb[RTA_ENCAP])
		out->unsupported = "it has an encapsulation";
	else if (tb[RTA_VIA])
		out->unsupported = "its gateway is of the other address family";
}

/* 1 if the message is a route through the interface (into *out), else 0. */
static int route_parse_full(const struct nlmsghdr *h, int ifindex, vn_nl_route *out)
{
	const struct rtmsg *rt = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	int fam;

	if (h->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(h) < sizeof(*rt) ||
	    (rt->rtm_flags & RTM_F_CLONED))
		return 0;
	fam = rt->rtm_family;
	if (fam != AF_INET && fam != AF_INET6)
		return 0;
	nl_parse(h, sizeof(*rt), tb, RTA_MAX);
	if ((int)nl_attr_u32(tb[RTA_OIF]) != ifindex &&
	    !(tb[RTA_MULTIPATH] && multipath_uses(tb[RTA_MULTIPATH], ifindex)))
		return 0;
	memset(out, 0, sizeof(*out));
	out->family = fam;
	out->table = tb[RTA_TABLE] ? (int)nl_attr_u32(tb[RTA_TABLE]) : rt->rtm_table;
	out->protocol = rt->rtm_protocol;
	out->scope = rt->rtm_scope;
	out->type = rt->rtm_type;
	out->tos = rt->rtm_tos;
	out->flags = rt->rtm_flags & RTNH_F_ONLINK;
	out->dst_len = rt->rtm_dst_len;
	out->src_len = rt->rtm_src_len;
	route_attrs(tb, fam, out);
	return 1;
}

static int route_dump_cb(const struct nlmsghdr *h, void *data)
{
	struct dev_dump *d = data;
	vn_nl_route r;

	if (!route_parse_full(h, d->ifindex, &r))
		return 0;
	vn_nl_route *slot = nl_vec_add(&d->v);
	if (!slot)
		return -ENOMEM;
	*slot = r;
	return 0;
}

int nl_route_dump_dev(vn_nl *nl, int ifindex, vn_nl_route **out, size_t *n, vn_err *err)
{
	struct dev_dump d = { { .size = sizeof(vn_nl_route) }, ifindex };
	nl_call c;
	char name[32];
	int r = dump_both(nl, RTM_GETROUTE, sizeof(struct rtmsg), &d, route_dump_cb, &c);

	if (r < 0) {
		free(d.v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot list the routes of interface %s",
			       nl_ifname(ifindex, name));
	}
	*out = d.v.v;
	*n = d.v.n;
	return 0;
}
