/* api_ports.c - POST /v1/networks/NAME/ports: port-create through virtnetd; DELETE: its
 * port-delete (the body names the ports, one a line; ?all=1 for all). The query
 * carries port-create's options by their names (type, name, mac, ip, netns, peer-name,
 * inbound, outbound, owner, group, oui, domid, devid, count, hvm, isolated, file: the name
 * the CLI read the body from); the body, when any, is the <networkport> document. The
 * answer lists the ports made, also when a later one failed, with the error and its kind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_change.h"
#include "api/api_ports.h"
#include "port/port_request.h"
#include "util/json.h"

#define OPT_MAX 1100   /* the longest typed value (a path) is 1001 bytes */

static const char *const text_opts[] = { "type", "name", "mac", "netns", "peer-name", "ip",
					 "inbound", "outbound", "owner", "group", "oui", "file" };
#define NTEXT (sizeof(text_opts) / sizeof(text_opts[0]))

typedef struct port_query {
	char text[NTEXT][OPT_MAX];
	bool given[NTEXT];
} port_query;

static const char **text_field(vn_port_request *q, size_t i)
{
	const char **fields[NTEXT] = { &q->type, &q->name, &q->mac, &q->netns, &q->peer, &q->ip,
				       &q->inbound, &q->outbound, &q->owner, &q->group, &q->oui,
				       &q->file };

	return fields[i];
}

static int number(const char *query, const char *key, int *out, vn_err *err)
{
	char v[32], *end;
	const char *s = api_query(query, key, v, sizeof(v));
	long n;

	if (!s)
		return 0;
	n = strtol(s, &end, 10);
	if (!*s || *end || n < 0 || n > 0x7fffffff)
		return vn_err_set(err, EINVAL, "--%s '%s' is not a number from 0 to 2147483647",
				  key, s);
	*out = (int)n;
	return 0;
}

/* The request from the query and the body (pointing into pq and the body) */
static int request_of(const vn_api_req *req, port_query *pq, vn_port_request *q, vn_err *err)
{
	char v[4];
	int rc;

	for (size_t i = 0; i < NTEXT; i++) {
		if (api_query(req->query, text_opts[i], pq->text[i], OPT_MAX))
			*text_field(q, i) = pq->text[i];
		else if (api_query_has(req->query, text_opts[i]))
			return vn_err_set(err, EINVAL, "--%s: longer than %d bytes", text_opts[i],
					  OPT_MAX - 1);
	}
	q->hvm = api_query(req->query, "hvm", v, sizeof(v)) != NULL;
	q->isolated = api_query(req->query, "isolated", v, sizeof(v)) != NULL;
	rc = number(req->query, "domid", &q->domid, err);
	if (rc == 0)
		rc = number(req->query, "devid", &q->devid, err);
	if (rc == 0)
		rc = number(req->query, "count", &q->count, err);
	if (rc == 0 && req->len) {
		q->doc = req->body;
		q->doclen = req->len;
	}
	/* the daemon never reads a file a client names: file only names the body */
	if (rc == 0 && q->file && !q->doc)
		rc = vn_err_set(err, EINVAL, "file names the document sent as the body; send it");
	return rc;
}

static const char *failure_name(vn_port_req_failure f)
{
	return f == PORT_REQ_BAD_FILE ? "bad-file" : f == PORT_REQ_FAILED ? "failed" : "refused";
}

static char *result(const char *network, const vn_portlist *made, const vn_notes *notes,
		    int rc, vn_port_req_failure failure, const vn_err *err)
{
	char u[VN_UUID_STRLEN];
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_str(&j, "network", network);
	json_begin_array(&j, "ports");
	for (size_t i = 0; i < made->n; i++) {
		json_begin_object(&j, NULL);
		json_str(&j, "uuid", uuid_format(made->v[i]->uuid, u));
		json_str(&j, "device", made->v[i]->ifname);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array(&j, "notes");
	for (size_t i = 0; notes && i < notes->n; i++)
		json_str(&j, NULL, notes->v[i]);
	json_end_array(&j);
	if (rc < 0) {
		json_str(&j, "error", err->msg);
		json_str(&j, "failure", failure_name(failure));
	}
	json_end_object(&j);
	return json_steal(&j);
}

static int create(const vn_api *a, const char *key, const vn_port_request *q, int *status,
		  char **out, vn_err *err)
{
	vn_port_req_failure failure = PORT_REQ_REFUSED;
	vn_portlist made = {0};
	vn_netobj *o;
	change c;
	/* A MAC given is checked against every network's static hosts; a generated one (24
	 * random bits) against the ports (their index) and its own network's: a static host of
	 * another network is another segment. So the usual port-create costs the same with 100
	 * networks as with one. */
	int rc = q->mac || q->doc ? api_change_begin_current(&c, a, err)
				  : api_change_begin_one_current(&c, a, key, err);

	if (rc < 0)
		return rc;
	o = store_find(&c.l, key, err);
	if (!o) {
		api_change_release(&c);
		return -ENOENT;
	}
	rc = port_request_create(&c.r, &c.l, o, q, &made, &failure, err);
	*out = result(store_current(o)->name, &made, &c.notes, rc, failure, err);
	*status = rc == 0 ? 201 : failure == PORT_REQ_FAILED ? 500 : 400;
	portlist_free(&made);
	api_change_release(&c);
	return 0;
}

/* The body's keys, one a line (device names or UUIDs: no line breaks in either), in place */
static size_t keys_of(char *body, char **keys, size_t max)
{
	size_t n = 0;

	for (char *line = strtok(body, "\n"); line && n < max; line = strtok(NULL, "\n"))
		keys[n++] = line;
	return n;
}

static int delete(const vn_api *a, const char *key, char **keys, size_t nkeys, bool all,
		  int *status, char **out, vn_err *err)
{
	vn_port_req_failure failure = PORT_REQ_REFUSED;
	vn_portlist ports = {0};
	vn_netobj *o;
	change c;
	int rc = api_change_begin_current(&c, a, err);

	if (rc < 0)
		return rc;
	o = store_find(&c.l, key, err);
	if (!o) {
		api_change_release(&c);
		return -ENOENT;
	}
	rc = port_delete_request(&c.r, o, keys, nkeys, all, &ports, &failure, &c.notes, err);
	*out = result(store_current(o)->name, &ports, &c.notes, rc, failure, err);
	*status = rc == 0 ? 200 : failure == PORT_REQ_FAILED ? 500 : 400;
	portlist_free(&ports);
	api_change_release(&c);
	return 0;
}

int api_port_delete(const vn_api *a, const vn_api_req *req, const char *key, int *status,
		    char **out, vn_err *err)
{
	char v[4], **keys;
	char *body = strndup(req->body ? req->body : "", req->len);
	bool all = api_query(req->query, "all", v, sizeof(v)) != NULL;
	int rc;

	keys = calloc(req->len / 2 + 1, sizeof(*keys));   /* at most a key per 2 bytes */
	if (!body || !keys) {
		free(body);
		free(keys);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	size_t n = keys_of(body, keys, req->len / 2 + 1);
	if (!all && n == 0)
		rc = vn_err_set(err, EINVAL, "name the ports to delete in the body, one a line, "
				"or ask for all=1");
	else
		rc = delete(a, key, keys, n, all, status, out, err);
	free(keys);
	free(body);
	return rc;
}

int api_port_create(const vn_api *a, const vn_api_req *req, const char *key, int *status,
		    char **out, vn_err *err)
{
	vn_port_request q = PORT_REQUEST_INIT;
	port_query pq;
	int rc = request_of(req, &pq, &q, err);

	if (rc == 0)
		rc = port_request_check(&q, err);
	if (rc < 0)
		return rc;
	return create(a, key, &q, status, out, err);
}
