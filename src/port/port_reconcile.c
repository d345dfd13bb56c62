/* port_reconcile.c - ports against the kernel: vanished devices, unplugged devices */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/netlink.h"
#include "port/port.h"
#include "port/port_direct.h"
#include "state/status.h"
#include "util/str.h"

static vn_netobj *find_network(vn_netlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (streq(store_current(&l->v[i])->name, name))
			return &l->v[i];
	return NULL;
}

static const vn_status *running(const vn_netobj *o)
{
	return o && o->status && o->status->active ? o->status : NULL;
}

/* What the view shows: the device is there and, when its network runs on a bridge, on it.
 * A port in another namespace is never judged from it. */
static bool view_fine(const vn_hostview *v, const vn_netobj *o, const vn_port *p)
{
	const vn_status *st = running(o);
	const vn_link_info *dev = hostview_link(v, p->ifname), *br;

	if (!(v->what & NET_CHECK_BRIDGE) || port_in_netns(p) || !dev)
		return false;
	if (!st || !st->live->bridge)
		return true;
	br = hostview_link(v, st->live->bridge);
	return !br || dev->master == br->ifindex;   /* no bridge: nothing to plug into */
}

/* A device that exists but is not on its running network's bridge is plugged in again. */
static int replug(vn_run *r, vn_netobj *o, vn_port *p, vn_notes *report, vn_err *err)
{
	vn_link_info dev, br;
	int rc;

	if (!running(o) || !o->status->live->bridge)
		return 0;
	if (nl_link_get(r->nl, p->ifname, &dev, NULL) < 0)
		return 0;
	if (nl_link_get(r->nl, o->status->live->bridge, &br, NULL) < 0)
		return 0;
	if (dev.master == br.ifindex)
		return 0;
	rc = port_mark_network(r, o->status, err);
	if (rc < 0)
		return rc;
	rc = port_attach(r, o->status, p, err);
	if (rc < 0)
		return rc;
	vn_note(report, "Port %s of network %s: was not on bridge %s; plugged in again", p->ifname,
		p->network, br.name);
	return 0;
}

static int reconcile_one(vn_run *r, vn_netlist *l, const vn_hostview *v, vn_port *p,
			 vn_notes *report, vn_err *err)
{
	vn_netobj *o = find_network(l, p->network);
	int rc;

	if (v && view_fine(v, o, p))
		return 0;
	if (port_device_exists(r, p))
		return replug(r, o, p, report, err);
	rc = port_delete(r, running(o), p, err);
	if (rc == 0)
		vn_note(report,
			"Port %s of network %s: device gone (its guest exited); port removed",
			p->ifname, p->network);
	return rc;
}

int ports_reconcile(vn_run *r, vn_netlist *l, const char *only, const vn_hostview *v,
		    vn_notes *report, vn_err *err)
{
	vn_portlist ports;
	int rc = ports_load(r->paths, &ports, r->notes, err);

	for (size_t i = 0; rc == 0 && i < ports.n; i++)
		if (!only || streq(only, ports.v[i]->network))
			rc = reconcile_one(r, l, v, ports.v[i], report, err);
	portlist_free(&ports);
	return rc;
}

int port_reconcile_named(vn_run *r, vn_netlist *l, const char *ifname, vn_notes *report,
			 vn_err *err)
{
	vn_port *p = NULL;
	int rc = port_find(r->paths, "by-name", ifname, &p, err);

	if (rc == -ENOENT)
		return 0;
	if (rc == 0)
		rc = reconcile_one(r, l, NULL, p, report, err);
	port_free(p);
	return rc;
}
