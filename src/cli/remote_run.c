/* remote_run.c - changes through virtnetd (start, destroy, define, undefine, autostart),
 * printing what the direct path prints */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/remote.h"

static const char *member(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static const struct {
	const char *result, *line;
} lines[] = {
	{ "started", "Network %s started\n" },
	{ "already-active", "Network %s is already active\n" },
	{ "stopped", "Network %s destroyed\n" },
	{ "not-active", "Network %s is not active\n" },
	{ "undefined", "Network %s has been undefined\n" },
	{ "autostart-on", "Network %s marked as autostarted\n" },
	{ "autostart-off", "Network %s unmarked as autostarted\n" },
};

static void print_line(vn_ctx *ctx, const char *what, const char *net, const char *file)
{
	if (strcmp(what, "defined") == 0) {
		out_info(ctx, "Network %s defined from %s\n", net, file ? file : "");
		return;
	}
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (strcmp(what, lines[i].result) == 0)
			out_info(ctx, lines[i].line, net);
}

/* The result's warnings, then its line, as the direct path prints them */
void remote_print_result(vn_ctx *ctx, const char *body, const char *file)
{
	json_t *o = json_loads(body, 0, NULL), *notes = json_object_get(o, "notes"), *n;
	size_t i;

	fflush(stdout);
	json_array_foreach(notes, i, n)
		fprintf(stderr, "warning: %s\n", json_string_value(n) ? json_string_value(n) : "");
	print_line(ctx, member(o, "result"), member(o, "network"), file);
	out_blank(ctx);
	json_decref(o);
}

int remote_print_refusal(const remote_req *q, int status, const char *why)
{
	if (status == 404 && q->key)
		out_fail("failed to get network '%s'", q->key);
	else
		out_fail("%s", q->failed);
	return out_fail("%s", why);
}

int remote_change(vn_ctx *ctx, int fd, const remote_req *q)
{
	char *body, why[1024];
	int status;
	int rc = remote_call(fd, q->method, q->path, q->body, q->len, &body, &status, why,
			     sizeof(why));

	if (rc == -2)
		return 1;
	if (rc == -1)
		return remote_print_refusal(q, status, why);
	remote_print_result(ctx, body, q->file);
	free(body);
	return 0;
}

int remote_run(vn_ctx *ctx, int fd, const char *key, const char *cmd)
{
	char rest[32];
	remote_req q = { .method = "POST", .key = key };

	snprintf(rest, sizeof(rest), "/%s", cmd);
	snprintf(q.failed, sizeof(q.failed), "Failed to %s network %s", cmd, key);
	if (remote_path(q.path, sizeof(q.path), key, rest) < 0)
		return out_fail("the network name '%.40s...' is too long", key);
	return remote_change(ctx, fd, &q);
}
