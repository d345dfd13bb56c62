/* virtnetd.c - the service that keeps networks alive: parse options, start supervision,
 * then wait for events and signals. The work is the library's (supervise/supervise.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "state/state.h"
#include "supervise/supervise.h"
#include "util/sd_notify.h"

static const char usage[] =
	"Usage: virtnetd [--root DIR] [--foreground]\n"
	"\n"
	"Keep virtnet's networks alive: at start finish or undo what a crash left half-made,\n"
	"adopt the running networks, start those marked autostart once per boot; then repair\n"
	"within a second a dnsmasq that exited, our nftables table flushed or deleted, a bridge\n"
	"deleted, downed or stripped of its address, a guest port whose device went away.\n"
	"Each repair is one line on standard error.\n"
	"\n"
	"  --root DIR     keep state under DIR instead of / (tests, development)\n"
	"  --foreground   stay attached to the terminal (it always does: the service manager\n"
	"                 runs it so; accepted for symmetry with other daemons)\n"
	"  -h, --help     show this help\n"
	"  -V, --version  show the version\n";

static void log_line(void *data, const char *line)
{
	(void)data;
	fprintf(stderr, "virtnetd: %s\n", line);
}

/* 0: run; 1: a usage error (said); 2: done (help or version printed) */
static int parse(int argc, char **argv, const char **root)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, {0},
	};
	int o;

	while ((o = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		if (o == 'r') {
			*root = optarg;
		} else if (o == 'h') {
			fputs(usage, stdout);
			return 2;
		} else if (o == 'V') {
			printf("virtnetd %s\n", VIRTNET_VERSION);
			return 2;
		} else if (o != 'f') {
			fputs(usage, stderr);
			return 1;
		}
	}
	if (optind == argc)
		return 0;
	fprintf(stderr, "virtnetd: unexpected argument '%s'; see virtnetd --help\n", argv[optind]);
	return 1;
}

/* One virtnetd per root: a lock on <root>/run/virtnet/virtnetd.pid, held while it runs. */
static int take_pidfile(const vn_paths *p)
{
	char path[PATH_MAX + 16], pid[32];
	int fd;

	snprintf(path, sizeof(path), "%s/virtnetd.pid", p->run);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "virtnetd: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr, "virtnetd: another virtnetd runs for this root (%s is locked)\n", path);
		close(fd);
		return -1;
	}
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, pid, strlen(pid)) < 0)
		fprintf(stderr, "virtnetd: cannot write %s: %s\n", path, strerror(errno));
	return fd;
}

/* SIGTERM, SIGINT and SIGHUP as events; SIGPIPE ignored (a client that went away). */
static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int add(int ep, int fd, int tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = tag };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Until SIGTERM or SIGINT: what supervision watches is left running. */
static int serve(vn_sv *sv, int sfd)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev;
	vn_err err = {0};

	if (ep < 0 || add(ep, sv_fd(sv), 1) < 0 || add(ep, sfd, 2) < 0) {
		fprintf(stderr, "virtnetd: cannot set up the event loop: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		int n = epoll_wait(ep, &ev, 1, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 1 && ev.data.fd == 2)
			break;
		if (n == 1 && sv_dispatch(sv, &err) < 0)
			fprintf(stderr, "virtnetd: %s\n", err.msg);
	}
	close(ep);
	return 0;
}

static int start(vn_sv **sv, const vn_paths *paths)
{
	vn_err err = {0};
	int rc = sv_open(sv, paths, log_line, NULL, &err);

	if (rc == 0)
		rc = sv_start(*sv, &err);
	if (rc < 0) {
		fprintf(stderr, "virtnetd: cannot start: %s\n", err.msg);
		return 1;
	}
	rc = notify_ready();
	if (rc < 0)
		fprintf(stderr, "virtnetd: cannot tell the service manager: %s\n", strerror(-rc));
	fprintf(stderr, "virtnetd: started; supervising the networks under %s\n",
		paths->root[0] ? paths->root : "/");
	return 0;
}

static int run(const char *root)
{
	vn_paths paths;
	vn_sv *sv = NULL;
	vn_err err = {0};
	int pidfd, sfd, rc;

	if (state_paths_init(&paths, root, &err) < 0 || state_mkdirs(&paths, &err) < 0) {
		fprintf(stderr, "virtnetd: %s\n", err.msg);
		return 1;
	}
	pidfd = take_pidfile(&paths);
	sfd = signal_fd();
	if (pidfd < 0 || sfd < 0)
		return 1;
	rc = start(&sv, &paths);
	if (rc == 0)
		rc = serve(sv, sfd);
	sv_close(sv);
	close(sfd);
	close(pidfd);
	return rc;
}

int main(int argc, char **argv)
{
	const char *root = NULL;
	int rc = parse(argc, argv, &root);

	if (rc != 0)
		return rc == 2 ? 0 : 1;
	return run(root);
}
