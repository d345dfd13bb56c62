/* cli_store.c - the full program's plumbing for commands that read the store themselves:
 * the lock, the networks loaded, a network looked up */
#include "cli/cli_store.h"

static int lock_and_load(vn_ctx *ctx, bool exclusive, const char *key, vn_netlist *l)
{
	vn_notes notes = {0};
	vn_err err = {0};
	int r;

	ctx->lock_fd = state_lock(&ctx->paths, exclusive, &err);
	if (ctx->lock_fd < 0) {
		out_fail_err(&err, NULL);
		return -1;
	}
	if (exclusive)
		store_sweep_temp(&ctx->paths);
	if (key)
		r = store_load_some(&ctx->paths, key, l, &notes, &err);
	else
		r = store_load(&ctx->paths, l, &notes, &err);
	out_notes(&notes);
	if (r < 0) {
		ctx_unlock(ctx);
		out_fail_err(&err, NULL);
		return -1;
	}
	return 0;
}

int ctx_lock_and_load(vn_ctx *ctx, bool exclusive, vn_netlist *l)
{
	return lock_and_load(ctx, exclusive, NULL, l);
}

int ctx_lock_and_load_some(vn_ctx *ctx, bool exclusive, const char *key, vn_netlist *l)
{
	return lock_and_load(ctx, exclusive, key, l);
}

vn_netobj *ctx_lookup(vn_netlist *l, const char *key)
{
	vn_err err = {0};
	vn_netobj *o = store_find(l, key, &err);

	if (!o)
		out_fail_err(&err, "failed to get network '%s'", key);
	return o;
}

bool netobj_active(const vn_netobj *o)
{
	return o->live != NULL;
}
