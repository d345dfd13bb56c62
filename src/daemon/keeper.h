/* keeper.h - virtnetd's keeper: a small process that holds the pid file's lock and the API
 * socket for the daemon's whole life, runs the worker (virtnetd-worker: supervision and
 * the API, with libxml2, libnftables and libmicrohttpd) while there is work, and watches
 * in its place while there is none (daemon/control.h, daemon/keeper_watch.h). */
#pragma once
#include <stdbool.h>
#include <sys/types.h>

#include "daemon/keeper_watch.h"
#include "state/state.h"

typedef enum {
	K_RUNNING,   /* a worker runs; the keeper only waits for it */
	K_LEAVING,   /* the worker asked to leave; the keeper watches already */
	K_WAKING,    /* the worker is leaving, but something arrived: start another */
	K_ASLEEP,    /* no worker; the keeper watches */
} keeper_state;

typedef struct keeper {
	vn_paths paths;
	const char *group;      /* NULL: the worker's default */
	unsigned idle_s;        /* the worker leaves after this long without work; 0: never */
	int listen_fd, sig_fd, ep, timer;
	pid_t worker;           /* 0 when none */
	int ctl;                /* the control socket to it, -1 when none */
	bool woken;             /* the next worker starts because of an event, not at boot */
	bool was_ready;         /* a worker said "ready" once: later exits are restarted */
	unsigned crashes;       /* worker exits in a row without leaving on purpose */
	keeper_state state;
	kwatch watch;
} keeper;

/* keeper_worker.c: start the worker (fork, exec); 0 or -errno (said on stderr) */
int keeper_spawn(keeper *k);
/* Its exit status, reaped: what to do next */
void keeper_worker_exited(keeper *k, int status);
/* A message on the control socket */
void keeper_on_control(keeper *k);
/* Stop the worker (SIGTERM, at most 10 s, then SIGKILL); what it supervises keeps running */
void keeper_stop_worker(keeper *k);
