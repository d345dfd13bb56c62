/* http.h - virtnetd's API transport: HTTP/1.1 on <root>/run/virtnet/virtnetd.sock
 * (libmicrohttpd, driven from the daemon's event loop through its epoll fd). Requests go
 * to api_handle with the peer's credentials; GET /v1/events is a stream of event lines. */
#pragma once
#include <stdbool.h>

#include "api/api.h"
#include "api/api_events.h"

typedef struct vn_http vn_http;

/* Serve on listen_fd (daemon/listen.h), which the server closes when it stops. */
int http_open(vn_http **out, int listen_fd, const vn_api *api, vn_events *events,
	      char *why, size_t len);
/* The same on a TCP socket whose clients are other hosts (lease_listen.h): at most 4
 * connections from one address, 64 in all, a silent one dropped after 5 s */
int http_open_remote(vn_http **out, int listen_fd, const vn_api *api, vn_events *events,
		     char *why, size_t len);
/* Whether a client is connected (a request or an event stream) */
bool http_busy(const vn_http *h);
int http_fd(const vn_http *h);                 /* readable: call http_run */
void http_run(vn_http *h);
int http_timeout_ms(const vn_http *h);         /* -1: none */
void http_events_ready(vn_http *h);            /* new events: wake the streams */
void http_flush(vn_http *h);                   /* after each event: let them send */
void http_close(vn_http *h);
