/* cmd_port_query.c - port-list, port-dumpxml, port-delete, macgen */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "firewall/firewall_bridge.h"
#include "kernel/netlink.h"
#include "port/port.h"
#include "port/port_direct.h"
#include "state/status.h"
#include "util/cleanup.h"
#include "util/json.h"
#include "util/str.h"

static int on_flag(int o, const char *arg, void *d)
{
	(void)arg;
	((bool *)d)[o == 'j' ? 0 : 1] = true;
	return 0;
}

/* The ports of one network, sorted by device name. */
static int network_ports(vn_ctx *ctx, const char *network, vn_portlist *out)
{
	vn_portlist all;
	vn_notes notes = {0};
	vn_err err = {0};
	int r;

	*out = (vn_portlist){0};
	r = ports_load(&ctx->paths, &all, &notes, &err);
	out_notes(&notes);
	if (r < 0)
		return out_fail_err(&err, NULL), -1;
	for (size_t i = 0; i < all.n; i++) {
		vn_port **nv = streq(all.v[i]->network, network) ? realloc(out->v, (out->n + 1) * sizeof(*nv)) : NULL;
		if (!nv) {
			port_free(all.v[i]);
			continue;
		}
		out->v = nv;
		out->v[out->n++] = all.v[i];
	}
	free(all.v);
	return 0;
}

/* attached (on the network's bridge), detached (network stopped), gone (device vanished). */
static const char *port_state(const vn_port *p, const vn_link_info *links, size_t n, const vn_network *live)
{
	const vn_link_info *dev = NULL, *br = NULL;

	if (port_in_netns(p))
		return port_netns_device_exists(p) ? "attached" : "gone";
	for (size_t i = 0; i < n; i++) {
		if (streq(links[i].name, p->ifname))
			dev = &links[i];
		if (live && live->bridge && streq(links[i].name, live->bridge))
			br = &links[i];
	}
	if (!dev)
		return "gone";
	if (p->plug == PLUG_DIRECT)
		return "attached";   /* on its NIC from birth */
	return br && dev->master == br->ifindex ? "attached" : "detached";
}

/* The MAC column: the recorded MAC, else (a port plugged by the bridge helper) the one its
 * protection learned from the guest's first frame, read from the port's nft set rather than
 * the bridge's FDB: the set holds exactly the MAC the guest is held to, and keeps it while
 * the guest is silent, when an FDB entry would have aged out. NULL when neither is known. */
static const char *port_mac(const vn_port *p, const vn_fwb_state *st, char m[VN_MAC_STRLEN])
{
	vn_mac learned;

	if (p->mac_known)
		return mac_format(&p->mac, m);
	return fwb_state_port_mac(st, p->ifname, &learned) == 0 ? mac_format(&learned, m) : NULL;
}

/* Our bridge table, read once for all ports that have no MAC in their record. */
static void read_learned(const vn_portlist *ports, vn_fwb_state *st)
{
	const char *t = getenv("VIRTNET_NFT_TABLE");
	vn_err ignore = {0};
	bool wanted = false;
	vn_fw *fw;

	*st = (vn_fwb_state){0};
	for (size_t i = 0; i < ports->n; i++)
		wanted |= !ports->v[i]->mac_known;
	if (wanted && (fw = fw_open(t && *t ? t : FW_DEFAULT_TABLE))) {
		fw_bridge_state(fw, st, &ignore);
		fw_close(fw);
	}
}

static void list_table(vn_ctx *ctx, const vn_portlist *ports, const char *const *state, const vn_fwb_state *st)
{
	static const char *const hdr[] = { "UUID", "Device", "Type", "MAC address", "IP address", "State" };
	vn_table *t = out_table_new(6, hdr);

	for (size_t i = 0; t && i < ports->n; i++) {
		const vn_port *p = ports->v[i];
		char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN] = "-", a[VN_ADDR_STRLEN] = "-";
		port_mac(p, st, m);
		if (addr_valid(&p->ip))
			addr_format(&p->ip, a);
		const char *row[] = { uuid_format(p->uuid, u), p->ifname, portdev_type_to_string(p->type), m, a, state[i] };
		out_table_add(t, row);
	}
	if (t)
		out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
}

static void list_json(const vn_portlist *ports, const char *const *state, const vn_fwb_state *st)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < ports->n; i++) {
		const vn_port *p = ports->v[i];
		char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN], a[VN_ADDR_STRLEN];
		json_begin_object(&j, NULL);
		json_string(&j, "uuid", uuid_format(p->uuid, u));
		json_string(&j, "device", p->ifname);
		json_string(&j, "type", portdev_type_to_string(p->type));
		json_string(&j, "mac", port_mac(p, st, m));
		json_string(&j, "ip", addr_valid(&p->ip) ? addr_format(&p->ip, a) : NULL);
		json_string(&j, "state", state[i]);
		if (p->domid >= 0) {
			json_int(&j, "domid", p->domid);
			json_int(&j, "devid", p->devid);
		}
		json_end_object(&j);
	}
	json_end_array(&j);
	char *s = json_steal(&j);
	fputs(s ? s : "", stdout);
	free(s);
}

static int list_ports(vn_ctx *ctx, const vn_network *n, const vn_network *live, bool json)
{
	vn_portlist ports;
	vn_link_info *links = NULL;
	size_t nl_n = 0;
	vn_nl *nl = NULL;
	vn_err err = {0};

	if (network_ports(ctx, n->name, &ports) < 0)
		return 1;
	if (nl_open(&nl, &err) < 0 || nl_link_dump(nl, &links, &nl_n, &err) < 0) {
		nl_close(nl);
		portlist_free(&ports);
		return out_fail_err(&err, NULL);
	}
	nl_close(nl);
	const char **state = calloc(ports.n + 1, sizeof(*state));
	for (size_t i = 0; state && i < ports.n; i++)
		state[i] = port_state(ports.v[i], links, nl_n, live);
	vn_fwb_state st;
	read_learned(&ports, &st);
	if (state && json)
		list_json(&ports, state, &st);
	else if (state)
		list_table(ctx, &ports, state, &st);
	fwb_state_free(&st);
	free(state);
	free(links);
	portlist_free(&ports);
	return state ? 0 : out_fail("out of memory");
}

int cmd_port_list(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	const vn_cmd *c = cli_find("port-list");
	bool flags[2] = {0};
	vn_netlist l = {0};
	vn_netobj *o;
	int first = cmd_getopt(c, argc, argv, opts, on_flag, flags), rc = 1;

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(c, argc, argv, first, 1) < 0 || ctx_lock_and_load_some(ctx, false, argv[first], &l) < 0)
		return 1;
	if ((o = ctx_lookup(&l, argv[first])))
		rc = list_ports(ctx, store_current(o), o->live, flags[0]);
	if (rc == 0 && !flags[0])
		out_blank(ctx);
	store_list_free(&l);
	return rc;
}

/* A port of the network named by device name or UUID; prints the error when there is none. */
static vn_port *network_port(vn_ctx *ctx, const vn_network *n, const char *key)
{
	vn_port *p = NULL;
	vn_err err = {0};
	int r = port_lookup(&ctx->paths, key, &p, &err);

	if (r == -ENOENT || (r == 0 && !streq(p->network, n->name))) {
		port_free(p);
		out_fail("network port not found: no port '%s' on network '%s'", key, n->name);
		return NULL;
	}
	if (r < 0) {
		out_fail_err(&err, NULL);
		return NULL;
	}
	return p;
}

int cmd_port_dumpxml(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "status", no_argument, NULL, 's' }, {0} };
	const vn_cmd *c = cli_find("port-dumpxml");
	bool flags[2] = {0};
	vn_netlist l = {0};
	vn_netobj *o;
	vn_port *p = NULL;
	int first = cmd_getopt(c, argc, argv, opts, on_flag, flags), rc = 1;

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(c, argc, argv, first, 2) < 0 || ctx_lock_and_load_some(ctx, false, argv[first], &l) < 0)
		return 1;
	if ((o = ctx_lookup(&l, argv[first])) && (p = network_port(ctx, store_current(o), argv[first + 1]))) {
		_cleanup_free_ char *xml = flags[1] ? port_status_format(p) : port_format(p);
		rc = xml ? (fputs(xml, stdout), 0) : out_fail("out of memory");
	}
	port_free(p);
	store_list_free(&l);
	return rc;
}

static int on_delete(int o, const char *arg, void *d)
{
	(void)arg;
	(void)o;
	*(bool *)d = true;
	return 0;
}

/* The ports named (or all of the network's with --all); NULL after printing an error. */
static vn_port **ports_to_delete(vn_ctx *ctx, const vn_network *n, char **keys, size_t nkeys, bool all, size_t *count)
{
	vn_portlist ports = {0};
	vn_port **v = NULL;

	*count = 0;
	if (all) {
		if (network_ports(ctx, n->name, &ports) < 0)
			return NULL;
		*count = ports.n;
		return ports.v ? ports.v : calloc(1, sizeof(*v));
	}
	if (!(v = calloc(nkeys + 1, sizeof(*v))))
		return out_fail("out of memory"), NULL;
	for (size_t i = 0; i < nkeys; i++) {
		if (!(v[i] = network_port(ctx, n, keys[i]))) {
			for (size_t k = 0; k < i; k++)
				port_free(v[k]);
			free(v);
			return NULL;
		}
		*count = i + 1;
	}
	return v;
}

static int delete_ports(vn_ctx *ctx, vn_run *r, vn_netobj *o, char **keys, size_t nkeys, bool all)
{
	const vn_network *n = store_current(o);
	size_t count;
	vn_err err = {0};
	vn_port **v = ports_to_delete(ctx, n, keys, nkeys, all, &count);
	int rc = 1;

	if (!v)
		return 1;
	if (ports_delete(r, netobj_active(o) ? o->status : NULL, v, count, &err) < 0) {
		out_fail_err(&err, "Failed to delete network port%s of network %s", count == 1 ? "" : "s", n->name);
	} else {
		for (size_t i = 0; i < count; i++) {
			char u[VN_UUID_STRLEN];
			out_info(ctx, "Network port %s deleted (device %s)\n", uuid_format(v[i]->uuid, u), v[i]->ifname);
		}
		out_blank(ctx);
		rc = 0;
	}
	for (size_t i = 0; i < count; i++)
		port_free(v[i]);
	free(v);
	return rc;
}

int cmd_port_delete(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "all", no_argument, NULL, 'a' }, {0} };
	const vn_cmd *c = cli_find("port-delete");
	bool all = false;
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	int first = cmd_getopt(c, argc, argv, opts, on_delete, &all), rc = 1;

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (argc - first < (all ? 1 : 2) || (all && argc - first > 1))
		return need_operands(c, argc, argv, first, all ? 1 : 2), 1;
	if (run_prologue(ctx, argv[first], &l, &r, &notes) < 0)
		return 1;
	vn_netobj *o = ctx_lookup(&l, argv[first]);
	if (o)
		rc = delete_ports(ctx, &r, o, argv + first + 1, (size_t)(argc - first - 1), all);
	run_epilogue(&l, &r, &notes);
	return rc;
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
	int first = cmd_getopt(c, argc, argv, opts, on_macgen_opt, &oui), kind;

	if (first < 0)
		return first == -2 ? 0 : 1;
	if ((kind = macgen_kind_from_string(oui)) < 0)
		return out_fail("--oui '%s': use xen, kvm or local", oui);
	if (need_operands(c, argc, argv, first, 0) < 0 || ctx_lock_and_load(ctx, false, &l) < 0)
		return 1;
	int rc = mac_generate_unique(&ctx->paths, (vn_macgen_kind)kind, &l, &m, &err);
	store_list_free(&l);
	if (rc < 0)
		return out_fail_err(&err, NULL);
	printf("%s\n", mac_format(&m, s));
	return 0;
}
