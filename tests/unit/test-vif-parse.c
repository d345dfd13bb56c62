/* test-vif-parse.c - vif-virtnet's pure parsing: vif names, XENBUS paths, Xen rates, ip=
 * lists, vif-nat's addresses, modes, and the request from arguments and environment */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers/xen/vif_env.h"
#include "helpers/xen/vif_parse.h"

static void test_names(void **state)
{
	int dom = -2, dev = -2;
	bool emu = true;

	(void)state;
	assert_int_equal(vif_name_parse("vif3.0", &dom, &dev, &emu), 0);
	assert_int_equal(dom, 3);
	assert_int_equal(dev, 0);
	assert_false(emu);
	assert_int_equal(vif_name_parse("vif65535.12-emu", &dom, &dev, &emu), 0);
	assert_int_equal(dom, 65535);
	assert_int_equal(dev, 12);
	assert_true(emu);
	const char *bad[] = { "vif3", "vif3.", "vif.0", "vifx.0", "vif3.0-em", "vif3.0x", "vif65536.0", "vif03.0",
			      "vif-1.0", "eth0", "", "vif3.0-emu-emu", "VIF3.0" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(vif_name_parse(bad[i], &dom, &dev, &emu), -EINVAL);
}

/* Exactly udev's or libxl's form: nothing before, between or after. */
static void test_xenbus_paths(void **state)
{
	int dom = -2, dev = -2;

	(void)state;
	assert_int_equal(vif_xenbus_parse("backend/vif/3/0", &dom, &dev), 0);
	assert_int_equal(dom, 3);
	assert_int_equal(dev, 0);
	assert_int_equal(vif_xenbus_parse("/local/domain/0/backend/vif/258/1", &dom, &dev), 0);
	assert_int_equal(dom, 258);
	assert_int_equal(dev, 1);
	assert_int_equal(vif_xenbus_parse("/local/domain/65535/backend/vif/65535/65535", &dom, &dev), 0);
	assert_int_equal(dom, 65535);
	assert_int_equal(dev, 65535);
	const char *bad[] = {
		"backend/vbd/3/0", "backend/vif/3", "backend/vif/3/x", "xbackend/vif/3/0", "backend/vif/3/0/mac", "",
		"backend/vif/7/2/",                                 /* a trailing '/' */
		"/backend/vif/3/0", "//backend/vif/3/0", "local/domain/0/backend/vif/3/0",
		"/local/domain/5/device/vif/0/backend/vif/3/0",     /* below a guest's own area */
		"/local/domain/0/x/backend/vif/3/0", "/local/domain//backend/vif/3/0", "/local/domain/backend/vif/3/0",
		"/local/domain/00/backend/vif/3/0", "backend/vif/03/0", "backend/vif/3/00", "backend/vif/+3/0",
		"backend/vif/65536/0", "backend/vif/3/65536", "/local/domain/65536/backend/vif/3/0",
		"backend/vif/3/0 ", " backend/vif/3/0", "backend/vif/3/0\n", "/local/domain/0/backend/vif/3/0/",
		"backend/vif/99999999999999999999/0",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (vif_xenbus_parse(bad[i], &dom, &dev) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(vif_xenbus_parse(NULL, &dom, &dev), -EINVAL);
}

static void rate_is(const char *s, unsigned long long bps, unsigned interval)
{
	vif_rate r = {0};

	if (vif_rate_parse(s, &r) != 0)
		fail_msg("'%s' was refused", s);
	if (r.bytes_per_sec != bps || r.interval_us != interval)
		fail_msg("'%s': got %llu B/s @%u us, want %llu @%u", s, r.bytes_per_sec, r.interval_us, bps, interval);
}

static void test_rates(void **state)
{
	vif_rate r;

	(void)state;
	rate_is("10Mb/s", 1250000, 50000);        /* xl's examples */
	rate_is("250KB/s", 250000, 50000);
	rate_is("1MB/s@20ms", 1000000, 20000);
	rate_is("1GB/s@100us", 1000000000, 100);
	rate_is("8b/s@1s", 1, 1000000);
	rate_is("5B/s@2", 5, 2000000);            /* no unit: seconds */
	rate_is("62500,50000", 1250000, 50000);   /* what libxl writes to xenstore for 10Mb/s */
	const char *bad[] = { "", "10", "10M/s", "10Mb", "10mb/s", "0B/s", "1MB/s@", "1MB/s@0ms", "1MB/s@5xs", "B/s",
			      "4294967296B/s", "1,0", "0,50000", ",5", "1MB/s@20ms@1s" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (vif_rate_parse(bad[i], &r) == 0)
			fail_msg("'%s' was accepted", bad[i]);
}

static void test_rate_to_bandwidth(void **state)
{
	vn_bw_rate bw;

	(void)state;
	vif_rate_to_bw(&(vif_rate){ 1250000, 50000 }, &bw);   /* 10Mb/s: 62500 bytes of credit */
	assert_int_equal(bw.average, 1250);
	assert_int_equal(bw.burst, 62);
	vif_rate_to_bw(&(vif_rate){ 1001, 50000 }, &bw);      /* rounded up, burst at least 2 KiB */
	assert_int_equal(bw.average, 2);
	assert_int_equal(bw.burst, 2);
	assert_int_equal(bw.peak, 0);
}

/* mac= and rate= as every mode takes them: none, both, and the messages for bad ones. */
static void test_guest_opts(void **state)
{
	vif_guest_opts o;
	vn_err err = {0};

	(void)state;
	assert_int_equal(vif_guest_opts_parse(NULL, "", &o, &err), 0);
	assert_false(o.has_mac);
	assert_false(o.has_rate);
	assert_int_equal(vif_guest_opts_parse("00:16:3e:00:03:00", "62500,50000", &o, &err), 0);
	assert_true(o.has_mac);
	assert_int_equal(o.mac.b[5], 0);
	assert_int_equal(o.mac.b[3], 0);
	assert_int_equal(o.mac.b[2], 0x3e);
	assert_true(o.has_rate);
	assert_int_equal(o.rate.bytes_per_sec, 1250000);
	assert_int_equal(o.rate.interval_us, 50000);
	assert_int_equal(vif_guest_opts_parse("00:16:3e:00:03", NULL, &o, &err), -EINVAL);
	assert_string_equal(err.msg, "mac='00:16:3e:00:03' is not a MAC address");
	assert_int_equal(vif_guest_opts_parse("", "fast", &o, &err), -EINVAL);
	assert_string_equal(err.msg, "rate='fast' is not a rate like 10Mb/s, 250KB/s or 1MB/s@20ms");
}

static void test_ip_lists(void **state)
{
	vif_ip ips[VIF_IP_MAX];
	char s[VN_ADDR_STRLEN];
	size_t n = 99;
	vn_err err = {0};

	(void)state;
	assert_int_equal(vif_ip_list_parse("10.0.0.5 10.1.0.0/16,192.0.2.7/32", ips, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(addr_format(&ips[0].addr, s), "10.0.0.5");
	assert_int_equal(ips[0].prefix, -1);
	assert_string_equal(addr_format(&ips[1].addr, s), "10.1.0.0");
	assert_int_equal(ips[1].prefix, 16);
	assert_int_equal(ips[2].prefix, 32);
	assert_int_equal(vif_ip_list_parse(NULL, ips, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(vif_ip_list_parse("  , ", ips, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(vif_ip_list_parse("10.0.0.5 fe80::1", ips, &n, &err), -EINVAL);
	assert_string_equal(err.msg, "ip='fe80::1' is not an IPv4 address (write a.b.c.d or a.b.c.d/prefix)");
	assert_int_equal(vif_ip_list_parse("10.0.0.5/33", ips, &n, &err), -EINVAL);
	assert_string_equal(err.msg, "ip='10.0.0.5/33' has an invalid prefix length (0 to 32)");
}

static void nat_is(const vif_nat_addr *a, const char *guest, const char *gw, int prefix)
{
	char g[VN_ADDR_STRLEN], w[VN_ADDR_STRLEN];

	assert_string_equal(addr_format(&a->guest, g), guest);
	assert_string_equal(addr_format(&a->gateway, w), gw);
	assert_int_equal(a->prefix, prefix);
}

static void test_nat_addresses(void **state)
{
	vif_nat_addr a;
	vn_err err = {0};
	vif_ip ip = { .prefix = -1 };

	(void)state;
	assert_int_equal(vif_nat_default(3, 0, &a, &err), 0);
	nat_is(&a, "10.0.3.1", "10.0.3.128", 16);
	assert_int_equal(vif_nat_default(258, 1, &a, &err), 0);   /* 258 = 1 * 256 + 2 */
	nat_is(&a, "10.1.2.2", "10.1.2.129", 16);
	assert_int_equal(vif_nat_default(65535, 126, &a, &err), 0);
	nat_is(&a, "10.255.255.127", "10.255.255.254", 16);
	assert_int_equal(vif_nat_default(3, 127, &a, &err), -EINVAL);
	assert_string_equal(err.msg, "no default vif-nat address for domain 3 device 127 (device numbers 0 to 126 have one); set ip=");

	addr_parse("192.168.5.10", AF_INET, &ip.addr);
	assert_int_equal(vif_nat_from_ip(&ip, &a, &err), 0);
	nat_is(&a, "192.168.5.10", "192.168.5.137", 24);
	ip.prefix = 16;
	addr_parse("10.0.3.1", AF_INET, &ip.addr);
	assert_int_equal(vif_nat_from_ip(&ip, &a, &err), 0);
	nat_is(&a, "10.0.3.1", "10.0.3.128", 16);
	addr_parse("10.0.3.128", AF_INET, &ip.addr);
	assert_int_equal(vif_nat_from_ip(&ip, &a, &err), -EINVAL);
	assert_string_equal(err.msg, "ip=10.0.3.128/16 cannot be a vif-nat guest: its gateway is the guest's last octet + 127, "
				     "so use a host address with a last octet from 1 to 127 and a prefix of 24 or less");
	ip.prefix = 25;
	addr_parse("10.0.3.1", AF_INET, &ip.addr);
	assert_int_equal(vif_nat_from_ip(&ip, &a, &err), -EINVAL);
}

static void test_modes(void **state)
{
	(void)state;
	assert_int_equal(vif_mode_from_progname("/usr/libexec/vif-virtnet"), VIF_MODE_BRIDGE);
	assert_int_equal(vif_mode_from_progname("vif-virtnet-nat"), VIF_MODE_NAT);
	assert_int_equal(vif_mode_from_progname("/etc/xen/scripts/vif-virtnet-route"), VIF_MODE_ROUTE);
	assert_int_equal(vif_mode_from_progname("vif-virtnet-bridge"), -1);
	assert_int_equal(vif_mode_from_progname("vif-bridge"), -1);
	assert_int_equal(vif_mode_from_progname(NULL), -1);
	for (int m = 0; m < VIF_MODE__COUNT; m++)
		assert_int_equal(vif_mode_from_string(vif_mode_to_string((vif_mode)m)), m);
	assert_null(vif_mode_to_string(VIF_MODE__COUNT));
}

/* ---- the request: a fake environment ---- */
static const char *const *fake_env;

static const char *env_get(const char *name)
{
	for (size_t i = 0; fake_env && fake_env[i]; i += 2)
		if (strcmp(fake_env[i], name) == 0)
			return fake_env[i + 1];
	return NULL;
}

static int parse(const char *const *envv, vif_req *q, vn_err *err, int argc, ...)
{
	char *argv[8];
	va_list ap;

	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	fake_env = envv;
	return vif_req_parse(argc, argv, env_get, q, err);
}

static void test_request_libxl_vif(void **state)
{
	const char *envv[] = { "vif", "vif3.0", "XENBUS_PATH", "backend/vif/3/0", "XENBUS_TYPE", "vif", "XENBUS_BASE_PATH", "backend",
			       "netdev", "", "bridge", "xenbr0", "ip", "10.0.0.9", NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(parse(envv, &q, &err, 3, "/etc/xen/scripts/vif-virtnet-nat", "online", "type_if=vif"), 0);
	assert_int_equal(q.cmd, VIF_CMD_ONLINE);
	assert_true(q.up);
	assert_false(q.tap);
	assert_false(q.skip);
	assert_int_equal(q.mode, VIF_MODE_NAT);
	assert_string_equal(q.dev, "vif3.0");
	assert_int_equal(q.domid, 3);
	assert_int_equal(q.devid, 0);
	assert_string_equal(q.xenbus_path, "backend/vif/3/0");
	assert_string_equal(q.bridge, "xenbr0");
	assert_string_equal(q.ip, "10.0.0.9");
	assert_null(q.mac);
	assert_null(q.netdev);   /* libxl's empty netdev: unset */
	vif_req_free(&q);
}

static void test_request_tap_and_overrides(void **state)
{
	const char *envv[] = { "vif", "vif7.1", "INTERFACE", "vif7.1-emu", "ip", "10.0.0.1", "VIRTNET_VIF_MODE", "route", NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(parse(envv, &q, &err, 4, "vif-virtnet", "add", "type_if=tap", "ip=10.9.9.9"), 0);
	assert_true(q.tap);
	assert_true(q.up);
	assert_int_equal(q.mode, VIF_MODE_ROUTE);     /* VIRTNET_VIF_MODE over the name */
	assert_string_equal(q.dev, "vif7.1-emu");
	assert_string_equal(q.xenbus_path, "backend/vif/7/1");   /* from the name, like vif-common.sh */
	assert_string_equal(q.ip, "10.9.9.9");        /* an argument over the environment */
	vif_req_free(&q);
}

static void test_request_skip_and_errors(void **state)
{
	const char *envv[] = { "vif", "vif3.0", NULL };
	const char *none[] = { NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(parse(envv, &q, &err, 3, "vif-virtnet", "online", "type_if=tap"), 0);
	assert_true(q.skip);   /* Xen's scripts: online is for vifs */
	assert_int_equal(parse(envv, &q, &err, 2, "vif-virtnet", "remove"), 0);
	assert_true(q.skip);   /* type_if defaults to vif, remove is for taps */
	assert_int_equal(parse(envv, &q, &err, 2, "vif-virtnet", "offline"), 0);
	assert_false(q.skip);
	assert_int_equal(q.domid, 3);
	vif_req_free(&q);
	assert_int_equal(parse(envv, &q, &err, 2, "vif-virtnet", "start"), -EINVAL);
	assert_string_equal(err.msg, "invalid command 'start': use online, offline, add or remove");
	assert_int_equal(parse(envv, &q, &err, 1, "vif-virtnet"), -EINVAL);
	assert_int_equal(parse(envv, &q, &err, 3, "vif-virtnet", "online", "type_if=vbd"), -EINVAL);
	assert_string_equal(err.msg, "unknown interface type type_if=vbd: use vif or tap");
	assert_int_equal(parse(envv, &q, &err, 3, "vif-virtnet", "online", "extra"), -EINVAL);
	assert_string_equal(err.msg, "unexpected argument 'extra' after the command 'online'");
	assert_int_equal(parse(none, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "$vif is not set: the toolstack names the vif device there");
	const char *badpath[] = { "vif", "vif3.0", "XENBUS_PATH", "backend/vbd/3/0", NULL };
	assert_int_equal(parse(badpath, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "XENBUS_PATH 'backend/vbd/3/0' is not a vif backend path: use backend/vif/<domid>/<devid> or "
				     "/local/domain/<backend domid>/backend/vif/<domid>/<devid>");
	const char *badmode[] = { "vif", "vif3.0", "VIRTNET_VIF_MODE", "nat2", NULL };
	assert_int_equal(parse(badmode, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "VIRTNET_VIF_MODE=nat2: use bridge, nat or route");
	const char *custom[] = { "vif", "guest-web", NULL };   /* a vifname= of the user's: no numbers */
	assert_int_equal(parse(custom, &q, &err, 2, "vif-virtnet", "online"), 0);
	assert_int_equal(q.domid, -1);
	assert_string_equal(q.xenbus_path, "");
	vif_req_free(&q);
}

#define IFNAME_RULE "1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"
#define INJECTION "x\";add table ip pwnedvif;#"   /* the audit's value (finding 4) */

/* vif and INTERFACE are interface names, at the limit and one past it. */
static void test_request_names(void **state)
{
	const char *ok15[] = { "vif", "abcdefghijklmno", NULL };
	const char *bad16[] = { "vif", "abcdefghijklmnop", NULL };
	const char *tap16[] = { "vif", "vif3.0", "INTERFACE", "vif3.0-emuxxxxxx", NULL };
	const char *dots[] = { "vif", "..", NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(parse(ok15, &q, &err, 2, "vif-virtnet", "online"), 0);
	assert_string_equal(q.dev, "abcdefghijklmno");
	vif_req_free(&q);
	assert_int_equal(parse(bad16, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "vif (environment) 'abcdefghijklmnop' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(parse(tap16, &q, &err, 3, "vif-virtnet", "add", "type_if=tap"), -EINVAL);
	assert_string_equal(err.msg, "INTERFACE (environment) 'vif3.0-emuxxxxxx' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(parse(ok15, &q, &err, 3, "vif-virtnet", "online", "vif=a/b"), -EINVAL);
	assert_string_equal(err.msg, "vif (argument) 'a/b' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(parse(dots, &q, &err, 2, "vif-virtnet", "offline"), -EINVAL);
	assert_int_equal(parse(ok15, &q, &err, 3, "vif-virtnet", "online", "bridge=abcdefghijklmno"), 0);
	assert_string_equal(q.bridge, "abcdefghijklmno");
	vif_req_free(&q);
	assert_int_equal(parse(ok15, &q, &err, 3, "vif-virtnet", "online", "bridge=abcdefghijklmnop"), -EINVAL);
	assert_string_equal(err.msg, "bridge (argument) 'abcdefghijklmnop' is not an interface name: use " IFNAME_RULE);
}

/* netdev and bridge end up in nft text: refused from the environment and from arguments. */
static void test_request_injection(void **state)
{
	const char *env_netdev[] = { "vif", "vif7.0", "VIRTNET_VIF_MODE", "nat", "netdev", INJECTION, NULL };
	const char *env_bridge[] = { "vif", "vif7.0", "bridge", "br0 ", NULL };
	const char *plain[] = { "vif", "vif7.0", "netdev", "eth0", NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(parse(env_netdev, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "netdev (environment) '" INJECTION "' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(parse(plain, &q, &err, 3, "vif-virtnet-nat", "online", "netdev=" INJECTION), -EINVAL);
	assert_string_equal(err.msg, "netdev (argument) '" INJECTION "' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(parse(env_bridge, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "bridge (environment) 'br0 ' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(parse(plain, &q, &err, 3, "vif-virtnet", "online", "netdev="), 0);
	assert_string_equal(q.netdev, "");   /* an empty argument: none, as before */
	vif_req_free(&q);
	assert_int_equal(parse(plain, &q, &err, 3, "vif-virtnet", "online", "ip=10.0.0.1"), 0);
	assert_string_equal(q.netdev, "eth0");
	vif_req_free(&q);
}

static void test_request_xenbus_path(void **state)
{
	const char *libxl[] = { "vif", "vif3.0", "XENBUS_PATH", "/local/domain/0/backend/vif/3/0", NULL };
	const char *guest[] = { "vif", "vif3.0", "XENBUS_PATH", "/local/domain/3/backend/vif/3/0/x", NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(parse(libxl, &q, &err, 2, "vif-virtnet", "online"), 0);
	assert_string_equal(q.xenbus_path, "/local/domain/0/backend/vif/3/0");
	assert_int_equal(q.domid, 3);
	vif_req_free(&q);
	assert_int_equal(parse(guest, &q, &err, 2, "vif-virtnet", "online"), -EINVAL);
	assert_string_equal(err.msg, "XENBUS_PATH '/local/domain/3/backend/vif/3/0/x' is not a vif backend path: use "
				     "backend/vif/<domid>/<devid> or /local/domain/<backend domid>/backend/vif/<domid>/<devid>");
	assert_int_equal(parse(libxl, &q, &err, 3, "vif-virtnet", "online", "XENBUS_PATH=backend/vif/3/0/"), -EINVAL);
}

/* ---- xenstore: a fake over pairs { key, value } below the vif's backend path ---- */
static const char *const *fake_store;
static bool fake_list_works = true;

static int fake_read(const char *path, char **out, vn_err *err)
{
	const char *key = strrchr(path, '/') + 1;

	for (size_t i = 0; fake_store[i]; i += 2)
		if (strcmp(fake_store[i], key) == 0)
			return (*out = strdup(fake_store[i + 1])) ? 0 : -ENOMEM;
	return vn_err_set(err, EIO, "xenstore-read %s: exited with status 1", path);
}

static int fake_list(const char *path, char **out, vn_err *err)
{
	char buf[512] = "";

	if (!fake_list_works)
		return vn_err_set(err, EIO, "xenstore-list %s: exited with status 1", path);
	for (size_t i = 0; fake_store[i]; i += 2)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s\n", fake_store[i]);
	return (*out = strdup(buf)) ? 0 : -ENOMEM;
}

static int store(const char *const *pairs, vif_req *q, vn_err *err)
{
	const char *envv[] = { "vif", "vif3.0", "XENBUS_PATH", "backend/vif/3/0", "bridge", "envbr", "netdev", "eth0", NULL };
	vif_xs_ops ops = { .read = fake_read, .list = fake_list };
	int rc;

	assert_int_equal(parse(envv, q, err, 2, "vif-virtnet", "online"), 0);
	fake_store = pairs;
	if ((rc = vif_req_apply_store(q, &ops, err)) < 0)
		vif_req_free(q);
	return rc;
}

static void test_store(void **state)
{
	const char *pairs[] = { "bridge", "xenbr0", "mac", "00:16:3e:00:00:03", "frontend-id", "3", NULL };
	const char *none[] = { NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(store(pairs, &q, &err), 0);
	assert_string_equal(q.bridge, "xenbr0");   /* xenstore over the environment */
	assert_string_equal(q.mac, "00:16:3e:00:00:03");
	assert_null(q.ip);                         /* not listed: left alone */
	vif_req_free(&q);
	assert_int_equal(store(none, &q, &err), 0);
	assert_string_equal(q.bridge, "envbr");
	vif_req_free(&q);
	fake_list_works = false;
	assert_int_equal(store(none, &q, &err), -EIO);
	assert_string_equal(err.msg, "xenstore-list backend/vif/3/0: exited with status 1");
	fake_list_works = true;
}

/* The same value from xenstore: refused, naming the key; netdev is never read from there. */
static void test_store_injection(void **state)
{
	const char *bridge[] = { "bridge", INJECTION, NULL };
	const char *bridge16[] = { "bridge", "abcdefghijklmnop", NULL };
	const char *netdev[] = { "netdev", INJECTION, NULL };
	vif_req q;
	vn_err err = {0};

	(void)state;
	assert_int_equal(store(bridge, &q, &err), -EINVAL);
	assert_string_equal(err.msg, "bridge (xenstore backend/vif/3/0/bridge) '" INJECTION "' is not an interface name: use " IFNAME_RULE);
	assert_int_equal(store(bridge16, &q, &err), -EINVAL);
	assert_int_equal(store(netdev, &q, &err), 0);
	assert_string_equal(q.netdev, "eth0");
	vif_req_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_xenbus_paths),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_rate_to_bandwidth),
		cmocka_unit_test(test_guest_opts),
		cmocka_unit_test(test_ip_lists),
		cmocka_unit_test(test_nat_addresses),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_request_libxl_vif),
		cmocka_unit_test(test_request_tap_and_overrides),
		cmocka_unit_test(test_request_skip_and_errors),
		cmocka_unit_test(test_request_names),
		cmocka_unit_test(test_request_injection),
		cmocka_unit_test(test_request_xenbus_path),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_store_injection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
