/* vif_undo.c - undo a vif's journaled steps in reverse, from the journal alone
 *
 * A step may stand for a change that never happened (intended, then the process died) or
 * that went with the device: "already gone" answers count as done. Changes on the device
 * are only undone while the device is still the one journaled (same name and index), never
 * on a new device that took the name. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/firewall.h"
#include "helpers/xen/vif_ctx.h"
#include "helpers/xen/vif_dhcp.h"
#include "helpers/xen/vif_fw.h"
#include "port/port.h"
#include "state/status.h"
#include "kernel/sysctl.h"
#include "kernel/tc.h"
#include "util/cleanup.h"
#include "util/str.h"

static bool gone(int rc)
{
	return rc == -ENODEV || rc == -ENOENT || rc == -ESRCH || rc == -EADDRNOTAVAIL;
}

/* The journaled device still exists as that device. */
static bool device_is(vn_run *r, const char *dev, int ifindex)
{
	vn_link_info li;

	return nl_link_get(r->nl, dev, &li, NULL) == 0 && li.ifindex == ifindex;
}

/* A walk over the other vifs' journals: fn for each (true: stop); the first file that
 * cannot be read is kept in why (its message names the file), the walk goes on. */
typedef struct others_walk {
	bool (*fn)(vif_journal *vj, void *data);
	void *data;
	bool unreadable;   /* some file could not be read; why says which */
	vn_err why;
} others_walk;

static bool is_journal_file(const char *name, const char *self)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n <= 4 || strcmp(name + n - 4, ".xml") != 0)
		return false;
	return !self || n - 4 != strlen(self) || strncmp(name, self, n - 4) != 0;
}

static bool visit(const char *path, others_walk *w)
{
	vif_journal vj;
	vn_err err = {0};
	bool stop = false;
	int rc = vif_journal_read(path, &vj, &err);

	if (rc == 0) {
		stop = w->fn(&vj, w->data);
		vif_journal_free(&vj);
	} else if (rc != -ENOENT && !w->unreadable) {
		w->unreadable = true;
		w->why = err;
	}
	return stop;
}

static bool each_other_journal(const vn_paths *paths, const char *self, others_walk *w)
{
	char dir[PATH_MAX + 8], path[PATH_MAX + 300];
	DIR *d;
	struct dirent *e;
	bool stop = false;

	snprintf(dir, sizeof(dir), "%s/vifs", paths->run);
	d = opendir(dir);
	if (!d)
		return false;
	while (!stop && (e = readdir(d))) {
		if (!is_journal_file(e->d_name, self))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		stop = visit(path, w);
	}
	closedir(d);
	return stop;
}

typedef struct step_query { vif_step_kind kind; const char *name; } step_query;

static bool records(vif_journal *vj, void *data)
{
	const step_query *q = data;

	for (size_t i = 0; i < vj->j.nsteps; i++) {
		const vn_jstep *s = &vj->j.steps[i];
		const vif_step *v = s->data;
		bool live = s->state == JSTEP_INTENDED || s->state == JSTEP_DONE;
		if (live && v->kind == q->kind && streq(v->name, q->name))
			return true;
	}
	return false;
}

/* 1 when fn stopped the walk, 0 when not and every file was read, else -EIO (*why says
 * which file could not be read). */
static int walk_result(const vn_paths *paths, const char *self, others_walk *w, vn_err *why)
{
	if (each_other_journal(paths, self, w))
		return 1;
	if (!w->unreadable)
		return 0;
	if (why)
		*why = w->why;
	return -EIO;
}

int vif_others_record(const vn_paths *paths, const char *self, vif_step_kind kind, const char *name,
		      vn_err *why)
{
	step_query q = { kind, name };
	others_walk w = { .fn = records, .data = &q };

	return walk_result(paths, self, &w, why);
}

static bool any(vif_journal *vj, void *data)
{
	(void)vj;
	(void)data;
	return true;
}

/* Forwarding goes back off only if it was off and neither another vif nor a network runs
 * (a journal that cannot be read may be another vif's: forwarding stays, with a note). */
static int undo_forwarding(vn_run *r, const vn_paths *paths, const vif_journal *vj,
			   const vif_step *s, vn_err *err)
{
	DIR *d = opendir(paths->status);
	struct dirent *e;
	bool networks = false;
	others_walk w = { .fn = any };
	vn_err why = {0};
	int rc = 0;

	while (d && !networks && (e = readdir(d)))
		networks = e->d_name[0] != '.';
	if (d)
		closedir(d);
	if (networks)
		return 0;
	rc = walk_result(paths, vj->dev, &w, &why);
	if (rc > 0)
		return 0;
	if (rc < 0) {
		vn_note(r->notes,
			"sysctl %s is left as it is, as another vif may need it: %s; correct or "
			"remove that state file",
			s->name, why.msg);
		return 0;
	}
	return sysctl_write(s->name, s->value, err);
}

static int undo_firewall(vn_run *r, const vn_paths *paths, const vif_journal *vj, const vif_step *s,
			 vn_err *err)
{
	char family[8], table[80];
	_cleanup_free_ char *text = NULL;
	vn_err why = {0};
	int others, rc;

	if (vif_step_fw_table(s->name, family, table) < 0)
		return vn_err_set(err, EINVAL,
				  "step firewall names '%s', not '<inet|bridge> <table>'", s->name);
	others = vif_others_record(paths, vj->dev, VS_FIREWALL, s->name, &why);
	if (others < 0)
		vn_note(r->notes,
			"table %s %s is kept, as another vif may still have rules in it: %s; "
			"correct or remove that state file, and once no vif uses the table, delete "
			"it with 'nft delete table %s %s'",
			family, table, why.msg, family, table);
	rc = vif_fw_render_remove(family, table, vj->dev, others == 0, &text, err);
	if (rc < 0)
		return rc;
	return fw_apply(r->fw, text, err);
}

/* An adopted port: unplugged and forgotten through the port code; the device stays. */
/* The status of network name as read, NULL when it is known not to be running. */
static vn_status *port_network(const vn_paths *paths, const char *name)
{
	char path[PATH_MAX];
	vn_status *net = NULL;

	if (state_path_xml(path, sizeof(path), paths->status, name) != 0)
		return NULL;
	if (status_read(path, &net, NULL) != 0)
		return net;
	if (!net->active) {
		status_free(net);
		return NULL;
	}
	return net;
}

static int undo_port(vn_run *r, const vn_paths *paths, const vif_step *s, vn_err *err)
{
	vn_status *net;
	vn_port *p = NULL;
	int rc = port_lookup(paths, s->name, &p, NULL);

	if (rc < 0)
		return 0;   /* never made, or already forgotten */
	net = port_network(paths, s->value);
	rc = port_delete(r, net, p, err);
	status_free(net);
	port_free(p);
	return rc;
}

/* Off the bridge we put it on, and only that one. */
static int undo_master(vn_run *r, const vif_journal *vj, const vif_step *s, vn_err *err)
{
	vn_link_info li, br;

	if (nl_link_get(r->nl, vj->dev, &li, NULL) < 0 || !li.master ||
	    nl_link_get(r->nl, s->name, &br, NULL) < 0 || br.ifindex != li.master)
		return 0;
	return nl_link_set_master(r->nl, s->ifindex, 0, err);
}

static int undo_link(vn_run *r, const vif_journal *vj, const vif_step *s, vn_err *err)
{
	vn_route rt = { .dst = s->addr, .prefix = s->prefix, .oif = s->ifindex, .metric = s->metric,
			.prefsrc = s->src };

	if (!device_is(r, vj->dev, s->ifindex))
		return 0;   /* gone, and with it whatever we set on it */
	switch (s->kind) {
	case VS_LINK_UP:
		return nl_link_set_up(r->nl, s->ifindex, streq(s->value, "up"), err);
	case VS_MAC:
		return nl_link_set_mac(r->nl, s->ifindex, &s->mac, err);
	case VS_MTU:
		return nl_link_set_mtu(r->nl, s->ifindex, s->mtu, err);
	case VS_MASTER:
		return undo_master(r, vj, s, err);
	case VS_ADDRESS:
		return nl_addr_del(r->nl, s->ifindex, &s->addr, s->prefix, err);
	case VS_ROUTE:
		return nl_route_del(r->nl, &rt, err);
	case VS_TC:
		return tc_clear(r->nl, s->ifindex, err);
	default:
		return 0;
	}
}

typedef struct undo_ctx { vn_run *r; const vn_paths *paths; const vif_journal *vj; } undo_ctx;

static int undo_one(const undo_ctx *u, const vif_step *s, vn_err *err)
{
	switch (s->kind) {
	case VS_SYSCTL:
		return sysctl_write(s->name, s->value, err);
	case VS_FORWARDING:
		return undo_forwarding(u->r, u->paths, u->vj, s, err);
	case VS_FIREWALL:
		return undo_firewall(u->r, u->paths, u->vj, s, err);
	case VS_DNSMASQ:
		return vif_dhcp_stop(u->paths->run, u->vj->dev, s->pid, err);
	case VS_PORT:
		return undo_port(u->r, u->paths, s, err);
	default:
		return undo_link(u->r, u->vj, s, err);
	}
}

/* One journaled step, intended or done; "already gone" counts as undone. */
static int undo_step(void *ctx, int kind, const void *step, vn_jstate state, vn_err *err)
{
	undo_ctx *u = ctx;
	int rc = undo_one(u, step, err);

	(void)state;   /* every undo above is harmless for a change never made */
	if (rc < 0 && gone(rc))
		return 0;
	if (rc < 0)
		vn_err_prefix(err, "undoing step '%s' journaled in %s",
			      vif_step_kind_to_string((vif_step_kind)kind), u->vj->j.path);
	return rc;
}

int vif_undo_all(vn_run *r, const vn_paths *paths, vif_journal *vj, vn_err *err)
{
	undo_ctx u = { r, paths, vj };
	int rc = journal_undo(&vj->j, undo_step, &u, err);

	if (rc == 0)
		rc = journal_remove(&vj->j, err);
	return rc;
}

int vif_take_down(vn_run *r, const vn_paths *paths, vif_journal *vj, vn_err *err)
{
	int rc = journal_set_phase(&vj->j, JPHASE_UNDOING, err);

	if (rc == 0)
		rc = vif_undo_all(r, paths, vj, err);
	return rc;
}

typedef struct sweep_ctx { vn_run *r; const vn_paths *paths; vn_notes *notes; } sweep_ctx;

/* A journal of a device that is gone: undone, unless a live process is still at it. */
static bool sweep_one(vif_journal *vj, void *data)
{
	sweep_ctx *c = data;
	vn_err err = {0};

	if (device_is(c->r, vj->dev, vj->ifindex))
		return false;
	if (vj->j.phase != JPHASE_DONE && !journal_orphaned(&vj->j))
		return false;
	if (vif_take_down(c->r, c->paths, vj, &err) < 0)
		vn_note(c->notes,
			"%s is gone but what vif-virtnet set up for it could not all be undone: %s",
			vj->dev, err.msg);
	else
		vn_note(c->notes,
			"%s was gone without an offline; what vif-virtnet had set up for it is "
			"undone",
			vj->dev);
	return false;
}

void vif_sweep_vanished(vn_run *r, const vn_paths *paths, const char *self, vn_notes *notes)
{
	sweep_ctx c = { r, paths, notes };
	others_walk w = { .fn = sweep_one, .data = &c };

	each_other_journal(paths, self, &w);   /* a file it cannot read is not known to be gone */
}
