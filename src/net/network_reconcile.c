/* network_reconcile.c - compare what a running network should own with the kernel; repair */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"
#include "port/port.h"
#include "dnsmasq/dnsmasq_leases.h"
#include "overlay/overlay.h"
#include "overlay/overlay_leases.h"
#include "net/network_internal.h"
#include "kernel/netlink.h"

/* The bridge is the network: without it (or if it is someone else's now) start over. */
static int bridge_intact(vn_run *r, const vn_status *st, vn_link_info *li)
{
	char alias[64];

	if (nl_link_get(r->nl, st->live->bridge, li, NULL) < 0)
		return 0;
	owner_alias(st->live, alias);
	return strcmp(li->alias, alias) == 0;
}

static int restart(vn_run *r, vn_netobj *o, vn_notes *report, vn_err *err)
{
	vn_network *def = network_copy(o->status->live, err);
	bool transient = o->status->transient;
	int rc;

	if (!def)
		return -ENOMEM;
	vn_note(report, "Network %s: bridge %s was gone; network restarted", def->name,
		def->bridge);
	rc = network_destroy(r, o, err);
	if (rc < 0) {
		net_free(def);
		return rc;
	}
	return network_start(r, o, def, transient, err);
}

static bool has_addr(const vn_addr_info *addrs, size_t n, int ifindex, const vn_step *sp)
{
	for (size_t k = 0; k < n; k++)
		if (addrs[k].ifindex == ifindex && addr_equal(&addrs[k].addr, &sp->addr))
			return true;
	return false;
}

/* The first of the addresses start made that the list lacks; NULL when none */
static const vn_step *missing_addr(const vn_status *st, const vn_addr_info *addrs, size_t n,
				   int ifindex, size_t *from)
{
	for (; *from < st->j.nsteps; (*from)++) {
		const vn_step *sp = st->j.steps[*from].data;
		if (st->j.steps[*from].state == JSTEP_DONE && sp->kind == STEP_ADDRESS &&
		    !has_addr(addrs, n, ifindex, sp))
			return st->j.steps[(*from)++].data;
	}
	return NULL;
}

static void repair_addresses(vn_run *r, vn_status *st, const vn_link_info *li, vn_notes *report)
{
	vn_addr_info *addrs = NULL;
	size_t n = 0, from = 0;
	const vn_step *sp;
	char s[VN_ADDR_STRLEN];

	if (nl_addr_dump(r->nl, AF_UNSPEC, &addrs, &n, NULL) == 0) {
		for (sp = missing_addr(st, addrs, n, li->ifindex, &from); sp;
		     sp = missing_addr(st, addrs, n, li->ifindex, &from)) {
			if (nl_addr_add(r->nl, li->ifindex, &sp->addr, sp->prefix, NULL) < 0)
				continue;
			vn_note(report, "Network %s: address %s/%d was missing on %s; restored",
				st->live->name, addr_format(&sp->addr, s), sp->prefix, li->name);
		}
		free(addrs);
	}
	if (!(li->flags & IFF_UP) && nl_link_set_up(r->nl, li->ifindex, true, NULL) == 0)
		vn_note(report, "Network %s: %s was down; brought up", st->live->name, li->name);
}

static int repair_firewall(vn_run *r, vn_status *st, bool *rebuilt, vn_notes *report, vn_err *err)
{
	int rc;

	if (*rebuilt || !fw_network_has_rules(st->live) || fw_network_present(r->fw, st->live) == 1)
		return 0;
	rc = network_firewall_rebuild(r, NULL, err);
	if (rc < 0)
		return rc;
	*rebuilt = true;
	vn_note(report,
		"Network %s: firewall rules were missing from table inet %s; table restored",
		st->live->name, r->table);
	return 0;
}

static int repair_dnsmasq(vn_run *r, vn_status *st, vn_notes *report, vn_err *err)
{
	size_t n;
	vn_step *sp = status_find(st, STEP_DNSMASQ, &n);
	pid_t pid;
	int rc;

	if (!sp || dnsmasq_alive(r->paths, st->live, sp->pid))
		return 0;
	rc = network_dnsmasq_start(r, st->live, &pid, err);
	if (rc < 0)
		return rc;
	sp->pid = pid;
	vn_note(report, "Network %s: dnsmasq was not running; restarted (pid %d), leases kept",
		st->live->name, (int)sp->pid);
	return status_update(st, n, err);
}

/* The network's leases as they are now: its dnsmasq's lease file, or an overlay's DHCP
 * authority's (asked there); none when they cannot be had (the guests then learn their
 * addresses again when they renew). */
static void network_leases_now(vn_run *r, const vn_status *st, vn_lease **v, size_t *k)
{
	const vn_step *vx = st->live->overlay ? status_find(st, STEP_VXLAN, NULL) : NULL;
	vn_lease_row *rows = NULL;
	vn_err ignore = {0};

	*v = NULL;
	*k = 0;
	if (!vx || !overlay_defers_dhcp(st->live->overlay, &vx->addr)) {
		if (dnsmasq_leases(r->paths, st->live, NULL, v, k, &ignore) < 0)
			*k = 0;
		return;
	}
	if (overlay_leases_fetch(st->live, NULL, &rows, k, &ignore) < 0 ||
	    !(*v = calloc(*k + 1, sizeof(**v)))) {
		*k = 0;
	}
	for (size_t i = 0; *v && i < *k; i++)
		(*v)[i] = rows[i].lease;
	free(rows);
}

/* The network's ports' protection in our bridge table: its chain <id>_from is there when
 * any port of it is protected. Missing (a flush, a deleted table): made again. */
static int repair_ports_fw(vn_run *r, const vn_status *st, vn_notes *report, vn_err *err)
{
	vn_fwb_state fst = {0};
	char id[64], chain[96];
	bool there = false, done;
	vn_lease *v = NULL;
	size_t k = 0;
	int rc;

	if (!st->live->bridge || !status_find(st, STEP_PORT, NULL))
		return 0;
	if (fw_bridge_state(r->fw, &fst, NULL) == 0) {
		fw_chain_id(st->live->bridge, id);
		snprintf(chain, sizeof(chain), "%s_from", id);
		for (size_t i = 0; i < fst.nchains; i++)
			there |= strcmp(fst.chains[i], chain) == 0;
		fwb_state_free(&fst);
	}
	if (there)
		return 0;
	network_leases_now(r, st, &v, &k);
	rc = ports_protect_all(r, st, v, k, &done, err);
	free(v);
	if (rc == 0 && done)
		vn_note(report, "Network %s: its ports' protection was missing from table bridge "
			"%s; restored", st->live->name, r->table);
	return rc;
}

/* Forward mode bridge owns nothing but its ports: say whether the host's bridge or NIC is there. */
static int check_host_side(vn_run *r, const vn_network *n, vn_notes *report)
{
	const char *dev = n->bridge ? n->bridge : net_forward_dev(n, 0);
	vn_link_info li;

	if (dev && nl_link_get(r->nl, dev, &li, NULL) < 0)
		vn_note(report,
			"Network %s: host %s %s is gone; its guests are cut off until it is back",
			n->name, n->bridge ? "bridge" : "interface", dev);
	else
		vn_note(report, "Network %s: ok", n->name);
	return 0;
}

/* An overlay's VXLAN device, when it has one, in the view: ours, in the bridge, up */
static bool vxlan_in_view(const vn_hostview *v, const vn_status *st, int bridge,
			  const char *alias)
{
	const vn_step *vx = status_find(st, STEP_VXLAN, NULL);
	const vn_link_info *li = vx ? hostview_link(v, vx->name) : NULL;

	return !vx || (li && strcmp(li->alias, alias) == 0 && li->master == bridge &&
		       (li->flags & IFF_UP));
}

/* What the view shows of o for the aspects in what: true when all of it is as its status
 * says (the bridge ours and up with its addresses, the table holding its objects, dnsmasq
 * running); false when anything differs or the view does not hold that aspect. */
static bool view_intact(const vn_hostview *v, vn_run *r, const vn_status *st, unsigned what)
{
	const vn_link_info *li = hostview_link(v, st->live->bridge);
	const vn_step *dnsmasq = status_find(st, STEP_DNSMASQ, NULL);
	char alias[64];
	size_t from = 0;

	if (what & NET_CHECK_BRIDGE) {
		owner_alias(st->live, alias);
		if (!(v->what & NET_CHECK_BRIDGE) || !li || strcmp(li->alias, alias) != 0 ||
		    !(li->flags & IFF_UP) ||
		    missing_addr(st, v->addrs, v->naddrs, li->ifindex, &from) ||
		    !vxlan_in_view(v, st, li->ifindex, alias))
			return false;
	}
	if ((what & NET_CHECK_FIREWALL) && fw_network_has_rules(st->live) &&
	    (!(v->what & NET_CHECK_FIREWALL) || !fw_listing_has_network(v->nft, st->live)))
		return false;
	if ((what & NET_CHECK_FIREWALL) && !network_overlay_fw_intact(r, st))
		return false;
	if ((what & NET_CHECK_CONTROL) && !network_overlay_control_intact(r, st))
		return false;
	return !(what & NET_CHECK_DNSMASQ) || !dnsmasq ||
	       dnsmasq_alive(r->paths, st->live, dnsmasq->pid);
}

int network_repair(vn_run *r, vn_netobj *o, const vn_hostview *v, unsigned what,
		   vn_notes *report, vn_err *err)
{
	vn_link_info li;
	int rc = 0;

	if (!o->status || !o->status->active || o->status->live->forward.mode == FWD_BRIDGE)
		return 0;
	if (v && view_intact(v, r, o->status, what))
		return 0;
	if ((what & NET_CHECK_BRIDGE) && !bridge_intact(r, o->status, &li))
		return restart(r, o, report, err);
	if (what & NET_CHECK_BRIDGE) {
		repair_addresses(r, o->status, &li, report);
		rc = network_overlay_repair(r, o->status, li.ifindex, report, err);
		if (rc < 0)
			return rc;
	}
	if (what & NET_CHECK_FIREWALL)
		rc = repair_firewall(r, o->status, &r->fw_rebuilt, report, err);
	if (rc == 0 && (what & NET_CHECK_FIREWALL))
		rc = network_overlay_fw_repair(r, o->status, report, err);
	if (rc == 0 && (what & NET_CHECK_FIREWALL))
		rc = repair_ports_fw(r, o->status, report, err);
	if (rc == 0 && (what & NET_CHECK_DNSMASQ))
		rc = repair_dnsmasq(r, o->status, report, err);
	if (rc == 0 && (what & NET_CHECK_CONTROL))
		rc = network_overlay_control_repair(r, o->status, report, err);
	return rc;
}

int network_reconcile(vn_run *r, vn_netobj *o, const vn_hostview *v, vn_notes *report,
		      vn_err *err)
{
	size_t before = report->n;
	int rc;

	if (!o->status || !o->status->active)
		return 0;
	if (o->status->live->forward.mode == FWD_BRIDGE)
		return check_host_side(r, o->status->live, report);
	rc = network_repair(r, o, v, NET_CHECK_ALL, report, err);
	if (rc == 0 && report->n == before)
		vn_note(report, "Network %s: ok", o->status->live->name);
	return rc;
}
