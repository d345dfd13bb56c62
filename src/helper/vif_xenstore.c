/* vif_xenstore.c - xenstore-read and xenstore-write, run with fork+exec, bounded in time */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helper/vif_env.h"
#include "util/cleanup.h"

#define XS_TIMEOUT_MS 5000
#define XS_MAX_OUTPUT 4096

bool vif_xs_have(const char *tool)
{
	const char *path = getenv("PATH");
	char file[PATH_MAX];

	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t len = strcspn(p, ":");
		if (len && snprintf(file, sizeof(file), "%.*s/%s", (int)len, p, tool) < (int)sizeof(file) && access(file, X_OK) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(char *const *argv, int out_fd)
{
	int null = open("/dev/null", O_RDWR);

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 2);   /* "couldn't read path" for an absent key is not our message */
	}
	dup2(out_fd >= 0 ? out_fd : null, 1);
	close_range(3, ~0U, 0);
	execvp(argv[0], argv);
	_exit(127);
}

/* Read the child's output until it closes it or the deadline passes. */
static int collect(int fd, long long deadline, char *buf, size_t cap, size_t *len)
{
	*len = 0;
	for (;;) {
		long long left = deadline - now_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (left <= 0)
			return -ETIMEDOUT;
		int k = poll(&p, 1, (int)left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -errno : -ETIMEDOUT;
		ssize_t n = read(fd, buf + *len, cap - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (*len += (size_t)n) >= cap - 1)
			break;
	}
	buf[*len] = '\0';
	return 0;
}

/* Wait for the child until the deadline (then kill it); 0 when it exited 0. */
static int reap(pid_t pid, long long deadline, int rc)
{
	int st = 0;

	while (rc == 0 && waitpid(pid, &st, WNOHANG) == 0) {
		if (now_ms() >= deadline)
			rc = -ETIMEDOUT;
		else
			usleep(1000);
	}
	if (rc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return rc;
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ENOENT;
}

/* Run argv; *out (when not NULL) gets its stdout. 0 when it exited 0, -ENOENT when it
 * failed, -ETIMEDOUT when it was killed for taking too long. */
static int run_tool(char *const *argv, char **out)
{
	long long deadline = now_ms() + XS_TIMEOUT_MS;
	int p[2] = { -1, -1 }, rc = 0;
	char buf[XS_MAX_OUTPUT] = "";
	size_t len = 0;

	if (out && pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid == 0)
		child(argv, p[1]);
	if (pid < 0)
		rc = -errno;
	if (p[1] >= 0)
		close(p[1]);
	if (pid > 0 && out)
		rc = collect(p[0], deadline, buf, sizeof(buf), &len);
	if (p[0] >= 0)
		close(p[0]);
	if (pid < 0 || (rc = reap(pid, deadline, rc)) < 0)
		return rc;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (out && !(*out = strdup(buf)))
		return -ENOMEM;
	return 0;
}

int vif_xs_read(const char *path, char **out)
{
	char *argv[] = { "xenstore-read", (char *)path, NULL };

	*out = NULL;
	return run_tool(argv, out);
}

int vif_xs_write(const char *const *kv, size_t n, vn_err *err)
{
	_cleanup_free_ char **argv = calloc(n + 2, sizeof(*argv));
	int rc;

	if (!argv)
		return vn_err_set(err, ENOMEM, "out of memory");
	argv[0] = "xenstore-write";
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = (char *)kv[i];
	if ((rc = run_tool(argv, NULL)) < 0)
		return vn_err_set(err, -rc, "xenstore-write %s %s failed%s", kv[0], n > 1 ? kv[1] : "",
				  rc == -ETIMEDOUT ? " (no answer within 5 s)" : "");
	return 0;
}

int vif_req_read_store(vif_req *r, vn_err *err)
{
	char **slots[] = { &r->bridge, &r->ip, &r->mac, &r->rate };
	static const char *const keys[] = { "bridge", "ip", "mac", "rate" };
	char path[sizeof(r->xenbus_path) + 16];

	if (!r->xenbus_path[0])
		return 0;
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		char *v = NULL;
		snprintf(path, sizeof(path), "%s/%s", r->xenbus_path, keys[i]);
		int rc = vif_xs_read(path, &v);
		if (rc == -ETIMEDOUT || rc == -ENOMEM)
			return vn_err_set(err, -rc, "xenstore-read %s: %s", path, rc == -ETIMEDOUT ? "no answer within 5 s" : strerror(-rc));
		if (rc == 0 && *v) {
			free(*slots[i]);
			*slots[i] = v;
		} else {
			free(v);   /* absent: the environment's value (or none) stays */
		}
	}
	return 0;
}
