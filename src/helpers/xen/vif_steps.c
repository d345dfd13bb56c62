/* vif_steps.c - journaled changes, and the steps every mode shares (see vif_ctx.h) */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "firewall/firewall.h"
#include "helpers/xen/vif_ctx.h"
#include "kernel/sysctl.h"
#include "kernel/tc.h"
#include "types/vtype.h"

typedef struct vif_making {
	vif_ctx *c;
	vif_action act;
	void *data;
} vif_making;

static int make(void *ctx, int kind, void *step, vn_err *err)
{
	vif_making *m = ctx;

	(void)kind;
	return m->act(m->c, step, m->data, err);
}

int vif_step_do(vif_ctx *c, vif_step *s, vif_action act, void *data, vn_err *err)
{
	vif_making m = { .c = c, .act = act, .data = data };

	return journal_step(&c->vj.j, (int)s->kind, s, make, &m, err);
}

static int act_link_up(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	bool up = *(bool *)data;
	int rc = nl_link_set_up(c->r->nl, s->ifindex, up, err);

	if (rc == 0)
		c->link.flags = up ? c->link.flags | IFF_UP : c->link.flags & ~(unsigned)IFF_UP;
	return rc;
}

int vif_set_link_up(vif_ctx *c, bool up, vn_err *err)
{
	bool is_up = c->link.flags & IFF_UP;
	vif_step s = { .kind = VS_LINK_UP, .ifindex = c->link.ifindex };

	if (is_up == up)
		return 0;
	snprintf(s.value, sizeof(s.value), "%s", is_up ? "up" : "down");
	return vif_step_do(c, &s, act_link_up, &up, err);
}

static int act_sysctl(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	(void)c;
	return sysctl_write(s->name, data, err);
}

int vif_set_sysctl(vif_ctx *c, vif_step_kind kind, const char *key, const char *value, vn_err *err)
{
	vif_step s = { .kind = kind };
	char old[64];
	int rc;

	rc = sysctl_read(key, old, sizeof(old));
	if (rc < 0)
		return vn_err_set(err, -rc, "cannot read sysctl %s: %s", key, strerror(-rc));
	if (strcmp(old, value) == 0)
		return 0;   /* nothing to change, nothing to undo */
	rc = vt_check(VT_SYSCTL_VALUE, old, err, "sysctl %s", key);
	if (rc < 0)
		return rc;   /* what the journal could not read back is never written to it */
	snprintf(s.name, sizeof(s.name), "%s", key);
	snprintf(s.value, sizeof(s.value), "%s", old);
	return vif_step_do(c, &s, act_sysctl, (void *)value, err);
}

static int act_rate(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	vn_bw_rate in;

	vif_rate_to_bw(data, &in);
	return tc_set_inbound(c->r->nl, s->ifindex, &in, err);
}

int vif_set_rate(vif_ctx *c, const vif_rate *rate, vn_err *err)
{
	vif_step s = { .kind = VS_TC, .ifindex = c->link.ifindex };

	return rate ? vif_step_do(c, &s, act_rate, (void *)rate, err) : 0;
}

static int act_firewall(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	(void)s;
	return fw_apply(c->r->fw, data, err);
}

int vif_apply_firewall(vif_ctx *c, const char *family, const char *text, vn_err *err)
{
	vif_step s = { .kind = VS_FIREWALL };

	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	snprintf(s.name, sizeof(s.name), "%s %s", family, c->table);
	return vif_step_do(c, &s, act_firewall, (void *)text, err);
}
