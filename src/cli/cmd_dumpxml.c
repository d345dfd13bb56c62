/* cmd_dumpxml.c - dumpxml: a network's XML from virtnetd or (none answers) from the store,
 * as it is or as JSON */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"
#include "util/cleanup.h"

struct dump_opts { bool inactive, json; };

static int on_dump_opt(int o, const char *arg, void *d)
{
	(void)arg;
	if (o == 'i')
		((struct dump_opts *)d)->inactive = true;
	else
		((struct dump_opts *)d)->json = true;
	return 0;
}

static char *xml_remote(int fd, const char *key, bool inactive)
{
	char path[1400], *body, why[1024];
	int status, rc;

	if (remote_path(path, sizeof(path), key, inactive ? "/xml?inactive=1" : "/xml") < 0) {
		out_fail("the network name '%.40s...' is too long", key);
		return NULL;
	}
	rc = remote_call(fd, "GET", path, NULL, 0, &body, &status, why, sizeof(why));
	if (rc == -1 && status == 404)
		out_fail("failed to get network '%s'", key);
	if (rc == -1)
		out_fail("%s", why);
	return rc == 0 ? body : NULL;
}

int cmd_dumpxml(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "inactive", no_argument, NULL, 'i' }, { "json", no_argument, NULL, 'j' }, {0},
	};
	const vn_cmd *c = cli_find("dumpxml");
	struct dump_opts f = {0};
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_dump_opt, &f), fd;

	if (first < 0 || need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	fd = remote_connect(ctx);
	if (fd == -2)
		return 1;
	_cleanup_free_ char *xml = fd >= 0 ? xml_remote(fd, argv[first], f.inactive) :
					      dumpxml_direct(ctx, argv[first], f.inactive);
	if (!xml)
		return 1;
	if (f.json)
		return xml_print_json(ctx, xml);
	fputs(xml, stdout);
	out_blank(ctx);
	return 0;
}
