/* frr_vty.c - FRR's vty socket protocol, the client side */
#include "overlay/frr_vty.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"

#define VTY_IO_TIMEOUT_MS 10000        /* one command's answer */
#define VTY_ANSWER_MAX (4u << 20)      /* what we keep of one answer */

bool frr_vty_frame_end(const char *buf, size_t len, int *status, size_t *text_len)
{
	if (len < 4 || buf[len - 4] || buf[len - 3] || buf[len - 2])
		return false;
	*status = (unsigned char)buf[len - 1];
	*text_len = len - 4;
	return true;
}

static int vty_connect(const char *path, int *fd_out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	*fd_out = fd;
	return 0;
}

int frr_vty_open(const char *path, int timeout_ms, int *fd_out, vn_err *err)
{
	long long deadline = vn_now_ms() + timeout_ms;
	struct timespec nap = { .tv_nsec = 20 * 1000000L };
	struct timeval io = { .tv_sec = VTY_IO_TIMEOUT_MS / 1000 };
	int r;

	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return vn_err_set(err, ENAMETOOLONG, "FRR's vty socket %s: the path is too long "
				  "for a unix socket: use a shorter --root", path);
	while ((r = vty_connect(path, fd_out)) < 0 && (r == -ENOENT || r == -ECONNREFUSED) &&
	       vn_now_ms() < deadline)
		nanosleep(&nap, NULL);
	if (r < 0)
		return vn_err_set(err, -r, "FRR's daemon does not answer on %s: %s", path,
				  strerror(-r));
	setsockopt(*fd_out, SOL_SOCKET, SO_RCVTIMEO, &io, sizeof(io));
	setsockopt(*fd_out, SOL_SOCKET, SO_SNDTIMEO, &io, sizeof(io));
	return 0;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The answer into b (its text and the four bytes), until its frame ends. */
static int read_answer(int fd, vn_buf *b, int *status, size_t *text_len)
{
	char chunk[4096];

	for (;;) {
		ssize_t k = recv(fd, chunk, sizeof(chunk), 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		if (k == 0)
			return -EIO;
		buf_addn(b, chunk, (size_t)k);
		if (b->oom || b->len > VTY_ANSWER_MAX)
			return -EIO;
		if (frr_vty_frame_end(b->s, b->len, status, text_len))
			return 0;
	}
}

int frr_vty_exec(int fd, const char *cmd, vn_buf *out, int *status, vn_err *err)
{
	vn_buf answer = {0};
	size_t text_len = 0;
	int r;

	if (strchr(cmd, '\n'))
		return vn_err_set(err, EINVAL, "FRR command '%s' spans lines", cmd);
	r = send_all(fd, cmd, strlen(cmd) + 1);
	if (r == 0)
		r = read_answer(fd, &answer, status, &text_len);
	if (r == 0 && out)
		buf_addn(out, answer.s, text_len);
	buf_free(&answer);
	if (r == -ETIMEDOUT)
		return vn_err_set(err, ETIMEDOUT, "FRR did not answer '%s' within %d s", cmd,
				  VTY_IO_TIMEOUT_MS / 1000);
	if (r < 0)
		return vn_err_set(err, EIO, "FRR closed its vty or answered out of its protocol "
				  "to '%s'", cmd);
	return 0;
}
