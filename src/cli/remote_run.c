/* remote_run.c - start and destroy through virtnetd, printing what the direct path prints */
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

/* The result's warnings, then its line, as the direct path prints them */
static int print_result(vn_ctx *ctx, const char *body)
{
	json_t *o = json_loads(body, 0, NULL), *notes = json_object_get(o, "notes"), *n;
	const char *net = member(o, "network"), *what = member(o, "result");
	size_t i;

	fflush(stdout);
	json_array_foreach(notes, i, n)
		fprintf(stderr, "warning: %s\n", json_string_value(n) ? json_string_value(n) : "");
	if (strcmp(what, "started") == 0)
		out_info(ctx, "Network %s started\n", net);
	else if (strcmp(what, "already-active") == 0)
		out_info(ctx, "Network %s is already active\n", net);
	else if (strcmp(what, "stopped") == 0)
		out_info(ctx, "Network %s destroyed\n", net);
	else
		out_info(ctx, "Network %s is not active\n", net);
	out_blank(ctx);
	json_decref(o);
	return 0;
}

int remote_run(vn_ctx *ctx, int fd, const char *key, const char *cmd)
{
	char path[1400], rest[32], *body, why[1024];
	int status, rc;

	snprintf(rest, sizeof(rest), "/%s", cmd);
	if (remote_path(path, sizeof(path), key, rest) < 0)
		return out_fail("the network name '%.40s...' is too long", key);
	rc = remote_call(fd, "POST", path, NULL, 0, &body, &status, why, sizeof(why));
	if (rc == -2)
		return 1;
	if (rc == 0) {
		print_result(ctx, body);
		free(body);
		return 0;
	}
	if (status == 404)
		out_fail("failed to get network '%s'", key);
	else
		out_fail("Failed to %s network %s", cmd, key);
	return out_fail("%s", why);
}
