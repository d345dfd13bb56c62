/* proc.c - start, wait for, recognise and stop the daemons virtnet runs */
#include "util/proc.h"

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
#define STOP_POLL_US 1000      /* how often a stop without a pidfd looks again */

pid_t proc_pidfile_pid(const char *path)
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

/* A program keeps its blocked and ignored signals across exec, and virtnetd blocks SIGTERM,
 * SIGHUP and SIGCHLD for its signalfd and ignores SIGPIPE: a daemon started with them would
 * not stop on SIGTERM nor re-read anything on SIGHUP. */
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
 * what a daemon is given is UTF-8 (dnsmasq's configuration comes from XML; a trusted
 * option's names are made IDNA by dnsmasq from the locale's characters) and it speaks
 * English as we do, whatever the daemon's locale; and reading a whole locale (a dozen
 * files, message catalogues) cost each start of dnsmasq 0.3 ms. free() the array, not its
 * strings. */
static char **spawn_env(void)
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

/* posix_spawn, not fork: the child shares our memory until it has exec'd, so the cost does
 * not grow with our size and we write no page twice; and when it returns, the process
 * already runs the program (its pid can be journaled at once). */
int proc_spawn(const char *binary, char *const argv[], const char *log, pid_t *pid_out,
	       vn_err *err)
{
	_cleanup_free_ char **env = spawn_env();
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int r;

	if (!env || posix_spawn_file_actions_init(&fa) != 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (posix_spawnattr_init(&at) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = spawn_setup(&fa, &at, log);
	if (r == 0)
		r = posix_spawn(pid_out, binary, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return vn_err_set(err, r, "cannot start %s (%s): %s", argv[0], binary, strerror(r));
	return 0;
}

int proc_wait_exit(pid_t pid, long long deadline, int *status)
{
	_cleanup_close_ int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct timespec nap = { .tv_nsec = 250000 };

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
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

bool proc_has_arg(pid_t pid, const char *arg)
{
	char path[64], cmd[PATH_MAX + 64] = "";
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
	for (ssize_t i = 0; i < k; i += (ssize_t)strlen(cmd + i) + 1)
		if (strcmp(cmd + i, arg) == 0)
			return true;
	return false;
}

/* Gone: with a pidfd, once it is readable (the process has exited and closed its sockets;
 * its command line is empty earlier, while it still holds them, so a new daemon could not
 * bind yet); without one, once the pid runs nothing with arg. */
bool proc_wait_gone(pid_t pid, int pidfd, const char *arg, int ms)
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
		if (!proc_has_arg(pid, arg))
			return true;
		nanosleep(&nap, NULL);
	}
	return false;
}

void proc_signal(pid_t pid, int pidfd, int sig)
{
	if (pidfd < 0)
		kill(pid, sig);
	else
		syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);   /* ESRCH: gone already */
}

int proc_stop(pid_t pid, const char *arg, const char *what, vn_err *err)
{
	_cleanup_close_ int pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;

	if (!proc_has_arg(pid, arg))
		return 0;
	proc_signal(pid, pidfd, SIGTERM);
	if (proc_wait_gone(pid, pidfd, arg, STOP_TIMEOUT_MS))
		return 0;
	proc_signal(pid, pidfd, SIGKILL);
	if (proc_wait_gone(pid, pidfd, arg, KILL_TIMEOUT_MS))
		return 0;
	return vn_err_set(err, EBUSY, "%s did not stop within %d s of SIGTERM and SIGKILL: see "
			  "what holds it with 'ps -o pid,stat,wchan -p %d'", what,
			  (STOP_TIMEOUT_MS + KILL_TIMEOUT_MS) / 1000, (int)pid);
}

void proc_last_line(const char *log, char *out, size_t len)
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
