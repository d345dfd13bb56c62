/* vif_bridge.c - bridge mode (Xen's vif-bridge): the vif joins bridge=
 *
 * The bridge of a running virtnet network: the vif becomes a port of that network through
 * port_adopt (listed by port-list, protected like any port of it, ip= reserved for the
 * guest's MAC, rate= as its bandwidth); the port code sets the host-side MAC fe:ff:ff:ff:ff:ff
 * and the bridge's MTU. A host bridge no virtnet network uses: the vif is enslaved as Xen's
 * vif-bridge does it (down, MAC fe:ff:ff:ff:ff:ff, the bridge's MTU, master, up), with
 * anti-spoofing from ip= and the rate= policer in "bridge <table>_vif" and tc for the
 * guest's downstream. Either way the state before (MAC, MTU, up or down) is journaled and
 * comes back at offline. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/xen/vif_ctx.h"
#include "helpers/xen/vif_fw.h"
#include "port/port.h"
#include "state/status.h"
#include "state/store.h"
#include "util/cleanup.h"
#include "util/str.h"

static const vn_mac xen_host_mac = { { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff } };

typedef struct bridge_plan {
	vif_ip ips[VIF_IP_MAX];
	size_t nips;
	vif_guest_opts o;     /* mac=, rate= */
} bridge_plan;

static int plan(const vif_req *q, bridge_plan *p, vn_err *err)
{
	int rc = vif_ip_list_parse(q->ip, p->ips, &p->nips, err);

	return rc < 0 ? rc : vif_guest_opts_parse(q->mac, q->rate, &p->o, err);
}

/* A step whose change a later step makes (port_adopt changes MAC, MTU and link state). */
static int act_note(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	(void)c, (void)s, (void)data, (void)err;
	return 0;
}

static int act_mac(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	return nl_link_set_mac(c->r->nl, s->ifindex, data, err);
}

static int act_mtu(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	return nl_link_set_mtu(c->r->nl, s->ifindex, *(unsigned *)data, err);
}

static int act_master(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	return nl_link_set_master(c->r->nl, s->ifindex, *(int *)data, err);
}

/* The port code changes MAC, MTU and up/down: journal them as they are first. */
static int note_link(vif_ctx *c, unsigned bridge_mtu, vn_err *err)
{
	vif_step s = { .kind = VS_LINK_UP, .ifindex = c->link.ifindex, .value = "down" };
	int rc;

	if (!(c->link.flags & IFF_UP)) {
		rc = vif_step_do(c, &s, act_note, NULL, err);
		if (rc < 0)
			return rc;
	}
	s = (vif_step){ .kind = VS_MAC, .ifindex = c->link.ifindex, .mac = c->link.mac };
	if (c->req->domid >= 0 && !mac_equal(&c->link.mac, &xen_host_mac)) {
		rc = vif_step_do(c, &s, act_note, NULL, err);
		if (rc < 0)
			return rc;
	}
	s = (vif_step){ .kind = VS_MTU, .ifindex = c->link.ifindex, .mtu = c->link.mtu };
	if (bridge_mtu && bridge_mtu != c->link.mtu) {
		rc = vif_step_do(c, &s, act_note, NULL, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int add_bandwidth(vn_port *port, const vif_rate *rate)
{
	vn_bw_rate bw;

	vif_rate_to_bw(rate, &bw);
	port->bandwidth = calloc(1, sizeof(*port->bandwidth));
	if (!port->bandwidth)
		return -ENOMEM;
	port->bandwidth->in = malloc(sizeof(bw));
	if (!port->bandwidth->in)
		return -ENOMEM;
	port->bandwidth->out = malloc(sizeof(bw));
	if (!port->bandwidth->out)
		return -ENOMEM;
	*port->bandwidth->in = bw;
	*port->bandwidth->out = bw;
	return 0;
}

/* The port's uuid, network, bridge and bandwidth; < 0 on failure. */
static int new_port_ids(vn_port *port, const vn_network *n, const bridge_plan *p)
{
	int rc = uuid_generate(port->uuid);

	if (rc < 0)
		return rc;
	port->network = strdup(n->name);
	if (!port->network)
		return -ENOMEM;
	port->plug_bridge = strdup(n->bridge);
	if (!port->plug_bridge)
		return -ENOMEM;
	if (p->o.has_rate && add_bandwidth(port, &p->o.rate) < 0)
		return -ENOMEM;
	return 0;
}

static vn_port *new_port(const vif_ctx *c, const vn_network *n, const bridge_plan *p)
{
	vn_port *port = port_new();

	if (!port)
		return NULL;
	if (new_port_ids(port, n, p) < 0) {
		port_free(port);
		return NULL;
	}
	port->plug = n->forward.mode == FWD_BRIDGE ? PLUG_BRIDGE : PLUG_NETWORK;
	port->plug_mtm = n->mac_table_manager;
	snprintf(port->ifname, sizeof(port->ifname), "%s", c->req->dev);
	port->domid = c->req->domid;
	port->devid = c->req->domid >= 0 ? c->req->devid : -1;
	port->hvm = c->req->tap;
	port->mac = p->o.mac;
	port->mac_known = p->o.has_mac;
	for (size_t i = 0; i < p->nips && !addr_valid(&port->ip); i++)
		if (p->ips[i].prefix < 0 || p->ips[i].prefix == 32)
			port->ip = p->ips[i].addr;   /* the reservation: the first host address */
	return port;
}

typedef struct adoption {
	vn_netobj *net;
	vn_port *port;
} adoption;

static int act_adopt(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	adoption *a = data;

	(void)s;
	return port_adopt(c->r, a->net->status, a->port, err);
}

/* A reservation must lie in one of the network's IPv4 subnets; a network without any (a
 * host bridge virtnet manages) takes none. */
static int check_reservation(const vn_network *n, vn_port *port, vn_err *err)
{
	char s[VN_ADDR_STRLEN];
	bool v4 = false;

	for (size_t i = 0; addr_valid(&port->ip) && i < n->nips; i++) {
		if (n->ips[i].address.family != AF_INET)
			continue;
		v4 = true;
		if (addr_in_subnet(&port->ip, &n->ips[i].address, ip_def_prefix(&n->ips[i])))
			return 0;
	}
	if (!v4) {
		port->ip = (vn_addr){0};
		return 0;
	}
	return vn_err_set(err, EINVAL,
			  "ip=%s is not in a subnet of network '%s': give the guest one of its "
			  "addresses, or no ip=",
			  addr_format(&port->ip, s), n->name);
}

static int network_port(vif_ctx *c, vn_netobj *o, const bridge_plan *p, vn_err *err)
{
	vif_step s = { .kind = VS_PORT };
	adoption a = { .net = o, .port = new_port(c, o->live, p) };
	vn_link_info br;
	int rc;

	if (!a.port)
		return vn_err_set(err, ENOMEM, "out of memory");
	rc = check_reservation(o->live, a.port, err);
	if (rc < 0) {
		port_free(a.port);
		return rc;
	}
	uuid_format(a.port->uuid, s.name);
	snprintf(s.value, sizeof(s.value), "%s", o->live->name);
	rc = nl_link_get(c->r->nl, o->live->bridge, &br, err);
	if (rc == 0)
		rc = note_link(c, br.mtu, err);
	if (rc == 0)
		rc = vif_step_do(c, &s, act_adopt, &a, err);
	port_free(a.port);
	return rc;
}

/* Xen's vif-bridge on a bridge of the host's own: down, MAC, MTU, master; up comes last. */
static int enslave(vif_ctx *c, const vn_link_info *br, vn_err *err)
{
	vif_step s = { .kind = VS_MAC, .ifindex = c->link.ifindex, .mac = c->link.mac };
	unsigned mtu = br->mtu;
	int ifindex = br->ifindex, rc;

	rc = vif_set_link_up(c, false, err);
	if (rc < 0)
		return rc;
	if (!mac_equal(&c->link.mac, &xen_host_mac)) {
		rc = vif_step_do(c, &s, act_mac, (void *)&xen_host_mac, err);
		if (rc < 0)
			return rc;
	}
	s = (vif_step){ .kind = VS_MTU, .ifindex = c->link.ifindex, .mtu = c->link.mtu };
	if (mtu != c->link.mtu) {
		rc = vif_step_do(c, &s, act_mtu, &mtu, err);
		if (rc < 0)
			return rc;
	}
	s = (vif_step){ .kind = VS_MASTER, .ifindex = c->link.ifindex };
	snprintf(s.name, sizeof(s.name), "%s", br->name);
	return vif_step_do(c, &s, act_master, &ifindex, err);
}

static int bridge_firewall(vif_ctx *c, const vif_fw_spec *fs, vn_err *err)
{
	_cleanup_free_ char *text = NULL;
	int rc;

	if (!vif_fw_needed(fs))
		return 0;
	rc = vif_fw_render_add(c->table, fs, &text, err);
	if (rc < 0)
		return rc;
	return vif_apply_firewall(c, "bridge", text, err);
}

static int host_bridge(vif_ctx *c, const char *bridge, const bridge_plan *p, vn_err *err)
{
	vif_fw_spec fs = { .dev = c->req->dev, .mode = VIF_MODE_BRIDGE, .ips = p->ips,
			   .nips = p->nips, .rate = p->o.has_rate ? &p->o.rate : NULL };
	vn_link_info br;
	int rc = nl_link_get(c->r->nl, bridge, &br, err);

	if (rc == -ENODEV || (rc == 0 && !streq(br.kind, "bridge")))
		return vn_err_set(err, ENODEV,
				  "bridge %s %s: create it or name another with bridge= in the "
				  "vif's configuration",
				  bridge, rc == 0 ? "is not a bridge" : "does not exist");
	if (rc < 0)
		return rc;
	rc = enslave(c, &br, err);
	if (rc < 0)
		return rc;
	rc = vif_set_rate(c, fs.rate, err);
	if (rc < 0)
		return rc;
	rc = bridge_firewall(c, &fs, err);
	if (rc < 0)
		return rc;
	return vif_set_link_up(c, true, err);
}

/* The running network whose bridge this is; -ENOENT when no network has it; an error when
 * a network that is not running has it. */
static int find_network(vn_netlist *l, const char *bridge, vn_netobj **out, vn_err *err)
{
	char w[SHELL_WORD_MAX];

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].live && l->v[i].status && l->v[i].status->active &&
		    streq(l->v[i].live->bridge, bridge)) {
			*out = &l->v[i];
			return 0;
		}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].def && streq(l->v[i].def->bridge, bridge))
			return vn_err_set(err, ENETDOWN,
					  "bridge %s belongs to network '%s', which is not "
					  "running (start it with: virtnet start %s)",
					  bridge, l->v[i].def->name, shell_word(l->v[i].def->name, w));
	return -ENOENT;
}

int vif_bridge_online(vif_ctx *c, vn_err *err)
{
	const char *bridge = c->req->bridge;
	vn_netlist l = {0};
	vn_netobj *o = NULL;
	bridge_plan p = {0};
	int rc;

	if (!bridge || !*bridge)
		return vn_err_set(err, EINVAL,
				  "no bridge for %s: set bridge= in the vif's configuration (xl: "
				  "vif = [ 'bridge=NAME,...' ])",
				  c->req->dev);
	rc = plan(c->req, &p, err);
	if (rc < 0)
		return rc;
	rc = store_load(c->paths, &l, c->r->notes, err);
	if (rc < 0)
		return rc;
	rc = find_network(&l, bridge, &o, err);
	if (rc == 0)
		rc = network_port(c, o, &p, err);
	else if (rc == -ENOENT)
		rc = host_bridge(c, bridge, &p, err);
	store_list_free(&l);
	return rc;
}
