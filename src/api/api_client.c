/* api_client.c - HTTP/1.0 on virtnetd's unix socket */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "api/api_client.h"
#include "util/buf.h"
#include "util/clock.h"

#define REPLY_MAX (64 << 20)   /* no answer of ours is larger */
#define HEAD_MAX 8192

int api_connect(const vn_paths *p, vn_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/virtnetd.sock", p->run) >=
	    (int)sizeof(sa.sun_path))
		return -ENOENT;   /* no daemon can listen there either */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vn_err_set(err, errno, "cannot open a socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	int e = errno;
	close(fd);
	if (e == ENOENT || e == ECONNREFUSED)
		return -e;
	return vn_err_set(err, e, "cannot reach virtnetd at %s: %s", sa.sun_path, strerror(e));
}

int api_escape(char *buf, size_t len, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (; *p && n + 4 < len; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf[n++] = (char)*p;
			continue;
		}
		buf[n++] = '%';
		buf[n++] = hex[*p >> 4];
		buf[n++] = hex[*p & 15];
	}
	buf[n] = '\0';
	return *p ? -1 : 0;
}

int http_response_head(const char *buf, size_t len, int *status, size_t *body)
{
	const char *end = memmem(buf, len, "\r\n\r\n", 4);
	int code = 0;

	if (len >= 9 && memcmp(buf, "HTTP/1.", 7) != 0)
		return -EINVAL;
	if (!end)
		return len > HEAD_MAX ? -EINVAL : -EAGAIN;
	if (end - buf < 12 || buf[8] != ' ')
		return -EINVAL;
	for (int i = 9; i < 12; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		code = code * 10 + (buf[i] - '0');
	}
	*status = code;
	*body = (size_t)(end - buf) + 4;
	return 0;
}

static int send_all(int fd, const char *p, size_t n, vn_err *err)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return vn_err_set(err, errno, "cannot talk to virtnetd: %s",
					  strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_request(int fd, const char *method, const char *path, const char *body,
			size_t len, vn_err *err)
{
	char head[4200];
	int n = snprintf(head, sizeof(head), "%s %s HTTP/1.0\r\nHost: virtnetd\r\n"
			 "Content-Length: %zu\r\n\r\n", method, path, len);

	if (n < 0 || (size_t)n >= sizeof(head))
		return vn_err_set(err, ENAMETOOLONG, "the request path is too long");
	int rc = send_all(fd, head, (size_t)n, err);
	if (rc == 0 && len)
		rc = send_all(fd, body, len, err);
	return rc;
}

/* Up to n bytes, waiting until deadline (-1: forever): >0 read, 0 end, -ETIMEDOUT. */
static ssize_t recv_until(int fd, char *p, size_t n, long long deadline)
{
	for (;;) {
		int wait = deadline < 0 ? -1 : (int)(deadline - vn_now_ms());
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (deadline >= 0 && wait <= 0)
			return -ETIMEDOUT;
		int r = poll(&pf, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -ETIMEDOUT;
		ssize_t got = recv(fd, p, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		return got < 0 ? -errno : got;
	}
}

/* Everything until the daemon closes, at most REPLY_MAX bytes. */
static int read_all(int fd, long long deadline, vn_buf *b, vn_err *err)
{
	char chunk[16384];

	for (;;) {
		ssize_t n = recv_until(fd, chunk, sizeof(chunk), deadline);
		if (n == 0)
			return b->oom ? vn_err_set(err, ENOMEM, "out of memory") : 0;
		if (n == -ETIMEDOUT)
			return vn_err_set(err, ETIMEDOUT, "virtnetd did not answer in time");
		if (n < 0)
			return vn_err_set(err, (int)-n, "cannot read virtnetd's answer: %s",
					  strerror((int)-n));
		if (b->len + (size_t)n > REPLY_MAX)
			return vn_err_set(err, EFBIG, "virtnetd's answer is too large");
		buf_addn(b, chunk, (size_t)n);
	}
}

static int take_reply(vn_buf *b, vn_api_reply *out, vn_err *err)
{
	size_t start;
	int rc = http_response_head(b->s ? b->s : "", b->len, &out->status, &start);

	if (rc < 0)
		return vn_err_set(err, EPROTO, "virtnetd's answer is not an HTTP response");
	out->len = b->len - start;
	out->body = malloc(out->len + 1);
	if (!out->body)
		return vn_err_set(err, ENOMEM, "out of memory");
	memcpy(out->body, b->s + start, out->len);
	out->body[out->len] = '\0';
	return 0;
}

int api_call(int fd, const char *method, const char *path, const char *body, size_t len,
	     int timeout_ms, vn_api_reply *out, vn_err *err)
{
	long long deadline = timeout_ms < 0 ? -1 : vn_now_ms() + timeout_ms;
	vn_buf b = {0};
	int rc = send_request(fd, method, path, body, len, err);

	*out = (vn_api_reply){0};
	if (rc == 0)
		rc = read_all(fd, deadline, &b, err);
	if (rc == 0)
		rc = take_reply(&b, out, err);
	buf_free(&b);
	close(fd);
	return rc;
}

typedef struct stream {
	vn_buf b;
	size_t body;        /* where lines start: after the head */
	int status;
	int (*line)(void *data, const char *line);
	void *data;
} stream;

/* Hand over each complete line; keep the rest. */
static int lines(stream *s)
{
	char *p = s->b.s + s->body, *nl;
	int rc = 0;

	while (rc == 0 && (nl = memchr(p, '\n', (size_t)(s->b.s + s->b.len - p)))) {
		*nl = '\0';
		rc = s->line(s->data, p);
		p = nl + 1;
	}
	size_t rest = (size_t)(s->b.s + s->b.len - p);
	memmove(s->b.s + s->body, p, rest);
	s->b.len = s->body + rest;
	return rc;
}

static int on_bytes(stream *s, const char *p, size_t n, vn_err *err)
{
	buf_addn(&s->b, p, n);
	if (s->b.oom)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (!s->body) {
		int rc = http_response_head(s->b.s, s->b.len, &s->status, &s->body);
		if (rc == -EAGAIN)
			return 0;
		if (rc < 0 || s->status != 200)
			return vn_err_set(err, EPROTO, "virtnetd refused the event stream");
	}
	return lines(s);
}

int api_events(int fd, int (*line)(void *data, const char *line), void *data, int timeout_ms,
	       vn_err *err)
{
	long long deadline = timeout_ms < 0 ? -1 : vn_now_ms() + timeout_ms;
	stream s = { .line = line, .data = data };
	char chunk[4096];
	int rc = send_request(fd, "GET", "/v1/events", NULL, 0, err);

	while (rc == 0) {
		ssize_t n = recv_until(fd, chunk, sizeof(chunk), deadline);
		if (n == -ETIMEDOUT || n == 0) {
			rc = n == 0 ? vn_err_set(err, EPIPE, "virtnetd closed the event stream")
				    : 0;
			break;
		}
		if (n < 0)
			rc = vn_err_set(err, (int)-n, "cannot read events: %s", strerror((int)-n));
		else
			rc = on_bytes(&s, chunk, (size_t)n, err);
	}
	buf_free(&s.b);
	close(fd);
	return rc;
}
