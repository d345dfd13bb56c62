/* test-port.c - <networkport>/<portstatus> round trips and errors, port protection rules,
 * port reservations for dnsmasq (all pure) */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "golden.h"

#include "conf/network_xml.h"
#include "conf/port_def.h"
#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"
#include "port/port.h"
#include "util/fileio.h"

#define DIR TEST_DATA_DIR "/port/"

/* Compare with a golden file; on a difference write NAME.actual next to it. */
static void roundtrip(const char *file, bool status)
{
	char *in = golden_read(file), *out;
	vn_port *p = NULL;
	vn_err err = {0};
	int r = status ? port_status_parse(in, strlen(in), file, &p, &err) : port_parse(in, strlen(in), file, &p, &err);

	if (r < 0)
		fail_msg("%s: %s", file, err.msg);
	out = status ? port_status_format(p) : port_format(p);
	golden_check(file, out);
	free(out);
	free(in);
	port_free(p);
}

static void test_networkport_roundtrip(void **state)
{
	(void)state;
	roundtrip(DIR "plug-network-full.xml", false);
	roundtrip(DIR "plug-bridge.xml", false);
	roundtrip(DIR "plug-direct.xml", false);
	roundtrip(DIR "plug-none.xml", false);
}

static void test_portstatus_roundtrip(void **state)
{
	(void)state;
	roundtrip(DIR "status-veth.xml", true);
	roundtrip(DIR "status-xen-tap.xml", true);
}

static void test_networkport_errors(void **state)
{
	static const struct { const char *xml, *msg; } cases[] = {
		{ "<networkport><uuid>nope</uuid></networkport>", "Unable to parse UUID 'nope'" },
		{ "<networkport><mac address='01:00:5e:00:00:01'/></networkport>",
		  "Unable to parse MAC '01:00:5e:00:00:01' (a unicast address like 52:54:00:12:34:56)" },
		{ "<networkport><owner><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid></owner></networkport>",
		  "network port has no owner name" },
		{ "<networkport><plug type='network'/></networkport>", "Missing network port bridge name" },
		{ "<networkport><plug type='direct'/></networkport>", "Missing network port link device name" },
		{ "<networkport><plug type='hostdev-pci'/></networkport>",
		  "network ports of type hostdev-pci are not supported by virtnet" },
		{ "<network/>", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vn_port *p = NULL;
		vn_err err = {0};
		assert_int_not_equal(port_parse(cases[i].xml, strlen(cases[i].xml), "t", &p, &err), 0);
		assert_null(p);
		if (cases[i].msg)
			assert_string_equal(err.msg, cases[i].msg);
		else
			assert_true(err.msg[0] != '\0');
	}
}

/* libvirt's virMacAddrParse(): what it takes in <mac address> is taken, stored as bytes */
static void test_networkport_mac_syntax(void **state)
{
	static const struct { const char *mac, *want; } cases[] = {
		{ "52:54:0:a:B:1", "52:54:00:0a:0b:01" },
		{ "52:54:00:12:34:56 ", "52:54:00:12:34:56" },
		{ "52:54:00:12:34:56 anything", "52:54:00:12:34:56" },
		{ "52-54-00-12-34-56", NULL },
		{ "52:54:00:12:34:567", NULL },
		{ "52:54:00:12:34", NULL },
		{ "+52:54:00:12:34:56", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char xml[200], m[VN_MAC_STRLEN], msg[200];
		vn_port *p = NULL;
		vn_err err = {0};
		snprintf(xml, sizeof(xml), "<networkport><mac address='%s'/></networkport>",
			 cases[i].mac);
		int r = port_parse(xml, strlen(xml), "t", &p, &err);
		if (cases[i].want) {
			assert_int_equal(r, 0);
			assert_string_equal(mac_format(&p->mac, m), cases[i].want);
		} else {
			snprintf(msg, sizeof(msg), "Unable to parse MAC '%s' (a unicast address like "
				 "52:54:00:12:34:56)", cases[i].mac);
			assert_int_not_equal(r, 0);
			assert_string_equal(err.msg, msg);
		}
		port_free(p);
	}
}

static vn_port *load_status(const char *file)
{
	char *in = golden_read(file);
	vn_port *p = NULL;
	vn_err err = {0};

	if (port_status_parse(in, strlen(in), file, &p, &err) < 0)
		fail_msg("%s: %s", file, err.msg);
	free(in);
	return p;
}

static vn_network *network(const char *xml)
{
	vn_network *n = NULL;
	vn_err err = {0};

	if (net_parse(xml, strlen(xml), "test", &n, &err) < 0)
		fail_msg("%s", err.msg);
	return n;
}

static vn_network *lab_network(void)
{
	return network("<network><name>lab</name><forward mode='nat'/><bridge name='vnlab0'/>"
		       "<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.10' end='10.0.0.20'>"
		       "<lease expiry='30' unit='minutes'/></range></dhcp></ip>"
		       "<ip family='ipv6' address='fd00:1::1' prefix='64'/></network>");
}

static void test_protection_rules(void **state)
{
	vn_port *p = load_status(DIR "status-veth.xml");
	vn_network *n = lab_network();
	char *add;
	(void)state;

	vn_fwb_opts o = { .protect = true, .lease_s = 1800 };
	vn_bw_rate out = { .average = 500, .burst = 256 };
	add = fwb_render_port_add("virtnet", p, n, &o);
	golden_check(DIR "fw-add-known-mac.nft", add);
	free(add);
	p->mac_known = false;   /* a tap from the bridge helper: the MAC is learned */
	o.lease_s = 0;
	add = fwb_render_port_add("virtnet", p, n, &o);
	golden_check(DIR "fw-add-learned-mac.nft", add);
	free(add);
	p->mac_known = true;   /* a reserved IPv6 address pins the port to it */
	assert_int_equal(addr_parse("fd00:1::7", 0, &p->ip), 0);
	o.lease_s = 1800;
	add = fwb_render_port_add("virtnet", p, n, &o);
	golden_check(DIR "fw-add-ipv6-pinned.nft", add);
	free(add);
	o = (vn_fwb_opts){ .protect = false, .outbound = &out };   /* an open network: only the policer */
	add = fwb_render_port_add("virtnet", p, n, &o);
	golden_check(DIR "fw-add-outbound-only.nft", add);
	free(add);
	port_free(p);
	net_free(n);
}

/* An overlay's rules in the bridge table, per role (firewall_overlay.c) */
static void test_overlay_rules(void **state)
{
	char *xml = golden_read(TEST_DATA_DIR "/xml2xml/overlay-static.xml"), *text;
	vn_network *n = NULL;
	vn_err err = {0};
	static const struct { const char *file; vn_fwo_role role; } cases[] = {
		{ DIR "fw-overlay-authority.nft", { .vxlan = "vnx4242", .authority = true } },
		{ DIR "fw-overlay-defers.nft", { .vxlan = "vnx4242", .defers = true } },
		{ DIR "fw-overlay-alone.nft", { .vxlan = "vnx4242" } },
	};
	(void)state;

	assert_int_equal(net_parse(xml, strlen(xml), "overlay", &n, &err), 0);
	assert_int_equal(mac_parse("02:76:6e:00:10:92", &n->mac), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text = fwo_render_add("virtnet", n, &cases[i].role);
		golden_check(cases[i].file, text);
		assert_int_equal(fw_text_guard(text, "virtnet", &err), 0);
		free(text);
	}
	net_free(n);
	free(xml);
}

/* Removing the overlay reads its elements back, the MAC-keyed ones too: they go, with the
 * chains only they used; the ports' stay */
static void test_overlay_removal(void **state)
{
	const char *listing =
		"table bridge virtnet {\n"
		"\tmap port_in {\n\t\ttype ifname : verdict\n"
		"\t\telements = { \"vnet0\" : jump vnlab_from }\n\t}\n"
		"\tmap ovl_dst {\n\t\ttype ether_addr : verdict\n"
		"\t\telements = { 02:76:6e:00:10:92 : jump vnlab_ovl_dst,\n"
		"\t\t\t     06:76:6e:00:10:92 : jump vnlab_ovl_dst }\n\t}\n"
		"\tmap ovl_out {\n\t\ttype ifname : verdict\n"
		"\t\telements = { \"vnx4242\" : jump vnlab_ovl_out }\n\t}\n"
		"\tchain prerouting {\n\t}\n\tchain egress {\n\t}\n\tchain forward {\n\t}\n"
		"\tchain vnlab_from {\n\t}\n\tchain vnlab_ovl_dst {\n\t}\n"
		"\tchain vnlab_ovl_out {\n\t}\n}\n";
	const char *keys[] = { "vnx4242", "02:76:6e:00:10:92", "06:76:6e:00:10:92" };
	vn_fwb_state st;
	(void)state;

	assert_int_equal(fwb_state_parse(listing, &st), 0);
	char *text = fwb_render_remove("virtnet", &st, keys, 3);
	golden_check(DIR "fw-overlay-remove.nft", text);
	free(text);
	fwb_state_free(&st);
}

/* The elements sent straight to the kernel, one a line: set, key bytes in hex, jump */
static char *elems_text(const vn_port *p, const vn_fwb_opts *o, const vn_network *n)
{
	vn_nft_elem v[FWB_PORT_ELEMS_MAX];
	vn_buf b = {0};
	size_t k;

	assert_int_equal(fwb_port_elems(p, o, n, v, &k), 0);
	for (size_t i = 0; i < k; i++) {
		buf_printf(&b, "%s ", v[i].set);
		for (size_t j = 0; j < v[i].keylen; j++)
			buf_printf(&b, "%02x", v[i].key[j]);
		buf_printf(&b, "%s%s\n", v[i].jump[0] ? " jump " : "", v[i].jump);
	}
	return buf_steal(&b);
}

/* The same elements as fw-add-*.nft's "add element" lines, as the kernel keeps them: each
 * field of a concatenated key padded to 4 bytes (ifname 16, MAC 6 + 2, IPv4 4, IPv6 16). */
static void test_protection_elements(void **state)
{
	vn_port *p = load_status(DIR "status-veth.xml");
	vn_network *n = lab_network();
	vn_fwb_opts o = { .protect = true, .lease_s = 1800 };
	vn_bw_rate out = { .average = 500, .burst = 256 };
	vn_nft_elem v[FWB_PORT_ELEMS_MAX];
	size_t k;
	char *text;
	(void)state;

	text = elems_text(p, &o, n);
	golden_check(DIR "fw-elems-known-mac.txt", text);
	free(text);
	p->mac_known = false;
	assert_int_equal(addr_parse("fd00:1::7", 0, &p->ip), 0);
	text = elems_text(p, &o, n);
	golden_check(DIR "fw-elems-learned-ipv6.txt", text);
	free(text);
	o.outbound = &out;   /* a police chain: text's job */
	assert_int_equal(fwb_port_elems(p, &o, n, v, &k), -EOPNOTSUPP);
	o = (vn_fwb_opts){ .protect = false };
	assert_int_equal(fwb_port_elems(p, &o, n, v, &k), 0);
	assert_int_equal(k, 0);
	port_free(p);
	net_free(n);
}

/* Leases are learned only from the network's own DHCP server: from any of its IPv4 addresses
 * (the kernel picks a broadcast reply's source), for an address of one of its subnets. */
static void test_learning_trusts_own_server(void **state)
{
	vn_network *n = network("<network><name>two</name><forward mode='route'/><bridge name='vntwo0'/>"
				"<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.10' end='10.0.0.20'/>"
				"</dhcp></ip><ip address='172.16.9.1' prefix='22'/>"
				"<ip family='ipv6' address='fd00:2::1' prefix='64'/></network>");
	vn_buf b = {0};
	char *text;
	(void)state;

	fwb_render_network(&b, "virtnet", n, 0);
	golden_check(DIR "fw-network-two-ipv4.nft", text = buf_steal(&b));
	free(text);
	net_free(n);
}

/* Forwarded DHCP server replies towards the bridge are dropped before nat's "established"
 * accept could let a reply the guest provoked through. */
static void test_forwarded_dhcp_server_dropped(void **state)
{
	vn_network *n = lab_network();
	char *text = fw_render_add("virtnet", n);
	(void)state;

	golden_check(DIR "fw-inet-nat.nft", text);
	free(text);
	net_free(n);
}

/* A table read back from the kernel (nft 1.0.6's listing of what the tests' ports made):
 * what removal deletes, and the MAC a port learned. */
static void test_removal_from_listing(void **state)
{
	char *listing = golden_read(DIR "fw-listing.txt"), *text;
	const char *one[] = { "vnet1" }, *both[] = { "vnet0", "vnet1" }, *learned_only[] = { "vnet0" };
	vn_fwb_state st;
	vn_mac m;
	char ms[VN_MAC_STRLEN];
	(void)state;

	assert_int_equal(fwb_state_parse(listing, &st), 0);
	assert_true(st.exists);
	assert_int_equal(fwb_state_port_mac(&st, "vnet1", &m), 0);
	assert_string_equal(mac_format(&m, ms), "52:54:00:12:34:01");   /* learned from its first frame */
	assert_int_equal(fwb_state_port_mac(&st, "vnet9", &m), -ENOENT);
	golden_check(DIR "fw-remove-one.nft", text = fwb_render_remove("virtnet", &st, one, 1));
	free(text);
	golden_check(DIR "fw-remove-other.nft", text = fwb_render_remove("virtnet", &st, learned_only, 1));
	free(text);
	text = fwb_render_remove("virtnet", &st, both, 2);
	assert_string_equal(text, "delete table bridge virtnet\n");   /* no port left */
	free(text);
	fwb_state_free(&st);
	assert_int_equal(fwb_state_parse("", &st), 0);   /* no table */
	text = fwb_render_remove("virtnet", &st, one, 1);
	assert_string_equal(text, "");
	free(text);
	fwb_state_free(&st);
	free(listing);
}

/* A table made before learning moved to the output hook keeps its postrouting chain until
 * the next port is added (removal alone must not stop it learning). */
static void test_removal_keeps_old_postrouting(void **state)
{
	static const char listing[] =
		"table bridge virtnet {\n\tmap port_out {\n\t\ttype ifname : verdict\n"
		"\t\telements = { \"vnet0\" : jump vnlab0_to,\n\t\t\t     \"vnet1\" : jump vnlab0_to }\n\t}\n\n"
		"\tchain postrouting {\n\t\ttype filter hook postrouting priority filter; policy accept;\n"
		"\t\toifname vmap @port_out\n\t}\n\n\tchain vnlab0_to {\n\t}\n}\n";
	const char *one[] = { "vnet1" };
	vn_fwb_state st;
	char *text;
	(void)state;

	assert_int_equal(fwb_state_parse(listing, &st), 0);
	text = fwb_render_remove("virtnet", &st, one, 1);
	assert_string_equal(text, "add element bridge virtnet port_out { \"vnet1\" : jump vnlab0_to }\n"
				  "delete element bridge virtnet port_out { \"vnet1\" }\n");
	free(text);
	fwb_state_free(&st);
}

/* What someone else put in our table is not read back: removal never writes it into nft
 * text (a key or name that is not of our form would be text of another command). */
static void test_listing_foreign_names(void **state)
{
	static const char listing[] =
		"table bridge virtnet {\n\tmap port_out {\n\t\ttype ifname : verdict\n"
		"\t\telements = { \"vnet0\" : jump vnlab0_to,\n"
		"\t\t\t     \"x }; flush ruleset; add\" : jump vnlab0_to,\n"
		"\t\t\t     \"vnet1\" : jump vnlab0_to; flush }\n\t}\n"
		"\tset evil;x {\n\t\ttype ifname\n\t\telements = { \"vnet0\" }\n\t}\n"
		"\tchain a;b {\n\t}\n\tchain vnlab0_to {\n\t}\n}\n";
	const char *one[] = { "vnet0" };
	vn_fwb_state st;
	char *text;
	(void)state;

	assert_int_equal(fwb_state_parse(listing, &st), 0);
	for (size_t i = 0; i < st.nelems; i++) {
		assert_string_equal(st.elems[i].set, "port_out");
		assert_null(strchr(st.elems[i].key, ';'));
		assert_null(strchr(st.elems[i].target, ';'));
	}
	for (size_t i = 0; i < st.nchains; i++)
		assert_null(strchr(st.chains[i], ';'));
	text = fwb_render_remove("virtnet", &st, one, 1);
	assert_non_null(text);
	assert_null(strstr(text, "flush ruleset"));
	assert_null(strstr(text, "evil"));
	free(text);
	fwb_state_free(&st);
}

static void test_reservations(void **state)
{
	vn_port *a = load_status(DIR "status-veth.xml"), *b = load_status(DIR "status-xen-tap.xml");
	vn_port *c = load_status(DIR "status-veth.xml");
	vn_port *v[] = { a, b, c };
	vn_portlist l = { .v = v, .n = 3 };
	vn_dhcp_reservations res;
	vn_buf buf = {0};
	(void)state;

	addr_parse("fd00:1::7", 0, &c->ip);
	mac_parse("52:54:00:00:00:08", &c->mac);
	assert_int_equal(port_reservations_of(&l, "lab", &res), 0);
	dnsmasq_reservations_format(&buf, &res);
	dhcp_reservations_free(&res);
	char *s = buf_steal(&buf);
	/* the Xen port is on another network and reserves nothing */
	assert_string_equal(s, "52:54:00:00:00:07,10.0.0.7\n52:54:00:00:00:08,[fd00:1::7]\n");
	free(s);
	port_free(a);
	port_free(b);
	port_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_networkport_roundtrip),
		cmocka_unit_test(test_portstatus_roundtrip),
		cmocka_unit_test(test_networkport_errors),
		cmocka_unit_test(test_networkport_mac_syntax),
		cmocka_unit_test(test_protection_rules),
		cmocka_unit_test(test_overlay_rules),
		cmocka_unit_test(test_overlay_removal),
		cmocka_unit_test(test_protection_elements),
		cmocka_unit_test(test_learning_trusts_own_server),
		cmocka_unit_test(test_forwarded_dhcp_server_dropped),
		cmocka_unit_test(test_removal_from_listing),
		cmocka_unit_test(test_removal_keeps_old_postrouting),
		cmocka_unit_test(test_listing_foreign_names),
		cmocka_unit_test(test_reservations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
