/* keeper.c - virtnetd: parse options, hold the pid file and the API socket, run the worker
 * while there is work and watch in its place while there is none (daemon/keeper.h) */
#include "daemon/keeper.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/listen.h"
#include "daemon/pidfile.h"
#include "types/vtype.h"

#define DEFAULT_IDLE_S 30

static const char usage[] =
	"Usage: virtnetd [--root DIR] [--group NAME] [--idle-exit SECONDS] [--foreground]\n"
	"\n"
	"Keep virtnet's networks alive: at start finish or undo what a crash left half-made,\n"
	"adopt the running networks, start those marked autostart once per boot; then repair\n"
	"within a second a dnsmasq that exited, our nftables table flushed or deleted, a bridge\n"
	"deleted, downed or stripped of its address, a guest port gone or off its bridge.\n"
	"Each repair is one line on standard error and an event. Serve the API (doc/api.md) on\n"
	"DIR/run/virtnet/virtnetd.sock: everyone may read, root and the group may change.\n"
	"\n"
	"  --root DIR           keep state under DIR instead of / (tests, development)\n"
	"  --group NAME         the group whose members may change things (default: virtnet)\n"
	"  --idle-exit SECONDS  after this long without work the worker process (supervision and\n"
	"                       the API) leaves, and virtnetd watches with a small process until\n"
	"                       something happens (default: 30; 0: the worker never leaves)\n"
	"  --foreground         accepted for symmetry: virtnetd always stays in the foreground, as\n"
	"                       a service manager runs it (it tells systemd when it is ready)\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n";

static bool parse_seconds(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > 86400)
		return false;
	*out = (unsigned)v;
	return true;
}

/* 0: run; 1: a usage error (said); 2: done (help or version printed) */
static int parse(int argc, char **argv, keeper *k, const char **root)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "group", required_argument, NULL, 'g' },
		{ "idle-exit", required_argument, NULL, 'i' },
		{ "foreground", no_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' }, {0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		if (c == 'r') {
			*root = optarg;
		} else if (c == 'g') {
			vn_err err = {0};

			if (vt_check(VT_USER_NAME, optarg, &err, "--group") < 0) {
				fprintf(stderr, "virtnetd: %s\n", err.msg);
				return 1;
			}
			k->group = optarg;
		} else if (c == 'i' && !parse_seconds(optarg, &k->idle_s)) {
			fprintf(stderr, "virtnetd: --idle-exit '%s': give whole seconds, 0 to 86400\n",
				optarg);
			return 1;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return 2;
		} else if (c == 'V') {
			printf("virtnetd %s\n", VIRTNET_VERSION);
			return 2;
		} else if (c != 'f' && c != 'i') {
			fputs(usage, stderr);
			return 1;
		}
	}
	if (optind == argc)
		return 0;
	fprintf(stderr, "virtnetd: unexpected argument '%s'; see virtnetd --help\n", argv[optind]);
	return 1;
}

/* SIGTERM, SIGINT and SIGHUP end it, SIGCHLD reaps (the worker; dnsmasq processes a
 * worker started and left to us, the subreaper), all as events. */
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

enum { TAG_SIGNAL = 1, TAG_CONTROL, TAG_TIMER, TAG_WATCH };

static int watch(keeper *k, int fd, int tag, bool on)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = tag };

	if (fd < 0)
		return 0;
	return epoll_ctl(k->ep, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &ev);
}

/* true: stop (a signal, or the first worker could not start) */
static bool on_signal(keeper *k, int *rc)
{
	struct signalfd_siginfo si;
	bool stop = false;
	int status;
	pid_t pid;

	while (read(k->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		stop = stop || si.ssi_signo != SIGCHLD;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != k->worker)
			continue;   /* a dnsmasq a worker left us */
		watch(k, k->ctl, TAG_CONTROL, false);
		keeper_worker_exited(k, status);
		watch(k, k->ctl, TAG_CONTROL, true);
		if (!k->was_ready) {
			*rc = 1;
			return true;
		}
	}
	return stop;
}

/* A failure is tried again by the restart timer */
static void spawn(keeper *k)
{
	struct itimerspec t = { .it_value.tv_sec = 1 };
	int rc = keeper_spawn(k);

	if (rc == 0) {
		watch(k, k->ctl, TAG_CONTROL, true);
		return;
	}
	fprintf(stderr, "virtnetd: cannot start the worker: %s; trying again in 1 s\n",
		strerror(-rc));
	timerfd_settime(k->timer, 0, &t, NULL);
}

static void wake(keeper *k)
{
	watch(k, k->watch.ep, TAG_WATCH, false);
	kwatch_disarm(&k->watch);
	if (k->state == K_LEAVING) {
		k->state = K_WAKING;   /* started when the leaving one has gone */
		return;
	}
	k->woken = true;
	spawn(k);
}

static void one_event(keeper *k, int tag)
{
	uint64_t n;
	bool armed = k->watch.ep >= 0;

	if (tag == TAG_CONTROL) {
		keeper_on_control(k);
	} else if (tag == TAG_TIMER && read(k->timer, &n, sizeof(n)) == sizeof(n)) {
		spawn(k);
	} else if (tag == TAG_WATCH && kwatch_due(&k->watch)) {
		wake(k);
	}
	if (!armed && k->watch.ep >= 0)
		watch(k, k->watch.ep, TAG_WATCH, true);
}

static int serve(keeper *k)
{
	struct epoll_event ev;
	int rc = 0;

	if (watch(k, k->sig_fd, TAG_SIGNAL, true) < 0 || watch(k, k->timer, TAG_TIMER, true) < 0 ||
	    watch(k, k->ctl, TAG_CONTROL, true) < 0) {
		fprintf(stderr, "virtnetd: cannot set up the event loop: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		int n = epoll_wait(k->ep, &ev, 1, -1);
		if (n < 0 && errno != EINTR)
			break;
		if (n == 1 && ev.data.fd == TAG_SIGNAL && on_signal(k, &rc))
			break;
		if (n == 1 && ev.data.fd != TAG_SIGNAL)
			one_event(k, ev.data.fd);
	}
	return rc;
}

static int open_all(keeper *k, const char *root)
{
	vn_err err = {0};

	if (state_paths_init(&k->paths, root, &err) < 0 || state_mkdirs(&k->paths, &err) < 0) {
		fprintf(stderr, "virtnetd: %s\n", err.msg);
		return -1;
	}
	k->sig_fd = signal_fd();
	k->ep = epoll_create1(EPOLL_CLOEXEC);
	k->timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (k->sig_fd < 0 || k->ep < 0 || k->timer < 0 ||
	    prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		fprintf(stderr, "virtnetd: cannot set up: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* After the pid file's lock: the socket of a virtnetd that still runs is never replaced */
static int open_api(keeper *k)
{
	char why[512];

	k->listen_fd = api_listen(&k->paths, why, sizeof(why));
	if (k->listen_fd < 0)
		fprintf(stderr, "virtnetd: cannot serve the API: %s\n", why);
	return k->listen_fd < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static keeper k = { .idle_s = DEFAULT_IDLE_S, .ctl = -1, .watch = KWATCH_INIT };
	const char *root = NULL;
	int rc = parse(argc, argv, &k, &root), pidfd;

	if (rc != 0)
		return rc == 2 ? 0 : 1;
	if (open_all(&k, root) < 0)
		return 1;
	pidfd = pidfile_take(&k.paths);
	if (pidfd < 0 || open_api(&k) < 0)
		return 1;
	rc = keeper_spawn(&k);
	if (rc < 0) {
		fprintf(stderr, "virtnetd: cannot start the worker: %s\n", strerror(-rc));
		return 1;
	}
	rc = serve(&k);
	keeper_stop_worker(&k);
	kwatch_disarm(&k.watch);
	close(pidfd);
	return rc;
}
