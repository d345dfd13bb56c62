/* sv_pass.c - one supervision pass under the lock: what a crash left, what is due
 *
 * A pass reads again only the records commands changed (sv_records.c) and looks only at what
 * is due: a network's bridge after a notification about it, its dnsmasq after it exited, the
 * firewall of all after someone else deleted from our table, the ports whose devices went.
 * When several networks are due (always at start: adoption), one look at the host (links,
 * addresses, our table: net/network.h's vn_hostview) screens them all, and only those it
 * shows broken are asked about again and repaired. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "net/network.h"
#include "port/port.h"
#include "state/status.h"
#include "supervise/sv_internal.h"
#include "util/clock.h"

static bool take_due(long long *due, long long now)
{
	if (!*due || *due > now)
		return false;
	*due = 0;
	return true;
}

static void log_notes(vn_sv *sv, const char *type, const char *network, vn_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		sv_log(sv, type, network, "%s", notes->v[i]);
	vn_notes_free(notes);
}

/* A repair that failed is tried again later, whole, with the delay of a dnsmasq that keeps
 * exiting (the likeliest cause). */
static void repair_one(vn_sv *sv, vn_run *r, vn_netobj *o, sv_net *n, const vn_hostview *v)
{
	char name[256];
	vn_notes repairs = {0};
	vn_err err = {0};
	int rc;

	snprintf(name, sizeof(name), "%s", o->status->live->name);
	rc = network_repair(r, o, v, n->pass_what, &repairs, &err);
	log_notes(sv, "repaired", name, &repairs);
	if (rc == 0)
		return;
	sv_log(sv, "failing", name, "Network %s: repair failed: %s", name, err.msg);
	sv_dnsmasq_exited(sv, n);
	n->due_what = NET_CHECK_ALL;
}

/* What this pass looks at for each running network; the union of all in *all */
static size_t take_all_due(vn_sv *sv, long long now, unsigned *all)
{
	bool fw = take_due(&sv->fw_due, now);
	size_t count = 0;

	*all = 0;
	for (size_t i = 0; i < sv->nnets; i++) {
		sv_net *n = &sv->nets[i];
		n->pass_what = fw ? NET_CHECK_FIREWALL : 0;
		if (take_due(&n->due_ms, now)) {
			n->pass_what |= n->due_what;
			n->due_what = 0;
		}
		*all |= n->pass_what;
		count += n->pass_what != 0;
	}
	return count;
}

static void repair_due(vn_sv *sv, vn_run *r, vn_netlist *l, long long now)
{
	unsigned all;
	vn_hostview v = {0};
	bool view = take_all_due(sv, now, &all) > 1 && hostview_load(r, all, &v, NULL) == 0;

	for (size_t i = 0; i < l->n; i++) {
		vn_netobj *o = &l->v[i];
		if (!o->status || !o->status->active || !o->status->live)
			continue;
		sv_net *n = sv_net_by_name(sv, o->status->live->name);
		if (n && n->pass_what)
			repair_one(sv, r, o, n, view ? &v : NULL);
	}
	hostview_free(&v);
}

/* Every port against one view of the links (at start, after lost notifications) */
static int ports_all(vn_run *r, vn_netlist *l, vn_notes *repairs, vn_err *err)
{
	vn_hostview v = {0};
	bool view = hostview_load(r, NET_CHECK_BRIDGE, &v, NULL) == 0;
	int rc = ports_reconcile(r, l, NULL, view ? &v : NULL, repairs, err);

	hostview_free(&v);
	return rc;
}

/* The ports of the devices named, and those living in other namespaces (their devices can
 * vanish without a notification here) */
static int ports_named(vn_sv *sv, vn_run *r, vn_netlist *l, vn_notes *repairs, vn_err *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sv->ports_named.n; i++)
		rc = port_reconcile_named(r, l, sv->ports_named.v[i], repairs, err);
	for (size_t i = 0; rc == 0 && i < sv->nports; i++)
		if (sv->ports[i].netns && !strs_has(&sv->ports_named, sv->ports[i].ifname))
			rc = port_reconcile_named(r, l, sv->ports[i].ifname, repairs, err);
	return rc;
}

static void repair_ports(vn_sv *sv, vn_run *r, vn_netlist *l, long long now)
{
	vn_notes repairs = {0};
	vn_err err = {0};
	int rc;

	if (!take_due(&sv->ports_due, now))
		return;
	if (sv->ports_all)
		rc = ports_all(r, l, &repairs, &err);
	else
		rc = ports_named(sv, r, l, &repairs, &err);
	sv->ports_all = false;
	strs_free(&sv->ports_named);
	log_notes(sv, "repaired", NULL, &repairs);
	if (rc < 0)
		sv_log(sv, "failing", NULL, "Guest ports: repair failed: %s", err.msg);
}

static void autostarted(void *data, const char *network, int rc, const char *why)
{
	if (rc < 0)
		sv_log(data, "failing", network, "Network %s: autostart failed: %s", network, why);
	else
		sv_log(data, "started", network, "Network %s: started (autostart)", network);
}

static void autostart(vn_sv *sv, vn_run *r, vn_netlist *l)
{
	vn_err err = {0};
	int rc = network_autostart_boot(r, l, autostarted, sv, &err);

	if (rc < 0)
		sv_log(sv, "failing", NULL, "Autostart: %s", err.msg);
}

/* At start everything is due: adoption checks every running network and port. */
static void all_due(vn_sv *sv)
{
	sv_due(&sv->fw_due, 0);
	sv_due(&sv->ports_due, 0);
	sv->ports_all = true;
	for (size_t i = 0; i < sv->nnets; i++)
		sv_net_due(&sv->nets[i], NET_CHECK_ALL, 0);
}

/* l: the networks read for this pass (loaded: their names; NULL: every network) */
static void pass_locked(vn_sv *sv, vn_netlist *l, const sv_strs *loaded, bool at_start,
			const sv_strs *touched, long long now, vn_notes *notes)
{
	vn_run r;

	run_init(&r, &sv->s, &sv->paths, notes);
	network_cleanup_interrupted(&r, l);
	store_drop_empty(l);
	sv_unfinished_note(sv, l, loaded);
	sv_watch_refresh(sv, l, loaded);
	if (at_start) {
		autostart(sv, &r, l);
		sv_watch_refresh(sv, l, loaded);
		all_due(sv);
		now = vn_now_ms();
	}
	take_due(&sv->refresh_due, now);
	repair_due(sv, &r, l, now);
	repair_ports(sv, &r, l, now);
	sv_watch_refresh(sv, l, loaded);
	sv_snapshot(sv, l, loaded ? touched : NULL);
}

int sv_pass(vn_sv *sv, bool at_start, vn_err *err)
{
	sv_strs touched = {0}, loaded = {0};
	vn_netlist l = {0};
	vn_notes notes = {0};
	long long now = vn_now_ms();
	int lock = state_lock(&sv->paths, true, err), rc;

	if (lock < 0) {
		sv_due(&sv->refresh_due, 1000);
		sv_arm(sv);
		return lock;
	}
	rc = sv_records_load(sv, now, &l, &touched, &loaded, &notes, err);
	if (rc >= 0) {
		pass_locked(sv, &l, rc == 1 ? NULL : &loaded, at_start, &touched, now, &notes);
		sv_dirty_free(&sv->dirty);
		rc = 0;
	}
	store_list_free(&l);
	strs_free(&touched);
	strs_free(&loaded);
	close(lock);
	log_notes(sv, "repaired", NULL, &notes);
	if (rc < 0)
		sv_due(&sv->refresh_due, 1000);   /* the timer fired already: try again */
	sv_arm(sv);
	return rc;
}

int sv_start(vn_sv *sv, vn_err *err)
{
	return sv_pass(sv, true, err);
}
