/* cmd_port_query.c - port-list, port-dumpxml, macgen */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api_json.h"
#include "cli/cli_store.h"
#include "cli/commands.h"
#include "port/port_query.h"
#include "port/port_request.h"
#include "util/cleanup.h"

static int on_flag(int o, const char *arg, void *d)
{
	(void)arg;
	((bool *)d)[o == 'j' ? 0 : 1] = true;
	return 0;
}

/* The reserved address; else the leased ones, ADDRESS/PREFIX as virsh domifaddr shows them,
 * marked "(leased)"; else "-". */
static const char *ip_cell(const vn_port_row *row, char *out, size_t len)
{
	char a[VN_ADDR_STRLEN];
	size_t k = 0;

	snprintf(out, len, "-");
	if (addr_valid(&row->port->ip))
		return addr_format(&row->port->ip, out);
	for (size_t i = 0; i < row->nleases && k < len; i++)
		k += (size_t)snprintf(out + k, len - k, "%s%s/%d", i ? "," : "",
				      addr_format(&row->leases[i].ip, a), row->leases[i].prefix);
	if (row->nleases && k < len)
		snprintf(out + k, len - k, " (leased)");
	return out;
}

static void list_table(vn_ctx *ctx, const vn_port_rows *rows)
{
	static const char *const hdr[] = { "UUID", "Device", "Type", "MAC address", "IP address",
					   "State" };
	vn_table *t = out_table_new(6, hdr);

	for (size_t i = 0; t && i < rows->n; i++) {
		const vn_port *p = rows->v[i].port;
		char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN] = "-", a[256];
		if (rows->v[i].mac_known)
			mac_format(&rows->v[i].mac, m);
		ip_cell(&rows->v[i], a, sizeof(a));
		const char *row[] = { uuid_format(p->uuid, u), p->ifname,
				      portdev_type_to_string(p->type), m, a, rows->v[i].state };
		out_table_add(t, row);
	}
	if (t)
		out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
}

static void list_json(const vn_port_rows *rows)
{
	char *s = json_ports(rows);

	fputs(s ? s : "", stdout);
	free(s);
}

static int list_ports(vn_ctx *ctx, const vn_netobj *o, bool json)
{
	vn_port_rows rows;
	vn_notes notes = {0};
	vn_err err = {0};
	int rc = port_list(&ctx->paths, store_current(o), o->live, &rows, &notes, &err);

	out_notes(&notes);
	if (rc < 0)
		return out_fail_err(&err, NULL);
	if (json)
		list_json(&rows);
	else
		list_table(ctx, &rows);
	port_rows_free(&rows);
	return 0;
}

/* A read of one network's ports: options (flags[0] --json, flags[1] --status), NETWORK
 * and nargs - 1 more operands, the shared lock, the network; then fn. */
typedef int (*port_read_fn)(vn_ctx *ctx, const vn_netobj *o, char **args, const bool *flags);

static int port_read(vn_ctx *ctx, const char *cmd, const struct option *opts, int nargs,
		     port_read_fn fn, int argc, char **argv)
{
	const vn_cmd *c = cli_find(cmd);
	bool flags[2] = {0};
	vn_netlist l = {0};
	vn_netobj *o;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_flag, flags), rc = 1;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, nargs) < 0)
		return 1;
	if (ctx_lock_and_load_some(ctx, false, argv[first], &l) < 0)
		return 1;
	o = ctx_lookup(&l, argv[first]);
	if (o)
		rc = fn(ctx, o, argv + first + 1, flags);
	store_list_free(&l);
	return rc;
}

static int list_fn(vn_ctx *ctx, const vn_netobj *o, char **args, const bool *flags)
{
	int rc = list_ports(ctx, o, flags[0]);

	(void)args;
	if (rc == 0 && !flags[0])
		out_blank(ctx);
	return rc;
}

int cmd_port_list(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };

	return port_read(ctx, "port-list", opts, 1, list_fn, argc, argv);
}

static int dump_port(vn_ctx *ctx, const vn_netobj *o, const char *key, bool status)
{
	_cleanup_free_ char *xml = NULL;
	vn_port *p = NULL;
	vn_err err = {0};
	int rc = port_of_network(&ctx->paths, store_current(o)->name, key, &p, &err);

	if (rc < 0)
		return out_fail_err(&err, NULL);
	xml = status ? port_status_format(p) : port_format(p);
	port_free(p);
	if (!xml)
		return out_fail("out of memory");
	fputs(xml, stdout);
	return 0;
}

static int dump_fn(vn_ctx *ctx, const vn_netobj *o, char **args, const bool *flags)
{
	return dump_port(ctx, o, args[0], flags[1]);
}

int cmd_port_dumpxml(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "status", no_argument, NULL, 's' }, {0} };

	return port_read(ctx, "port-dumpxml", opts, 2, dump_fn, argc, argv);
}

static int on_macgen_opt(int o, const char *arg, void *d)
{
	(void)o;
	*(const char **)d = arg;
	return 0;
}

int cmd_macgen(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "oui", required_argument, NULL, 'o' }, {0} };
	const vn_cmd *c = cli_find("macgen");
	const char *oui = "xen";
	vn_netlist l = {0};
	vn_err err = {0};
	vn_mac m;
	char s[VN_MAC_STRLEN];
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_macgen_opt, &oui), kind;

	if (first < 0)
		return 1;
	kind = macgen_kind_from_string(oui);
	if (kind < 0)
		return out_fail("--oui '%s': use xen, kvm or local", oui);
	if (need_operands(c, argc, argv, first, 0) < 0)
		return 1;
	if (ctx_lock_and_load(ctx, false, &l) < 0)
		return 1;
	int rc = mac_generate_unique(&ctx->paths, (vn_macgen_kind)kind, &l, &m, &err);
	store_list_free(&l);
	if (rc < 0)
		return out_fail_err(&err, NULL);
	printf("%s\n", mac_format(&m, s));
	return 0;
}
