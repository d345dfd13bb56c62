/* hostbridge_run.c - create (plan, record, make, roll back), delete, clean up */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostbridge_internal.h"
#include "sysctl.h"
#include "util/fault.h"

/* "hostbridge-<kind>" fails the first step of a kind, "hostbridge-<kind>-<n>" the n-th. */
static int injected(vn_hb_step_kind kind, unsigned nth, vn_err *err)
{
	char first[64], any[80];

	snprintf(first, sizeof(first), "hostbridge-%s", hb_step_kind_to_string(kind));
	snprintf(any, sizeof(any), "%s-%u", first, nth);
	if (nth == 1 && fault_point(first) < 0)
		return vn_err_set(err, EIO, "injected failure at step '%s'", first);
	if (fault_point(any) < 0)
		return vn_err_set(err, EIO, "injected failure at step '%s'", any);
	return 0;
}

/* "hostbridge-<kind>-recorded": the first step of a kind fails after it is recorded but
 * before it is made, as when the kernel refuses it; undo must cope with a step never made. */
static int injected_recorded(vn_hb_step_kind kind, unsigned nth, vn_err *err)
{
	char point[80];

	snprintf(point, sizeof(point), "hostbridge-%s-recorded", hb_step_kind_to_string(kind));
	if (nth == 1 && fault_point(point) < 0)
		return vn_err_set(err, EIO, "injected failure at step '%s'", point);
	return 0;
}

/* Written before the step is made: a crash after this point is rolled back from the file. */
static int record(hb_ctx *x, const vn_hb_step *s, vn_err *err)
{
	if (hb_add_step(x->hb, s) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	return hb_write(x->r->paths, x->hb, err);
}

static int run_plan(hb_ctx *x, const vn_hb_step *plan, size_t n, vn_err *err)
{
	unsigned count[HB_STEP__COUNT] = {0};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		vn_hb_step s = plan[i];
		if ((rc = injected(s.kind, ++count[s.kind], err)) < 0)
			break;
		if (s.kind == HB_STEP_SYSCTL)
			hb_sysctl_prepare(x, &s);
		if ((rc = record(x, &s, err)) == 0 && (rc = injected_recorded(s.kind, count[s.kind], err)) == 0)
			rc = hb_step_do(x, &x->hb->steps[x->hb->nsteps - 1], err);
	}
	return rc;
}

/* Undo every step in reverse, as far as possible; the ones that failed stay recorded. */
static int undo_all(hb_ctx *x, vn_err *err)
{
	vn_hostbridge *hb = x->hb;
	char name[IF_NAMESIZE];
	size_t keep = 0;
	int first = 0;

	x->nic_gone = !if_indextoname((unsigned)hb->nic_ifindex, name);
	if (x->nic_gone)
		vn_note(x->r->notes, "interface '%s' (index %d) is gone: its addresses and routes cannot be given back",
			hb->nic, hb->nic_ifindex);
	for (size_t i = hb->nsteps; i-- > 0;) {
		vn_err e = {0};
		int rc = hb_step_undo(x, &hb->steps[i], &e);
		if (rc < 0 && !first) {
			first = rc;
			*err = e;
		}
		if (rc < 0)
			hb->steps[keep++] = hb->steps[i];   /* in reverse; put back in order below */
	}
	for (size_t i = 0; i < keep / 2; i++) {
		vn_hb_step t = hb->steps[i];
		hb->steps[i] = hb->steps[keep - 1 - i];
		hb->steps[keep - 1 - i] = t;
	}
	hb->nsteps = keep;
	return first;
}

/* A failed create: undo, and keep the file only if something could not be undone. */
static void roll_back(hb_ctx *x, vn_err *err)
{
	vn_err e = {0};

	if (undo_all(x, &e) < 0) {
		size_t len = strlen(err->msg);
		snprintf(err->msg + len, sizeof(err->msg) - len, "; undoing the steps made so far failed too (%s); "
			 "the next hostbridge command tries again", e.msg);
		hb_write(x->r->paths, x->hb, &e);
		return;
	}
	hb_remove(x->r->paths, x->hb->name, &e);
}

struct nic_data {
	vn_hb_nic nic;
	vn_nl_addr *addrs;
	vn_nl_route *routes;
};

static int read_nic(vn_run *r, const vn_hb_request *q, struct nic_data *d, vn_err *err)
{
	vn_link_info other;
	vn_err ignore = {0};
	int rc = nl_link_get(r->nl, q->nic, &d->nic.link, err);

	if (rc == -ENODEV || rc == -EINVAL)
		return vn_err_set(err, ENODEV, "cannot create host bridge '%s': interface '%s' does not exist; name an "
				  "existing network interface with --dev ('ip link' lists them)", q->bridge, q->nic);
	if (rc < 0)
		return rc;
	if (d->nic.link.master && !if_indextoname((unsigned)d->nic.link.master, d->nic.master_name))
		d->nic.master_name[0] = '\0';
	d->nic.bridge_exists = nl_link_get(r->nl, q->bridge, &other, &ignore) != -ENODEV;
	d->nic.have_bridge_nf = access("/proc/sys/net/bridge/bridge-nf-call-iptables", F_OK) == 0;
	if ((rc = nl_addr_dump_dev(r->nl, d->nic.link.ifindex, &d->addrs, &d->nic.naddrs, err)) < 0 ||
	    (rc = nl_route_dump_dev(r->nl, d->nic.link.ifindex, &d->routes, &d->nic.nroutes, err)) < 0)
		return rc;
	d->nic.addrs = d->addrs;
	d->nic.routes = d->routes;
	return 0;
}

static int refuse_existing(vn_run *r, const char *name, vn_err *err)
{
	vn_hostbridge *old = NULL;
	vn_err ignore = {0};

	if (hb_read(r->paths, name, &old, &ignore) < 0)
		return 0;
	vn_err_set(err, EEXIST, "cannot create host bridge '%s': it already exists (over '%s'); delete it first "
		   "(virtnet hostbridge delete %s)", name, old->nic, name);
	hb_free(old);
	return -EEXIST;
}

static void after_create(vn_run *r, const vn_hostbridge *hb)
{
	char v[16] = "";

	if (hb->bridge_nf_off && access("/proc/sys/net/bridge/bridge-nf-call-iptables", F_OK) < 0)
		vn_note(r->notes, "br_netfilter is not loaded: bridged frames do not pass the IP firewall; "
			"--bridge-nf off had nothing to change");
	if (!hb->bridge_nf_off && sysctl_read("net/bridge/bridge-nf-call-iptables", v, sizeof(v)) == 0 && strcmp(v, "0") != 0)
		hb_fw_drop_notes(r, hb->name);
}

static int create_run(vn_run *r, const vn_hb_request *q, vn_hostbridge *hb, vn_err *err)
{
	struct nic_data d = {0};
	vn_hb_step *plan = NULL;
	size_t n = 0;
	hb_ctx x = { r, hb, false };
	int rc;

	hb->stamp = hb_now();
	if ((rc = refuse_existing(r, q->bridge, err)) < 0 || (rc = read_nic(r, q, &d, err)) < 0 ||
	    (rc = hb_plan(q, &d.nic, hb, &plan, &n, err)) < 0)
		goto out;
	hb->phase = HB_CREATING;
	hb->pid = getpid();
	if ((rc = hb_write(r->paths, hb, err)) < 0)
		goto out;
	rc = run_plan(&x, plan, n, err);
	if (rc == 0 && fault_point("hostbridge-done") < 0)
		rc = vn_err_set(err, EIO, "injected failure at step 'hostbridge-done'");
	if (rc == 0) {
		hb->phase = HB_ACTIVE;
		rc = hb_write(r->paths, hb, err);
	}
	if (rc < 0)
		roll_back(&x, err);
	else
		after_create(r, hb);
out:
	free(plan);
	free(d.addrs);
	free(d.routes);
	return rc;
}

int hostbridge_create(vn_run *r, const vn_hb_request *q, vn_hostbridge **out, vn_err *err)
{
	vn_hostbridge *hb = calloc(1, sizeof(*hb));
	int rc;

	if (out)
		*out = NULL;
	if (!hb)
		return vn_err_set(err, ENOMEM, "out of memory");
	rc = create_run(r, q, hb, err);
	if (rc == 0 && out)
		*out = hb;
	else
		hb_free(hb);
	return rc;
}

/* Other ports (guests) leave the bridge with it: say which. */
static void note_ports(vn_run *r, const vn_hostbridge *hb)
{
	vn_link_info *v = NULL;
	vn_err ignore = {0};
	size_t n = 0;

	if (!hb->ifindex || nl_link_dump(r->nl, &v, &n, &ignore) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (v[i].master == hb->ifindex && v[i].ifindex != hb->nic_ifindex)
			vn_note(r->notes, "interface '%s' was plugged into host bridge '%s': it is detached", v[i].name, hb->name);
	free(v);
}

int hostbridge_delete(vn_run *r, vn_hostbridge *hb, vn_err *err)
{
	hb_ctx x = { r, hb, false };
	vn_err ignore = {0};
	int rc;

	note_ports(r, hb);
	hb->phase = HB_DELETING;
	if ((rc = hb_write(r->paths, hb, err)) < 0)
		return rc;
	if ((rc = undo_all(&x, err)) < 0) {
		hb->phase = HB_ACTIVE;
		hb_write(r->paths, hb, &ignore);
		return rc;
	}
	return hb_remove(r->paths, hb->name, err);
}

void hostbridge_cleanup_interrupted(vn_run *r)
{
	vn_hostbridge **all = NULL;
	size_t n = 0;
	vn_err err = {0};

	if (hb_load_all(r->paths, &all, &n, r->notes, &err) < 0)
		vn_note(r->notes, "%s", err.msg);
	for (size_t i = 0; i < n; i++) {
		vn_hostbridge *hb = all[i];
		vn_err e = {0};
		if (hb->phase == HB_ACTIVE)
			continue;
		vn_note(r->notes, "%s an interrupted %s of host bridge '%s' over '%s'",
			hb->phase == HB_CREATING ? "rolling back" : "finishing",
			hb->phase == HB_CREATING ? "create" : "delete", hb->name, hb->nic);
		if (hostbridge_delete(r, hb, &e) < 0)
			vn_note(r->notes, "could not clean up host bridge '%s': %s", hb->name, e.msg);
	}
	hb_list_free(all, n);
}
