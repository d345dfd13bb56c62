/* cmd_start.c - start and destroy: through virtnetd, or (none answers) directly (cmd_run.c) */
#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"

static int one_network_cmd(vn_ctx *ctx, int argc, char **argv, const char *cmd,
			   int (*direct)(vn_ctx *, const char *))
{
	const vn_cmd *c = cli_find(cmd);
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL), fd;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	fd = remote_connect(ctx);
	if (fd == -1)
		return direct(ctx, argv[first]);
	return fd == -2 ? 1 : remote_run(ctx, fd, argv[first], cmd);
}

int cmd_start(vn_ctx *ctx, int argc, char **argv)
{
	return one_network_cmd(ctx, argc, argv, "start", start_direct);
}

int cmd_destroy(vn_ctx *ctx, int argc, char **argv)
{
	return one_network_cmd(ctx, argc, argv, "destroy", destroy_direct);
}
