/* cmd_port.c - port-create (its options into a request) and port-delete: through virtnetd,
 * or (none answers) directly (direct_port.c), where the library decides and makes */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"
#include "port/port_request.h"

static int parse_int(const char *what, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0 || v > 0x7fffffff) {
		out_fail("%s '%s' is not a number from 0 to 2147483647", what, arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int on_port_opt(int o, const char *arg, void *d)
{
	vn_port_request *q = d;

	switch (o) {
	case 't': q->type = arg; return 0;
	case 'n': q->name = arg; return 0;
	case 'D': return parse_int("--domid", arg, &q->domid);
	case 'd': return parse_int("--devid", arg, &q->devid);
	case 'H': q->hvm = true; return 0;
	case 'm': q->mac = arg; return 0;
	case 'N': q->netns = arg; return 0;
	case 'p': q->peer = arg; return 0;
	case 'a': q->ip = arg; return 0;
	case 'I': q->isolated = true; return 0;
	case 'i': q->inbound = arg; return 0;
	case 'o': q->outbound = arg; return 0;
	case 'u': q->owner = arg; return 0;
	case 'g': q->group = arg; return 0;
	case 'c': return parse_int("--count", arg, &q->count);
	default: q->oui = arg; return 0;
	}
}

static const struct option port_opts[] = {
	{ "type", required_argument, NULL, 't' },
	{ "name", required_argument, NULL, 'n' },
	{ "domid", required_argument, NULL, 'D' },
	{ "devid", required_argument, NULL, 'd' },
	{ "hvm", no_argument, NULL, 'H' },
	{ "mac", required_argument, NULL, 'm' },
	{ "netns", required_argument, NULL, 'N' },
	{ "peer-name", required_argument, NULL, 'p' },
	{ "ip", required_argument, NULL, 'a' },
	{ "isolated", no_argument, NULL, 'I' },
	{ "inbound", required_argument, NULL, 'i' },
	{ "outbound", required_argument, NULL, 'o' },
	{ "owner", required_argument, NULL, 'u' },
	{ "group", required_argument, NULL, 'g' },
	{ "oui", required_argument, NULL, 'O' },
	{ "count", required_argument, NULL, 'c' },
	{0},
};

int cmd_port_create(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("port-create");
	vn_port_request q = PORT_REQUEST_INIT;
	vn_err err = {0};
	int first = cmd_getopt(ctx, c, argc, argv, port_opts, on_port_opt, &q), fd;

	if (first < 0)
		return 1;
	if (argc - first < 1 || argc - first > 2) {
		need_operands(c, argc, argv, first, argc - first < 1 ? 1 : 2);
		return 1;
	}
	q.file = argc - first == 2 ? argv[first + 1] : NULL;
	if (port_request_check(&q, &err) < 0)
		return out_fail_err(&err, NULL);
	fd = remote_connect(ctx);
	if (fd == -1)
		return port_create_direct(ctx, argv[first], &q);
	return fd == -2 ? 1 : remote_port_create(ctx, fd, argv[first], &q);
}

static int on_delete(int o, const char *arg, void *d)
{
	(void)arg;
	(void)o;
	*(bool *)d = true;
	return 0;
}

int cmd_port_delete(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "all", no_argument, NULL, 'a' }, {0} };
	const vn_cmd *c = cli_find("port-delete");
	bool all = false;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_delete, &all), fd;

	if (first < 0)
		return 1;
	if (argc - first < (all ? 1 : 2) || (all && argc - first > 1)) {
		need_operands(c, argc, argv, first, all ? 1 : 2);
		return 1;
	}
	fd = remote_connect(ctx);
	if (fd == -1)
		return port_delete_direct(ctx, argv[first], argv + first + 1,
					  (size_t)(argc - first - 1), all);
	return fd == -2 ? 1 : remote_port_delete(ctx, fd, argv[first], argv + first + 1,
						 (size_t)(argc - first - 1), all);
}
