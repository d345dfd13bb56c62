/* netlink_copy.c - add and delete addresses and routes with every attribute a dump gave */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/netlink_dump.h"
#include "kernel/netlink_internal.h"

/* The IFA_F_* flags a request may carry; the others are the kernel's own state. */
#define ADDR_SETTABLE_FLAGS                                                                        \
	(IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR |               \
	 IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN)

static const char *const rtax_names[VN_RTAX_COUNT] = {
	[RTAX_LOCK] = "lock",
	[RTAX_MTU] = "mtu",
	[RTAX_WINDOW] = "window",
	[RTAX_RTT] = "rtt",
	[RTAX_RTTVAR] = "rttvar",
	[RTAX_SSTHRESH] = "ssthresh",
	[RTAX_CWND] = "cwnd",
	[RTAX_ADVMSS] = "advmss",
	[RTAX_REORDERING] = "reordering",
	[RTAX_HOPLIMIT] = "hoplimit",
	[RTAX_INITCWND] = "initcwnd",
	[RTAX_FEATURES] = "features",
	[RTAX_RTO_MIN] = "rto_min",
	[RTAX_INITRWND] = "initrwnd",
	[RTAX_QUICKACK] = "quickack",
	[RTAX_CC_ALGO] = "congctl",
	[RTAX_FASTOPEN_NO_COOKIE] = "fastopen_no_cookie",
};

const char *rtax_name(int type)
{
	return type > 0 && type < VN_RTAX_COUNT ? rtax_names[type] : NULL;
}

int rtax_from_name(const char *name)
{
	for (int i = 1; name && i < VN_RTAX_COUNT; i++)
		if (rtax_names[i] && strcmp(rtax_names[i], name) == 0)
			return i;
	return -1;
}

static size_t family_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

const char *nl_addr_text(const vn_nl_addr *a, char *buf, size_t len)
{
	char s[VN_ADDR_STRLEN];

	snprintf(buf, len, "%s/%d", addr_format(&a->local, s), a->prefix);
	if (addr_valid(&a->peer))
		append(buf, len, " peer %s", addr_format(&a->peer, s));
	return buf;
}

const char *nl_route_text(const vn_nl_route *r, char *buf, size_t len)
{
	char s[VN_ADDR_STRLEN];

	buf[0] = '\0';
	if (r->dst_len == 0)
		append(buf, len, "default");
	else
		append(buf, len, "%s/%d", addr_format(&r->dst, s), r->dst_len);
	if (r->src_len)
		append(buf, len, " from %s/%d", addr_format(&r->src, s), r->src_len);
	if (addr_valid(&r->gw))
		append(buf, len, " via %s", addr_format(&r->gw, s));
	if (r->table != RT_TABLE_MAIN)
		append(buf, len, " table %u", (unsigned)r->table);
	if (r->metric)
		append(buf, len, " metric %u", r->metric);
	return buf;
}

/* ---- addresses ---- */

static struct nlmsghdr *addr_msg(vn_nl *nl, uint16_t type, uint16_t flags, int ifindex,
				 const vn_nl_addr *a)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct ifaddrmsg), &hdr);
	struct ifaddrmsg *ifa = hdr;
	size_t len = family_len(a->local.family);

	ifa->ifa_family = (uint8_t)a->local.family;
	ifa->ifa_prefixlen = (uint8_t)a->prefix;
	ifa->ifa_scope = (uint8_t)a->scope;
	ifa->ifa_index = (uint32_t)ifindex;
	mnl_attr_put(h, IFA_LOCAL, len, a->local.u.bytes);
	mnl_attr_put(h, IFA_ADDRESS, len,
		     addr_valid(&a->peer) ? a->peer.u.bytes : a->local.u.bytes);
	return h;
}

/* What both add and change send: flags, lifetimes, prefix route metric. */
static void addr_put_settings(struct nlmsghdr *h, const vn_nl_addr *a, unsigned extra_flags)
{
	unsigned flags = (a->flags & ADDR_SETTABLE_FLAGS) | extra_flags;

	((struct ifaddrmsg *)mnl_nlmsg_get_payload(h))->ifa_flags = (uint8_t)flags;
	mnl_attr_put_u32(h, IFA_FLAGS, flags);
	if (a->valid_lft != VN_LFT_FOREVER || a->preferred_lft != VN_LFT_FOREVER) {
		struct ifa_cacheinfo ci = { .ifa_prefered = a->preferred_lft,
					    .ifa_valid = a->valid_lft };
		mnl_attr_put(h, IFA_CACHEINFO, sizeof(ci), &ci);
	}
	if (a->metric)
		mnl_attr_put_u32(h, IFA_RT_PRIORITY, a->metric);
}

static int addr_call(vn_nl *nl, struct nlmsghdr *h, const char *op, int ifindex,
		     const vn_nl_addr *a, vn_err *err)
{
	char text[128], name[32];
	nl_call c = {0};
	int r = nl_call_run(nl, h, &c);
	const char *hint = r == -EADDRNOTAVAIL && !c.ext[0]
				   ? "the interface does not have this address"
				   : NULL;

	if (r < 0)
		return nl_fail(err, r, c.ext, hint, "cannot %s address %s %s interface %s", op,
			       nl_addr_text(a, text, sizeof(text)),
			       strcmp(op, "delete") == 0 ? "from" : "on", nl_ifname(ifindex, name));
	return 0;
}

int nl_addr_add_full(vn_nl *nl, int ifindex, const vn_nl_addr *a, unsigned extra_flags, vn_err *err)
{
	struct nlmsghdr *h = addr_msg(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, a);

	addr_put_settings(h, a, extra_flags);
	if (addr_valid(&a->broadcast))
		mnl_attr_put(h, IFA_BROADCAST, 4, a->broadcast.u.bytes);
	if (a->label[0])
		mnl_attr_put_strz(h, IFA_LABEL, a->label);
	if (a->proto)
		mnl_attr_put_u8(h, IFA_PROTO, (uint8_t)a->proto);
	return addr_call(nl, h, "add", ifindex, a, err);
}

int nl_addr_change_full(vn_nl *nl, int ifindex, const vn_nl_addr *a, vn_err *err)
{
	struct nlmsghdr *h = addr_msg(nl, RTM_NEWADDR, NLM_F_REPLACE, ifindex, a);

	addr_put_settings(h, a, 0);
	return addr_call(nl, h, "change", ifindex, a, err);
}

int nl_addr_del_full(vn_nl *nl, int ifindex, const vn_nl_addr *a, vn_err *err)
{
	return addr_call(nl, addr_msg(nl, RTM_DELADDR, 0, ifindex, a), "delete", ifindex, a, err);
}

/* ---- routes ---- */

static void route_put_metrics(struct nlmsghdr *h, const vn_nl_route *r)
{
	struct nlattr *nest;

	if (!r->metrics_mask)
		return;
	nest = mnl_attr_nest_start(h, RTA_METRICS);
	for (int i = 1; i < VN_RTAX_COUNT; i++) {
		if (!(r->metrics_mask & (1u << i)))
			continue;
		if (i == RTAX_CC_ALGO)
			mnl_attr_put_strz(h, (uint16_t)i, r->cc_algo);
		else
			mnl_attr_put_u32(h, (uint16_t)i, r->metrics[i]);
	}
	mnl_attr_nest_end(h, nest);
}

static struct nlmsghdr *route_msg(vn_nl *nl, uint16_t type, uint16_t flags, int ifindex,
				  const vn_nl_route *r)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct rtmsg), &hdr);
	struct rtmsg *rt = hdr;
	size_t len = family_len(r->family);

	rt->rtm_family = (uint8_t)r->family;
	rt->rtm_dst_len = (uint8_t)r->dst_len;
	rt->rtm_src_len = (uint8_t)r->src_len;
	rt->rtm_tos = (uint8_t)r->tos;
	rt->rtm_table = (unsigned)r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC;
	rt->rtm_protocol = (uint8_t)r->protocol;
	rt->rtm_scope = (uint8_t)r->scope;
	rt->rtm_type = (uint8_t)r->type;
	rt->rtm_flags = r->flags;
	if (r->dst_len)
		mnl_attr_put(h, RTA_DST, len, r->dst.u.bytes);
	if (r->src_len)
		mnl_attr_put(h, RTA_SRC, len, r->src.u.bytes);
	if (addr_valid(&r->gw))
		mnl_attr_put(h, RTA_GATEWAY, len, r->gw.u.bytes);
	if (addr_valid(&r->prefsrc))
		mnl_attr_put(h, RTA_PREFSRC, len, r->prefsrc.u.bytes);
	mnl_attr_put_u32(h, RTA_OIF, (uint32_t)ifindex);
	mnl_attr_put_u32(h, RTA_PRIORITY, r->metric);
	mnl_attr_put_u32(h, RTA_TABLE, (uint32_t)r->table);
	return h;
}

static const char *route_hint(int r)
{
	switch (r) {
	case -EEXIST:
		return "the interface already has this route";
	case -ESRCH:
		return "the interface does not have this route";
	case -ENETUNREACH:
		return "the gateway is not reachable through an address or route of the interface";
	case -ENETDOWN:
		return "bring the interface up first";
	}
	return NULL;
}

static int route_call(vn_nl *nl, struct nlmsghdr *h, const char *op, int ifindex,
		      const vn_nl_route *r, vn_err *err)
{
	char text[192], name[32];
	nl_call c = {0};
	int ret = nl_call_run(nl, h, &c);

	if (ret < 0)
		return nl_fail(err, ret, c.ext, route_hint(ret),
			       "cannot %s route %s %s interface %s", op,
			       nl_route_text(r, text, sizeof(text)),
			       strcmp(op, "add") == 0 ? "on" : "from", nl_ifname(ifindex, name));
	return 0;
}

int nl_route_add_full(vn_nl *nl, int ifindex, const vn_nl_route *r, vn_err *err)
{
	struct nlmsghdr *h = route_msg(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, ifindex, r);

	if (r->realms)
		mnl_attr_put_u32(h, RTA_FLOW, r->realms);
	if (r->pref >= 0 && r->family == AF_INET6)
		mnl_attr_put_u8(h, RTA_PREF, (uint8_t)r->pref);
	if (r->expires && r->family == AF_INET6)
		mnl_attr_put_u32(h, RTA_EXPIRES, r->expires);
	route_put_metrics(h, r);
	return route_call(nl, h, "add", ifindex, r, err);
}

int nl_route_del_full(vn_nl *nl, int ifindex, const vn_nl_route *r, vn_err *err)
{
	return route_call(nl, route_msg(nl, RTM_DELROUTE, 0, ifindex, r), "delete", ifindex, r,
			  err);
}
