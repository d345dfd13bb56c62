/* control.c - one-word messages between virtnetd's keeper and its worker */
#include "daemon/control.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

int ctl_send(int fd, const char *word)
{
	if (send(fd, word, strlen(word), MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

int ctl_recv(int fd, char *word, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, word, len - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	word[n] = '\0';
	return n > 0;
}
