/* status.h - a running network's journal (<root>/run/virtnet/networks/NAME.xml)
 *
 * The network's steps (state/journal.h: each recorded as intended before its change, done
 * after) and its payload: the definition it runs with and whether it is transient. Phases:
 * doing (a start under way), done (active), undoing (a destroy under way). A journal doing
 * or undoing whose process died is undone by the next command. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf/net_def.h"
#include "state/journal.h"
#include "util/err.h"

typedef enum {
	STEP_BRIDGE,      /* ifindex (once made), name: we created the bridge */
	STEP_SYSCTL,      /* name = sysctl path under /proc/sys, value = what we wrote (on the
			   * bridge: dies with it) */
	STEP_ADDRESS,     /* ifindex, addr/prefix */
	STEP_LINK_UP,     /* ifindex */
	STEP_ROUTE,       /* ifindex, addr/prefix = destination, gw, metric */
	STEP_FORWARDING,  /* name = sysctl path; left on at stop, like libvirt */
	STEP_FIREWALL,    /* name = nft table */
	STEP_DNSMASQ,     /* pid (once running) */
	STEP_PORT,        /* the network's guest ports are plugged in */
	STEP_OVERLAY_FW,  /* name = nft table: an overlay's rules in our bridge table */
	STEP_VXLAN,       /* ifindex (once made), name, addr = this host's underlay address */
	STEP_FDB,         /* ifindex (the VXLAN device), value = MAC, addr = the remote end in
			   * the underlay (none: an entry of the bridge, behind that port) */
	STEP_OVERLAY_CONTROL, /* name = the control ("evpn"): its hook's start and stop */
	STEP__COUNT
} vn_step_kind;

typedef struct vn_step {
	vn_step_kind kind;
	int ifindex;
	vn_addr addr, gw;
	int prefix;
	unsigned metric;
	pid_t pid;
	char name[256];
	char value[64];
} vn_step;

typedef struct vn_status {
	vn_journal j;         /* its steps are vn_step */
	bool active;          /* phase done: started and not being destroyed */
	bool transient;       /* no persistent definition: the network disappears when destroyed */
	vn_network *live;     /* the definition it runs with */
} vn_status;

extern const vn_jtype status_journal_type;
const char *step_kind_to_string(vn_step_kind k);
int step_kind_from_string(const char *s);

/* A new journal for a start of live (owned by the status from now on, also on failure). */
int status_create(const char *dir, vn_network *live, bool transient, vn_status **out, vn_err *err);
/* Read one, typed like input (its steps and its <network>). -ENOENT when there is none. */
int status_read(const char *path, vn_status **out, vn_err *err);
void status_free(vn_status *st);
int status_remove(vn_status *st, vn_err *err);

/* Make a step through the journal (intended, make, done). */
int status_step(vn_status *st, vn_step *step, vn_jmake make, void *ctx, vn_err *err);
/* A step in two halves, other steps made in between (journal_step_begin): the dnsmasq that
 * starts up while the firewall is written. */
int status_step_begin(vn_status *st, vn_step *step, vn_jmake begin, void *ctx, size_t *n,
		      vn_err *err);
int status_step_finish(vn_status *st, size_t n, vn_jmake finish, void *ctx, vn_err *err);
/* The first live (intended or done) step of a kind, or NULL; *n gets its number. */
vn_step *status_find(const vn_status *st, vn_step_kind kind, size_t *n);
/* Record step n again with its data as it is now (a restarted dnsmasq's pid). */
int status_update(vn_status *st, size_t n, vn_err *err);
int status_set_active(vn_status *st, vn_err *err);    /* phase done */
int status_begin_undo(vn_status *st, vn_err *err);    /* phase undoing, by this process */
/* The network stays up without its definition (undefine of a running network). */
int status_set_transient(vn_status *st, vn_err *err);
/* The definition it runs with is now live (taken; the file rewritten whole, steps kept):
 * the one before goes to *was, the caller's. On failure nothing changed, live is still the
 * caller's. */
int status_set_live(vn_status *st, vn_network *live, vn_network **was, vn_err *err);
/* Marks of the journals that may be doing or undoing (status_mark.c): status_create and
 * status_begin_undo mark a journal first, status_set_active and status_remove unmark it
 * after; status_marked_each calls fn with each marked journal's file name (a mark may be
 * stale: read the journal's phase) until fn returns non-zero. */
int status_mark(const char *journal, vn_err *err);
void status_unmark(const char *journal);
int status_marked_each(const char *dir, int (*fn)(const char *file, void *ctx), void *ctx);
/* Whether the first bytes of a journal file say a start or destroy is under way (the phase
 * of a network's journal is in its first line). */
bool status_head_unfinished(const char *head);
/* Whether a start or destroy under way was abandoned by its process. */
bool status_orphaned(const vn_status *st);
