/* cmd_run.c - create, autostart-all, reconcile, and the direct path of start and destroy
 * (cmd_start.c) */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_store.h"
#include "cli/commands.h"
#include "cli/direct.h"
#include "conf/network_xml.h"
#include "net/network.h"
#include "util/cleanup.h"
#include "util/fileio.h"

/* Lock, load (everything, or only `key`), open netlink, clean up starts that died half-way. */
int run_prologue(vn_ctx *ctx, const char *key, vn_netlist *l, vn_run *r, vn_notes *notes)
{
	vn_err err = {0};

	if ((key ? ctx_lock_and_load_some(ctx, true, key, l) : ctx_lock_and_load(ctx, true, l)) < 0)
		return -1;
	if (state_mkdirs(&ctx->paths, &err) < 0 || run_open(r, &ctx->paths, notes, &err) < 0) {
		store_list_free(l);
		out_fail_err(&err, NULL);
		return -1;
	}
	network_cleanup_interrupted(r, l);
	store_drop_empty(l);
	return 0;
}

void run_epilogue(vn_netlist *l, vn_run *r, vn_notes *notes)
{
	out_notes(notes);
	run_close(r);
	store_list_free(l);
}

/* Start one network from its stored definition; prints virsh's messages. */
static int start_one(vn_ctx *ctx, vn_run *r, vn_netobj *o)
{
	const char *name = store_current(o)->name;
	vn_err err = {0};
	int rc = network_start_defined(r, o, &err);

	if (rc < 0)
		return out_fail_err(&err, "Failed to start network %s", name);
	if (rc == 1)
		out_info(ctx, "Network %s is already active\n", name);
	else
		out_info(ctx, "Network %s started\n", name);
	return 0;
}

/* One network's start or destroy (fn) under the exclusive lock */
static int one_network(vn_ctx *ctx, const char *key, int (*fn)(vn_ctx *, vn_run *, vn_netobj *))
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	vn_netobj *o;
	int rc = 1;

	if (run_prologue(ctx, key, &l, &r, &notes) < 0)
		return 1;
	o = ctx_lookup(&l, key);
	if (o)
		rc = fn(ctx, &r, o);
	if (rc == 0)
		out_blank(ctx);
	run_epilogue(&l, &r, &notes);
	return rc;
}

int start_direct(vn_ctx *ctx, const char *key)
{
	return one_network(ctx, key, start_one);
}

static int destroy_one(vn_ctx *ctx, vn_run *r, vn_netobj *o)
{
	char name[300];
	vn_err err = {0};

	snprintf(name, sizeof(name), "%s", store_current(o)->name);
	if (!netobj_active(o)) {
		out_info(ctx, "Network %s is not active\n", name);
		return 0;
	}
	if (network_destroy(r, o, &err) < 0)
		return out_fail_err(&err, "Failed to destroy network %s", name);
	out_info(ctx, "Network %s destroyed\n", name);
	return 0;
}

int destroy_direct(vn_ctx *ctx, const char *key)
{
	return one_network(ctx, key, destroy_one);
}

/* A transient network: started from FILE, never stored, gone when destroyed. */
static int create_from(vn_ctx *ctx, vn_run *r, vn_netlist *l, const char *file, vn_network *def,
		       bool trust)
{
	vn_netobj *obj = NULL;
	vn_err err = {0};

	if (network_create(r, l, def, trust, &obj, &err) < 0)
		return out_fail_err(&err, "Failed to create network from %s", file);
	out_info(ctx, "Network %s created from %s\n", obj->live->name, file);
	return 0;
}

static int set_trust(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

int cmd_create(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "trust-dnsmasq-options", no_argument, NULL, 't' },
					      { 0 } };
	const vn_cmd *c = cli_find("create");
	_cleanup_free_ char *data = NULL;
	bool trust = false;
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_network *def = NULL;
	vn_run r;
	size_t len;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_trust, &trust), rc;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (file_read_all(argv[first], NET_XML_MAX_SIZE, &data, &len, &err) < 0 ||
	    net_parse(data, len, argv[first], &def, &err) < 0)
		return out_fail_err(&err, "Failed to create network from %s", argv[first]);
	if (run_prologue(ctx, NULL, &l, &r, &notes) < 0) {
		net_free(def);
		return 1;
	}
	rc = create_from(ctx, &r, &l, argv[first], def, trust);
	if (rc == 0)
		out_blank(ctx);
	run_epilogue(&l, &r, &notes);
	return rc;
}

int cmd_autostart_all(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("autostart-all");
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_run r;
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL), rc = 0;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 0) < 0)
		return 1;
	if (run_prologue(ctx, NULL, &l, &r, &notes) < 0)
		return 1;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].autostart && l.v[i].def && !netobj_active(&l.v[i]))
			rc |= start_one(ctx, &r, &l.v[i]);
	run_epilogue(&l, &r, &notes);
	return rc;
}

static int reconcile(vn_run *r, vn_netlist *l, const vn_netobj *only, vn_notes *report)
{
	const char *failed;
	vn_err err = {0};

	if (network_reconcile_all(r, l, only, report, &failed, &err) == 0)
		return 0;
	if (failed)
		return out_fail_err(&err, "Failed to repair network %s", failed);
	return out_fail_err(&err, "Failed to repair guest ports");
}

int cmd_reconcile(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("reconcile");
	vn_netlist l = {0};
	vn_notes notes = {0}, report = {0};
	vn_run r;
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL), rc = 0;

	if (first < 0)
		return 1;
	if (argc - first > 1) {
		need_operands(c, argc, argv, first, 1);
		return 1;
	}
	if (run_prologue(ctx, NULL, &l, &r, &notes) < 0)
		return 1;
	vn_netobj *only = argc - first == 1 ? ctx_lookup(&l, argv[first]) : NULL;
	if (argc - first == 1 && !only)
		rc = 1;
	else
		rc = reconcile(&r, &l, only, &report);
	for (size_t i = 0; i < report.n; i++)
		printf("%s\n", report.v[i]);
	vn_notes_free(&report);
	run_epilogue(&l, &r, &notes);
	return rc;
}
