/* vif_xenstore.c - xenstore-read, xenstore-list and xenstore-write, run with fork+exec, bounded in
 * time */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/xen/vif_env.h"
#include "types/vtype.h"
#include "util/clock.h"
#include "util/cleanup.h"
#include "util/str.h"

#define XS_TIMEOUT_MS 5000
#define XS_MAX_OUTPUT 4096

bool vif_xs_have(const char *tool)
{
	const char *path = getenv("PATH");
	char file[PATH_MAX];

	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t len = strcspn(p, ":");
		if (len &&
		    snprintf(file, sizeof(file), "%.*s/%s", (int)len, p, tool) <
			    (int)sizeof(file) &&
		    access(file, X_OK) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
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
		long long left = deadline - vn_now_ms();
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
		if (n <= 0)
			break;
		*len += (size_t)n;
		if (*len >= cap - 1)
			break;
	}
	buf[*len] = '\0';
	return 0;
}

/* Wait for the child until the deadline (then kill it); 0 when it exited 0, else -EIO
 * with *status (a wait status) telling how it ended. */
static int reap(pid_t pid, long long deadline, int rc, int *status)
{
	int st = 0;

	while (rc == 0 && waitpid(pid, &st, WNOHANG) == 0) {
		if (vn_now_ms() >= deadline)
			rc = -ETIMEDOUT;
		else
			usleep(1000);
	}
	if (rc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return rc;
	}
	*status = st;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

/* Run argv; *out (when not NULL) gets its stdout. 0 when it exited 0, -EIO when it failed
 * (*status says how), -ETIMEDOUT when it was killed for taking too long. */
static int run_tool(char *const *argv, char **out, int *status)
{
	long long deadline = vn_now_ms() + XS_TIMEOUT_MS;
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
	if (pid < 0)
		return rc;
	rc = reap(pid, deadline, rc, status);
	if (rc < 0)
		return rc;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (!out)
		return 0;
	*out = strdup(buf);
	if (!*out)
		return -ENOMEM;
	return 0;
}

/* How a run of tool failed: "exited with status 1", "no answer within 5 s", ... */
static const char *failure(int rc, int status, char *buf, size_t len)
{
	if (rc == -ETIMEDOUT)
		snprintf(buf, len, "no answer within %d s", XS_TIMEOUT_MS / 1000);
	else if (rc != -EIO)
		snprintf(buf, len, "cannot run it: %s", strerror(-rc));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(buf, len, "could not be run (exit status 127)");
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(buf, len, "was killed by signal %d",
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return buf;
}

#define XS_FIX "check that xenstored runs and that this script runs in the vif's backend " \
	       "domain (dom0 or a driver domain)"

int vif_xs_read(const char *path, char **out, vn_err *err)
{
	char *argv[] = { "xenstore-read", (char *)path, NULL };
	char why[64];
	int status = 0, rc;

	*out = NULL;
	rc = run_tool(argv, out, &status);
	if (rc < 0)
		return vn_err_set(err, -rc, "xenstore-read %s: %s", path,
				  failure(rc, status, why, sizeof(why)));
	return 0;
}

int vif_xs_list(const char *path, char **out, vn_err *err)
{
	char *argv[] = { "xenstore-list", (char *)path, NULL };
	char why[64];
	int status = 0, rc;

	*out = NULL;
	rc = run_tool(argv, out, &status);
	if (rc < 0)
		return vn_err_set(err, -rc,
				  "xenstore-list %s: %s: cannot tell which of the vif's settings "
				  "(bridge, ip, mac, rate) it holds; " XS_FIX,
				  path, failure(rc, status, why, sizeof(why)));
	return 0;
}

int vif_xs_write(const char *const *kv, size_t n, vn_err *err)
{
	_cleanup_free_ char **argv = calloc(n + 2, sizeof(*argv));
	char why[64];
	int status = 0, rc;

	if (!argv)
		return vn_err_set(err, ENOMEM, "out of memory");
	argv[0] = "xenstore-write";
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = (char *)kv[i];
	rc = run_tool(argv, NULL, &status);
	if (rc < 0)
		return vn_err_set(err, -rc,
				  "xenstore-write %s: %s, so the toolstack does not learn the "
				  "vif's hotplug status; " XS_FIX,
				  kv[0], failure(rc, status, why, sizeof(why)));
	return 0;
}

/* Whether name is a line of list. */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p; p += strcspn(p, "\n"), p += *p == '\n')
		if (strncmp(p, name, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

/* The value read for key, as its type allows (ip, mac and rate are parsed strictly where
 * they are used, whatever their source). */
static int typed_value(const char *path, const char *key, const char *v, vn_err *err)
{
	if (!*v || !streq(key, "bridge"))
		return 0;
	return vt_check(VT_IFNAME, v, err, "%s (xenstore %s)", key, path);
}

static int lost_key(const char *list, const char *key, vn_err *err)
{
	char how[sizeof(err->msg)];

	snprintf(how, sizeof(how), "%s", err->msg);
	return vn_err_set(err, EIO, "%s, %s: the vif's %s= would be lost; %s", how,
			  list ? "though the key exists"
			       : "and without xenstore-list on PATH a missing key cannot be told "
				 "from a failed read",
			  key, list ? XS_FIX : "install Xen's xenstore tools completely");
}

/* One setting: absent (not listed) leaves the slot alone; a failed read of a key that is
 * there is an error, as is any failed read when there is no list to tell. */
static int read_key(const vif_xs_ops *ops, const char *dir, const char *list, const char *key,
		    char **slot, vn_err *err)
{
	char path[320];
	char *v = NULL;
	int rc;

	if (list && !listed(list, key))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, key);
	rc = ops->read(path, &v, err);
	if (rc == -EIO)
		return lost_key(list, key, err);
	if (rc == 0)
		rc = typed_value(path, key, v, err);
	if (rc < 0 || !*v) {
		free(v);
		return rc;
	}
	free(*slot);
	*slot = v;
	return 0;
}

int vif_req_apply_store(vif_req *r, const vif_xs_ops *ops, vn_err *err)
{
	char **slots[] = { &r->bridge, &r->ip, &r->mac, &r->rate };
	static const char *const keys[] = { "bridge", "ip", "mac", "rate" };
	_cleanup_free_ char *list = NULL;
	int rc;

	if (!r->xenbus_path[0])
		return 0;
	if (ops->list) {
		rc = ops->list(r->xenbus_path, &list, err);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		rc = read_key(ops, r->xenbus_path, list, keys[i], slots[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int vif_req_read_store(vif_req *r, vn_err *err)
{
	vif_xs_ops ops = {.read = vif_xs_read,
			  .list = vif_xs_have("xenstore-list") ? vif_xs_list : NULL};

	return vif_req_apply_store(r, &ops, err);
}
