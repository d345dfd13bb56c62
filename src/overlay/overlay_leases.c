/* overlay_leases.c - an overlay network's leases asked of its DHCP authority */
#include "overlay/overlay_leases.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/api_client.h"
#include "conf/overlay.h"
#include "state/status.h"

const vn_addr *overlay_running_local(const vn_netobj *o)
{
	const vn_step *vx;

	if (!o->status || !o->status->active || !o->status->live || !o->status->live->overlay)
		return NULL;
	vx = status_find(o->status, STEP_VXLAN, NULL);
	return vx && addr_valid(&vx->addr) ? &vx->addr : NULL;
}

/* A TCP connection to a:port within timeout_ms */
static int connect_within(const vn_addr *a, unsigned port, int timeout_ms, vn_err *err)
{
	struct sockaddr_storage ss = {0};
	socklen_t len;
	char s[VN_ADDR_STRLEN];
	int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), e = 0;
	socklen_t elen = sizeof(e);

	if (fd < 0)
		return vn_err_set(err, errno, "cannot open a socket: %s", strerror(errno));
	if (a->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		*in = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
					    .sin_addr = a->u.in4 };
		len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
		*in6 = (struct sockaddr_in6){ .sin6_family = AF_INET6,
					      .sin6_port = htons((uint16_t)port),
					      .sin6_addr = a->u.in6 };
		len = sizeof(*in6);
	}
	if (connect(fd, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS)
		e = errno;
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	if (!e && poll(&p, 1, timeout_ms) != 1)
		e = ETIMEDOUT;
	if (!e && getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0)
		e = errno;
	if (!e)
		return fd;
	close(fd);
	return vn_err_set(err, e, "cannot reach %s port %u: %s", addr_format(a, s), port,
			  strerror(e));
}

static int ask(int fd, const vn_network *n, const char *mac, vn_api_reply *r, vn_err *err)
{
	char path[1400] = "/v1/networks/", q[200];
	size_t at = strlen(path);

	if (api_escape(path + at, sizeof(path) - at - 300, n->name) < 0) {
		close(fd);
		return vn_err_set(err, ENAMETOOLONG, "the network's name is too long");
	}
	strcat(path, "/leases");
	if (mac && api_escape(q, sizeof(q), mac) == 0)
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "?mac=%s", q);
	return api_call(fd, "GET", path, NULL, 0, OVL_LEASES_TIMEOUT_MS, r, err);
}

int overlay_leases_fetch(const vn_network *n, const char *mac, vn_lease_row **rows, size_t *k,
			 vn_err *err)
{
	const vn_ovl_peer *auth = overlay_authority(n->overlay);
	vn_api_reply r = {0};
	char a[VN_ADDR_STRLEN];
	vn_err why = {0};
	int fd, rc;

	if (!auth)
		return vn_err_set(err, ENOENT, "network '%s' has no DHCP authority", n->name);
	addr_format(&auth->address, a);
	fd = connect_within(&auth->address, OVL_LEASES_PORT, OVL_LEASES_TIMEOUT_MS, &why);
	rc = fd < 0 ? fd : ask(fd, n, mac, &r, &why);
	if (rc == 0 && r.status != 200)
		rc = vn_err_set(&why, EIO, "it answered %d: %.300s", r.status, r.body ? r.body : "");
	if (rc == 0)
		rc = lease_rows_from_json(r.body, rows, k, &why);
	free(r.body);
	if (rc < 0)
		return vn_err_set(err, -rc, "network '%s': its leases are held by its DHCP authority "
				  "%s, whose virtnetd could not be asked for them (%s); run "
				  "virtnetd there, or dhcp-leases on that host", n->name, a,
				  why.msg);
	return 0;
}
