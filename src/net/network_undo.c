/* network_undo.c - undo journaled steps in reverse: failed starts, destroy, interrupted starts
 * and destroys */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall.h"
#include "net/network_internal.h"
#include "kernel/netlink.h"
#include "port/port.h"

/* The live definitions of every active network, read from the status files on disk. */
static int active_networks(vn_run *r, const char *skip, vn_status ***out, size_t *count,
			   vn_err *err)
{
	DIR *d = opendir(r->paths->status);
	struct dirent *e;
	vn_status **v = NULL;
	size_t k = 0;

	*out = NULL;
	*count = 0;
	if (!d)
		return errno == ENOENT ? 0
				       : vn_err_set(err, errno, "cannot read %s: %s",
						    r->paths->status, strerror(errno));
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		vn_status *st = NULL;
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= 4)
			continue;
		if (strcmp(e->d_name + n - 4, ".xml") != 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", r->paths->status, e->d_name) >=
		    (int)sizeof(path))
			continue;
		if (status_read(path, &st, NULL) < 0)
			continue;
		vn_status **nv = st->active && !(skip && strcmp(st->live->name, skip) == 0)
					 ? realloc(v, (k + 1) * sizeof(*v))
					 : NULL;
		if (!nv) {
			status_free(st);
			continue;
		}
		v = nv;
		v[k++] = st;
	}
	closedir(d);
	*out = v;
	*count = k;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(vn_status *const *)a)->live->name, (*(vn_status *const *)b)->live->name);
}

int network_firewall_rebuild(vn_run *r, const char *skip, vn_err *err)
{
	vn_status **sts = NULL;
	size_t k = 0;
	int rc = active_networks(r, skip, &sts, &k, err);
	const vn_network **nets = rc == 0 ? calloc(k + 1, sizeof(*nets)) : NULL;

	if (k > 1)
		/* the same table text whatever readdir says */
		qsort(sts, k, sizeof(*sts), by_name);
	for (size_t i = 0; nets && i < k; i++)
		nets[i] = sts[i]->live;
	char *text = nets ? fw_render_full(r->table, nets, k) : NULL;
	if (rc == 0)
		rc = text ? fw_apply(r->fw, text, err) : vn_err_set(err, ENOMEM, "out of memory");
	free(text);
	free(nets);
	for (size_t i = 0; i < k; i++)
		status_free(sts[i]);
	free(sts);
	return rc;
}

/* Targeted removal, and the table goes when no network uses it any more; when our objects
 * are already gone (someone flushed the table), rebuild it from the other networks. */
static int undo_firewall(vn_run *r, const vn_network *n, vn_err *err)
{
	vn_err ignore = {0};
	char *text = fw_render_remove(r->table, n);
	int rc = text ? fw_apply(r->fw, text, &ignore) : -ENOMEM;

	free(text);
	if (rc < 0)
		return network_firewall_rebuild(r, n->name, err);
	if (fw_table_unused(r->fw) == 1)
		return fw_delete_table(r->fw, err);
	return 0;
}

int delete_own_link(vn_run *r, const vn_network *n, const char *name, int ifindex,
		    vn_err *err)
{
	vn_link_info li;
	char alias[64];
	int rc = nl_link_get(r->nl, name, &li, err);

	if (rc == -ENODEV)
		return 0;
	if (rc < 0)
		return rc;
	owner_alias(n, alias);
	if (li.ifindex != ifindex && strcmp(li.alias, alias) != 0)
		return 0;   /* not ours any more */
	rc = nl_link_delete(r->nl, li.ifindex, err);
	return rc == -ENODEV ? 0 : rc;
}

/* A change that is not there (an intended step never made, or someone removed it) is undone. */
static int gone_is_undone(int rc)
{
	return rc == -ENODEV || rc == -EADDRNOTAVAIL || rc == -ESRCH || rc == -ENOENT ? 0 : rc;
}

struct undoing {
	vn_run *r;
	vn_status *st;
};

static int undo_on_bridge(vn_run *r, const vn_step *s, bool bridge_goes, vn_err *err)
{
	vn_route rt = { .dst = s->addr,
			.prefix = s->prefix,
			.gw = s->gw,
			.oif = s->ifindex,
			.metric = s->metric };

	if (bridge_goes)
		return 0;   /* they go with it */
	switch (s->kind) {
	case STEP_ROUTE:
		return gone_is_undone(nl_route_del(r->nl, &rt, err));
	case STEP_ADDRESS:
		return gone_is_undone(nl_addr_del(r->nl, s->ifindex, &s->addr, s->prefix, err));
	default:
		return gone_is_undone(nl_link_set_up(r->nl, s->ifindex, false, err));
	}
}

static int undo_step(void *ctx, int kind, const void *step, vn_jstate state, vn_err *err)
{
	struct undoing *u = ctx;
	const vn_step *s = step;
	bool bridge_goes = status_find(u->st, STEP_BRIDGE, NULL) != NULL;

	/* every undo below is harmless for a change never made; a dnsmasq step begun but not
	 * finished names the process begin started, not yet its daemon */
	switch ((vn_step_kind)kind) {
	case STEP_PORT:
		return ports_detach_all(u->r, u->st->live->name, !bridge_goes, err);
	case STEP_DNSMASQ:
		return dnsmasq_stop(u->r->paths, u->st->live, s->pid, state == JSTEP_INTENDED, err);
	case STEP_FIREWALL:
		return undo_firewall(u->r, u->st->live, err);
	case STEP_BRIDGE:
		return delete_own_link(u->r, u->st->live, s->name, s->ifindex, err);
	case STEP_ROUTE:
	case STEP_ADDRESS:
	case STEP_LINK_UP:
		return undo_on_bridge(u->r, s, bridge_goes, err);
	case STEP_OVERLAY_FW:
	case STEP_VXLAN:
	case STEP_FDB:
	case STEP_OVERLAY_CONTROL:
		return network_overlay_undo(u->r, u->st, s, err);
	default:
		return 0;   /* sysctls die with the bridge; forwarding stays on, like libvirt */
	}
}

int network_undo_steps(vn_run *r, vn_status *st, vn_err *err)
{
	struct undoing u = { .r = r, .st = st };

	return journal_undo(&st->j, undo_step, &u, err);
}

/* The journal says "undoing" first: a destroy killed half-way is finished by the next command. */
int network_destroy(vn_run *r, vn_netobj *o, vn_err *err)
{
	vn_status *st = o->status;
	int rc = status_begin_undo(st, err);

	o->live = NULL;   /* not counted among the active networks while we take it down */
	if (rc == 0)
		rc = network_undo_steps(r, st, err);
	if (rc == 0)
		rc = status_remove(st, err);
	if (rc < 0)
		return rc;   /* the journal keeps what is left: the next command tries again */
	status_free(st);
	o->status = NULL;
	return 0;
}

void network_cleanup_interrupted(vn_run *r, vn_netlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		vn_netobj *o = &l->v[i];
		vn_err e = {0};
		if (!o->status || !status_orphaned(o->status))
			continue;
		const char *name = o->status->live->name;
		vn_note(r->notes,
			o->status->j.phase == JPHASE_DOING
				? "cleaning up an interrupted start of network '%s'"
				: "finishing an interrupted destroy of network '%s'",
			name);
		if (network_destroy(r, o, &e) < 0)
			vn_note(r->notes, "could not clean up network '%s': %s", name, e.msg);
	}
}
