/* cmd_define.c - define, undefine and autostart: through virtnetd, or (none answers)
 * directly (direct_define.c) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"
#include "conf/network_xml.h"
#include "util/cleanup.h"
#include "util/fileio.h"

struct flags { bool a, trust; };

static int set_flag(int o, const char *arg, void *d)
{
	struct flags *f = d;

	(void)arg;
	if (o == 't')
		f->trust = true;
	else
		f->a = true;
	return 0;
}

/* FILE's text to virtnetd, which parses and checks it */
static int define_remote(vn_ctx *ctx, int fd, const char *file, const struct flags *f,
			 const char *text, size_t len)
{
	remote_req q = { .method = "POST", .body = text, .len = len, .file = file };
	char *body, why[1024];
	int status, rc;

	snprintf(q.path, sizeof(q.path), "/v1/networks%s%s", f->a ? "?strict=1" : "",
		 f->trust ? (f->a ? "&trust-dnsmasq-options=1" : "?trust-dnsmasq-options=1") : "");
	snprintf(q.failed, sizeof(q.failed), "Failed to define network from %s", file);
	rc = remote_call(fd, q.method, q.path, q.body, q.len, &body, &status, why, sizeof(why));
	if (rc == -2)
		return 1;
	if (rc == -1)
		return define_refused(ctx, &q, text, len, status, why);
	remote_print_result(ctx, body, file);
	free(body);
	return 0;
}

/* FILE ("-" or a regular file: file_read_all reads nothing else) is read before virtnetd is
 * asked, so no connection is held while a terminal is read */
int cmd_define(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 'a' },
		{ "trust-dnsmasq-options", no_argument, NULL, 't' },
		{ 0 },
	};
	const vn_cmd *c = cli_find("define");
	_cleanup_free_ char *text = NULL;
	struct flags f = {0};
	vn_err err = {0};
	size_t len = 0;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_flag, &f), fd;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (file_read_all(argv[first], NET_XML_MAX_SIZE, &text, &len, &err) < 0)
		return out_fail_err(&err, "Failed to define network from %s", argv[first]);
	fd = remote_connect(ctx);
	if (fd == -2)
		return 1;
	if (fd == -1)
		return define_direct(ctx, argv[first], f.a, f.trust, text, len);
	return define_remote(ctx, fd, argv[first], &f, text, len);
}

/* One network's change through virtnetd: method on its path + rest, with body */
static int one_remote(vn_ctx *ctx, int fd, const char *key, const char *method, const char *rest,
		      const char *body, const char *failed_fmt)
{
	remote_req q = { .method = method, .key = key, .body = body,
			 .len = body ? strlen(body) : 0 };

	if (remote_path(q.path, sizeof(q.path), key, rest) < 0)
		return out_fail("the network name '%.40s...' is too long", key);
	snprintf(q.failed, sizeof(q.failed), failed_fmt, key);
	return remote_change(ctx, fd, &q);
}

int cmd_undefine(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("undefine");
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL), fd;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	fd = remote_connect(ctx);
	if (fd == -1)
		return undefine_direct(ctx, argv[first]);
	return fd == -2 ? 1 : one_remote(ctx, fd, argv[first], "DELETE", "", NULL,
					 "Failed to undefine network %s");
}

int cmd_autostart(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "disable", no_argument, NULL, 'a' }, {0} };
	const vn_cmd *c = cli_find("autostart");
	struct flags f = {0};
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_flag, &f), fd;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	fd = remote_connect(ctx);
	if (fd == -1)
		return autostart_direct(ctx, argv[first], f.a);
	return fd == -2 ? 1 : one_remote(ctx, fd, argv[first], "PUT", "/autostart",
					 f.a ? "off" : "on", f.a ?
					 "failed to unmark network %s as autostarted" :
					 "failed to mark network %s as autostarted");
}
