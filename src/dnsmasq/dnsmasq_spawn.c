/* dnsmasq_spawn.c - fork, exec and readiness of a dnsmasq */
#include "dnsmasq/dnsmasq_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/clock.h"
#include "util/fileio.h"

#define STOP_TIMEOUT_MS 3000   /* after SIGTERM */
#define KILL_TIMEOUT_MS 1000   /* after SIGKILL */
#define STOP_POLL_US 1000      /* how often a stop looks again */

const char *dnsmasq_binary(void)
{
	const char *b = getenv("VIRTNET_DNSMASQ");
	return b && *b ? b : "/usr/sbin/dnsmasq";
}

pid_t dnsmasq_pidfile_pid(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? (pid_t)atoi(buf) : 0;
}

/* Its own session, stdin from /dev/null, stdout and stderr to the log, no other descriptor,
 * and every signal unblocked and at its default: a program keeps its blocked and ignored
 * signals across exec, and virtnetd blocks SIGTERM, SIGHUP and SIGCHLD for its signalfd and
 * ignores SIGPIPE (dnsmasq would not stop on SIGTERM or re-read its hosts on SIGHUP). */
static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at, const char *log)
{
	sigset_t none, all;
	int r;

	sigemptyset(&none);
	sigfillset(&all);
	r = posix_spawnattr_setflags(at, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
						 POSIX_SPAWN_SETSIGDEF);
	if (r == 0)
		r = posix_spawnattr_setsigmask(at, &none);
	if (r == 0)
		r = posix_spawnattr_setsigdefault(at, &all);
	if (r == 0)
		r = posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
	if (r == 0)
		r = posix_spawn_file_actions_addopen(fa, 1, log, O_WRONLY | O_CREAT | O_APPEND,
						     0644);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(fa, 1, 2);
	if (r == 0)
		r = posix_spawn_file_actions_addclosefrom_np(fa, 3);
	return r;
}

/* Ours without a locale (LANG, LANGUAGE, LC_*), and the C locale with UTF-8 characters:
 * what dnsmasq is given is UTF-8 (the configuration, from XML; a trusted option's names
 * are made IDNA by dnsmasq from the locale's characters) and it speaks English as we do,
 * whatever the daemon's locale; and reading a whole locale (a dozen files, message
 * catalogues) cost each start 0.3 ms. free() the array, not its strings. */
static char **dnsmasq_env(void)
{
	size_t n = 0, k = 0;
	char **v;

	while (environ[n])
		n++;
	v = calloc(n + 2, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LANG=", 5) != 0 && strncmp(environ[i], "LANGUAGE=", 9) != 0 &&
		    strncmp(environ[i], "LC_", 3) != 0)
			v[k++] = environ[i];
	v[k] = "LC_CTYPE=C.UTF-8";
	return v;
}

/* posix_spawn, not fork: the child shares our memory until it has exec'd dnsmasq, so the
 * cost does not grow with the daemon's size and we write no page twice; and when it
 * returns, the process already runs dnsmasq (its pid can be journaled at once). dnsmasq
 * daemonizes: the process we start forks the daemon and exits only once the daemon has
 * finished setting up (0), or failed (its message on stderr, a non-zero status): that exit
 * is dnsmasq's own readiness signal. In the foreground dnsmasq writes its pid file before
 * its last checks (a TFTP root, the user to run as) and tells nobody when one fails. */
int dnsmasq_launch(const char *conf, const char *pidfile, const char *log, pid_t *pid_out,
		   vn_err *err)
{
	char arg[PATH_MAX + 16];
	char *argv[] = { "dnsmasq", arg, NULL };
	_cleanup_free_ char **env = dnsmasq_env();
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int r;

	unlink(pidfile);
	snprintf(arg, sizeof(arg), "--conf-file=%s", conf);
	if (!env || posix_spawn_file_actions_init(&fa) != 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (posix_spawnattr_init(&at) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = spawn_setup(&fa, &at, log);
	if (r == 0)
		r = posix_spawn(pid_out, dnsmasq_binary(), &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return vn_err_set(err, r, "cannot start dnsmasq (%s): %s", dnsmasq_binary(),
				  strerror(r));
	return 0;
}

void dnsmasq_last_message(const char *log, char *out, size_t len)
{
	_cleanup_free_ char *data = NULL;
	size_t n;

	snprintf(out, len, "no message");
	if (file_read_all(log, 1 << 20, &data, &n, NULL) < 0 || n == 0)
		return;
	while (n > 0 && data[n - 1] == '\n')
		data[--n] = '\0';
	const char *last = strrchr(data, '\n');
	snprintf(out, len, "%s", last ? last + 1 : data);
}

/* Until the launcher exits (a pidfd wakes us the moment it does): 0 with its wait status,
 * -ETIMEDOUT, or -ECHILD when it is not ours to reap (SIGCHLD ignored by whoever started
 * us: its status is lost, the pid file tells). */
static int launcher_exit(pid_t launcher, long long deadline, int *status)
{
	_cleanup_close_ int pfd = (int)syscall(SYS_pidfd_open, launcher, 0);
	struct timespec nap = { .tv_nsec = 250000 };

	for (;;) {
		pid_t r = waitpid(launcher, status, WNOHANG);
		if (r == launcher)
			return 0;
		if (r < 0)
			return -errno;
		long long left = deadline - vn_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		struct pollfd fd = { .fd = pfd, .events = POLLIN };
		if (pfd < 0 || poll(&fd, 1, (int)left) < 0)
			nanosleep(&nap, NULL);
	}
}

/* The daemon a launch left, by its pid file: 0 when none runs on conf. */
static pid_t launched_daemon(const char *conf, const char *pidfile)
{
	pid_t pid = dnsmasq_pidfile_pid(pidfile);

	return dnsmasq_runs_conf(pid, conf) ? pid : 0;
}

/* dnsmasq's message (its last line on stderr, without its own "dnsmasq: ") and how the
 * launcher ended; status -1: not known (it was not ours to reap). */
static int launch_failed(int status, const char *log, vn_err *err)
{
	char why[512], how[64] = "";
	const char *msg = why;

	dnsmasq_last_message(log, why, sizeof(why));
	if (strncmp(msg, "dnsmasq: ", 9) == 0)
		msg += 9;
	if (status != -1 && WIFSIGNALED(status))
		snprintf(how, sizeof(how), " (killed by signal %d)", WTERMSIG(status));
	else if (status != -1)
		snprintf(how, sizeof(how), " (exit status %d)", WEXITSTATUS(status));
	return vn_err_set(err, EIO, "dnsmasq could not start: %s%s; its log is %s", msg, how, log);
}

int dnsmasq_wait_ready(pid_t launcher, const char *conf, const char *pidfile, const char *log,
		       int timeout_ms, pid_t *pid_out, vn_err *err)
{
	int status = 0;
	int r = launcher_exit(launcher, vn_now_ms() + timeout_ms, &status);
	pid_t daemon = launched_daemon(conf, pidfile);

	if (r == -ETIMEDOUT) {
		kill(launcher, SIGKILL);
		waitpid(launcher, &status, 0);
		if (daemon > 0)
			kill(daemon, SIGKILL);
		return vn_err_set(err, ETIMEDOUT, "dnsmasq did not become ready within %d s; its "
				  "log is %s", timeout_ms / 1000, log);
	}
	if (r == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		return launch_failed(status, log, err);
	if (daemon <= 0)
		return launch_failed(r == 0 ? status : -1, log, err);
	*pid_out = daemon;
	return 0;
}

int dnsmasq_spawn(const char *conf, const char *pidfile, const char *log, int timeout_ms,
		  pid_t *pid_out, vn_err *err)
{
	pid_t launcher;
	int r = dnsmasq_launch(conf, pidfile, log, &launcher, err);

	return r < 0 ? r : dnsmasq_wait_ready(launcher, conf, pidfile, log, timeout_ms, pid_out,
					      err);
}

bool dnsmasq_runs_conf(pid_t pid, const char *conf)
{
	char path[64], cmd[PATH_MAX + 64] = "", want[PATH_MAX + 16];
	int fd;
	ssize_t k;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	k = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (k <= 0)
		return false;   /* gone, or a zombie */
	cmd[k] = '\0';
	snprintf(want, sizeof(want), "--conf-file=%s", conf);
	for (ssize_t i = 0; i < k; i += (ssize_t)strlen(cmd + i) + 1)
		if (strcmp(cmd + i, want) == 0)
			return true;
	return false;
}

/* pidfd (when there is one) wakes us the moment it exits; the look every STOP_POLL_US is
 * for a dnsmasq we could not open one for. */
/* Gone: with a pidfd, once it is readable (the process has exited and closed its sockets;
 * its command line is empty earlier, while it still holds them, so a new dnsmasq could not
 * bind yet); without one, once the pid runs no dnsmasq on conf. */
static bool wait_gone(pid_t pid, int pidfd, const char *conf, int ms)
{
	long long deadline = vn_now_ms() + ms;
	struct timespec nap = { .tv_nsec = STOP_POLL_US * 1000L };
	int st;

	if (pidfd >= 0) {
		struct pollfd fd = { .fd = pidfd, .events = POLLIN };
		int left;
		while ((left = (int)(deadline - vn_now_ms())) > 0) {
			waitpid(pid, &st, WNOHANG);   /* reaps it if we are its parent */
			if (poll(&fd, 1, left) > 0 || (fd.revents & POLLIN))
				return true;
		}
		return false;
	}
	while (vn_now_ms() < deadline) {
		waitpid(pid, &st, WNOHANG);   /* reaps it if we are its parent */
		if (!dnsmasq_runs_conf(pid, conf))
			return true;
		nanosleep(&nap, NULL);
	}
	return false;
}

/* Through the pidfd when there is one: it names the process we looked at, whatever the pid
 * number means by now. */
static void signal_pid(pid_t pid, int pidfd, int sig)
{
	if (pidfd < 0)
		kill(pid, sig);
	else
		syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);   /* ESRCH: gone already */
}

int dnsmasq_stop_pid(pid_t pid, const char *conf, vn_err *err)
{
	_cleanup_close_ int pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;

	if (!dnsmasq_runs_conf(pid, conf))
		return 0;
	signal_pid(pid, pidfd, SIGTERM);
	if (wait_gone(pid, pidfd, conf, STOP_TIMEOUT_MS))
		return 0;
	signal_pid(pid, pidfd, SIGKILL);
	if (wait_gone(pid, pidfd, conf, KILL_TIMEOUT_MS))
		return 0;
	return vn_err_set(err, EBUSY, "dnsmasq (pid %d, %s) did not stop within %d s of SIGTERM "
			  "and SIGKILL: see what holds it with 'ps -o pid,stat,wchan -p %d'",
			  (int)pid, conf, (STOP_TIMEOUT_MS + KILL_TIMEOUT_MS) / 1000, (int)pid);
}

int dnsmasq_stop_launched(pid_t launcher, const char *conf, const char *pidfile, int timeout_ms,
			  vn_err *err)
{
	_cleanup_close_ int pidfd = launcher > 0 ? (int)syscall(SYS_pidfd_open, launcher, 0) : -1;
	pid_t daemon = dnsmasq_pidfile_pid(pidfile);

	if (launcher > 0 && launcher != daemon && dnsmasq_runs_conf(launcher, conf) &&
	    !wait_gone(launcher, pidfd, conf, timeout_ms)) {
		signal_pid(launcher, pidfd, SIGKILL);   /* its daemon is stuck setting up */
		wait_gone(launcher, pidfd, conf, KILL_TIMEOUT_MS);
	}
	return dnsmasq_stop_pid(dnsmasq_pidfile_pid(pidfile), conf, err);
}
