/* network_reconcile.c - compare what a running network should own with the kernel; repair */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall.h"
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

static void repair_addresses(vn_run *r, vn_status *st, const vn_link_info *li, vn_notes *report)
{
	vn_addr_info *addrs = NULL;
	size_t n = 0;
	char s[VN_ADDR_STRLEN];

	for (int fam = AF_INET; fam; fam = fam == AF_INET ? AF_INET6 : 0) {
		if (nl_addr_dump(r->nl, fam, &addrs, &n, NULL) < 0)
			continue;
		for (size_t i = 0; i < st->j.nsteps; i++) {
			const vn_step *sp = st->j.steps[i].data;
			bool found = false;
			if (st->j.steps[i].state != JSTEP_DONE || sp->kind != STEP_ADDRESS ||
			    sp->addr.family != fam)
				continue;
			for (size_t k = 0; k < n && !found; k++)
				found = addrs[k].ifindex == li->ifindex &&
					addr_equal(&addrs[k].addr, &sp->addr);
			if (!found &&
			    nl_addr_add(r->nl, li->ifindex, &sp->addr, sp->prefix, NULL) == 0)
				vn_note(report,
					"Network %s: address %s/%d was missing on %s; restored",
					st->live->name, addr_format(&sp->addr, s), sp->prefix,
					li->name);
		}
		free(addrs);
		addrs = NULL;
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
	int rc;

	if (!sp || dnsmasq_alive(r->paths, st->live, sp->pid))
		return 0;
	rc = network_dnsmasq_start(r, st->live, &sp->pid, err);
	if (rc < 0)
		return rc;
	vn_note(report, "Network %s: dnsmasq was not running; restarted (pid %d), leases kept",
		st->live->name, (int)sp->pid);
	return status_update(st, n, err);
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

int network_repair(vn_run *r, vn_netobj *o, vn_notes *report, vn_err *err)
{
	vn_link_info li;
	int rc;

	if (!o->status || !o->status->active || o->status->live->forward.mode == FWD_BRIDGE)
		return 0;
	if (!bridge_intact(r, o->status, &li))
		return restart(r, o, report, err);
	repair_addresses(r, o->status, &li, report);
	rc = repair_firewall(r, o->status, &r->fw_rebuilt, report, err);
	if (rc < 0)
		return rc;
	return repair_dnsmasq(r, o->status, report, err);
}

int network_reconcile(vn_run *r, vn_netobj *o, vn_notes *report, vn_err *err)
{
	size_t before = report->n;
	int rc;

	if (!o->status || !o->status->active)
		return 0;
	if (o->status->live->forward.mode == FWD_BRIDGE)
		return check_host_side(r, o->status->live, report);
	rc = network_repair(r, o, report, err);
	if (rc == 0 && report->n == before)
		vn_note(report, "Network %s: ok", o->status->live->name);
	return rc;
}
