/* store.h - network definitions on disk: load, define, undefine, autostart (callers hold the lock) */
#pragma once
#include <stdbool.h>

#include "conf/net_def.h"
#include "state.h"
#include "util/err.h"

typedef struct vn_netobj {
	vn_network *def;    /* persistent definition, NULL for a transient network */
	vn_network *live;   /* definition it runs with, NULL when inactive */
	bool autostart;
} vn_netobj;

typedef struct vn_netlist {
	vn_netobj *v;
	size_t n;
} vn_netlist;

static inline const vn_network *netobj_current(const vn_netobj *o) { return o->live ? o->live : o->def; }

/* Load every definition and live status; unreadable files become notes, not failures. */
int store_load(const vn_paths *p, vn_netlist *out, vn_notes *notes, vn_err *err);
void netlist_free(vn_netlist *l);
/* By name, or by UUID when the text is one (like virsh). */
vn_netobj *netlist_lookup(vn_netlist *l, const char *name_or_uuid);

typedef struct vn_define_opts {
	bool strict;          /* an overlapping subnet is an error, not a warning */
} vn_define_opts;

/* libvirt's define: name/uuid conflicts, bridge name and MAC assigned when missing,
 * saved atomically. Takes ownership of def (also on failure). *saved points into the list. */
int store_define(const vn_paths *p, vn_netlist *l, vn_network *def, const vn_define_opts *o,
		 vn_netobj **saved, vn_notes *notes, vn_err *err);
int store_undefine(const vn_paths *p, vn_netlist *l, vn_netobj *o, vn_err *err);
int store_set_autostart(const vn_paths *p, vn_netobj *o, bool on, vn_err *err);
/* Remove temporary files left by an interrupted write (call with the exclusive lock). */
void store_sweep_temp(const vn_paths *p);
/* Names must be usable as file names: no '/', no leading '.', no newline, at most 251 bytes. */
int store_check_name(const char *name, vn_err *err);
