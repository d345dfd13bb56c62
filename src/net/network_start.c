/* network_start.c - the start sequence: each change recorded as soon as it is made */
#include <errno.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"
#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall.h"
#include "net/network_internal.h"
#include "util/cleanup.h"
#include "kernel/netlink.h"
#include "port/port.h"
#include "kernel/sysctl.h"
#include "util/fault.h"

struct starting {
	vn_run *r;
	vn_status *st;
	const vn_network *n;
	int ifindex;
};

static int injected(const char *step, vn_err *err)
{
	return fault_point(step) < 0 ? vn_err_set(err, EIO, "injected failure at step '%s'", step) : 0;
}

/* Record a step and persist the status right away: a crash after this point is recoverable. */
static int record(struct starting *s, const vn_step *step, vn_err *err)
{
	if (status_add_step(s->st, step) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	return status_write(s->r->paths->status, s->st, err);
}

static int step_bridge(struct starting *s, vn_err *err)
{
	const vn_network *n = s->n;
	char alias[64];
	int rc;

	owner_alias(n, alias);
	vn_bridge_opts o = { .name = n->bridge, .mac = n->mac_specified ? &n->mac : NULL, .mtu = n->mtu,
			     .stp = n->stp, .forward_delay_s = n->delay, .alias = alias };
	if ((rc = injected("bridge", err)) < 0 || (rc = nl_bridge_create(s->r->nl, &o, &s->ifindex, err)) < 0)
		return rc;
	vn_step st = { .kind = STEP_BRIDGE, .ifindex = s->ifindex };
	snprintf(st.name, sizeof(st.name), "%s", n->bridge);
	return record(s, &st, err);
}

static bool has_family(const vn_network *n, int family)
{
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].address.family == family)
			return true;
	return false;
}

static int set_sysctl(struct starting *s, vn_step_kind kind, const char *key, const char *value, vn_err *err)
{
	vn_step st = { .kind = kind };
	int rc = sysctl_write(key, value, err);

	if (rc < 0)
		return rc;
	snprintf(st.name, sizeof(st.name), "%s", key);
	snprintf(st.value, sizeof(st.value), "%s", value);
	return record(s, &st, err);
}

/* Like libvirt: no IPv6 on a bridge without IPv6 addresses; with them, no RA/autoconf from guests. */
static int step_bridge_sysctls(struct starting *s, vn_err *err)
{
	char key[256];
	int rc;

	if ((rc = injected("sysctl", err)) < 0)
		return rc;
	if (!has_family(s->n, AF_INET6) && !s->n->ipv6nogw) {
		snprintf(key, sizeof(key), "net/ipv6/conf/%s/disable_ipv6", s->n->bridge);
		return set_sysctl(s, STEP_SYSCTL, key, "1", err);
	}
	snprintf(key, sizeof(key), "net/ipv6/conf/%s/accept_ra", s->n->bridge);
	if ((rc = set_sysctl(s, STEP_SYSCTL, key, "0", err)) < 0)
		return rc;
	snprintf(key, sizeof(key), "net/ipv6/conf/%s/autoconf", s->n->bridge);
	return set_sysctl(s, STEP_SYSCTL, key, "0", err);
}

static int step_addresses(struct starting *s, vn_err *err)
{
	int rc = injected("address", err);

	for (size_t i = 0; rc == 0 && i < s->n->nips; i++) {
		const vn_ip_def *ip = &s->n->ips[i];
		vn_step st = { .kind = STEP_ADDRESS, .ifindex = s->ifindex, .addr = ip->address, .prefix = ip_def_prefix(ip) };
		/* the bridge is new and has no ports: duplicate detection could only delay dnsmasq */
		unsigned flags = ip->address.family == AF_INET6 ? IFA_F_NODAD : 0;
		if ((rc = nl_addr_add_flags(s->r->nl, s->ifindex, &ip->address, st.prefix, flags, err)) == 0)
			rc = record(s, &st, err);
	}
	return rc;
}

static int step_link_up(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_LINK_UP, .ifindex = s->ifindex };
	int rc;

	if ((rc = injected("link-up", err)) < 0 || (rc = nl_link_set_up(s->r->nl, s->ifindex, true, err)) < 0)
		return rc;
	return record(s, &st, err);
}

static int step_routes(struct starting *s, vn_err *err)
{
	int rc = injected("route", err);

	for (size_t i = 0; rc == 0 && i < s->n->nroutes; i++) {
		const vn_route_def *rd = &s->n->routes[i];
		int prefix = addr_valid(&rd->netmask) ? addr_netmask_bits(&rd->netmask) : (int)rd->prefix;
		vn_route rt = { .dst = rd->address, .prefix = prefix, .gw = rd->gateway, .oif = s->ifindex,
				.metric = rd->has_metric ? rd->metric : 0 };
		vn_step st = { .kind = STEP_ROUTE, .ifindex = s->ifindex, .addr = rd->address, .prefix = prefix,
			       .gw = rd->gateway, .metric = rt.metric };
		if ((rc = nl_route_add(s->r->nl, &rt, err)) == 0)
			rc = record(s, &st, err);
	}
	return rc;
}

/* Left on at stop, like libvirt: other networks (or the host) may rely on it. */
static int step_forwarding(struct starting *s, vn_err *err)
{
	int rc = injected("forwarding", err);

	if (rc < 0 || (s->n->forward.mode != FWD_NAT && s->n->forward.mode != FWD_ROUTE))
		return rc;
	if (has_family(s->n, AF_INET) && (rc = set_sysctl(s, STEP_FORWARDING, "net/ipv4/ip_forward", "1", err)) < 0)
		return rc;
	if (has_family(s->n, AF_INET6))
		rc = set_sysctl(s, STEP_FORWARDING, "net/ipv6/conf/all/forwarding", "1", err);
	return rc;
}

static int step_firewall(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_FIREWALL };
	int rc;

	if ((rc = injected("firewall", err)) < 0 || !fw_network_has_rules(s->n))
		return rc;
	char *text = fw_render_add(s->r->table, s->n);
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	rc = fw_apply(s->r->fw, text, err);
	free(text);
	if (rc < 0)
		return rc;
	snprintf(st.name, sizeof(st.name), "%s", s->r->table);
	if ((rc = record(s, &st, err)) < 0)
		return rc;
	fw_foreign_drop_notes(s->r->fw, s->n, s->r->notes, NULL);
	return 0;
}

static int step_dnsmasq(struct starting *s, vn_err *err)
{
	vn_step st = { .kind = STEP_DNSMASQ };
	int rc;

	if (!dnsmasq_needed(s->n))
		return injected("dnsmasq", err);
	dnsmasq_options_note(s->n, s->r->notes);
	if ((rc = network_dnsmasq_start(s->r, s->n, &st.pid, err)) < 0)
		return rc;
	return record(s, &st, err);
}

/* Ports of this network whose device still exists are plugged in again (a port outlives a
 * stop of its network); one whose device vanished waits for reconcile. The step is recorded
 * first: whatever part of the attach happened, destroy detaches every port. */
static int step_ports(struct starting *s, vn_err *err)
{
	vn_portlist ports;
	bool any = false;
	int rc = ports_load(s->r->paths, &ports, s->r->notes, err);

	for (size_t i = 0; rc == 0 && i < ports.n; i++)
		any |= strcmp(ports.v[i]->network, s->n->name) == 0;
	if (rc == 0 && any && (rc = record(s, &(vn_step){ .kind = STEP_PORT }, err)) == 0)
		rc = ports_attach_all(s->r, s->st, &ports, err);
	portlist_free(&ports);
	return rc;
}

static int run_steps(struct starting *s, vn_err *err)
{
	static int (*const steps[])(struct starting *, vn_err *) = {
		step_bridge, step_bridge_sysctls, step_addresses, step_link_up, step_routes,
		step_forwarding, step_firewall, step_dnsmasq, step_ports,
	};
	/* forward mode bridge: the bridge or NIC is the host's; only the ports are ours */
	static int (*const host_side_steps[])(struct starting *, vn_err *) = { step_ports };
	bool host_side = s->n->forward.mode == FWD_BRIDGE;
	int (*const *run)(struct starting *, vn_err *) = host_side ? host_side_steps : steps;
	size_t count = host_side ? ELEMENTSOF(host_side_steps) : ELEMENTSOF(steps);
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = run[i](s, err);
	if (rc == 0 && (rc = injected("status", err)) == 0) {
		s->st->active = true;
		rc = status_write(s->r->paths->status, s->st, err);
	}
	return rc;
}

int network_start(vn_run *r, vn_netobj *o, vn_network *def, bool transient, vn_err *err)
{
	vn_status *st = calloc(1, sizeof(*st));
	int rc;

	if (!st) {
		net_free(def);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	st->live = def;
	st->transient = transient;
	st->starter = getpid();
	struct starting s = { .r = r, .st = st, .n = def };
	if ((rc = network_preflight(r, def, err)) == 0 && (rc = status_write(r->paths->status, st, err)) == 0)
		rc = run_steps(&s, err);
	if (rc < 0) {
		vn_err keep = *err, ignore = {0};
		network_undo_steps(r, st, &ignore);
		status_remove(r->paths->status, def->name, &ignore);
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
