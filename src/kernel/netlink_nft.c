/* netlink_nft.c - nftables' base chains straight from the kernel: one dump of the chains
 * over an nfnetlink socket, parsed here (what start needs to warn about a foreign table's
 * drop policy; libnftables would fetch and format every table's objects for it). The
 * socket is the caller's, kept open: closing an nfnetlink socket waits for the kernel to
 * finish freeing what earlier transactions deleted (an RCU grace period). */
#include <errno.h>
#include <netinet/in.h>   /* before the kernel's headers (libc-compat) */
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink_internal.h"

static void chains_reset(void *data)
{
	((nl_vec *)data)->n = 0;
}

static int chain_cb(const struct nlmsghdr *h, void *data)
{
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[NFTA_CHAIN_MAX + 1] = {0}, *hook[NFTA_HOOK_MAX + 1] = {0};
	vn_nft_base_chain *c;

	if (NFNL_MSG_TYPE(h->nlmsg_type) != NFT_MSG_NEWCHAIN ||
	    mnl_nlmsg_get_payload_len(h) < sizeof(*g))
		return 0;
	nl_parse(h, sizeof(*g), tb, NFTA_CHAIN_MAX);
	if (!tb[NFTA_CHAIN_HOOK] || !tb[NFTA_CHAIN_TABLE] || !tb[NFTA_CHAIN_NAME])
		return 0;   /* a regular chain */
	nl_parse_nested(tb[NFTA_CHAIN_HOOK], hook, NFTA_HOOK_MAX);
	c = nl_vec_add(data);
	if (!c)
		return -ENOMEM;
	c->family = g->nfgen_family;
	nl_attr_str(tb[NFTA_CHAIN_TABLE], c->table, sizeof(c->table));
	nl_attr_str(tb[NFTA_CHAIN_NAME], c->chain, sizeof(c->chain));
	c->hooknum = ntohl(nl_attr_u32(hook[NFTA_HOOK_HOOKNUM]));
	c->drop = tb[NFTA_CHAIN_POLICY] && ntohl(nl_attr_u32(tb[NFTA_CHAIN_POLICY])) == NF_DROP;
	return 0;
}

int nl_nft_base_chains(vn_nl *nl, vn_nft_base_chain **out, size_t *n, vn_err *err)
{
	nl_vec v = { .size = sizeof(vn_nft_base_chain) };
	nl_call c = { .cb = chain_cb, .data = &v };
	struct nfgenmsg *g;
	struct nlmsghdr *h = nl_msg(nl, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETCHAIN,
				    NLM_F_DUMP, sizeof(*g), (void **)&g);
	int r;

	*out = NULL;
	*n = 0;
	g->nfgen_family = NFPROTO_UNSPEC;
	g->version = NFNETLINK_V0;
	r = nl_dump_run(nl, h, &c, chains_reset);
	if (r < 0) {
		free(v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot list nftables chains");
	}
	*out = v.v;
	*n = v.n;
	return 0;
}

/* An nftables transaction's first or last message */
static int batch_mark(vn_nl *nl, nl_batch *b, uint16_t type)
{
	struct nfgenmsg *g;

	if (!nl_batch_msg(nl, b, type, 0, sizeof(*g), (void **)&g))
		return -E2BIG;
	g->nfgen_family = AF_UNSPEC;
	g->version = NFNETLINK_V0;
	g->res_id = htons(NFNL_SUBSYS_NFTABLES);
	return 0;
}

static void put_elem(struct nlmsghdr *h, const vn_nft_elem *e)
{
	struct nlattr *list = mnl_attr_nest_start(h, NFTA_SET_ELEM_LIST_ELEMENTS);
	struct nlattr *elem = mnl_attr_nest_start(h, NFTA_LIST_ELEM);
	struct nlattr *key = mnl_attr_nest_start(h, NFTA_SET_ELEM_KEY), *data, *verdict;

	mnl_attr_put(h, NFTA_DATA_VALUE, e->keylen, e->key);
	mnl_attr_nest_end(h, key);
	if (e->jump[0]) {
		data = mnl_attr_nest_start(h, NFTA_SET_ELEM_DATA);
		verdict = mnl_attr_nest_start(h, NFTA_DATA_VERDICT);
		mnl_attr_put_u32(h, NFTA_VERDICT_CODE, htonl((uint32_t)NFT_JUMP));
		mnl_attr_put_strz(h, NFTA_VERDICT_CHAIN, e->jump);
		mnl_attr_nest_end(h, verdict);
		mnl_attr_nest_end(h, data);
	}
	mnl_attr_nest_end(h, elem);
	mnl_attr_nest_end(h, list);
}

/* One NEWSETELEM a element; what an element holds fits NL_BATCH_ROOM by its sizes */
static int elem_msg(vn_nl *nl, nl_batch *b, int family, const char *table, const vn_nft_elem *e)
{
	struct nfgenmsg *g;
	struct nlmsghdr *h = nl_batch_msg(nl, b, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWSETELEM,
					  NLM_F_CREATE | NLM_F_ACK, sizeof(*g), (void **)&g);

	if (!h)
		return -E2BIG;
	g->nfgen_family = (uint8_t)family;
	g->version = NFNETLINK_V0;
	mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_TABLE, table);
	mnl_attr_put_strz(h, NFTA_SET_ELEM_LIST_SET, e->set);
	put_elem(h, e);
	return 0;
}

static bool elem_fits(const char *table, const vn_nft_elem *e)
{
	return strnlen(table, NFT_TABLE_MAXNAMELEN) < NFT_TABLE_MAXNAMELEN &&
	       strnlen(e->set, sizeof(e->set)) < NFT_SET_MAXNAMELEN &&
	       strnlen(e->jump, sizeof(e->jump)) < sizeof(e->jump) &&
	       e->keylen > 0 && e->keylen <= sizeof(e->key);
}

int nl_nft_add_elems(vn_nl *nl, int family, const char *table, const vn_nft_elem *v, size_t n,
		     vn_err *err)
{
	nl_call c = {0};
	nl_batch b;
	int r = 0;

	for (size_t i = 0; i < n; i++)
		if (!elem_fits(table, &v[i]))
			return vn_err_set(err, EINVAL, "nftables element of set '%.32s': a name or "
					  "key too long for the kernel", v[i].set);
	nl_batch_begin(nl, &b);
	r = batch_mark(nl, &b, NFNL_MSG_BATCH_BEGIN);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = elem_msg(nl, &b, family, table, &v[i]);
	if (r == 0)
		r = batch_mark(nl, &b, NFNL_MSG_BATCH_END);
	if (r < 0)
		return vn_err_set(err, -r, "nftables transaction of %zu elements: too large for "
				  "one message", n);
	r = nl_batch_run(nl, &b, &c);
	return r < 0 ? nl_fail(err, r, c.ext, NULL, "cannot add elements to table %s", table) : 0;
}
