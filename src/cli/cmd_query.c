/* cmd_query.c - info, uuid, name (dumpxml: cmd_dumpxml.c) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/commands.h"
#include "util/json.h"

struct qflags { bool json; };

static int on_q(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	((struct qflags *)d)->json = true;
	return 0;
}

/* Shared prologue: options, one NETWORK operand, lock, lookup. */
static vn_netobj *query_prologue(vn_ctx *ctx, const char *cmd, int argc, char **argv,
				 const struct option *opts, struct qflags *f, vn_netlist *l,
				 int *rc)
{
	const vn_cmd *c = cli_find(cmd);
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_q, f);
	vn_netobj *o;

	*rc = 1;
	if (first < 0)
		return NULL;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return NULL;
	if (ctx_lock_and_load_some(ctx, false, argv[first], l) < 0)
		return NULL;
	o = ctx_lookup(l, argv[first]);
	if (!o)
		store_list_free(l);
	return o;
}

static void info_json(const vn_netobj *o, const vn_network *n)
{
	char u[VN_UUID_STRLEN];
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_str(&j, "name", n->name);
	json_str(&j, "uuid", uuid_format(n->uuid, u));
	json_bool(&j, "active", netobj_active(o));
	json_bool(&j, "persistent", o->def != NULL);
	json_bool(&j, "autostart", o->autostart);
	json_str(&j, "bridge", n->bridge);
	json_end_object(&j);
	char *out = json_steal(&j);
	fputs(out ? out : "", stdout);
	free(out);
}

int cmd_info(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	struct qflags f = {0};
	vn_netlist l = {0};
	char u[VN_UUID_STRLEN];
	int rc;
	vn_netobj *o = query_prologue(ctx, "info", argc, argv, opts, &f, &l, &rc);

	if (!o)
		return rc;
	const vn_network *n = store_current(o);
	if (f.json) {
		info_json(o, n);
	} else {
		printf("%-15s %s\n", "Name:", n->name);
		printf("%-15s %s\n", "UUID:", uuid_format(n->uuid, u));
		printf("%-15s %s\n", "Active:", netobj_active(o) ? "yes" : "no");
		printf("%-15s %s\n", "Persistent:", o->def ? "yes" : "no");
		printf("%-15s %s\n", "Autostart:", o->autostart ? "yes" : "no");
		if (n->bridge)
			printf("%-15s %s\n", "Bridge:", n->bridge);
		out_blank(ctx);
	}
	store_list_free(&l);
	return 0;
}

int cmd_uuid(vn_ctx *ctx, int argc, char **argv)
{
	struct qflags f = {0};
	vn_netlist l = {0};
	char u[VN_UUID_STRLEN];
	int rc;
	vn_netobj *o = query_prologue(ctx, "uuid", argc, argv, NULL, &f, &l, &rc);

	if (!o)
		return rc;
	printf("%s\n", uuid_format(store_current(o)->uuid, u));
	out_blank(ctx);
	store_list_free(&l);
	return 0;
}

int cmd_name(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("name");
	vn_netlist l = {0};
	uint8_t want[16];
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL), rc = 1;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (uuid_parse(argv[first], want) < 0)
		return out_fail("'%s' is not a UUID (expected 8-4-4-4-12 hex digits)", argv[first]);
	if (ctx_lock_and_load(ctx, false, &l) < 0)
		return 1;
	for (size_t i = 0; i < l.n; i++) {
		if (!memcmp(store_current(&l.v[i])->uuid, want, 16)) {
			printf("%s\n", store_current(&l.v[i])->name);
			out_blank(ctx);
			rc = 0;
		}
	}
	if (rc) {
		out_fail("failed to get network '%s'", argv[first]);
		out_fail("Network not found: no network with matching uuid '%s' (list them with: "
			 "virtnet list --all --uuid)",
			 argv[first]);
	}
	store_list_free(&l);
	return rc;
}
