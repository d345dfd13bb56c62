/* api_ops_host.c - the API's calls about no one network: what the caller may do, the host's
 * devices, the create form's checks, a definition's validation (for a page that shows each
 * error at its field or line) */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/api_ops.h"
#include "conf/check_define.h"
#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"
#include "net/network.h"
#include "util/json.h"

/* The host is asked through the daemon's kernel session (none: a caller without one) */
static int need_session(const vn_api *a, vn_err *err)
{
	if (a->session && a->session->nl)
		return 0;
	return vn_err_set(err, ENOTCONN, "this call needs virtnetd's kernel session, which this "
			  "caller has not opened");
}

char *ops_access(const vn_api *a, const vn_api_peer *peer)
{
	char why[512];
	bool may = api_may_change(a, peer, why, sizeof(why));
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_uint(&j, "uid", peer->uid);
	json_bool(&j, "change", may);
	json_str(&j, "reason", may ? NULL : why);
	json_end_object(&j);
	return json_steal(&j);
}

static void device_json(vn_json *j, const vn_hostdev *d)
{
	char m[VN_MAC_STRLEN], s[VN_ADDR_STRLEN + 8], a[VN_ADDR_STRLEN];
	static const vn_mac zero;

	json_begin_object(j, NULL);
	json_str(j, "name", d->name);
	json_str(j, "kind", d->kind[0] ? d->kind : NULL);
	json_bool(j, "up", d->up);
	json_bool(j, "carrier", d->carrier);
	json_str(j, "mac", mac_equal(&d->mac, &zero) ? NULL : mac_format(&d->mac, m));
	json_begin_array(j, "addresses");
	for (size_t i = 0; i < d->naddrs; i++) {
		snprintf(s, sizeof(s), "%s/%d", addr_format(&d->addrs[i], a), d->prefixes[i]);
		json_str(j, NULL, s);
	}
	json_end_array(j);
	json_end_object(j);
}

int ops_devices(const vn_api *a, char **out, vn_err *err)
{
	vn_hostdev *v = NULL;
	vn_notes notes = {0};
	vn_json j = {0};
	vn_run r;
	size_t n = 0;
	int rc = need_session(a, err);

	if (rc < 0)
		return rc;
	run_init(&r, a->session, a->paths, &notes);
	rc = network_host_devices(&r, &v, &n, err);
	vn_notes_free(&notes);
	if (rc < 0)
		return rc;
	json_begin_array(&j, NULL);
	for (size_t i = 0; i < n; i++)
		device_json(&j, &v[i]);
	json_end_array(&j);
	free(v);
	*out = json_steal(&j);
	return 0;
}

static char *draft_json(const vn_draft_check *c, const vn_network *n)
{
	char *xml = n ? net_format(n, NET_FORMAT_INACTIVE) : NULL;
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_bool(&j, "valid", n != NULL);
	json_begin_object(&j, "errors");
	for (int f = 0; f < DRAFT__COUNT; f++)
		if (c->error[f][0])
			json_str(&j, draft_field_name((vn_draft_field)f), c->error[f]);
	json_end_object(&j);
	json_str(&j, "dhcp-start", c->dhcp_start[0] ? c->dhcp_start : NULL);
	json_str(&j, "dhcp-end", c->dhcp_end[0] ? c->dhcp_end : NULL);
	json_str(&j, "xml", xml);
	json_end_object(&j);
	free(xml);
	return json_steal(&j);
}

/* Under the shared lock: the other networks are read as define would read them */
int ops_draft(const vn_api *a, const vn_draft *d, char **out, vn_err *err)
{
	vn_network *n = NULL;
	vn_notes notes = {0};
	vn_netlist l = {0};
	vn_draft_check c;
	vn_run r;
	int lock, rc = need_session(a, err);

	if (rc < 0)
		return rc;
	lock = state_lock(a->paths, false, err);
	if (lock < 0)
		return lock;
	rc = store_load(a->paths, &l, &notes, err);
	run_init(&r, a->session, a->paths, &notes);
	if (rc == 0)
		rc = network_draft(&r, &l, d, &c, &n, err);
	store_list_free(&l);
	vn_notes_free(&notes);
	close(lock);
	if (rc < 0)
		return rc;
	*out = draft_json(&c, n);
	net_free(n);
	return 0;
}

static char *validate_json(const vn_network *n, const vn_err *e, const vn_notes *notes)
{
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_bool(&j, "valid", e->code == 0);
	json_str(&j, "name", n ? n->name : NULL);
	json_str(&j, "error", e->code ? e->msg : NULL);
	if (e->code && e->line > 0)
		json_int(&j, "line", e->line);
	else
		json_str(&j, "line", NULL);
	json_begin_array(&j, "notes");
	for (size_t i = 0; i < notes->n; i++)
		json_str(&j, NULL, notes->v[i]);
	json_end_array(&j);
	json_end_object(&j);
	return json_steal(&j);
}

/* validate's checks (cmd_validate.c): parse, the <dnsmasq:options> policy, define's checks,
 * the name. A document that fails is an answer (valid false), not an error of the call. */
int ops_validate(const vn_api *a, const char *xml, size_t len, bool trust, char **out,
		 vn_err *err)
{
	vn_network *n = NULL;
	vn_notes notes = {0};
	vn_err e = {0};
	int rc;

	(void)a;
	(void)err;
	rc = net_parse(xml, len, "the definition", &n, &e);
	if (rc == 0)
		rc = dnsmasq_options_admit(n, trust, NULL, &notes, &e);
	if (rc == 0)
		rc = net_check_define(n, &e);
	if (rc == 0)
		rc = store_check_name(n->name, &e);
	*out = validate_json(n, &e, &notes);
	net_free(n);
	vn_notes_free(&notes);
	return 0;
}
