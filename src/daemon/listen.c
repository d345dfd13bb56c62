/* listen.c - the API socket */
#include "daemon/listen.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int bind_listen(int fd, const struct sockaddr_un *sa)
{
	if (bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0)
		return -1;
	if (chmod(sa->sun_path, 0666) < 0)
		return -1;
	return listen(fd, 128);
}

int api_listen(const vn_paths *paths, char *why, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/virtnetd.sock", paths->run) >=
	    (int)sizeof(sa.sun_path)) {
		snprintf(why, len, "%s/virtnetd.sock: path too long for a socket", paths->run);
		return -1;
	}
	unlink(sa.sun_path);   /* a stale one: the pid file's lock says no other daemon runs */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(why, len, "cannot open a socket: %s", strerror(errno));
		return -1;
	}
	if (bind_listen(fd, &sa) == 0)
		return fd;
	snprintf(why, len, "cannot listen on %s: %s", sa.sun_path, strerror(errno));
	close(fd);
	return -1;
}
