/* privs.c - capabilities through the raw capset/prctl calls (no libcap), root folder checks */
#include "helpers/qemu/privs.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/str.h"

/* Every capability the running kernel knows (it may know more than our headers). */
static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int n = -1;

	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n >= 0 && n < 64 ? n : CAP_LAST_CAP;
}

/* The bounding set limits what a later execve could gain: nothing, we never exec. Needs
 * CAP_SETPCAP, so it goes first. */
static int empty_bounding_set(vn_err *err)
{
	for (int cap = 0, last = last_cap(); cap <= last; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return vn_err_set(err, errno,
					  "cannot drop capability %d from the bounding set: %s",
					  cap, strerror(errno));
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return vn_err_set(err, errno, "cannot clear the ambient capabilities: %s",
				  strerror(errno));
	return 0;
}

/* Every id root's: the caller's groups would open its group-accessible files to us, and
 * libnftables refuses a process whose real and effective uids differ. Needs CAP_SETGID. */
static int become_root_ids(vn_err *err)
{
	if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return vn_err_set(err, errno, "cannot take root's user and group ids: %s",
				  strerror(errno));
	return 0;
}

int privs_keep_net_admin(vn_err *err)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {{0}};
	int r;

	r = become_root_ids(err);
	if (r < 0)
		return r;
	r = empty_bounding_set(err);
	if (r < 0)
		return r;
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted = CAP_TO_MASK(CAP_NET_ADMIN);
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective = CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data) < 0)
		return vn_err_set(err, errno, "cannot drop capabilities: %s", strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return vn_err_set(err, errno, "cannot set no_new_privs: %s", strerror(errno));
	return 0;
}

/* Why a folder is not safe, or NULL. strict: the root folder itself or one below it, which
 * may not be sticky and world-writable either. */
static const char *unsafe_because(const struct stat *st, bool strict)
{
	if (!S_ISDIR(st->st_mode))
		return "not a folder";
	if (st->st_uid != 0)
		return "not owned by root";
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && (strict || !(st->st_mode & S_ISVTX)))
		return st->st_mode & S_IWOTH ? "writable by everyone" : "writable by its group";
	return NULL;
}

/* Walk from the real location up to "/" (real is cut down on the way). */
static int check_upwards(const char *path, char *real, vn_err *err)
{
	const char *why;
	struct stat st;

	for (bool first = true;; first = false) {
		if (lstat(real, &st) < 0)
			return vn_err_set(err, errno, "VIRTNET_ROOT %s: cannot check %s: %s", path,
					  real, strerror(errno));
		why = unsafe_because(&st, first);
		if (why)
			return vn_err_set(err, EPERM,
					  "VIRTNET_ROOT %s is not safe for a setuid helper: %s is "
					  "%s (mode %04o); the root "
					  "folder and every folder above it must be owned by root "
					  "and writable only by root",
					  path, real, why, (unsigned)(st.st_mode & 07777));
		char *slash = strrchr(real, '/');
		if (slash == real && !real[1])
			return 0;
		slash == real ? (void)(real[1] = '\0') : (void)(*slash = '\0');
	}
}

int privs_check_root(const char *path, char **real_out, vn_err *err)
{
	_cleanup_free_ char *real = NULL, *walk = NULL;
	int r;

	if (path[0] != '/')
		return vn_err_set(err, EINVAL, "VIRTNET_ROOT '%s' is not an absolute path", path);
	real = realpath(path, NULL);
	if (!real)
		return vn_err_set(err, errno, "VIRTNET_ROOT %s: %s", path, strerror(errno));
	walk = strdup(real);
	if (!walk)
		return vn_err_set(err, ENOMEM, "out of memory");
	r = check_upwards(path, walk, err);
	if (r < 0)
		return r;
	if (real_out)
		*real_out = TAKE_PTR(real);
	return 0;
}

/* path has a ".." component. */
static bool has_dotdot(const char *path)
{
	for (const char *c = path; (c = strstr(c, "..")); c += 2)
		if ((c == path || c[-1] == '/') && (c[2] == '\0' || c[2] == '/'))
			return true;
	return false;
}

/* Why openat(dir, name) of a folder failed: a link is worth saying as such. */
static int folder_open_failed(int dir, const char *name, const char *path, size_t end, vn_err *err)
{
	int e = errno;
	struct stat st;

	if (e != ELOOP && e != ENOTDIR)
		return vn_err_set(err, e, "cannot read %s: %s", path, strerror(e));
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return vn_err_set(err, ELOOP,
				  "%s is not trusted: %.*s is a symbolic link, which a setuid "
				  "program never follows",
				  path, (int)(end ? end : 1), path);
	return vn_err_set(err, ENOTDIR, "cannot read %s: %.*s is not a folder", path,
			  (int)(end ? end : 1), path);
}

/* Opens folder name below dir, path[0..end) in messages ("/" when end is 0), and checks it.
 * A descriptor (O_PATH) or a negative errno. */
static int open_folder(int dir, const char *name, const char *path, size_t end, bool strict,
		       vn_err *err)
{
	_cleanup_close_ int fd = openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	const char *why;
	struct stat st;

	if (fd < 0)
		return folder_open_failed(dir, name, path, end, err);
	if (fstat(fd, &st) < 0)
		return vn_err_set(err, errno, "cannot read %s: %s", path, strerror(errno));
	why = unsafe_because(&st, strict);
	if (why)
		return vn_err_set(err, EPERM,
				  "%s is not trusted: folder %.*s is %s (mode %04o); every folder "
				  "on the way must be owned by root and writable only by root",
				  path, (int)(end ? end : 1), path, why,
				  (unsigned)(st.st_mode & 07777));
	return TAKE_FD(fd);
}

/* Opens, from "/" down, the folder holding path's last component (at *last). Folders that
 * end before root_len bytes are above the root folder: sticky ones may be world-writable. */
static int open_parent(const char *path, size_t root_len, size_t *last, vn_err *err)
{
	_cleanup_close_ int dir = open_folder(AT_FDCWD, "/", path, 0, root_len == 0, err);
	char name[NAME_MAX + 1];
	size_t start = 1, n;

	if (dir < 0)
		return dir;
	for (;;) {
		n = strcspn(path + start, "/");
		if (!path[start + n])
			break;
		if (n > NAME_MAX)
			return vn_err_set(err, ENAMETOOLONG,
					  "cannot read %s: a name in it is too long", path);
		memcpy(name, path + start, n);
		name[n] = '\0';
		start += n + 1;
		if (!name[0] || streq(name, "."))
			continue;
		int next = open_folder(dir, name, path, start - 1, start - 1 >= root_len, err);
		if (next < 0)
			return next;
		close(dir);
		dir = next;
	}
	*last = start;
	return TAKE_FD(dir);
}

/* The last component, never through a link; O_NONBLOCK: a FIFO must not block us. */
static int open_file(int dir, const char *name, const char *path, vn_err *err)
{
	int fd;

	if (!name[0] || streq(name, "."))
		return vn_err_set(err, EISDIR, "cannot read %s: it names a folder, not a file",
				  path);
	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ELOOP)
		return vn_err_set(err, ELOOP,
				  "%s is not trusted: it is a symbolic link, which a setuid "
				  "program never follows",
				  path);
	if (fd < 0)
		return vn_err_set(err, errno, "cannot read %s: %s", path, strerror(errno));
	return fd;
}

/* At most max bytes of fd (a regular file of st_size bytes), NUL-terminated. */
static int read_bounded(int fd, const char *path, size_t size, char **text, size_t *len,
			vn_err *err)
{
	_cleanup_free_ char *buf = malloc(size + 1);
	ssize_t n;

	if (!buf)
		return vn_err_set(err, ENOMEM, "out of memory");
	*len = 0;
	while ((n = read(fd, buf + *len, size + 1 - *len)) != 0) {
		if (n < 0 && errno != EINTR)
			return vn_err_set(err, errno, "cannot read %s: %s", path, strerror(errno));
		if (n < 0)
			continue;   /* EINTR */
		*len += (size_t)n;
		if (*len > size)
			return vn_err_set(err, EAGAIN, "%s changed while it was read", path);
	}
	buf[*len] = '\0';
	*text = TAKE_PTR(buf);
	return 0;
}

static int read_file_at(int dir, const char *name, const char *path, size_t max, char **text,
			size_t *len, vn_err *err)
{
	_cleanup_close_ int fd = open_file(dir, name, path, err);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return vn_err_set(err, errno, "cannot read %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return vn_err_set(err, EPERM,
				  "%s must be a regular file owned by root and writable only by "
				  "root",
				  path);
	if ((unsigned long long)st.st_size > max)
		return vn_err_set(err, EFBIG, "%s is larger than %zu bytes", path, max);
	return read_bounded(fd, path, (size_t)st.st_size, text, len, err);
}

int privs_read_trusted(const char *root, const char *rel, size_t max, char **text, size_t *len,
		       vn_err *err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int dir = -1;
	size_t root_len = strlen(root), last = 0;

	while (root_len > 0 && root[root_len - 1] == '/')
		root_len--;
	if (asprintf(&path, "%.*s/%s", (int)root_len, root, rel) < 0) {
		path = NULL;
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	if (root_len > 0 && root[0] != '/')
		return vn_err_set(err, EINVAL,
				  "cannot read %s: the root folder is not an absolute path", path);
	if (has_dotdot(path))
		return vn_err_set(err, EINVAL, "cannot read %s: a path with '..' is never followed",
				  path);
	dir = open_parent(path, root_len, &last, err);
	if (dir < 0)
		return dir;
	return read_file_at(dir, path + last, path, max, text, len, err);
}
