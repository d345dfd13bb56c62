/* test-vtype.c - typed values at each rule's edges: exactly at and one past every limit */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "types/vtype.h"

static char *rep(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* n bytes of labels "aaa...a" of len each, joined by dots (the last label shorter) */
static char *labels(char *buf, size_t n, size_t len)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (i % (len + 1) == len) ? '.' : 'a';
	if (n && buf[n - 1] == '.')
		buf[n - 1] = 'a';
	buf[n] = '\0';
	return buf;
}

static void ifnames(void **state)
{
	char b[64];
	(void)state;

	assert_true(vt_ok(VT_IFNAME, rep(b, 'a', 15)));
	assert_false(vt_ok(VT_IFNAME, rep(b, 'a', 16)));
	assert_false(vt_ok(VT_IFNAME, ""));
	assert_false(vt_ok(VT_IFNAME, "."));
	assert_false(vt_ok(VT_IFNAME, ".."));
	assert_true(vt_ok(VT_IFNAME, "..."));
	assert_true(vt_ok(VT_IFNAME, "eth0.100"));
	assert_true(vt_ok(VT_IFNAME, "vif7.0-emu"));
	assert_true(vt_ok(VT_IFNAME, "br_lan@x+1"));
	const char *bad[] = { "x\"", "x;y", "x#", "x y", "x\ty", "x\n", "x/y", "x:y", "x,y", "x*", "x%d", "x{", "x}",
			      "x\\", "x'", "x$", "x`", "x=y", "\xc3\xa9" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(vt_ok(VT_IFNAME, bad[i]));
}

static void ifname_templates(void **state)
{
	(void)state;
	assert_true(vt_ok(VT_IFNAME_TEMPLATE, "virbr%d"));
	assert_true(vt_ok(VT_IFNAME_TEMPLATE, "virbr0"));
	assert_true(vt_ok(VT_IFNAME_TEMPLATE, "%d"));
	assert_true(vt_ok(VT_IFNAME_TEMPLATE, "abcdefghijklmn%d"));   /* 15 bytes once a digit is in */
	assert_false(vt_ok(VT_IFNAME_TEMPLATE, "abcdefghijklmno%d"));
	assert_false(vt_ok(VT_IFNAME_TEMPLATE, "vir%d%d"));
	assert_false(vt_ok(VT_IFNAME_TEMPLATE, "vir%s"));
	assert_false(vt_ok(VT_IFNAME_TEMPLATE, "vir%n"));
	assert_false(vt_ok(VT_IFNAME_TEMPLATE, "vir%"));
	assert_false(vt_ok(VT_IFNAME_TEMPLATE, "v\"%d"));
	assert_false(vt_ok(VT_IFNAME, "virbr%d"));
}

static void dns_names(void **state)
{
	char b[400];
	(void)state;

	assert_true(vt_ok(VT_DNS_NAME, rep(b, 'a', 63)));
	assert_false(vt_ok(VT_DNS_NAME, rep(b, 'a', 64)));
	assert_true(vt_ok(VT_DNS_NAME, labels(b, 253, 63)));
	assert_false(vt_ok(VT_DNS_NAME, labels(b, 254, 63)));
	strcpy(b + 253, ".");
	labels(b, 253, 63);
	strcat(b, ".");
	assert_true(vt_ok(VT_DNS_NAME, b));              /* 253 and the root's dot */
	assert_true(vt_ok(VT_DNS_NAME, "_acme-challenge.example.com"));
	assert_true(vt_ok(VT_DNS_NAME, "example.com."));
	assert_false(vt_ok(VT_DNS_NAME, "example..com"));
	assert_false(vt_ok(VT_DNS_NAME, ".example.com"));
	assert_false(vt_ok(VT_DNS_NAME, "example.com.."));
	assert_false(vt_ok(VT_DNS_NAME, "."));
	assert_false(vt_ok(VT_DNS_NAME, ""));
	assert_false(vt_ok(VT_DNS_NAME, "a b"));
	assert_false(vt_ok(VT_DNS_NAME, "a,b"));
	assert_false(vt_ok(VT_DNS_NAME, "a/b"));
	assert_false(vt_ok(VT_DNS_NAME, "a#b"));
	assert_false(vt_ok(VT_DNS_NAME, "*.example.com"));
}

static void host_names(void **state)
{
	char b[400];
	(void)state;

	assert_true(vt_ok(VT_HOST_NAME, "vm1"));
	assert_true(vt_ok(VT_HOST_NAME, "1vm"));
	assert_true(vt_ok(VT_HOST_NAME, "my_vm-2.lab.example"));
	assert_false(vt_ok(VT_HOST_NAME, "_vm"));
	assert_false(vt_ok(VT_HOST_NAME, "-vm"));
	assert_false(vt_ok(VT_HOST_NAME, "vm."));
	assert_false(vt_ok(VT_HOST_NAME, "x,*:*:*:*:*:*,infinite"));
	assert_false(vt_ok(VT_HOST_NAME, "a b"));
	assert_false(vt_ok(VT_HOST_NAME, "a#b"));
	assert_true(vt_ok(VT_HOST_NAME, labels(b, 253, 63)));
	assert_false(vt_ok(VT_HOST_NAME, labels(b, 254, 63)));
	assert_true(vt_ok(VT_HOST_NAME, rep(b, 'h', 63)));
	assert_false(vt_ok(VT_HOST_NAME, rep(b, 'h', 64)));
}

static void txt_strings(void **state)
{
	char b[400];
	(void)state;

	assert_true(vt_ok(VT_TXT, rep(b, 'A', 255)));
	assert_false(vt_ok(VT_TXT, rep(b, 'A', 256)));
	assert_true(vt_ok(VT_TXT, ""));
	assert_true(vt_ok(VT_TXT, "v=spf1 include:_spf.example.com ~all"));
	assert_true(vt_ok(VT_TXT, "color#red"));
	assert_false(vt_ok(VT_TXT, "a #comment"));
	assert_false(vt_ok(VT_TXT, "a,b"));
	assert_false(vt_ok(VT_TXT, "a\"b"));
	assert_false(vt_ok(VT_TXT, "a\\b"));
	assert_false(vt_ok(VT_TXT, "a\nb"));
	assert_false(vt_ok(VT_TXT, " a"));
	assert_false(vt_ok(VT_TXT, "a "));
}

static void paths(void **state)
{
	char b[1100];
	(void)state;

	b[0] = '/';
	rep(b + 1, 'p', 999);
	assert_true(vt_ok(VT_ABS_PATH, b));
	rep(b + 1, 'p', 1000);
	assert_false(vt_ok(VT_ABS_PATH, b));
	assert_true(vt_ok(VT_ABS_PATH, "/var/lib/tftp boot#1"));
	assert_false(vt_ok(VT_ABS_PATH, "var/lib/tftp"));
	assert_false(vt_ok(VT_ABS_PATH, "/srv/tftp,eth0"));
	assert_false(vt_ok(VT_ABS_PATH, "/srv/tftp #x"));
	assert_false(vt_ok(VT_ABS_PATH, "/srv/tftp "));
	assert_true(vt_ok(VT_BOOT_FILE, "pxelinux.0"));
	assert_true(vt_ok(VT_BOOT_FILE, "http://192.168.122.1/boot.ipxe#x"));
	assert_true(vt_ok(VT_BOOT_FILE, rep(b, 'f', 255)));
	assert_false(vt_ok(VT_BOOT_FILE, rep(b, 'f', 256)));
	assert_false(vt_ok(VT_BOOT_FILE, ""));
	assert_false(vt_ok(VT_BOOT_FILE, "a b"));
	assert_false(vt_ok(VT_BOOT_FILE, "a,,1.2.3.4"));
	assert_true(vt_ok(VT_FILE_NAME, rep(b, 'n', 255)));
	assert_false(vt_ok(VT_FILE_NAME, rep(b, 'n', 256)));
	assert_false(vt_ok(VT_FILE_NAME, ".."));
	assert_false(vt_ok(VT_FILE_NAME, "a/b"));
}

static void duids_sysctls_tables(void **state)
{
	char b[600];
	(void)state;

	assert_true(vt_ok(VT_DUID, "00:01:00:01:2a:3b:4c:5d:52:54:00:12:34:56"));
	assert_true(vt_ok(VT_DUID, rep(b, 'f', 389)));
	assert_false(vt_ok(VT_DUID, rep(b, 'f', 390)));
	assert_false(vt_ok(VT_DUID, "0g"));
	assert_true(vt_ok(VT_SYSCTL, "net/ipv4/ip_forward"));
	assert_true(vt_ok(VT_SYSCTL, "net/ipv6/conf/vif1.0-emu/disable_ipv6"));
	assert_false(vt_ok(VT_SYSCTL, "net/../../etc/passwd"));
	assert_false(vt_ok(VT_SYSCTL, "net/./x"));
	assert_false(vt_ok(VT_SYSCTL, "/net/ipv4/ip_forward"));
	assert_false(vt_ok(VT_SYSCTL, "net//x"));
	assert_false(vt_ok(VT_SYSCTL, "net/x/"));
	assert_false(vt_ok(VT_SYSCTL, ".."));
	assert_true(vt_ok(VT_NFT_NAME, "virtnet"));
	assert_true(vt_ok(VT_NFT_NAME, rep(b, 't', 48)));
	assert_false(vt_ok(VT_NFT_NAME, rep(b, 't', 49)));
	assert_false(vt_ok(VT_NFT_NAME, "1t"));
	assert_false(vt_ok(VT_NFT_NAME, "t-x"));
	assert_true(vt_ok(VT_DNSMASQ_OPTION, rep(b, 'o', 1000 > 599 ? 599 : 1000)));
	assert_false(vt_ok(VT_DNSMASQ_OPTION, "a\nb"));
	assert_false(vt_ok(VT_DNSMASQ_OPTION, ""));
}

static void messages(void **state)
{
	vn_err err = {0};
	char b[300];
	(void)state;

	assert_int_equal(vt_check(VT_IFNAME, NULL, &err, "x"), 0);
	assert_int_equal(vt_check(VT_IFNAME, "eth0", &err, "x"), 0);
	assert_int_equal(vt_check(VT_IFNAME, "x\";insert rule inet hostfw input accept;#", &err,
				  "network '%s': <forward dev>", "n"), -EINVAL);
	assert_string_equal(err.msg, "network 'n': <forward dev> 'x\";insert rule inet hostfw input accept;... (41 bytes)' is not an interface name: "
			    "use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'");
	assert_int_equal(vt_check(VT_HOST_NAME, "a\nb", &err, "<host name>"), -EINVAL);
	assert_non_null(strstr(err.msg, "'a\\x0ab'"));
	rep(b, 'A', 299);
	assert_int_equal(vt_check(VT_TXT, b, &err, "<txt value>"), -EINVAL);
	assert_non_null(strstr(err.msg, "... (299 bytes)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ifnames),
		cmocka_unit_test(ifname_templates),
		cmocka_unit_test(dns_names),
		cmocka_unit_test(host_names),
		cmocka_unit_test(txt_strings),
		cmocka_unit_test(paths),
		cmocka_unit_test(duids_sysctls_tables),
		cmocka_unit_test(messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
