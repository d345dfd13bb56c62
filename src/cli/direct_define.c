/* direct_define.c - the direct path of define, undefine and autostart (under the exclusive
 * lock), and define's refusals said as the direct path says them */
#include <stdio.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/direct.h"
#include "conf/network_xml.h"
#include "net/network.h"

/* FILE's text parsed; NULL when it does not parse (said) */
static vn_network *parse_text(const char *file, const char *text, size_t len)
{
	vn_network *def = NULL;
	vn_err err = {0};

	if (net_parse(text, len, strcmp(file, "-") ? file : "standard input", &def, &err) < 0) {
		out_fail_err(&err, "Failed to define network from %s", file);
		return NULL;
	}
	return def;
}

int define_direct(vn_ctx *ctx, const char *file, bool strict, bool trust, const char *text,
		  size_t len)
{
	vn_define_opts o = { .strict = strict, .trust_options = trust };
	vn_network *def = parse_text(file, text, len);
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_netobj *saved;

	if (!def)
		return 1;
	if (ctx_lock_and_load(ctx, true, &l) < 0) {
		net_free(def);
		return 1;
	}
	int r = store_define(&ctx->paths, &l, def, &o, &saved, &notes, &err);
	out_notes(&notes);
	if (r < 0) {
		store_list_free(&l);
		return out_fail_err(&err, "Failed to define network from %s", file);
	}
	out_info(ctx, "Network %s defined from %s\n", saved->def->name, file);
	out_blank(ctx);
	store_list_free(&l);
	return 0;
}

int define_refused(vn_ctx *ctx, const remote_req *q, const char *text, size_t len, int status,
		   const char *why)
{
	vn_network *def = parse_text(q->file, text, len);

	(void)ctx;
	if (!def)
		return 1;
	net_free(def);
	return remote_print_refusal(q, status, why);
}

int undefine_direct(vn_ctx *ctx, const char *key)
{
	vn_netlist l = {0};
	vn_err err = {0};
	vn_netobj *o;
	char name[256 + 4];
	int r = 1;

	if (ctx_lock_and_load(ctx, true, &l) < 0)
		return 1;
	o = ctx_lookup(&l, key);
	if (o) {
		snprintf(name, sizeof(name), "%s", store_current(o)->name);
		if (network_undefine(&ctx->paths, &l, o, &err) < 0) {
			out_fail_err(&err, "Failed to undefine network %s", name);
		} else {
			out_info(ctx, "Network %s has been undefined\n", name);
			out_blank(ctx);
			r = 0;
		}
	}
	store_list_free(&l);
	return r;
}

int autostart_direct(vn_ctx *ctx, const char *key, bool disable)
{
	vn_netlist l = {0};
	vn_err err = {0};
	vn_netobj *o;
	int r = 1;

	if (ctx_lock_and_load(ctx, true, &l) < 0)
		return 1;
	o = ctx_lookup(&l, key);
	if (o) {
		const char *name = store_current(o)->name;
		if (store_set_autostart(&ctx->paths, o, !disable, &err) < 0) {
			out_fail_err(&err, disable ? "failed to unmark network %s as autostarted" :
				 "failed to mark network %s as autostarted", name);
		} else {
			out_info(ctx,
				 disable ? "Network %s unmarked as autostarted\n"
					 : "Network %s marked as autostarted\n",
				 name);
			out_blank(ctx);
			r = 0;
		}
	}
	store_list_free(&l);
	return r;
}
