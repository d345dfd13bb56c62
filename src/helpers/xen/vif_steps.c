/* vif_steps.c - record-then-change, and the steps every mode shares (see vif_ctx.h) */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "firewall/firewall.h"
#include "helpers/xen/vif_ctx.h"
#include "kernel/sysctl.h"
#include "kernel/tc.h"
#include "util/fault.h"

int vif_state_save(vif_ctx *c, vn_err *err)
{
	return vif_state_write(c->state_path, c->st, err);
}

/* act returns 1 when it filled something into the recorded step (then it is saved again). */
int vif_step_do(vif_ctx *c, const vif_step *s, vif_action act, void *data, vn_err *err)
{
	char point[48];
	int rc;

	if (vif_state_add(c->st, s) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	if ((rc = vif_state_save(c, err)) < 0) {
		c->st->nsteps--;
		return rc;
	}
	if ((rc = act(c, &c->st->steps[c->st->nsteps - 1], data, err)) < 0) {
		c->st->nsteps--;   /* the change was not made: nothing to undo for it */
		vif_state_save(c, NULL);
		return rc;
	}
	if (rc > 0 && (rc = vif_state_save(c, err)) < 0)
		return rc;
	snprintf(point, sizeof(point), "vif-%s", vif_step_kind_to_string(s->kind));
	if (fault_point(point) < 0)
		return vn_err_set(err, EIO, "injected failure after step '%s' (VIRTNET_FAIL_AT)", point);
	return 0;
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

	if ((rc = sysctl_read(key, old, sizeof(old))) < 0)
		return vn_err_set(err, -rc, "cannot read sysctl %s: %s", key, strerror(-rc));
	if (strcmp(old, value) == 0)
		return 0;   /* nothing to change, nothing to undo */
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
