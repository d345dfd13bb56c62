/* cli_store.h - the full program's plumbing for commands that read the store themselves
 * (cli_store.c; the thin program has no store) */
#pragma once
#include <stdbool.h>

#include "cli/cli.h"
#include "state/store.h"

int ctx_lock_and_load(vn_ctx *ctx, bool exclusive, vn_netlist *l);
/* Same, loading only the network `key` names (and interrupted starts). */
int ctx_lock_and_load_some(vn_ctx *ctx, bool exclusive, const char *key, vn_netlist *l);
/* Look a network up by name or UUID; prints virsh's error when missing. */
vn_netobj *ctx_lookup(vn_netlist *l, const char *key);
bool netobj_active(const vn_netobj *o);
