/* netlink.c - the rtnetlink socket: requests with acks, answers matched by portid and
 * sequence number, dumps restarted when interrupted, the kernel's extended-ack text kept */
#include <errno.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/netlink_internal.h"
#include "util/cleanup.h"

/* Largest read the kernel fills while dumping; a bigger message is seen by peeking and
 * the buffer grown for it. */
#define NL_RX_MIN 32768
#define NL_DUMP_TRIES 10

void nl_close(vn_nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->tx);
	free(nl->rx);
	free(nl);
}

static void nl_closep(vn_nl **nl) { nl_close(*nl); }

static int nl_setopt(vn_nl *nl, int opt, const char *name, vn_err *err)
{
	int one = 1;

	/* kernels older than 4.12 lack these: errors then come without the kernel's text */
	if (mnl_socket_setsockopt(nl->sock, opt, &one, sizeof(one)) < 0 && errno != ENOPROTOOPT)
		return vn_err_set(err, errno, "cannot turn on %s on the netlink socket: %s", name,
				  strerror(errno));
	return 0;
}

int nl_open(vn_nl **out, vn_err *err)
{
	return nl_open_proto(out, NETLINK_ROUTE, err);
}

int nl_open_proto(vn_nl **out, int proto, vn_err *err)
{
	_cleanup_(nl_closep) vn_nl *nl = calloc(1, sizeof(*nl));
	int r;

	*out = NULL;
	if (!nl)
		return vn_err_set(err, ENOMEM, "out of memory opening a netlink socket");
	nl->txlen = (size_t)MNL_SOCKET_BUFFER_SIZE;
	nl->rxlen = nl->txlen < NL_RX_MIN ? NL_RX_MIN : nl->txlen;
	nl->tx = calloc(1, nl->txlen);
	nl->rx = malloc(nl->rxlen);
	if (!nl->tx || !nl->rx)
		return vn_err_set(err, ENOMEM, "out of memory opening a netlink socket");
	nl->sock = mnl_socket_open2(proto, SOCK_CLOEXEC);
	if (!nl->sock)
		return vn_err_set(err, errno, "cannot open a netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return vn_err_set(err, errno, "cannot bind the netlink socket: %s",
				  strerror(errno));
	r = nl_setopt(nl, NETLINK_EXT_ACK, "NETLINK_EXT_ACK", err);
	if (r < 0)
		return r;
	r = nl_setopt(nl, NETLINK_CAP_ACK, "NETLINK_CAP_ACK", err);
	if (r < 0)
		return r;
	nl->portid = mnl_socket_get_portid(nl->sock);
	*out = TAKE_PTR(nl);
	return 0;
}

struct nlmsghdr *nl_msg(vn_nl *nl, uint16_t type, uint16_t flags, size_t hdrlen, void **hdr)
{
	struct nlmsghdr *h;

	memset(nl->tx, 0, nl->txlen);
	h = mnl_nlmsg_put_header(nl->tx);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	*hdr = mnl_nlmsg_put_extra_header(h, hdrlen);
	return h;
}

int nl_send_buf(vn_nl *nl, const void *buf, size_t len)
{
	for (;;) {
		if (mnl_socket_sendto(nl->sock, buf, len) >= 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

static int nl_grow(vn_nl *nl, size_t need)
{
	char *p = realloc(nl->rx, need);

	if (!p)
		return -ENOMEM;
	nl->rx = p;
	nl->rxlen = need;
	return 0;
}

/* One datagram from the kernel into nl->rx; its length or a negative errno. */
ssize_t nl_recv(vn_nl *nl)
{
	int fd = mnl_socket_get_fd(nl->sock);

	for (;;) {
		struct sockaddr_nl sa = {0};
		struct iovec iov = { nl->rx, nl->rxlen };
		struct msghdr m = {
			.msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1
		};
		ssize_t n = recvmsg(fd, &m, MSG_PEEK | MSG_TRUNC);
		int r;

		if (n >= 0 && (size_t)n > nl->rxlen) {
			r = nl_grow(nl, (size_t)n);
			if (r < 0)
				return r;
			continue;
		}
		if (n >= 0)
			n = recvmsg(fd, &m, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (sa.nl_pid == 0)   /* only the kernel's messages */
			return n;
	}
}

/* NLMSGERR_ATTR_MSG from the TLVs at offset off of the payload, if the kernel sent them. */
void nl_ext_text(const struct nlmsghdr *h, size_t off, char ext[NL_EXT_MAX])
{
	const struct nlattr *a;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(h))
		return;
	mnl_attr_for_each(a, h, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(ext, NL_EXT_MAX, "%s", mnl_attr_get_str(a));
	}
}

/* 1 for an ack, else the kernel's negative errno. */
int nl_on_error(const struct nlmsghdr *h, nl_call *c)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(h) < sizeof(*e))
		return -EBADMSG;
	if (e->error == 0)
		return 1;
	/* the request precedes the TLVs */
	if (!(h->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > sizeof(e->msg))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	nl_ext_text(h, off, c->ext);
	return e->error < 0 ? e->error : -EPROTO;
}

/* The end of a dump: 1, or the error the kernel hit while dumping. */
static int nl_on_done(const struct nlmsghdr *h, nl_call *c)
{
	int e = 0;

	if (mnl_nlmsg_get_payload_len(h) >= sizeof(e))
		memcpy(&e, mnl_nlmsg_get_payload(h), sizeof(e));
	if (e >= 0)
		return 1;
	nl_ext_text(h, sizeof(e), c->ext);
	return e;
}

/* 0: more to come; 1: the answer is complete; < 0: it ended with the kernel's error. */
static int nl_on_msg(vn_nl *nl, const struct nlmsghdr *h, nl_call *c)
{
	if (h->nlmsg_pid != nl->portid || h->nlmsg_seq != c->seq)
		return 0;   /* left over from an earlier request */
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		c->interrupted = true;
	switch (h->nlmsg_type) {
	case NLMSG_ERROR:
		return nl_on_error(h, c);
	case NLMSG_DONE:
		return nl_on_done(h, c);
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		return 0;
	}
	if (c->cb && c->cb_err == 0)
		c->cb_err = c->cb(h, c->data);
	return 0;
}

int nl_call_run(vn_nl *nl, struct nlmsghdr *req, nl_call *c)
{
	int r;

	if (++nl->seq == 0)
		nl->seq = 1;
	req->nlmsg_seq = c->seq = nl->seq;
	r = nl_send_buf(nl, req, req->nlmsg_len);
	if (r < 0)
		return r;
	for (;;) {
		ssize_t n = nl_recv(nl);
		int left = (int)n;

		if (n < 0)
			return (int)n;
		for (const struct nlmsghdr *h = (void *)nl->rx; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left)) {
			r = nl_on_msg(nl, h, c);
			if (r < 0)
				return r;
			if (r > 0)
				return c->cb_err;
		}
	}
}

int nl_dump_run(vn_nl *nl, struct nlmsghdr *req, nl_call *c, void (*reset)(void *data))
{
	req->nlmsg_flags |= NLM_F_DUMP;
	for (int i = 0; i < NL_DUMP_TRIES; i++) {
		int r;

		c->interrupted = false;
		c->cb_err = 0;
		c->ext[0] = '\0';
		reset(c->data);
		r = nl_call_run(nl, req, c);
		if (r < 0 || !c->interrupted)
			return r;
	}
	return -EAGAIN;
}

void nl_parse(const struct nlmsghdr *h, size_t hdrlen, const struct nlattr **tb, unsigned max)
{
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(h) < MNL_ALIGN(hdrlen))
		return;
	mnl_attr_for_each(a, h, hdrlen) {
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
	}
}

void nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned max)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
	}
}

uint32_t nl_attr_u32(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= sizeof(uint32_t) ? mnl_attr_get_u32(a) : 0;
}

void nl_attr_str(const struct nlattr *a, char *buf, size_t len)
{
	size_t n = a ? strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a)) : 0;

	if (n >= len)
		n = len - 1;
	if (n)
		memcpy(buf, mnl_attr_get_payload(a), n);
	buf[n] = '\0';
}

bool nl_attr_addr(const struct nlattr *a, int family, vn_addr *out)
{
	size_t len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;

	if (!a || !len || mnl_attr_get_payload_len(a) != len)
		return false;
	memset(out, 0, sizeof(*out));
	out->family = family;
	memcpy(out->u.bytes, mnl_attr_get_payload(a), len);
	return true;
}

void *nl_vec_add(nl_vec *v)
{
	char *item;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		void *p = reallocarray(v->v, cap, v->size);
		if (!p)
			return NULL;
		v->v = p;
		v->cap = cap;
	}
	item = (char *)v->v + v->n++ * v->size;
	memset(item, 0, v->size);
	return item;
}

const char *nl_ifname(int ifindex, char buf[32])
{
	char name[IF_NAMESIZE];

	if (ifindex > 0 && if_indextoname((unsigned)ifindex, name))
		snprintf(buf, 32, "'%s'", name);
	else
		snprintf(buf, 32, "#%d", ifindex);
	return buf;
}

static const char *nl_default_hint(int r)
{
	switch (r) {
	case -EPERM:
	case -EACCES:
		return "changing the network needs CAP_NET_ADMIN: run virtnet as root";
	case -EAGAIN:
		return "the kernel's list kept changing while it was read; try again";
	}
	return NULL;
}

int nl_fail(vn_err *err, int r, const char *ext, const char *hint, const char *fmt, ...)
{
	size_t n = ext ? strlen(ext) : 0, len;
	va_list ap;

	if (!err)
		return r;
	va_start(ap, fmt);
	vn_err_setv(err, -r, fmt, ap);
	va_end(ap);
	while (n > 0 && (ext[n - 1] == '.' || ext[n - 1] == ' ' || ext[n - 1] == '\n'))
		n--;
	if (!hint)
		hint = nl_default_hint(r);
	len = strlen(err->msg);
	if (n)
		snprintf(err->msg + len, sizeof(err->msg) - len, ": %.*s (%s)%s%s", (int)n, ext,
			 strerror(-r), hint ? "; " : "", hint ? hint : "");
	else
		snprintf(err->msg + len, sizeof(err->msg) - len, ": %s%s%s", strerror(-r),
			 hint ? "; " : "", hint ? hint : "");
	return r;
}
