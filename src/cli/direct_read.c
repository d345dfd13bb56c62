/* direct_read.c - the direct path of list, dhcp-leases and dumpxml: rows and XML from the
 * store under the shared lock; dumpxml --json's conversion (libxml2) */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_store.h"
#include "cli/direct.h"
#include "conf/network_xml.h"
#include "conf/overlay.h"
#include "conf/xml_json.h"
#include "dnsmasq/dnsmasq_leases.h"
#include "overlay/overlay.h"
#include "overlay/overlay_leases.h"
#include "state/status.h"
#include "util/cleanup.h"
#include "util/json.h"

int list_rows_direct(vn_ctx *ctx, vn_net_rows *rows)
{
	vn_netlist l = {0};
	vn_err err = {0};
	int rc;

	if (ctx_lock_and_load(ctx, false, &l) < 0)
		return -1;
	rc = net_rows_from_list(&l, rows, &err);
	store_list_free(&l);
	if (rc < 0)
		out_fail_err(&err, NULL);
	return rc;
}

int leases_rows_direct(vn_ctx *ctx, const char *key, const char *mac, vn_lease_row **rows,
		       size_t *k)
{
	vn_netlist l = {0};
	vn_lease *v = NULL;
	vn_err err = {0};
	vn_netobj *o;
	int rc = -1;

	if (ctx_lock_and_load_some(ctx, false, key, &l) < 0)
		return -1;
	o = ctx_lookup(&l, key);
	const vn_addr *local = o ? overlay_running_local(o) : NULL;
	if (local && overlay_defers_dhcp(store_current(o)->overlay, local)) {
		/* an overlay's leases are its DHCP authority's: asked there */
		rc = overlay_leases_fetch(store_current(o), mac, rows, k, &err);
		if (rc < 0)
			out_fail_err(&err, "Failed to get leases info for %s", store_current(o)->name);
	} else if (o && dnsmasq_leases(&ctx->paths, store_current(o), mac, &v, k, &err) < 0)
		out_fail("Failed to get leases info for %s", store_current(o)->name);
	else if (o)
		rc = lease_rows_of(store_current(o), v, *k, rows, &err);
	free(v);
	store_list_free(&l);
	return rc;
}

char *dumpxml_direct(vn_ctx *ctx, const char *key, bool inactive)
{
	vn_netlist l = {0};
	vn_netobj *o;
	char *xml = NULL;

	if (ctx_lock_and_load_some(ctx, false, key, &l) < 0)
		return NULL;
	o = ctx_lookup(&l, key);
	if (o) {
		const vn_network *n = (inactive && o->def) ? o->def : store_current(o);
		xml = net_format(n, inactive ? NET_FORMAT_INACTIVE : 0);
		if (!xml)
			out_fail("out of memory");
	}
	store_list_free(&l);
	return xml;
}

int xml_print_json(vn_ctx *ctx, const char *xml)
{
	vn_json j = {0};
	vn_err err = {0};

	(void)ctx;
	if (xml_to_json(&j, NULL, xml, &err) < 0) {
		buf_free(&j.b);
		return out_fail_err(&err, NULL);
	}
	_cleanup_free_ char *out = json_steal(&j);
	fputs(out, stdout);
	return 0;
}
