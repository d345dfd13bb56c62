/* dnsmasq_quiet.c - a dnsmasq that sleeps through other interfaces' changes
 *
 * dnsmasq (2.90) joins rtnetlink's address and route groups whatever its options, so every
 * dnsmasq on the host wakes on each address or route change anywhere: starting a network
 * woke all the others (about 50 us of CPU each, 5 ms at 100 networks on two CPUs, taken
 * from the start under way). We give each one a socket filter on its rtnetlink socket (a
 * copy of its descriptor through pidfd_getfd; the filter belongs to the socket): address
 * and route notifications about another interface are dropped before they wake it. Its
 * own interface's notifications, the answers to its own requests (dumps, acks) and routes
 * with no device or to a default destination (a new way out, after which it resends a
 * pending query) still reach it. What it no longer sees it had no use for: with
 * bind-interfaces it serves one interface, and it watches resolv.conf with inotify. */
#include "dnsmasq/dnsmasq_run.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"

#define NL_TYPE 4            /* nlmsghdr: nlmsg_type (u16) */
#define NL_FLAGS 6           /* nlmsg_flags (u16) */
#define IFA_INDEX 20         /* after the header: ifaddrmsg's ifa_index (u32) */
#define RTM_DST_LEN 17       /* rtmsg's rtm_dst_len (u8) */
#define RTM_ATTRS 28         /* the header and struct rtmsg: the first attribute */
#define QUIET_LEN 23         /* instructions; the last two are accept (21) and drop (22) */

/* Classic BPF loads are big-endian: fields are compared in network order (htons/htonl
 * give the value a field holds, read that way, on any host). */
static void quiet_program(struct sock_filter *p, unsigned ifindex)
{
	const unsigned idx = htonl(ifindex), multi = htons(NLM_F_MULTI);
	const struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, NL_TYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWADDR), 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELADDR), 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWROUTE), 6, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELROUTE), 5, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),                     /* anything else */
		/* an address: a dump answer, or one on its own interface */
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, NL_FLAGS),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, multi, 13, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IFA_INDEX),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, idx, 11, 12),
		/* a route: a dump answer, a default route, no device or its own interface */
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, NL_FLAGS),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, multi, 9, 0),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, RTM_DST_LEN),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 7, 0),
		BPF_STMT(BPF_LD | BPF_IMM, RTM_ATTRS),
		BPF_STMT(BPF_LDX | BPF_IMM, RTA_OIF),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_NLATTR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 0),               /* no RTA_OIF */
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_IND, 4),                      /* its value */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, idx, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};

	_Static_assert(sizeof(prog) / sizeof(prog[0]) == QUIET_LEN, "QUIET_LEN");
	for (size_t i = 0; i < QUIET_LEN; i++)
		p[i] = prog[i];
}

static bool is_rtnetlink(int fd)
{
	int domain = 0, proto = 0;
	socklen_t len = sizeof(int);

	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_NETLINK &&
	       getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) == 0 &&
	       proto == NETLINK_ROUTE;
}

/* Its descriptor fd, if it is an rtnetlink socket: filtered (1), not one (0), or -errno. */
static int quiet_fd(int pidfd, int fd, const struct sock_fprog *f)
{
	_cleanup_close_ int mine = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);

	if (mine < 0)
		return errno == EBADF ? 0 : -errno;
	if (!is_rtnetlink(mine))
		return 0;
	return setsockopt(mine, SOL_SOCKET, SO_ATTACH_FILTER, f, sizeof(*f)) < 0 ? -errno : 1;
}

int dnsmasq_quiet(pid_t pid, unsigned ifindex)
{
	struct sock_filter prog[QUIET_LEN];
	struct sock_fprog f = { .len = QUIET_LEN, .filter = prog };
	_cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	char dir[64];
	struct dirent *e;
	int rc = 0, done = 0;

	if (pidfd < 0)
		return -errno;
	quiet_program(prog, ifindex);
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	while (rc >= 0 && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			rc = quiet_fd(pidfd, atoi(e->d_name), &f);
			done += rc > 0;
		}
	closedir(d);
	return rc < 0 ? rc : done ? 0 : -ENOENT;
}
