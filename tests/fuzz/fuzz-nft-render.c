/* fuzz-nft-render.c - libFuzzer property: for any document the parser accepts, the nft text
 * of its network (the inet table's objects, the port protection of a port on it) passes our
 * guard and, applied for real by libnftables in a network namespace of the fuzzer's own,
 * creates or changes objects only inside our own tables: afterwards the namespace holds no
 * other table, whatever the text did. Run as root (make check does); otherwise only the
 * guard is checked. */
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nftables/libnftables.h>

#include "conf/network_xml.h"
#include "conf/port_def.h"
#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"

#define TABLE "vnfuzz"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nft_ctx *ctx;   /* NULL: no namespace of our own, guard only */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (unshare(CLONE_NEWNET) != 0) {
		fprintf(stderr, "fuzz-nft-render: no network namespace of its own (not root?): checking the guard only\n");
		return 0;
	}
	ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	nft_ctx_buffer_output(ctx);
	nft_ctx_buffer_error(ctx);
	return 0;
}

/* Every table left in our namespace is ours, by family and name. */
static void check_tables(void)
{
	const char *out;

	if (nft_run_cmd_from_buffer(ctx, "list tables") != 0)
		abort();
	out = nft_ctx_get_output_buffer(ctx);
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char fam[16], name[256];
		if (sscanf(l, "table %15s %255s", fam, name) != 2)
			continue;
		if (strcmp(name, TABLE) != 0 || (strcmp(fam, "inet") != 0 && strcmp(fam, "bridge") != 0))
			abort();   /* the text reached beyond our tables */
	}
	if (nft_run_cmd_from_buffer(ctx, "flush ruleset") != 0)
		abort();
	nft_ctx_get_error_buffer(ctx);
}

static void apply_and_check(const char *text)
{
	vn_err err = {0};

	if (!text)
		return;
	if (fw_text_guard(text, TABLE, &err) < 0)
		abort();   /* a typed value the guard would refuse: a hole in the types */
	if (!ctx)
		return;
	nft_run_cmd_from_buffer(ctx, text);   /* success or failure: either way only ours may exist */
	nft_ctx_get_error_buffer(ctx);
	nft_ctx_get_output_buffer(ctx);
	check_tables();
}

static void port_text(const vn_network *n)
{
	vn_port *p = port_new();
	vn_fwb_opts o = { .protect = true, .lease_s = 3600 };
	vn_bw_rate out = { .average = 1000 };

	if (!p)
		abort();
	snprintf(p->ifname, sizeof(p->ifname), "vnet0");
	o.outbound = &out;
	char *text = fwb_render_port_add(TABLE, p, n, &o);
	apply_and_check(text);
	free(text);
	port_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vn_network *n = NULL;
	vn_err err = {0};

	if (net_parse((const char *)data, size, "(fuzz)", &n, &err) < 0)
		return 0;
	if (net_has_bridge(n) && fw_network_has_rules(n) && n->nips > 0) {
		if (!n->bridge || strchr(n->bridge, '%')) {
			free(n->bridge);
			n->bridge = strdup("virbr0");
		}
		char *text = fw_render_add(TABLE, n);
		apply_and_check(text);
		free(text);
		port_text(n);
	}
	net_free(n);
	return 0;
}
