/* sv_open.c - the supervisor's sockets, its epoll fd and its one timer */
#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "state/repairs.h"
#include "supervise/sv_internal.h"
#include "util/clock.h"

/* A repair (or a failed one) is also kept on disk, for whoever asks later (a page opened
 * after it, GET /v1/networks/NAME/repairs); a record that cannot be written loses only the
 * record: the log line and the event went out. */
static void record_repair(vn_sv *sv, const char *type, const char *network, const char *line)
{
	char text[REPAIR_TEXT_MAX + 1];
	size_t n = strlen(line);
	vn_err err = {0};

	if (strcmp(type, "repaired") != 0 && strcmp(type, "failing") != 0)
		return;
	if (n > REPAIR_TEXT_MAX)   /* the record keeps the start, cut at a character's end */
		for (n = REPAIR_TEXT_MAX; n > 0 && ((unsigned char)line[n] & 0xc0) == 0x80; n--)
			;
	memcpy(text, line, n);
	text[n] = '\0';
	if (repairs_append(&sv->paths, network, (long long)time(NULL), type, text, &err) < 0)
		sv->log(sv->logdata, true, "failing", network, err.msg);
}

__attribute__((format(printf, 5, 0)))
static void tell(vn_sv *sv, bool log, const char *type, const char *network, const char *fmt,
		 va_list ap)
{
	char line[2048];

	vsnprintf(line, sizeof(line), fmt, ap);
	sv->log(sv->logdata, log, type, network, line);
	if (log && network)
		record_repair(sv, type, network, line);
}

void sv_log(vn_sv *sv, const char *type, const char *network, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tell(sv, true, type, network, fmt, ap);
	va_end(ap);
}

void sv_event(vn_sv *sv, const char *type, const char *network, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tell(sv, false, type, network, fmt, ap);
	va_end(ap);
}

void sv_due(long long *due, long long delay_ms)
{
	long long at = vn_now_ms() + delay_ms;

	if (*due == 0 || at < *due)
		*due = at;
}

void sv_net_due(sv_net *n, unsigned what, long long delay_ms)
{
	sv_due(&n->due_ms, delay_ms);
	n->due_what |= what;
}

static long long earliest(const vn_sv *sv)
{
	long long at = 0;
	long long all[] = { sv->fw_due, sv->ports_due, sv->refresh_due };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i] && (!at || all[i] < at))
			at = all[i];
	for (size_t i = 0; i < sv->nnets; i++)
		if (sv->nets[i].due_ms && (!at || sv->nets[i].due_ms < at))
			at = sv->nets[i].due_ms;
	return at;
}

bool sv_quiet(const vn_sv *sv)
{
	return earliest(sv) == 0;
}

int sv_arm(vn_sv *sv)
{
	struct itimerspec t = {0};
	long long at = earliest(sv), wait;

	if (at) {
		wait = at - vn_now_ms();
		wait = wait < 1 ? 1 : wait;   /* all zero would disarm it */
		t.it_value.tv_sec = wait / 1000;
		t.it_value.tv_nsec = (wait % 1000) * 1000000;
	}
	if (timerfd_settime(sv->timer, 0, &t, NULL) < 0)
		return -errno;
	return 0;
}

static int watch_fd(vn_sv *sv, int fd, unsigned src, vn_err *err)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (unsigned long long)src << 32 };

	if (epoll_ctl(sv->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return vn_err_set(err, errno, "cannot watch a descriptor: %s", strerror(errno));
	return 0;
}

static int open_inotify(vn_sv *sv, vn_err *err)
{
	int rc = state_mkdirs(&sv->paths, err);

	if (rc < 0)
		return rc;
	sv->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (sv->ino < 0)
		return vn_err_set(err, errno, "cannot open inotify: %s", strerror(errno));
	rc = sv_watch_dirs(sv, err);
	if (rc < 0)
		return rc;
	return watch_fd(sv, sv->ino, SV_SRC_INOTIFY, err);
}

static int open_fds(vn_sv *sv, vn_err *err)
{
	int rc;

	sv->ep = epoll_create1(EPOLL_CLOEXEC);
	sv->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (sv->ep < 0 || sv->timer < 0)
		return vn_err_set(err, errno, "cannot create the event loop: %s", strerror(errno));
	rc = watch_fd(sv, sv->timer, SV_SRC_TIMER, err);
	if (rc == 0)
		rc = nlwatch_open_rtnl(&sv->rtnl, err);
	if (rc == 0)
		rc = watch_fd(sv, nlwatch_fd(sv->rtnl), SV_SRC_RTNL, err);
	if (rc == 0)
		rc = nlwatch_open_nft(&sv->nft, err);
	if (rc == 0)
		rc = watch_fd(sv, nlwatch_fd(sv->nft), SV_SRC_NFT, err);
	if (rc == 0)
		rc = open_inotify(sv, err);
	return rc;
}

int sv_open(vn_sv **out, const vn_paths *paths, vn_svlog log, void *logdata, vn_err *err)
{
	vn_sv *sv = calloc(1, sizeof(*sv));
	int rc;

	*out = NULL;
	if (!sv)
		return vn_err_set(err, ENOMEM, "out of memory starting supervision");
	sv->paths = *paths;
	sv->log = log;
	sv->logdata = logdata;
	sv->ep = sv->timer = sv->ino = -1;
	sv->frr_pidfd[0] = sv->frr_pidfd[1] = -1;
	sv->dirty.all = true;   /* the first pass reads every record */
	rc = open_fds(sv, err);
	if (rc == 0)
		rc = session_open(&sv->s, err);
	if (rc < 0) {
		sv_close(sv);
		return rc;
	}
	*out = sv;
	return 0;
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

void sv_close(vn_sv *sv)
{
	if (!sv)
		return;
	sv_watch_free(sv);
	sv_snapshot_free(sv);
	sv_records_free(sv);
	strs_free(&sv->ports_named);
	session_close(&sv->s);
	nlwatch_close(sv->rtnl);
	nlwatch_close(sv->nft);
	close_fd(sv->ino);
	close_fd(sv->timer);
	close_fd(sv->ep);
	free(sv);
}

static int one_event(vn_sv *sv, unsigned long long tag)
{
	unsigned src = (unsigned)(tag >> 32);
	uint64_t ticks;
	sv_net *n;

	switch (src) {
	case SV_SRC_TIMER:
		return read(sv->timer, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN ? -errno : 0;
	case SV_SRC_RTNL:
		return sv_on_rtnl(sv);
	case SV_SRC_NFT:
		return sv_on_nft(sv);
	case SV_SRC_INOTIFY:
		return sv_on_inotify(sv);
	case SV_SRC_FRR:
		sv_frr_exited(sv);
		return 0;
	default:
		n = sv_net_by_pid(sv, (pid_t)(tag & 0xffffffffu));
		if (n)
			sv_dnsmasq_exited(sv, n);
		return 0;
	}
}

int sv_dispatch(vn_sv *sv, vn_err *err)
{
	struct epoll_event evs[32];
	int n = epoll_wait(sv->ep, evs, 32, 0), rc;
	long long at;

	if (n < 0 && errno != EINTR)
		return vn_err_set(err, errno, "cannot wait for events: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		rc = one_event(sv, evs[i].data.u64);
		if (rc < 0)
			return vn_err_set(err, -rc, "cannot read notifications: %s", strerror(-rc));
	}
	at = earliest(sv);
	if (at && at <= vn_now_ms())
		return sv_pass(sv, false, err);
	return sv_arm(sv);
}

vn_session *sv_session(vn_sv *sv)
{
	return &sv->s;
}

int sv_fd(const vn_sv *sv)
{
	return sv->ep;
}
