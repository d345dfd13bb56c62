/* cmd_bridge.c - bridge-show, bridge-showmacs, bridge-showstp: brctl's reports, read from
 * sysfs (any bridge of the host, not only ours; no lock needed) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "bridge_info.h"
#include "cli/commands.h"

static int on_json(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

/* Print and free the text: 0, or 1 when it could not be built. */
static int print_buf(vn_buf *b)
{
	int rc = 0;

	if (b->oom)
		rc = fail("out of memory");
	else if (b->len)
		fwrite(b->s, 1, b->len, stdout);
	buf_free(b);
	return rc;
}

static int print_json(const vn_bridge *v, size_t n)
{
	vn_json j = {0};
	char *s;

	bridge_format_show_json(&j, v, n);
	if (j.b.oom || !(s = json_steal(&j))) {
		buf_free(&j.b);
		return fail("out of memory");
	}
	fputs(s, stdout);
	free(s);
	return 0;
}

/* The named bridges in the order given, like brctl: one error line for each bridge that
 * cannot be read, the others are still shown. */
static int read_named(char **names, int count, vn_bridge **out, size_t *n)
{
	vn_bridge *v = calloc((size_t)count, sizeof(*v));
	vn_err err = {0};
	int rc = 0;

	*out = v;
	*n = 0;
	if (!v)
		return fail("out of memory");
	for (int i = 0; i < count; i++) {
		if (bridge_read(VN_SYSFS, names[i], 0, &v[*n], &err) < 0)
			rc = fail_err(&err, NULL);
		else
			(*n)++;
	}
	return rc;
}

/* Bridges are read before anything is printed, so errors come first, then the table. */
int cmd_bridge_show(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	const vn_cmd *c = cli_find("bridge-show");
	bool json = false;
	vn_bridge *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	int first = cmd_getopt(c, argc, argv, opts, on_json, &json), rc = 0;

	(void)ctx;
	if (first < 0)
		return first == -2 ? 0 : 1;
	if (first == argc) {
		if (bridge_read_all(VN_SYSFS, 0, &v, &n, &err) < 0)
			return fail_err(&err, NULL);
	} else {
		rc = read_named(argv + first, argc - first, &v, &n);
	}
	if (json) {
		rc |= print_json(v, n);
	} else {
		vn_buf b = {0};
		bridge_format_show(&b, v, n);
		rc |= print_buf(&b);
	}
	bridge_list_free(v, n);
	return rc;
}

int cmd_bridge_showmacs(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("bridge-showmacs");
	vn_fdb_entry *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	vn_buf b = {0};
	int first = cmd_getopt(c, argc, argv, NULL, NULL, NULL);

	(void)ctx;
	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (bridge_read_fdb(VN_SYSFS, argv[first], &v, &n, &err) < 0)
		return fail_err(&err, NULL);
	bridge_format_showmacs(&b, v, n);
	free(v);
	return print_buf(&b);
}

int cmd_bridge_showstp(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("bridge-showstp");
	vn_bridge br;
	vn_err err = {0};
	vn_buf b = {0};
	int first = cmd_getopt(c, argc, argv, NULL, NULL, NULL);

	(void)ctx;
	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (bridge_read(VN_SYSFS, argv[first], BRIDGE_READ_PORT_DETAILS, &br, &err) < 0)
		return fail_err(&err, NULL);
	bridge_format_showstp(&b, &br);
	bridge_clear(&br);
	return print_buf(&b);
}
