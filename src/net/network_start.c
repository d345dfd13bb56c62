/* network_start.c - the start sequence: each change journaled as intended before it is made
 * and as done after (state/status.h), so a start that fails or dies at any instant is undone
 * exactly */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"
#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall.h"
#include "kernel/netlink.h"
#include "kernel/sysctl.h"
#include "net/network_internal.h"
#include "overlay/overlay.h"
#include "port/port.h"
#include "util/cleanup.h"

struct starting {
	vn_run *r;
	vn_status *st;
	const vn_network *n;
	int ifindex;
	bool dnsmasq_begun;   /* its step is begun (number dnsmasq_step), not yet finished */
	size_t dnsmasq_step;
	vn_portlist ports;
	const vn_ovl_self *self;   /* an overlay's: which peer this host is */
};

static int make_bridge(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;
	const vn_network *n = s->n;
	vn_step *st = step;
	char alias[64];

	(void)kind;
	owner_alias(n, alias);
	vn_bridge_opts o = { .name = n->bridge,
			     .mac = n->mac_specified ? &n->mac : NULL,
			     .mtu = n->mtu,
			     .stp = n->stp,
			     .forward_delay_s = n->delay,
			     .alias = alias };
	int rc = nl_bridge_create(s->r->nl, &o, &s->ifindex, err);
	st->ifindex = s->ifindex;
	return rc;
}

static int step_bridge(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_BRIDGE };

	snprintf(st.name, sizeof(st.name), "%s", s->n->bridge);
	return status_step(s->st, &st, make_bridge, s, err);
}

static bool has_family(const vn_network *n, int family)
{
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].address.family == family)
			return true;
	return false;
}

static int make_sysctl(void *ctx, int kind, void *step, vn_err *err)
{
	const vn_step *st = step;

	(void)ctx, (void)kind;
	return sysctl_write(st->name, st->value, err);
}

static int set_sysctl(struct starting *s, vn_step_kind kind, const char *key, const char *value,
		      vn_err *err)
{
	vn_step st = { .kind = kind };

	snprintf(st.name, sizeof(st.name), "%s", key);
	snprintf(st.value, sizeof(st.value), "%s", value);
	return status_step(s->st, &st, make_sysctl, s, err);
}

/* Like libvirt: no IPv6 on a bridge without IPv6 addresses; with them, no RA/autoconf from
 * guests. */
static int step_bridge_sysctls(struct starting *s, vn_err *err)
{
	char key[256];
	int rc;

	if (!has_family(s->n, AF_INET6) && !s->n->ipv6nogw) {
		snprintf(key, sizeof(key), "net/ipv6/conf/%s/disable_ipv6", s->n->bridge);
		return set_sysctl(s, STEP_SYSCTL, key, "1", err);
	}
	snprintf(key, sizeof(key), "net/ipv6/conf/%s/accept_ra", s->n->bridge);
	rc = set_sysctl(s, STEP_SYSCTL, key, "0", err);
	if (rc < 0)
		return rc;
	snprintf(key, sizeof(key), "net/ipv6/conf/%s/autoconf", s->n->bridge);
	return set_sysctl(s, STEP_SYSCTL, key, "0", err);
}

/* The bridge is new and has no ports: duplicate detection could only delay dnsmasq. */
static int make_address(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;
	const vn_step *st = step;
	unsigned flags = st->addr.family == AF_INET6 ? IFA_F_NODAD : 0;

	(void)kind;
	return nl_addr_add_flags(s->r->nl, st->ifindex, &st->addr, st->prefix, flags, err);
}

static int step_addresses(struct starting *s, vn_err *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->n->nips; i++) {
		const vn_ip_def *ip = &s->n->ips[i];
		vn_step st = { .kind = STEP_ADDRESS, .ifindex = s->ifindex, .addr = ip->address,
			       .prefix = ip_def_prefix(ip) };
		rc = status_step(s->st, &st, make_address, s, err);
	}
	return rc;
}

static int make_link_up(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;

	(void)kind, (void)step;
	return nl_link_set_up(s->r->nl, s->ifindex, true, err);
}

static int step_link_up(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_LINK_UP, .ifindex = s->ifindex };

	return status_step(s->st, &st, make_link_up, s, err);
}

static bool is_own_address(const vn_network *n, const vn_addr *a)
{
	for (size_t i = 0; i < n->nips; i++)
		if (addr_equal(&n->ips[i].address, a))
			return true;
	return false;
}

/* What to do about a <route> the kernel refused: a gateway that is the bridge's own address
 * is refused by any kernel since 4.x ("Gateway can not be a local address"). */
static const char *route_fix(const vn_network *n, const vn_step *st)
{
	if (is_own_address(n, &st->gw))
		return "its gateway is the network's own address; give the address of a router "
		       "on the network instead";
	return "fix the <route> (virtnet edit) and restart the network to add it";
}

/* Like libvirt, whose start adds each <route> and ignores a failure ("ignore errors, error
 * msg will be generated", networkStartNetworkVirtual), a route the kernel refuses does not
 * fail the start: the network runs without it and a warning says why. The step is marked
 * done all the same; its undo finds no such route, which is harmless. */
static int make_route(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;
	const vn_step *st = step;
	vn_route rt = { .dst = st->addr,
			.prefix = st->prefix,
			.gw = st->gw,
			.oif = st->ifindex,
			.metric = st->metric,
			.protocol = RTPROT_BOOT };   /* libvirt's, and ip route's by default */
	vn_err why = {0};

	(void)kind, (void)err;
	if (nl_route_add(s->r->nl, &rt, &why) < 0)
		vn_note(s->r->notes, "network '%s' runs without a static route, as libvirt's does: "
			"%s; %s", s->n->name, why.msg, route_fix(s->n, st));
	return 0;
}

static int step_routes(struct starting *s, vn_err *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->n->nroutes; i++) {
		const vn_route_def *rd = &s->n->routes[i];
		int prefix = addr_valid(&rd->netmask) ? addr_netmask_bits(&rd->netmask)
						      : (int)rd->prefix;
		vn_step st = { .kind = STEP_ROUTE,
			       .ifindex = s->ifindex,
			       .addr = rd->address,
			       .prefix = prefix,
			       .gw = rd->gateway,
			       .metric = rd->has_metric && rd->metric ? rd->metric : 1 };   /* libvirt's */
		rc = status_step(s->st, &st, make_route, s, err);
	}
	return rc;
}

/* Left on at stop, like libvirt: other networks (or the host) may rely on it. */
static int step_forwarding(struct starting *s, vn_err *err)
{
	int rc = 0;

	if (s->n->forward.mode != FWD_NAT && s->n->forward.mode != FWD_ROUTE)
		return 0;
	if (has_family(s->n, AF_INET))
		rc = set_sysctl(s, STEP_FORWARDING, "net/ipv4/ip_forward", "1", err);
	if (rc == 0 && has_family(s->n, AF_INET6))
		rc = set_sysctl(s, STEP_FORWARDING, "net/ipv6/conf/all/forwarding", "1", err);
	return rc;
}

static int make_firewall(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;
	_cleanup_free_ char *text = fw_render_add(s->r->table, s->n);

	(void)kind, (void)step;
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	return fw_apply(s->r->fw, text, err);
}

static int step_firewall(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_FIREWALL };
	int rc;

	if (!fw_network_has_rules(s->n))
		return 0;
	snprintf(st.name, sizeof(st.name), "%s", s->r->table);
	rc = status_step(s->st, &st, make_firewall, s, err);
	if (rc == 0)
		fw_foreign_drop_notes(s->r->fw, s->n, s->r->notes, NULL);
	return rc;
}

static int begin_dnsmasq(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;
	vn_step *st = step;

	(void)kind;
	return network_dnsmasq_begin(s->r, s->n, &st->pid, err);
}

/* The step had the pid of the process begin started; done, it has the daemon's. */
static int finish_dnsmasq(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;
	vn_step *st = step;

	(void)kind;
	return dnsmasq_finish(s->r->paths, s->n, &st->pid, err);
}

/* dnsmasq starts up (5-10 ms, most of it loading its libraries) while the firewall is
 * written: its step is begun here, journaled with its pid as soon as it runs, and finished
 * once it serves. Its bridge and address exist already; no guest is plugged in before the
 * firewall is complete (ports come last). */
static int step_dnsmasq_begin(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_DNSMASQ };
	int rc;

	if (!dnsmasq_needed(s->n) || !network_overlay_runs_dnsmasq(s->st))
		return 0;
	dnsmasq_options_note(s->n, s->r->notes);
	rc = status_step_begin(s->st, &st, begin_dnsmasq, s, &s->dnsmasq_step, err);
	s->dnsmasq_begun = rc == 0;
	return rc;
}

static int step_dnsmasq_finish(struct starting *s, vn_err *err)
{
	if (!s->dnsmasq_begun)
		return 0;
	s->dnsmasq_begun = false;
	return status_step_finish(s->st, s->dnsmasq_step, finish_dnsmasq, s, err);
}

/* In the bridge once it is up, before dnsmasq and the firewall */
static int step_overlay(struct starting *s, vn_err *err)
{
	return network_overlay_steps(s->r, s->st, s->self, s->ifindex, err);
}

static int make_ports(void *ctx, int kind, void *step, vn_err *err)
{
	struct starting *s = ctx;

	(void)kind, (void)step;
	return ports_attach_all(s->r, s->st, &s->ports, err);
}

/* Ports of this network whose device still exists are plugged in again (a port outlives a
 * stop of its network); one whose device vanished waits for reconcile. */
static int step_ports(struct starting *s, vn_err *err)
{
	bool any = false;
	int rc = ports_load(s->r->paths, &s->ports, s->r->notes, err);

	for (size_t i = 0; rc == 0 && i < s->ports.n; i++)
		any |= strcmp(s->ports.v[i]->network, s->n->name) == 0;
	if (rc == 0 && any)
		rc = status_step(s->st, &(vn_step){ .kind = STEP_PORT }, make_ports, s, err);
	portlist_free(&s->ports);
	return rc;
}

/* The link goes up before its addresses are added: every dnsmasq on the host listens to
 * address and route changes, and an address added to a link that is up brings its routes in
 * the same instant, so each of them wakes once for our start instead of twice (address,
 * then the routes of the link going up). */
static int run_steps(struct starting *s, vn_err *err)
{
	static int (*const steps[])(struct starting *, vn_err *) = {
		step_bridge, step_bridge_sysctls, step_link_up, step_addresses, step_routes,
		step_forwarding, step_overlay, step_dnsmasq_begin, step_firewall, step_dnsmasq_finish, step_ports,
	};
	/* forward mode bridge: the bridge or NIC is the host's; only the ports are ours */
	static int (*const host_side_steps[])(struct starting *, vn_err *) = { step_ports };
	bool host_side = s->n->forward.mode == FWD_BRIDGE;
	int (*const *run)(struct starting *, vn_err *) = host_side ? host_side_steps : steps;
	size_t count = host_side ? ELEMENTSOF(host_side_steps) : ELEMENTSOF(steps);
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = run[i](s, err);
	if (rc == 0)
		rc = status_set_active(s->st, err);
	return rc;
}

int network_start(vn_run *r, vn_netobj *o, vn_network *def, bool transient, vn_err *err)
{
	vn_status *st = NULL;
	vn_ovl_self self;
	int rc = network_preflight(r, def, err);

	if (rc == 0)
		rc = network_overlay_prepare(r, def, &self, err);
	if (rc < 0) {
		net_free(def);
		return rc;
	}
	rc = status_create(r->paths->status, def, transient, &st, err);
	if (rc < 0)
		return rc;
	struct starting s = { .r = r, .st = st, .n = st->live, .self = &self };
	rc = run_steps(&s, err);
	if (rc < 0) {
		vn_err keep = *err, ignore = {0};
		if (network_undo_steps(r, st, &ignore) == 0)
			status_remove(st, &ignore);
		*err = keep;
		status_free(st);
		return rc;
	}
	status_free(o->status);
	o->status = st;
	o->live = st->live;
	return 0;
}

vn_network *network_copy(const vn_network *n, vn_err *err)
{
	char *xml = net_format(n, NET_FORMAT_INACTIVE);
	vn_network *copy = NULL;

	if (!xml) {
		vn_err_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	if (net_parse(xml, strlen(xml), n->name, &copy, err) < 0)
		copy = NULL;
	free(xml);
	return copy;
}
