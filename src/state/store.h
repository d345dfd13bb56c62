/* store.h - network definitions on disk: load, define, undefine, autostart (callers hold the
 * lock) */
#pragma once
#include <stdbool.h>

#include "conf/net_def.h"
#include "state/state.h"
#include "util/err.h"

typedef struct vn_status vn_status;

typedef struct vn_netobj {
	vn_network *def;    /* persistent definition, NULL for a transient network */
	vn_network *live;   /* definition it runs with (owned by status), NULL when inactive */
	/* live status file, also when a start died half-way (then live is NULL) */
	vn_status *status;
	bool autostart;
} vn_netobj;

typedef struct vn_netlist {
	vn_netobj *v;
	size_t n;
} vn_netlist;

/* The definition that describes the network now: live while active, else the stored one. */
const vn_network *store_current(const vn_netobj *o);

/* Load every definition and live status; unreadable files become notes, not failures.
 * A status marked "starting" is attached to its network (or a transient entry) with live NULL. */
int store_load(const vn_paths *p, vn_netlist *out, vn_notes *notes, vn_err *err);
/* The same, as the networks are now: a running network's definition file is not read (def
 * NULL, autostart false; its status holds what it runs with), only those of the others */
int store_load_current(const vn_paths *p, vn_netlist *out, vn_notes *notes, vn_err *err);
/* Only what a command on one network needs: that network (by name; a UUID falls back to a
 * full load) and any start that was interrupted. Cost independent of how many networks exist. */
int store_load_some(const vn_paths *p, const char *key, vn_netlist *out, vn_notes *notes,
		    vn_err *err);
/* The same as the network is now (store_load_current's rule): what a port change needs */
int store_load_some_current(const vn_paths *p, const char *key, vn_netlist *out,
			    vn_notes *notes, vn_err *err);
/* Only the networks named, each with its definition, autostart mark and status (a name no
 * record can have, or without files, adds nothing): what a daemon's pass needs, at the cost
 * of those alone. */
int store_load_named(const vn_paths *p, char *const *names, size_t n, vn_netlist *out,
		     vn_notes *notes, vn_err *err);
void store_list_free(vn_netlist *l);
/* By name, or by UUID when the text is one (like virsh). */
vn_netobj *store_lookup(vn_netlist *l, const char *name_or_uuid);
/* The same; none is ENOENT with virsh's "Network not found" and where to see the names. */
vn_netobj *store_find(vn_netlist *l, const char *name_or_uuid, vn_err *err);

typedef struct vn_define_opts {
	bool strict;          /* an overlapping subnet is an error, not a warning */
	bool trust_options;   /* the admin trusts its <dnsmasq:options> (conf/dnsmasq_options.h) */
} vn_define_opts;

/* libvirt's define: name/uuid conflicts, bridge name and MAC assigned when missing,
 * saved atomically. Takes ownership of def (also on failure). *saved points into the list. */
int store_define(const vn_paths *p, vn_netlist *l, vn_network *def, const vn_define_opts *o,
		 vn_netobj **saved, vn_notes *notes, vn_err *err);
/* Checks and generated values of define for a network started without a definition
 * (create): *obj is the existing entry of that name/uuid or a new empty one. Takes def
 * only on failure (the caller passes it on to network_start). */
int store_prepare_transient(vn_netlist *l, vn_network *def, const vn_define_opts *o,
			    vn_netobj **obj, vn_notes *notes, vn_err *err);
/* Forget entries with neither a definition nor a status (after a transient one went away). */
void store_drop_empty(vn_netlist *l);
int store_undefine(const vn_paths *p, vn_netlist *l, vn_netobj *o, vn_err *err);
int store_set_autostart(const vn_paths *p, vn_netobj *o, bool on, vn_err *err);
/* A defined network's definition replaced by def (same name and UUID: an update), saved
 * atomically; takes def (also on failure). */
int store_replace_def(const vn_paths *p, vn_netobj *o, vn_network *def, vn_err *err);
/* Remove temporary files left by an interrupted write (call with the exclusive lock). */
void store_sweep_temp(const vn_paths *p);
/* Names must be usable as file names: no '/', no leading '.', no newline, at most 251 bytes. */
int store_check_name(const char *name, vn_err *err);
