/* cmd_bridge.c - bridge show|showmacs|showstp: brctl's reports, read through rtnetlink
 * (any bridge of the host, not only ours; no lock and no privilege needed) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "brctl/bridge_info.h"
#include "cli/commands.h"
#include "util/cleanup.h"
#include "util/str.h"

/* The subcommands, described like commands so cmd_getopt, need_operands and --help name
 * them in full ("bridge show"). */
static const vn_cmd sub_show = {
	"bridge show", NULL, NULL, "[BRIDGE...] [--json]",
	"list bridges with their ID, STP state and interfaces, like brctl show",
	"  BRIDGE      only these bridges, in this order (default: every bridge)\n"
	"  --json      an array of objects {bridge, id, stp, interfaces}\n"
	"The text is brctl's byte for byte; a bridge that does not exist is an error,\n"
	"the others are still shown.\n",
};
static const vn_cmd sub_showmacs = {
	"bridge showmacs", NULL, NULL, "BRIDGE",
	"list a bridge's forwarding database, like brctl showmacs",
	"Port number, MAC address, whether it is local, and the seconds since the\n"
	"address was last seen, sorted by MAC address; brctl's text byte for byte.\n",
};
static const vn_cmd sub_showstp = {
	"bridge showstp", NULL, NULL, "BRIDGE",
	"show a bridge's spanning tree state and that of its ports, like brctl showstp",
	"The bridge's IDs, root port, path cost, timers and flags, then each port's;\n"
	"brctl's text byte for byte.\n",
};

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
		rc = out_fail("out of memory");
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
		return out_fail("out of memory");
	}
	fputs(s, stdout);
	free(s);
	return 0;
}

/* The named bridges in the order given, like brctl: one error line for each bridge that
 * cannot be read, the others are still shown. */
static int read_named(vn_nl *nl, char **names, int count, vn_bridge **out, size_t *n)
{
	vn_bridge *v = calloc((size_t)count, sizeof(*v));
	vn_err err = {0};
	int rc = 0;

	*out = v;
	*n = 0;
	if (!v)
		return out_fail("out of memory");
	for (int i = 0; i < count; i++) {
		if (bridge_read(nl, names[i], &v[*n], &err) < 0)
			rc = out_fail_err(&err, NULL);
		else
			(*n)++;
	}
	return rc;
}

/* Bridges are read before anything is printed, so errors come first, then the table. */
static int bridge_show(vn_nl *nl, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	bool json = false;
	vn_bridge *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	int first = cmd_getopt(&sub_show, argc, argv, opts, on_json, &json), rc = 0;

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (first == argc) {
		if (bridge_read_all(nl, &v, &n, &err) < 0)
			return out_fail_err(&err, NULL);
	} else {
		rc = read_named(nl, argv + first, argc - first, &v, &n);
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

static int bridge_showmacs(vn_nl *nl, int argc, char **argv)
{
	vn_fdb_entry *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	vn_buf b = {0};
	int first = cmd_getopt(&sub_showmacs, argc, argv, NULL, NULL, NULL);

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(&sub_showmacs, argc, argv, first, 1) < 0)
		return 1;
	if (bridge_read_fdb(nl, argv[first], &v, &n, &err) < 0)
		return out_fail_err(&err, NULL);
	bridge_format_showmacs(&b, v, n);
	free(v);
	return print_buf(&b);
}

static int bridge_showstp(vn_nl *nl, int argc, char **argv)
{
	vn_bridge br;
	vn_err err = {0};
	vn_buf b = {0};
	int first = cmd_getopt(&sub_showstp, argc, argv, NULL, NULL, NULL);

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(&sub_showstp, argc, argv, first, 1) < 0)
		return 1;
	if (bridge_read(nl, argv[first], &br, &err) < 0)
		return out_fail_err(&err, NULL);
	bridge_format_showstp(&b, &br);
	bridge_clear(&br);
	return print_buf(&b);
}

static const struct {
	const char *name;
	int (*fn)(vn_nl *nl, int argc, char **argv);
} subcommands[] = {
	{ "show", bridge_show },
	{ "showmacs", bridge_showmacs },
	{ "showstp", bridge_showstp },
};

/* `bridge SUBCOMMAND ARGS...`: argv[1] names the subcommand, which gets argv + 1. */
int cmd_bridge(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("bridge");
	vn_nl *nl = NULL;
	vn_err err = {0};
	int rc;

	(void)ctx;
	if (argc < 2 || argv[1][0] == '-') {   /* --help, or an option where the subcommand goes */
		int first = cmd_getopt(c, argc, argv, NULL, NULL, NULL);
		if (first < 0)
			return first == -2 ? 0 : 1;
		return out_fail("command 'bridge' requires a subcommand: show, showmacs or showstp (usage: virtnet bridge %s)",
			    c->usage);
	}
	for (size_t i = 0; i < ELEMENTSOF(subcommands); i++) {
		if (!streq(argv[1], subcommands[i].name))
			continue;
		if (nl_open(&nl, &err) < 0)
			return out_fail_err(&err, NULL);
		rc = subcommands[i].fn(nl, argc - 1, argv + 1);
		nl_close(nl);
		return rc;
	}
	return out_fail("unknown subcommand 'bridge %s': use show, showmacs or showstp (usage: virtnet bridge %s)",
		    argv[1], c->usage);
}
