/* worker.c - virtnetd's worker (daemon/keeper.h): supervision and the API, started by the
 * keeper with the API socket and a control socket; it waits for events and signals, and
 * leaves after a quiet while once the keeper watches in its place. The work is the
 * library's (supervise/, api/); this file and http.c are the program around it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/control.h"
#include "daemon/http.h"
#include "daemon/lease_listen.h"
#include "state/state.h"
#include "supervise/supervise.h"
#include "util/clock.h"

static const char usage[] =
	"Usage: virtnetd-worker --root DIR --idle-exit SECONDS [--group NAME] [--woken]\n"
	"\n"
	"virtnetd's worker: supervision and the API. virtnetd starts it, with the API socket\n"
	"as fd 3 and a control socket as fd 4; it is not run by hand (see virtnetd(8)).\n";

typedef struct worker_opts {
	const char *root;
	const char *group;
	unsigned idle_s;
	bool woken;
} worker_opts;

/* A lease socket on one underlay address, while this host is an authority there; a slot
 * with an address and no server could not be opened (tried again once the address is no
 * longer wanted and is again) */
#define LEASE_SERVERS 4
typedef struct lease_server {
	vn_addr addr;           /* unset: the slot is free */
	vn_http *http;
} lease_server;

typedef struct vnd {
	vn_paths paths;
	vn_sv *sv;
	vn_api api;
	vn_events events;
	vn_http *http;
	lease_server leases[LEASE_SERVERS];   /* the overlays' lease sockets (lease_listen.h) */
	int ctl;                /* to the keeper */
	unsigned idle_s;
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

/* 0: run; 1: a usage error (said) */
static int parse(int argc, char **argv, worker_opts *o)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "group", required_argument, NULL, 'g' },
		{ "idle-exit", required_argument, NULL, 'i' }, { "woken", no_argument, NULL, 'w' },
		{0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			o->root = optarg;
		else if (c == 'g')
			o->group = optarg;
		else if (c == 'i')
			o->idle_s = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'w')
			o->woken = true;
		else
			break;
	}
	if (c == -1 && optind == argc && o->root)
		return 0;
	fputs(usage, stderr);
	return 1;
}

/* The keeper's descriptors, close-on-exec from now on (dnsmasq must not hold them) */
static bool keeper_fds(void)
{
	struct stat st;

	for (int fd = CTL_WORKER_FD; fd <= CTL_CONTROL_FD; fd++)
		if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode) ||
		    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
			return false;
	return true;
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

static int start(vnd *d, const worker_opts *o)
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
	malloc_trim(0);   /* the start read every record at once; idle, it needs little of that */
	d->api = (vn_api){ .paths = &d->paths, .session = sv_session(d->sv),
			   .event = on_api_event, .event_data = d };
	set_group(d, o->group ? o->group : "virtnet");
	if (http_open(&d->http, CTL_WORKER_FD, &d->api, &d->events, why, sizeof(why)) < 0) {
		fprintf(stderr, "virtnetd: cannot serve the API: %s\n", why);
		return 1;
	}
	ctl_send(d->ctl, "ready");
	if (!o->woken)
		fprintf(stderr, "virtnetd: started; supervising the networks under %s\n",
			d->paths.root[0] ? d->paths.root : "/");
	return 0;
}

enum { SRC_SV = 1, SRC_SIGNAL, SRC_HTTP, SRC_LEASES };

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
	if (tag >= SRC_LEASES && tag < SRC_LEASES + LEASE_SERVERS &&
	    d->leases[tag - SRC_LEASES].http)
		http_run(d->leases[tag - SRC_LEASES].http);
}

static void lease_close(lease_server *l, int ep)
{
	if (l->http) {
		epoll_ctl(ep, EPOLL_CTL_DEL, http_fd(l->http), NULL);
		http_close(l->http);
	}
	*l = (lease_server){0};
}

static void lease_open(vnd *d, lease_server *l, const vn_addr *a, int ep, int tag)
{
	char why[512];
	int fd = lease_listen(a, why, sizeof(why));

	*l = (lease_server){ .addr = *a };
	if (fd >= 0 && http_open_remote(&l->http, fd, &d->api, &d->events, why, sizeof(why)) < 0) {
		close(fd);
		l->http = NULL;
	}
	if (!l->http || add(ep, http_fd(l->http), tag) < 0) {
		fprintf(stderr, "virtnetd: cannot serve the overlays' leases: %s\n", why);
		if (l->http)
			http_close(l->http);
		l->http = NULL;
	}
}

/* A lease socket on each underlay address this host is an authority by, none elsewhere */
static void sync_leases(vnd *d, int ep)
{
	vn_addr want[LEASE_SERVERS];
	size_t n = sv_lease_addrs(d->sv, want, LEASE_SERVERS);

	for (size_t i = 0; i < LEASE_SERVERS; i++)
		if (addr_valid(&d->leases[i].addr) && !addr_among(&d->leases[i].addr, want, n))
			lease_close(&d->leases[i], ep);
	for (size_t k = 0; k < n; k++) {
		size_t i, free_slot = LEASE_SERVERS;
		for (i = 0; i < LEASE_SERVERS; i++) {
			if (addr_equal(&d->leases[i].addr, &want[k]))
				break;
			if (!addr_valid(&d->leases[i].addr) && free_slot == LEASE_SERVERS)
				free_slot = i;
		}
		if (i == LEASE_SERVERS && free_slot < LEASE_SERVERS)
			lease_open(d, &d->leases[free_slot], &want[k], ep,
				   SRC_LEASES + (int)free_slot);
	}
}

static bool serving_leases(const vnd *d)
{
	for (size_t i = 0; i < LEASE_SERVERS; i++)
		if (d->leases[i].http)
			return true;
	return false;
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

/* Quiet for idle_s: no client connected, no repair due */
static bool quiet(const vnd *d, long long since_ms)
{
	return d->idle_s && vn_now_ms() - since_ms >= (long long)d->idle_s * 1000 &&
	       !http_busy(d->http) && sv_quiet(d->sv) && !serving_leases(d);
}

/* The keeper watches in our place: leave, unless something arrived meanwhile (then the
 * keeper is told, and we stay). true: leave. */
static bool leave(vnd *d, int ep)
{
	struct epoll_event ev;
	char word[32];
	vn_err err = {0};
	struct pollfd p = { .fd = d->ctl, .events = POLLIN };

	if (sv_write_wake(d->sv, &err) < 0) {
		fprintf(stderr, "virtnetd: staying: %s\n", err.msg);
		return false;
	}
	if (ctl_send(d->ctl, "idle") < 0 || poll(&p, 1, 1000) != 1 ||
	    ctl_recv(d->ctl, word, sizeof(word)) != 1 || strcmp(word, "armed") != 0)
		return false;
	if (epoll_wait(ep, &ev, 1, 0) == 0)
		return true;
	ctl_send(d->ctl, "busy");
	return false;
}

/* Milliseconds until the next thing to do: MHD's time-outs, or being quiet long enough */
static int next_timeout(const vnd *d, long long since_ms)
{
	int t = http_timeout_ms(d->http);
	long long left;

	if (serving_leases(d)) {   /* lease sockets have time-outs too, and no idle exit */
		for (size_t i = 0; i < LEASE_SERVERS; i++) {
			int u = d->leases[i].http ? http_timeout_ms(d->leases[i].http) : -1;
			t = t < 0 || (u >= 0 && u < t) ? u : t;
		}
		return t;
	}
	if (!d->idle_s || http_busy(d->http) || !sv_quiet(d->sv))
		return t;   /* what ends that is an event, which starts the quiet while again */
	left = since_ms + (long long)d->idle_s * 1000 - vn_now_ms();
	left = left < 0 ? 0 : left;
	return t >= 0 && t < left ? t : (int)left;
}

/* Until SIGTERM or SIGINT, or a quiet while: what supervision watches is left running. */
static int serve(vnd *d, int sfd)
{
	int ep = loop_fd(d, sfd);
	long long since = vn_now_ms();
	struct epoll_event ev;

	if (ep < 0) {
		fprintf(stderr, "virtnetd: cannot set up the event loop: %s\n", strerror(errno));
		return 1;
	}
	sync_leases(d, ep);
	for (;;) {
		int n = epoll_wait(ep, &ev, 1, next_timeout(d, since));
		if (n < 0 && errno != EINTR)
			break;
		if (n == 1 && ev.data.fd == SRC_SIGNAL && stop_signal(sfd))
			break;
		if (n == 1 && ev.data.fd != SRC_SIGNAL)
			one_event(d, ev.data.fd);
		else if (n == 0)
			http_run(d->http);   /* its time-outs */
		for (size_t i = 0; n == 0 && i < LEASE_SERVERS; i++)
			if (d->leases[i].http)
				http_run(d->leases[i].http);
		http_flush(d->http);
		sync_leases(d, ep);
		if (n == 1) {
			since = vn_now_ms();
		} else if (quiet(d, since)) {
			if (leave(d, ep))
				break;
			since = vn_now_ms();   /* something came, or the keeper could not watch */
		}
	}
	close(ep);
	return 0;
}

static int run(const worker_opts *o)
{
	static vnd d;   /* large (the event ring); one per process */
	vn_err err = {0};
	int sfd, rc;

	d.ctl = CTL_CONTROL_FD;
	d.idle_s = o->idle_s;
	rc = state_paths_init(&d.paths, o->root, &err);
	if (rc < 0) {
		fprintf(stderr, "virtnetd: %s\n", err.msg);
		return 1;
	}
	sfd = signal_fd();
	if (sfd < 0)
		return 1;
	rc = start(&d, o);
	if (rc == 0)
		rc = serve(&d, sfd);
	http_close(d.http);
	for (size_t i = 0; i < LEASE_SERVERS; i++)
		if (d.leases[i].http)
			http_close(d.leases[i].http);
	sv_close(d.sv);
	events_free(&d.events);
	close(sfd);
	return rc;
}

int main(int argc, char **argv)
{
	worker_opts o = {0};

	/* No fastbins: a supervision pass parses and frees every network's records, and glibc
	 * kept those small chunks for a consolidation that the next large allocation paid,
	 * inside the next request (1 ms at 100 networks, growing with them). */
	mallopt(M_MXFAST, 0);
	if (parse(argc, argv, &o) != 0)
		return 1;
	if (!keeper_fds()) {
		fprintf(stderr, "virtnetd-worker: fds 3 and 4 are not sockets: virtnetd starts "
			"the worker, run virtnetd\n");
		return 1;
	}
	return run(&o);
}
