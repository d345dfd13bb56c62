/* fake-qemu.c - QEMU's side of the bridge helper protocol, for tests without a VM
 *
 *   fake-qemu [--no-vnet] [--frames N] [--hold S] HELPER BRIDGE [MAC...]
 *
 * Runs HELPER as QEMU's net/tap.c (net_bridge_run_helper) does: a socketpair, fork, every
 * other descriptor closed, exec "HELPER --use-vnet --fd=N --br=BRIDGE" (through /bin/sh -c
 * when HELPER holds a space), recvmsg of one byte with the tap's descriptor, waitpid, and
 * "bridge helper failed" unless the helper exited 0 (checked before the descriptor, so a
 * failing helper reads the same whether or not it sent one). Then, like a guest, it waits
 * until the bridge forwards on the tap, writes N ARP probes (sender IP 0.0.0.0) from each MAC
 * in turn into the tap (behind a virtio-net header when the tap has one) and holds the tap
 * S seconds (default 0) or until killed.
 * Prints "tap NAME vnet_hdr=0|1" and "sent N frames from MAC" on stdout. Exit 1 on failure. */
#include <errno.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int recv_fd(int c)
{
	int fd = -1;
	char buf[CMSG_SPACE(sizeof(int))] = {0}, req[1];
	struct iovec iov = { .iov_base = req, .iov_len = sizeof(req) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cmsg;
	ssize_t n;

	while ((n = recvmsg(c, &msg, 0)) < 0 && errno == EINTR)
		;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (n <= 0 || !cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
	return fd;
}

static void exec_helper(const char *helper, const char *bridge, int sock, int use_vnet)
{
	char fd_buf[32], br_buf[64], cmd[512];
	long open_max = sysconf(_SC_OPEN_MAX);

	for (long i = 3; i < (open_max > 0 ? open_max : 1024); i++)
		if (i != sock)
			close((int)i);
	snprintf(fd_buf, sizeof(fd_buf), "--fd=%d", sock);
	snprintf(br_buf, sizeof(br_buf), "--br=%s", bridge);
	if (strpbrk(helper, " \t")) {
		snprintf(cmd, sizeof(cmd), "%s %s %s %s", helper, use_vnet ? "--use-vnet" : "", fd_buf, br_buf);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	} else if (use_vnet) {
		execl(helper, helper, "--use-vnet", fd_buf, br_buf, (char *)NULL);
	} else {
		execl(helper, helper, fd_buf, br_buf, (char *)NULL);
	}
	_exit(1);
}

/* The tap's descriptor, or -1 after printing why (QEMU's messages). */
static int run_helper(const char *helper, const char *bridge, int use_vnet)
{
	int sv[2], status, fd, saved;
	pid_t pid;

	if (socketpair(PF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return perror("socketpair() failed"), -1;
	if ((pid = fork()) < 0)
		return perror("fork() failed"), -1;
	if (pid == 0)
		exec_helper(helper, bridge, sv[1], use_vnet);
	close(sv[1]);
	fd = recv_fd(sv[0]);
	saved = errno;
	close(sv[0]);
	while (waitpid(pid, &status, 0) != pid)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (fd >= 0)
			close(fd);
		if (WIFSIGNALED(status))
			return fprintf(stderr, "fake-qemu: bridge helper failed (killed by signal %d)\n", WTERMSIG(status)), -1;
		return fprintf(stderr, "fake-qemu: bridge helper failed\n"), -1;
	}
	if (fd < 0)
		return fprintf(stderr, "fake-qemu: failed to recv file descriptor: %s\n", strerror(saved)), -1;
	return fd;
}

/* An ARP probe: who has 192.0.2.99, from 0.0.0.0 (no address of its own yet). */
static size_t arp_probe(const uint8_t mac[6], uint8_t *f)
{
	static const uint8_t head[] = { 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01 };

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	memcpy(f + 12, head, sizeof(head));
	memcpy(f + 22, mac, 6);                        /* sender MAC; sender IP 0.0.0.0 */
	memcpy(f + 38, (uint8_t[]){ 192, 0, 2, 99 }, 4);   /* target IP; target MAC zero */
	return 60;
}

static int send_frames(int fd, int vnet_hdr, const char *mac_s, int count)
{
	uint8_t mac[6], buf[128] = {0};
	size_t hdr = vnet_hdr ? 10 : 0;   /* struct virtio_net_hdr, all zero: nothing offloaded */

	if (sscanf(mac_s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
		return fprintf(stderr, "fake-qemu: bad MAC %s\n", mac_s), -1;
	size_t len = hdr + arp_probe(mac, buf + hdr);
	for (int i = 0; i < count; i++)
		if (write(fd, buf, len) != (ssize_t)len)
			return fprintf(stderr, "fake-qemu: write to the tap: %s\n", strerror(errno)), -1;
	printf("sent %d frames from %s\n", count, mac_s);
	fflush(stdout);
	nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	return 0;
}

/* Like a guest that first boots: wait (at most 10 s) until the bridge forwards on the tap;
 * with STP on, a new port listens and learns for a few seconds and drops frames meanwhile. */
static void wait_forwarding(const char *tap)
{
	char path[128], state[8] = "";

	snprintf(path, sizeof(path), "/sys/class/net/%s/brport/state", tap);
	for (int i = 0; i < 100; i++) {
		FILE *f = fopen(path, "re");
		if (!f)
			return;   /* not a bridge port (or not visible here): nothing to wait for */
		if (!fgets(state, sizeof(state), f))
			state[0] = '\0';
		fclose(f);
		if (atoi(state) == 3)   /* BR_STATE_FORWARDING */
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	}
}

int main(int argc, char **argv)
{
	int use_vnet = 1, frames = 3, hold = 0, i = 1, fd;
	struct ifreq ifr = {0};

	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--no-vnet"))
			use_vnet = 0;
		else if (!strcmp(argv[i], "--frames") && i + 1 < argc)
			frames = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--hold") && i + 1 < argc)
			hold = atoi(argv[++i]);
		else
			return fprintf(stderr, "fake-qemu: unknown option %s\n", argv[i]), 2;
	}
	if (argc - i < 2)
		return fprintf(stderr, "usage: fake-qemu [--no-vnet] [--frames N] [--hold S] HELPER BRIDGE [MAC...]\n"), 2;
	if ((fd = run_helper(argv[i], argv[i + 1], use_vnet)) < 0)
		return 1;
	if (ioctl(fd, TUNGETIFF, &ifr) < 0)
		return perror("fake-qemu: TUNGETIFF"), 1;
	printf("tap %s vnet_hdr=%d\n", ifr.ifr_name, !!(ifr.ifr_flags & IFF_VNET_HDR));
	fflush(stdout);
	if (i + 2 < argc)
		wait_forwarding(ifr.ifr_name);
	for (int k = i + 2; k < argc; k++)
		if (send_frames(fd, ifr.ifr_flags & IFF_VNET_HDR, argv[k], frames) < 0)
			return 1;
	if (hold > 0)
		sleep((unsigned)hold);
	close(fd);
	return 0;
}
