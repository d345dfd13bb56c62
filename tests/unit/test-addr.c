/* test-addr.c - addresses, prefixes, DHCP range rules, MAC and UUID values */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "util/addr.h"

static void parse_and_format(void **state)
{
	char s[VN_ADDR_STRLEN];
	vn_addr a;
	(void)state;

	assert_int_equal(addr_parse("192.168.122.1", 0, &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_string_equal(addr_format(&a, s), "192.168.122.1");
	assert_int_equal(addr_parse("2001:DB8:0:0::1", 0, &a), 0);
	assert_string_equal(addr_format(&a, s), "2001:db8::1");
	assert_int_equal(addr_parse("10.1", AF_INET, &a), 0);   /* inet_aton form, like getaddrinfo */
	assert_string_equal(addr_format(&a, s), "10.0.0.1");
	assert_int_equal(addr_parse("192.168.1.300", 0, &a), -EINVAL);
	assert_int_equal(addr_parse("", 0, &a), -EINVAL);
	assert_int_equal(addr_parse("fe80::1", AF_INET, &a), -EINVAL);
	assert_int_equal(addr_parse("1.2.3.4x", 0, &a), -EINVAL);
}

static void prefixes(void **state)
{
	vn_addr a, m;
	(void)state;

	addr_parse("10.0.0.1", 0, &a);
	assert_int_equal(addr_prefix_of(&a, NULL, 0), 8);
	addr_parse("172.16.0.1", 0, &a);
	assert_int_equal(addr_prefix_of(&a, NULL, 0), 16);
	addr_parse("192.168.0.1", 0, &a);
	assert_int_equal(addr_prefix_of(&a, NULL, 0), 24);
	assert_int_equal(addr_prefix_of(&a, NULL, 20), 20);
	addr_parse("224.0.0.1", 0, &a);
	assert_int_equal(addr_prefix_of(&a, NULL, 0), -1);
	addr_parse("255.255.254.0", 0, &m);
	assert_int_equal(addr_prefix_of(&a, &m, 0), 23);
	addr_parse("255.0.255.0", 0, &m);
	assert_int_equal(addr_netmask_bits(&m), -1);
	addr_parse("2001:db8::1", 0, &a);
	assert_int_equal(addr_prefix_of(&a, NULL, 0), 64);
}

static void subnets(void **state)
{
	vn_addr a, b, bc;
	char s[VN_ADDR_STRLEN];
	(void)state;

	addr_parse("192.168.122.1", 0, &a);
	addr_parse("192.168.122.200", 0, &b);
	assert_true(addr_in_subnet(&b, &a, 24));
	assert_false(addr_in_subnet(&b, &a, 25));
	assert_true(addr_subnets_overlap(&a, 24, &b, 25));
	addr_parse("192.168.123.1", 0, &b);
	assert_false(addr_subnets_overlap(&a, 24, &b, 24));
	assert_true(addr_subnets_overlap(&a, 16, &b, 24));
	addr_broadcast(&a, 24, &bc);
	assert_string_equal(addr_format(&bc, s), "192.168.122.255");
}

static void ranges(void **state)
{
	vn_addr net, s, e;
	vn_err err = {0};
	(void)state;

	addr_parse("192.168.122.1", 0, &net);
	addr_parse("192.168.122.2", 0, &s);
	addr_parse("192.168.122.254", 0, &e);
	assert_int_equal(addr_range_check(&s, &e, &net, 24, &err), 253);
	assert_true(addr_range_check(&e, &s, &net, 24, &err) < 0);
	assert_string_equal(err.msg, "range 192.168.122.254 - 192.168.122.2 is reversed");
	addr_parse("192.168.122.0", 0, &s);
	assert_true(addr_range_check(&s, &e, &net, 24, &err) < 0);
	assert_string_equal(err.msg, "start of range 192.168.122.0 - 192.168.122.254 in network 192.168.122.1/24 is the network address");
	addr_parse("192.168.122.2", 0, &s);
	addr_parse("192.168.122.255", 0, &e);
	assert_true(addr_range_check(&s, &e, &net, 24, &err) < 0);
	assert_string_equal(err.msg, "end of range 192.168.122.2 - 192.168.122.255 in network 192.168.122.1/24 is the broadcast address");
	addr_parse("192.168.123.5", 0, &e);
	assert_true(addr_range_check(&s, &e, &net, 24, &err) < 0);
	assert_string_equal(err.msg, "range 192.168.122.2 - 192.168.123.5 is not entirely within network 192.168.122.1/24");
	addr_parse("10.0.0.1", 0, &net);
	addr_parse("10.0.0.2", 0, &s);
	addr_parse("10.1.0.2", 0, &e);
	assert_true(addr_range_check(&s, &e, &net, 8, &err) < 0);
	assert_string_equal(err.msg, "range 10.0.0.2 - 10.1.0.2 is too large (> 65535)");
	addr_parse("2001:db8::1", 0, &net);
	addr_parse("2001:db8::10", 0, &s);
	addr_parse("2001:db8::ff", 0, &e);
	assert_int_equal(addr_range_check(&s, &e, &net, 64, &err), 240);
}

static void macs(void **state)
{
	static const uint8_t xen[3] = { 0x00, 0x16, 0x3e };
	char s[VN_MAC_STRLEN];
	vn_mac m, g;
	(void)state;

	assert_int_equal(mac_parse("12:34:56:78:9A:BC", &m), 0);
	assert_string_equal(mac_format(&m, s), "12:34:56:78:9a:bc");
	assert_false(mac_is_multicast(&m));
	assert_int_equal(mac_parse("01:00:5e:00:00:01", &m), 0);
	assert_true(mac_is_multicast(&m));
	assert_int_equal(mac_parse("12:34:56:78:9a", &m), -EINVAL);
	assert_int_equal(mac_parse("12:34:56:78:9a:bc:de", &m), -EINVAL);
	assert_int_equal(mac_parse("zz:34:56:78:9a:bc", &m), -EINVAL);
	assert_int_equal(mac_parse("12-34-56-78-9a-bc", &m), -EINVAL);   /* libvirt: colons only */
	assert_int_equal(mac_parse("12:34:56:78:9a:bc ,*", &m), -EINVAL);   /* ours: nothing after */
	assert_int_equal(mac_parse("12:34:56:78:9a:bc ", &m), -EINVAL);
	assert_int_equal(mac_parse("1:2:3:4:5:6", &m), 0);
	/* libvirt's virMacAddrParse(): a space, control character or byte >= 0x80 ends the MAC */
	assert_int_equal(mac_parse_libvirt("12:34:56:78:9a:bc ,*", &m), 0);
	assert_string_equal(mac_format(&m, s), "12:34:56:78:9a:bc");
	assert_int_equal(mac_parse_libvirt("1:2:3:4:5:6\t", &m), 0);
	assert_string_equal(mac_format(&m, s), "01:02:03:04:05:06");
	assert_int_equal(mac_parse_libvirt("1:2:3:4:5:6\xc3\xa9", &m), 0);
	assert_int_equal(mac_parse_libvirt("12-34-56-78-9a-bc", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("12:34:56:78:9a:bc:", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("12:34:56:78:9a:bcd", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("12:34:56:78:9a:bc,", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("12:34:56:78:9a", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("12:34:56:78::bc", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt(" 12:34:56:78:9a:bc", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("12:+34:56:78:9a:bc", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("0x12:34:56:78:9a:bc", &m), -EINVAL);
	assert_int_equal(mac_parse_libvirt("", &m), -EINVAL);
	assert_int_equal(mac_generate(xen, &g), 0);
	assert_memory_equal(g.b, xen, 3);
}

static void uuids(void **state)
{
	uint8_t u[16], v[16];
	char s[VN_UUID_STRLEN];
	(void)state;

	assert_int_equal(uuid_parse("81ff0d90-c91e-6742-64da-4a736edb9a9b", u), 0);
	assert_string_equal(uuid_format(u, s), "81ff0d90-c91e-6742-64da-4a736edb9a9b");
	assert_int_equal(uuid_parse("81ff0d90c91e674264da4a736edb9a9b", v), 0);
	assert_memory_equal(u, v, 16);
	assert_int_equal(uuid_parse("81ff0d90-c91e-6742-64da-4a736edb9a9", u), -EINVAL);
	assert_int_equal(uuid_parse("default", u), -EINVAL);
	assert_int_equal(uuid_generate(u), 0);
	assert_int_equal(u[6] >> 4, 4);
	assert_int_equal(u[8] & 0xc0, 0x80);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_format), cmocka_unit_test(prefixes), cmocka_unit_test(subnets),
		cmocka_unit_test(ranges), cmocka_unit_test(macs), cmocka_unit_test(uuids),
	};
	return cmocka_run_group_tests_name("addr", tests, NULL, NULL);
}
