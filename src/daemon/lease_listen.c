/* lease_listen.c - the overlays' lease sockets */
#include "daemon/lease_listen.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "overlay/overlay_leases.h"

int lease_listen(const vn_addr *a, char *why, size_t len)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(OVL_LEASES_PORT) };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(OVL_LEASES_PORT) };
	bool v6 = a->family == AF_INET6;
	char s[VN_ADDR_STRLEN];
	int fd, one = 1;

	if (v6)
		memcpy(&a6.sin6_addr, a->u.bytes, 16);
	else
		memcpy(&a4.sin_addr, a->u.bytes, 4);
	fd = socket(a->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(why, len, "cannot open a TCP socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
		 v6 ? sizeof(a6) : sizeof(a4)) == 0 && listen(fd, 64) == 0)
		return fd;
	snprintf(why, len, "cannot listen on %s, TCP port %d: %s", addr_format(a, s),
		 OVL_LEASES_PORT, strerror(errno));
	close(fd);
	return -1;
}
