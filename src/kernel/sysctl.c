#include "kernel/sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "types/vtype.h"

int sysctl_write(const char *key, const char *value, vn_err *err)
{
	char path[512];
	size_t len = strlen(value);
	int fd, rc;

	/* keys also come back from records: never a path out of /proc/sys */
	rc = vt_check(VT_SYSCTL, key, err, "sysctl");
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "/proc/sys/%s", key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return vn_err_set(err, errno, "cannot set sysctl %s: %s", key, strerror(errno));
	ssize_t n = write(fd, value, len);
	int e = errno;
	close(fd);
	if (n != (ssize_t)len)
		return vn_err_set(err, n < 0 ? e : EIO, "cannot set sysctl %s to %s: %s", key,
				  value, strerror(n < 0 ? e : EIO));
	return 0;
}

int sysctl_read(const char *key, char *out, size_t len)
{
	char path[512];
	int fd;

	if (!vt_ok(VT_SYSCTL, key))
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/sys/%s", key);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, out, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		n--;
	out[n] = '\0';
	return 0;
}
