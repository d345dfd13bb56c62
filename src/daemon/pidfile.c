/* pidfile.c - the pid file and its lock */
#include "daemon/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int pidfile_take(const vn_paths *p)
{
	char path[PATH_MAX + 16], pid[32];
	int fd;

	snprintf(path, sizeof(path), "%s/virtnetd.pid", p->run);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "virtnetd: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	fchmod(fd, 0600);   /* nobody else may open it to hold its lock */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(stderr, "virtnetd: another virtnetd runs for this root (%s is locked)\n",
			path);
		close(fd);
		return -1;
	}
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) < 0)
		fprintf(stderr, "virtnetd: cannot truncate %s: %s\n", path, strerror(errno));
	else if (write(fd, pid, strlen(pid)) < 0)
		fprintf(stderr, "virtnetd: cannot write %s: %s\n", path, strerror(errno));
	return fd;
}

