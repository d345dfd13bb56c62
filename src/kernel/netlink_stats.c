/* netlink_stats.c - an interface's traffic counters (IFLA_STATS64 of RTM_GETLINK) */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>

#include "kernel/netlink_internal.h"

struct stats_one { vn_link_stats *out; bool found; };

static void stats_copy(const struct rtnl_link_stats64 *s, vn_link_stats *out)
{
	*out = (vn_link_stats){
		.rx_bytes = s->rx_bytes,
		.rx_packets = s->rx_packets,
		.rx_errors = s->rx_errors,
		.rx_dropped = s->rx_dropped,
		.tx_bytes = s->tx_bytes,
		.tx_packets = s->tx_packets,
		.tx_errors = s->tx_errors,
		.tx_dropped = s->tx_dropped,
	};
}

static int stats_cb(const struct nlmsghdr *h, void *data)
{
	struct stats_one *o = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	struct rtnl_link_stats64 s = {0};
	size_t len;

	if (o->found || h->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(h) < sizeof(*ifi))
		return 0;
	nl_parse(h, sizeof(*ifi), tb, IFLA_MAX);
	if (!tb[IFLA_STATS64])
		return 0;
	/* copied: the payload is only 4-byte aligned, and older kernels send a shorter struct */
	len = mnl_attr_get_payload_len(tb[IFLA_STATS64]);
	memcpy(&s, mnl_attr_get_payload(tb[IFLA_STATS64]), len < sizeof(s) ? len : sizeof(s));
	stats_copy(&s, o->out);
	o->found = true;
	return 0;
}

int nl_link_stats(vn_nl *nl, const char *ifname, vn_link_stats *out, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h;
	void *hdr;
	struct stats_one one = { out, false };
	nl_call c = { .cb = stats_cb, .data = &one };
	int r;

	memset(out, 0, sizeof(*out));
	if (!ifname[0] || strlen(ifname) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "'%s' is not a valid interface name (1 to %d characters)", ifname,
				  IF_NAMESIZE - 1);
	h = nl_msg(nl, RTM_GETLINK, 0, sizeof(*ifi), &hdr);
	ifi = hdr;
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(h, IFLA_IFNAME, ifname);
	r = nl_call_run(nl, h, &c);
	if (r == -ENODEV)
		return vn_err_set(err, ENODEV, "interface '%s' does not exist", ifname);
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL, "cannot read the counters of interface '%s'",
			       ifname);
	if (!one.found)
		return vn_err_set(err, EPROTO,
				  "cannot read the counters of interface '%s': the kernel sent "
				  "none",
				  ifname);
	return 0;
}
