/* test-frr-conf.c - an overlay network's BGP EVPN stanza for FRR (src/overlay/frr_conf.c):
 * golden stanzas and removals (tests/data/frr), what the renderer refuses and why, the
 * stanza read back from its file, and the vty protocol's frame end */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "golden.h"
#include "overlay/frr_conf.h"
#include "overlay/frr_vty.h"
#include "util/cleanup.h"

#define DATA TEST_DATA_DIR "/frr/"

static void addr(vn_addr *a, const char *s)
{
	assert_int_equal(addr_parse(s, 0, a), 0);
}

/* lab on host 1 of three: VNI 4242, AS 65000 */
static vn_evpn_params lab(void)
{
	vn_evpn_params p = { .network = "lab", .vni = 4242, .bridge = "vnlab",
			     .vxlan = "vx4242", .asn = 65000, .nneighbors = 2 };

	addr(&p.local, "203.0.113.1");
	addr(&p.neighbors[0], "203.0.113.2");
	addr(&p.neighbors[1], "203.0.113.3");
	return p;
}

static void render_golden(const vn_evpn_params *p, const char *file)
{
	vn_buf b = {0};
	vn_err err = {0};

	if (frr_conf_render(p, &b, &err) < 0)
		fail_msg("%s", err.msg);
	golden_check(file, b.s);
	buf_free(&b);
}

static void stanzas(void **state)
{
	vn_evpn_params p = lab();
	(void)state;

	render_golden(&p, DATA "lab.conf");
	/* an IPv6 underlay: the router id given, neighbours IPv6 (route reflectors) */
	p = lab();
	snprintf(p.network, sizeof(p.network), "lab six");
	p.vni = 65535;
	p.asn = 4294967294u;
	addr(&p.local, "2001:db8::1");
	addr(&p.router_id, "192.0.2.1");
	addr(&p.neighbors[0], "2001:db8::2");
	addr(&p.neighbors[1], "2001:db8:ffff::99");
	render_golden(&p, DATA "ipv6.conf");
}

static void removals(void **state)
{
	vn_evpn_params p = lab(), others[2] = { lab(), lab() };
	vn_buf b = {0};
	vn_err err = {0};
	(void)state;

	assert_int_equal(frr_conf_render_unload(&p, NULL, 0, &b, &err), 0);
	golden_check(DATA "lab-unload-last.conf", b.s);
	buf_free(&b);
	/* others keep 203.0.113.3 (and another neighbour): only .2 goes with lab's VNI */
	snprintf(others[0].network, sizeof(others[0].network), "lab2");
	others[0].vni = 4343;
	others[0].nneighbors = 1;
	addr(&others[0].neighbors[0], "203.0.113.3");
	snprintf(others[1].network, sizeof(others[1].network), "lab3");
	others[1].vni = 4444;
	others[1].nneighbors = 1;
	addr(&others[1].neighbors[0], "203.0.113.9");
	assert_int_equal(frr_conf_render_unload(&p, others, 2, &b, &err), 0);
	golden_check(DATA "lab-unload-shared.conf", b.s);
	buf_free(&b);
}

/* p refused, with this message, and nothing rendered */
static void refused(const vn_evpn_params *p, const char *msg)
{
	vn_buf b = {0};
	vn_err err = {0};

	assert_int_equal(frr_conf_render(p, &b, &err), -EINVAL);
	assert_string_equal(err.msg, msg);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void refusals_numbers(void **state)
{
	vn_evpn_params p = lab();
	(void)state;

	p.vni = 1;
	render_golden(&p, DATA "vni-1.conf");
	p.vni = 0;
	refused(&p, "network 'lab': VNI 0 is out of range: use 1-16777215");
	p.vni = VN_EVPN_VNI_MAX + 1;
	refused(&p, "network 'lab': VNI 16777216 is out of range: use 1-16777215");
	p.vni = VN_EVPN_VNI_MAX;   /* with a 2-byte AS */
	render_golden(&p, DATA "vni-max.conf");
	p.asn = 65536;
	refused(&p, "network 'lab': with a 4-byte AS number (65536) the route target has 16 bits "
		    "for the VNI, and VNI 16777215 does not fit: use an AS number up to 65535 or a "
		    "VNI up to 65535");
	p = lab();
	p.asn = 0;
	refused(&p, "network 'lab': AS number 0 is reserved: use a private one, 64512-65534 or "
		    "4200000000-4294967294");
	const uint32_t reserved[] = { 23456, 65535, UINT32_MAX };
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		char msg[200];
		p.asn = reserved[i];
		snprintf(msg, sizeof(msg), "network 'lab': AS number %u is reserved: use a private "
			 "one, 64512-65534 or 4200000000-4294967294", (unsigned)reserved[i]);
		refused(&p, msg);
	}
}

static void refusals_addresses(void **state)
{
	vn_evpn_params p = lab();
	(void)state;

	addr(&p.neighbors[1], "203.0.113.1");
	refused(&p, "network 'lab': BGP neighbour 203.0.113.1 is this host's own underlay "
		    "address: leave it out");
	addr(&p.neighbors[1], "203.0.113.2");
	refused(&p, "network 'lab': BGP neighbour 203.0.113.2 is given twice");
	p.nneighbors = 0;
	refused(&p, "network 'lab': EVPN needs 1-64 BGP neighbours, not 0");
	p = lab();
	p.neighbors[1] = (vn_addr){0};
	refused(&p, "network 'lab': BGP neighbour 2 has no address");
	p = lab();
	addr(&p.local, "2001:db8::1");
	refused(&p, "network 'lab': BGP needs an IPv4 router id and the underlay address is "
		    "IPv6: give one");
	addr(&p.router_id, "2001:db8::1");
	refused(&p, "network 'lab': BGP needs an IPv4 router id and the underlay address is "
		    "IPv6: give one");
	p.local = (vn_addr){0};
	refused(&p, "network 'lab': the overlay needs this host's underlay address");
}

#define IFNAME_RULE "use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"

static void refusals_names(void **state)
{
	static const struct {
		size_t field, len;   /* where in vn_evpn_params, and its size */
		const char *value, *msg;
	} cases[] = {
		{ offsetof(vn_evpn_params, vxlan), 16, "vx 1",
		  "network 'lab': the overlay's VXLAN device 'vx 1' is not an interface name: " IFNAME_RULE },
		{ offsetof(vn_evpn_params, bridge), 16, "br\nexit",
		  "network 'lab': the overlay's bridge 'br\\x0aexit' is not an interface name: " IFNAME_RULE },
		{ offsetof(vn_evpn_params, bridge), 16, "",
		  "network 'lab': the overlay's bridge '' is not an interface name: " IFNAME_RULE },
		{ offsetof(vn_evpn_params, network), 256, "a/b",
		  "the overlay's network name 'a/b' is not a file name: use 1-255 bytes, no '/' or "
		  "control character, not '.' or '..'" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vn_evpn_params p = lab();
		snprintf((char *)&p + cases[i].field, cases[i].len, "%s", cases[i].value);
		refused(&p, cases[i].msg);
	}
}

static void compatibility(void **state)
{
	vn_evpn_params p = lab(), o = lab();
	vn_err err = {0};
	(void)state;

	snprintf(o.network, sizeof(o.network), "lab2");
	o.vni = 4343;
	snprintf(o.bridge, sizeof(o.bridge), "vnlab2");
	assert_int_equal(frr_conf_compatible(&p, &o, 1, &err), 0);
	o.asn = 65001;
	assert_int_equal(frr_conf_compatible(&p, &o, 1, &err), -EINVAL);
	assert_string_equal(err.msg, "network 'lab': AS 65000 differs from AS 65001 of network "
				     "'lab2', which runs BGP EVPN on this host: one host speaks one "
				     "AS, give both the same");
	o.asn = 65000;
	addr(&o.local, "203.0.113.7");
	assert_int_equal(frr_conf_compatible(&p, &o, 1, &err), -EINVAL);
	assert_string_equal(err.msg, "network 'lab': BGP router id 203.0.113.1 differs from "
				     "203.0.113.7 of network 'lab2' on this host: give both the same "
				     "underlay address (or router id)");
	addr(&o.router_id, "203.0.113.1");   /* the same router id given: fine */
	assert_int_equal(frr_conf_compatible(&p, &o, 1, &err), 0);
	o.vni = 4242;
	assert_int_equal(frr_conf_compatible(&p, &o, 1, &err), -EINVAL);
	assert_string_equal(err.msg, "network 'lab': VNI 4242 or bridge vnlab is network "
				     "'lab2''s on this host: give each overlay its own");
}

static void read_back(const char *file, const char *network)
{
	_cleanup_free_ char *text = golden_read(file);
	vn_evpn_params p = {0};
	vn_buf b = {0};
	vn_err err = {0};

	if (frr_conf_read(text, file, &p, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(p.network, network);
	assert_int_equal(frr_conf_render(&p, &b, &err), 0);
	assert_string_equal(b.s, text);
	buf_free(&b);
}

/* text with from replaced by to is not read back */
static void not_read(const char *text, const char *from, const char *to)
{
	char changed[8192];
	const char *at = strstr(text, from);
	vn_evpn_params p = {0};
	vn_err err = {0};

	assert_non_null(at);
	snprintf(changed, sizeof(changed), "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	assert_int_equal(frr_conf_read(changed, "lab.conf", &p, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "lab.conf is not an overlay stanza virtnet wrote"));
}

static void reading(void **state)
{
	_cleanup_free_ char *text = golden_read(DATA "lab.conf");
	(void)state;

	read_back(DATA "lab.conf", "lab");
	read_back(DATA "ipv6.conf", "lab six");
	not_read(text, "exit-vni\n", "exit-vni\n  advertise-default-gw\n");
	not_read(text, " neighbor 203.0.113.3 activate\n", "");
	not_read(text, "timers 3 9", "timers 1 3");
	not_read(text, "router bgp 65000", "router bgp 65000 vrf x");
	not_read(text, "network lab\n", "network lab/x\n");
	not_read(text, "local 203.0.113.1", "local 203.0.113.2");
	not_read(text, "exit\n", "exit\nline vty\n");
	not_read(text, "! virtnet", "!virtnet");
}

static void vty_frames(void **state)
{
	int status = -1;
	size_t n = 99;
	(void)state;

	assert_false(frr_vty_frame_end("", 0, &status, &n));
	assert_false(frr_vty_frame_end("\0\0\0", 3, &status, &n));
	assert_false(frr_vty_frame_end("abc\0\0x\0", 7, &status, &n));
	assert_true(frr_vty_frame_end("\0\0\0\0", 4, &status, &n));
	assert_int_equal(status, 0);
	assert_int_equal(n, 0);
	assert_true(frr_vty_frame_end("% Unknown\n\0\0\0\x0d", 14, &status, &n));
	assert_int_equal(status, 13);
	assert_int_equal(n, 10);
	assert_true(frr_vty_frame_end("x\0\0\0\xff", 5, &status, &n));
	assert_int_equal(status, 255);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stanzas),
		cmocka_unit_test(removals),
		cmocka_unit_test(refusals_numbers),
		cmocka_unit_test(refusals_addresses),
		cmocka_unit_test(refusals_names),
		cmocka_unit_test(compatibility),
		cmocka_unit_test(reading),
		cmocka_unit_test(vty_frames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
