/* cmd_bridge.c - bridge show|showmacs|showstp: brctl's reports (brctl/brctl.h), printed */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "brctl/brctl.h"
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
	"bridge showmacs", NULL, NULL, "BRIDGE [--json]",
	"list a bridge's forwarding database, like brctl showmacs",
	"Port number, MAC address, whether it is local, and the seconds since the\n"
	"address was last seen, sorted by MAC address; brctl's text byte for byte.\n"
	"  --json      an array of objects {port, mac, local, ageing_timer_cs} (the\n"
	"              timer in hundredths of a second)\n",
};
static const vn_cmd sub_showstp = {
	"bridge showstp", NULL, NULL, "BRIDGE [--json]",
	"show a bridge's spanning tree state and that of its ports, like brctl showstp",
	"The bridge's IDs, root port, path cost, timers and flags, then each port's;\n"
	"brctl's text byte for byte.\n"
	"  --json      one object: the same facts, timers in hundredths of a second\n"
	"              (keys ending in _cs), flags as booleans, \"ports\": [...]\n",
};

static int on_json(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

/* Print and free the text. */
static void print_buf(vn_buf *b)
{
	if (b->len)
		fwrite(b->s, 1, b->len, stdout);
	buf_free(b);
}

/* Like brctl, one error line for each bridge that cannot be read, then the others. */
static int bridge_show(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	bool json = false;
	vn_notes missing = {0};
	vn_buf b = {0};
	vn_err err = {0};
	int first = cmd_getopt(ctx, &sub_show, argc, argv, opts, on_json, &json), rc;

	if (first < 0)
		return 1;
	rc = brctl_show(argv + first, (size_t)(argc - first), json, &b, &missing, &err);
	for (size_t i = 0; i < missing.n; i++)
		out_fail("%s", missing.v[i]);
	if (rc < 0) {
		buf_free(&b);
		rc = out_fail_err(&err, NULL);
	} else {
		print_buf(&b);
		rc = missing.n ? 1 : 0;
	}
	vn_notes_free(&missing);
	return rc;
}

/* showmacs and showstp: one BRIDGE, text or --json */
static int bridge_one(vn_ctx *ctx, const vn_cmd *sub, int argc, char **argv,
		      int (*fn)(const char *bridge, bool json, vn_buf *out, vn_err *err))
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	bool json = false;
	vn_err err = {0};
	vn_buf b = {0};
	int first = cmd_getopt(ctx, sub, argc, argv, opts, on_json, &json);

	if (first < 0)
		return 1;
	if (need_operands(sub, argc, argv, first, 1) < 0)
		return 1;
	if (fn(argv[first], json, &b, &err) < 0) {
		buf_free(&b);
		return out_fail_err(&err, NULL);
	}
	print_buf(&b);
	return 0;
}

static int bridge_showmacs(vn_ctx *ctx, int argc, char **argv)
{
	return bridge_one(ctx, &sub_showmacs, argc, argv, brctl_showmacs);
}

static int bridge_showstp(vn_ctx *ctx, int argc, char **argv)
{
	return bridge_one(ctx, &sub_showstp, argc, argv, brctl_showstp);
}

static const struct {
	const char *name;
	int (*fn)(vn_ctx *ctx, int argc, char **argv);
} subcommands[] = {
	{ "show", bridge_show },
	{ "showmacs", bridge_showmacs },
	{ "showstp", bridge_showstp },
};

/* `bridge SUBCOMMAND ARGS...`: argv[1] names the subcommand, which gets argv + 1. */
int cmd_bridge(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("bridge");

	if (argc < 2 || argv[1][0] == '-') {   /* --help, or an option where the subcommand goes */
		int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL);
		if (first < 0)
			return 1;
		return out_fail("command 'bridge' requires a subcommand: show, showmacs or showstp "
				"(usage: virtnet bridge %s)", c->usage);
	}
	for (size_t i = 0; i < ELEMENTSOF(subcommands); i++)
		if (streq(argv[1], subcommands[i].name))
			return subcommands[i].fn(ctx, argc - 1, argv + 1);
	return out_fail("unknown subcommand 'bridge %s': use show, showmacs or showstp "
			"(usage: virtnet bridge %s)", argv[1], c->usage);
}
