/* dnsmasq_spawn.h - start a dnsmasq on a config file and wait until it serves, tell whether
 * it still runs, stop it (shared by the networks' dnsmasq and vif-virtnet's per-vif one) */
#pragma once
#include <stdbool.h>
#include <sys/types.h>

#include "util/err.h"

/* $VIRTNET_DNSMASQ, else /usr/sbin/dnsmasq. */
const char *dnsmasq_binary(void);
/* The pid a pid file holds, 0 if none. */
pid_t dnsmasq_pidfile_pid(const char *path);
/* Start dnsmasq --conf-file=conf --keep-in-foreground (stdout/stderr to log, in its own
 * session, no other descriptor, signals at their defaults) and return at once: *pid_out runs
 * dnsmasq (a failed exec is an error here). The pid file is removed first. */
int dnsmasq_launch(const char *conf, const char *pidfile, const char *log, pid_t *pid_out,
		   vn_err *err);
/* Until the dnsmasq pid has written pidfile (its sockets are bound then). On failure the
 * last log line says why; one that exits is reaped, one that does not get ready within
 * timeout_ms is killed and reaped. */
int dnsmasq_wait_ready(pid_t pid, const char *pidfile, const char *log, int timeout_ms,
		       vn_err *err);
/* Both: launch, then wait until it is ready. */
int dnsmasq_spawn(const char *conf, const char *pidfile, const char *log, int timeout_ms,
		  pid_t *pid_out, vn_err *err);
/* Whether pid is a live dnsmasq started on this config file (its command line holds
 * --conf-file=conf): false for a zombie, another program or pid <= 0. */
bool dnsmasq_runs_conf(pid_t pid, const char *conf);
/* Stop the dnsmasq pid that runs on conf: SIGTERM, then SIGKILL, each with a bounded wait.
 * 0 once it is gone (and when it did not run), -EBUSY with err set if it outlives both. */
int dnsmasq_stop_pid(pid_t pid, const char *conf, vn_err *err);
/* The last line dnsmasq wrote to its log (why it did not start, or why it exited), or
 * "no message". */
void dnsmasq_last_message(const char *log, char *out, size_t len);
