/* network_update.c - net-update of a network: the persistent definition and/or the one it
 * runs with (libvirt's flags: live, config, or current), and what the running network needs
 * for the change: dnsmasq re-reading its hosts files (SIGHUP: DHCP hosts, DNS hosts), or
 * restarting with its leases (a range, TXT and SRV records: they sit in its configuration),
 * or the network's firewall chains rewritten when their text changed. The new definition is
 * recorded in the journal before the host is changed; on failure the old one is recorded
 * and applied again. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/network_xml.h"
#include "dnsmasq/dnsmasq_run.h"
#include "firewall/firewall.h"
#include "net/network_internal.h"
#include "port/port.h"
#include "state/status.h"
#include "util/cleanup.h"
#include "util/str.h"

struct users_of { const vn_run *r; const char *network; };

/* The guests on a NIC of a direct network: its ports plugged there */
static unsigned ports_on_dev(const char *dev, void *ctx)
{
	const struct users_of *u = ctx;
	const vn_run *r = u->r;
	const char *network = u->network;
	vn_portlist ports;
	unsigned n = 0;

	if (ports_load(r->paths, &ports, NULL, NULL) < 0)
		return 0;
	for (size_t i = 0; i < ports.n; i++)
		n += strcmp(ports.v[i]->network, network) == 0 && ports.v[i]->plug_dev &&
		     strcmp(ports.v[i]->plug_dev, dev) == 0;
	portlist_free(&ports);
	return n;
}

static int restart_dnsmasq(vn_run *r, vn_status *st, vn_err *err)
{
	size_t n;
	vn_step *sp = status_find(st, STEP_DNSMASQ, &n);
	vn_err ignore = {0};
	char w[SHELL_WORD_MAX];
	int rc;

	if (!sp)
		return vn_err_set(err, EOPNOTSUPP,
				  "network '%s' runs no dnsmasq, and this change needs one (apply "
				  "it with: virtnet destroy %s && virtnet start %s)",
				  st->live->name, shell_word(st->live->name, w),
				  shell_word(st->live->name, w));
	if (sp->pid > 0)
		dnsmasq_stop(r->paths, st->live, sp->pid, false, &ignore);
	rc = network_dnsmasq_start(r, st->live, &sp->pid, err);
	if (rc == 0)
		rc = status_update(st, n, err);
	return rc;
}

/* The network's chains in our table, when their text changed (flushed and filled in one
 * transaction: no packet sees them half-made) */
static int refresh_firewall(vn_run *r, const vn_network *old, const vn_network *now,
			    vn_err *err)
{
	_cleanup_free_ char *was = NULL, *text = NULL;

	if (!fw_network_has_rules(now))
		return 0;
	was = fw_render_add(r->table, old);
	text = fw_render_add(r->table, now);
	if (!was || !text)
		return vn_err_set(err, ENOMEM, "out of memory");
	return strcmp(was, text) == 0 ? 0 : fw_apply(r->fw, text, err);
}

/* What the running network needs after its definition went from old to now */
static int apply_live(vn_run *r, vn_status *st, const vn_network *old, vn_upd_section section,
		      vn_err *err)
{
	int rc = 0;

	if (section == UPD_SEC_IP_DHCP_HOST || section == UPD_SEC_IP_DHCP_RANGE ||
	    section == UPD_SEC_FORWARD_INTERFACE)
		rc = refresh_firewall(r, old, st->live, err);
	if (rc < 0)
		return rc;
	switch (section) {
	case UPD_SEC_IP_DHCP_HOST:
		if (net_dhcp4_active(old) != net_dhcp4_active(st->live))
			return restart_dnsmasq(r, st, err);
		return port_refresh_reservations(r, st, err);
	case UPD_SEC_DNS_HOST:
		return port_refresh_reservations(r, st, err);
	case UPD_SEC_IP_DHCP_RANGE:
	case UPD_SEC_DNS_TXT:
	case UPD_SEC_DNS_SRV:
		return restart_dnsmasq(r, st, err);
	default:
		return 0;
	}
}

/* The running network moved to live (taken), or left as it was */
static int update_running(vn_run *r, vn_netobj *o, vn_network *live, vn_upd_section section,
			  vn_err *err)
{
	vn_status *st = o->status;
	vn_network *old = NULL, *back = NULL;
	vn_err ignore = {0};
	int rc = status_set_live(st, live, &old, err);

	if (rc < 0) {
		net_free(live);
		return rc;
	}
	o->live = st->live;
	rc = apply_live(r, st, old, section, err);
	if (rc == 0) {
		net_free(old);
		return 0;
	}
	if (status_set_live(st, old, &back, &ignore) == 0) {
		o->live = st->live;
		apply_live(r, st, back, section, &ignore);
		net_free(back);
	} else {
		net_free(old);
	}
	return rc;
}

/* libvirt's refusals, with the way out */
static int check_targets(const vn_netobj *o, unsigned flags, vn_err *err)
{
	char w[SHELL_WORD_MAX];
	const char *name = shell_word(store_current(o)->name, w);

	if ((flags & UPDATE_LIVE) && !o->live)
		return vn_err_set(err, EINVAL,
				  "network '%s' is not running (start it with: virtnet start %s; "
				  "or change only its definition: --config)",
				  store_current(o)->name, name);
	if ((flags & UPDATE_CONFIG) && !o->def)
		return vn_err_set(err, EINVAL,
				  "cannot change persistent config of transient network '%s' "
				  "(change the running network: --live; or make it persistent "
				  "with: virtnet dumpxml %s | virtnet define -)",
				  o->live->name, name);
	return 0;
}

/* A section update cannot change is changed in the definition, or the XML of a transient one */
static void unsupported_hint(const vn_netobj *o, vn_err *err)
{
	char w[SHELL_WORD_MAX];

	if (o->def)
		vn_err_hint(err, "change it in the definition with: virtnet edit %s; a running "
			    "network takes it when started again",
			    shell_word(o->def->name, w));
	else
		vn_err_hint(err, "a transient network takes it when destroyed and created again "
			    "from changed XML");
}

int network_update(vn_run *r, vn_netobj *o, const vn_upd_req *q, unsigned *flags, vn_err *err)
{
	struct users_of users = { r, store_current(o)->name };
	vn_upd_req req = *q;
	vn_network *live = NULL, *config = NULL;
	int rc;

	if (!(*flags & (UPDATE_LIVE | UPDATE_CONFIG)))
		*flags |= o->live ? UPDATE_LIVE : UPDATE_CONFIG;   /* libvirt's "current" */
	rc = check_targets(o, *flags, err);
	if (rc < 0)
		return rc;
	req.dev_users = ports_on_dev;
	req.ctx = &users;
	if (*flags & UPDATE_LIVE)
		rc = net_update(o->live, &req, 0, &live, err);
	if (rc == 0 && (*flags & UPDATE_CONFIG))
		rc = net_update(o->def, &req, NET_FORMAT_INACTIVE, &config, err);
	if (rc == -EOPNOTSUPP && !upd_section_supported(q->section))
		unsupported_hint(o, err);
	if (rc == 0 && config)
		rc = store_replace_def(r->paths, o, config, err);
	else
		net_free(config);
	if (rc == 0 && live)
		return update_running(r, o, live, q->section, err);
	net_free(live);
	return rc;
}
