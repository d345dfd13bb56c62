/* sv_pass.c - one supervision pass under the lock: what a crash left, what is due */
#include <errno.h>
#include <stdio.h>
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

/* A repair that failed is tried again later, with the delay of a dnsmasq that keeps
 * exiting (the likeliest cause). */
static void log_notes(vn_sv *sv, const char *type, const char *network, vn_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		sv_log(sv, type, network, "%s", notes->v[i]);
	vn_notes_free(notes);
}

static void repair_one(vn_sv *sv, vn_run *r, vn_netobj *o, sv_net *n)
{
	char name[256];
	vn_notes repairs = {0};
	vn_err err = {0};
	int rc;

	snprintf(name, sizeof(name), "%s", o->status->live->name);
	rc = network_repair(r, o, &repairs, &err);
	log_notes(sv, "repaired", name, &repairs);
	if (rc == 0)
		return;
	sv_log(sv, "failing", name, "Network %s: repair failed: %s", name, err.msg);
	if (n)
		sv_dnsmasq_exited(sv, n);
}

static void repair_due(vn_sv *sv, vn_run *r, vn_netlist *l, long long now)
{
	bool fw = take_due(&sv->fw_due, now);

	for (size_t i = 0; i < l->n; i++) {
		vn_netobj *o = &l->v[i];
		if (!o->status || !o->status->active || !o->status->live)
			continue;
		sv_net *n = sv_net_by_name(sv, o->status->live->name);
		bool due = n && take_due(&n->due_ms, now);
		if (fw || due)
			repair_one(sv, r, o, n);
	}
}

static void repair_ports(vn_sv *sv, vn_run *r, vn_netlist *l, long long now)
{
	vn_err err = {0};

	if (!take_due(&sv->ports_due, now))
		return;
	vn_notes repairs = {0};
	int rc = ports_reconcile(r, l, NULL, &repairs, &err);

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

static void pass_locked(vn_sv *sv, vn_netlist *l, bool at_start, vn_notes *notes)
{
	long long now = vn_now_ms();
	vn_run r;

	run_init(&r, &sv->s, &sv->paths, notes);
	network_cleanup_interrupted(&r, l);
	store_drop_empty(l);
	sv_watch_refresh(sv, l);
	if (at_start) {
		autostart(sv, &r, l);
		sv->fw_due = sv->ports_due = now;
		for (size_t i = 0; i < sv->nnets; i++)
			sv->nets[i].due_ms = now;
	}
	take_due(&sv->refresh_due, now);
	repair_due(sv, &r, l, now);
	repair_ports(sv, &r, l, now);
	sv_watch_refresh(sv, l);
	sv_snapshot(sv, l);
}

int sv_pass(vn_sv *sv, bool at_start, vn_err *err)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	int lock = state_lock(&sv->paths, true, err), rc;

	if (lock < 0) {
		sv_due(&sv->refresh_due, 1000);
		sv_arm(sv);
		return lock;
	}
	store_sweep_temp(&sv->paths);
	rc = store_load(&sv->paths, &l, &notes, err);
	if (rc == 0)
		pass_locked(sv, &l, at_start, &notes);
	store_list_free(&l);
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
