/* test-netlink-stats.c - interface counters (IFLA_STATS64) of a veth pair in a private
 * network namespace (skipped without the privilege to make one) */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/netlink.h"

#define FRAME_LEN 60

static bool in_netns;

static void enter_netns(void)
{
	FILE *f;

	if (unshare(CLONE_NEWNET) < 0)
		return;
	in_netns = true;
	/* no IPv6 autoconfiguration traffic of its own on the new links: only our frames count */
	if ((f = fopen("/proc/sys/net/ipv6/conf/default/disable_ipv6", "w"))) {
		fputs("1\n", f);
		fclose(f);
	}
}

static int setup(void **state)
{
	vn_nl *nl = NULL;
	vn_err err = {0};

	if (in_netns)
		assert_int_equal(nl_open(&nl, &err), 0);
	*state = nl;
	return 0;
}

static int teardown(void **state)
{
	nl_close(*state);
	return 0;
}

/* `count` broadcast frames of FRAME_LEN bytes out of ifindex through a packet socket */
static void send_frames(int ifindex, int count)
{
	uint8_t frame[FRAME_LEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x88, 0xb5 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = ifindex, .sll_halen = ETH_ALEN };
	int fd = socket(AF_PACKET, SOCK_RAW, 0);

	assert_true(fd >= 0);
	for (int i = 0; i < count; i++)
		assert_int_equal(sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&to, sizeof(to)), FRAME_LEN);
	close(fd);
}

static int make_up_veth(vn_nl *nl, const char *a, const char *b)
{
	vn_veth_opts o = { .name = a, .peer = b, .peer_netns_fd = -1 };
	vn_link_info li;
	vn_err err = {0};
	int ifindex = 0;

	assert_int_equal(nl_veth_create(nl, &o, &ifindex, &err), 0);
	assert_int_equal(nl_link_get(nl, b, &li, &err), 0);
	assert_int_equal(nl_link_set_up(nl, li.ifindex, true, &err), 0);
	assert_int_equal(nl_link_set_up(nl, ifindex, true, &err), 0);
	return ifindex;
}

static void counts_frames_both_ways(void **state)
{
	vn_nl *nl = *state;
	vn_link_stats a0, b0, a1, b1;
	vn_err err = {0};
	int ifindex;

	if (!in_netns)
		skip();
	ifindex = make_up_veth(nl, "vsa", "vsb");
	assert_int_equal(nl_link_stats(nl, "vsa", &a0, &err), 0);
	assert_int_equal(nl_link_stats(nl, "vsb", &b0, &err), 0);
	send_frames(ifindex, 3);
	assert_int_equal(nl_link_stats(nl, "vsa", &a1, &err), 0);
	assert_int_equal(nl_link_stats(nl, "vsb", &b1, &err), 0);
	assert_int_equal(a1.tx_packets - a0.tx_packets, 3);
	assert_int_equal(a1.tx_bytes - a0.tx_bytes, 3 * FRAME_LEN);
	assert_int_equal(b1.rx_packets - b0.rx_packets, 3);
	assert_int_equal(b1.rx_bytes - b0.rx_bytes, 3 * FRAME_LEN);
	assert_int_equal(a1.rx_packets, a0.rx_packets);
	assert_int_equal(a1.tx_errors + a1.tx_dropped + b1.rx_errors, 0);
	assert_int_equal(nl_link_delete(nl, ifindex, &err), 0);
}

static void missing_and_invalid_names(void **state)
{
	vn_nl *nl = *state;
	vn_link_stats s;
	vn_err err = {0};

	if (!in_netns)
		skip();
	assert_int_equal(nl_link_stats(nl, "vs-nope", &s, &err), -ENODEV);
	assert_string_equal(err.msg, "interface 'vs-nope' does not exist");
	assert_int_equal(nl_link_stats(nl, "", &s, &err), -EINVAL);
	assert_string_equal(err.msg, "'' is not a valid interface name (1 to 15 characters)");
	assert_int_equal(nl_link_stats(nl, "a-name-too-long0", &s, &err), -EINVAL);
	assert_int_equal(nl_link_stats(nl, "lo", &s, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(counts_frames_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_and_invalid_names, setup, teardown),
	};

	enter_netns();
	return cmocka_run_group_tests_name("netlink-stats", tests, NULL, NULL);
}
