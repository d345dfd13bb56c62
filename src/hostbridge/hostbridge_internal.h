/* hostbridge_internal.h - shared between hostbridge_run.c and hostbridge_steps.c */
#pragma once
#include "hostbridge/hostbridge.h"

typedef struct hb_ctx {
	vn_run *r;
	vn_hostbridge *hb;
	bool nic_gone;           /* undo: the NIC disappeared, there is nothing to give back to */
	vn_hb_undone done;       /* undo: what came back, what had expired */
} hb_ctx;

/* Make one step (journaled as intended already): a vn_jmake over an hb_ctx. */
int hb_step_make(void *ctx, int kind, void *step, vn_err *err);
/* Undo one step: a vn_jundo over an hb_ctx. A step that was journaled but never made is
 * fine. */
int hb_step_undo(void *ctx, int kind, const void *step, vn_jstate state, vn_err *err);
/* Before a sysctl step is planned: the value to restore. A hostbridge that turned the same
 * sysctl off before us knows the original; the current value is then our own 0. */
void hb_sysctl_prepare(hb_ctx *x, vn_hb_step *s);
/* CLOCK_BOOTTIME in seconds: address lifetimes and route expiry count from the stamp. */
long long hb_now(void);
