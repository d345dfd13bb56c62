/* port_reconcile.c - ports against the kernel: vanished devices, unplugged devices */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/netlink.h"
#include "port/port.h"
#include "state/status.h"
#include "util/str.h"

static vn_netobj *find_network(vn_netlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (streq(store_current(&l->v[i])->name, name))
			return &l->v[i];
	return NULL;
}

/* A device that exists but is not on its running network's bridge is plugged in again. */
static int replug(vn_run *r, vn_netobj *o, vn_port *p, vn_notes *report, vn_err *err)
{
	vn_link_info dev, br;
	int rc;

	if (!o || !o->status || !o->status->active || !o->status->live->bridge)
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

int ports_reconcile(vn_run *r, vn_netlist *l, const char *only, vn_notes *report, vn_err *err)
{
	vn_portlist ports;
	int rc = ports_load(r->paths, &ports, r->notes, err);

	for (size_t i = 0; rc == 0 && i < ports.n; i++) {
		vn_port *p = ports.v[i];
		vn_netobj *o = find_network(l, p->network);
		if (only && !streq(only, p->network))
			continue;
		if (port_device_exists(r, p)) {
			rc = replug(r, o, p, report, err);
			continue;
		}
		rc = port_delete(r, o && o->status && o->status->active ? o->status : NULL, p, err);
		if (rc == 0)
			vn_note(report,
				"Port %s of network %s: device gone (its guest exited); port "
				"removed",
				p->ifname, p->network);
	}
	portlist_free(&ports);
	return rc;
}
