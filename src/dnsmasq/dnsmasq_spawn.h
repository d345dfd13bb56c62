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
/* Start dnsmasq --conf-file=conf (stdout/stderr to log, in its own session, no other
 * descriptor, signals at their defaults) and return at once: *launcher_out runs dnsmasq (a
 * failed exec is an error here). dnsmasq daemonizes: this launcher exits once the daemon
 * serves, or has failed. The pid file is removed first. */
int dnsmasq_launch(const char *conf, const char *pidfile, const char *log, pid_t *launcher_out,
		   vn_err *err);
/* Until the launcher has exited, which dnsmasq makes it do once the daemon has finished
 * setting up (then *pid_out gets the daemon's pid, from pidfile) or failed (the error holds
 * dnsmasq's own message, the last line of log, and its exit status). A launcher still
 * waiting after timeout_ms is killed and reaped, its daemon killed. */
int dnsmasq_wait_ready(pid_t launcher, const char *conf, const char *pidfile, const char *log,
		       int timeout_ms, pid_t *pid_out, vn_err *err);
/* Both: launch, then wait until it is ready; *pid_out gets the daemon's pid. */
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
/* Stop what a launch left that was never waited for (a start undone half-way, or one that
 * died): the launcher is waited for (up to timeout_ms, then killed) so that its daemon is in
 * the pid file, then that daemon is stopped. A launcher that is the pid file's daemon (a
 * dnsmasq of an older virtnet, run in the foreground) is simply stopped. */
int dnsmasq_stop_launched(pid_t launcher, const char *conf, const char *pidfile, int timeout_ms,
			  vn_err *err);
