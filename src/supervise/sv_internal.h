/* sv_internal.h - what the supervisor's files share */
#pragma once
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "kernel/nl_watch.h"
#include "kernel/session.h"
#include "state/store.h"
#include "supervise/supervise.h"
#include "util/addr.h"

/* A burst of notifications (a flush, one transaction, a link going with its addresses) is
 * let end before repairing: one repair for all of it. */
#define SV_SETTLE_MS 20
/* A dnsmasq that exited more than SV_FREE_RESTARTS times within SV_STREAK_MS of its last
 * exit waits 1 s, then 2 s, ... at most SV_MAX_DELAY_MS before the next restart. */
#define SV_FREE_RESTARTS 3
#define SV_STREAK_MS 10000
#define SV_MAX_DELAY_MS 60000

/* What an epoll event is about: the source in the high 32 bits, a pid for pidfds. */
enum { SV_SRC_TIMER = 1, SV_SRC_RTNL, SV_SRC_NFT, SV_SRC_INOTIFY, SV_SRC_PIDFD, SV_SRC_FRR };

typedef struct sv_net {
	char name[256];
	char uuid[VN_UUID_STRLEN]; /* (its lease file's name) */
	int bridge;                /* ifindex of the bridge it owns, 0 when none */
	int vxlan;                 /* an overlay's VXLAN device in it, 0 when none */
	pid_t pid;                 /* its dnsmasq, 0 when none */
	int pidfd;                 /* -1 when none */
	long long due_ms;          /* a repair is due at this time; 0: none */
	unsigned due_what;         /* what it looks at then (NET_CHECK_*) */
	unsigned pass_what;        /* what the pass under way looks at */
	long long restart_ms;      /* when its dnsmasq was last restarted (or is due to be) */
	unsigned streak;           /* exits each within SV_STREAK_MS of the restart before */
	char log[PATH_MAX];        /* its dnsmasq's log */
	bool evpn;                 /* an overlay whose control (FRR) start loaded */
	bool authority;            /* an overlay whose DHCP authority this host is */
	vn_addr underlay;          /* then this host's address among its peers */
	bool seen;                 /* still running at the last refresh */
} sv_net;

typedef struct sv_strs {
	char **v;                  /* in the order added */
	size_t n;
	uint32_t *idx;             /* hash index: cap slots, each 0 or 1 + a position in v */
	size_t cap;
} sv_strs;

/* What a pass saw of a network, for the next to compare (sv_snapshot.c) */
typedef struct sv_seen {
	char name[256];
	bool defined, active;
	sv_strs leases;            /* "MAC IP" */
	sv_strs ports;             /* device names */
} sv_seen;

/* A port record as the supervisor keeps it between passes (sv_records.c) */
typedef struct sv_port {
	char uuid[VN_UUID_STRLEN];
	char ifname[IF_NAMESIZE];
	char *network;
	bool netns;                /* its device lives in another namespace */
} sv_port;

/* The records commands changed since the last pass, as inotify named them (sv_inotify.c) */
typedef struct sv_dirty {
	bool all;                  /* all of them: the first pass, or notifications were lost */
	sv_strs nets;              /* networks whose definition, status or autostart mark changed */
	sv_strs leases;            /* lease files written: the network's UUID */
	sv_strs ports;             /* port records written or removed: their UUID */
} sv_dirty;

/* The watched directories, by inotify watch descriptor */
enum { SV_DIR_STATUS, SV_DIR_NETWORKS, SV_DIR_AUTOSTART, SV_DIR_PORTS, SV_DIR_LEASES, SV_NDIRS };

struct vn_sv {
	vn_paths paths;
	vn_session s;
	int ep, timer, ino;
	vn_nlwatch *rtnl, *nft;
	sv_net *nets;
	size_t nnets;
	int wd[SV_NDIRS];
	bool nft_touched;          /* the transaction being read deleted something of our table */
	long long fw_due, ports_due, refresh_due;
	bool ports_all;            /* at ports_due: every port, else those named in ports_named */
	sv_strs ports_named;       /* devices deleted or taken off a bridge */
	sv_port *ports;            /* the port records as the last pass left them */
	size_t nports;
	uint32_t *by_name, *by_uuid;   /* their indexes (sv_ports.c): port_cap slots each */
	size_t port_cap;
	sv_dirty dirty;
	sv_strs unfinished;        /* networks whose start or destroy was under way */
	sv_seen *seen;
	size_t nseen;
	bool snapped;              /* a pass has looked: differences are events from now on */
	pid_t frr_pid[2];          /* virtnet's FRR zebra and bgpd, while an evpn network runs */
	int frr_pidfd[2];          /* -1 when not watched */
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
/* A repair of network n's aspects `what` (NET_CHECK_*) due in delay_ms */
void sv_net_due(sv_net *n, unsigned what, long long delay_ms);

/* sv_strs: a set of strings */
void strs_add(sv_strs *s, const char *text);   /* once: nothing when it is there already */
bool strs_has(const sv_strs *s, const char *text);
void strs_remove(sv_strs *s, const char *text);   /* the last one takes its place */
void strs_free(sv_strs *s);
uint32_t sv_hash(const char *text);   /* FNV-1a */
/* Arm the timer for the earliest due repair (or disarm it). */
int sv_arm(vn_sv *sv);

/* sv_watch.c: the running networks, their bridges and dnsmasq pidfds; loaded: the names l
 * was read for (NULL: l holds every network) */
void sv_watch_refresh(vn_sv *sv, const vn_netlist *l, const sv_strs *loaded);
sv_net *sv_net_by_pid(vn_sv *sv, pid_t pid);
sv_net *sv_net_by_bridge(vn_sv *sv, int ifindex);
sv_net *sv_net_by_name(vn_sv *sv, const char *name);
void sv_dnsmasq_exited(vn_sv *sv, sv_net *n);
/* One of virtnet's FRR daemons exited: every evpn network's control is due at once. */
void sv_frr_exited(vn_sv *sv);
void sv_watch_free(vn_sv *sv);

/* sv_events.c: notifications to due repairs */
int sv_on_rtnl(vn_sv *sv);
int sv_on_nft(vn_sv *sv);
/* sv_inotify.c: the directories commands write, and what a notification names */
int sv_watch_dirs(vn_sv *sv, vn_err *err);
int sv_on_inotify(vn_sv *sv);
void sv_dirty_free(sv_dirty *d);

/* sv_records.c: what a pass reads. The port records' devices and networks are kept between
 * passes, brought up to date with what inotify named; the networks are read for each pass:
 * every one (1: the first pass, lost notifications), or only those it needs (0): touched by
 * a command (their files, lease files or ports changed: touched gets them), due at now,
 * unfinished, every running one when the firewall is due. loaded gets the names read. */
int sv_records_load(vn_sv *sv, long long now, vn_netlist *l, sv_strs *touched,
		    sv_strs *loaded, vn_notes *notes, vn_err *err);
/* After the pass's clean-up: which of the networks read still have a start or destroy under
 * way (the next passes read them again until it ends or its process is gone). */
void sv_unfinished_note(vn_sv *sv, const vn_netlist *l, const sv_strs *loaded);
/* sv_ports.c: the port records kept between passes, indexed by name and UUID */
struct vn_port;
const sv_port *sv_port_by_name(const vn_sv *sv, const char *ifname);
void sv_ports_add(vn_sv *sv, const struct vn_port *p);
char *sv_ports_forget(vn_sv *sv, const char *uuid);   /* its network (caller frees), or NULL */
void sv_ports_clear(vn_sv *sv);
void sv_records_free(vn_sv *sv);

/* sv_snapshot.c: what changed since the last pass, as events; touched: the networks to look
 * at again, all of them in l (NULL: every one, l holds them all) */
void sv_snapshot(vn_sv *sv, const vn_netlist *l, const sv_strs *touched);
void sv_snapshot_free(vn_sv *sv);

/* sv_pass.c: under the lock, what is due */
int sv_pass(vn_sv *sv, bool at_start, vn_err *err);
