/* api.h - virtnetd's API: one HTTP request (method, path, query, body and the peer's
 * credentials) in, one response (status, content type, body) out. doc/api.md lists the
 * calls. The transport (libmicrohttpd on a unix socket) is the daemon's; everything a call
 * decides is here, so it is tested and fuzzed without a socket.
 *
 * Who may do what: everyone may read; changes need root or membership of the admin group
 * (virtnetd --group, default "virtnet"), checked from the peer's SO_PEERCRED and
 * SO_PEERGROUPS. A refusal names the rule. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf/net_draft.h"
#include "kernel/session.h"
#include "state/state.h"
#include "util/addr.h"

#define API_MAX_BODY (1 << 20)   /* a request body: a definition of at most 1 MiB */

typedef struct vn_api_peer {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	size_t ngroups;
	gid_t *groups;               /* its supplementary groups, all of them (up to 65536) */
	bool remote;                 /* on the overlays' lease socket (TCP): another host, which
				      * may only ask for an overlay network's leases */
	vn_addr addr;                /* remote: its address */
} vn_api_peer;

typedef struct vn_api_req {
	const char *method;          /* "GET", "POST", "PUT", "DELETE" */
	const char *path;            /* "/v1/networks/default/start", already %-decoded */
	const char *query;           /* "inactive=1&mac=..." ("" for none), values %-decoded */
	const char *body;
	size_t len;
	const vn_api_peer *peer;
} vn_api_req;

typedef struct vn_api_resp {
	int status;                  /* 200, 201, 400, 403, 404, 405, 409, 413, 500 */
	const char *type;            /* "application/json" or "application/xml" */
	char *body;                  /* malloc'd, NUL-terminated */
	size_t len;
} vn_api_resp;

/* A change a call made: type ("defined", "undefined", "started", "stopped",
 * "autostart-on", "autostart-off"), the network, and a line for people. */
typedef void (*vn_api_event)(void *data, const char *type, const char *network, const char *text);

typedef struct vn_api {
	const vn_paths *paths;
	vn_session *session;         /* the daemon's kernel session */
	const char *admin_group;     /* its name, for messages */
	gid_t admin_gid;
	bool have_admin_gid;         /* the group exists */
	vn_api_event event;          /* NULL: none */
	void *event_data;
} vn_api;

/* Always fills out (an error is a JSON {"error": "..."} with its status). */
void api_handle(const vn_api *a, const vn_api_req *req, vn_api_resp *out);
void api_resp_free(vn_api_resp *r);
/* Whether peer may change things; when not, why, in why (a user's sentence). */
bool api_may_change(const vn_api *a, const vn_api_peer *peer, char *why, size_t len);
/* The value of key in a query string ("a=1&b=2"), NULL when absent; into buf. */
const char *api_query(const char *query, const char *key, char *buf, size_t len);
/* Whether key is in the query at all (api_query also says NULL for a value too long) */
bool api_query_has(const char *query, const char *key);

/* GET /v1/draft's query (api_draft.c): name, ipv4, dhcp-start, dhcp-end, forward, dev, ipv6
 * and domain, each at most 256 bytes, into q's buffers that d's fields point to (NULL for
 * an absent one). 0, or -EINVAL with err naming the field too long. */
#define DRAFT_QUERY_FIELDS 8
typedef struct vn_draft_query {
	char v[DRAFT_QUERY_FIELDS][257];
} vn_draft_query;
int api_draft_query(const char *query, vn_draft_query *q, vn_draft *d, vn_err *err);
