/* virtnetd.c - the service that keeps networks alive: parse options, start supervision and
 * the API, then wait for events and signals. The work is the library's (supervise/,
 * api/); this file and http.c are the program around it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/http.h"
#include "state/state.h"
#include "supervise/supervise.h"
#include "util/sd_notify.h"

static const char usage[] =
	"Usage: virtnetd [--root DIR] [--group NAME] [--foreground]\n"
	"\n"
	"Keep virtnet's networks alive: at start finish or undo what a crash left half-made,\n"
	"adopt the running networks, start those marked autostart once per boot; then repair\n"
	"within a second a dnsmasq that exited, our nftables table flushed or deleted, a bridge\n"
	"deleted, downed or stripped of its address, a guest port gone or off its bridge.\n"
	"Each repair is one line on standard error and an event. Serve the API (doc/api.md) on\n"
	"DIR/run/virtnet/virtnetd.sock: everyone may read, root and the group may change.\n"
	"\n"
	"  --root DIR     keep state under DIR instead of / (tests, development)\n"
	"  --group NAME   the group whose members may change things (default: virtnet)\n"
	"  --foreground   accepted for symmetry: virtnetd always stays in the foreground, as a\n"
	"                 service manager runs it (it tells systemd when it is ready)\n"
	"  -h, --help     show this help\n"
	"  -V, --version  show the version\n";

typedef struct daemon_opts {
	const char *root;
	const char *group;
} daemon_opts;

typedef struct vnd {
	vn_paths paths;
	vn_sv *sv;
	vn_api api;
	vn_events events;
	vn_http *http;
} vnd;

/* A line of the log, and its event. */
static void on_log(void *data, bool log, const char *type, const char *network,
		   const char *line)
{
	vnd *d = data;

	if (log)
		fprintf(stderr, "virtnetd: %s\n", line);
	events_emit(&d->events, type, network, line);
	if (d->http)
		http_events_ready(d->http);
}

/* A change through the API: its event, and supervision told not to tell it again */
static void on_api_event(void *data, const char *type, const char *network, const char *text)
{
	vnd *d = data;

	sv_changed(d->sv, type, network);
	events_emit(&d->events, type, network, text);
	if (d->http)
		http_events_ready(d->http);
}

/* 0: run; 1: a usage error (said); 2: done (help or version printed) */
static int parse(int argc, char **argv, daemon_opts *o)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "group", required_argument, NULL, 'g' },
		{ "foreground", no_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' }, {0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		if (c == 'r') {
			o->root = optarg;
		} else if (c == 'g') {
			o->group = optarg;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return 2;
		} else if (c == 'V') {
			printf("virtnetd %s\n", VIRTNET_VERSION);
			return 2;
		} else if (c != 'f') {
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
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "virtnetd: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	fchmod(fd, 0600);   /* nobody else may open it to hold its lock */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr, "virtnetd: another virtnetd runs for this root (%s is locked)\n",
			path);
		close(fd);
		return -1;
	}
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) < 0)
		fprintf(stderr, "virtnetd: cannot truncate %s: %s\n", path, strerror(errno));
	else if (write(fd, pid, strlen(pid)) < 0)
		fprintf(stderr, "virtnetd: cannot write %s: %s\n", path, strerror(errno));
	return fd;
}

/* SIGTERM, SIGINT and SIGHUP end it, SIGCHLD reaps (a dnsmasq it started that was
 * stopped), all as events; SIGPIPE ignored (a client that went away). */
static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void set_group(vnd *d, const char *name)
{
	struct group *g = getgrnam(name);

	d->api.admin_group = name;
	d->api.have_admin_gid = g != NULL;
	d->api.admin_gid = g ? g->gr_gid : 0;
}

static int start(vnd *d, const daemon_opts *o)
{
	char why[512];
	vn_err err = {0};
	int rc = sv_open(&d->sv, &d->paths, on_log, d, &err);

	if (rc == 0)
		rc = sv_start(d->sv, &err);
	if (rc < 0) {
		fprintf(stderr, "virtnetd: cannot start: %s\n", err.msg);
		return 1;
	}
	d->api = (vn_api){ .paths = &d->paths, .session = sv_session(d->sv),
			   .event = on_api_event, .event_data = d };
	set_group(d, o->group ? o->group : "virtnet");
	if (http_open(&d->http, &d->paths, &d->api, &d->events, why, sizeof(why)) < 0) {
		fprintf(stderr, "virtnetd: cannot serve the API: %s\n", why);
		return 1;
	}
	rc = notify_ready();
	if (rc < 0)
		fprintf(stderr, "virtnetd: cannot tell the service manager: %s\n", strerror(-rc));
	fprintf(stderr, "virtnetd: started; supervising the networks under %s\n",
		d->paths.root[0] ? d->paths.root : "/");
	return 0;
}

enum { SRC_SV = 1, SRC_SIGNAL, SRC_HTTP };

static int add(int ep, int fd, int tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = tag };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* The loop's epoll fd over the supervisor, the signals and the API; -1 with errno */
static int loop_fd(vnd *d, int sfd)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -1;
	if (add(ep, sv_fd(d->sv), SRC_SV) == 0 && add(ep, sfd, SRC_SIGNAL) == 0 &&
	    add(ep, http_fd(d->http), SRC_HTTP) == 0)
		return ep;
	close(ep);
	return -1;
}

static void one_event(vnd *d, int tag)
{
	vn_err err = {0};

	if (tag == SRC_SV && sv_dispatch(d->sv, &err) < 0)
		fprintf(stderr, "virtnetd: %s\n", err.msg);
	if (tag == SRC_HTTP)
		http_run(d->http);
}

/* true when the signal ends the daemon; children that ended are reaped */
static bool stop_signal(int sfd)
{
	struct signalfd_siginfo si;
	bool stop = false;

	while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		stop = stop || si.ssi_signo != SIGCHLD;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return stop;
}

/* Until SIGTERM or SIGINT: what supervision watches is left running. */
static int serve(vnd *d, int sfd)
{
	int ep = loop_fd(d, sfd);
	struct epoll_event ev;

	if (ep < 0) {
		fprintf(stderr, "virtnetd: cannot set up the event loop: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		int n = epoll_wait(ep, &ev, 1, http_timeout_ms(d->http));
		if (n < 0 && errno != EINTR)
			break;
		if (n == 1 && ev.data.fd == SRC_SIGNAL && stop_signal(sfd))
			break;
		if (n == 1 && ev.data.fd != SRC_SIGNAL)
			one_event(d, ev.data.fd);
		else if (n == 0)
			http_run(d->http);   /* its time-outs */
		http_flush(d->http);
	}
	close(ep);
	return 0;
}

static int run(const daemon_opts *o)
{
	static vnd d;   /* large (the event ring); one per process */
	vn_err err = {0};
	int pidfd, sfd, rc;

	rc = state_paths_init(&d.paths, o->root, &err);
	if (rc == 0)
		rc = state_mkdirs(&d.paths, &err);
	if (rc < 0) {
		fprintf(stderr, "virtnetd: %s\n", err.msg);
		return 1;
	}
	pidfd = take_pidfile(&d.paths);
	sfd = signal_fd();
	if (pidfd < 0 || sfd < 0)
		return 1;
	rc = start(&d, o);
	if (rc == 0)
		rc = serve(&d, sfd);
	http_close(d.http);
	sv_close(d.sv);
	events_free(&d.events);
	close(sfd);
	close(pidfd);
	return rc;
}

int main(int argc, char **argv)
{
	daemon_opts o = {0};
	int rc;

	/* No fastbins: a supervision pass parses and frees every network's records, and glibc
	 * kept those small chunks for a consolidation that the next large allocation paid,
	 * inside the next request (1 ms at 100 networks, growing with them). */
	mallopt(M_MXFAST, 0);
	rc = parse(argc, argv, &o);
	if (rc != 0)
		return rc == 2 ? 0 : 1;
	return run(&o);
}
