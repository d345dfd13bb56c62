/* lease_listen.c - the overlays' lease socket */
#include "daemon/lease_listen.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "overlay/overlay_leases.h"

static int bound(int family, char *why, size_t len)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(OVL_LEASES_PORT),
				   .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(OVL_LEASES_PORT),
				  .sin_addr.s_addr = htonl(INADDR_ANY) };
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1, zero = 0;
	bool v6 = family == AF_INET6;

	if (fd < 0) {
		snprintf(why, len, "cannot open a TCP socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (v6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
		 v6 ? sizeof(a6) : sizeof(a4)) == 0 && listen(fd, 64) == 0)
		return fd;
	snprintf(why, len, "cannot listen on TCP port %d: %s", OVL_LEASES_PORT, strerror(errno));
	close(fd);
	return -1;
}

int lease_listen(char *why, size_t len)
{
	int fd = bound(AF_INET6, why, len);

	return fd >= 0 ? fd : bound(AF_INET, why, len);
}
