/* sv_records.c - what a pass reads. The first pass (and one after lost notifications) reads
 * every network and every port record; the others read only what they need: the networks
 * whose files a command wrote (as inotify named them), whose lease file or ports changed,
 * that are due for a repair, whose start or destroy was under way, and every running one
 * when the firewall is due. So a pass costs what changed, and nothing of the records stays
 * in memory between passes but each port's device and network. What a pass acts on is
 * always read from disk under the lock, as a command reads it. */
#include <stdlib.h>
#include <string.h>

#include "port/port.h"
#include "port/port_direct.h"
#include "state/status.h"
#include "supervise/sv_internal.h"

/* Forget the port of that UUID; its network is touched. */
static void port_forget_uuid(vn_sv *sv, const char *uuid, sv_strs *touched)
{
	char *network = sv_ports_forget(sv, uuid);

	if (!network)
		return;
	strs_add(touched, network);
	free(network);
}

/* A port record written or removed: what it was is forgotten, what it is read; the networks
 * of both are touched. */
static void port_reload(vn_sv *sv, const char *uuid, sv_strs *touched)
{
	vn_port *p = NULL;

	port_forget_uuid(sv, uuid, touched);
	if (port_lookup(&sv->paths, uuid, &p, NULL) == 0) {
		sv_ports_add(sv, p);
		strs_add(touched, p->network);
	}
	port_free(p);
}

/* A lease file written: the running network with that UUID is touched. */
static void lease_touch(vn_sv *sv, const char *uuid, sv_strs *touched)
{
	for (size_t i = 0; i < sv->nnets; i++)
		if (strcmp(sv->nets[i].uuid, uuid) == 0)
			strs_add(touched, sv->nets[i].name);
}

static int load_all(vn_sv *sv, vn_netlist *l, vn_notes *notes, vn_err *err)
{
	vn_portlist pl;
	int rc;

	store_sweep_temp(&sv->paths);
	rc = store_load(&sv->paths, l, notes, err);
	if (rc < 0)
		return rc;
	sv_ports_clear(sv);
	if (ports_load(&sv->paths, &pl, notes, NULL) == 0) {
		for (size_t i = 0; i < pl.n; i++)
			sv_ports_add(sv, pl.v[i]);
		portlist_free(&pl);
	}
	return 1;
}

static void add_all(sv_strs *to, const sv_strs *from)
{
	for (size_t i = 0; i < from->n; i++)
		strs_add(to, from->v[i]);
}

/* The networks of the ports named (a record the last pass did not know is read) and of
 * those in other namespaces */
static void port_networks(vn_sv *sv, sv_strs *names)
{
	const sv_port *p;
	vn_port *q = NULL;

	for (size_t i = 0; i < sv->ports_named.n; i++) {
		p = sv_port_by_name(sv, sv->ports_named.v[i]);
		if (p)
			strs_add(names, p->network);
		else if (port_find(&sv->paths, "by-name", sv->ports_named.v[i], &q, NULL) == 0)
			strs_add(names, q->network);
		port_free(q);
		q = NULL;
	}
	for (size_t i = 0; i < sv->nports; i++)
		if (sv->ports[i].netns)
			strs_add(names, sv->ports[i].network);
}

/* Besides the touched ones: the networks due now (all running ones when the firewall is)
 * and those of the ports named, the unfinished ones */
static void needed(vn_sv *sv, long long now, sv_strs *names)
{
	bool fw = sv->fw_due && sv->fw_due <= now;
	bool ports = sv->ports_due && sv->ports_due <= now;

	for (size_t i = 0; i < sv->nnets; i++)
		if (fw || (sv->nets[i].due_ms && sv->nets[i].due_ms <= now))
			strs_add(names, sv->nets[i].name);
	if (ports)
		port_networks(sv, names);
	add_all(names, &sv->unfinished);
}

int sv_records_load(vn_sv *sv, long long now, vn_netlist *l, sv_strs *touched,
		    sv_strs *loaded, vn_notes *notes, vn_err *err)
{
	const sv_dirty *d = &sv->dirty;

	*l = (vn_netlist){0};
	if (d->all || (sv->ports_all && sv->ports_due && sv->ports_due <= now))
		return load_all(sv, l, notes, err);
	if (d->nets.n)
		store_sweep_temp(&sv->paths);
	add_all(touched, &d->nets);
	for (size_t i = 0; i < d->ports.n; i++)
		port_reload(sv, d->ports.v[i], touched);
	for (size_t i = 0; i < d->leases.n; i++)
		lease_touch(sv, d->leases.v[i], touched);
	add_all(loaded, touched);
	needed(sv, now, loaded);
	return store_load_named(&sv->paths, loaded->v, loaded->n, l, notes, err);
}

static const vn_netobj *entry(const vn_netlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(store_current(&l->v[i])->name, name) == 0)
			return &l->v[i];
	return NULL;
}

void sv_unfinished_note(vn_sv *sv, const vn_netlist *l, const sv_strs *loaded)
{
	const vn_netobj *o;

	if (!loaded)
		strs_free(&sv->unfinished);
	for (size_t i = 0; loaded && i < loaded->n; i++) {
		o = entry(l, loaded->v[i]);
		if (!o || !o->status || o->status->j.phase == JPHASE_DONE)
			strs_remove(&sv->unfinished, loaded->v[i]);
	}
	for (size_t i = 0; i < l->n; i++) {
		o = &l->v[i];
		if (o->status && o->status->j.phase != JPHASE_DONE)
			strs_add(&sv->unfinished, store_current(o)->name);
	}
}

void sv_records_free(vn_sv *sv)
{
	sv_ports_clear(sv);
	sv_dirty_free(&sv->dirty);
	strs_free(&sv->unfinished);
}
