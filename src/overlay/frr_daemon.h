/* frr_daemon.h - virtnet's own FRR instance on this host: zebra and bgpd, run by virtnet
 *
 * One instance per virtnet root (and so per network namespace virtnet runs in), in its own
 * folder <run>/frr: the configuration both daemons start with (base.conf), networks/NAME.conf
 * (the stanza of each overlay network loaded into it, frr_evpn.h), and daemons/, FRR's
 * user's: their vty sockets, zebra's API socket (zserv.api), pid files and logs. Nothing of /etc/frr or
 * /run/frr is read or written, and no FRR daemon of the admin's is talked to: their
 * configuration stays theirs. The daemons run as FRR's user (frr), started with -d: the
 * process started exits once its daemon is set up (FRR's own readiness signal). */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "util/err.h"

#define FRR_DAEMONS_DIR "daemons"

typedef struct vn_frr {
	char dir[PATH_MAX];   /* <run>/frr */
} vn_frr;

typedef enum { FRR_ZEBRA, FRR_BGPD, FRR__DAEMONS } vn_frr_daemon;

/* The instance of a virtnet run folder (state.h's paths.run). -ENAMETOOLONG when its sockets'
 * paths would not fit a unix socket address. */
int frr_instance_init(vn_frr *f, const char *run_dir, vn_err *err);
/* <dir>/name */
void frr_path(const vn_frr *f, const char *name, char out[PATH_MAX]);
/* $VIRTNET_FRR_DIR (FRR's daemons), else /usr/lib/frr. */
const char *frr_bin_dir(void);
/* The pid of that daemon of this instance, 0 when it does not run. */
pid_t frr_daemon_pid(const vn_frr *f, vn_frr_daemon d);
/* Start the daemons of the instance that do not run (zebra first: bgpd talks to it). It
 * refuses when another zebra runs in this network namespace: a second zebra removes the
 * routes the first installed, and both would speak for the same VNIs. */
int frr_instance_start(const vn_frr *f, vn_err *err);
/* Stop both (bgpd first), waited for; 0 also when they did not run. zebra removes on its
 * way out what it installed (the overlay's flood and MAC entries). */
int frr_instance_stop(const vn_frr *f, vn_err *err);
