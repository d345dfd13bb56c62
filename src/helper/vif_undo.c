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

#include "firewall.h"
#include "helper/vif_ctx.h"
#include "helper/vif_dhcp.h"
#include "helper/vif_fw.h"
#include "port.h"
#include "status.h"
#include "sysctl.h"
#include "tc.h"
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

/* The other state files (NULL dev: every one); fn returns true to stop. */
static bool each_other_state(const vn_paths *paths, const char *self, bool (*fn)(vif_state *st, void *data), void *data)
{
	char dir[PATH_MAX + 8], path[PATH_MAX + 300];
	DIR *d;
	struct dirent *e;
	bool stop = false;

	snprintf(dir, sizeof(dir), "%s/vifs", paths->run);
	if (!(d = opendir(dir)))
		return false;
	while (!stop && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		vif_state *st = NULL;
		if (e->d_name[0] == '.' || n <= 4 || strcmp(e->d_name + n - 4, ".xml") != 0 ||
		    (self && n - 4 == strlen(self) && strncmp(e->d_name, self, n - 4) == 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (vif_state_read(path, &st, NULL) == 0)
			stop = fn(st, data);
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

bool vif_others_record(const vn_paths *paths, const char *self, vif_step_kind kind, const char *name)
{
	step_query q = { kind, name };

	return each_other_state(paths, self, records, &q);
}

static bool any(vif_state *st, void *data)
{
	(void)st, (void)data;
	return true;
}

/* Forwarding goes back off only if it was off and neither another vif nor a network runs. */
static int undo_forwarding(const vn_paths *paths, const vif_state *st, const vif_step *s, vn_err *err)
{
	DIR *d = opendir(paths->status);
	struct dirent *e;
	bool networks = false;

	while (d && !networks && (e = readdir(d)))
		networks = e->d_name[0] != '.';
	if (d)
		closedir(d);
	if (networks || each_other_state(paths, st->dev, any, NULL))
		return 0;
	return sysctl_write(s->name, s->value, err);
}

static int undo_firewall(vn_run *r, const vn_paths *paths, const vif_state *st, const vif_step *s, vn_err *err)
{
	char family[16], table[128];
	_cleanup_free_ char *text = NULL;

	if (sscanf(s->name, "%15s %127s", family, table) != 2 || (!streq(family, "inet") && !streq(family, "bridge")))
		return vn_err_set(err, EINVAL, "step firewall names '%s', not '<inet|bridge> <table>'", s->name);
	text = vif_fw_render_remove(family, table, st->dev, !vif_others_record(paths, st->dev, VS_FIREWALL, s->name));
	return text ? fw_apply(r->fw, text, err) : vn_err_set(err, ENOMEM, "out of memory");
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
	if (path_join_xml(path, sizeof(path), paths->status, s->value) == 0 && status_read(path, &net, NULL) == 0 && !net->active) {
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
		return undo_forwarding(paths, st, s, err);
	case VS_FIREWALL:
		return undo_firewall(r, paths, st, s, err);
	case VS_DNSMASQ:
		return vif_dhcp_stop(s->name, s->pid, err);
	case VS_PORT:
		return undo_port(r, paths, s, err);
	default:
		return undo_link(r, st, s, err);
	}
}

int vif_undo_all(vn_run *r, const vn_paths *paths, vif_state *st, const char *path, vn_err *err)
{
	size_t keep = 0;
	int first = 0;

	for (size_t i = st->nsteps; i-- > 0;) {
		vn_err e = {0};
		int rc = undo_one(r, paths, st, &st->steps[i], &e);
		if (rc < 0 && !gone(rc)) {
			if (!first)
				first = rc, *err = e;
			st->steps[keep++] = st->steps[i];   /* kept in reverse; turned back below */
		}
	}
	for (size_t i = 0; i < keep / 2; i++) {
		vif_step t = st->steps[i];
		st->steps[i] = st->steps[keep - 1 - i];
		st->steps[keep - 1 - i] = t;
	}
	st->nsteps = keep;
	if (keep)
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

	each_other_state(paths, self, sweep_one, &c);
}
