/* firewall_listing.c - what one listing of our table (`list table inet T`) says of a network:
 * its dispatch rules, its chains with their final rules and its map elements. Pure: one
 * listing answers for every network (a daemon adopting 100 networks lists the table once). */
#include <stdio.h>
#include <string.h>

#include "firewall/firewall.h"

typedef struct span {
	const char *b, *e;
} span;

/* The body of a top-level "\tKIND NAME {" block: up to the "\t}" closing it (nested
 * blocks are indented deeper). */
static bool block(const char *listing, const char *kind, const char *name, span *out)
{
	char head[160];
	const char *p, *end;

	snprintf(head, sizeof(head), "\n\t%s %s {\n", kind, name);
	p = strstr(listing, head);
	if (!p)
		return false;
	p += strlen(head) - 1;   /* at the newline: an empty block closes right there */
	end = strstr(p, "\n\t}\n");
	if (!end)
		return false;
	*out = (span){ p, end };
	return true;
}

static bool has(const char *listing, const char *kind, const char *name, const char *needle)
{
	span s;

	return block(listing, kind, name, &s) &&
	       memmem(s.b, (size_t)(s.e - s.b), needle, strlen(needle)) != NULL;
}

static bool chains_present(const char *listing, const vn_network *n)
{
	char id[64], in[80], out[80], nat[80];

	fw_chain_id(n->bridge, id);
	snprintf(in, sizeof(in), "%s_in", id);
	snprintf(out, sizeof(out), "%s_out", id);
	snprintf(nat, sizeof(nat), "%s_nat", id);
	return has(listing, "chain", "forward", "vmap @fwd_in") &&
	       has(listing, "chain", "postrouting", "vmap @nat") &&
	       has(listing, "chain", in, "reject") && has(listing, "chain", out, "reject") &&
	       (n->forward.mode != FWD_NAT || has(listing, "chain", nat, "return"));
}

/* An element's key as nft prints it: "br" : verdict in a map, "br" . "br" in cross */
static bool elements_present(const char *listing, const vn_network *n)
{
	char key[64], pair[80];

	snprintf(key, sizeof(key), "\"%s\" : ", n->bridge);
	snprintf(pair, sizeof(pair), "\"%s\" . \"%s\"", n->bridge, n->bridge);
	return has(listing, "map", "fwd_in", key) && has(listing, "map", "fwd_out", key) &&
	       has(listing, "set", "cross", pair);
}

bool fw_listing_has_network(const char *listing, const vn_network *n)
{
	return listing && n->bridge && chains_present(listing, n) &&
	       elements_present(listing, n);
}
