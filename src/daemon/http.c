/* http.c - libmicrohttpd on a unix socket: requests to api_handle, events as a stream */
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/http.h"

#define HTTP_CONNECTIONS 256    /* at once; more wait in the listen queue */
#define HTTP_IDLE_S 10          /* a client that says nothing is dropped after this */
/* at most 32 KiB: libmicrohttpd then takes it with malloc, not an mmap and munmap a call */
#define HTTP_HEADER_MEMORY (32 * 1024)
#define HTTP_STREAM_BLOCK (64 * 1024)
/* event streams never time out: bounded so readers cannot take every connection */
#define HTTP_STREAMS_MAX 64
#define HTTP_STREAMS_PER_UID 8

typedef struct req {
	char *body;
	size_t len;
	bool too_big;
	vn_api_peer peer;
	struct MHD_Connection *conn;
	unsigned long long seq;     /* events: the next one to send */
	bool streaming, suspended;
	struct req *next;           /* in the list of streams */
	struct vn_http *h;
} req;

struct vn_http {
	struct MHD_Daemon *d;
	int listen_fd;
	bool resumed;               /* streams resumed since MHD last ran */
	bool closing;               /* streams end instead of waiting */
	const vn_api *api;
	vn_events *events;
	req *streams;
};

/* All its supplementary groups: first asked with no room, the kernel says how many */
static void peer_groups(int fd, vn_api_peer *p)
{
	socklen_t len = 0;
	gid_t none;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, &none, &len) == 0 || errno != ERANGE ||
	    len == 0)
		return;
	p->groups = malloc(len);
	if (p->groups && getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, p->groups, &len) == 0) {
		p->ngroups = len / sizeof(gid_t);
		return;
	}
	free(p->groups);   /* without them: what the primary group allows */
	p->groups = NULL;
}

/* A TCP peer (the overlays' lease socket): remote, with its address (an IPv4 one that came
 * to an IPv6 socket as IPv4 again) */
static bool remote_peer(int fd, vn_api_peer *p)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	int r = getpeername(fd, (struct sockaddr *)&ss, &len);

	if (r == 0 && ss.ss_family == AF_UNIX)
		return false;
	/* fail closed: a peer whose address cannot be read is remote, with no address, and so
	 * no overlay's peer (never a local reader by SO_PEERCRED's overflow uid) */
	p->remote = true;
	if (r < 0)
		return true;
	if (ss.ss_family == AF_INET) {
		p->addr.family = AF_INET;
		p->addr.u.in4 = ((struct sockaddr_in *)&ss)->sin_addr;
	} else if (ss.ss_family == AF_INET6) {
		const struct in6_addr *a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
		bool mapped = memcmp(a->s6_addr, v4mapped, 12) == 0;
		p->addr.family = mapped ? AF_INET : AF_INET6;
		if (mapped)
			memcpy(&p->addr.u.in4, a->s6_addr + 12, 4);
		else
			p->addr.u.in6 = *a;
	}
	return true;
}

static void peer_of(struct MHD_Connection *c, vn_api_peer *p)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct ucred cred = { .uid = (uid_t)-1, .gid = (gid_t)-1 };
	socklen_t len = sizeof(cred);

	*p = (vn_api_peer){ .uid = (uid_t)-1, .gid = (gid_t)-1 };   /* nobody: may read */
	if (!ci || remote_peer(ci->connect_fd, p))
		return;
	if (getsockopt(ci->connect_fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return;
	p->uid = cred.uid;
	p->gid = cred.gid;
	p->pid = cred.pid;
	peer_groups(ci->connect_fd, p);
}

static enum MHD_Result reply(struct MHD_Connection *c, int status, const char *type, char *body,
			     size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result rc;

	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	rc = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result too_big(struct MHD_Connection *c)
{
	char msg[128];

	snprintf(msg, sizeof(msg),
		 "{\n  \"error\": \"the request body is larger than %d bytes\"\n}\n", API_MAX_BODY);
	return reply(c, 413, "application/json", strdup(msg), strlen(msg));
}

static void take_body(req *r, const char *data, size_t n)
{
	char *b;

	if (r->too_big || r->len + n > API_MAX_BODY) {
		r->too_big = true;
		return;
	}
	b = realloc(r->body, r->len + n + 1);
	if (!b) {
		r->too_big = true;
		return;
	}
	memcpy(b + r->len, data, n);
	r->len += n;
	b[r->len] = '\0';
	r->body = b;
}

typedef struct query {
	char s[8192];
	size_t n;
	bool bad;      /* a key or value that cannot be carried: the request is refused */
} query;

/* The arguments, decoded by MHD, joined again for api_query: a decoded '&' or '=' would
 * make a parameter of its own, so such a value refuses the request, as does a query too
 * long to keep whole. */
static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	query *q = cls;
	const char *v = value ? value : "";
	int n;

	(void)kind;
	if (strpbrk(key, "&=") || strpbrk(v, "&=")) {
		q->bad = true;
		return MHD_NO;
	}
	n = snprintf(q->s + q->n, sizeof(q->s) - q->n, "%s%s=%s", q->n ? "&" : "", key, v);
	if (n < 0 || (size_t)n >= sizeof(q->s) - q->n) {
		q->bad = true;
		return MHD_NO;
	}
	q->n += (size_t)n;
	return MHD_YES;
}

/* The stream's next bytes: whole event lines; none yet: it sleeps until http_events_ready. */
static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
	req *r = cls;
	const char *line;
	size_t n = 0;

	(void)pos;
	if (r->h->closing)
		return MHD_CONTENT_READER_END_OF_STREAM;
	while ((line = events_get(r->h->events, &r->seq))) {
		size_t len = strlen(line);
		if (len > max) {
			r->seq++;        /* cannot be sent whole: skipped, seq shows the gap */
			continue;
		}
		if (n + len > max)
			break;
		memcpy(buf + n, line, len);
		n += len;
		r->seq++;
	}
	if (n == 0) {
		MHD_suspend_connection(r->conn);
		r->suspended = true;
	}
	return (ssize_t)n;
}

/* Whether another stream for this peer stays within the bounds */
static bool stream_allowed(const vn_http *h, const req *r)
{
	size_t all = 0, mine = 0;

	for (const req *s = h->streams; s; s = s->next) {
		all++;
		mine += s->peer.uid == r->peer.uid;
	}
	return all < HTTP_STREAMS_MAX && mine < HTTP_STREAMS_PER_UID;
}

static enum MHD_Result stream(vn_http *h, struct MHD_Connection *c, req *r)
{
	static const char busy[] = "{\n  \"error\": \"too many event streams open (at most "
				   "8 per user, 64 in all); close one\"\n}\n";
	struct MHD_Response *resp;
	enum MHD_Result rc;

	if (!stream_allowed(h, r))
		return reply(c, 503, "application/json", strdup(busy), strlen(busy));
	r->streaming = true;
	r->seq = h->events->next;
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, HTTP_STREAM_BLOCK, read_events,
						 r, NULL);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "application/x-ndjson");
	rc = MHD_queue_response(c, 200, resp);
	MHD_destroy_response(resp);
	r->next = h->streams;
	h->streams = r;
	return rc;
}

static enum MHD_Result call_api(vn_http *h, struct MHD_Connection *c, const char *url,
				const char *method, req *r)
{
	vn_api_resp resp;
	query q = {0};

	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &q);
	if (q.bad) {
		static const char msg[] = "{\n  \"error\": \"a query value may not hold '&' or "
					  "'=', and the query at most 8 KiB\"\n}\n";
		return reply(c, 400, "application/json", strdup(msg), strlen(msg));
	}
	vn_api_req a = { .method = method,
			 .path = url,
			 .query = q.s,
			 .body = r->body,
			 .len = r->len,
			 .peer = &r->peer };
	api_handle(h->api, &a, &resp);
	return reply(c, resp.status, resp.type, resp.body, resp.len);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	vn_http *h = cls;
	req *r = *con_cls;

	(void)version;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		r->conn = c;
		r->h = h;
		peer_of(c, &r->peer);
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		take_body(r, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_big)
		return too_big(c);
	if (strcmp(method, "GET") == 0 && strcmp(url, "/v1/events") == 0 && !r->peer.remote)
		return stream(h, c, r);
	return call_api(h, c, url, method, r);
}

static void unlink_stream(vn_http *h, req *r)
{
	for (req **p = &h->streams; *p; p = &(*p)->next) {
		if (*p == r) {
			*p = r->next;
			return;
		}
	}
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	req *r = *con_cls;

	(void)c;
	(void)why;
	if (!r)
		return;
	if (r->streaming)
		unlink_stream(cls, r);
	free(r->body);
	free(r->peer.groups);
	free(r);
	*con_cls = NULL;
}

/* A TCP socket's clients are other hosts: a few connections each, fewer in all, and a
 * shorter wait for a silent one (an overlay's peer asks once and is answered at once) */
#define REMOTE_PER_IP 4
#define REMOTE_CONNECTIONS 64
#define REMOTE_IDLE_S 5

static int open_server(vn_http **out, int listen_fd, const vn_api *api, vn_events *events,
		       bool remote, char *why, size_t len)
{
	vn_http *h = calloc(1, sizeof(*h));

	*out = NULL;
	if (!h)
		return -ENOMEM;
	h->api = api;
	h->events = events;
	h->listen_fd = listen_fd;
	h->d = MHD_start_daemon(
		MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_request, h,
		MHD_OPTION_LISTEN_SOCKET, h->listen_fd, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(remote ? REMOTE_CONNECTIONS : HTTP_CONNECTIONS),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(remote ? REMOTE_PER_IP : 0),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(remote ? REMOTE_IDLE_S : HTTP_IDLE_S),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_HEADER_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
	if (!h->d) {
		snprintf(why, len, "cannot start the HTTP server (libmicrohttpd)");
		free(h);
		return -EIO;
	}
	*out = h;
	return 0;
}

int http_open(vn_http **out, int listen_fd, const vn_api *api, vn_events *events,
	      char *why, size_t len)
{
	return open_server(out, listen_fd, api, events, false, why, len);
}

int http_open_remote(vn_http **out, int listen_fd, const vn_api *api, vn_events *events,
		     char *why, size_t len)
{
	return open_server(out, listen_fd, api, events, true, why, len);
}

int http_fd(const vn_http *h)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);

	return i ? i->epoll_fd : -1;
}

bool http_busy(const vn_http *h)
{
	const union MHD_DaemonInfo *i =
		MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return !i || i->num_connections > 0;
}

void http_run(vn_http *h)
{
	MHD_run(h->d);
}

int http_timeout_ms(const vn_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(h->d, &ms) != MHD_YES)
		return -1;
	return ms > 60000 ? 60000 : (int)ms;
}

/* Only resumes them: called from within a request (an API call's event) or a supervision
 * pass, both under the state lock, it must not run other requests; the event loop does,
 * as MHD's epoll fd turns readable. */
void http_events_ready(vn_http *h)
{
	for (req *r = h->streams; r; r = r->next) {
		if (!r->suspended)
			continue;
		r->suspended = false;
		MHD_resume_connection(r->conn);
		h->resumed = true;
	}
}

/* MHD's wake-up for a resume can be consumed by the very run whose handler resumed (an
 * API call's event): run it once more, outside any handler, so the stream moves on. */
void http_flush(vn_http *h)
{
	while (h->resumed) {
		h->resumed = false;
		MHD_run(h->d);
	}
}

void http_close(vn_http *h)
{
	if (!h)
		return;
	h->closing = true;       /* MHD refuses to stop with a stream suspended: end them */
	http_events_ready(h);
	http_flush(h);
	MHD_stop_daemon(h->d);   /* which closes the listen socket */
	free(h);
}
