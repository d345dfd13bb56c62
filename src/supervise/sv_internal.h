/* sv_internal.h - what the supervisor's files share */
#pragma once
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "kernel/nl_watch.h"
#include "kernel/session.h"
#include "state/store.h"
#include "supervise/supervise.h"

/* A burst of notifications (a flush, one transaction, a link going with its addresses) is
 * let end before repairing: one repair for all of it. */
#define SV_SETTLE_MS 20
/* A dnsmasq that exited more than SV_FREE_RESTARTS times within SV_STREAK_MS of its last
 * exit waits 1 s, then 2 s, ... at most SV_MAX_DELAY_MS before the next restart. */
#define SV_FREE_RESTARTS 3
#define SV_STREAK_MS 10000
#define SV_MAX_DELAY_MS 60000

/* What an epoll event is about: the source in the high 32 bits, a pid for pidfds. */
enum { SV_SRC_TIMER = 1, SV_SRC_RTNL, SV_SRC_NFT, SV_SRC_INOTIFY, SV_SRC_PIDFD };

typedef struct sv_net {
	char name[256];
	int bridge;                /* ifindex of the bridge it owns, 0 when none */
	pid_t pid;                 /* its dnsmasq, 0 when none */
	int pidfd;                 /* -1 when none */
	long long due_ms;          /* a repair is due at this time; 0: none */
	long long restart_ms;      /* when its dnsmasq was last restarted (or is due to be) */
	unsigned streak;           /* exits each within SV_STREAK_MS of the restart before */
	char log[PATH_MAX];        /* its dnsmasq's log */
	bool seen;                 /* still running at the last refresh */
} sv_net;

typedef struct sv_strs {
	char **v;
	size_t n;
} sv_strs;

/* What a pass saw of a network, for the next to compare (sv_snapshot.c) */
typedef struct sv_seen {
	char name[256];
	bool defined, active;
	sv_strs leases;            /* "MAC IP" */
	sv_strs ports;             /* device names */
} sv_seen;

struct vn_sv {
	vn_paths paths;
	vn_session s;
	int ep, timer, ino;
	vn_nlwatch *rtnl, *nft;
	sv_net *nets;
	size_t nnets;
	bool nft_touched;          /* the transaction being read deleted something of our table */
	long long fw_due, ports_due, refresh_due;
	sv_seen *seen;
	size_t nseen;
	bool snapped;              /* a pass has looked: differences are events from now on */
	vn_svlog log;
	void *logdata;
};

void sv_log(vn_sv *sv, const char *type, const char *network, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An event that is not a log line (what changed). */
void sv_event(vn_sv *sv, const char *type, const char *network, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Earliest of now + delay and what is already due. */
void sv_due(long long *due, long long delay_ms);
/* Arm the timer for the earliest due repair (or disarm it). */
int sv_arm(vn_sv *sv);

/* sv_watch.c: the running networks, their bridges and dnsmasq pidfds */
void sv_watch_refresh(vn_sv *sv, const vn_netlist *l);
sv_net *sv_net_by_pid(vn_sv *sv, pid_t pid);
sv_net *sv_net_by_bridge(vn_sv *sv, int ifindex);
sv_net *sv_net_by_name(vn_sv *sv, const char *name);
void sv_dnsmasq_exited(vn_sv *sv, sv_net *n);
void sv_watch_free(vn_sv *sv);

/* sv_events.c: notifications to due repairs */
int sv_on_rtnl(vn_sv *sv);
int sv_on_nft(vn_sv *sv);
int sv_on_inotify(vn_sv *sv);

/* sv_snapshot.c: what changed since the last pass, as events */
void sv_snapshot(vn_sv *sv, const vn_netlist *l);
void sv_snapshot_free(vn_sv *sv);

/* sv_pass.c: under the lock, what is due */
int sv_pass(vn_sv *sv, bool at_start, vn_err *err);
