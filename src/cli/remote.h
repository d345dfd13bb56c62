/* remote.h - the CLI asking virtnetd, when it runs for this root, instead of working
 * directly (faster, and it lets a user who may only read use list, dumpxml, dhcp-leases).
 * VIRTNET_DIRECT=1 always works directly. */
#pragma once
#include <stddef.h>

#include "cli/cli.h"
#include "port/port_request.h"

/* A connection: fd >= 0; -1 when no daemon answers (work directly); -2 when one should
 * but cannot be reached (said). */
int remote_connect(vn_ctx *ctx);
/* One call on fd (closed): 0 and *out (malloc'd) for a 2xx answer, else the daemon's error
 * text in why (and -1), its status in *status. Transport failures are printed: -2. */
int remote_call(int fd, const char *method, const char *path, const char *body, size_t len,
		char **out, int *status, char *why, size_t whylen);
/* s %-encoded into buf (all but A-Z a-z 0-9 - . _ ~); -1 when too long */
int remote_escape(char *buf, size_t len, const char *s);
/* The same, whatever the status: *out is the body (malloc'd), also of an error; -2 when the
 * daemon could not be talked to (said). */
int remote_call_raw(int fd, const char *method, const char *path, const char *body, size_t len,
		    char **out, int *status);
/* "/v1/networks/" + name %-encoded + rest, into buf; -1 when too long */
int remote_path(char *buf, size_t len, const char *name, const char *rest);
/* A change through the daemon, and what to print: the first error line when it fails
 * (failed; "failed to get network 'KEY'" for a 404 when key is set), the file a define
 * read. */
typedef struct remote_req {
	const char *method;
	char path[1400];
	const char *body;
	size_t len;
	const char *key;
	char failed[600];
	const char *file;
} remote_req;

/* The command's exit status; its result printed as the direct path prints it */
int remote_change(vn_ctx *ctx, int fd, const remote_req *q);
/* What remote_change prints: a change's result (its warnings and line; file: what define
 * read), or its refusal (why, with its HTTP status) -> 1 */
void remote_print_result(vn_ctx *ctx, const char *body, const char *file);
int remote_print_refusal(const remote_req *q, int status, const char *why);
/* start or destroy (cmd) network key through the daemon on fd */
int remote_run(vn_ctx *ctx, int fd, const char *key, const char *cmd);
/* port-create through the daemon: q's options and FILE's text; the command's exit status */
int remote_port_create(vn_ctx *ctx, int fd, const char *key, const vn_port_request *q);
/* port-delete through the daemon: keys (device names or UUIDs), or all */
int remote_port_delete(vn_ctx *ctx, int fd, const char *key, char **keys, size_t nkeys,
		       bool all);
