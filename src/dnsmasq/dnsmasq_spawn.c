/* dnsmasq_spawn.c - fork, exec and readiness of a dnsmasq */
#include "dnsmasq/dnsmasq_spawn.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/clock.h"
#include "util/proc.h"

#define KILL_TIMEOUT_MS 1000   /* after SIGKILL */

const char *dnsmasq_binary(void)
{
	const char *b = getenv("VIRTNET_DNSMASQ");
	return b && *b ? b : "/usr/sbin/dnsmasq";
}

pid_t dnsmasq_pidfile_pid(const char *path)
{
	return proc_pidfile_pid(path);
}

/* dnsmasq daemonizes: the process we start forks the daemon and exits only once the daemon
 * has finished setting up (0), or failed (its message on stderr, a non-zero status): that
 * exit is dnsmasq's own readiness signal. In the foreground dnsmasq writes its pid file
 * before its last checks (a TFTP root, the user to run as) and tells nobody when one fails. */
int dnsmasq_launch(const char *conf, const char *pidfile, const char *log, pid_t *pid_out,
		   vn_err *err)
{
	char arg[PATH_MAX + 16];
	char *argv[] = { "dnsmasq", arg, NULL };
	int r;

	unlink(pidfile);
	snprintf(arg, sizeof(arg), "--conf-file=%s", conf);
	r = proc_spawn(dnsmasq_binary(), argv, log, pid_out, err);
	if (r == -ENOENT)
		vn_err_hint(err, "%s", getenv("VIRTNET_DNSMASQ") && *getenv("VIRTNET_DNSMASQ")
					       ? "$VIRTNET_DNSMASQ names no program"
					       : "install it with: apt-get install dnsmasq-base");
	return r;
}

void dnsmasq_last_message(const char *log, char *out, size_t len)
{
	proc_last_line(log, out, len);
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
	int r = proc_wait_exit(launcher, vn_now_ms() + timeout_ms, &status);
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

/* Its command line holds --conf-file=conf. */
static void conf_arg(const char *conf, char out[PATH_MAX + 16])
{
	snprintf(out, PATH_MAX + 16, "--conf-file=%s", conf);
}

bool dnsmasq_runs_conf(pid_t pid, const char *conf)
{
	char arg[PATH_MAX + 16];

	conf_arg(conf, arg);
	return proc_has_arg(pid, arg);
}

int dnsmasq_stop_pid(pid_t pid, const char *conf, vn_err *err)
{
	char arg[PATH_MAX + 16], what[PATH_MAX + 64];

	conf_arg(conf, arg);
	snprintf(what, sizeof(what), "dnsmasq (pid %d, %s)", (int)pid, conf);
	return proc_stop(pid, arg, what, err);
}

int dnsmasq_stop_launched(pid_t launcher, const char *conf, const char *pidfile, int timeout_ms,
			  vn_err *err)
{
	_cleanup_close_ int pidfd = launcher > 0 ? (int)syscall(SYS_pidfd_open, launcher, 0) : -1;
	pid_t daemon = dnsmasq_pidfile_pid(pidfile);
	char arg[PATH_MAX + 16];

	conf_arg(conf, arg);
	if (launcher > 0 && launcher != daemon && proc_has_arg(launcher, arg) &&
	    !proc_wait_gone(launcher, pidfd, arg, timeout_ms)) {
		proc_signal(launcher, pidfd, SIGKILL);   /* its daemon is stuck setting up */
		proc_wait_gone(launcher, pidfd, arg, KILL_TIMEOUT_MS);
	}
	return dnsmasq_stop_pid(dnsmasq_pidfile_pid(pidfile), conf, err);
}
