/* control.h - virtnetd's keeper and its worker talk over a socketpair (SOCK_SEQPACKET),
 * one short word a message:
 *   worker -> keeper  "ready"  started, serving the API (the keeper tells systemd)
 *                     "idle"   quiet for a while: its wake list is in <run>/virtnetd.wake
 *                     "busy"   something arrived after all: it stays
 *   keeper -> worker  "armed"  the keeper watches the wake list: the worker may leave
 * The worker leaves only after "armed" and a last look at its own sources, so nothing that
 * happens in between is missed by both. */
#pragma once
#include <stddef.h>

#define CTL_WORKER_FD 3   /* the API socket, in the worker */
#define CTL_CONTROL_FD 4  /* the control socket, in the worker */

int ctl_send(int fd, const char *word);   /* 0 or -errno */
/* One message, as a NUL-terminated word; 0 at end of file, 1 with a word, -errno */
int ctl_recv(int fd, char *word, size_t len);
