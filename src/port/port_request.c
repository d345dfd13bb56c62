/* port_request.c - port-create's decisions: a request's options made into a port, checked
 * against its network, given its MAC, NIC and name, and made; port-delete's selection */
#include "port/port_request.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port/port_query.h"
#include "state/status.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

#define PORT_XML_MAX_SIZE (1 << 20)

/* virsh attach-interface's "average[,peak[,burst[,floor]]]", kilobytes/s and KiB. */
static int parse_rate(const char *what, const char *arg, vn_bw_rate **out, vn_err *err)
{
	unsigned long long v[4] = {0};
	const char *s = arg;
	int k = 0;

	while (k < 4 && isdigit((unsigned char)*s)) {
		char *end;
		v[k++] = strtoull(s, &end, 10);
		s = end;
		if (*s != ',')
			break;
		s++;
	}
	if (*s || k == 0 || v[0] == 0)
		return vn_err_set(err, EINVAL, "%s '%s': expected average[,peak[,burst]] in "
				  "kilobytes/s and KiB, average above 0", what, arg);
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return vn_err_set(err, ENOMEM, "out of memory");
	**out = (vn_bw_rate){ .average = v[0], .peak = v[1], .burst = v[2], .floor = v[3] };
	return 0;
}

/* A rate given as an option replaces the document's. */
static int set_rate(const char *what, const char *arg, vn_bw_rate **rate, vn_err *err)
{
	vn_bw_rate *v = NULL;
	int rc = parse_rate(what, arg, &v, err);

	if (rc < 0)
		return rc;
	free(*rate);
	*rate = v;
	return 0;
}

static int apply_bandwidth(const vn_port_request *q, vn_port *p, vn_err *err)
{
	int rc = 0;

	if (!q->inbound && !q->outbound)
		return 0;
	if (!p->bandwidth)
		p->bandwidth = calloc(1, sizeof(*p->bandwidth));
	if (!p->bandwidth)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (q->inbound)
		rc = set_rate("--inbound", q->inbound, &p->bandwidth->in, err);
	if (rc == 0 && q->outbound)
		rc = set_rate("--outbound", q->outbound, &p->bandwidth->out, err);
	return rc;
}

/* A user or group by number, when it is not a name. */
static int parse_id(const char *opt, const char *noun, const char *arg, unsigned long *out,
		    vn_err *err)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (!*arg || *end)
		return vn_err_set(err, EINVAL, "%s '%s' is neither a %s name nor a number",
				  opt, arg, noun);
	*out = v;
	return 0;
}

static int apply_owner(const char *arg, vn_port *p, vn_err *err)
{
	struct passwd *pw = getpwnam(arg);
	unsigned long v = 0;
	int rc = pw ? 0 : parse_id("--owner", "user", arg, &v, err);

	if (rc < 0)
		return rc;
	p->uid = pw ? pw->pw_uid : (uid_t)v;
	p->uid_set = true;
	return 0;
}

static int apply_group(const char *arg, vn_port *p, vn_err *err)
{
	struct group *gr = getgrnam(arg);
	unsigned long v = 0;
	int rc = gr ? 0 : parse_id("--group", "group", arg, &v, err);

	if (rc < 0)
		return rc;
	p->gid = gr ? gr->gr_gid : (gid_t)v;
	p->gid_set = true;
	return 0;
}

static int apply_ids(const vn_port_request *q, vn_port *p, vn_err *err)
{
	int rc = q->owner ? apply_owner(q->owner, p, err) : 0;

	if (rc == 0 && q->group)
		rc = apply_group(q->group, p, err);
	return rc;
}

/* Options that only make sense together, or only for one device type. */
static int check_combinations(const vn_port_request *q, vn_portdev_type type, vn_err *err)
{
	bool tap_like = type == PORTDEV_TAP || type == PORTDEV_MACVTAP || type == PORTDEV_EXTERNAL;

	if (q->domid < 0 && (q->devid >= 0 || q->hvm))
		return vn_err_set(err, EINVAL,
				  "--devid and --hvm name a Xen device: give --domid too");
	if (q->domid >= 0 && q->name)
		return vn_err_set(err, EINVAL,
				  "--name and --domid both name the device: give one of them");
	if (tap_like && (q->netns || q->peer))
		return vn_err_set(err, EINVAL,
				  "--netns and --peer-name are for --type veth or macvlan");
	if (type != PORTDEV_TAP && (q->owner || q->group))
		return vn_err_set(err, EINVAL,
				  "--owner and --group are for --type tap (only a tap has an "
				  "owner)");
	if (type == PORTDEV_EXTERNAL && !q->name && q->domid < 0)
		return vn_err_set(err, EINVAL, "--type external adopts an existing device: "
				  "name it with --name IFNAME (or --domid/--devid)");
	if (q->oui && q->mac)
		return vn_err_set(err, EINVAL, "--oui picks how to generate a MAC: not with --mac");
	return 0;
}

/* The device type (tap unless given) and the options that depend on it. */
static int apply_type(const vn_port_request *q, vn_port *p, vn_err *err)
{
	int t = q->type ? portdev_type_from_string(q->type) : PORTDEV_TAP;
	int rc;

	if (t < 0)
		return vn_err_set(err, EINVAL,
				  "--type '%s': use tap, veth, macvtap, macvlan or external",
				  q->type);
	rc = check_combinations(q, (vn_portdev_type)t, err);
	if (rc < 0)
		return rc;
	rc = apply_ids(q, p, err);
	if (rc < 0)
		return rc;
	p->type = (vn_portdev_type)t;
	return 0;
}

static int apply_names(const vn_port_request *q, vn_port *p, vn_err *err)
{
	if (vt_check(VT_IFNAME, q->name, err, "--name") < 0)
		return -EINVAL;
	if (vt_check(VT_IFNAME, q->peer, err, "--peer-name") < 0)
		return -EINVAL;
	if (vt_check(VT_FILE_NAME, q->netns, err, "--netns") < 0)
		return -EINVAL;
	snprintf(p->ifname, sizeof(p->ifname), "%s", q->name ? q->name : "");
	snprintf(p->peer_name, sizeof(p->peer_name), "%s", q->peer ? q->peer : "");
	p->domid = q->domid;
	p->devid = q->domid >= 0 && q->devid < 0 ? 0 : q->devid;
	p->hvm = q->hvm;
	if (q->isolated)
		p->isolated = TRI_YES;
	if (!q->netns)
		return 0;
	p->netns = strdup(q->netns);
	return p->netns ? 0 : vn_err_set(err, ENOMEM, "out of memory");
}

static int apply_addresses(const vn_port_request *q, vn_port *p, vn_err *err)
{
	if (q->mac && (mac_parse(q->mac, &p->mac) < 0 || mac_is_multicast(&p->mac)))
		return vn_err_set(err, EINVAL,
				  "--mac '%s' is not a unicast MAC address like "
				  "52:54:00:12:34:56", q->mac);
	p->mac_known |= q->mac != NULL;
	if (q->ip && addr_parse(q->ip, 0, &p->ip) < 0)
		return vn_err_set(err, EINVAL, "--ip '%s' is not an IPv4 or IPv6 address", q->ip);
	return 0;
}

static int apply_options(const vn_port_request *q, vn_port *p, vn_err *err)
{
	int rc = apply_type(q, p, err);

	if (rc == 0)
		rc = apply_names(q, p, err);
	if (rc == 0)
		rc = apply_addresses(q, p, err);
	if (rc == 0)
		rc = apply_bandwidth(q, p, err);
	return rc;
}

/* The document, or a new port with a fresh UUID. */
static int port_base(const vn_port_request *q, vn_port **out, vn_port_req_failure *failure,
		     vn_err *err)
{
	_cleanup_free_ char *xml = NULL;
	const char *file = q->file;
	size_t len;
	int rc;

	*out = NULL;
	if (q->doc) {
		*failure = PORT_REQ_BAD_FILE;
		return port_parse(q->doc, q->doclen, file ? file : "the request", out, err);
	}
	if (!file) {
		*out = port_new();
		if (!*out || uuid_generate((*out)->uuid) < 0)
			return vn_err_set(err, EIO, "cannot generate a UUID for the port");
		return 0;
	}
	*failure = PORT_REQ_BAD_FILE;
	rc = file_read_all(file, PORT_XML_MAX_SIZE, &xml, &len, err);
	if (rc == 0)
		rc = port_parse(xml, len, file, out, err);
	return rc;
}

static int port_from_request(const vn_port_request *q, vn_port **out, vn_port_req_failure *failure,
			     vn_err *err)
{
	int rc = port_base(q, out, failure, err);

	if (rc < 0)
		return rc;
	*failure = PORT_REQ_REFUSED;
	return apply_options(q, *out, err);
}

static bool is_direct(const vn_network *n)
{
	return n->forward.mode == FWD_BRIDGE && !n->bridge;
}

/* Ports go on a bridge (ours, or the host bridge of a bridge-mode network), or sit on a NIC
 * as macvtap/macvlan (a bridge-mode network with <interface dev=...>): a tap becomes a
 * macvtap there, a veth a macvlan. */
static int check_network_mode(const vn_network *n, vn_port *p, vn_err *err)
{
	bool direct_type = p->type == PORTDEV_MACVTAP || p->type == PORTDEV_MACVLAN;

	if (n->forward.mode > FWD_BRIDGE)
		return vn_err_set(err, EOPNOTSUPP, "network '%s' uses forward mode '%s' (SR-IOV or "
				  "host devices), which virtnet does not manage",
				  n->name, fwd_mode_to_string(n->forward.mode));
	if (!is_direct(n) && direct_type)
		return vn_err_set(err, EINVAL, "--type %s sits on a NIC: network '%s' has a "
				  "bridge, use tap or veth", portdev_type_to_string(p->type),
				  n->name);
	if (is_direct(n) && p->type == PORTDEV_EXTERNAL)
		return vn_err_set(err, EINVAL, "network '%s' shares a NIC without a bridge: "
				  "an external device cannot be plugged into it", n->name);
	if (is_direct(n) && !direct_type)
		p->type = p->type == PORTDEV_VETH ? PORTDEV_MACVLAN : PORTDEV_MACVTAP;
	return 0;
}

/* The network's DHCP subnet that holds the address, or NULL. */
static const vn_ip_def *dhcp_subnet(const vn_network *n, const vn_addr *a)
{
	for (size_t i = 0; i < n->nips; i++) {
		const vn_ip_def *ip = &n->ips[i];
		if (ip->address.family == a->family && (ip->nranges || ip->nhosts) &&
		    addr_in_subnet(a, &ip->address, ip_def_prefix(ip)))
			return ip;
	}
	return NULL;
}

/* Another port of the network that reserves the address. */
static int check_ports_reserve(const vn_paths *paths, const vn_network *n, const vn_addr *a,
			       const char *s, vn_err *err)
{
	vn_portlist ports;
	int rc = ports_load(paths, &ports, NULL, err);

	if (rc < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < ports.n; i++)
		if (streq(ports.v[i]->network, n->name) && addr_equal(&ports.v[i]->ip, a))
			rc = vn_err_set(err, EEXIST,
					"--ip %s is already reserved by port %s of network '%s'",
					s, ports.v[i]->ifname, n->name);
	portlist_free(&ports);
	return rc;
}

/* The reservation must be in a DHCP subnet of the network and nobody else's address. */
static int check_reservation(const vn_paths *paths, const vn_network *n, const vn_port *p,
			     vn_err *err)
{
	char s[VN_ADDR_STRLEN];
	const vn_ip_def *dhcp;

	if (!addr_valid(&p->ip))
		return 0;
	addr_format(&p->ip, s);
	dhcp = dhcp_subnet(n, &p->ip);
	if (!dhcp)
		return vn_err_set(err, EINVAL, "--ip %s is not in a subnet of network '%s' that "
				  "has DHCP (<dhcp><range>)", s, n->name);
	if (addr_equal(&p->ip, &dhcp->address))
		return vn_err_set(err, EINVAL, "--ip %s is the address of network '%s' itself",
				  s, n->name);
	for (size_t i = 0; i < dhcp->nhosts; i++)
		if (addr_equal(&dhcp->hosts[i].ip, &p->ip))
			return vn_err_set(err, EEXIST, "--ip %s is already reserved by a static "
					  "host of network '%s'", s, n->name);
	return check_ports_reserve(paths, n, &p->ip, s, err);
}

static int check_uuid_free(const vn_paths *paths, const vn_port *p, vn_err *err)
{
	char u[VN_UUID_STRLEN];
	vn_port *other = NULL;
	int rc = port_lookup(paths, uuid_format(p->uuid, u), &other, NULL);

	if (rc < 0 || !other)
		return 0;
	rc = vn_err_set(err, EEXIST, "a port with UUID %s already exists (device %s of network "
			"'%s') (leave <uuid> out of FILE for a new port)",
			u, other->ifname, other->network);
	port_free(other);
	return rc;
}

/* A MAC given is checked; otherwise one is generated (--oui, by default Xen's with
 * --domid, KVM's without), except for an adopted device: its guest's first frame tells. */
static int pick_mac(const vn_paths *paths, const vn_netlist *l, const char *oui, vn_port *p,
		    vn_err *err)
{
	int kind = oui ? macgen_kind_from_string(oui) : p->domid >= 0 ? MACGEN_XEN : MACGEN_KVM;
	int rc;

	if (kind < 0)
		return vn_err_set(err, EINVAL, "--oui '%s': use xen, kvm or local", oui);
	if (p->mac_known)
		return mac_check_free(paths, &p->mac, NULL, l, err);
	if (p->type == PORTDEV_EXTERNAL)
		return 0;
	rc = mac_generate_unique(paths, (vn_macgen_kind)kind, l, &p->mac, err);
	if (rc < 0)
		return rc;
	p->mac_known = true;
	return 0;
}

/* The NIC of a direct network with the fewest ports on it (libvirt's choice too). */
static const char *least_used_nic(const vn_paths *paths, const vn_network *n)
{
	const char *best = NULL;
	size_t best_n = (size_t)-1;
	vn_portlist ports;

	if (ports_load(paths, &ports, NULL, NULL) < 0)
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

static int plug_direct(const vn_paths *paths, const vn_network *n, vn_port *p, vn_err *err)
{
	const char *nic = least_used_nic(paths, n);

	if (!nic)
		return vn_err_set(err, EINVAL, "network '%s' names no NIC (<forward dev=...> or "
				  "<interface dev=...>) for its ports", n->name);
	free(p->plug_dev);
	free(p->plug_mode);
	p->plug = PLUG_DIRECT;
	p->plug_dev = strdup(nic);
	p->plug_mode = strdup("bridge");
	return p->plug_dev && p->plug_mode ? 0 : vn_err_set(err, ENOMEM, "out of memory");
}

/* Where the port plugs in: the network's bridge, or a NIC. */
static int describe_plug(const vn_paths *paths, const vn_network *n, vn_port *p, vn_err *err)
{
	free(p->network);
	free(p->plug_bridge);
	p->plug_bridge = NULL;
	p->network = strdup(n->name);
	if (!p->network)
		return vn_err_set(err, ENOMEM, "out of memory");
	p->plug_mtm = n->mac_table_manager;
	if (is_direct(n))
		return plug_direct(paths, n, p, err);
	p->plug = n->forward.mode == FWD_BRIDGE ? PLUG_BRIDGE : PLUG_NETWORK;
	p->plug_bridge = strdup(n->bridge);
	return p->plug_bridge ? 0 : vn_err_set(err, ENOMEM, "out of memory");
}

/* A UUID from a document may be taken; one we generated (122 random bits) is not. */
static int decide(vn_run *r, const vn_netlist *l, const vn_network *n, const vn_port_request *q,
		  vn_port *p, vn_err *err)
{
	int rc = check_network_mode(n, p, err);

	if (rc == 0 && (q->doc || q->file))
		rc = check_uuid_free(r->paths, p, err);
	if (rc == 0)
		rc = describe_plug(r->paths, n, p, err);
	if (rc == 0)
		rc = pick_mac(r->paths, l, q->oui, p, err);
	if (rc == 0)
		rc = check_reservation(r->paths, n, p, err);
	return rc;
}

static int make(vn_run *r, vn_netobj *o, vn_port *p, vn_err *err)
{
	vn_status *st = o->live ? o->status : NULL;
	int rc = port_pick_name(r, p, err);

	if (rc < 0)
		return rc;
	if (p->type == PORTDEV_EXTERNAL)
		return port_adopt(r, st, p, err);
	return port_create(r, st, p, err);
}

static int create_one(vn_run *r, const vn_netlist *l, vn_netobj *o, const vn_port_request *q,
		      vn_port **out, vn_port_req_failure *failure, vn_err *err)
{
	int rc;

	*failure = PORT_REQ_REFUSED;
	rc = port_from_request(q, out, failure, err);
	if (rc == 0)
		rc = decide(r, l, store_current(o), q, *out, err);
	if (rc < 0)
		return rc;
	*failure = PORT_REQ_FAILED;
	return make(r, o, *out, err);
}

static int add_made(vn_portlist *made, vn_port *p, vn_err *err)
{
	vn_port **v = realloc(made->v, (made->n + 1) * sizeof(*v));

	if (!v)
		return vn_err_set(err, ENOMEM, "out of memory");
	made->v = v;
	made->v[made->n++] = p;
	return 0;
}

int port_request_create(vn_run *r, const vn_netlist *l, vn_netobj *o, const vn_port_request *q,
			vn_portlist *made, vn_port_req_failure *failure, vn_err *err)
{
	int rc = port_request_check(q, err);

	*made = (vn_portlist){0};
	*failure = PORT_REQ_REFUSED;
	for (int i = 0; rc == 0 && i < q->count; i++) {
		vn_port *p = NULL;
		rc = create_one(r, l, o, q, &p, failure, err);
		if (rc == 0)
			rc = add_made(made, p, err);
		if (rc < 0)
			port_free(p);
	}
	return rc;
}

static int select_named(const vn_paths *paths, const char *network, char *const *keys,
			size_t nkeys, vn_portlist *out, vn_err *err)
{
	int rc = 0;

	*out = (vn_portlist){0};
	out->v = calloc(nkeys + 1, sizeof(*out->v));
	if (!out->v)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < nkeys; i++) {
		rc = port_of_network(paths, network, keys[i], &out->v[i], err);
		if (rc == 0)
			out->n = i + 1;
	}
	if (rc < 0)
		portlist_free(out);
	return rc;
}

int port_delete_request(vn_run *r, vn_netobj *o, char *const *keys, size_t nkeys, bool all,
			vn_portlist *ports, vn_port_req_failure *failure, vn_notes *notes,
			vn_err *err)
{
	const char *network = store_current(o)->name;
	vn_status *st = o->live ? o->status : NULL;
	int rc;

	*failure = PORT_REQ_REFUSED;
	if (all)
		rc = ports_of_network(r->paths, network, ports, notes, err);
	else
		rc = select_named(r->paths, network, keys, nkeys, ports, err);
	if (rc < 0)
		return rc;
	*failure = PORT_REQ_FAILED;
	return ports_delete(r, st, ports->v, ports->n, err);
}
