/* api_ops_read.c - the API's reads, under the shared lock */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "api/api_json.h"
#include "api/api_ops.h"
#include "overlay/overlay_leases.h"
#include "state/status.h"
#include "overlay/overlay.h"
#include "api/api_rows.h"
#include "conf/network_xml.h"
#include "dnsmasq/dnsmasq_leases.h"
#include "state/repairs.h"
#include "util/json.h"

/* The shared lock and the network named `key` (everything when key is NULL). */
static int load(const vn_api *a, const char *key, vn_netlist *l, int *lock, vn_err *err)
{
	vn_notes notes = {0};
	int rc;

	*lock = state_lock(a->paths, false, err);
	if (*lock < 0)
		return *lock;
	if (key)
		rc = store_load_some(a->paths, key, l, &notes, err);
	else
		rc = store_load(a->paths, l, &notes, err);
	vn_notes_free(&notes);
	if (rc < 0)
		close(*lock);
	return rc;
}

static void unload(vn_netlist *l, int lock)
{
	store_list_free(l);
	close(lock);
}

int ops_list(const vn_api *a, char **out, vn_err *err)
{
	vn_netlist l = {0};
	int lock, rc = load(a, NULL, &l, &lock, err);

	if (rc < 0)
		return rc;
	vn_net_rows rows;
	rc = net_rows_from_list(&l, &rows, err);
	unload(&l, lock);
	if (rc < 0)
		return rc;
	*out = net_rows_json(&rows, NULL, NULL);
	net_rows_free(&rows);
	return *out ? 0 : vn_err_set(err, ENOMEM, "out of memory");
}

/* Load name, run fn on it, unload. */
typedef char *(*one_fn)(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err);

static int on_one(const vn_api *a, const char *name, one_fn fn, const void *arg, char **out,
		  vn_err *err)
{
	vn_netlist l = {0};
	vn_netobj *o;
	int lock, rc = load(a, name, &l, &lock, err);

	if (rc < 0)
		return rc;
	o = store_find(&l, name, err);
	*out = o ? fn(a, o, arg, err) : NULL;
	unload(&l, lock);
	if (*out)
		return 0;
	return err->code ? -err->code : vn_err_set(err, ENOMEM, "out of memory");
}

static char *info(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err)
{
	vn_netlist one = { .v = o, .n = 1 };
	vn_net_rows rows;
	char *s;

	(void)a;
	(void)arg;
	if (net_rows_from_list(&one, &rows, err) < 0)
		return NULL;
	s = net_row_json(&rows.v[0]);
	net_rows_free(&rows);
	return s;
}

int ops_info(const vn_api *a, const char *name, char **out, vn_err *err)
{
	return on_one(a, name, info, NULL, out, err);
}

static char *xml(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err)
{
	bool inactive = *(const bool *)arg;
	const vn_network *n = inactive && o->def ? o->def : store_current(o);

	(void)a;
	(void)err;
	return net_format(n, inactive ? NET_FORMAT_INACTIVE : 0);
}

int ops_xml(const vn_api *a, const char *name, bool inactive, char **out, vn_err *err)
{
	return on_one(a, name, xml, &inactive, out, err);
}

/* A running overlay whose DHCP authority is another host: its rows, asked there (which
 * holds the shared lock for at most OVL_LEASES_TIMEOUT_MS twice) */
static char *authority_leases(const vn_network *n, const char *mac, vn_err *err)
{
	vn_lease_row *rows = NULL;
	size_t k = 0;
	char *s = overlay_leases_fetch(n, mac, &rows, &k, err) == 0 ? lease_rows_json(rows, k)
								    : NULL;

	free(rows);
	return s;
}

static char *leases(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err)
{
	const vn_network *n = store_current(o);
	const vn_addr *local = overlay_running_local(o);
	vn_lease *v = NULL;
	size_t k = 0;
	char *s;

	vn_lease_row *rows = NULL;

	if (local && overlay_defers_dhcp(n->overlay, local))
		return authority_leases(n, arg, err);
	if (dnsmasq_leases(a->paths, n, arg, &v, &k, err) < 0)
		return NULL;
	s = lease_rows_of(n, v, k, &rows, err) == 0 ? lease_rows_json(rows, k) : NULL;
	free(rows);
	free(v);
	return s;
}

int ops_leases(const vn_api *a, const char *name, const char *mac, char **out, vn_err *err)
{
	return on_one(a, name, leases, mac, out, err);
}

struct remote_ask {
	const char *mac;
	const vn_addr *from;
};

/* from is another peer of o's overlay, and this host is o's DHCP authority */
static bool may_ask(const vn_netobj *o, const vn_addr *from)
{
	const vn_addr *local = overlay_running_local(o);
	const vn_overlay *ov = local ? o->status->live->overlay : NULL;

	if (!ov || !overlay_is_authority(ov, local) || addr_equal(from, local))
		return false;
	for (size_t i = 0; i < ov->npeers; i++)
		if (addr_equal(&ov->peers[i].address, from))
			return true;
	return false;
}

static char *leases_for_peer(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err)
{
	const struct remote_ask *q = arg;

	if (!may_ask(o, q->from)) {
		vn_err_set(err, EACCES, "refused");   /* worded by the caller */
		return NULL;
	}
	return leases(a, o, q->mac, err);
}

/* Another host learns nothing of a network it may not ask about, not even that it exists:
 * an unknown name or UUID and a refusal are the same answer. */
int ops_leases_remote(const vn_api *a, const char *name, const char *mac, const vn_addr *from,
		      char **out, vn_err *err)
{
	struct remote_ask q = { .mac = mac, .from = from };
	char s[VN_ADDR_STRLEN];
	int r = on_one(a, name, leases_for_peer, &q, out, err);

	if (r == 0 || (err->code != EACCES && err->code != ENOENT))
		return r;
	return vn_err_set(err, EACCES, "network '%s': its leases are served only by its running "
			  "DHCP authority, only to its overlay's other peers (not %s)",
			  name, addr_format(from, s));
}

/* Each port's counters, read on the daemon's session; NULL for a port whose device is gone */
static vn_port_stats **ports_counters(const vn_api *a, const vn_port_rows *rows)
{
	vn_port_stats **v = calloc(rows->n ? rows->n : 1, sizeof(*v));

	for (size_t i = 0; v && a->session && i < rows->n; i++) {
		vn_err ignored = {0};
		v[i] = malloc(sizeof(**v));
		if (v[i] && port_row_stats(a->session->nl, rows->v[i].port, v[i], &ignored) < 0) {
			free(v[i]);
			v[i] = NULL;
		}
	}
	return v;
}

static char *ports(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err)
{
	bool counters = *(const bool *)arg;
	vn_port_stats **stats = NULL;
	vn_port_rows rows;
	vn_notes notes = {0};
	char *s;

	if (port_list(a->paths, store_current(o), o->live, &rows, &notes, err) < 0) {
		vn_notes_free(&notes);
		return NULL;
	}
	vn_notes_free(&notes);
	if (counters && !(stats = ports_counters(a, &rows))) {
		port_rows_free(&rows);
		vn_err_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	s = counters ? json_ports_stats(&rows, (const vn_port_stats *const *)stats)
		     : json_ports(&rows);
	for (size_t i = 0; stats && i < rows.n; i++)
		free(stats[i]);
	free(stats);
	port_rows_free(&rows);
	return s;
}

int ops_ports(const vn_api *a, const char *name, bool counters, char **out, vn_err *err)
{
	return on_one(a, name, ports, &counters, out, err);
}

static char *repairs(const vn_api *a, vn_netobj *o, const void *arg, vn_err *err)
{
	vn_repair *v = NULL;
	vn_json j = {0};
	size_t n = 0;

	(void)arg;
	if (repairs_read(a->paths, store_current(o)->name, &v, &n, err) < 0)
		return NULL;
	json_begin_array(&j, NULL);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(&j, NULL);
		json_int(&j, "time", v[i].time);
		json_str(&j, "type", v[i].type);
		json_str(&j, "text", v[i].text);
		json_end_object(&j);
	}
	json_end_array(&j);
	free(v);
	return json_steal(&j);
}

int ops_repairs(const vn_api *a, const char *name, char **out, vn_err *err)
{
	return on_one(a, name, repairs, NULL, out, err);
}
