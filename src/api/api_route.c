/* api_route.c - from method and path to a call, and from its result to a response
 *
 *   GET    /v1/networks                       every network (list --all --json)
 *   POST   /v1/networks[?strict=1][&trust-dnsmasq-options=1]  define (body: the XML)
 *   GET    /v1/networks/NAME                  one network's row
 *   DELETE /v1/networks/NAME                  undefine
 *   GET    /v1/networks/NAME/xml[?inactive=1] dumpxml
 *   GET    /v1/networks/NAME/leases[?mac=M]   dhcp-leases
 *   GET    /v1/networks/NAME/ports            port-list
 *   POST   /v1/networks/NAME/start|destroy
 *   PUT    /v1/networks/NAME/autostart        body "on" or "off"
 *   POST   /v1/networks/NAME/update?command=C&section=S[&parent-index=N][&live=1][&config=1]
 *                                             update (body: the element)
 *   POST   /v1/networks/NAME/ports?OPTIONS    port-create (api_ports.c)
 *   DELETE /v1/networks/NAME/ports[?all=1]    port-delete (body: the ports, one a line)
 *   GET    /v1/networks/NAME/ports?stats=1    the same with each port's counters
 *   GET    /v1/networks/NAME/repairs          what virtnetd repaired on it
 *   GET    /v1/access                         what the caller may do
 *   GET    /v1/host/devices                   the devices a network can go out through
 *   GET    /v1/draft?name=..&ipv4=..&...      the create form's fields checked
 *   POST   /v1/validate                       a definition checked (body: the XML)
 * (GET /v1/events is the transport's: a stream.) */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_ops.h"
#include "api/api_ports.h"
#include "state/store.h"
#include "util/json.h"

#define SEG_MAX 4

static void respond(vn_api_resp *out, int status, const char *type, char *body)
{
	out->status = status;
	out->type = type;
	out->body = body;
	out->len = body ? strlen(body) : 0;
}

static void fail(vn_api_resp *out, int status, const char *msg)
{
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_str(&j, "error", msg);
	json_end_object(&j);
	respond(out, status, "application/json", json_steal(&j));
}

static int status_of(int code)
{
	switch (code) {
	case ENOENT: return 404;
	case EEXIST: case EBUSY: return 409;
	case EPERM: case EACCES: return 403;
	case ENOMEM: case EIO: return 500;
	default: return code ? 400 : 500;
	}
}

/* The result of a call: its body, or its error. */
static void answer(vn_api_resp *out, int rc, char *body, const vn_err *err, bool xml)
{
	if (rc < 0 || !body) {
		free(body);
		fail(out, status_of(err->code ? err->code : -rc),
		     err->msg[0] ? err->msg : strerror(-rc));
		return;
	}
	respond(out, 200, xml ? "application/xml" : "application/json", body);
}

/* "/v1/networks/a/start" -> "v1", "networks", "a", "start"; -1 when it has more parts or
 * an empty one. The parts point into buf. */
static int split(const char *path, char *buf, size_t len, char *seg[SEG_MAX])
{
	int n = 0;

	if (path[0] != '/' || strlen(path) >= len)
		return -1;
	snprintf(buf, len, "%s", path + 1);
	for (char *p = buf; n < SEG_MAX; n++) {
		seg[n] = p;
		p = strchr(p, '/');
		if (!p)
			return seg[n][0] ? n + 1 : -1;
		*p++ = '\0';
		if (!seg[n][0])
			return -1;
	}
	return -1;
}

static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static bool allowed(const vn_api *a, const vn_api_req *req, vn_api_resp *out)
{
	char why[512];

	if (api_may_change(a, req->peer, why, sizeof(why)))
		return true;
	fail(out, 403, why);
	return false;
}

static void not_allowed(const vn_api_req *req, vn_api_resp *out)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "%s is not a method of %s", req->method, req->path);
	fail(out, 405, msg);
}

/* ?KEY=1 (or any value but 0) */
static bool flag(const vn_api_req *req, const char *key)
{
	char v[16];
	const char *s = api_query(req->query, key, v, sizeof(v));

	return s && strcmp(s, "0") != 0;
}

/* Trusting <dnsmasq:options> lets a definition run programs as root in dnsmasq: only root
 * may, not the admin group */
static bool trust_allowed(const vn_api_req *req, vn_api_resp *out)
{
	char why[200];

	if (!flag(req, "trust-dnsmasq-options") || req->peer->uid == 0)
		return true;
	snprintf(why, sizeof(why), "user %u may not trust <dnsmasq:options>: they can run "
		 "programs as root; only root may (--trust-dnsmasq-options)",
		 (unsigned)req->peer->uid);
	fail(out, 403, why);
	return false;
}

static void collection(const vn_api *a, const vn_api_req *req, vn_api_resp *out)
{
	vn_err err = {0};
	char *body = NULL;
	int rc;

	if (is(req->method, "GET")) {
		rc = ops_list(a, &body, &err);
		answer(out, rc, body, &err, false);
	} else if (is(req->method, "POST") && allowed(a, req, out) && trust_allowed(req, out)) {
		rc = ops_define(a, req->body ? req->body : "", req->len, flag(req, "strict"),
				flag(req, "trust-dnsmasq-options"), &body, &err);
		answer(out, rc, body, &err, false);
		if (rc == 0)
			out->status = 201;
	} else if (!is(req->method, "POST")) {
		not_allowed(req, out);
	}
}

static void one(const vn_api *a, const vn_api_req *req, const char *name, vn_api_resp *out)
{
	vn_err err = {0};
	char *body = NULL;
	int rc;

	if (is(req->method, "GET")) {
		rc = ops_info(a, name, &body, &err);
		answer(out, rc, body, &err, false);
	} else if (is(req->method, "DELETE") && allowed(a, req, out)) {
		rc = ops_undefine(a, name, &body, &err);
		answer(out, rc, body, &err, false);
	} else if (!is(req->method, "DELETE")) {
		not_allowed(req, out);
	}
}

static void read_sub(const vn_api *a, const vn_api_req *req, const char *name, const char *what,
		     vn_api_resp *out)
{
	char v[64], *body = NULL;
	vn_err err = {0};
	int rc;

	if (is(what, "xml")) {
		const char *inactive = api_query(req->query, "inactive", v, sizeof(v));
		rc = ops_xml(a, name, inactive && !is(inactive, "0"), &body, &err);
		answer(out, rc, body, &err, true);
	} else if (is(what, "leases")) {
		rc = ops_leases(a, name, api_query(req->query, "mac", v, sizeof(v)), &body, &err);
		answer(out, rc, body, &err, false);
	} else if (is(what, "ports")) {
		rc = ops_ports(a, name, flag(req, "stats"), &body, &err);
		answer(out, rc, body, &err, false);
	} else if (is(what, "repairs")) {
		rc = ops_repairs(a, name, &body, &err);
		answer(out, rc, body, &err, false);
	} else {
		not_allowed(req, out);
	}
}

/* "on" or "off", with white space around it; -1 for anything else */
static int on_off(const char *body, size_t len)
{
	while (len > 0 && strchr(" \t\r\n", body[len - 1]))
		len--;
	if (len == 2 && memcmp(body, "on", 2) == 0)
		return 1;
	if (len == 3 && memcmp(body, "off", 3) == 0)
		return 0;
	return -1;
}

static void change_sub(const vn_api *a, const vn_api_req *req, const char *name, const char *what,
		       vn_api_resp *out)
{
	vn_err err = {0};
	char *body = NULL;
	int rc, on = req->body ? on_off(req->body, req->len) : -1;

	if (is(what, "autostart") && on < 0) {
		fail(out, 400, "the body of autostart is \"on\" or \"off\"");
		return;
	}
	if (!allowed(a, req, out))
		return;
	if (is(what, "start"))
		rc = ops_start(a, name, &body, &err);
	else if (is(what, "destroy"))
		rc = ops_destroy(a, name, &body, &err);
	else
		rc = ops_autostart(a, name, on == 1, &body, &err);
	answer(out, rc, body, &err, false);
}

/* update's query: virsh's names, the parent index, live and config (neither: current) */
static int update_query(const vn_api_req *req, vn_upd_req *q, unsigned *flags, vn_err *err)
{
	char cmd[32] = "", sec[32] = "", idx[16] = "", v[4];
	char *end = idx;
	long n = -1;

	api_query(req->query, "command", cmd, sizeof(cmd));
	api_query(req->query, "section", sec, sizeof(sec));
	if (upd_cmd_from_string(cmd) < 0)
		return vn_err_set(err, EINVAL, "unrecognized command name '%s'", cmd);
	if (upd_section_from_string(sec) < 0)
		return vn_err_set(err, EINVAL, "unrecognized section name '%s'", sec);
	if (api_query(req->query, "parent-index", idx, sizeof(idx)))
		n = strtol(idx, &end, 10);
	if (idx[0] && (*end || n < -1 || n > INT_MAX))
		return vn_err_set(err, EINVAL, "parent-index '%s' is not a number", idx);
	if (!req->body || !req->len)
		return vn_err_set(err, EINVAL, "the body of update is the element to add, delete "
				  "or modify");
	*q = (vn_upd_req){ .cmd = (vn_upd_cmd)upd_cmd_from_string(cmd),
			   .section = (vn_upd_section)upd_section_from_string(sec),
			   .parent_index = (int)n, .xml = req->body, .len = req->len };
	*flags = (api_query(req->query, "live", v, sizeof(v)) ? UPDATE_LIVE : 0) |
		 (api_query(req->query, "config", v, sizeof(v)) ? UPDATE_CONFIG : 0);
	return 0;
}

static void update_change(const vn_api *a, const vn_api_req *req, const char *name,
			  vn_api_resp *out)
{
	vn_err err = {0};
	vn_upd_req q = {0};
	unsigned flags = 0;
	char *body = NULL;
	int rc = update_query(req, &q, &flags, &err);

	if (rc < 0) {
		fail(out, 400, err.msg);
		return;
	}
	if (!allowed(a, req, out))
		return;
	rc = ops_update(a, name, &q, flags, &body, &err);
	answer(out, rc, body, &err, false);
}

static void ports_change(const vn_api *a, const vn_api_req *req, const char *name,
			 vn_api_resp *out)
{
	vn_err err = {0};
	char *body = NULL;
	int status = 500, rc;

	if (!allowed(a, req, out))
		return;
	if (is(req->method, "POST"))
		rc = api_port_create(a, req, name, &status, &body, &err);
	else
		rc = api_port_delete(a, req, name, &status, &body, &err);
	answer(out, rc, body, &err, false);
	if (rc == 0)
		out->status = status;
}

static void sub(const vn_api *a, const vn_api_req *req, const char *name, const char *what,
		vn_api_resp *out)
{
	bool post = is(req->method, "POST"), put = is(req->method, "PUT");

	if (is(req->method, "GET"))
		read_sub(a, req, name, what, out);
	else if ((post || is(req->method, "DELETE")) && is(what, "ports"))
		ports_change(a, req, name, out);
	else if (post && is(what, "update"))
		update_change(a, req, name, out);
	else if ((post && (is(what, "start") || is(what, "destroy"))) ||
		 (put && is(what, "autostart")))
		change_sub(a, req, name, what, out);
	else
		not_allowed(req, out);
}

static void draft_call(const vn_api *a, const vn_api_req *req, vn_api_resp *out)
{
	vn_draft_query q;
	vn_err err = {0};
	char *body = NULL;
	vn_draft d;
	int rc = api_draft_query(req->query, &q, &d, &err);

	if (rc < 0) {
		fail(out, 400, err.msg);
		return;
	}
	rc = ops_draft(a, &d, &body, &err);
	answer(out, rc, body, &err, false);
}

/* Calls about no one network: true when path was one of them */
static bool host_call(const vn_api *a, const vn_api_req *req, char **seg, int n,
		      vn_api_resp *out)
{
	vn_err err = {0};
	char *body = NULL;
	int rc;
	bool get = is(req->method, "GET");

	if (n == 2 && is(seg[1], "access") && get) {
		respond(out, 200, "application/json", ops_access(a, req->peer));
	} else if (n == 3 && is(seg[1], "host") && is(seg[2], "devices") && get) {
		rc = ops_devices(a, &body, &err);
		answer(out, rc, body, &err, false);
	} else if (n == 2 && is(seg[1], "draft") && get) {
		draft_call(a, req, out);
	} else if (n == 2 && is(seg[1], "validate") && is(req->method, "POST")) {
		rc = ops_validate(a, req->body ? req->body : "", req->len,
				  flag(req, "trust-dnsmasq-options"), &body, &err);
		answer(out, rc, body, &err, false);
	} else if ((n == 2 && (is(seg[1], "access") || is(seg[1], "draft") ||
			       is(seg[1], "validate"))) ||
		   (n == 3 && is(seg[1], "host") && is(seg[2], "devices"))) {
		not_allowed(req, out);
	} else {
		return false;
	}
	return true;
}

/* Another host of an overlay (doc/overlay.md, "dhcp-leases on every host"): only
 * GET /v1/networks/NAME/leases[?mac=M], answered by ops_leases_remote */
static void remote_call(const vn_api *a, const vn_api_req *req, char **seg, int n,
			vn_api_resp *out)
{
	char v[64], *body = NULL;
	vn_err err = {0};
	int rc;

	if (n != 4 || !is(seg[0], "v1") || !is(seg[1], "networks") || !is(seg[3], "leases") ||
	    !is(req->method, "GET")) {
		fail(out, 403, "another host may only ask for an overlay network's leases here "
		     "(GET /v1/networks/NAME/leases)");
		return;
	}
	if (store_check_name(seg[2], &err) < 0) {
		fail(out, 400, err.msg);
		return;
	}
	rc = ops_leases_remote(a, seg[2], api_query(req->query, "mac", v, sizeof(v)),
			       &req->peer->addr, &body, &err);
	answer(out, rc, body, &err, false);
}

void api_handle(const vn_api *a, const vn_api_req *req, vn_api_resp *out)
{
	char buf[1024], msg[1200], *seg[SEG_MAX];
	int n = split(req->path, buf, sizeof(buf), seg);
	vn_err err = {0};

	*out = (vn_api_resp){0};
	if (req->peer && req->peer->remote) {
		remote_call(a, req, seg, n, out);
		return;
	}
	if (n >= 2 && is(seg[0], "v1") && host_call(a, req, seg, n, out))
		return;
	if (n < 2 || !is(seg[0], "v1") || !is(seg[1], "networks")) {
		snprintf(msg, sizeof(msg), "no such call: %s %.1000s (doc/api.md lists them)",
			 req->method, req->path);
		fail(out, 404, msg);
		return;
	}
	if (n >= 3 && store_check_name(seg[2], &err) < 0) {
		fail(out, 400, err.msg);
		return;
	}
	if (n == 2)
		collection(a, req, out);
	else if (n == 3)
		one(a, req, seg[2], out);
	else
		sub(a, req, seg[2], seg[3], out);
}

void api_resp_free(vn_api_resp *r)
{
	free(r->body);
	r->body = NULL;
}

bool api_query_has(const char *query, const char *key)
{
	size_t k = strlen(key);

	for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
		if (strncmp(p, key, k) == 0 && (p[k] == '=' || p[k] == '&' || p[k] == '\0'))
			return true;
	return false;
}

const char *api_query(const char *query, const char *key, char *buf, size_t len)
{
	size_t k = strlen(key);

	for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		if (strncmp(p, key, k) != 0 || (p[k] != '=' && p[k] != '&' && p[k] != '\0'))
			continue;
		const char *v = p[k] == '=' ? p + k + 1 : p + k;
		size_t n = strcspn(v, "&");
		if (n >= len)
			return NULL;
		memcpy(buf, v, n);
		buf[n] = '\0';
		return buf;
	}
	return NULL;
}
