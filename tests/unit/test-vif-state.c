/* test-vif-state.c - vif-virtnet's step record: golden XML, round trip, refused input, files */
#include <errno.h>
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

#include "helper/vif_state.h"
#include "util/fileio.h"

#define GOLDEN TEST_DATA_DIR "/vif/state-nat.xml"

static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;
	vn_err err = {0};

	if (file_read_all(path, 1 << 20, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	return data;
}

static void check_golden(const char *path, const char *got)
{
	vn_err err = {0};

	if (getenv("REGENERATE")) {
		assert_int_equal(file_write_atomic(path, got, strlen(got), 0644, &err), 0);
		return;
	}
	char *want = slurp(path);
	if (strcmp(want, got) != 0)
		fail_msg("output differs from %s (REGENERATE=1 to refresh, then review the diff):\n%s", path, got);
	free(want);
}

static void add(vif_state *st, vif_step s)
{
	assert_int_equal(vif_state_add(st, &s), 0);
}

/* What online of vif3.0 in nat mode records, in order. */
static vif_state *nat_state(void)
{
	vif_state *st = vif_state_new("vif3.0");
	vif_step s;

	assert_non_null(st);
	st->ifindex = 7, st->mode = VIF_MODE_NAT, st->online = true, st->pid = 4242;
	add(st, (vif_step){ .kind = VS_LINK_UP, .ifindex = 7, .value = "down" });
	add(st, (vif_step){ .kind = VS_SYSCTL, .name = "net/ipv4/conf/vif3.0/proxy_arp", .value = "0" });
	add(st, (vif_step){ .kind = VS_FORWARDING, .name = "net/ipv4/ip_forward", .value = "0" });
	s = (vif_step){ .kind = VS_ADDRESS, .ifindex = 7, .prefix = 32 };
	addr_parse("10.0.3.128", AF_INET, &s.addr);
	add(st, s);
	s = (vif_step){ .kind = VS_ROUTE, .ifindex = 7, .prefix = 32, .metric = 2 };
	addr_parse("10.0.3.1", AF_INET, &s.addr);
	addr_parse("10.0.3.128", AF_INET, &s.src);
	add(st, s);
	add(st, (vif_step){ .kind = VS_TC, .ifindex = 7 });
	add(st, (vif_step){ .kind = VS_FIREWALL, .name = "inet virtnet_vif" });
	add(st, (vif_step){ .kind = VS_DNSMASQ, .pid = 5150, .name = "/run/virtnet/dnsmasq/vif-vif3.0.conf" });
	s = (vif_step){ .kind = VS_MAC, .ifindex = 7, .mtu = 0 };
	mac_parse("00:16:3e:0a:0b:0c", &s.mac);
	add(st, s);
	add(st, (vif_step){ .kind = VS_MTU, .ifindex = 7, .mtu = 1500 });
	add(st, (vif_step){ .kind = VS_MASTER, .ifindex = 7, .name = "xenbr0" });
	add(st, (vif_step){ .kind = VS_PORT, .name = "0d3c1c2e-3f7a-4b8c-9d0e-1f2a3b4c5d6e", .value = "lab & <co>" });
	return st;
}

static void test_golden_and_round_trip(void **state)
{
	vif_state *st = nat_state(), *back = NULL;
	char *xml = vif_state_format(st), *again;
	vn_err err = {0};

	(void)state;
	check_golden(GOLDEN, xml);
	assert_int_equal(vif_state_parse(xml, strlen(xml), "(test)", &back, &err), 0);
	again = vif_state_format(back);
	assert_string_equal(again, xml);
	assert_int_equal(back->nsteps, 12);
	assert_int_equal(back->steps[4].metric, 2);
	assert_string_equal(back->steps[11].value, "lab & <co>");
	assert_true(back->online);
	assert_int_equal(back->pid, 4242);
	free(again);
	free(xml);
	vif_state_free(back);
	vif_state_free(st);
}

static void refused(const char *xml, const char *want)
{
	vif_state *st = NULL;
	vn_err err = {0};

	if (vif_state_parse(xml, strlen(xml), "t.xml", &st, &err) == 0)
		fail_msg("accepted: %s", xml);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
	assert_null(st);
}

static void test_refused(void **state)
{
	(void)state;
	refused("<vifstatus device='vif3.0' mode='nat' type='vif' state='online'><step kind='teleport'/></vifstatus>",
		"t.xml: unknown step kind 'teleport'");
	refused("<vifstatus device='vif3.0' mode='nat2' type='vif' state='online'/>", "needs mode (bridge, nat, route)");
	refused("<vifstatus device='vif3.0' mode='nat' type='vif' state='online'><step kind='address' address='10.0.0.1' prefix='33'/></vifstatus>",
		"prefix 33 is too long");
	refused("<vifstatus device='vif3.0' mode='nat' type='vif' state='online'><step kind='mac'/></vifstatus>", "bad or missing mac");
	refused("<vifstatus mode='nat' type='vif' state='online'/>", "has no device");
	refused("<networkstatus/>", "t.xml");
}

static void test_files(void **state)
{
	char dir[] = "/tmp/test-vif-state.XXXXXX", path[256], sub[300];
	vif_state *st = nat_state(), *back = NULL;
	vn_err err = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/vifs", dir);
	assert_int_equal(mkdir_p(sub, 0755), 0);
	assert_int_equal(vif_state_path(dir, "vif3.0", path, sizeof(path)), 0);
	assert_int_equal(vif_state_read(path, &back, &err), -ENOENT);
	assert_int_equal(vif_state_write(path, st, &err), 0);
	assert_int_equal(vif_state_read(path, &back, &err), 0);
	assert_int_equal(back->nsteps, st->nsteps);
	assert_string_equal(back->dev, "vif3.0");
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	vif_state_free(back);
	vif_state_free(st);
}

static void test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < VS__COUNT; k++) {
		assert_non_null(vif_step_kind_to_string((vif_step_kind)k));
		assert_int_equal(vif_step_kind_from_string(vif_step_kind_to_string((vif_step_kind)k)), k);
	}
	assert_int_equal(vif_step_kind_from_string("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_and_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_kind_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
