/* hostbridge_fw.c - --forward-accept: frames bridged from a host bridge back to itself are
 * accepted in a table of our own, inet <table>_hostbridge. Not in inet <table>: that one
 * is rebuilt from the networks alone and deleted when none uses it.
 *
 * With br_netfilter (net.bridge.bridge-nf-call-iptables=1) bridged IPv4/IPv6 frames pass
 * the inet forward hook with iifname and oifname both the bridge. An accept only ends our
 * own chain: a drop in any other table still drops, so when another firewall drops
 * forwarded packets the fix is --bridge-nf off, which the notes say. */
#include <errno.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/firewall.h"
#include "hostbridge/hostbridge.h"
#include "types/vtype.h"
#include "util/buf.h"

void hb_fw_table(const char *table, char out[80])
{
	snprintf(out, 80, "%.60s_hostbridge", table);
}

/* One command per line, like all our nft text; a bridge name that is not an interface
 * name is refused, never skipped or escaped. */
static void render_table(vn_buf *b, const char *t, const char *const *bridges, size_t n)
{
	buf_printf(b, "add table inet %s\n", t);
	buf_printf(b, "add set inet %s bridged { type ifname . ifname; }\n", t);
	buf_printf(b, "add element inet %s bridged { ", t);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s\"%s\" . \"%s\"", i ? ", " : "", bridges[i], bridges[i]);
	buf_add(b, " }\n");
	buf_printf(b,
		   "add chain inet %s forward { type filter hook forward priority filter; "
		   "policy accept; }\n",
		   t);
	buf_printf(b, "add rule inet %s forward iifname . oifname @bridged counter accept\n", t);
}

int hb_fw_render(const char *table, const char *const *bridges, size_t n, char **out, vn_err *err)
{
	vn_buf b = {0};
	char t[80];

	*out = NULL;
	for (size_t i = 0; i < n; i++)
		if (vt_check(VT_IFNAME, bridges[i], err, "host bridge") < 0)
			return -EINVAL;
	hb_fw_table(table, t);
	buf_printf(&b, "add table inet %s\ndelete table inet %s\n", t, t);
	if (n > 0)
		render_table(&b, t, bridges, n);
	if (b.oom) {
		buf_free(&b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	*out = buf_steal(&b);
	return *out ? 0 : vn_err_set(err, ENOMEM, "out of memory");
}

/* A hostbridge whose accept rule is (or is being) in place. */
static bool wants_accept(const vn_hostbridge *hb)
{
	return hb->forward_accept && hb_count(hb, HB_STEP_FIREWALL) > 0;
}

static int collect(vn_run *r, const char *with, const char *without, const char ***names, size_t *n,
		   vn_hostbridge ***all, size_t *nall, vn_err *err)
{
	int rc = hb_load_all(r->paths, all, nall, r->notes, err);

	*names = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	*names = calloc(*nall + 1, sizeof(**names));
	if (!*names)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < *nall; i++) {
		const char *name = (*all)[i]->name;
		if (wants_accept((*all)[i]) && !(without && strcmp(name, without) == 0) &&
		    !(with && strcmp(name, with) == 0))
			(*names)[(*n)++] = name;
	}
	if (with)
		(*names)[(*n)++] = with;
	return 0;
}

int hb_fw_sync(vn_run *r, const char *with, const char *without, vn_err *err)
{
	vn_hostbridge **all = NULL;
	const char **names = NULL;
	size_t n = 0, nall = 0;
	char *text = NULL;
	int rc = collect(r, with, without, &names, &n, &all, &nall, err);

	if (rc == 0)
		rc = hb_fw_render(r->table, names, n, &text, err);
	if (rc == 0)
		rc = fw_apply(r->fw, text, err);
	free(text);
	free(names);
	hb_list_free(all, nall);
	return rc;
}

static void note_drop(vn_notes *notes, const char *family, const char *table, const char *chain,
		      const char *bridge)
{
	vn_note(notes,
		"table %s %s chain %s drops forwarded packets (policy drop), and with br_netfilter "
		"(net.bridge.bridge-nf-call-iptables=1) frames bridged through %s pass it too, so "
		"guests on %s may not reach the LAN; delete the host bridge and create it again "
		"with --bridge-nf off, or let them through with: nft insert rule %s %s %s iifname "
		"\"%s\" oifname \"%s\" accept",
		family, table, chain, bridge, bridge, family, table, chain, bridge, bridge);
}

/* Base chains on the forward hook with policy drop, in tables that are not ours. */
static void scan_listing(const char *listing, const char *ours, const char *ours_hb,
			 const char *bridge, vn_notes *notes)
{
	char family[16] = "", table[128] = "", chain[128] = "";

	for (const char *line = listing; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *eol = strchr(line, '\n'), *hook, *drop;
		while (*line == '\t' || *line == ' ')
			line++;
		if (sscanf(line, "table %15s %127s {", family, table) == 2)
			continue;
		if (sscanf(line, "chain %127s {", chain) == 1)
			continue;
		if (strcmp(family, "inet") == 0 &&
		    (strcmp(table, ours) == 0 || strcmp(table, ours_hb) == 0))
			continue;
		hook = strstr(line, " hook forward ");
		drop = strstr(line, "policy drop;");
		if (hook && drop && (!eol || (hook < eol && drop < eol)) &&
		    (strcmp(family, "inet") == 0 || strcmp(family, "ip") == 0 ||
		     strcmp(family, "ip6") == 0))
			note_drop(notes, family, table, chain, bridge);
	}
}

void hb_fw_drop_notes(vn_run *r, const char *bridge)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	char ours_hb[80];

	if (!ctx)
		return;
	nft_ctx_buffer_output(ctx);
	nft_ctx_buffer_error(ctx);
	hb_fw_table(r->table, ours_hb);
	if (nft_run_cmd_from_buffer(ctx, "list chains") == 0)
		scan_listing(nft_ctx_get_output_buffer(ctx), r->table, ours_hb, bridge, r->notes);
	nft_ctx_free(ctx);
}
