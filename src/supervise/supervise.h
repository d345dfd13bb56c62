/* supervise.h - keep running networks right between commands: a daemon's supervision
 *
 * Event-driven, never polling: each network's dnsmasq is watched through a pidfd, our
 * nftables table through the kernel's nftables notifications, bridges and ports through
 * rtnetlink, and the networks' journals through inotify (a network a CLI started is
 * supervised too). What changed is repaired the way `reconcile` repairs it, under the same
 * lock as every command; each repair is one line given to the caller's log function. A
 * dnsmasq that keeps exiting is restarted with a growing delay, and its last message is
 * logged. Idle, nothing wakes up.
 *
 * The supervisor is one epoll fd for the caller's event loop: when it is readable, call
 * sv_dispatch. The library keeps no global state: everything is in vn_sv. */
#pragma once
#include <stdbool.h>

#include "kernel/session.h"
#include "state/state.h"
#include "util/err.h"

typedef struct vn_sv vn_sv;
/* An event: its type, the network (NULL when none) and a line for people; log: the line
 * also belongs in the log (what supervision did: "repaired", "failing", an autostart).
 * The others say what changed, whoever changed it (a CLI, the API): "defined",
 * "undefined", "started", "stopped", "lease-added", "lease-expired", "port-added",
 * "port-removed". */
typedef void (*vn_svlog)(void *data, bool log, const char *type, const char *network,
			 const char *line);

/* Open the kernel session, the notification sockets and the epoll fd. */
int sv_open(vn_sv **out, const vn_paths *paths, vn_svlog log, void *logdata, vn_err *err);
/* At start: undo or finish what a crash left half-made, adopt the running networks and
 * their dnsmasq (nothing is restarted), start the autostart networks once per boot,
 * repair what changed while nobody watched, then watch. */
int sv_start(vn_sv *sv, vn_err *err);
int sv_fd(const vn_sv *sv);
/* Handle whatever is ready (never blocks on an event); repairs that are due run now. */
int sv_dispatch(vn_sv *sv, vn_err *err);
/* No repair is due (nothing waits on a timer) */
bool sv_quiet(const vn_sv *sv);
/* The underlay addresses (each once, at most max) of the running overlay networks that have
 * this host as their DHCP authority: the daemon serves their leases there to the overlays'
 * other hosts (overlay/overlay_leases.h), and nowhere else */
size_t sv_lease_addrs(const vn_sv *sv, vn_addr *out, size_t max);
/* Write what must wake an idle daemon (supervise/sv_wake.h) to <run>/virtnetd.wake */
int sv_write_wake(const vn_sv *sv, vn_err *err);
void sv_close(vn_sv *sv);   /* NULL ok; what it supervises keeps running */
/* A change made by this process (the API) and told already: the next pass does not tell
 * it again. type: "defined", "undefined", "started", "stopped" (others are ignored). */
void sv_changed(vn_sv *sv, const char *type, const char *network);
/* The kernel session it works on, for other work of the same process (the API). */
vn_session *sv_session(vn_sv *sv);
