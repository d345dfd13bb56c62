/* cmd_query.c - dumpxml, info, uuid, name */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/remote.h"
#include "conf/network_xml.h"
#include "conf/xml_json.h"
#include "util/cleanup.h"
#include "util/json.h"

struct qflags { bool inactive, json; };

static int on_q(int o, const char *arg, void *d)
{
	(void)arg;
	if (o == 'i')
		((struct qflags *)d)->inactive = true;
	else
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

static char *xml_local(vn_ctx *ctx, const char *key, bool inactive)
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

static char *xml_remote(int fd, const char *key, bool inactive)
{
	char path[1400], *body, why[1024];
	int status, rc;

	if (remote_path(path, sizeof(path), key, inactive ? "/xml?inactive=1" : "/xml") < 0) {
		out_fail("the network name '%.40s...' is too long", key);
		return NULL;
	}
	rc = remote_call(fd, "GET", path, NULL, 0, &body, &status, why, sizeof(why));
	if (rc == -1 && status == 404)
		out_fail("failed to get network '%s'", key);
	if (rc == -1)
		out_fail("%s", why);
	return rc == 0 ? body : NULL;
}

static int print_xml(vn_ctx *ctx, const char *xml, bool json)
{
	vn_json j = {0};
	vn_err err = {0};

	if (!json) {
		fputs(xml, stdout);
		out_blank(ctx);
		return 0;
	}
	if (xml_to_json(&j, NULL, xml, &err) < 0) {
		buf_free(&j.b);
		return out_fail_err(&err, NULL);
	}
	_cleanup_free_ char *out = json_steal(&j);
	fputs(out, stdout);
	return 0;
}

int cmd_dumpxml(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "inactive", no_argument, NULL, 'i' }, { "json", no_argument, NULL, 'j' }, {0},
	};
	const vn_cmd *c = cli_find("dumpxml");
	struct qflags f = {0};
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_q, &f), fd, rc;

	if (first < 0 || need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	fd = remote_connect(ctx);
	if (fd == -2)
		return 1;
	_cleanup_free_ char *xml = fd >= 0 ? xml_remote(fd, argv[first], f.inactive) :
					      xml_local(ctx, argv[first], f.inactive);
	if (!xml)
		return 1;
	rc = print_xml(ctx, xml, f.json);
	return rc;
}

static void info_json(const vn_netobj *o, const vn_network *n)
{
	char u[VN_UUID_STRLEN];
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_string(&j, "name", n->name);
	json_string(&j, "uuid", uuid_format(n->uuid, u));
	json_bool(&j, "active", netobj_active(o));
	json_bool(&j, "persistent", o->def != NULL);
	json_bool(&j, "autostart", o->autostart);
	json_string(&j, "bridge", n->bridge);
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
		out_fail("Network not found: no network with matching uuid '%s'", argv[first]);
	}
	store_list_free(&l);
	return rc;
}
