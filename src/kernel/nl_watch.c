/* nl_watch.c - rtnetlink and nftables notifications as typed events */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink_internal.h"
#include "kernel/nl_watch.h"

#define WATCH_RCVBUF (4 << 20)
#define NFT_TABLE_ATTR 1   /* NFTA_{TABLE_NAME,CHAIN_TABLE,RULE_TABLE,SET_TABLE,...}: all 1 */

struct vn_nlwatch {
	struct mnl_socket *sock;
	int proto;
	char buf[32768];       /* a notification is at most a page; a read takes many */
};

void nlwatch_close(vn_nlwatch *w)
{
	if (!w)
		return;
	if (w->sock)
		mnl_socket_close(w->sock);
	free(w);
}

int nlwatch_fd(const vn_nlwatch *w)
{
	return mnl_socket_get_fd(w->sock);
}

static int join(vn_nlwatch *w, unsigned group, vn_err *err)
{
	int rc = mnl_socket_setsockopt(w->sock, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group));

	if (rc < 0)
		return vn_err_set(err, errno, "cannot subscribe to netlink group %u: %s", group,
				  strerror(errno));
	return 0;
}

static int watch_open(vn_nlwatch **out, int proto, const unsigned *groups, size_t n, vn_err *err)
{
	vn_nlwatch *w = calloc(1, sizeof(*w));
	int size = WATCH_RCVBUF, rc = 0;

	*out = NULL;
	if (!w)
		return vn_err_set(err, ENOMEM, "out of memory opening a netlink watch");
	w->proto = proto;
	w->sock = mnl_socket_open2(proto, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!w->sock)
		rc = vn_err_set(err, errno, "cannot open a netlink socket: %s", strerror(errno));
	if (rc == 0 && mnl_socket_bind(w->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		rc = vn_err_set(err, errno, "cannot bind a netlink socket: %s", strerror(errno));
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = join(w, groups[i], err);
	if (rc < 0) {
		nlwatch_close(w);
		return rc;
	}
	/* a burst of changes (a flush of many rules) must not overrun it; failing is harmless */
	setsockopt(mnl_socket_get_fd(w->sock), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	*out = w;
	return 0;
}

int nlwatch_open_rtnl(vn_nlwatch **out, vn_err *err)
{
	static const unsigned groups[] = { RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR };

	return watch_open(out, NETLINK_ROUTE, groups, sizeof(groups) / sizeof(groups[0]), err);
}

int nlwatch_open_nft(vn_nlwatch **out, vn_err *err)
{
	static const unsigned groups[] = { NFNLGRP_NFTABLES };

	return watch_open(out, NETLINK_NETFILTER, groups, 1, err);
}

static bool link_event(const struct nlmsghdr *h, vn_nlev *ev)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFLA_MAX + 1] = {0};

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return false;
	nl_parse(h, sizeof(*ifi), tb, IFLA_MAX);
	ev->type = h->nlmsg_type == RTM_DELLINK ? NLEV_LINK_GONE : NLEV_LINK;
	ev->ifindex = ifi->ifi_index;
	ev->up = ifi->ifi_flags & IFF_UP;
	ev->master = (int)nl_attr_u32(tb[IFLA_MASTER]);
	nl_attr_str(tb[IFLA_IFNAME], ev->ifname, sizeof(ev->ifname));
	return true;
}

static bool rtnl_event(const struct nlmsghdr *h, vn_nlev *ev)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(h);

	if (h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK)
		return link_event(h, ev);
	if (h->nlmsg_type != RTM_DELADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return false;
	ev->type = NLEV_ADDR_GONE;
	ev->ifindex = (int)ifa->ifa_index;
	return true;
}

static bool nft_is_delete(int msg)
{
	return msg == NFT_MSG_DELTABLE || msg == NFT_MSG_DELCHAIN || msg == NFT_MSG_DELRULE ||
	       msg == NFT_MSG_DELSET || msg == NFT_MSG_DELSETELEM || msg == NFT_MSG_DELOBJ ||
	       msg == NFT_MSG_DELFLOWTABLE;
}

static bool nft_event(const struct nlmsghdr *h, vn_nlev *ev)
{
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[NFTA_GEN_MAX + 1] = {0};
	int msg = NFNL_MSG_TYPE(h->nlmsg_type);

	if (NFNL_SUBSYS_ID(h->nlmsg_type) != NFNL_SUBSYS_NFTABLES ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*g)))
		return false;
	if (msg == NFT_MSG_NEWGEN) {
		nl_parse(h, sizeof(*g), tb, NFTA_GEN_MAX);
		ev->type = NLEV_NFT_GEN;
		ev->pid = (pid_t)ntohl(nl_attr_u32(tb[NFTA_GEN_PROC_PID]));
		return true;
	}
	if (!nft_is_delete(msg) ||
	    (g->nfgen_family != NFPROTO_INET && g->nfgen_family != NFPROTO_BRIDGE))
		return false;
	nl_parse(h, sizeof(*g), tb, NFT_TABLE_ATTR);
	ev->type = NLEV_NFT_DEL;
	nl_attr_str(tb[NFT_TABLE_ATTR], ev->table, sizeof(ev->table));
	return true;
}

struct read_ctx {
	vn_nlwatch *w;
	vn_nlev_cb cb;
	void *data;
};

static int one_message(const struct nlmsghdr *h, void *data)
{
	struct read_ctx *c = data;
	vn_nlev ev = {0};
	bool known = c->w->proto == NETLINK_ROUTE ? rtnl_event(h, &ev) : nft_event(h, &ev);

	if (known)
		c->cb(c->data, &ev);
	return MNL_CB_OK;
}

static int overrun(vn_nlev_cb cb, void *data)
{
	vn_nlev ev = { .type = NLEV_OVERRUN };

	cb(data, &ev);
	return 0;
}

int nlwatch_read(vn_nlwatch *w, vn_nlev_cb cb, void *data)
{
	struct read_ctx c = { w, cb, data };

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(w->sock, w->buf, sizeof(w->buf));
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0 && errno == ENOBUFS)
			return overrun(cb, data);
		if (n < 0)
			return -errno;
		/* notifications have sequence number 0 and the kernel's port id 0 */
		if (mnl_cb_run(w->buf, (size_t)n, 0, 0, one_message, &c) < 0 && errno != ENOENT)
			return -errno;
	}
}
