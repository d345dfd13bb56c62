/* direct_update.c - update without virtnetd: under the exclusive lock, on the network's
 * records and the host */
#include "cli/cli_store.h"
#include "cli/commands.h"
#include "cli/direct.h"
#include "net/network.h"

int update_direct(vn_ctx *ctx, const char *key, const vn_upd_req *q, unsigned flags)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	char name[300];
	vn_netobj *o;
	vn_run r;
	int rc = 1;

	if (run_prologue(ctx, key, &l, &r, &notes) < 0)
		return 1;
	o = ctx_lookup(&l, key);
	if (o) {
		snprintf(name, sizeof(name), "%s", store_current(o)->name);
		rc = network_update(&r, o, q, &flags, &err) < 0
			     ? out_fail_err(&err, "Failed to update network %s", name)
			     : (update_print(ctx, name, flags), 0);
	}
	run_epilogue(&l, &r, &notes);
	return rc;
}
