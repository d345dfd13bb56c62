/* remote_port.c - port-create through virtnetd: its options as the query, FILE read here and
 * sent as the body; the answer printed as the direct path prints it */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/remote.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/fileio.h"

/* key=value appended to the query; -1 when it does not fit */
static int add(char *query, size_t len, const char *key, const char *value)
{
	char v[3400];
	size_t n = strlen(query);
	int w;

	if (!value)
		return 0;
	if (remote_escape(v, sizeof(v), value) < 0)
		return -1;
	w = snprintf(query + n, len - n, "%s%s=%s", n ? "&" : "?", key, v);
	return w < 0 || (size_t)w >= len - n ? -1 : 0;
}

static int add_int(char *query, size_t len, const char *key, int value)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", value);
	return value >= 0 ? add(query, len, key, v) : 0;
}

/* q's options as a query string; -1 when they do not fit */
static int query_of(const vn_port_request *q, char *s, size_t len)
{
	const char *keys[] = { "type", "name", "mac", "netns", "peer-name", "ip", "inbound",
			       "outbound", "owner", "group", "oui", "file" };
	const char *values[] = { q->type, q->name, q->mac, q->netns, q->peer, q->ip, q->inbound,
				 q->outbound, q->owner, q->group, q->oui, q->file };
	int rc = 0;

	s[0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		rc |= add(s, len, keys[i], values[i]);
	rc |= add_int(s, len, "domid", q->domid);
	rc |= add_int(s, len, "devid", q->devid);
	if (q->count != 1)
		rc |= add_int(s, len, "count", q->count);
	if (q->hvm)
		rc |= add(s, len, "hvm", "1");
	if (q->isolated)
		rc |= add(s, len, "isolated", "1");
	return rc;
}

/* The "error" of a JSON error body */
static const char *error_of(const char *body, char *buf, size_t len)
{
	json_t *o = json_loads(body, 0, NULL);
	const char *msg = json_string_value(json_object_get(o, "error"));

	snprintf(buf, len, "%s", msg ? msg : body);
	json_decref(o);
	return buf;
}

static const char *member(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* What the direct path prints: a line per port made, then the error by its kind */
static int print_answer(vn_ctx *ctx, const char *body, const vn_port_request *q)
{
	json_t *o = json_loads(body, 0, NULL), *p;
	const char *failure = member(o, "failure");
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(o, "ports"), i, p) {
		if (q->file)
			out_info(ctx, "Network port %s created from %s (device %s)\n",
				 member(p, "uuid"), q->file, member(p, "device"));
		else
			out_info(ctx, "Network port %s created (device %s)\n", member(p, "uuid"),
				 member(p, "device"));
		out_blank(ctx);
	}
	if (strcmp(failure, "bad-file") == 0)
		out_fail("Failed to read network port from %s", q->file);
	else if (strcmp(failure, "failed") == 0)
		out_fail("Failed to create network port on network %s", member(o, "network"));
	if (failure[0])
		rc = out_fail("%s", member(o, "error"));
	fflush(stdout);
	json_array_foreach(json_object_get(o, "notes"), i, p)   /* after, as run_epilogue */
		fprintf(stderr, "warning: %s\n", json_string_value(p) ? json_string_value(p) : "");
	json_decref(o);
	return rc;
}

int remote_port_create(vn_ctx *ctx, int fd, const char *key, const vn_port_request *q)
{
	char query[8192], path[9600], why[1024];
	_cleanup_free_ char *doc = NULL, *body = NULL;
	vn_err err = {0};
	size_t len = 0;
	int status;

	if (q->file && file_read_all(q->file, 1 << 20, &doc, &len, &err) < 0) {
		out_fail("Failed to read network port from %s", q->file);
		return out_fail_err(&err, NULL);
	}
	if (query_of(q, query, sizeof(query)) < 0 ||
	    remote_path(path, sizeof(path), key, "/ports") < 0 ||
	    strlen(path) + strlen(query) + 1 > sizeof(path))
		return out_fail("the network name or an option is too long");
	strcat(path, query);
	if (remote_call_raw(fd, "POST", path, doc, len, &body, &status) < 0)
		return 1;
	if (strstr(body, "\"ports\""))
		return print_answer(ctx, body, q);
	if (status == 404)
		out_fail("failed to get network '%s'", key);
	return out_fail("%s", error_of(body, why, sizeof(why)));
}

/* What port-delete prints: its warnings, then the error by its kind or a line per port */
static int print_deleted(vn_ctx *ctx, const char *body)
{
	json_t *o = json_loads(body, 0, NULL), *p, *ports = json_object_get(o, "ports");
	const char *failure = member(o, "failure");
	size_t i;
	int rc = 0;

	fflush(stdout);
	json_array_foreach(json_object_get(o, "notes"), i, p)
		fprintf(stderr, "warning: %s\n", json_string_value(p) ? json_string_value(p) : "");
	if (strcmp(failure, "failed") == 0)
		out_fail("Failed to delete network port%s of network %s",
			 json_array_size(ports) == 1 ? "" : "s", member(o, "network"));
	if (failure[0])
		rc = out_fail("%s", member(o, "error"));
	json_array_foreach(ports, i, p)
		if (!failure[0])
			out_info(ctx, "Network port %s deleted (device %s)\n", member(p, "uuid"),
				 member(p, "device"));
	if (!failure[0])
		out_blank(ctx);
	json_decref(o);
	return rc;
}

int remote_port_delete(vn_ctx *ctx, int fd, const char *key, char **keys, size_t nkeys,
		       bool all)
{
	_cleanup_free_ char *body = NULL;
	char path[1400], why[1024];
	vn_buf b = {0};
	int status;

	for (size_t i = 0; i < nkeys; i++) {
		buf_add(&b, keys[i]);
		buf_addc(&b, '\n');
	}
	char *text = buf_steal(&b);
	if (remote_path(path, sizeof(path), key, all ? "/ports?all=1" : "/ports") < 0) {
		free(text);
		return out_fail("the network name '%.40s...' is too long", key);
	}
	int rc = remote_call_raw(fd, "DELETE", path, text, text ? strlen(text) : 0, &body,
				 &status);
	free(text);
	if (rc < 0)
		return 1;
	if (strstr(body, "\"ports\""))
		return print_deleted(ctx, body);
	if (status == 404)
		out_fail("failed to get network '%s'", key);
	return out_fail("%s", error_of(body, why, sizeof(why)));
}
