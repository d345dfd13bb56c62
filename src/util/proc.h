/* proc.h - the programs virtnet runs as daemons (dnsmasq, FRR's zebra and bgpd): started
 * detached, their launcher's exit waited for, recognised by an argument of their command
 * line, stopped by pid with bounded waits */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

/* The pid a pid file holds, 0 if none. */
pid_t proc_pidfile_pid(const char *path);
/* Start binary with argv (argv[0] its name) in its own session, stdin from /dev/null,
 * stdout and stderr appended to log, no other descriptor, every signal unblocked and at its
 * default; returns at once with *pid_out running it (a failed exec is an error here). */
int proc_spawn(const char *binary, char *const argv[], const char *log, pid_t *pid_out,
	       vn_err *err);
/* Until pid (our child) exits, a pidfd waking us the moment it does: 0 with its wait
 * status, -ETIMEDOUT once deadline (vn_now_ms) has passed, or -ECHILD when it is not ours to
 * reap (SIGCHLD ignored by whoever started us: its status is lost). */
int proc_wait_exit(pid_t pid, long long deadline, int *status);
/* Whether pid is a live process one of whose arguments is arg: false for a zombie, another
 * program or pid <= 0. */
bool proc_has_arg(pid_t pid, const char *arg);
/* Wait until pid is gone (a pidfd: until it has exited and closed its sockets; without one,
 * until it no longer runs with arg), at most ms; reaps it when it is our child. */
bool proc_wait_gone(pid_t pid, int pidfd, const char *arg, int ms);
/* Stop pid if it runs with arg: SIGTERM, then SIGKILL, each with a bounded wait. 0 once it is
 * gone (and when it did not run), -EBUSY with err naming it as what if it outlives both. */
int proc_stop(pid_t pid, const char *arg, const char *what, vn_err *err);
/* Through the pidfd when there is one (it names the process looked at, whatever the pid
 * number means by now), else kill. */
void proc_signal(pid_t pid, int pidfd, int sig);
/* The last line of a log file, or "no message". */
void proc_last_line(const char *log, char *out, size_t len);
