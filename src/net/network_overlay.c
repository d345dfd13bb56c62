/* network_overlay.c - the steps of a network across hosts (doc/overlay.md): our bridge
 * table's overlay rules, the VXLAN device in the bridge, its forwarding entries, and the
 * control plane's hook; each journaled like every step of start, undone in reverse, and the
 * VXLAN device made again by a repair */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/overlay.h"
#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"
#include "net/network_internal.h"
#include "overlay/overlay.h"
#include "util/cleanup.h"

/* The most forwarding entries a start writes: a flood entry per other peer, two towards
 * the DHCP authority. */
#define OVL_FDB_MAX 1024

struct ovl_ctx {
	vn_run *r;
	vn_status *st;
	const vn_network *n;
	const vn_ovl_self *self;
	int bridge;
	int vxlan;
};

int network_overlay_prepare(vn_run *r, vn_network *def, vn_ovl_self *self, vn_err *err)
{
	unsigned mtu;
	int rc;

	if (!def->overlay)
		return 0;
	rc = overlay_find_self(r->nl, def, self, err);
	if (rc == 0)
		rc = overlay_mtu(def, self, &mtu, err);
	if (rc == 0)
		def->mtu = mtu;   /* the live definition: its bridge, its ports, DHCP's option */
	return rc;
}

static void role_of(const vn_network *n, const vn_addr *local, const char *vxlan,
		    vn_fwo_role *role)
{
	*role = (vn_fwo_role){ .vxlan = vxlan,
			       .authority = overlay_is_authority(n->overlay, local),
			       .defers = overlay_defers_dhcp(n->overlay, local) };
}

static int make_overlay_fw(void *ctx, int kind, void *step, vn_err *err)
{
	struct ovl_ctx *c = ctx;
	char vxlan[16];
	vn_fwo_role role;

	(void)kind, (void)step;
	overlay_vxlan_name(c->n->overlay, vxlan);
	role_of(c->n, &c->self->local, vxlan, &role);
	_cleanup_free_ char *text = fwo_render_add(c->r->table, c->n, &role);
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	return fw_apply(c->r->fw, text, err);
}

static int make_vxlan(void *ctx, int kind, void *step, vn_err *err)
{
	struct ovl_ctx *c = ctx;
	const vn_overlay *o = c->n->overlay;
	vn_step *st = step;
	char alias[64];
	int rc;

	(void)kind;
	owner_alias(c->n, alias);
	vn_vxlan_opts v = { .name = st->name, .vni = o->vni, .local = c->self->local,
			    .underlay_ifindex = c->self->underlay_ifindex,
			    .port = overlay_port(o),
			    .learning = overlay_control(o->control)->learning,
			    .mtu = c->n->mtu, .alias = alias };
	rc = nl_vxlan_create(c->r->nl, &v, &c->vxlan, err);
	st->ifindex = c->vxlan;
	if (rc == 0)
		rc = nl_link_set_master(c->r->nl, c->vxlan, c->bridge, err);
	if (rc == 0 && !v.learning)   /* else the bridge takes remote MACs for local ones */
		rc = nl_bridge_port_learning(c->r->nl, c->vxlan, false, err);
	if (rc == 0)
		rc = nl_link_set_up(c->r->nl, c->vxlan, true, err);
	return rc;
}

static void fdb_of_step(const vn_step *s, vn_vxfdb *e)
{
	*e = (vn_vxfdb){ .ifindex = s->ifindex, .dst = s->addr, .master = !addr_valid(&s->addr) };
	mac_parse(s->value, &e->mac);
}

static int make_fdb(void *ctx, int kind, void *step, vn_err *err)
{
	struct ovl_ctx *c = ctx;
	vn_vxfdb e;

	(void)kind;
	fdb_of_step(step, &e);
	return nl_fdb_add(c->r->nl, &e, err);
}

static int fdb_steps(struct ovl_ctx *c, const vn_vxfdb *v, size_t n, vn_err *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		vn_step st = { .kind = STEP_FDB, .ifindex = c->vxlan, .addr = v[i].dst };
		mac_format(&v[i].mac, st.value);
		rc = status_step(c->st, &st, make_fdb, c, err);
	}
	return rc;
}

static int make_control(void *ctx, int kind, void *step, vn_err *err)
{
	struct ovl_ctx *c = ctx;
	char vxlan[16];

	(void)kind, (void)step;
	overlay_vxlan_name(c->n->overlay, vxlan);
	return overlay_control(c->n->overlay->control)->start(c->r->paths->run, c->n, c->self,
							       vxlan, err);
}

static int step_fdbs(struct ovl_ctx *c, const vn_ovl_control_ops *ops, vn_err *err)
{
	_cleanup_free_ vn_vxfdb *v = calloc(OVL_FDB_MAX, sizeof(*v));
	size_t n = 0;
	int rc;

	if (!v)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (ops->flood)
		ops->flood(c->n, c->self, c->vxlan, v, OVL_FDB_MAX - 2, &n);
	rc = fdb_steps(c, v, n, err);
	if (rc < 0)
		return rc;
	overlay_authority_fdb(c->n->overlay, &c->self->local, c->vxlan, v, &n);
	return fdb_steps(c, v, n, err);
}

int network_overlay_steps(vn_run *r, vn_status *st, const vn_ovl_self *self, int bridge,
			  vn_err *err)
{
	struct ovl_ctx c = { .r = r, .st = st, .n = st->live, .self = self, .bridge = bridge };
	const vn_ovl_control_ops *ops;
	vn_step s = { .kind = STEP_OVERLAY_FW };
	int rc;

	if (!c.n->overlay)
		return 0;
	ops = overlay_control(c.n->overlay->control);
	snprintf(s.name, sizeof(s.name), "%s", r->table);
	rc = status_step(st, &s, make_overlay_fw, &c, err);
	if (rc < 0)
		return rc;
	s = (vn_step){ .kind = STEP_VXLAN, .addr = self->local };
	overlay_vxlan_name(c.n->overlay, s.name);
	rc = status_step(st, &s, make_vxlan, &c, err);
	if (rc == 0)
		rc = step_fdbs(&c, ops, err);
	if (rc < 0 || !ops->start)
		return rc;
	s = (vn_step){ .kind = STEP_OVERLAY_CONTROL };
	snprintf(s.name, sizeof(s.name), "%s", ovl_control_to_string(c.n->overlay->control));
	return status_step(st, &s, make_control, &c, err);
}

bool network_overlay_runs_dnsmasq(const vn_status *st)
{
	const vn_step *vx = status_find(st, STEP_VXLAN, NULL);

	return !st->live->overlay || !vx || !overlay_defers_dhcp(st->live->overlay, &vx->addr);
}

static int undo_overlay_fw(vn_run *r, const vn_network *n, const vn_status *st, vn_err *err)
{
	const vn_step *vx = status_find(st, STEP_VXLAN, NULL);
	char vxlan[16], keys[3][32];
	const char *k[3] = { keys[0], keys[1], keys[2] };
	vn_fwb_state fst = {0};
	int rc;

	overlay_vxlan_name(n->overlay, vxlan);
	fwo_keys(n, vx ? vx->name : vxlan, keys);
	rc = fw_bridge_state(r->fw, &fst, err);
	if (rc < 0)
		return rc;
	_cleanup_free_ char *text = fwb_render_remove(r->table, &fst, k, 3);
	fwb_state_free(&fst);
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	return text[0] ? fw_apply(r->fw, text, err) : 0;
}

int network_overlay_undo(vn_run *r, vn_status *st, const vn_step *s, vn_err *err)
{
	const vn_network *n = st->live;
	bool vxlan_goes = status_find(st, STEP_VXLAN, NULL) != NULL;
	vn_vxfdb e;
	int rc;

	switch (s->kind) {
	case STEP_OVERLAY_CONTROL:
		return overlay_control(n->overlay->control)->stop(r->paths->run, n, err);
	case STEP_FDB:
		if (vxlan_goes)
			return 0;   /* the entries go with the device */
		fdb_of_step(s, &e);
		rc = nl_fdb_del(r->nl, &e, err);
		return rc == -ENOENT || rc == -ENODEV ? 0 : rc;
	case STEP_VXLAN:
		return delete_own_link(r, n, s->name, s->ifindex, err);
	case STEP_OVERLAY_FW:
		return undo_overlay_fw(r, n, st, err);
	default:
		return 0;
	}
}

/* The VXLAN device is there, ours, in the bridge and up */
static bool vxlan_intact(vn_run *r, const vn_status *st, int bridge)
{
	const vn_step *vx = status_find(st, STEP_VXLAN, NULL);
	vn_link_info li;
	char alias[64];

	if (!vx || nl_link_get(r->nl, vx->name, &li, NULL) < 0)
		return !vx;
	owner_alias(st->live, alias);
	return strcmp(li.alias, alias) == 0 && li.master == bridge && (li.flags & IFF_UP);
}

/* Made again as start made it, with its forwarding entries; the journal records the new
 * index. A device of that name that is not ours is left alone. */
static int remake_vxlan(struct ovl_ctx *c, vn_err *err)
{
	size_t n;
	vn_step *vx = status_find(c->st, STEP_VXLAN, &n);
	int rc = delete_own_link(c->r, c->n, vx->name, 0, err);   /* by our alias alone */

	if (rc == 0)
		rc = make_vxlan(c, STEP_VXLAN, vx, err);
	if (rc == 0)
		rc = status_update(c->st, n, err);
	for (size_t i = 0; rc == 0 && i < c->st->j.nsteps; i++) {
		vn_step *s = c->st->j.steps[i].data;
		vn_vxfdb e;
		if (s->kind != STEP_FDB || c->st->j.steps[i].state != JSTEP_DONE)
			continue;
		s->ifindex = c->vxlan;
		fdb_of_step(s, &e);
		rc = nl_fdb_add(c->r->nl, &e, err);
		if (rc == 0)
			rc = status_update(c->st, i, err);
	}
	return rc;
}

int network_overlay_repair(vn_run *r, vn_status *st, int bridge, vn_notes *report, vn_err *err)
{
	const vn_step *vx = status_find(st, STEP_VXLAN, NULL);
	vn_ovl_self self;
	int rc;

	if (!st->live->overlay || !vx || vxlan_intact(r, st, bridge))
		return 0;
	rc = overlay_find_self(r->nl, st->live, &self, err);
	if (rc < 0)
		return rc;
	struct ovl_ctx c = { .r = r, .st = st, .n = st->live, .self = &self, .bridge = bridge };
	rc = remake_vxlan(&c, err);
	if (rc == 0)
		rc = make_overlay_fw(&c, STEP_OVERLAY_FW, NULL, err);
	if (rc == 0)
		vn_note(report, "Network %s: VXLAN device %s was gone or out of the bridge; made "
			"again", st->live->name, vx->name);
	return rc;
}

/* The control's own part, when start made it (its step done) */
static const vn_ovl_control_ops *control_made(const vn_status *st)
{
	size_t i;
	const vn_step *s = st->live->overlay ? status_find(st, STEP_OVERLAY_CONTROL, &i) : NULL;
	const vn_ovl_control_ops *ops = s ? overlay_control(st->live->overlay->control) : NULL;

	return ops && ops->intact && st->j.steps[i].state == JSTEP_DONE ? ops : NULL;
}

bool network_overlay_control_intact(vn_run *r, const vn_status *st)
{
	const vn_ovl_control_ops *ops = control_made(st);

	return !ops || ops->intact(r->paths->run, st->live) == 1;
}

int network_overlay_control_repair(vn_run *r, const vn_status *st, vn_notes *report,
				   vn_err *err)
{
	const vn_ovl_control_ops *ops = control_made(st);
	char what[512];
	int rc;

	if (!ops)
		return 0;
	rc = ops->repair(r->paths->run, st->live, what, sizeof(what), err);
	if (rc == 0 && what[0])
		vn_note(report, "%s", what);
	return rc;
}

/* Our bridge table holds the overlay's rules: its chains, and the VXLAN port's element
 * jumping to them */
bool network_overlay_fw_intact(vn_run *r, const vn_status *st)
{
	const vn_step *vx = st->live->overlay ? status_find(st, STEP_VXLAN, NULL) : NULL;
	vn_fwb_state fst = {0};
	char id[64], chain[96];
	bool chain_there = false, jump_there = false;

	if (!vx || !status_find(st, STEP_OVERLAY_FW, NULL))
		return true;
	if (fw_bridge_state(r->fw, &fst, NULL) < 0)
		return false;
	fw_chain_id(st->live->bridge, id);
	snprintf(chain, sizeof(chain), "%s_ovl_out", id);
	for (size_t i = 0; i < fst.nchains; i++)
		chain_there |= strcmp(fst.chains[i], chain) == 0;
	for (size_t i = 0; i < fst.nelems; i++)
		jump_there |= strcmp(fst.elems[i].set, "ovl_out") == 0 &&
			      strcmp(fst.elems[i].target, chain) == 0;
	fwb_state_free(&fst);
	return chain_there && jump_there;
}

int network_overlay_fw_repair(vn_run *r, vn_status *st, vn_notes *report, vn_err *err)
{
	const vn_step *vx = st->live->overlay ? status_find(st, STEP_VXLAN, NULL) : NULL;
	vn_ovl_self self = {0};
	int rc;

	if (!vx || network_overlay_fw_intact(r, st))
		return 0;
	self.local = vx->addr;   /* the role follows from it */
	struct ovl_ctx c = { .r = r, .st = st, .n = st->live, .self = &self };
	rc = make_overlay_fw(&c, STEP_OVERLAY_FW, NULL, err);
	if (rc == 0)
		vn_note(report, "Network %s: the overlay's rules were missing from table bridge %s; "
			"restored", st->live->name, r->table);
	return rc;
}
