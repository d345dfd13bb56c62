/* state.h - where virtnet keeps things, relocatable under a root folder, and the global lock */
#pragma once
#include <limits.h>
#include <stdbool.h>

#include "util/err.h"

typedef struct vn_paths {
	char root[PATH_MAX];        /* "" for the real root */
	char networks[PATH_MAX];    /* <root>/etc/virtnet/networks: definitions */
	char autostart[PATH_MAX];   /* <root>/etc/virtnet/networks/autostart: links */
	char run[PATH_MAX];         /* <root>/run/virtnet */
	char status[PATH_MAX];      /* <root>/run/virtnet/networks: live status */
	char lib[PATH_MAX];         /* <root>/var/lib/virtnet: leases and other kept state */
	char lock[PATH_MAX];        /* <root>/run/virtnet/lock */
} vn_paths;

/* root NULL: $VIRTNET_ROOT, else "/". */
int state_paths_init(vn_paths *p, const char *root, vn_err *err);
/* Create the folders (0755) as needed. */
int state_mkdirs(const vn_paths *p, vn_err *err);

/* Take the lock (exclusive for changes, shared for reads); returns an fd to close. */
int state_lock(const vn_paths *p, bool exclusive, vn_err *err);
/* The same lock, waited for at most timeout_ms (then -ETIMEDOUT, "another virtnet command
 * has held it for N s"); for callers that must finish in bounded time (vif-virtnet). */
int state_lock_timeout(const vn_paths *p, bool exclusive, int timeout_ms, vn_err *err);

/* File name helpers: <dir>/<name>.xml */
int state_path_xml(char *out, size_t len, const char *dir, const char *name);
