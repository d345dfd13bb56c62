/* vif_ctx.h - one run of vif-virtnet: the request, the host handles, the step journal
 *
 * Every change is one journaled step (vif_step_do, over state/journal.h's journal_step):
 * intended before the change, done after, with the fault points "vif-<kind>" (fail before
 * the change, or stall after the step is journaled), "vif-<kind>-made" (stall after the
 * change) and "vif-<kind>-undo" (stall before its undo). Undoing (vif_undo.c) accepts steps
 * whose change never happened. */
#pragma once
#include <limits.h>

#include "helpers/xen/vif_env.h"
#include "helpers/xen/vif_journal.h"
#include "kernel/netlink.h"
#include "net/network.h"
#include "state/state.h"

typedef struct vif_ctx {
	const vif_req *req;
	const vn_paths *paths;
	vn_run *r;                 /* netlink and nftables */
	vif_journal vj;            /* this run's journal (its payload: the device as found) */
	char journal_path[PATH_MAX];
	char table[80];            /* our vif tables' name: "<VIRTNET_NFT_TABLE>_vif" */
	vn_link_info link;         /* the device as found */
} vif_ctx;

/* The change for step s (the journal's copy: it may fill in what it learns, e.g. a pid). */
typedef int (*vif_action)(vif_ctx *c, vif_step *s, void *data, vn_err *err);
int vif_step_do(vif_ctx *c, vif_step *s, vif_action act, void *data, vn_err *err);

/* vif_undo.c: undo every live step of vj, last first; when all are undone the journal file
 * goes. The first error is returned (the journal keeps what is left), the rest still undone.
 * vif_take_down marks the journal undoing first (an offline, or the cleanup of a vif that
 * vanished), so that a run killed half-way is finished by the next. */
int vif_undo_all(vn_run *r, const vn_paths *paths, vif_journal *vj, vn_err *err);
int vif_take_down(vn_run *r, const vn_paths *paths, vif_journal *vj, vn_err *err);
/* Undo the journal of every other vif whose device is gone (Xen removed it without offline). */
void vif_sweep_vanished(vn_run *r, const vn_paths *paths, const char *self, vn_notes *notes);
/* Whether a vif other than self has a live step of this kind and name (a shared table): 1
 * or 0; -EIO when another vif's journal cannot be read (*why, when not NULL, names it and
 * says why): the caller must then assume it does. */
int vif_others_record(const vn_paths *paths, const char *self, vif_step_kind kind, const char *name,
		      vn_err *why);

/* Modes (vif_routed.c, vif_bridge.c): make the changes; on failure the caller undoes. */
int vif_routed_online(vif_ctx *c, vn_err *err);
int vif_bridge_online(vif_ctx *c, vn_err *err);

/* Shared steps (vif_steps.c). */
int vif_set_link_up(vif_ctx *c, bool up, vn_err *err);     /* journals the state before */
int vif_set_sysctl(vif_ctx *c, vif_step_kind kind, const char *key, const char *value, vn_err *err);
/* tc on the vif: what the guest receives */
int vif_set_rate(vif_ctx *c, const vif_rate *rate, vn_err *err);
int vif_apply_firewall(vif_ctx *c, const char *family, const char *text, vn_err *err);
