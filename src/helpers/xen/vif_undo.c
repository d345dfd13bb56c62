/* vif_undo.c - undo a vif's recorded steps in reverse, from the state file alone
 *
 * A step may stand for a change that never happened (a crash between recording it and
 * making it) or that went with the device: "already gone" answers count as done. Changes on
 * the device are only undone while the device is still the one recorded (same name and
 * index), never on a new device that took the name. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The recorded device still exists as that device. */
static bool device_is(vn_run *r, const vif_state *st, int ifindex)
{
	vn_link_info li;

	return nl_link_get(r->nl, st->dev, &li, NULL) == 0 && li.ifindex == ifindex;
}

/* A walk over the other vifs' state files: fn for each (true: stop); the first file that
 * cannot be read is kept in why (its message names the file), the walk goes on. */
typedef struct others_walk {
	bool (*fn)(vif_state *st, void *data);
	void *data;
	bool unreadable;   /* some file could not be read; why says which */
	vn_err why;
} others_walk;

static bool is_state_file(const char *name, const char *self)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n <= 4 || strcmp(name + n - 4, ".xml") != 0)
		return false;
	return !self || n - 4 != strlen(self) || strncmp(name, self, n - 4) != 0;
}

static bool each_other_state(const vn_paths *paths, const char *self, others_walk *w)
{
	char dir[PATH_MAX + 8], path[PATH_MAX + 300];
	DIR *d;
	struct dirent *e;
	bool stop = false;

	snprintf(dir, sizeof(dir), "%s/vifs", paths->run);
	if (!(d = opendir(dir)))
		return false;
	while (!stop && (e = readdir(d))) {
		vif_state *st = NULL;
		vn_err err = {0};
		if (!is_state_file(e->d_name, self))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		int rc = vif_state_read(path, paths->run, &st, &err);
		if (rc == 0)
			stop = w->fn(st, w->data);
		else if (rc != -ENOENT && !w->unreadable)
			w->unreadable = true, w->why = err;
		vif_state_free(st);
	}
	closedir(d);
	return stop;
}

typedef struct step_query { vif_step_kind kind; const char *name; } step_query;

static bool records(vif_state *st, void *data)
{
	const step_query *q = data;

	for (size_t i = 0; i < st->nsteps; i++)
		if (st->steps[i].kind == q->kind && streq(st->steps[i].name, q->name))
			return true;
	return false;
}

/* 1 when fn stopped the walk, 0 when not and every file was read, else -EIO (*why says
 * which file could not be read). */
static int walk_result(const vn_paths *paths, const char *self, others_walk *w, vn_err *why)
{
	if (each_other_state(paths, self, w))
		return 1;
	if (!w->unreadable)
		return 0;
	if (why)
		*why = w->why;
	return -EIO;
}

int vif_others_record(const vn_paths *paths, const char *self, vif_step_kind kind, const char *name, vn_err *why)
{
	step_query q = { kind, name };
	others_walk w = { .fn = records, .data = &q };

	return walk_result(paths, self, &w, why);
}

static bool any(vif_state *st, void *data)
{
	(void)st, (void)data;
	return true;
}

/* Forwarding goes back off only if it was off and neither another vif nor a network runs
 * (a state file that cannot be read may be another vif's: forwarding stays, with a note). */
static int undo_forwarding(vn_run *r, const vn_paths *paths, const vif_state *st, const vif_step *s, vn_err *err)
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
	if (networks || (rc = walk_result(paths, st->dev, &w, &why)) > 0)
		return 0;
	if (rc < 0) {
		vn_note(r->notes, "sysctl %s is left as it is, as another vif may need it: %s; correct or remove that state file",
			s->name, why.msg);
		return 0;
	}
	return sysctl_write(s->name, s->value, err);
}

static int undo_firewall(vn_run *r, const vn_paths *paths, const vif_state *st, const vif_step *s, vn_err *err)
{
	char family[8], table[80];
	_cleanup_free_ char *text = NULL;
	vn_err why = {0};
	int others, rc;

	if (vif_step_fw_table(s->name, family, table) < 0)
		return vn_err_set(err, EINVAL, "step firewall names '%s', not '<inet|bridge> <table>'", s->name);
	if ((others = vif_others_record(paths, st->dev, VS_FIREWALL, s->name, &why)) < 0)
		vn_note(r->notes, "table %s %s is kept, as another vif may still have rules in it: %s; correct or remove that state "
			"file, and once no vif uses the table, delete it with 'nft delete table %s %s'", family, table, why.msg, family, table);
	if ((rc = vif_fw_render_remove(family, table, st->dev, others == 0, &text, err)) < 0)
		return rc;
	return fw_apply(r->fw, text, err);
}

/* An adopted port: unplugged and forgotten through the port code; the device stays. */
static int undo_port(vn_run *r, const vn_paths *paths, const vif_step *s, vn_err *err)
{
	char path[PATH_MAX];
	vn_status *net = NULL;
	vn_port *p = NULL;
	int rc = port_lookup(paths, s->name, &p, NULL);

	if (rc < 0)
		return 0;   /* never recorded, or already forgotten */
	if (state_path_xml(path, sizeof(path), paths->status, s->value) == 0 && status_read(path, &net, NULL) == 0 && !net->active) {
		status_free(net);
		net = NULL;
	}
	rc = port_delete(r, net, p, err);
	status_free(net);
	port_free(p);
	return rc;
}

static int undo_link(vn_run *r, const vif_state *st, const vif_step *s, vn_err *err)
{
	vn_route rt = { .dst = s->addr, .prefix = s->prefix, .oif = s->ifindex, .metric = s->metric, .prefsrc = s->src };
	vn_link_info li, br;

	if (!device_is(r, st, s->ifindex))
		return 0;   /* gone, and with it whatever we set on it */
	switch (s->kind) {
	case VS_LINK_UP:
		return nl_link_set_up(r->nl, s->ifindex, streq(s->value, "up"), err);
	case VS_MAC:
		return nl_link_set_mac(r->nl, s->ifindex, &s->mac, err);
	case VS_MTU:
		return nl_link_set_mtu(r->nl, s->ifindex, s->mtu, err);
	case VS_MASTER:
		/* only off the bridge we put it on */
		if (nl_link_get(r->nl, st->dev, &li, NULL) < 0 || !li.master || nl_link_get(r->nl, s->name, &br, NULL) < 0 ||
		    br.ifindex != li.master)
			return 0;
		return nl_link_set_master(r->nl, s->ifindex, 0, err);
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

static int undo_one(vn_run *r, const vn_paths *paths, const vif_state *st, const vif_step *s, vn_err *err)
{
	switch (s->kind) {
	case VS_SYSCTL:
		return sysctl_write(s->name, s->value, err);
	case VS_FORWARDING:
		return undo_forwarding(r, paths, st, s, err);
	case VS_FIREWALL:
		return undo_firewall(r, paths, st, s, err);
	case VS_DNSMASQ:
		return vif_dhcp_stop(paths->run, s->name, s->pid, err);
	case VS_PORT:
		return undo_port(r, paths, s, err);
	default:
		return undo_link(r, st, s, err);
	}
}

size_t vif_undo_reverse(void *items, size_t n, size_t size, vif_undo_fn undo, void *ctx, int *first, vn_err *err)
{
	char *v = items;
	size_t dst = n;   /* the kept ones gather at the end, in their order */

	for (size_t i = n; i-- > 0;) {
		vn_err e = {0};
		int rc = undo(v + i * size, ctx, &e);
		if (rc >= 0)
			continue;
		if (!*first)
			*first = rc, *err = e;
		if (--dst != i)
			memcpy(v + dst * size, v + i * size, size);
	}
	if (dst > 0 && dst < n)
		memmove(v, v + dst * size, (n - dst) * size);
	return n - dst;
}

typedef struct undo_ctx { vn_run *r; const vn_paths *paths; const vif_state *st; const char *path; } undo_ctx;

/* One recorded step; "already gone" counts as undone. */
static int undo_step(void *item, void *data, vn_err *err)
{
	undo_ctx *c = data;
	vif_step *s = item;
	int rc = undo_one(c->r, c->paths, c->st, s, err);

	if (rc < 0 && gone(rc))
		return 0;
	if (rc < 0)
		vn_err_prefix(err, "undoing step '%s' recorded in %s", vif_step_kind_to_string(s->kind), c->path);
	return rc;
}

int vif_undo_all(vn_run *r, const vn_paths *paths, vif_state *st, const char *path, vn_err *err)
{
	undo_ctx c = { r, paths, st, path };
	int first = 0;

	st->nsteps = vif_undo_reverse(st->steps, st->nsteps, sizeof(*st->steps), undo_step, &c, &first, err);
	if (st->nsteps)
		return vif_state_write(path, st, NULL), first;
	if (unlink(path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	return 0;
}

typedef struct sweep_ctx { vn_run *r; const vn_paths *paths; vn_notes *notes; } sweep_ctx;

static bool sweep_one(vif_state *st, void *data)
{
	sweep_ctx *c = data;
	char path[PATH_MAX];
	vn_err err = {0};

	if (device_is(c->r, st, st->ifindex) || vif_state_path(c->paths->run, st->dev, path, sizeof(path)) < 0)
		return false;
	if (vif_undo_all(c->r, c->paths, st, path, &err) < 0)
		vn_note(c->notes, "%s is gone but what vif-virtnet set up for it could not all be undone: %s", st->dev, err.msg);
	else
		vn_note(c->notes, "%s was gone without an offline; what vif-virtnet had set up for it is undone", st->dev);
	return false;
}

void vif_sweep_vanished(vn_run *r, const vn_paths *paths, const char *self, vn_notes *notes)
{
	sweep_ctx c = { r, paths, notes };
	others_walk w = { .fn = sweep_one, .data = &c };

	each_other_state(paths, self, &w);   /* a file it cannot read is not known to be gone */
}
