/* netlink_internal.h - what netlink*.c share: one request/answer exchange, attribute
 * readers, growing result arrays and error messages */
#pragma once
#include <libmnl/libmnl.h>
#include <stdint.h>

#include "kernel/netlink.h"

#define NL_EXT_MAX 256

struct vn_nl {
	struct mnl_socket *sock;
	uint32_t portid, seq;
	size_t txlen, rxlen;
	char *tx, *rx;
};

/* Called for each answer message of the request (not for acks, errors or NLMSG_DONE);
 * returns 0 or a negative errno. After an error the rest of the answer is read and dropped. */
typedef int (*nl_msg_cb)(const struct nlmsghdr *h, void *data);

typedef struct nl_call {
	nl_msg_cb cb;            /* NULL: the request has no answer but its ack */
	void *data;
	uint32_t seq;
	int cb_err;
	bool interrupted;        /* a dump came back with NLM_F_DUMP_INTR */
	char ext[NL_EXT_MAX];    /* the kernel's extended-ack message, "" if none */
} nl_call;

/* A request in the socket's send buffer: NLM_F_REQUEST | NLM_F_ACK | flags, with a zeroed
 * fixed header of hdrlen bytes after it (returned in *hdr). */
struct nlmsghdr *nl_msg(vn_nl *nl, uint16_t type, uint16_t flags, size_t hdrlen, void **hdr);
/* Send the request, read its whole answer; 0, the kernel's -errno, or the callback's error. */
int nl_call_run(vn_nl *nl, struct nlmsghdr *req, nl_call *c);
/* Same for a dump (NLM_F_DUMP set by nl_msg): restarted with reset(c->data) when the kernel
 * reports the dump was interrupted by a change; -EAGAIN if that keeps happening. */
int nl_dump_run(vn_nl *nl, struct nlmsghdr *req, nl_call *c, void (*reset)(void *data));

/* What nl_call_run is made of: send len bytes; read one datagram of the kernel's into
 * nl->rx (its length or a negative errno); the extended-ack text of an error message. */
int nl_send_buf(vn_nl *nl, const void *buf, size_t len);
ssize_t nl_recv(vn_nl *nl);
void nl_ext_text(const struct nlmsghdr *h, size_t off, char ext[NL_EXT_MAX]);
/* An NLMSG_ERROR message: 1 for an ack, else the kernel's -errno (its text in c->ext). */
int nl_on_error(const struct nlmsghdr *h, nl_call *c);

/* Several requests sent in one datagram (netlink_batch.c): nl_batch_begin, then
 * nl_batch_msg for each (NLM_F_REQUEST | flags; NULL when fewer than NL_BATCH_ROOM bytes
 * are left, which is what one message may use), then nl_batch_run: 0 once every message
 * sent with NLM_F_ACK is acked, else the first error (its kernel text in c->ext). */
#define NL_BATCH_ROOM 1024
typedef struct nl_batch {
	struct nlmsghdr *last;   /* the message being filled */
	size_t len;              /* bytes of the messages before it */
	uint32_t first_seq;
	unsigned acks;           /* messages that asked for an ack */
} nl_batch;
void nl_batch_begin(vn_nl *nl, nl_batch *b);
struct nlmsghdr *nl_batch_msg(vn_nl *nl, nl_batch *b, uint16_t type, uint16_t flags,
			      size_t hdrlen, void **hdr);
int nl_batch_run(vn_nl *nl, nl_batch *b, nl_call *c);

/* Attributes after a fixed header of hdrlen bytes (or nested in a), by type up to max. */
void nl_parse(const struct nlmsghdr *h, size_t hdrlen, const struct nlattr **tb, unsigned max);
void nl_parse_nested(const struct nlattr *a, const struct nlattr **tb, unsigned max);
uint32_t nl_attr_u32(const struct nlattr *a);                     /* 0 if absent or short */
void nl_attr_str(const struct nlattr *a, char *buf, size_t len);  /* "" if absent */
bool nl_attr_addr(const struct nlattr *a, int family, vn_addr *out);

/* A growing array of fixed-size items. */
typedef struct nl_vec { void *v; size_t n, cap, size; } nl_vec;
void *nl_vec_add(nl_vec *v);   /* zeroed new item, or NULL when out of memory */

/* "'br0'" for an existing index, else "#7" (only for messages). */
const char *nl_ifname(int ifindex, char buf[32]);
/* err = "<what>: <kernel text or strerror>[; <hint>]"; returns r (a negative errno). */
int nl_fail(vn_err *err, int r, const char *ext, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
