/* cmd_event.c - event: virtnetd's events as they happen, like virsh net-event */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api_client.h"
#include "cli/commands.h"
#include "util/str.h"

struct event_opts {
	bool loop, json;
	long timeout_s;     /* 0: none */
	long seen;
};

static int on_event_opt(int o, const char *arg, void *d)
{
	struct event_opts *f = d;
	char *end;

	if (o == 'l') {
		f->loop = true;
	} else if (o == 'j') {
		f->json = true;
	} else {
		f->timeout_s = strtol(arg, &end, 10);
		if (*end || f->timeout_s <= 0 || f->timeout_s > 86400)
			return out_fail("invalid timeout '%s': a number of seconds from 1 to 86400",
					arg);
	}
	return 0;
}

/* "event 'started' for network 'default': Network default started" (or the JSON line) */
static int print_event(void *data, const char *line)
{
	struct event_opts *f = data;
	json_t *o = json_loads(line, 0, NULL);
	const char *type = o ? json_string_value(json_object_get(o, "type")) : NULL;
	const char *net = o ? json_string_value(json_object_get(o, "network")) : NULL;
	const char *text = o ? json_string_value(json_object_get(o, "text")) : NULL;

	if (f->json)
		printf("%s\n", line);
	else if (net)
		printf("event '%s' for network '%s': %s\n", type ? type : "?", net,
		       text ? text : "");
	else
		printf("event '%s': %s\n", type ? type : "?", text ? text : "");
	fflush(stdout);
	json_decref(o);
	f->seen++;
	return f->loop ? 0 : 1;
}

int cmd_event(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "loop", no_argument, NULL, 'l' }, { "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' }, {0},
	};
	const vn_cmd *c = cli_find("event");
	struct event_opts f = {0};
	vn_err err = {0};
	char w[SHELL_WORD_MAX];
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_event_opt, &f), fd, rc;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 0) < 0)
		return 1;
	fd = api_connect(&ctx->paths, &err);
	if (fd < 0 && !err.msg[0] && ctx->paths.root[0])
		return out_fail("events come from virtnetd, which does not run for this root "
				"(start it with: virtnetd --root %s)",
				shell_word(ctx->paths.root, w));
	if (fd < 0 && !err.msg[0])
		return out_fail("events come from virtnetd, which does not run (start it with: "
				"sudo systemctl start virtnetd)");
	if (fd < 0)
		return out_fail_err(&err, NULL);
	rc = api_events(fd, print_event, &f, f.timeout_s ? (int)(f.timeout_s * 1000) : -1, &err);
	if (rc < 0)
		return out_fail_err(&err, NULL);
	if (!f.loop && f.seen == 0)
		out_info(ctx, "event loop timed out\n");
	else if (f.loop)
		out_info(ctx, "events received: %ld\n", f.seen);
	return 0;
}
