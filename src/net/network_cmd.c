/* network_cmd.c - what the network commands ask, one call each: start a defined network,
 * create a transient one, reconcile, undefine */
#include <errno.h>

#include "net/network.h"
#include "port/port.h"
#include "state/status.h"
#include "util/str.h"

int network_start_defined(vn_run *r, vn_netobj *o, vn_err *err)
{
	vn_network *def;

	if (o->live)
		return 1;
	def = network_copy(o->def, err);
	if (!def)
		return err->code ? -err->code : -ENOMEM;
	return network_start(r, o, def, false, err);
}

int network_create(vn_run *r, vn_netlist *l, vn_network *def, bool trust, vn_netobj **out,
		   vn_err *err)
{
	vn_define_opts o = { .trust_options = trust };
	vn_netobj *obj = store_lookup(l, def->name);
	char w[SHELL_WORD_MAX];
	int rc;

	if (obj && obj->live) {
		rc = vn_err_set(err, EEXIST,
				"network '%s' is already active (stop it first with: virtnet "
				"destroy %s)",
				store_current(obj)->name, shell_word(store_current(obj)->name, w));
		net_free(def);
		return rc;
	}
	rc = store_prepare_transient(l, def, &o, &obj, r->notes, err);
	if (rc == 0)
		rc = network_start(r, obj, def, !obj->def, err);
	if (rc < 0) {
		store_drop_empty(l);
		return rc;
	}
	*out = obj;
	return 0;
}

/* Every network against one view of the host (one request each for links, addresses and
 * our table); only those it shows broken are asked about again, and repaired. */
static int reconcile_networks(vn_run *r, vn_netlist *l, const vn_netobj *only,
			      vn_notes *report, const char **failed, vn_err *err)
{
	vn_hostview v = {0};
	bool view = !only && hostview_load(r, NET_CHECK_ALL, &v, NULL) == 0;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		vn_netobj *o = &l->v[i];
		if ((only && o != only) || !o->live)
			continue;
		rc = network_reconcile(r, o, view ? &v : NULL, report, err);
		if (rc < 0)
			*failed = store_current(o)->name;
	}
	hostview_free(&v);
	return rc;
}

int network_reconcile_all(vn_run *r, vn_netlist *l, const vn_netobj *only, vn_notes *report,
			  const char **failed, vn_err *err)
{
	vn_hostview v = {0};
	bool view;
	int rc;

	*failed = NULL;
	rc = reconcile_networks(r, l, only, report, failed, err);
	if (rc < 0)
		return rc;
	/* the links again: repairs above may have made bridges and plugged ports */
	view = hostview_load(r, NET_CHECK_BRIDGE, &v, NULL) == 0;
	rc = ports_reconcile(r, l, only ? store_current(only)->name : NULL, view ? &v : NULL,
			     report, err);
	hostview_free(&v);
	return rc;
}

int network_undefine(const vn_paths *paths, vn_netlist *l, vn_netobj *o, vn_err *err)
{
	vn_err ignore = {0};

	if (o->status && o->status->active)   /* like libvirt: a running network stays up */
		status_set_transient(o->status, &ignore);
	return store_undefine(paths, l, o, err);
}
