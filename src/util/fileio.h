/* fileio.h - bounded reads and crash-safe atomic writes */
#pragma once
#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

/* Read a whole regular file of at most max bytes ("-" reads stdin). */
int file_read_all(const char *path, size_t max, char **out, size_t *len, vn_err *err);
#define FILE_TEMP_PREFIX ".vn-tmp-"

/* Write data to path atomically: temp file in the same folder, fsync, rename, fsync folder.
 * A crash leaves either the old or the new content, never a mix. */
int file_write_atomic(const char *path, const char *data, size_t len, mode_t mode, vn_err *err);
/* The same replacement without the fsyncs, for files under /run that a reboot clears
 * anyway: readers still see the old or the new content, never a mix. */
int file_write_volatile(const char *path, const char *data, size_t len, mode_t mode, vn_err *err);
/* fsync the folder holding path (after rename/unlink). */
int fsync_parent(const char *path);
/* mkdir -p with mode. */
int mkdir_p(const char *path, mode_t mode);
