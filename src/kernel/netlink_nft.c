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
