/* cmd_port.c - port-create: a tap or veth plugged into a network, from options or a
 * <networkport> document */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <net/if.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/commands.h"
#include "port/port.h"
#include "state/status.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

struct port_opts {
	const char *type, *name, *mac, *netns, *peer, *ip, *inbound, *outbound, *owner, *group, *oui;
	int domid, devid, count;
	bool hvm, isolated;
};

static int parse_int(const char *what, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0 || v > 0x7fffffff)
		return out_fail("%s '%s' is not a number from 0 to 2147483647", what, arg), -1;
	*out = (int)v;
	return 0;
}

static int on_port_opt(int o, const char *arg, void *d)
{
	struct port_opts *f = d;

	switch (o) {
	case 't': f->type = arg; return 0;
	case 'n': f->name = arg; return 0;
	case 'D': return parse_int("--domid", arg, &f->domid);
	case 'd': return parse_int("--devid", arg, &f->devid);
	case 'H': f->hvm = true; return 0;
	case 'm': f->mac = arg; return 0;
	case 'N': f->netns = arg; return 0;
	case 'p': f->peer = arg; return 0;
	case 'a': f->ip = arg; return 0;
	case 'I': f->isolated = true; return 0;
	case 'i': f->inbound = arg; return 0;
	case 'o': f->outbound = arg; return 0;
	case 'u': f->owner = arg; return 0;
	case 'g': f->group = arg; return 0;
	case 'c': return parse_int("--count", arg, &f->count);
	default: f->oui = arg; return 0;
	}
}

static int check_typed(vn_vtype t, const char *what, const char *s)
{
	vn_err e = {0};

	if (vt_check(t, s, &e, "%s", what) < 0)
		return out_fail("%s", e.msg), -1;
	return 0;
}

/* virsh attach-interface's "average[,peak[,burst[,floor]]]", kilobytes/s and KiB. */
static int parse_rate(const char *what, const char *arg, vn_bw_rate **out)
{
	unsigned long long v[4] = {0};
	const char *s = arg;
	int k = 0;

	while (k < 4) {
		char *end;
		if (!isdigit((unsigned char)*s))
			break;
		v[k++] = strtoull(s, &end, 10);
		s = end;
		if (*s != ',')
			break;
		s++;
	}
	if (*s || k == 0 || v[0] == 0)
		return out_fail("%s '%s': expected average[,peak[,burst]] in kilobytes/s and KiB, average above 0", what, arg), -1;
	if (!(*out = calloc(1, sizeof(**out))))
		return out_fail("out of memory"), -1;
	**out = (vn_bw_rate){ .average = v[0], .peak = v[1], .burst = v[2], .floor = v[3] };
	return 0;
}

static int lookup_ids(const struct port_opts *f, vn_port *p)
{
	char *end;

	if (f->owner) {
		struct passwd *pw = getpwnam(f->owner);
		unsigned long v = strtoul(f->owner, &end, 10);
		if (!pw && (!*f->owner || *end))
			return out_fail("--owner '%s' is neither a user name nor a number", f->owner), -1;
		p->uid = pw ? pw->pw_uid : (uid_t)v;
		p->uid_set = true;
	}
	if (f->group) {
		struct group *gr = getgrnam(f->group);
		unsigned long v = strtoul(f->group, &end, 10);
		if (!gr && (!*f->group || *end))
			return out_fail("--group '%s' is neither a group name nor a number", f->group), -1;
		p->gid = gr ? gr->gr_gid : (gid_t)v;
		p->gid_set = true;
	}
	return 0;
}

/* Options that only make sense together, or only for one device type. */
static int check_combinations(const struct port_opts *f, vn_portdev_type type)
{
	if (f->domid < 0 && (f->devid >= 0 || f->hvm))
		return out_fail("--devid and --hvm name a Xen device: give --domid too"), -1;
	if (f->domid >= 0 && f->name)
		return out_fail("--name and --domid both name the device: give one of them"), -1;
	bool tap_like = type == PORTDEV_TAP || type == PORTDEV_MACVTAP || type == PORTDEV_EXTERNAL;
	if (tap_like && (f->netns || f->peer))
		return out_fail("--netns and --peer-name are for --type veth or macvlan"), -1;
	if (type != PORTDEV_TAP && (f->owner || f->group))
		return out_fail("--owner and --group are for --type tap (only a tap has an owner)"), -1;
	if (type == PORTDEV_EXTERNAL && !f->name && f->domid < 0)
		return out_fail("--type external adopts an existing device: name it with --name IFNAME (or --domid/--devid)"), -1;
	if (f->oui && f->mac)
		return out_fail("--oui picks how to generate a MAC: not with --mac"), -1;
	return 0;
}

static int apply_options(const struct port_opts *f, vn_port *p)
{
	int t = f->type ? portdev_type_from_string(f->type) : PORTDEV_TAP;

	if (t < 0)
		return out_fail("--type '%s': use tap, veth, macvtap, macvlan or external", f->type), -1;
	if (check_combinations(f, (vn_portdev_type)t) < 0 || lookup_ids(f, p) < 0)
		return -1;
	p->type = (vn_portdev_type)t;
	if (check_typed(VT_IFNAME, "--name", f->name) < 0 || check_typed(VT_IFNAME, "--peer-name", f->peer) < 0 ||
	    check_typed(VT_FILE_NAME, "--netns", f->netns) < 0)
		return -1;
	snprintf(p->ifname, sizeof(p->ifname), "%s", f->name ? f->name : "");
	snprintf(p->peer_name, sizeof(p->peer_name), "%s", f->peer ? f->peer : "");
	p->domid = f->domid;
	p->devid = f->domid >= 0 && f->devid < 0 ? 0 : f->devid;
	p->hvm = f->hvm;
	if (f->isolated)
		p->isolated = TRI_YES;
	if (f->netns && !(p->netns = strdup(f->netns)))
		return out_fail("out of memory"), -1;
	if (f->mac && (mac_parse(f->mac, &p->mac) < 0 || mac_is_multicast(&p->mac)))
		return out_fail("--mac '%s' is not a unicast MAC address like 52:54:00:12:34:56", f->mac), -1;
	p->mac_known |= f->mac != NULL;
	if (f->ip && addr_parse(f->ip, 0, &p->ip) < 0)
		return out_fail("--ip '%s' is not an IPv4 or IPv6 address", f->ip), -1;
	if ((f->inbound || f->outbound) && !p->bandwidth && !(p->bandwidth = calloc(1, sizeof(*p->bandwidth))))
		return out_fail("out of memory"), -1;
	if (f->inbound && (free(p->bandwidth->in), parse_rate("--inbound", f->inbound, &p->bandwidth->in)) < 0)
		return -1;
	if (f->outbound && (free(p->bandwidth->out), parse_rate("--outbound", f->outbound, &p->bandwidth->out)) < 0)
		return -1;
	return 0;
}

static vn_port *port_from_input(const char *file, const struct port_opts *f)
{
	_cleanup_free_ char *xml = NULL;
	vn_port *p = NULL;
	vn_err err = {0};
	size_t len;

	if (file && (file_read_all(file, 1 << 20, &xml, &len, &err) < 0 || port_parse(xml, len, file, &p, &err) < 0)) {
		out_fail_err(&err, "Failed to read network port from %s", file);
		return NULL;
	}
	if (!file && (!(p = port_new()) || uuid_generate(p->uuid) < 0)) {
		port_free(p);
		out_fail("cannot generate a UUID for the port");
		return NULL;
	}
	if (apply_options(f, p) < 0) {
		port_free(p);
		return NULL;
	}
	return p;
}

static bool is_direct(const vn_network *n)
{
	return n->forward.mode == FWD_BRIDGE && !n->bridge;
}

/* Ports go on a bridge (ours, or the host bridge of a bridge-mode network), or sit on a NIC
 * as macvtap/macvlan (a bridge-mode network with <interface dev=...>): a tap becomes a
 * macvtap there, a veth a macvlan. */
static int check_network_mode(const vn_network *n, vn_port *p)
{
	bool direct_type = p->type == PORTDEV_MACVTAP || p->type == PORTDEV_MACVLAN;

	if (n->forward.mode > FWD_BRIDGE)
		return out_fail("network '%s' uses forward mode '%s' (SR-IOV or host devices), which virtnet does not manage",
			    n->name, fwd_mode_to_string(n->forward.mode)), -1;
	if (!is_direct(n) && direct_type)
		return out_fail("--type %s sits on a NIC: network '%s' has a bridge, use tap or veth", portdev_type_to_string(p->type),
			    n->name), -1;
	if (is_direct(n) && p->type == PORTDEV_EXTERNAL)
		return out_fail("network '%s' shares a NIC without a bridge: an external device cannot be plugged into it", n->name), -1;
	if (is_direct(n) && !direct_type)
		p->type = p->type == PORTDEV_VETH ? PORTDEV_MACVLAN : PORTDEV_MACVTAP;
	return 0;
}

/* The reservation must be in a DHCP subnet of the network and nobody else's address. */
static int check_reservation(vn_ctx *ctx, const vn_network *n, const vn_port *p)
{
	char s[VN_ADDR_STRLEN];
	const vn_ip_def *dhcp = NULL;
	vn_portlist ports;
	vn_err err = {0};

	if (!addr_valid(&p->ip))
		return 0;
	addr_format(&p->ip, s);
	for (size_t i = 0; i < n->nips && !dhcp; i++)
		if (n->ips[i].address.family == p->ip.family && (n->ips[i].nranges || n->ips[i].nhosts) &&
		    addr_in_subnet(&p->ip, &n->ips[i].address, ip_def_prefix(&n->ips[i])))
			dhcp = &n->ips[i];
	if (!dhcp)
		return out_fail("--ip %s is not in a subnet of network '%s' that has DHCP (<dhcp><range>)", s, n->name), -1;
	if (addr_equal(&p->ip, &dhcp->address))
		return out_fail("--ip %s is the address of network '%s' itself", s, n->name), -1;
	for (size_t i = 0; i < dhcp->nhosts; i++)
		if (addr_equal(&dhcp->hosts[i].ip, &p->ip))
			return out_fail("--ip %s is already reserved by a static host of network '%s'", s, n->name), -1;
	if (ports_load(&ctx->paths, &ports, NULL, &err) < 0)
		return out_fail_err(&err, NULL), -1;
	for (size_t i = 0; i < ports.n; i++)
		if (streq(ports.v[i]->network, n->name) && addr_equal(&ports.v[i]->ip, &p->ip)) {
			out_fail("--ip %s is already reserved by port %s of network '%s'", s, ports.v[i]->ifname, n->name);
			portlist_free(&ports);
			return -1;
		}
	portlist_free(&ports);
	return 0;
}

static int check_uuid_free(vn_ctx *ctx, const vn_port *p)
{
	char u[VN_UUID_STRLEN];
	vn_port *other = NULL;

	if (port_lookup(&ctx->paths, uuid_format(p->uuid, u), &other, NULL) == 0 && other) {
		out_fail("a port with UUID %s already exists (device %s of network '%s')", u, other->ifname, other->network);
		port_free(other);
		return -1;
	}
	return 0;
}

static int pick_mac(vn_ctx *ctx, const vn_netlist *l, const struct port_opts *f, vn_port *p)
{
	vn_err err = {0};
	int kind = f->oui ? macgen_kind_from_string(f->oui) : p->domid >= 0 ? MACGEN_XEN : MACGEN_KVM;

	if (kind < 0)
		return out_fail("--oui '%s': use xen, kvm or local", f->oui), -1;
	if (p->mac_known)
		return mac_check_free(&ctx->paths, &p->mac, NULL, l, &err) < 0 ? (out_fail_err(&err, NULL), -1) : 0;
	if (p->type == PORTDEV_EXTERNAL)
		return 0;   /* learned from the guest's first frame, as for the bridge helper's taps */
	if (mac_generate_unique(&ctx->paths, (vn_macgen_kind)kind, l, &p->mac, &err) < 0)
		return out_fail_err(&err, NULL), -1;
	p->mac_known = true;
	return 0;
}

/* The NIC of a direct network with the fewest ports on it (libvirt's choice too). */
static const char *least_used_nic(vn_ctx *ctx, const vn_network *n)
{
	const char *best = NULL;
	size_t best_n = (size_t)-1;
	vn_portlist ports;
	vn_err err = {0};

	if (ports_load(&ctx->paths, &ports, NULL, &err) < 0)
		return net_forward_dev(n, 0);
	for (size_t i = 0; i < n->forward.nifs; i++) {
		const char *dev = net_forward_dev(n, i);
		size_t used = 0;
		for (size_t k = 0; dev && k < ports.n; k++)
			used += streq(ports.v[k]->plug_dev, dev);
		if (dev && used < best_n) {
			best = dev;
			best_n = used;
		}
	}
	portlist_free(&ports);
	return best;
}

static int describe_plug(vn_ctx *ctx, const vn_network *n, vn_port *p)
{
	free(p->network);
	free(p->plug_bridge);
	p->plug_bridge = NULL;
	if (!(p->network = strdup(n->name)))
		return out_fail("out of memory"), -1;
	p->plug_mtm = n->mac_table_manager;
	if (is_direct(n)) {
		const char *nic = least_used_nic(ctx, n);
		if (!nic)
			return out_fail("network '%s' names no NIC (<forward dev=...> or <interface dev=...>) for its ports", n->name), -1;
		free(p->plug_dev);
		free(p->plug_mode);
		p->plug = PLUG_DIRECT;
		p->plug_dev = strdup(nic);
		p->plug_mode = strdup("bridge");
		return p->plug_dev && p->plug_mode ? 0 : (out_fail("out of memory"), -1);
	}
	p->plug = n->forward.mode == FWD_BRIDGE ? PLUG_BRIDGE : PLUG_NETWORK;
	p->plug_bridge = strdup(n->bridge);
	return p->plug_bridge ? 0 : (out_fail("out of memory"), -1);
}

static int create_on(vn_ctx *ctx, vn_run *r, vn_netlist *l, vn_netobj *o, const struct port_opts *f, vn_port *p, const char *file)
{
	const vn_network *n = store_current(o);
	char u[VN_UUID_STRLEN];
	vn_err err = {0};

	if (check_network_mode(n, p) < 0 || check_uuid_free(ctx, p) < 0 || describe_plug(ctx, n, p) < 0 || pick_mac(ctx, l, f, p) < 0 ||
	    check_reservation(ctx, n, p) < 0)
		return 1;
	vn_status *st = netobj_active(o) ? o->status : NULL;
	if (port_pick_name(r, p, &err) < 0 ||
	    (p->type == PORTDEV_EXTERNAL ? port_adopt(r, st, p, &err) : port_create(r, st, p, &err)) < 0)
		return out_fail_err(&err, "Failed to create network port on network %s", n->name);
	uuid_format(p->uuid, u);
	if (file)
		out_info(ctx, "Network port %s created from %s (device %s)\n", u, file, p->ifname);
	else
		out_info(ctx, "Network port %s created (device %s)\n", u, p->ifname);
	out_blank(ctx);
	return 0;
}

/* --count N: N ports in one go (a lab's worth), each with its own generated name and MAC. */
static int check_count(const struct port_opts *f, const char *file)
{
	if (f->count < 1)
		return out_fail("--count must be at least 1"), -1;
	if (f->count > 1 && (file || f->name || f->mac || f->ip || f->domid >= 0 || f->netns || f->peer))
		return out_fail("--count makes ports that differ only in their generated names and MACs: not with FILE, "
			    "--name, --mac, --ip, --domid, --netns or --peer-name"), -1;
	return 0;
}

int cmd_port_create(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' }, { "name", required_argument, NULL, 'n' },
		{ "domid", required_argument, NULL, 'D' }, { "devid", required_argument, NULL, 'd' },
		{ "hvm", no_argument, NULL, 'H' }, { "mac", required_argument, NULL, 'm' },
		{ "netns", required_argument, NULL, 'N' }, { "peer-name", required_argument, NULL, 'p' },
		{ "ip", required_argument, NULL, 'a' }, { "isolated", no_argument, NULL, 'I' },
		{ "inbound", required_argument, NULL, 'i' }, { "outbound", required_argument, NULL, 'o' },
		{ "owner", required_argument, NULL, 'u' }, { "group", required_argument, NULL, 'g' },
		{ "oui", required_argument, NULL, 'O' }, { "count", required_argument, NULL, 'c' }, {0},
	};
	const vn_cmd *c = cli_find("port-create");
	struct port_opts f = { .domid = -1, .devid = -1, .count = 1 };
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	int first = cmd_getopt(c, argc, argv, opts, on_port_opt, &f), rc = 1;

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (argc - first < 1 || argc - first > 2)
		return need_operands(c, argc, argv, first, argc - first < 1 ? 1 : 2), 1;
	const char *file = argc - first == 2 ? argv[first + 1] : NULL;
	if (check_count(&f, file) < 0 || run_prologue(ctx, NULL, &l, &r, &notes) < 0)
		return 1;
	vn_netobj *o = ctx_lookup(&l, argv[first]);
	for (int i = 0; o && i < f.count; i++) {
		vn_port *p = port_from_input(file, &f);
		rc = p ? create_on(ctx, &r, &l, o, &f, p, file) : 1;
		port_free(p);
		if (rc)
			break;
	}
	run_epilogue(&l, &r, &notes);
	return rc;
}
