/* sv_wake.h - what an idle virtnetd watches while no worker runs
 *
 * virtnetd is two processes: a small keeper that holds the API socket, and a worker (the
 * supervisor and the API) that it starts on demand and that leaves after a quiet while.
 * Before leaving, the worker tells the keeper what must wake it again: the bridges of the
 * running networks (by ifindex), the guest ports (by name), the dnsmasq pids (and virtnet's FRR daemons'), and our
 * nftables table. The list travels as lines "bridge IFINDEX", "port NAME BRIDGE", "pid PID" and
 * "table NAME"; read back, each is checked (a record is not trusted because we wrote it). */
#pragma once
#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "kernel/nl_watch.h"
#include "util/err.h"

#define WAKE_MAX 65536   /* entries of each kind */

typedef struct vn_wake_port {
	char name[IF_NAMESIZE];
	int bridge;   /* the ifindex of the bridge it belongs on */
} vn_wake_port;

typedef struct vn_wake {
	int *bridges;
	size_t nbridges;
	vn_wake_port *ports;
	size_t nports;
	pid_t *pids;
	size_t npids;
	char table[64];
} vn_wake;

/* The text of a wake list (malloc'd), from the supervisor's last pass. */
typedef struct vn_sv vn_sv;
int sv_wake_list(const vn_sv *sv, char **out);
/* Read a wake list back; -EINVAL with the offending line in err. */
int wake_parse(const char *text, vn_wake *w, vn_err *err);
/* Whether the notification concerns something of the list: a bridge changed, deleted or
 * losing an address, a port deleted or moved, anything of our table deleted or flushed,
 * or notifications lost. */
bool wake_on_event(const vn_wake *w, const vn_nlev *ev);
void wake_free(vn_wake *w);
