#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fault.h"

static int read_fd(int fd, const char *path, size_t max, char **out, size_t *len, vn_err *err)
{
	size_t cap = 4096, n = 0;
	char *data = malloc(cap + 1);

	if (!data)
		return vn_err_set(err, ENOMEM, "out of memory reading %s", path);
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(data);
				return vn_err_set(err, EFBIG,
						  "%s is larger than %zu bytes; refusing to read "
						  "it",
						  path, max);
			}
			char *nd = realloc(data, cap * 2 + 1);
			if (!nd) {
				free(data);
				return vn_err_set(err, ENOMEM, "out of memory reading %s", path);
			}
			data = nd;
			cap *= 2;
		}
		ssize_t k = read(fd, data + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			free(data);
			return vn_err_set(err, e, "cannot read %s: %s", path, strerror(e));
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	if (n > max) {
		free(data);
		return vn_err_set(err, EFBIG, "%s is larger than %zu bytes; refusing to read it",
				  path, max);
	}
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}

int file_read_all(const char *path, size_t max, char **out, size_t *len, vn_err *err)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, "standard input", max, out, len, err);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return vn_err_set(err, errno, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0)
		return vn_err_set(err, errno, "cannot stat %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return vn_err_set(err, EISDIR, "%s is a directory, not an XML file", path);
	if (!S_ISREG(st.st_mode))
		return vn_err_set(err, EINVAL, "%s is not a regular file", path);
	if ((size_t)st.st_size > max)
		return vn_err_set(err, EFBIG, "%s is %lld bytes, more than the %zu allowed", path,
				  (long long)st.st_size, max);
	return read_fd(fd, path, max, out, len, err);
}

int fsync_parent(const char *path)
{
	_cleanup_free_ char *copy = strdup(path);
	_cleanup_close_ int dfd = -1;

	if (!copy)
		return -ENOMEM;
	dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0)
		return -errno;
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, data, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		data += k;
		len -= (size_t)k;
	}
	return 0;
}

static int write_replace(const char *path, const char *data, size_t len, mode_t mode, bool durable,
			 vn_err *err)
{
	_cleanup_free_ char *tmp = NULL;
	_cleanup_free_ char *copy = strdup(path);
	int fd, r;

	/* a fixed short prefix: the target name may already be as long as a name can be */
	if (!copy || asprintf(&tmp, "%s/" FILE_TEMP_PREFIX "XXXXXX", dirname(copy)) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return vn_err_set(err, errno, "cannot create a temporary file next to %s: %s", path,
				  strerror(errno));
	r = write_all(fd, data, len);
	if (r == 0 && fchmod(fd, mode) < 0)
		r = -errno;
	if (r == 0 && durable && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0)
		r = fault_point("file-temp-written");
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return vn_err_set(err, -r, "cannot write %s: %s", path, strerror(-r));
	}
	if (durable) {
		r = fsync_parent(path);
		if (r < 0)
			return vn_err_set(err, -r, "cannot sync the folder of %s: %s", path,
					  strerror(-r));
	}
	fault_stall("file-renamed");
	return 0;
}

int file_write_atomic(const char *path, const char *data, size_t len, mode_t mode, vn_err *err)
{
	return write_replace(path, data, len, mode, true, err);
}

int file_write_volatile(const char *path, const char *data, size_t len, mode_t mode, vn_err *err)
{
	return write_replace(path, data, len, mode, false, err);
}

/* The folder itself first: it exists almost always, and one mkdir is all that costs */
int mkdir_p(const char *path, mode_t mode)
{
	_cleanup_free_ char *p = NULL;
	char *slash;
	int r;

	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -errno;
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	slash = strrchr(p, '/');
	if (!slash || slash == p)
		return -ENOENT;
	*slash = '\0';
	r = mkdir_p(p, mode);
	if (r < 0)
		return r;
	return mkdir(path, mode) == 0 || errno == EEXIST ? 0 : -errno;
}
