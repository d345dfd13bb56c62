/* keeper_watch.c - the keeper's watch between two workers */
#include "daemon/keeper_watch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fileio.h"

#define WAKE_FILE_MAX (4 << 20)

enum { KW_WAKE = 1, KW_RTNL, KW_NFT };

static int add(kwatch *w, int fd, unsigned tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };

	if (epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	return 0;
}

/* 1 when one of them is gone already */
static int watch_pids(kwatch *w)
{
	w->pidfds = calloc(w->wake.npids ? w->wake.npids : 1, sizeof(*w->pidfds));
	if (!w->pidfds)
		return -ENOMEM;
	for (size_t i = 0; i < w->wake.npids; i++) {
		int fd = (int)syscall(SYS_pidfd_open, w->wake.pids[i], 0);
		if (fd < 0)
			return errno == ESRCH ? 1 : -errno;
		w->pidfds[w->npidfds++] = fd;
		int rc = add(w, fd, KW_WAKE);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Where a command that bypassed the daemon leaves its mark: network journals, ports */
static int watch_dirs(kwatch *w, const vn_paths *paths)
{
	uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE;
	char ports[PATH_MAX + 8];

	snprintf(ports, sizeof(ports), "%s/ports", paths->run);
	w->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->ino < 0)
		return -errno;
	if (inotify_add_watch(w->ino, paths->status, mask) < 0 ||
	    inotify_add_watch(w->ino, ports, mask) < 0)
		return -errno;
	return add(w, w->ino, KW_WAKE);
}

static int watch_kernel(kwatch *w, vn_err *err)
{
	int rc = nlwatch_open_rtnl(&w->rtnl, err);

	if (rc == 0)
		rc = nlwatch_open_nft(&w->nft, err);
	if (rc == 0)
		rc = add(w, nlwatch_fd(w->rtnl), KW_RTNL);
	if (rc == 0)
		rc = add(w, nlwatch_fd(w->nft), KW_NFT);
	return rc;
}

static int read_wake(kwatch *w, const vn_paths *paths, vn_err *err)
{
	char path[PATH_MAX + 16];
	_cleanup_free_ char *text = NULL;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/virtnetd.wake", paths->run);
	rc = file_read_all(path, WAKE_FILE_MAX, &text, &len, err);
	if (rc < 0)
		return rc;
	if (strlen(text) != len)
		return vn_err_set(err, EINVAL, "%s: not text", path);
	return wake_parse(text, &w->wake, err);
}

int kwatch_arm(kwatch *w, const vn_paths *paths, int listen_fd, vn_err *err)
{
	int rc = read_wake(w, paths, err);

	if (rc < 0)
		return rc;
	w->ep = epoll_create1(EPOLL_CLOEXEC);
	rc = w->ep < 0 ? -errno : add(w, listen_fd, KW_WAKE);
	if (rc == 0)
		rc = watch_kernel(w, err);
	if (rc == 0)
		rc = watch_dirs(w, paths);
	if (rc == 0)
		rc = watch_pids(w);
	if (rc < 0 && !err->msg[0])
		vn_err_set(err, -rc, "cannot watch while idle: %s", strerror(-rc));
	if (rc < 0)
		kwatch_disarm(w);
	return rc;
}

static void on_event(void *data, const vn_nlev *ev)
{
	kwatch *w = data;

	w->due = w->due || wake_on_event(&w->wake, ev);
}

bool kwatch_due(kwatch *w)
{
	struct epoll_event ev[16];
	int n = epoll_wait(w->ep, ev, 16, 0);

	w->due = n < 0;   /* cannot tell: look */
	for (int i = 0; i < n; i++) {
		if (ev[i].data.u32 == KW_WAKE)
			w->due = true;
		else if (nlwatch_read(ev[i].data.u32 == KW_RTNL ? w->rtnl : w->nft, on_event, w) < 0)
			w->due = true;
	}
	return w->due;
}

void kwatch_disarm(kwatch *w)
{
	for (size_t i = 0; i < w->npidfds; i++)
		close(w->pidfds[i]);
	free(w->pidfds);
	nlwatch_close(w->rtnl);
	nlwatch_close(w->nft);
	if (w->ino >= 0)
		close(w->ino);
	if (w->ep >= 0)
		close(w->ep);
	wake_free(&w->wake);
	*w = (kwatch)KWATCH_INIT;
}
