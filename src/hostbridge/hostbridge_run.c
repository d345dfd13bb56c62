/* hostbridge_run.c - create (plan, journal, make, roll back), delete, clean up */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostbridge/hostbridge_internal.h"
#include "kernel/sysctl.h"

/* The plan is journaled already: make its steps one by one (journal_step_planned marks each
 * intended before its change and done after). */
static int run_plan(hb_ctx *x, vn_err *err)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < x->hb->j.nsteps; i++)
		rc = journal_step_planned(&x->hb->j, i, hb_step_make, x, err);
	return rc;
}

/* Undo every step made (or about to be), last first, as far as possible; the ones that
 * failed stay journaled, and the rest of a plan is never undone. */
static int undo_all(hb_ctx *x, vn_err *err)
{
	vn_hostbridge *hb = x->hb;
	char name[IF_NAMESIZE];

	x->nic_gone = !if_indextoname((unsigned)hb->nic_ifindex, name);
	x->done.nic_gone = x->nic_gone;
	if (x->nic_gone)
		vn_note(x->r->notes,
			"interface '%s' (index %d) is gone: its addresses and routes cannot be "
			"given back",
			hb->nic, hb->nic_ifindex);
	return journal_undo(&hb->j, hb_step_undo, x, err);
}

static void append(vn_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(vn_err *err, const char *fmt, ...)
{
	size_t len = strlen(err->msg);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg + len, sizeof(err->msg) - len, fmt, ap);
	va_end(ap);
}

/* A failed create: undo, and keep the journal only if something could not be undone (it
 * says doing, by a process about to end: the next command tries again). */
static void roll_back(hb_ctx *x, vn_err *err)
{
	vn_err e = {0};

	if (undo_all(x, &e) < 0) {
		append(err,
		       "; undoing the steps made so far failed too (%s); the next hostbridge "
		       "command tries again",
		       e.msg);
		return;
	}
	if (journal_remove(&x->hb->j, &e) < 0)
		append(err,
		       "; everything was undone, but %s (the next hostbridge command removes it)",
		       e.msg);
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
		return vn_err_set(err, ENODEV,
				  "cannot create host bridge '%s': interface '%s' does not exist; "
				  "name an existing network interface with --dev ('ip link' lists "
				  "them)",
				  q->bridge, q->nic);
	if (rc < 0)
		return rc;
	if (d->nic.link.master && !if_indextoname((unsigned)d->nic.link.master, d->nic.master_name))
		d->nic.master_name[0] = '\0';
	d->nic.bridge_exists = nl_link_get(r->nl, q->bridge, &other, &ignore) != -ENODEV;
	d->nic.have_bridge_nf = access("/proc/sys/net/bridge/bridge-nf-call-iptables", F_OK) == 0;
	rc = nl_addr_dump_dev(r->nl, d->nic.link.ifindex, &d->addrs, &d->nic.naddrs, err);
	if (rc < 0)
		return rc;
	rc = nl_route_dump_dev(r->nl, d->nic.link.ifindex, &d->routes, &d->nic.nroutes, err);
	if (rc < 0)
		return rc;
	d->nic.addrs = d->addrs;
	d->nic.routes = d->routes;
	return 0;
}

static int refuse_existing(vn_run *r, const char *name, vn_err *err)
{
	vn_hostbridge *old = NULL;
	char path[PATH_MAX];
	vn_err e = {0};
	int rc;

	if (!hb_valid_ifname(name))
		return 0;   /* hb_plan refuses it, saying why */
	rc = hb_read(r->paths, name, &old, &e);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0) {
		if (hb_file(r->paths, name, path, sizeof(path)) < 0)
			snprintf(path, sizeof(path), "its state file");
		return vn_err_set(err, -rc,
				  "cannot create host bridge '%s': its state file cannot be read "
				  "(%s); virtnet does not replace a record it cannot read: repair "
				  "%s, or remove it if no host bridge '%s' is left over ('ip link "
				  "show %s')",
				  name, e.msg, path, name, name);
	}
	vn_err_set(err, EEXIST,
		   "cannot create host bridge '%s': it already exists (over '%s'); delete it first "
		   "(virtnet hostbridge delete %s)",
		   name, old->nic, name);
	hb_free(old);
	return -EEXIST;
}

static void after_create(vn_run *r, const vn_hostbridge *hb)
{
	char v[16] = "";

	if (hb->bridge_nf_off && access("/proc/sys/net/bridge/bridge-nf-call-iptables", F_OK) < 0)
		vn_note(r->notes, "br_netfilter is not loaded: bridged frames do not pass the IP "
			"firewall; --bridge-nf off had nothing to change");
	if (hb->bridge_nf_off)
		return;
	if (sysctl_read("net/bridge/bridge-nf-call-iptables", v, sizeof(v)) == 0 &&
	    strcmp(v, "0") != 0)
		hb_fw_drop_notes(r, hb->name);
}

/* The values the sysctl steps restore, known before the plan is journaled. */
static void prepare_sysctls(hb_ctx *x, vn_hb_step *plan, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (plan[i].kind == HB_STEP_SYSCTL)
			hb_sysctl_prepare(x, &plan[i]);
}

/* The NIC read, the plan made and checked: nothing is changed yet. */
static int plan_create(vn_run *r, const vn_hb_request *q, vn_hostbridge *hb, vn_hb_step **plan,
		       size_t *n, vn_err *err)
{
	struct nic_data d = {0};
	int rc = refuse_existing(r, q->bridge, err);

	hb->stamp = hb_now();
	if (rc == 0)
		rc = read_nic(r, q, &d, err);
	if (rc == 0)
		rc = hb_plan(q, &d.nic, hb, plan, n, err);
	free(d.addrs);
	free(d.routes);
	return rc;
}

static int create_run(vn_run *r, const vn_hb_request *q, vn_hostbridge *hb, vn_err *err)
{
	hb_ctx x = { r, hb, false, {0} };
	vn_hb_step *plan = NULL;
	size_t n = 0;
	int rc = plan_create(r, q, hb, &plan, &n, err);

	if (rc < 0)
		return rc;
	prepare_sysctls(&x, plan, n);
	rc = hb_journal_create(r->paths, hb, plan, n, err);
	free(plan);
	if (rc == 0)
		rc = run_plan(&x, err);
	if (rc == 0)
		rc = hb_set_phase(hb, JPHASE_DONE, err);
	if (rc < 0)
		roll_back(&x, err);
	else
		after_create(r, hb);
	return rc;
}

int hb_create(vn_run *r, const vn_hb_request *q, vn_hostbridge **out, vn_err *err)
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
			vn_note(r->notes,
				"interface '%s' was plugged into host bridge '%s': it is detached",
				v[i].name, hb->name);
	free(v);
}

/* The interfaces other than the NIC plugged into the bridge: their names, quoted and
 * comma-separated, into out (the first one bare into first); how many there are. */
static size_t plugged(vn_run *r, const vn_hostbridge *hb, char *out, size_t len, char first[16])
{
	vn_link_info br, *v = NULL;
	vn_err ignore = {0};
	size_t n = 0, nlinks = 0, used = 0;

	out[0] = first[0] = '\0';
	if (nl_link_get(r->nl, hb->name, &br, &ignore) < 0)
		return 0;
	if (hb->ifindex && br.ifindex != hb->ifindex)
		return 0;
	if (nl_link_dump(r->nl, &v, &nlinks, &ignore) < 0)
		return 0;
	for (size_t i = 0; i < nlinks; i++) {
		if (v[i].master != br.ifindex || v[i].ifindex == hb->nic_ifindex)
			continue;
		if (!n)
			snprintf(first, 16, "%s", v[i].name);
		if (used < len)
			used += (size_t)snprintf(out + used, len - used, "%s'%s'", n ? ", " : "",
						 v[i].name);
		n++;
	}
	free(v);
	return n;
}

static void join_names(const char *const *v, size_t n, size_t shown, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < shown && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s'%s'", i ? ", " : "", v[i]);
	if (n > shown && used < len)
		snprintf(out + used, len - used, " and %zu more", n - shown);
}

#define MAX_NETS 8

static int refuse_busy(const vn_hostbridge *hb, const char *const *nets, size_t nn,
		       const char *ports, size_t np, const char *port, vn_err *err)
{
	char names[256], cause[640] = "", fix[320] = "";
	size_t c, f;

	join_names(nets, nn, nn < MAX_NETS ? nn : MAX_NETS, names, sizeof(names));
	if (nn)
		snprintf(cause, sizeof(cause), "running network%s %s use%s it", nn > 1 ? "s" : "",
			 names, nn > 1 ? "" : "s");
	if (nn == 1)
		snprintf(fix, sizeof(fix), "stop it first (virtnet destroy %s)", nets[0]);
	else if (nn)
		snprintf(fix, sizeof(fix), "stop them first (virtnet destroy NETWORK)");
	c = strlen(cause);
	f = strlen(fix);
	if (np) {
		snprintf(cause + c, sizeof(cause) - c, "%sinterface%s %s %s plugged into it",
			 nn ? " and " : "", np > 1 ? "s" : "", ports, np > 1 ? "are" : "is");
		snprintf(fix + f, sizeof(fix) - f, "%stake %s out (ip link set %s nomaster)",
			 nn ? " and " : "", np > 1 ? "them" : "it", np > 1 ? "DEVICE" : port);
	}
	return vn_err_set(err, EBUSY,
			  "cannot delete host bridge '%s': %s; %s, or pass --force to delete it "
			  "anyway",
			  hb->name, cause, fix);
}

int hb_check_unused(vn_run *r, const vn_netlist *l, const vn_hostbridge *hb, bool force,
		    vn_err *err)
{
	const char *nets[MAX_NETS];
	char ports[256], port[16];
	size_t nn = hb_networks_using(l, hb->name, nets, MAX_NETS), np;

	if (force) {
		for (size_t i = 0; i < nn && i < MAX_NETS; i++)
			vn_note(r->notes,
				"network '%s' runs on host bridge '%s', which goes: its guests are "
				"cut off until the bridge is back; destroy the network, or create "
				"the host bridge again and restart it",
				nets[i], hb->name);
		return 0;
	}
	np = plugged(r, hb, ports, sizeof(ports), port);
	return nn || np ? refuse_busy(hb, nets, nn, ports, np, port, err) : 0;
}

/* The journal says undoing first: a delete killed half-way is finished by the next command. */
int hb_delete(vn_run *r, vn_hostbridge *hb, vn_hb_undone *done, vn_err *err)
{
	hb_ctx x = { r, hb, false, {0} };
	vn_jphase was = hb->j.phase;
	vn_err ignore = {0};
	int rc;

	note_ports(r, hb);
	rc = hb_set_phase(hb, JPHASE_UNDOING, err);
	if (rc < 0)
		return rc;
	rc = undo_all(&x, err);
	if (done)
		*done = x.done;
	if (rc == 0)
		return journal_remove(&hb->j, err);
	/* an interrupted create or delete stays one: the next command tries again */
	hb_set_phase(hb, was, &ignore);
	if (was == JPHASE_DONE)
		append(err,
		       "; the steps not undone stay recorded in %s; fix the cause and run 'virtnet "
		       "hostbridge delete %s' again",
		       hb->j.path, hb->name);
	else
		append(err,
		       "; the steps not undone stay recorded in %s; fix the cause, and the next "
		       "hostbridge command tries again",
		       hb->j.path);
	return rc;
}

int hb_delete_named(vn_run *r, const vn_netlist *l, const char *name, bool force,
		    vn_hostbridge **out, vn_hb_undone *done, vn_err *err)
{
	int rc = hb_read(r->paths, name, out, err);

	if (rc == 0)
		rc = hb_check_unused(r, l, *out, force, err);
	if (rc == 0)
		rc = hb_delete(r, *out, done, err);
	return rc;
}

/* A journal doing or undoing whose process died: undone, or its delete finished. */
static void clean_up(vn_run *r, vn_hostbridge *hb)
{
	bool create = hb->j.phase == JPHASE_DOING;
	vn_err e = {0};

	vn_note(r->notes, "%s an interrupted %s of host bridge '%s' over '%s'",
		create ? "rolling back" : "finishing", create ? "create" : "delete", hb->name,
		hb->nic);
	if (hb_delete(r, hb, NULL, &e) < 0)
		vn_note(r->notes, "could not clean up host bridge '%s': %s", hb->name, e.msg);
}

void hb_cleanup_interrupted(vn_run *r)
{
	vn_hostbridge **all = NULL;
	size_t n = 0;
	vn_err err = {0};

	if (hb_load_all(r->paths, &all, &n, r->notes, &err) < 0)
		vn_note(r->notes, "%s", err.msg);
	for (size_t i = 0; i < n; i++)
		if (all[i]->j.phase != JPHASE_DONE && journal_orphaned(&all[i]->j))
			clean_up(r, all[i]);
	hb_list_free(all, n);
}
