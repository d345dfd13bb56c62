/* keeper_watch.h - what the keeper watches while no worker runs (supervise/sv_wake.h): the
 * API socket, the objects of the worker's wake list, and the folders commands write to
 * (a network a CLI started, a port it made), all in one epoll fd */
#pragma once
#include <stdbool.h>

#include "state/state.h"
#include "supervise/sv_wake.h"
#include "util/err.h"

typedef struct kwatch {
	int ep;                /* -1 when not armed */
	vn_wake wake;
	vn_nlwatch *rtnl, *nft;
	int ino;
	int *pidfds;
	size_t npidfds;
	bool due;              /* an event of the last look concerned the list */
} kwatch;

#define KWATCH_INIT { .ep = -1, .ino = -1 }

/* Read <run>/virtnetd.wake and watch; 1 when something is due already (a dnsmasq of the
 * list is gone), 0, or -errno with err. */
int kwatch_arm(kwatch *w, const vn_paths *paths, int listen_fd, vn_err *err);
/* After w->ep turned readable: whether the worker is needed (else the event was nothing of
 * ours and the watch goes on). */
bool kwatch_due(kwatch *w);
void kwatch_disarm(kwatch *w);
