/* vif_ctx.h - one run of vif-virtnet: the request, the host handles, the step record
 *
 * Every change follows one protocol (vif_step_do): the step is appended to the state file
 * first, then the change is made; if the change fails the step is dropped again; after it a
 * fault point "vif-<kind>" (VIRTNET_FAIL_AT / VIRTNET_STALL_AT) lets tests fail or stall
 * there. Undoing (vif_undo.c) accepts steps whose change never happened. */
#pragma once
#include <limits.h>

#include "helpers/xen/vif_env.h"
#include "helpers/xen/vif_state.h"
#include "kernel/netlink.h"
#include "net/network.h"
#include "state/state.h"

typedef struct vif_ctx {
	const vif_req *req;
	const vn_paths *paths;
	vn_run *r;                 /* netlink and nftables */
	vif_state *st;
	char state_path[PATH_MAX];
	char table[80];            /* our vif tables' name: "<VIRTNET_NFT_TABLE>_vif" */
	vn_link_info link;         /* the device as found */
} vif_ctx;

/* The change for step s (the recorded copy: it may fill in what it learns, e.g. a pid). */
typedef int (*vif_action)(vif_ctx *c, vif_step *s, void *data, vn_err *err);
int vif_step_do(vif_ctx *c, const vif_step *s, vif_action act, void *data, vn_err *err);
int vif_state_save(vif_ctx *c, vn_err *err);

/* vif_undo.c: undo every step in reverse (the ones that fail stay in st), then remove the
 * state file when none is left. The first error is returned, the rest still undone. */
int vif_undo_all(vn_run *r, const vn_paths *paths, vif_state *st, const char *path, vn_err *err);
/* Undo the state of every other vif whose device is gone (Xen removed it without offline). */
void vif_sweep_vanished(vn_run *r, const vn_paths *paths, const char *self, vn_notes *notes);
/* Whether a vif other than self records a step of this kind and name (a shared table): 1 or
 * 0; -EIO when another vif's state file cannot be read (*why, when not NULL, names it and
 * says why): the caller must then assume it does. */
int vif_others_record(const vn_paths *paths, const char *self, vif_step_kind kind, const char *name, vn_err *why);
/* Undo items[n-1] down to items[0] (each size bytes) with undo (< 0: it failed and stays);
 * the ones that stay are moved, in their order, to the front; returns how many. *first
 * (when 0) and *err get the first failure. Generic, so any undo log can use it. */
typedef int (*vif_undo_fn)(void *item, void *ctx, vn_err *err);
size_t vif_undo_reverse(void *items, size_t n, size_t size, vif_undo_fn undo, void *ctx, int *first, vn_err *err);

/* Modes (vif_routed.c, vif_bridge.c): make the changes; on failure the caller undoes. */
int vif_routed_online(vif_ctx *c, vn_err *err);
int vif_bridge_online(vif_ctx *c, vn_err *err);

/* Shared steps (vif_steps.c). */
int vif_set_link_up(vif_ctx *c, bool up, vn_err *err);     /* records the state before */
int vif_set_sysctl(vif_ctx *c, vif_step_kind kind, const char *key, const char *value, vn_err *err);
int vif_set_rate(vif_ctx *c, const vif_rate *rate, vn_err *err);   /* tc on the vif: what the guest receives */
int vif_apply_firewall(vif_ctx *c, const char *family, const char *text, vn_err *err);
