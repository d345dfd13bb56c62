/* api_client.h - the CLI's side of virtnetd's API: a request on the unix socket, its
 * response read whole, or (events) line by line. HTTP/1.0, so a response is never chunked:
 * its body ends where the daemon closes the connection. */
#pragma once
#include <stddef.h>

#include "state/state.h"
#include "util/err.h"

typedef struct vn_api_reply {
	int status;
	char *body;      /* NUL-terminated; free() */
	size_t len;
} vn_api_reply;

/* Connect to <root>/run/virtnet/virtnetd.sock: the fd, or -ENOENT / -ECONNREFUSED when no
 * daemon listens (the CLI then works directly), another -errno with err set. */
int api_connect(const vn_paths *p, vn_err *err);
/* One call on a connected fd (closed by it), waiting at most timeout_ms for the answer. */
int api_call(int fd, const char *method, const char *path, const char *body, size_t len,
	     int timeout_ms, vn_api_reply *out, vn_err *err);
/* GET /v1/events on a connected fd (closed by it): line(data, one event line) for each,
 * until line returns non-zero (returned), or timeout_ms pass without (0; -1: never). */
int api_events(int fd, int (*line)(void *data, const char *line), void *data, int timeout_ms,
	       vn_err *err);

/* s %-encoded into buf (all but A-Za-z0-9-._~); -1 when it does not fit. */
int api_escape(char *buf, size_t len, const char *s);
/* The status and where the body starts in a response's head; -EAGAIN: the head is not
 * complete yet; -EINVAL: not an HTTP response. Pure, fuzzed. */
int http_response_head(const char *buf, size_t len, int *status, size_t *body);
