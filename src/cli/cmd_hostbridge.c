/* cmd_hostbridge.c - hostbridge create|delete|list: a bridge over a physical interface */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/commands.h"
#include "hostbridge/hostbridge.h"
#include "util/json.h"
#include "util/str.h"

static const vn_cmd sub_create = {
	"hostbridge create", NULL, NULL,
	"BRIDGE --dev NIC [--force] [--bridge-nf off] [--forward-accept]",
	"create bridge BRIDGE over interface NIC and move NIC's addresses and routes onto it",
	"  --dev NIC          the physical interface: it becomes the bridge's port\n"
	"  --force            bridge NIC even though it is down (and bring it up)\n"
	"  --bridge-nf off    set net.bridge.bridge-nf-call-iptables, -ip6tables and\n"
	"                     -arptables to 0 (restored by delete): bridged frames skip the\n"
	"                     host's IP firewall. The fix when another firewall drops\n"
	"                     forwarded packets.\n"
	"  --forward-accept   accept frames bridged from BRIDGE to BRIDGE in our own table\n"
	"                     inet <table>_hostbridge. It cannot undo a drop in another table.\n"
	"The bridge gets NIC's MAC and MTU, every address (not the kernel's own link-local)\n"
	"and every route through NIC (all tables; not the kernel's own). Each step is\n"
	"recorded in <root>/run/virtnet/hostbridges/BRIDGE.xml before it is made; any\n"
	"failure undoes the steps made so far, in reverse.\n",
};
static const vn_cmd sub_delete = {
	"hostbridge delete", NULL, NULL, "BRIDGE [--force]",
	"give the interface its addresses and routes back and remove the bridge",
	"  --force   delete it even though a running network (forward mode bridge) uses\n"
	"            it or other interfaces are plugged into it: they are detached\n"
	"Works from the state file alone; the addresses and routes come back in their\n"
	"original order, so 'ip addr' and 'ip route show table all' print what they\n"
	"printed before create (an address that expired meanwhile, and the routes that\n"
	"needed it, do not). Without --force a bridge in use is refused, naming the\n"
	"networks and interfaces. Steps that cannot be undone stay recorded: fix the\n"
	"cause and run delete again.\n",
};
static const vn_cmd sub_list = {
	"hostbridge list", NULL, NULL, "[--json]",
	"list the host bridges virtnet manages",
	"  --json      an array of objects {bridge, device, state, mac, mtu, addresses,\n"
	"              routes, bridge_nf, forward_accept}\n",
};

struct create_opts {
	vn_hb_request q;
};

static int on_create(int o, const char *arg, void *d)
{
	vn_hb_request *q = &((struct create_opts *)d)->q;

	switch (o) {
	case 'd': q->nic = arg; break;
	case 'f': q->force = true; break;
	case 'a': q->forward_accept = true; break;
	case 'n':
		if (!streq(arg, "off") && !streq(arg, "on")) {
			out_fail("--bridge-nf takes 'off' (or 'on', the default), not '%s'", arg);
			return -1;
		}
		q->bridge_nf_off = streq(arg, "off");
		break;
	}
	return 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Every subcommand takes the exclusive lock (like start and destroy) and first rolls back a
 * create that died half-way; then fn does its part. Options are read before: --help and
 * mistakes need no lock. */
static int locked(vn_ctx *ctx, int (*fn)(vn_ctx *, vn_run *, vn_netlist *, const void *),
		  const void *data)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	int rc;

	if (run_prologue(ctx, NULL, &l, &r, &notes) < 0)
		return 1;
	hb_cleanup_interrupted(&r);
	rc = fn(ctx, &r, &l, data);
	run_epilogue(&l, &r, &notes);
	return rc;
}

static int create(vn_ctx *ctx, vn_run *r, vn_netlist *l, const void *data)
{
	const vn_hb_request *q = data;
	vn_hostbridge *hb = NULL;
	vn_err err = {0};
	size_t na, nr;

	(void)l;
	if (hb_create(r, q, &hb, &err) < 0)
		return out_fail_err(&err, "Failed to create host bridge %s", q->bridge);
	na = hb_count(hb, HB_STEP_NIC_ADDRESS);
	nr = hb_count(hb, HB_STEP_NIC_ROUTE);
	out_info(ctx, "Host bridge %s created over %s: %zu %s and %zu %s moved\n", hb->name,
		 hb->nic, na, plural(na, "address", "addresses"), nr,
		 plural(nr, "route", "routes"));
	out_blank(ctx);
	hb_free(hb);
	return 0;
}

static int cmd_hb_create(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' }, { "force", no_argument, NULL, 'f' },
		{ "bridge-nf", required_argument, NULL, 'n' },
		{ "forward-accept", no_argument, NULL, 'a' }, {0},
	};
	struct create_opts o = {0};
	int first = cmd_getopt(ctx, &sub_create, argc, argv, opts, on_create, &o);

	if (first < 0)
		return 1;
	if (need_operands(&sub_create, argc, argv, first, 1) < 0)
		return 1;
	if (!o.q.nic)
		return out_fail("command 'hostbridge create' requires --dev NIC: the interface "
				"to put into bridge %s", argv[first]);
	o.q.bridge = argv[first];
	return locked(ctx, create, &o.q);
}

static int on_flag(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

/* "Host bridge br0 deleted: 3 addresses and 5 routes back on eth0", and what expired. */
static void report_delete(vn_ctx *ctx, const vn_hostbridge *hb, const vn_hb_undone *d)
{
	if (d->nic_gone) {
		out_info(ctx, "Host bridge %s deleted (its interface %s is gone)\n", hb->name,
			 hb->nic);
		return;
	}
	out_info(ctx, "Host bridge %s deleted: %zu %s and %zu %s back on %s", hb->name, d->addrs,
		 plural(d->addrs, "address", "addresses"), d->routes,
		 plural(d->routes, "route", "routes"), hb->nic);
	if (d->expired_addrs || d->expired_routes)
		out_info(ctx, " (%zu %s and %zu %s expired while bridged)", d->expired_addrs,
			 plural(d->expired_addrs, "address", "addresses"), d->expired_routes,
			 plural(d->expired_routes, "route", "routes"));
	out_info(ctx, "\n");
}

struct delete_args {
	const char *name;
	bool force;
};

static int delete(vn_ctx *ctx, vn_run *r, vn_netlist *l, const void *data)
{
	const struct delete_args *a = data;
	vn_hostbridge *hb = NULL;
	vn_hb_undone done = {0};
	vn_err err = {0};
	int rc = hb_delete_named(r, l, a->name, a->force, &hb, &done, &err);

	if (rc < 0) {
		hb_free(hb);
		return out_fail_err(&err, "Failed to delete host bridge %s", a->name);
	}
	report_delete(ctx, hb, &done);
	out_blank(ctx);
	hb_free(hb);
	return 0;
}

static int cmd_hb_delete(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "force", no_argument, NULL, 'f' }, {0} };
	struct delete_args a = {0};
	int first = cmd_getopt(ctx, &sub_delete, argc, argv, opts, on_flag, &a.force);

	if (first < 0)
		return 1;
	if (need_operands(&sub_delete, argc, argv, first, 1) < 0)
		return 1;
	a.name = argv[first];
	return locked(ctx, delete, &a);
}

/* The NIC address that step i took, if it is made and of that family. */
static const vn_nl_addr *nic_address(const vn_hostbridge *hb, size_t i, int family)
{
	const vn_hb_step *s = hb_live_step(hb, i);

	if (s && s->kind == HB_STEP_NIC_ADDRESS && s->addr.local.family == family)
		return &s->addr;
	return NULL;
}

/* The NIC's addresses in its original order (removal ran IPv6 forward, IPv4 backward). */
static size_t nic_addresses(const vn_hostbridge *hb, const vn_nl_addr **out)
{
	size_t n = 0;

	for (size_t i = hb->j.nsteps; i-- > 0;) {
		const vn_nl_addr *a = nic_address(hb, i, AF_INET);
		if (a)
			out[n++] = a;
	}
	for (size_t i = 0; i < hb->j.nsteps; i++) {
		const vn_nl_addr *a = nic_address(hb, i, AF_INET6);
		if (a)
			out[n++] = a;
	}
	return n;
}

static void options_text(const vn_hostbridge *hb, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", hb->bridge_nf_off ? "bridge-nf off" : "",
		 hb->bridge_nf_off && hb->forward_accept ? ", " : "",
		 hb->forward_accept ? "forward-accept" : "");
	if (!buf[0])
		snprintf(buf, len, "-");
}

static void list_json(vn_hostbridge **v, size_t n)
{
	vn_json j = {0};
	char mac[VN_MAC_STRLEN], text[128];

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < n; i++) {
		const vn_nl_addr **a = calloc(v[i]->j.nsteps + 1, sizeof(*a));
		size_t na = a ? nic_addresses(v[i], a) : 0;
		json_begin_object(&j, NULL);
		json_str(&j, "bridge", v[i]->name);
		json_str(&j, "device", v[i]->nic);
		json_str(&j, "state", hb_state_name(v[i]));
		json_str(&j, "mac", mac_format(&v[i]->mac, mac));
		json_uint(&j, "mtu", v[i]->mtu);
		json_begin_array(&j, "addresses");
		for (size_t k = 0; k < na; k++)
			json_str(&j, NULL, nl_addr_text(a[k], text, sizeof(text)));
		json_end_array(&j);
		json_uint(&j, "routes", hb_count(v[i], HB_STEP_NIC_ROUTE));
		json_str(&j, "bridge_nf", v[i]->bridge_nf_off ? "off" : "on");
		json_bool(&j, "forward_accept", v[i]->forward_accept);
		json_end_object(&j);
		free(a);
	}
	json_end_array(&j);
	char *out = json_steal(&j);
	fputs(out ? out : "", stdout);
	free(out);
}

static void addresses_cell(const vn_hostbridge *hb, char *buf, size_t len)
{
	const vn_nl_addr **a = calloc(hb->j.nsteps + 1, sizeof(*a));
	size_t n = a ? nic_addresses(hb, a) : 0, used = 0;
	char text[128];

	snprintf(buf, len, "-");
	for (size_t k = 0; k < n && used < len; k++) {
		nl_addr_text(a[k], text, sizeof(text));
		used += (size_t)snprintf(buf + used, len - used, "%s%s", k ? ", " : "", text);
	}
	free(a);
}

static void list_table(vn_ctx *ctx, vn_hostbridge **v, size_t n)
{
	static const char *const hdr[] = { "Bridge", "Device", "State", "Addresses", "Routes",
					   "Options" };
	vn_table *t = out_table_new(6, hdr);

	for (size_t i = 0; t && i < n; i++) {
		char addrs[1024], routes[16], opts[64];
		addresses_cell(v[i], addrs, sizeof(addrs));
		snprintf(routes, sizeof(routes), "%zu", hb_count(v[i], HB_STEP_NIC_ROUTE));
		options_text(v[i], opts, sizeof(opts));
		const char *row[] = { v[i]->name, v[i]->nic, hb_state_name(v[i]), addrs, routes,
				      opts };
		out_table_add(t, row);
	}
	if (t)
		out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
	out_blank(ctx);
}

static int list(vn_ctx *ctx, vn_run *r, vn_netlist *l, const void *data)
{
	const bool *json = data;
	vn_hostbridge **v = NULL;
	size_t n = 0;
	vn_err err = {0};

	(void)l;
	if (hb_load_all(r->paths, &v, &n, r->notes, &err) < 0)
		return out_fail_err(&err, NULL);
	if (*json)
		list_json(v, n);
	else
		list_table(ctx, v, n);
	hb_list_free(v, n);
	return 0;
}

static int cmd_hb_list(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	bool json = false;
	int first = cmd_getopt(ctx, &sub_list, argc, argv, opts, on_flag, &json);

	if (first < 0)
		return 1;
	if (need_operands(&sub_list, argc, argv, first, 0) < 0)
		return 1;
	return locked(ctx, list, &json);
}

static const struct {
	const char *name;
	int (*fn)(vn_ctx *ctx, int argc, char **argv);
} subcommands[] = {
	{ "create", cmd_hb_create },
	{ "delete", cmd_hb_delete },
	{ "list", cmd_hb_list },
};

/* `hostbridge SUBCOMMAND ARGS...`: argv[1] names the subcommand, which gets argv + 1. */
int cmd_hostbridge(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("hostbridge");

	if (argc < 2 || argv[1][0] == '-') {
		int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL);
		if (first < 0)
			return 1;
		return out_fail("command 'hostbridge' requires a subcommand: create, delete or "
				"list (usage: virtnet hostbridge %s)",
				c->usage);
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (streq(argv[1], subcommands[i].name))
			return subcommands[i].fn(ctx, argc - 1, argv + 1);
	return out_fail("unknown subcommand 'hostbridge %s': use create, delete or list "
			"(usage: virtnet hostbridge %s)",
			argv[1], c->usage);
}
