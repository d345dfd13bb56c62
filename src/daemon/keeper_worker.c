/* keeper_worker.c - the keeper's worker: started, told, waited for, started again */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/control.h"
#include "daemon/keeper.h"
#include "util/sd_notify.h"

#define WORKER_NAME "virtnetd-worker"
#define STOP_WAIT_MS 10000
#define MAX_RESTART_DELAY_S 30

/* Beside our own binary (a build tree), else where the package installs it */
static void worker_path(char *out, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		snprintf(out, len, "%s/" WORKER_NAME, dirname(self));
		if (access(out, X_OK) == 0)
			return;
	}
	snprintf(out, len, "%s/virtnet/" WORKER_NAME, VIRTNET_LIBEXECDIR);
}

/* fd moved to want, without close-on-exec */
static int place_fd(int fd, int want)
{
	if (fd == want)
		return fcntl(fd, F_SETFD, 0);
	return dup2(fd, want) < 0 ? -1 : 0;
}

static void child_exec(const keeper *k, int ctl, pid_t parent)
{
	char path[PATH_MAX + 32], idle[16];
	const char *argv[12];
	int n = 0;
	sigset_t none;

	/* SIGKILL, not SIGTERM: a worker must never outlive its keeper, even for the time a
	 * pass takes, or it would restart a dnsmasq that whoever killed the keeper is stopping,
	 * and race the next virtnetd. Every change is journaled: a kill is safe anywhere. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);   /* the keeper is gone already */
	if (ctl == CTL_WORKER_FD)
		ctl = fcntl(ctl, F_DUPFD_CLOEXEC, CTL_CONTROL_FD + 1);
	if (ctl < 0 || place_fd(k->listen_fd, CTL_WORKER_FD) < 0 ||
	    place_fd(ctl, CTL_CONTROL_FD) < 0)
		_exit(1);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	unsetenv("NOTIFY_SOCKET");   /* the keeper tells the service manager */
	worker_path(path, sizeof(path));
	snprintf(idle, sizeof(idle), "%u", k->idle_s);
	argv[n++] = WORKER_NAME;
	argv[n++] = "--root";
	argv[n++] = k->paths.root[0] ? k->paths.root : "/";
	argv[n++] = "--idle-exit";
	argv[n++] = idle;
	if (k->group) {
		argv[n++] = "--group";
		argv[n++] = k->group;
	}
	if (k->woken)
		argv[n++] = "--woken";
	argv[n] = NULL;
	execv(path, (char *const *)argv);
	fprintf(stderr, "virtnetd: cannot run %s: %s\n", path, strerror(errno));
	_exit(127);
}

int keeper_spawn(keeper *k)
{
	int sv[2];
	pid_t self = getpid(), pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return -e;
	}
	if (pid == 0)
		child_exec(k, sv[1], self);
	close(sv[1]);
	k->worker = pid;
	k->ctl = sv[0];
	k->state = K_RUNNING;
	return 0;
}

/* A worker that ended without leaving on purpose is started again after 1 s, 2 s, ...
 * at most 30 s; before the first one was ready, virtnetd cannot start at all. */
static void restart_later(keeper *k, int status)
{
	struct itimerspec t = {0};
	unsigned delay = 1u << (k->crashes < 5 ? k->crashes : 5);

	delay = delay > MAX_RESTART_DELAY_S ? MAX_RESTART_DELAY_S : delay;
	k->crashes++;
	if (WIFSIGNALED(status))
		fprintf(stderr, "virtnetd: the worker was killed by signal %d; starting another "
			"in %u s\n", WTERMSIG(status), delay);
	else
		fprintf(stderr, "virtnetd: the worker exited with status %d; starting another "
			"in %u s\n", WEXITSTATUS(status), delay);
	t.it_value.tv_sec = delay;
	timerfd_settime(k->timer, 0, &t, NULL);
}

void keeper_worker_exited(keeper *k, int status)
{
	bool left = k->state == K_LEAVING && WIFEXITED(status) && WEXITSTATUS(status) == 0;

	close(k->ctl);
	k->ctl = -1;
	k->worker = 0;
	if (left) {
		k->state = K_ASLEEP;
		k->crashes = 0;
		return;
	}
	if (k->state == K_WAKING && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		k->woken = true;
		k->crashes = 0;
		if (keeper_spawn(k) == 0)
			return;
	}
	kwatch_disarm(&k->watch);
	k->state = K_RUNNING;   /* without a worker until the timer fires */
	k->woken = true;
	restart_later(k, status);
}

static void on_idle(keeper *k)
{
	vn_err err = {0};
	int rc = kwatch_arm(&k->watch, &k->paths, k->listen_fd, &err);

	if (rc < 0) {
		fprintf(stderr, "virtnetd: the worker stays: %s\n", err.msg);
		ctl_send(k->ctl, "stay");
		return;
	}
	if (rc == 1) {   /* a dnsmasq of the list is gone: work already */
		kwatch_disarm(&k->watch);
		ctl_send(k->ctl, "stay");
		return;
	}
	k->state = K_LEAVING;
	ctl_send(k->ctl, "armed");
}

static void on_ready(keeper *k)
{
	int rc;

	if (k->was_ready)
		return;
	k->was_ready = true;
	rc = notify_ready();
	if (rc < 0)
		fprintf(stderr, "virtnetd: cannot tell the service manager: %s\n", strerror(-rc));
}

void keeper_on_control(keeper *k)
{
	char word[32];
	int rc = ctl_recv(k->ctl, word, sizeof(word));

	if (rc <= 0)
		return;   /* it ended: SIGCHLD tells the rest */
	if (strcmp(word, "ready") == 0)
		on_ready(k);
	else if (strcmp(word, "idle") == 0 && k->state == K_RUNNING)
		on_idle(k);
	else if (strcmp(word, "busy") == 0 && k->state != K_ASLEEP) {
		kwatch_disarm(&k->watch);
		k->state = K_RUNNING;
	}
}

void keeper_stop_worker(keeper *k)
{
	struct timespec nap = { .tv_nsec = 1000000 };
	int status;

	if (!k->worker)
		return;
	kill(k->worker, SIGTERM);
	for (int ms = 0; ms < STOP_WAIT_MS; ms++) {
		if (waitpid(k->worker, &status, WNOHANG) == k->worker)
			return;
		nanosleep(&nap, NULL);
	}
	kill(k->worker, SIGKILL);
	waitpid(k->worker, &status, 0);
}
