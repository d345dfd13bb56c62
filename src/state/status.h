/* status.h - what a running network owns, recorded step by step (<root>/run/virtnet/networks/NAME.xml)
 *
 * start appends a step after each change it makes and rewrites the file; destroy and a failed
 * start undo the steps in reverse. A file still marked "starting" was left by a start that
 * died half-way: the next command cleans it up. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf/net_def.h"
#include "util/err.h"

typedef enum {
	STEP_BRIDGE,      /* ifindex, name: we created the bridge */
	STEP_SYSCTL,      /* name = sysctl path under /proc/sys, value = what we wrote (on the bridge: dies with it) */
	STEP_ADDRESS,     /* ifindex, addr/prefix */
	STEP_LINK_UP,     /* ifindex */
	STEP_ROUTE,       /* ifindex, addr/prefix = destination, gw, metric */
	STEP_FORWARDING,  /* name = sysctl path; left on at stop, like libvirt */
	STEP_FIREWALL,    /* name = nft table */
	STEP_DNSMASQ,     /* pid, name = its config file */
	STEP_PORT,        /* name = a guest port's device, re-attached at start */
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
	bool active;          /* false: a start that never finished */
	bool transient;       /* no persistent definition: the network disappears when destroyed */
	pid_t starter;        /* process that wrote a "starting" status */
	vn_network *live;     /* the definition it runs with */
	vn_step *steps;
	size_t nsteps;
} vn_status;

const char *step_kind_to_string(vn_step_kind k);
int step_kind_from_string(const char *s);

int status_add_step(vn_status *st, const vn_step *step);
void status_free(vn_status *st);
/* Pure XML conversion. */
char *status_format(const vn_status *st);
int status_parse(const char *xml, size_t len, const char *what, vn_status **out, vn_err *err);
/* Files: <dir>/<name>.xml, replaced atomically (no fsync: /run does not survive a reboot anyway). */
int status_write(const char *dir, const vn_status *st, vn_err *err);
int status_read(const char *path, vn_status **out, vn_err *err);
int status_remove(const char *dir, const char *name, vn_err *err);
