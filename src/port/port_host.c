/* port_host.c - a port's device: create (tap or veth), attach to a running network, detach,
 * delete. Each step of create is undone if a later one fails. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall_bridge.h"
#include "kernel/netlink.h"
#include "conf/overlay.h"
#include "overlay/overlay.h"
#include "port/port.h"
#include "port/port_direct.h"
#include "state/status.h"
#include "kernel/tap.h"
#include "kernel/tc.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"

/* The host side never uses the guest's MAC, so the bridge never adopts a guest address:
 * libvirt's rule, fe then the rest of the guest's MAC. */
static void host_side_mac(const vn_port *p, vn_mac *out)
{
	static const vn_mac xen = { { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff } };

	if (p->domid >= 0 || !p->mac_known) {
		*out = xen;
		return;
	}
	*out = p->mac;
	out->b[0] = 0xfe;
}

static int create_veth(vn_run *r, vn_port *p, unsigned mtu, vn_err *err)
{
	_cleanup_close_ int fd = -1;
	vn_mac host;
	int ifindex, rc;

	if (p->netns) {
		fd = port_open_netns(p->netns, err);
		if (fd < 0)
			return fd;
	}
	if (!p->peer_name[0])
		snprintf(p->peer_name, sizeof(p->peer_name), "%s", p->netns ? "eth0" : "");
	if (!p->peer_name[0] &&
	    snprintf(p->peer_name, sizeof(p->peer_name), "%.10s-peer", p->ifname) < 0)
		return -EINVAL;
	host_side_mac(p, &host);
	vn_veth_opts o = { .name = p->ifname,
			   .peer = p->peer_name,
			   .mac = &host,
			   .peer_mac = p->mac_known ? &p->mac : NULL,
			   .mtu = mtu,
			   .peer_netns_fd = fd,
			   .peer_up = p->netns != NULL };   /* handed over up, as CNI's bridge does */
	rc = nl_veth_create(r->nl, &o, &ifindex, err);
	return rc;
}

/* A persistent tap (fd NULL: the port outlives any process), or one that lives as long as
 * the descriptor handed to *fd (QEMU's bridge helper). */
/* The kernel's vnet%d looks at every device's name (half a millisecond with 1000 ports);
 * a long-lived session numbers its taps upwards from the last it made instead, as libvirt
 * does (a name just freed is not given again at once), skipping names a device or a
 * record has. */
static bool tap_try_next(vn_run *r, vn_tap_opts *o, char name[16], int *fd)
{
	vn_tap_opts exact = *o;
	char try[16];
	vn_err ignore = {0};

	exact.name = try;
	exact.excl = true;
	for (int i = 0; i < 16 && *r->tap_next; i++, (*r->tap_next)++) {
		snprintf(try, sizeof(try), "vnet%u", *r->tap_next);
		if (port_name_recorded(r->paths, try))
			continue;
		if (tap_create(&exact, name, fd, &ignore) == 0) {
			(*r->tap_next)++;
			return true;
		}
		if (ignore.code != EBUSY)
			return false;
	}
	return false;
}

static int tap_create_named(vn_run *r, vn_tap_opts *o, char name[16], int *fd, vn_err *err)
{
	unsigned n;
	char extra;
	int rc;

	if (!r->tap_next || !streq(o->name, "vnet%d"))
		return tap_create(o, name, fd, err);
	if (tap_try_next(r, o, name, fd))
		return 0;
	rc = tap_create(o, name, fd, err);
	if (rc == 0 && sscanf(name, "vnet%u%c", &n, &extra) == 1)
		*r->tap_next = n + 1;
	return rc;
}

/* bare: the MAC and MTU are left to plug's one request (see PLUG_BARE) */
static int create_tap(vn_run *r, vn_port *p, unsigned mtu, bool vnet_hdr, bool bare, int *fd,
		      vn_err *err)
{
	vn_tap_opts o = { .name = p->ifname,
			  .vnet_hdr = vnet_hdr,
			  .persist = !fd,
			  .set_owner = p->uid_set,
			  .owner = p->uid,
			  .set_group = p->gid_set,
			  .group = p->gid };
	char name[16];
	vn_mac host;
	int rc;

	rc = tap_create_named(r, &o, name, fd, err);
	if (rc < 0)
		return rc;
	snprintf(p->ifname, sizeof(p->ifname), "%s", name);
	if (bare)
		return 0;
	host_side_mac(p, &host);   /* and its MTU when one is given, in one request */
	rc = nl_link_change(r->nl, &(vn_link_change){ .name = name, .mac = &host, .mtu = mtu },
			    err);
	if (rc < 0) {
		vn_link_info gone;
		if (nl_link_get(r->nl, name, &gone, NULL) == 0)
			nl_link_delete(r->nl, gone.ifindex, NULL);
		if (fd) {
			close(*fd);
			*fd = -1;
		}
	}
	return rc;
}

/* The network's bridge as the kernel has it (ifindex 0: none, or not found) */
static vn_link_info bridge_of(vn_run *r, const vn_status *net)
{
	vn_link_info li = {0};

	if (!net || !net->live || !net->live->bridge ||
	    nl_link_get(r->nl, net->live->bridge, &li, NULL) < 0)
		li.ifindex = 0;
	return li;
}

/* The bridge's MTU, so the port never fragments what the bridge carries. */
static unsigned bridge_mtu(vn_run *r, const vn_status *net)
{
	return bridge_of(r, net).mtu;
}

bool port_device_exists(vn_run *r, const vn_port *p)
{
	vn_link_info li;

	if (port_in_netns(p))
		return port_netns_device_exists(p);
	return nl_link_get(r->nl, p->ifname, &li, NULL) == 0;
}

static bool wants_protection(const vn_network *n, const vn_port *p)
{
	(void)p;
	return n->forward.mode == FWD_NAT || n->forward.mode == FWD_ROUTE ||
	       n->forward.mode == FWD_NONE;
}

static unsigned lease_seconds(const vn_network *n)
{
	for (size_t i = 0; i < n->nips; i++) {
		const vn_ip_def *ip = &n->ips[i];
		if (ip->address.family != AF_INET || !ip->nranges || !ip->ranges[0].lease)
			continue;
		const vn_lease_time *l = ip->ranges[0].lease;
		unsigned long long mul = l->unit == LEASE_SECONDS   ? 1
					 : l->unit == LEASE_MINUTES ? 60
								    : 3600;
		return l->expiry ? (unsigned)(l->expiry * mul) : 0;
	}
	return 3600;   /* dnsmasq's default lease time */
}

static const vn_bandwidth *bandwidth_of(const vn_network *n, const vn_port *p)
{
	return p->bandwidth ? p->bandwidth : n->bandwidth;
}

static vn_fwb_opts fwb_opts(const vn_network *n, const vn_port *p)
{
	const vn_bandwidth *bw = bandwidth_of(n, p);
	return (vn_fwb_opts){ .protect = wants_protection(n, p),
			      .lease_s = lease_seconds(n),
			      .outbound = bw ? bw->out : NULL };
}

/* The ports' elements in our bridge table (protection and/or the outbound policer), with
 * the table's base objects and the network's chains once. */
static void ports_rules_text(vn_run *r, const vn_network *n, const vn_port *const *v, size_t count,
			     vn_buf *b)
{
	const char *t = fw_table(r->fw);
	bool base = false, net = false;

	for (size_t i = 0; i < count; i++) {
		vn_fwb_opts o = fwb_opts(n, v[i]);
		if (!o.protect && !o.outbound)
			continue;
		if (!base) {
			base = true;
			if (base)
				fwb_render_base(b, t);
		}
		if (o.protect && !net) {
			net = true;
			if (net)
				fwb_render_network(b, t, n, o.lease_s);
		}
		fwb_render_port(b, t, v[i], &o, n);
	}
}

/* How plug finds the device: made just now (fresh: no qdisc of ours to clear), and a tap
 * whose MAC and MTU are still to be set (bare): one rtnetlink request and one notification
 * less a port. */
enum { PLUG_FRESH = 1, PLUG_BARE = 2 };

/* Master, isolation, bandwidth, up: everything but the firewall. A fresh device without
 * isolation or an inbound limit gets its master and up (and a bare one its MAC and MTU) in
 * one request. */
static int plug(vn_run *r, const vn_network *n, const vn_port *p, const vn_link_info *br,
		unsigned how, vn_err *err)
{
	const vn_bandwidth *bw = bandwidth_of(n, p);
	bool isolated = p->isolated == TRI_YES ||
			(p->isolated == TRI_ABSENT && n->isolated_port == TRI_YES);
	vn_link_change dress = { .name = p->ifname };
	vn_mac host;
	vn_link_info li;
	int rc;

	if (how & PLUG_BARE) {
		host_side_mac(p, &host);
		dress.mac = &host;
		dress.mtu = br->mtu;
	}
	if ((how & PLUG_FRESH) && !isolated && !(bw && bw->in && bw->in->average)) {
		dress.master = br->ifindex;
		dress.up = true;
		return nl_link_change(r->nl, &dress, err);
	}
	rc = dress.mac ? nl_link_change(r->nl, &dress, err) : 0;
	if (rc == 0)
		rc = nl_link_get(r->nl, p->ifname, &li, err);
	if (rc < 0)
		return rc;
	rc = nl_link_set_master(r->nl, li.ifindex, br->ifindex, err);
	if (rc < 0)
		return rc;
	if (isolated) {
		rc = nl_bridge_port_isolated(r->nl, li.ifindex, true, err);
		if (rc < 0)
			return rc;
	}
	rc = tc_set_inbound(r->nl, li.ifindex, bw ? bw->in : NULL, err);
	if (rc < 0)
		return rc;
	return nl_link_set_up(r->nl, li.ifindex, true, err);
}

static int apply_text(vn_run *r, vn_buf *b, vn_err *err)
{
	char *text = buf_steal(b);
	int rc = 0;

	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (*text)
		rc = fw_apply(r->fw, text, err);
	free(text);
	return rc;
}

/* The port's elements alone when the table and its network's chains are in place (the
 * usual case: other ports' rules and counters stay untouched; straight to the kernel unless
 * the port has a police chain), else everything. */
static int port_elements(vn_run *r, const vn_network *n, const vn_port *p,
			 const vn_fwb_opts *o)
{
	vn_nft_elem elems[FWB_PORT_ELEMS_MAX];
	vn_buf b = {0};
	vn_err ignore = {0};
	size_t k;

	if (fwb_port_elems(p, o, n, elems, &k) == 0)
		return fw_add_bridge_elems(r->fw, elems, k, &ignore);
	fwb_render_port(&b, fw_table(r->fw), p, o, n);
	return apply_text(r, &b, &ignore);
}

static int protect_port(vn_run *r, const vn_network *n, vn_port *p, vn_err *err)
{
	vn_fwb_opts o = fwb_opts(n, p);
	vn_buf b = {0};

	if (!o.protect && !o.outbound)
		return 0;
	if (port_elements(r, n, p, &o) == 0)
		return 0;
	ports_rules_text(r, n, (const vn_port *const *)&p, 1, &b);
	return apply_text(r, &b, err);
}

/* One port onto a running network; the network's status must already hold STEP_PORT, so
 * a crash in here still leaves the port to be detached by destroy. */
static int protect_and_plug(vn_run *r, const vn_network *n, vn_port *p, const vn_link_info *br,
			    unsigned how, vn_err *err)
{
	int rc = protect_port(r, n, p, err);

	if (rc < 0)
		return rc;
	return plug(r, n, p, br, how, err);
}

/* port_attach, given the bridge when it was read already (ifindex 0: not yet) */
static int attach(vn_run *r, const vn_status *net, vn_port *p, vn_link_info br, unsigned how,
		  vn_err *err)
{
	int rc;

	if (!net->live->bridge)
		return attach_direct(r, net->live, p, err);
	if (!br.ifindex) {
		rc = nl_link_get(r->nl, net->live->bridge, &br, err);
		if (rc < 0)
			return rc;
	}
	rc = protect_and_plug(r, net->live, p, &br, how, err);
	if (rc < 0) {
		vn_err ignore = {0};
		port_detach(r, p, &ignore);
	}
	return rc;
}

int port_attach(vn_run *r, const vn_status *net, vn_port *p, vn_err *err)
{
	return attach(r, net, p, (vn_link_info){0}, 0, err);
}

int ports_attach_all(vn_run *r, const vn_status *net, const vn_portlist *ports, vn_err *err)
{
	_cleanup_free_ const vn_port **mine = calloc(ports->n + 1, sizeof(*mine));
	vn_link_info br = {0};
	vn_buf b = {0};
	size_t k = 0;
	int rc = 0;

	if (!mine)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < ports->n; i++)
		if (streq(ports->v[i]->network, net->live->name) &&
		    port_device_exists(r, ports->v[i]))
			mine[k++] = ports->v[i];
	/* else ports sit on a NIC (macvtap/macvlan): no rules, no bridge */
	if (net->live->bridge) {
		rc = nl_link_get(r->nl, net->live->bridge, &br, err);
		if (rc < 0)
			return rc;
		ports_rules_text(r, net->live, mine, k, &b);
		rc = apply_text(r, &b, err);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; rc == 0 && i < k; i++)
		rc = net->live->bridge ? plug(r, net->live, mine[i], &br, 0, err)
				       : attach_direct(r, net->live, mine[i], err);
	return rc;
}

/* The port's unexpired IPv4 lease, learned again */
static void learned_again(vn_run *r, const vn_port *p, const vn_lease *v, size_t n, vn_buf *b)
{
	time_t now = time(NULL);
	char mac[VN_MAC_STRLEN];
	vn_addr ip;

	if (!p->mac_known || p->ip.family == AF_INET)
		return;
	mac_format(&p->mac, mac);
	for (size_t i = 0; i < n; i++)
		if (v[i].family == AF_INET && strcasecmp(v[i].mac, mac) == 0 &&
		    (v[i].expiry == 0 || v[i].expiry > now) && addr_parse(v[i].ip, AF_INET, &ip) == 0)
			fwb_render_learned(b, fw_table(r->fw), p->ifname, &ip,
					   v[i].expiry ? (unsigned)(v[i].expiry - now) : 0);
}

int ports_protect_all(vn_run *r, const vn_status *net, const vn_lease *leases, size_t nleases,
		      bool *done, vn_err *err)
{
	vn_portlist ports = {0};
	vn_buf b = {0};
	size_t k = 0;
	int rc = ports_load(r->paths, &ports, NULL, err);
	_cleanup_free_ const vn_port **mine = rc == 0 ? calloc(ports.n + 1, sizeof(*mine)) : NULL;

	*done = false;
	if (rc == 0 && !mine)
		rc = vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < ports.n; i++)
		if (streq(ports.v[i]->network, net->live->name) && port_device_exists(r, ports.v[i]))
			mine[k++] = ports.v[i];
	if (rc == 0 && net->live->bridge) {
		ports_rules_text(r, net->live, mine, k, &b);
		*done = b.len > 0;
		for (size_t i = 0; *done && i < k; i++)
			if (fwb_opts(net->live, mine[i]).protect)
				learned_again(r, mine[i], leases, nleases, &b);
		rc = apply_text(r, &b, err);
	}
	portlist_free(&ports);
	return rc;
}

/* Remove the protection and policer of these ports, as the kernel holds them. */
static int unprotect(vn_run *r, const char *const *ifnames, size_t n, vn_err *err)
{
	vn_fwb_state st;
	int rc = fw_bridge_state(r->fw, &st, err);
	char *text;

	if (rc < 0)
		return rc;
	text = fwb_render_remove(fw_table(r->fw), &st, ifnames, n);
	fwb_state_free(&st);
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	rc = *text ? fw_apply(r->fw, text, err) : 0;
	free(text);
	return rc;
}

int port_detach(vn_run *r, vn_port *p, vn_err *err)
{
	const char *name = p->ifname;
	vn_link_info li;
	int rc = unprotect(r, &name, 1, err);

	if (rc < 0)
		return rc;
	if (nl_link_get(r->nl, p->ifname, &li, NULL) == 0 && li.master)
		return nl_link_set_master(r->nl, li.ifindex, 0, err);
	return 0;
}

/* Every port of the network, protection removed in one transaction; unplug: also take them
 * off the bridge (not needed when the bridge itself is about to go). */
int ports_detach_all(vn_run *r, const char *network, bool unplug, vn_err *err)
{
	vn_portlist ports;
	int rc = ports_load(r->paths, &ports, NULL, err);
	_cleanup_free_ const char **names = rc == 0 ? calloc(ports.n + 1, sizeof(*names)) : NULL;
	size_t k = 0;

	if (rc == 0 && !names)
		rc = vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < ports.n; i++)
		if (streq(ports.v[i]->network, network))
			names[k++] = ports.v[i]->ifname;
	if (rc == 0)
		rc = unprotect(r, names, k, err);
	for (size_t i = 0; rc == 0 && unplug && i < ports.n; i++) {
		vn_link_info li;
		if (streq(ports.v[i]->network, network) &&
		    nl_link_get(r->nl, ports.v[i]->ifname, &li, NULL) == 0 && li.master)
			rc = nl_link_set_master(r->nl, li.ifindex, 0, err);
	}
	portlist_free(&ports);
	return rc;
}

static int reload_hosts(vn_run *r, const vn_network *n, pid_t pid, vn_err *err)
{
	_cleanup_(dhcp_reservations_free) vn_dhcp_reservations res = {0};
	int rc = port_reservations(r->paths, n->name, &res, err);

	if (rc < 0)
		return rc;
	return dnsmasq_reload_hosts(r->paths, n, &res, pid, err);
}

/* Reservations live in dnsmasq's hosts file: rewritten and re-read, dnsmasq keeps running. */
int port_refresh_reservations(vn_run *r, const vn_status *net, vn_err *err)
{
	const vn_step *dnsmasq = net ? status_find(net, STEP_DNSMASQ, NULL) : NULL;

	return dnsmasq ? reload_hosts(r, net->live, dnsmasq->pid, err) : 0;
}

static int no_change(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx, (void)kind, (void)step, (void)err;
	return 0;
}

/* The network's journal says "ports attached" once, before the first port is. */
int port_mark_network(vn_run *r, vn_status *net, vn_err *err)
{
	(void)r;
	if (status_find(net, STEP_PORT, NULL))
		return 0;
	return status_step(net, &(vn_step){ .kind = STEP_PORT }, no_change, NULL, err);
}

/* A record left for a device that vanished, under the name the new device now has: the
 * guest it served is gone, so the record goes (reconcile would have removed it). */
static void drop_stale_record(vn_run *r, const vn_status *net, const vn_port *p)
{
	vn_port *old = NULL;
	vn_err ignore = {0};

	if (port_find(r->paths, "by-name", p->ifname, &old, NULL) == 0 && old &&
	    memcmp(old->uuid, p->uuid, 16) != 0) {
		port_detach(r, old, &ignore);
		port_forget(r->paths, old, &ignore);
		if (addr_valid(&old->ip) && !addr_valid(&p->ip))
			port_refresh_reservations(r, net, &ignore);
		vn_note(r->notes,
			"port %s of network '%s' had lost its device; its record was replaced",
			old->ifname, old->network);
	}
	port_free(old);
}

/* A port's address on an overlay host that is not the DHCP authority holds the guest to it
 * here (anti-spoofing), but the reservation is the authority's dnsmasq's: say so. */
static void note_remote_reservation(vn_run *r, const vn_status *net, const vn_port *p)
{
	const vn_step *vx = net && net->live->overlay ? status_find(net, STEP_VXLAN, NULL) : NULL;
	const vn_ovl_peer *auth;
	char a[VN_ADDR_STRLEN], ip[VN_ADDR_STRLEN];

	if (!vx || !addr_valid(&p->ip) || !overlay_defers_dhcp(net->live->overlay, &vx->addr))
		return;
	auth = overlay_authority(net->live->overlay);
	vn_note(r->notes, "network '%s': %s is pinned to port %s on this host, but DHCP "
		"reservations are its DHCP authority's (%s): the guest leases it only if the "
		"address is free there, or reserved there (a <host> in the definition, or "
		"port-create --ip on that host)", net->live->name, addr_format(&p->ip, ip),
		p->ifname, auth ? addr_format(&auth->address, a) : "?");
}

/* The device exists: record the port, plug it in when the network runs, publish its
 * reservation; on failure all of that and the device are undone. br: the network's bridge
 * when it was read already (ifindex 0: not yet); how: PLUG_FRESH, PLUG_BARE (plug_how). */
static int port_finish(vn_run *r, vn_status *net, vn_port *p, vn_link_info br, unsigned how,
		       vn_err *err)
{
	vn_link_info li;
	int rc;

	drop_stale_record(r, net, p);
	rc = port_record(r->paths, p, err);
	if (rc == 0 && net && net->active) {
		rc = port_mark_network(r, net, err);
		if (rc == 0)
			rc = attach(r, net, p, br, how, err);
	}
	if (rc == 0 && addr_valid(&p->ip))
		rc = port_refresh_reservations(r, net, err);
	if (rc == 0)
		note_remote_reservation(r, net, p);
	if (rc < 0) {
		vn_err ignore = {0};
		port_detach(r, p, &ignore);
		port_forget(r->paths, p, &ignore);
		if (port_in_netns(p))
			port_netns_device_delete(p, &ignore);
		else if (p->type != PORTDEV_EXTERNAL &&
			 nl_link_get(r->nl, p->ifname, &li, NULL) == 0)
			nl_link_delete(r->nl, li.ifindex, NULL);
		port_refresh_reservations(r, net, &ignore);
	}
	return rc;
}

/* A tap that port_finish plugs into the bridge read just now: its MAC and MTU can wait for
 * plug's request. Anything else is dressed when made. */
static unsigned plug_how(const vn_status *net, const vn_port *p, const vn_link_info *br)
{
	bool plugged = net && net->active && net->live->bridge && br->ifindex;

	return PLUG_FRESH | (plugged && p->type == PORTDEV_TAP ? PLUG_BARE : 0);
}

int port_create(vn_run *r, vn_status *net, vn_port *p, vn_err *err)
{
	vn_link_info br = bridge_of(r, net);
	unsigned how = plug_how(net, p, &br);
	int rc;

	if (p->type == PORTDEV_MACVTAP || p->type == PORTDEV_MACVLAN)
		rc = port_direct_create(r, p, err);
	else
		rc = p->type == PORTDEV_VETH
			     ? create_veth(r, p, br.mtu, err)
			     : create_tap(r, p, br.mtu, true, how & PLUG_BARE, NULL, err);

	return rc < 0 ? rc : port_finish(r, net, p, br, how, err);
}

int port_create_open_tap(vn_run *r, vn_status *net, vn_port *p, bool vnet_hdr, int *fd_out,
			 vn_err *err)
{
	vn_link_info br = bridge_of(r, net);
	unsigned how;
	int fd = -1, rc;

	p->type = PORTDEV_TAP;
	how = plug_how(net, p, &br);
	rc = create_tap(r, p, br.mtu, vnet_hdr, how & PLUG_BARE, &fd, err);
	if (rc < 0)
		return rc;
	rc = port_finish(r, net, p, br, how, err);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	*fd_out = fd;
	return 0;
}

static int bridge_ifindex(vn_run *r, const vn_status *net)
{
	vn_link_info br;

	return net && net->live && net->live->bridge &&
			       nl_link_get(r->nl, net->live->bridge, &br, NULL) == 0
		       ? br.ifindex
		       : 0;
}

/* A Xen vif gets what Xen's vif-bridge gives it (MAC fe:ff:ff:ff:ff:ff, the bridge's MTU);
 * any other adopted device is left as it is. */
static int dress_vif(vn_run *r, const vn_status *net, const vn_port *p, const vn_link_info *li,
		     vn_err *err)
{
	unsigned mtu = bridge_mtu(r, net);
	vn_mac host;
	int rc;

	if (p->domid < 0)
		return 0;
	host_side_mac(p, &host);
	rc = nl_link_set_mac(r->nl, li->ifindex, &host, err);
	if (rc < 0)
		return rc;
	return mtu ? nl_link_set_mtu(r->nl, li->ifindex, mtu, err) : 0;
}

static int check_adoptable(vn_run *r, const vn_status *net, const vn_port *p, vn_link_info *li,
			   vn_err *err)
{
	vn_port *other = NULL;
	int rc = nl_link_get(r->nl, p->ifname, li, err);

	if (rc == -ENODEV)
		return vn_err_set(err, ENODEV,
				  "interface %s does not exist; an external port adopts a device "
				  "that is already there",
				  p->ifname);
	if (rc < 0)
		return rc;
	if (port_find(r->paths, "by-name", p->ifname, &other, NULL) == 0 && other) {
		rc = vn_err_set(err, EEXIST,
				"interface %s is already port %s of network '%s'; delete that port "
				"first",
				p->ifname, other->ifname, other->network);
		port_free(other);
		return rc;
	}
	if (li->master && li->master != bridge_ifindex(r, net))
		return vn_err_set(err, EBUSY,
				  "interface %s is already attached to another master (ifindex "
				  "%d); detach it first",
				  p->ifname, li->master);
	return 0;
}

int port_adopt(vn_run *r, vn_status *net, vn_port *p, vn_err *err)
{
	vn_link_info li;
	int rc;

	p->type = PORTDEV_EXTERNAL;
	rc = check_adoptable(r, net, p, &li, err);
	if (rc < 0)
		return rc;
	rc = dress_vif(r, net, p, &li, err);
	if (rc == 0) {
		rc = port_finish(r, net, p, (vn_link_info){0}, 0, err);
		if (rc == 0)
			return 0;
	}
	nl_link_set_mtu(r->nl, li.ifindex, li.mtu, NULL);   /* as it was found */
	nl_link_set_mac(r->nl, li.ifindex, &li.mac, NULL);
	return rc;
}

/* An adopted device stays: only what we added to it goes (our bridge as its master, qdiscs). */
static void release_external(vn_run *r, const vn_status *net, const vn_port *p)
{
	vn_link_info li;

	if (p->type != PORTDEV_EXTERNAL || nl_link_get(r->nl, p->ifname, &li, NULL) < 0)
		return;
	char master[IF_NAMESIZE] = "";
	if (li.master &&
	    (li.master == bridge_ifindex(r, net) ||
	     (if_indextoname((unsigned)li.master, master) && streq(p->plug_bridge, master))))
		nl_link_set_master(r->nl, li.ifindex, 0, NULL);
	tc_clear(r->nl, li.ifindex, NULL);
}

int port_delete(vn_run *r, const vn_status *net, vn_port *p, vn_err *err)
{
	return ports_delete(r, net, &p, 1, err);
}

/* Protection off, the devices gone in one kernel batch, then the records. */
static int remove_all(vn_run *r, vn_port *const *v, size_t n, const char *const *names,
		      const int *idx, size_t k, vn_err *err)
{
	int rc = unprotect(r, names, n, err);

	if (rc < 0)
		return rc;
	rc = nl_links_delete(r->nl, idx, k, err);
	if (rc < 0)
		return rc;   /* the device (and its qdiscs) is gone with the link */
	for (size_t i = 0; i < n; i++) {
		rc = port_forget(r->paths, v[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Protection of all in one transaction, the devices in one kernel batch, then the records;
 * dnsmasq re-reads its hosts once if any of them reserved an address. */
int ports_delete(vn_run *r, const vn_status *net, vn_port *const *v, size_t n, vn_err *err)
{
	_cleanup_free_ int *idx = calloc(n + 1, sizeof(*idx));
	_cleanup_free_ const char **names = calloc(n + 1, sizeof(*names));
	bool reserved = false;
	size_t k = 0;
	int rc;

	if (!idx || !names)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		vn_link_info li;
		names[i] = v[i]->ifname;
		release_external(r, net, v[i]);
		if (port_in_netns(v[i])) {
			rc = port_netns_device_delete(v[i], err);
			if (rc < 0)
				return rc;
		}
		if (v[i]->type != PORTDEV_EXTERNAL && !port_in_netns(v[i]) &&
		    nl_link_get(r->nl, v[i]->ifname, &li, NULL) == 0)
			idx[k++] = li.ifindex;
		reserved |= addr_valid(&v[i]->ip);
	}
	rc = remove_all(r, v, n, names, idx, k, err);
	if (rc < 0)
		return rc;
	return reserved ? port_refresh_reservations(r, net, err) : 0;
}
