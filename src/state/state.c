#include "state/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "types/vtype.h"
#include "util/fileio.h"

static int join(char *out, size_t len, const char *root, const char *rel)
{
	int n = snprintf(out, len, "%s%s", root, rel);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

/* Every path below p->root; -ENAMETOOLONG at the first that does not fit. */
static int join_all(vn_paths *p)
{
	const char *root = p->root;

	if (join(p->networks, sizeof(p->networks), root, "/etc/virtnet/networks") < 0)
		return -ENAMETOOLONG;
	if (join(p->autostart, sizeof(p->autostart), root, "/etc/virtnet/networks/autostart") < 0)
		return -ENAMETOOLONG;
	if (join(p->run, sizeof(p->run), root, "/run/virtnet") < 0)
		return -ENAMETOOLONG;
	if (join(p->status, sizeof(p->status), root, "/run/virtnet/networks") < 0)
		return -ENAMETOOLONG;
	if (join(p->lib, sizeof(p->lib), root, "/var/lib/virtnet") < 0)
		return -ENAMETOOLONG;
	return join(p->lock, sizeof(p->lock), root, "/run/virtnet/lock");
}

int state_paths_init(vn_paths *p, const char *root, vn_err *err)
{
	const char *r = root ? root : getenv("VIRTNET_ROOT");
	char norm[PATH_MAX];

	if (!r || !*r)
		r = "/";
	if (r[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)) ||
		    snprintf(norm, sizeof(norm), "%s/%s", cwd, r) >= (int)sizeof(norm))
			return vn_err_set(err, ENAMETOOLONG, "root folder '%s' cannot be resolved",
					  r);
	} else {
		snprintf(norm, sizeof(norm), "%s", r);
	}
	size_t n = strlen(norm);
	while (n > 0 && norm[n - 1] == '/')
		norm[--n] = '\0';
	snprintf(p->root, sizeof(p->root), "%s", norm);
	/* it becomes part of dnsmasq's configuration: a path dnsmasq reads as written */
	if (p->root[0] &&
	    vt_check(VT_ABS_PATH, p->root, err, "the root folder (--root or VIRTNET_ROOT)") < 0)
		return -EINVAL;
	if (join_all(p) < 0)
		return vn_err_set(err, ENAMETOOLONG, "root folder '%s' is too long", r);
	return 0;
}

int state_mkdirs(const vn_paths *p, vn_err *err)
{
	const char *dirs[] = { p->autostart, p->status, p->lib };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int r = mkdir_p(dirs[i], 0755);
		if (r < 0)
			return vn_err_set(err, -r, "cannot create %s: %s", dirs[i], strerror(-r));
	}
	return 0;
}

/* The lock file, created (with its folder) as needed; an fd or a negative errno. */
/* what failed on path; a user without the right to is told the two ways that have it */
static int lock_failed(vn_err *err, int code, const char *what, const char *path)
{
	if (code == EACCES || code == EPERM)
		return vn_err_set(err, code,
				  "cannot %s %s: %s (run it as root, with sudo; or start virtnetd, "
				  "through which every user may read: sudo systemctl start "
				  "virtnetd)",
				  what, path, strerror(code));
	return vn_err_set(err, code, "cannot %s %s: %s", what, path, strerror(code));
}

static int lock_open(const vn_paths *p, vn_err *err)
{
	int fd, r;

	r = mkdir_p(p->run, 0755);
	if (r < 0)
		return lock_failed(err, -r, "create", p->run);
	fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return lock_failed(err, errno, "open lock", p->lock);
	return fd;
}

int state_lock(const vn_paths *p, bool exclusive, vn_err *err)
{
	int fd = lock_open(p, err), r;

	if (fd < 0)
		return fd;
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
		if (errno == EINTR)
			continue;
		r = errno;
		close(fd);
		return vn_err_set(err, r, "cannot lock %s: %s", p->lock, strerror(r));
	}
	return fd;
}

/* Polled every 10 ms: the wait is counted in sleeps, so no clock is needed. */
int state_lock_timeout(const vn_paths *p, bool exclusive, int timeout_ms, vn_err *err)
{
	int fd = lock_open(p, err), waited = 0, r;

	if (fd < 0)
		return fd;
	while (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
		r = errno;
		if (r == EINTR)
			continue;
		if (r == EWOULDBLOCK && waited < timeout_ms) {
			usleep(10000);
			waited += 10;
			continue;
		}
		close(fd);
		if (r == EWOULDBLOCK)
			return vn_err_set(err, ETIMEDOUT,
					  "cannot lock %s: another virtnet command has held it for "
					  "%d s; try again when it has finished",
					  p->lock, (timeout_ms + 999) / 1000);
		return vn_err_set(err, r, "cannot lock %s: %s", p->lock, strerror(r));
	}
	return fd;
}

int state_path_xml(char *out, size_t len, const char *dir, const char *name)
{
	int n = snprintf(out, len, "%s/%s.xml", dir, name);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}
