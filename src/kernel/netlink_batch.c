/* netlink_batch.c - several requests in one datagram, each answered by its own ack: what
 * an nftables transaction is (a begin and an end message around its changes). */
#include <errno.h>
#include <string.h>

#include "kernel/netlink_internal.h"

void nl_batch_begin(vn_nl *nl, nl_batch *b)
{
	*b = (nl_batch){ .first_seq = nl->seq + 1 };
}

/* The message being filled is done: its length counts */
static void batch_close_last(nl_batch *b)
{
	if (b->last)
		b->len += MNL_ALIGN(b->last->nlmsg_len);
	b->last = NULL;
}

struct nlmsghdr *nl_batch_msg(vn_nl *nl, nl_batch *b, uint16_t type, uint16_t flags,
			      size_t hdrlen, void **hdr)
{
	struct nlmsghdr *h;

	batch_close_last(b);
	if (b->len + NL_BATCH_ROOM > nl->txlen)
		return NULL;
	memset(nl->tx + b->len, 0, NL_BATCH_ROOM);
	h = mnl_nlmsg_put_header(nl->tx + b->len);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	if (++nl->seq == 0)
		nl->seq = 1;
	h->nlmsg_seq = nl->seq;
	*hdr = mnl_nlmsg_put_extra_header(h, hdrlen);
	b->acks += (flags & NLM_F_ACK) != 0;
	b->last = h;
	return h;
}

/* An answer to one of the batch's messages: 1 when it is acked, < 0 for its error */
static int batch_answer(const vn_nl *nl, const nl_batch *b, const struct nlmsghdr *h,
			nl_call *c)
{
	if (h->nlmsg_pid != nl->portid || h->nlmsg_type != NLMSG_ERROR ||
	    h->nlmsg_seq - b->first_seq > nl->seq - b->first_seq)
		return 0;   /* not ours, or left over from an earlier request */
	return nl_on_error(h, c);
}

int nl_batch_run(vn_nl *nl, nl_batch *b, nl_call *c)
{
	unsigned answered = 0;
	int first = 0, r;

	batch_close_last(b);
	r = nl_send_buf(nl, nl->tx, b->len);
	while (r == 0 && answered < b->acks) {
		ssize_t n = nl_recv(nl);
		int left = (int)n;

		if (n < 0)
			return (int)n;
		for (const struct nlmsghdr *h = (void *)nl->rx; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left)) {
			nl_call later = {0};   /* only the first error's text is kept */
			int a = batch_answer(nl, b, h, first ? &later : c);
			answered += a != 0;
			if (a < 0 && first == 0)
				first = a;
		}
	}
	return r < 0 ? r : first;
}
