/* remote.c - the CLI's calls to virtnetd */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_client.h"
#include "cli/remote.h"

#define REMOTE_TIMEOUT_MS 120000   /* a start may wait for STP, dnsmasq, ... */

int remote_connect(vn_ctx *ctx)
{
	const char *direct = getenv("VIRTNET_DIRECT");
	vn_err err = {0};
	int fd;

	if (direct && strcmp(direct, "1") == 0)
		return -1;
	fd = api_connect(&ctx->paths, &err);
	if (fd >= 0)
		return fd;
	if (!err.msg[0])
		return -1;
	out_fail_err(&err, NULL);
	return -2;
}

/* The "error" of a JSON error body, else the body itself */
static void error_text(const char *body, char *why, size_t len)
{
	json_t *o = json_loads(body, 0, NULL);
	const char *msg = json_string_value(json_object_get(o, "error"));

	snprintf(why, len, "%s", msg ? msg : body);
	json_decref(o);
}

int remote_call_raw(int fd, const char *method, const char *path, const char *body, size_t len,
		    char **out, int *status)
{
	vn_api_reply r;
	vn_err err = {0};

	*out = NULL;
	if (api_call(fd, method, path, body, len, REMOTE_TIMEOUT_MS, &r, &err) < 0) {
		out_fail_err(&err, NULL);
		return -2;
	}
	*status = r.status;
	*out = r.body;
	return 0;
}

int remote_call(int fd, const char *method, const char *path, const char *body, size_t len,
		char **out, int *status, char *why, size_t whylen)
{
	vn_api_reply r;

	if (remote_call_raw(fd, method, path, body, len, &r.body, status) < 0) {
		*out = NULL;
		return -2;
	}
	r.status = *status;
	if (r.status >= 200 && r.status < 300) {
		*out = r.body;
		return 0;
	}
	*out = NULL;
	error_text(r.body, why, whylen);
	free(r.body);
	return -1;
}

int remote_escape(char *buf, size_t len, const char *s)
{
	return api_escape(buf, len, s);
}

int remote_path(char *buf, size_t len, const char *name, const char *rest)
{
	size_t n = (size_t)snprintf(buf, len, "/v1/networks/");

	if (remote_escape(buf + n, len - n, name) < 0 || strlen(buf) + strlen(rest) + 1 > len)
		return -1;
	strcat(buf, rest);
	return 0;
}
