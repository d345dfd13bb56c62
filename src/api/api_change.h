/* api_change.h - a change through the API: the exclusive lock, the network it names (every
 * network when key is NULL) loaded, a run on the daemon's session, interrupted journals
 * cleaned up (api_ops_change.c) */
#pragma once
#include "api/api.h"
#include "net/network.h"

typedef struct change {
	const vn_api *a;
	vn_netlist l;
	vn_notes notes;
	vn_run r;
	int lock;
} change;

int api_change_begin(change *c, const vn_api *a, const char *key, vn_err *err);
/* Every network as it is now, a running one from its status alone (store_load_current):
 * what a change to ports needs (a new MAC is checked against every network's hosts) */
int api_change_begin_current(change *c, const vn_api *a, vn_err *err);
/* One network (by name) as it is now, and any interrupted start */
int api_change_begin_one_current(change *c, const vn_api *a, const char *key, vn_err *err);
void api_change_release(change *c);   /* the list, the notes, the lock */
