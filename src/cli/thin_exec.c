/* thin_exec.c - virtnet-direct run in the thin program's place: the one beside this program
 * (a build tree) when there is one, else the installed one (VIRTNET_DIRECT_PATH) */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/thin.h"

#define DIRECT_NAME "virtnet-direct"

/* <folder of /proc/self/exe>/virtnet-direct when it exists, else the installed path */
static const char *direct_path(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash = NULL;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
	}
	if (slash) {
		*slash = '\0';
		int w = snprintf(buf, len, "%s/" DIRECT_NAME, self);
		if (w > 0 && (size_t)w < len && access(buf, X_OK) == 0)
			return buf;
	}
	return VIRTNET_DIRECT_PATH;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Standard input replaced by a memory file holding text; 0 or -errno */
static int stdin_from(const char *text, size_t len)
{
	int fd = memfd_create("virtnet-stdin", 0), rc;

	if (fd < 0)
		return -errno;
	rc = write_all(fd, text, len);
	if (rc == 0 && lseek(fd, 0, SEEK_SET) < 0)
		rc = -errno;
	if (rc == 0 && dup2(fd, STDIN_FILENO) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int thin_run_direct(vn_ctx *ctx, const char *stdin_text, size_t len)
{
	char buf[PATH_MAX + sizeof(DIRECT_NAME) + 1];
	const char *path = direct_path(buf, sizeof(buf));
	int rc = stdin_text ? stdin_from(stdin_text, len) : 0;

	if (rc < 0)
		return out_fail("cannot hand standard input on to %s: %s", path, strerror(-rc));
	fflush(stdout);
	fflush(stderr);
	execv(path, ctx->argv);
	return out_fail("cannot run %s: %s", path, strerror(errno));
}
