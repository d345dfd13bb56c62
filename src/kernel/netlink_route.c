/* netlink_route.c - addresses and routes: add, delete, list */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink_internal.h"

struct dump { nl_vec v; int family; };

static void dump_reset(void *data)
{
	((struct dump *)data)->v.n = 0;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* ---- addresses ---- */

static int addr_check(const vn_addr *a, int prefix, const char *op, vn_err *err)
{
	char s[VN_ADDR_STRLEN];

	if (!addr_valid(a))
		return vn_err_set(err, EINVAL, "cannot %s an address: it has no address family",
				  op);
	if (prefix < 0 || prefix > addr_bits(a))
		return vn_err_set(err, EINVAL,
				  "cannot %s address %s/%d: the prefix must be 0 to %d", op,
				  addr_format(a, s), prefix, addr_bits(a));
	return 0;
}

static struct nlmsghdr *addr_msg(vn_nl *nl, uint16_t type, uint16_t flags, int ifindex,
				 const vn_addr *a, int prefix)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct ifaddrmsg), &hdr);
	struct ifaddrmsg *ifa = hdr;

	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = (uint8_t)prefix;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)ifindex;
	mnl_attr_put(h, IFA_LOCAL, addr_len(a->family), a->u.bytes);
	mnl_attr_put(h, IFA_ADDRESS, addr_len(a->family), a->u.bytes);
	return h;
}

static int addr_fail(vn_err *err, int r, const nl_call *c, const char *op, int ifindex,
		     const vn_addr *a, int prefix)
{
	char s[VN_ADDR_STRLEN], name[32];
	/* "Cannot assign requested address" alone would be puzzling */
	const char *hint = r == -EADDRNOTAVAIL && !c->ext[0]
				   ? "the interface does not have this address"
				   : NULL;

	return nl_fail(err, r, c->ext, hint, "cannot %s address %s/%d %s interface %s", op,
		       addr_format(a, s), prefix, strcmp(op, "add") == 0 ? "to" : "from",
		       nl_ifname(ifindex, name));
}

int nl_addr_add(vn_nl *nl, int ifindex, const vn_addr *a, int prefix, vn_err *err)
{
	return nl_addr_add_flags(nl, ifindex, a, prefix, 0, err);
}

int nl_addr_add_flags(vn_nl *nl, int ifindex, const vn_addr *a, int prefix, unsigned flags,
		      vn_err *err)
{
	struct nlmsghdr *h;
	nl_call c = {0};
	int r;

	r = addr_check(a, prefix, "add", err);
	if (r < 0)
		return r;
	h = addr_msg(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, a, prefix);
	if (flags) {
		((struct ifaddrmsg *)mnl_nlmsg_get_payload(h))->ifa_flags = (uint8_t)flags;
		mnl_attr_put_u32(h, IFA_FLAGS, flags);
	}
	if (a->family == AF_INET && prefix < 31) {
		vn_addr b;
		addr_broadcast(a, prefix, &b);
		mnl_attr_put(h, IFA_BROADCAST, 4, b.u.bytes);
	}
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return addr_fail(err, r, &c, "add", ifindex, a, prefix);
	return 0;
}

int nl_addr_del(vn_nl *nl, int ifindex, const vn_addr *a, int prefix, vn_err *err)
{
	struct nlmsghdr *h;
	nl_call c = {0};
	int r;

	r = addr_check(a, prefix, "delete", err);
	if (r < 0)
		return r;
	h = addr_msg(nl, RTM_DELADDR, 0, ifindex, a, prefix);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return addr_fail(err, r, &c, "delete", ifindex, a, prefix);
	return 0;
}

static int addr_dump_cb(const struct nlmsghdr *h, void *data)
{
	struct dump *d = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFA_MAX + 1] = {0};
	vn_addr_info ai = {0};

	if (h->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(h) < sizeof(*ifa))
		return 0;
	if (d->family != AF_UNSPEC && ifa->ifa_family != d->family)
		return 0;
	nl_parse(h, sizeof(*ifa), tb, IFA_MAX);
	/* IFA_ADDRESS is the peer's on point-to-point links */
	if (!nl_attr_addr(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], ifa->ifa_family,
			  &ai.addr))
		return 0;
	ai.ifindex = (int)ifa->ifa_index;
	ai.prefix = ifa->ifa_prefixlen;
	vn_addr_info *slot = nl_vec_add(&d->v);
	if (!slot)
		return -ENOMEM;
	*slot = ai;
	return 0;
}

int nl_addr_dump(vn_nl *nl, int family, vn_addr_info **out, size_t *n, vn_err *err)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_GETADDR, 0, sizeof(struct ifaddrmsg), &hdr);
	struct dump d = { { .size = sizeof(vn_addr_info) }, family };
	nl_call c = { .cb = addr_dump_cb, .data = &d };
	int r;

	((struct ifaddrmsg *)hdr)->ifa_family = (uint8_t)family;
	r = nl_dump_run(nl, h, &c, dump_reset);
	if (r < 0) {
		free(d.v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot list addresses");
	}
	*out = d.v.v;
	*n = d.v.n;
	return 0;
}

/* ---- routes ---- */

static int route_family(const vn_route *r)
{
	return r->dst.family ? r->dst.family : r->gw.family;
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* "route 10.0.0.0/8 via 192.168.1.254 dev 'br0' metric 5" */
static const char *route_text(const vn_route *r, char *buf, size_t len)
{
	char s[VN_ADDR_STRLEN], name[32];

	snprintf(buf, len, "route ");
	if (r->prefix == 0)
		append(buf, len, "default");
	else
		append(buf, len, "%s/%d", addr_format(&r->dst, s), r->prefix);
	if (addr_valid(&r->gw))
		append(buf, len, " via %s", addr_format(&r->gw, s));
	if (r->oif)
		append(buf, len, " dev %s", nl_ifname(r->oif, name));
	if (r->metric)
		append(buf, len, " metric %u", r->metric);
	if (r->table && r->table != RT_TABLE_MAIN)
		append(buf, len, " table %d", r->table);
	return buf;
}

static int route_check(const vn_route *r, vn_err *err)
{
	int fam = route_family(r), bits = fam == AF_INET ? 32 : 128;
	char text[256];

	if (fam != AF_INET && fam != AF_INET6)
		return vn_err_set(err, EINVAL, "a route needs a destination or a gateway address");
	if ((r->gw.family && r->gw.family != fam) ||
	    (r->prefsrc.family && r->prefsrc.family != fam))
		return vn_err_set(err, EINVAL, "%s mixes IPv4 and IPv6 addresses",
				  route_text(r, text, sizeof(text)));
	if (r->prefix < 0 || r->prefix > bits)
		return vn_err_set(err, EINVAL, "%s: the prefix must be 0 to %d",
				  route_text(r, text, sizeof(text)), bits);
	if (r->table < 0 || r->protocol < 0 || r->protocol > 255 || r->scope < 0 ||
	    r->scope > 255 || r->type < 0 || r->type > 255)
		return vn_err_set(err, EINVAL, "%s: table, protocol, scope or type out of range",
				  route_text(r, text, sizeof(text)));
	return 0;
}

/* ip-route's default scope for a new route */
static uint8_t route_scope(const vn_route *r, uint8_t type)
{
	if (type == RTN_LOCAL || type == RTN_NAT)
		return RT_SCOPE_HOST;
	if ((type == RTN_UNICAST && !addr_valid(&r->gw)) || type == RTN_BROADCAST ||
	    type == RTN_MULTICAST || type == RTN_ANYCAST)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

static void route_header(struct rtmsg *rt, const vn_route *r, bool add)
{
	uint32_t table = r->table ? (uint32_t)r->table : RT_TABLE_MAIN;

	rt->rtm_family = (uint8_t)route_family(r);
	rt->rtm_dst_len = (uint8_t)r->prefix;
	rt->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rt->rtm_protocol = (uint8_t)(add && !r->protocol ? RTPROT_STATIC : r->protocol);
	rt->rtm_type = (uint8_t)(add && !r->type ? RTN_UNICAST : r->type);
	if (r->scope)
		rt->rtm_scope = (uint8_t)r->scope;
	else
		/* NOWHERE: any */
		rt->rtm_scope = add ? route_scope(r, rt->rtm_type) : RT_SCOPE_NOWHERE;
}

static struct nlmsghdr *route_msg(vn_nl *nl, uint16_t type, uint16_t flags, const vn_route *r)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct rtmsg), &hdr);
	size_t len = addr_len(route_family(r));

	route_header(hdr, r, type == RTM_NEWROUTE);
	if (r->prefix > 0)
		mnl_attr_put(h, RTA_DST, len, r->dst.u.bytes);
	if (addr_valid(&r->gw))
		mnl_attr_put(h, RTA_GATEWAY, len, r->gw.u.bytes);
	if (addr_valid(&r->prefsrc))
		mnl_attr_put(h, RTA_PREFSRC, len, r->prefsrc.u.bytes);
	if (r->oif)
		mnl_attr_put_u32(h, RTA_OIF, (uint32_t)r->oif);
	if (r->metric)
		mnl_attr_put_u32(h, RTA_PRIORITY, r->metric);
	mnl_attr_put_u32(h, RTA_TABLE, r->table ? (uint32_t)r->table : RT_TABLE_MAIN);
	return h;
}

static const char *route_hint(int r)
{
	switch (r) {
	case -EEXIST:
		return "a route to this destination with this metric already exists";
	case -ESRCH:
		return "there is no such route";
	case -ENETUNREACH:
		return "the gateway must be in the subnet of an address on an interface that is up";
	case -ENETDOWN:
		return "bring the interface up first";
	}
	return NULL;
}

static int route_change(vn_nl *nl, uint16_t type, uint16_t flags, const vn_route *r, vn_err *err)
{
	nl_call c = {0};
	char text[256];
	int ret;

	ret = route_check(r, err);
	if (ret < 0)
		return ret;
	ret = nl_call_run(nl, route_msg(nl, type, flags, r), &c);
	if (ret < 0)
		return nl_fail(err, ret, c.ext, route_hint(ret), "cannot %s %s",
			       type == RTM_NEWROUTE ? "add" : "delete",
			       route_text(r, text, sizeof(text)));
	return 0;
}

int nl_route_add(vn_nl *nl, const vn_route *r, vn_err *err)
{
	return route_change(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r, err);
}

int nl_route_del(vn_nl *nl, const vn_route *r, vn_err *err)
{
	return route_change(nl, RTM_DELROUTE, 0, r, err);
}

/* One route of the main table into *out; 1 if taken, 0 if skipped. */
static int route_parse(const struct nlmsghdr *h, int family, vn_route *out)
{
	const struct rtmsg *rt = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	int fam;

	if (h->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(h) < sizeof(*rt))
		return 0;
	fam = rt->rtm_family;
	if ((fam != AF_INET && fam != AF_INET6) || (family != AF_UNSPEC && fam != family) ||
	    (rt->rtm_flags & RTM_F_CLONED))
		return 0;
	nl_parse(h, sizeof(*rt), tb, RTA_MAX);
	out->table = tb[RTA_TABLE] ? (int)nl_attr_u32(tb[RTA_TABLE]) : rt->rtm_table;
	if (out->table != RT_TABLE_MAIN)
		return 0;
	if (!nl_attr_addr(tb[RTA_DST], fam, &out->dst))
		out->dst.family = fam;
	out->prefix = rt->rtm_dst_len;
	nl_attr_addr(tb[RTA_GATEWAY], fam, &out->gw);
	nl_attr_addr(tb[RTA_PREFSRC], fam, &out->prefsrc);
	out->oif = (int)nl_attr_u32(tb[RTA_OIF]);
	out->metric = nl_attr_u32(tb[RTA_PRIORITY]);
	out->protocol = rt->rtm_protocol;
	out->scope = rt->rtm_scope;
	out->type = rt->rtm_type;
	return 1;
}

static int route_dump_cb(const struct nlmsghdr *h, void *data)
{
	struct dump *d = data;
	vn_route r = {0};

	if (!route_parse(h, d->family, &r))
		return 0;
	vn_route *slot = nl_vec_add(&d->v);
	if (!slot)
		return -ENOMEM;
	*slot = r;
	return 0;
}

int nl_route_dump(vn_nl *nl, int family, vn_route **out, size_t *n, vn_err *err)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_GETROUTE, 0, sizeof(struct rtmsg), &hdr);
	struct dump d = { { .size = sizeof(vn_route) }, family };
	nl_call c = { .cb = route_dump_cb, .data = &d };
	int r;

	((struct rtmsg *)hdr)->rtm_family = (uint8_t)family;
	r = nl_dump_run(nl, h, &c, dump_reset);
	if (r < 0) {
		free(d.v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot list routes");
	}
	*out = d.v.v;
	*n = d.v.n;
	return 0;
}
