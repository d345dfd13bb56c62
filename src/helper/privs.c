/* privs.c - capabilities through the raw capset/prctl calls (no libcap), root folder checks */
#include "helper/privs.h"

#include <errno.h>
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
			return vn_err_set(err, errno, "cannot drop capability %d from the bounding set: %s", cap, strerror(errno));
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return vn_err_set(err, errno, "cannot clear the ambient capabilities: %s", strerror(errno));
	return 0;
}

/* Every id root's: the caller's groups would open its group-accessible files to us, and
 * libnftables refuses a process whose real and effective uids differ. Needs CAP_SETGID. */
static int become_root_ids(vn_err *err)
{
	if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return vn_err_set(err, errno, "cannot take root's user and group ids: %s", strerror(errno));
	return 0;
}

int privs_keep_net_admin(vn_err *err)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {{0}};
	int r;

	if ((r = become_root_ids(err)) < 0 || (r = empty_bounding_set(err)) < 0)
		return r;
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted = CAP_TO_MASK(CAP_NET_ADMIN);
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective = CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data) < 0)
		return vn_err_set(err, errno, "cannot drop capabilities: %s", strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return vn_err_set(err, errno, "cannot set no_new_privs: %s", strerror(errno));
	return 0;
}

/* Why a folder is not safe, or NULL. The first one checked is the root folder itself. */
static const char *unsafe_because(const struct stat *st, bool is_root)
{
	if (!S_ISDIR(st->st_mode))
		return "not a folder";
	if (st->st_uid != 0)
		return "not owned by root";
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) && (is_root || !(st->st_mode & S_ISVTX)))
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
			return vn_err_set(err, errno, "VIRTNET_ROOT %s: cannot check %s: %s", path, real, strerror(errno));
		if ((why = unsafe_because(&st, first)))
			return vn_err_set(err, EPERM, "VIRTNET_ROOT %s is not safe for a setuid helper: %s is %s (mode %04o); the root "
					  "folder and every folder above it must be owned by root and writable only by root",
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
	if (!(real = realpath(path, NULL)))
		return vn_err_set(err, errno, "VIRTNET_ROOT %s: %s", path, strerror(errno));
	if (!(walk = strdup(real)))
		return vn_err_set(err, ENOMEM, "out of memory");
	if ((r = check_upwards(path, walk, err)) < 0)
		return r;
	if (real_out)
		*real_out = TAKE_PTR(real);
	return 0;
}
