/* test-vif-render.c - vif-virtnet's generated texts against golden files in tests/data/vif
 * (REGENERATE=1 rewrites them; review the diff): the nft slices of nat, route and host-bridge
 * vifs and their removal, and the per-vif dnsmasq configs */
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

#include "golden.h"

#include "helpers/xen/vif_dhcp.h"
#include "helpers/xen/vif_fw.h"
#include "types/vtype.h"
#include "util/fileio.h"

#define DIR TEST_DATA_DIR "/vif/"

/* Takes got (the renderers return malloc'd text). */
static void check_golden(const char *name, char *got)
{
	assert_non_null(got);
	golden_check(name, got);
	free(got);
}

static char *fw_add(const char *table, const vif_fw_spec *s)
{
	char *text = NULL;
	vn_err err = {0};

	if (vif_fw_render_add(table, s, &text, &err) < 0)
		fail_msg("refused: %s", err.msg);
	return text;
}

static char *fw_remove(const char *family, const char *table, const char *dev, bool whole)
{
	char *text = NULL;
	vn_err err = {0};

	if (vif_fw_render_remove(family, table, dev, whole, &text, &err) < 0)
		fail_msg("refused: %s", err.msg);
	return text;
}

static char *dhcp_text(const vif_dhcp_spec *s)
{
	char *text = NULL;
	vn_err err = {0};

	if (vif_dhcp_render(s, &text, &err) < 0)
		fail_msg("refused: %s", err.msg);
	return text;
}

static vif_ip ip(const char *a, int prefix)
{
	vif_ip v = { .prefix = prefix };

	assert_int_equal(addr_parse(a, AF_INET, &v.addr), 0);
	return v;
}

static void test_nft_nat(void **state)
{
	vif_ip guest = ip("10.0.3.1", 32);
	vif_rate rate = { 1250000, 50000 };
	vif_fw_spec s = { .dev = "vif3.0", .mode = VIF_MODE_NAT, .ips = &guest, .nips = 1, .nat_guest = guest.addr,
			  .nat_prefix = 16, .rate = &rate };

	(void)state;
	check_golden(DIR "nft-nat.txt", fw_add("virtnet_vif", &s));
	s.netdev = "eth1", s.rate = NULL, s.dev = "vif3.0-emu";
	check_golden(DIR "nft-nat-netdev.txt", fw_add("virtnet_vif", &s));
}

static void test_nft_route(void **state)
{
	vif_ip ips[] = { ip("198.51.100.7", -1), ip("203.0.113.77", 24) };
	vif_fw_spec s = { .dev = "vif12.1", .mode = VIF_MODE_ROUTE, .ips = ips, .nips = 2 };

	(void)state;
	check_golden(DIR "nft-route.txt", fw_add("virtnet_vif", &s));
	s.nips = 0;   /* no ip=: no anti-spoofing, nothing to police: every packet through */
	check_golden(DIR "nft-route-open.txt", fw_add("virtnet_vif", &s));
}

static void test_nft_bridge(void **state)
{
	vif_ip ips[] = { ip("192.168.1.50", -1) };
	vif_rate rate = { 250000, 20000 };
	vif_fw_spec s = { .dev = "vif3.0", .mode = VIF_MODE_BRIDGE, .ips = ips, .nips = 1, .rate = &rate };

	(void)state;
	assert_true(vif_fw_needed(&s));
	check_golden(DIR "nft-bridge.txt", fw_add("virtnet_vif", &s));
	s.nips = 0, s.rate = NULL;
	assert_false(vif_fw_needed(&s));
	s.mode = VIF_MODE_NAT;
	assert_true(vif_fw_needed(&s));
}

static void test_nft_remove(void **state)
{
	(void)state;
	check_golden(DIR "nft-remove-inet.txt", fw_remove("inet", "virtnet_vif", "vif3.0", false));
	check_golden(DIR "nft-remove-bridge.txt", fw_remove("bridge", "virtnet_vif", "vif3.0", false));
	check_golden(DIR "nft-remove-whole.txt", fw_remove("inet", "virtnet_vif", "vif3.0", true));
}

static vif_dhcp_spec dhcp_spec(const char *guest, int prefix, const char *router, const vn_mac *mac)
{
	vif_dhcp_spec s = { .dev = "vif3.0", .prefix = prefix, .mac = mac, .user = "nobody",
			    .conf = "/run/virtnet/dnsmasq/vif-vif3.0.conf", .pid = "/run/virtnet/dnsmasq/vif-vif3.0.pid",
			    .leases = "/run/virtnet/dnsmasq/vif-vif3.0.leases" };

	assert_int_equal(addr_parse(guest, AF_INET, &s.guest), 0);
	assert_int_equal(addr_parse(router, AF_INET, &s.router), 0);
	return s;
}

static void test_dnsmasq(void **state)
{
	vn_mac mac;
	vif_dhcp_spec s;

	(void)state;
	mac_parse("00:16:3e:00:00:03", &mac);
	s = dhcp_spec("10.0.3.1", 16, "10.0.3.128", &mac);
	check_golden(DIR "dnsmasq-nat.conf", dhcp_text(&s));
	s = dhcp_spec("10.0.3.1", 16, "10.0.3.128", NULL);   /* no MAC known: a one-address range */
	check_golden(DIR "dnsmasq-nat-nomac.conf", dhcp_text(&s));
	s = dhcp_spec("198.51.100.7", 32, "192.0.2.1", &mac);
	check_golden(DIR "dnsmasq-route.conf", dhcp_text(&s));
}

#define IFNAME_RULE "1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"

/* nft text carries names as they are: what is not an interface or table name is refused,
 * never escaped (a field that forgot its type fails safe here). */
static void fw_refused(const char *table, const vif_fw_spec *s, const char *want)
{
	char *text = (char *)"unset";
	vn_err err = {0};

	assert_int_equal(vif_fw_render_add(table, s, &text, &err), -EINVAL);
	assert_null(text);
	assert_string_equal(err.msg, want);
}

static void test_nft_refused(void **state)
{
	vif_ip guest = ip("10.0.3.1", 32);
	vif_fw_spec s = { .dev = "abcdefghijklmno", .mode = VIF_MODE_NAT, .ips = &guest, .nips = 1, .nat_guest = guest.addr,
			  .nat_prefix = 16, .netdev = "eth0" };
	char long_table[101], want[512];

	(void)state;
	free(fw_add("virtnet_vif", &s));   /* 15 bytes: the longest name */
	s.dev = "abcdefghijklmnop";
	fw_refused("virtnet_vif", &s, "vif 'abcdefghijklmnop' is not an interface name: use " IFNAME_RULE);
	s.dev = "vif3.0";
	s.netdev = "x\";add table ip pwnedvif;#";
	fw_refused("virtnet_vif", &s, "netdev 'x\";add table ip pwnedvif;#' is not an interface name: use " IFNAME_RULE);
	s.netdev = "eth0\n";
	fw_refused("virtnet_vif", &s, "netdev 'eth0\\x0a' is not an interface name: use " IFNAME_RULE);
	s.netdev = "";   /* none: masquerade out of any device */
	free(fw_add("virtnet_vif", &s));
	s.mode = VIF_MODE_BRIDGE;
	s.dev = "vif3.0*";
	fw_refused("virtnet_vif", &s, "vif 'vif3.0*' is not an interface name: use " IFNAME_RULE);
	s.dev = "vif3.0";
	snprintf(want, sizeof(want), "nft table 'virtnet vif' is not an nft table name: use %s", vt_rule(VT_NFT_NAME));
	fw_refused("virtnet vif", &s, want);
	memset(long_table, 'a', 100);
	long_table[100] = '\0';
	snprintf(want, sizeof(want), "nft table 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... (100 bytes)' is not an nft table name: use %s",
		 vt_rule(VT_NFT_NAME));
	fw_refused(long_table, &s, want);
	snprintf(want, sizeof(want), "nft table '1virtnet' is not an nft table name: use %s", vt_rule(VT_NFT_NAME));
	fw_refused("1virtnet", &s, want);
	s.dev = NULL;
	fw_refused("virtnet_vif", &s, "no nft table or vif device for vif-virtnet's rules");
}

static void test_nft_remove_refused(void **state)
{
	char *text = NULL;
	vn_err err = {0};

	(void)state;
	assert_int_equal(vif_fw_render_remove("ip", "virtnet_vif", "vif3.0", false, &text, &err), -EINVAL);
	assert_string_equal(err.msg, "nft family 'ip' is not one of vif-virtnet's (inet, bridge)");
	assert_int_equal(vif_fw_render_remove("inet", "virtnet_vif;", "vif3.0", true, &text, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "nft table 'virtnet_vif;' is not an nft table name"));
	assert_int_equal(vif_fw_render_remove("bridge", "virtnet_vif", "vif3.0\"", false, &text, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "vif 'vif3.0\"' is not an interface name"));
	assert_null(text);
}

/* dnsmasq's config: the same, and no line of 1024 bytes or more */
static void test_dnsmasq_refused(void **state)
{
	vif_dhcp_spec s = dhcp_spec("10.0.3.1", 16, "10.0.3.128", NULL);
	char *text = NULL, path[1002];
	vn_err err = {0};

	(void)state;
	s.dev = "vif3.0\ndhcp-script=/tmp/x";
	assert_int_equal(vif_dhcp_render(&s, &text, &err), -EINVAL);
	assert_string_equal(err.msg, "vif 'vif3.0\\x0adhcp-script=/tmp/x' is not an interface name: use " IFNAME_RULE);
	s.dev = "vif3.0";
	s.user = "nobody\nconf-file=/etc/x";
	assert_int_equal(vif_dhcp_render(&s, &text, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "dnsmasq user (VIRTNET_DNSMASQ_USER) 'nobody\\x0aconf-file=/etc/x' is not a user name"));
	s.user = NULL;
	s.leases = "leases";
	assert_int_equal(vif_dhcp_render(&s, &text, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "dnsmasq lease file 'leases' is not an absolute path"));
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/', path[1000] = '\0';   /* 1000 bytes: the longest path, and its lines stay short */
	s.leases = s.pid = s.conf = path;
	assert_int_equal(vif_dhcp_render(&s, &text, &err), 0);
	for (char *p = text; *p; p += strcspn(p, "\n") + 1)
		assert_true(strcspn(p, "\n") <= VT_DNSMASQ_LINE_MAX);
	free(text);
	path[1000] = 'a', path[1001] = '\0';
	assert_int_equal(vif_dhcp_render(&s, &text, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "dnsmasq config file '/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... (1001 bytes)' is not an absolute path"));
	assert_null(text);
}

static void test_dnsmasq_files(void **state)
{
	vif_dhcp_files f;

	(void)state;
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "vif3.0-emu", &f), 0);
	assert_string_equal(f.dir, "/r/run/virtnet/dnsmasq");
	assert_string_equal(f.conf, "/r/run/virtnet/dnsmasq/vif-vif3.0-emu.conf");
	assert_string_equal(f.pid, "/r/run/virtnet/dnsmasq/vif-vif3.0-emu.pid");
	assert_string_equal(f.leases, "/r/run/virtnet/dnsmasq/vif-vif3.0-emu.leases");
	assert_string_equal(f.log, "/r/run/virtnet/dnsmasq/vif-vif3.0-emu.log");
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "a/b", &f), -EINVAL);
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "", &f), -EINVAL);
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "abcdefghijklmno", &f), 0);   /* 15 bytes */
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "abcdefghijklmnop", &f), -EINVAL);
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "..", &f), -EINVAL);
	assert_int_equal(vif_dhcp_files_of("/r/run/virtnet", "vif3.0,x", &f), -EINVAL);
}

static void touch(const char *dir, const char *name)
{
	char path[512];
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(file_write_atomic(path, "1\n", 2, 0644, &err), 0);
}

static bool exists(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* Stopping a vif's dnsmasq removes its four files; a device that is not an interface name
 * (a path climbing out of the folder) is refused and nothing is removed. */
static void test_dnsmasq_stop_files(void **state)
{
	char root[] = "/tmp/test-vif-dhcp.XXXXXX", run[256], dir[300], victim[400];
	static const char *const mine[] = { "vif-vif3.0.conf", "vif-vif3.0.pid", "vif-vif3.0.leases", "vif-vif3.0.log" };
	vn_err err = {0};

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(run, sizeof(run), "%s/run", root);
	snprintf(dir, sizeof(dir), "%s/dnsmasq", run);
	assert_int_equal(mkdir_p(dir, 0755), 0);
	touch(root, "victim.conf");
	touch(root, "victim.pid");
	for (size_t i = 0; i < 4; i++)
		touch(dir, mine[i]);
	assert_int_equal(vif_dhcp_stop(run, "../../victim", 0, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "the dnsmasq files of vif '../../victim'"));
	assert_non_null(strstr(err.msg, "nothing stopped or removed"));
	assert_true(exists(root, "victim.conf") && exists(root, "victim.pid"));
	for (size_t i = 0; i < 4; i++)
		assert_true(exists(dir, mine[i]));
	assert_false(vif_dhcp_alive(run, "../../victim", 0));
	assert_false(vif_dhcp_alive(run, "vif3.0", getpid()));   /* this is not that dnsmasq */
	assert_int_equal(vif_dhcp_stop(run, "vif3.0", getpid(), &err), 0);
	for (size_t i = 0; i < 4; i++)
		assert_false(exists(dir, mine[i]));
	snprintf(victim, sizeof(victim), "%s/victim.conf", root);
	unlink(victim);
	snprintf(victim, sizeof(victim), "%s/victim.pid", root);
	unlink(victim);
	rmdir(dir);
	rmdir(run);
	rmdir(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nft_nat),
		cmocka_unit_test(test_nft_route),
		cmocka_unit_test(test_nft_bridge),
		cmocka_unit_test(test_nft_remove),
		cmocka_unit_test(test_nft_refused),
		cmocka_unit_test(test_nft_remove_refused),
		cmocka_unit_test(test_dnsmasq_refused),
		cmocka_unit_test(test_dnsmasq),
		cmocka_unit_test(test_dnsmasq_files),
		cmocka_unit_test(test_dnsmasq_stop_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
