/* test-wake.c - the wake list an idle virtnetd's keeper watches (supervise/sv_wake.h): read
 * back checked (a line not of its type refuses the whole list), and only news about
 * something of the list wakes a worker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "port/port.h"
#include "supervise/sv_internal.h"
#include "supervise/sv_wake.h"

static const char good[] = "table virtnet\nbridge 7\npid 4242\nport vnet0 7\nport vif1.0 9\n";

static void test_parse_good(void **state)
{
	vn_wake w;
	vn_err err = {0};

	(void)state;
	assert_int_equal(wake_parse(good, &w, &err), 0);
	assert_string_equal(w.table, "virtnet");
	assert_int_equal(w.nbridges, 1);
	assert_int_equal(w.bridges[0], 7);
	assert_int_equal(w.npids, 1);
	assert_int_equal(w.pids[0], 4242);
	assert_int_equal(w.nports, 2);
	assert_string_equal(w.ports[1].name, "vif1.0");
	assert_int_equal(w.ports[1].bridge, 9);
	wake_free(&w);
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"bridge 7\n",                              /* no table */
		"table virtnet\ntable other\n",            /* two */
		"table vir;tnet\n",                        /* not an nft name of ours */
		"table virtnet\nbridge 0\n",               /* not positive */
		"table virtnet\nbridge -3\n",
		"table virtnet\nbridge 7x\n",
		"table virtnet\npid 99999999999\n",        /* over an int */
		"table virtnet\npid 012\n",                /* leading zero */
		"table virtnet\nport vnet0\n",             /* no bridge */
		"table virtnet\nport a/b 3\n",             /* not an interface name */
		"table virtnet\nport 0123456789abcdef 3\n",  /* 16 bytes */
		"table virtnet\nport vnet0 3 4\n",
		"table virtnet\nunknown 1\n",
		"table virtnet\nbridge\n",
	};
	vn_wake w;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vn_err err = {0};
		if (wake_parse(bad[i], &w, &err) == 0)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(strstr(err.msg, "wake list"));
		assert_null(w.bridges);
	}
}

static vn_nlev ev(vn_nlev_type type, int ifindex, const char *name, bool up, int master)
{
	vn_nlev e = { .type = type, .ifindex = ifindex, .up = up, .master = master };

	snprintf(e.ifname, sizeof(e.ifname), "%s", name);
	return e;
}

static void test_what_wakes(void **state)
{
	vn_wake w;
	vn_err err = {0};
	vn_nlev nft = { .type = NLEV_NFT_DEL };

	(void)state;
	assert_int_equal(wake_parse(good, &w, &err), 0);
	vn_nlev yes[] = {
		ev(NLEV_LINK, 7, "vnbr0", false, 0),         /* our bridge down */
		ev(NLEV_LINK_GONE, 7, "vnbr0", false, 0),    /* deleted */
		ev(NLEV_ADDR_GONE, 7, "", false, 0),         /* lost an address */
		ev(NLEV_LINK, 12, "vnet0", true, 0),         /* our port off its bridge */
		ev(NLEV_LINK, 12, "vnet0", true, 9),         /* on another */
		ev(NLEV_LINK_GONE, 12, "vnet0", false, 0),   /* gone */
		ev(NLEV_OVERRUN, 0, "", false, 0),           /* news lost */
	};
	vn_nlev no[] = {
		ev(NLEV_LINK, 7, "vnbr0", true, 0),          /* our bridge, up: STP, carrier */
		ev(NLEV_LINK, 12, "vnet0", true, 7),         /* our port on its bridge */
		ev(NLEV_LINK, 30, "eth5", false, 0),         /* not ours */
		ev(NLEV_LINK_GONE, 30, "eth5", false, 0),
		ev(NLEV_ADDR_GONE, 30, "", false, 0),
		ev(NLEV_NFT_GEN, 0, "", false, 0),
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!wake_on_event(&w, &yes[i]))
			fail_msg("case %zu should wake", i);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (wake_on_event(&w, &no[i]))
			fail_msg("case %zu should not wake", i);
	snprintf(nft.table, sizeof(nft.table), "virtnet");
	assert_true(wake_on_event(&w, &nft));
	snprintf(nft.table, sizeof(nft.table), "filter");
	assert_false(wake_on_event(&w, &nft));
	wake_free(&w);
}

/* The supervisor's string sets: each string once, found after its index grew and after
 * removals moved others */
static void test_string_set(void **state)
{
	sv_strs s = {0};
	char name[32];
	(void)state;

	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "vnet%d", i);
		strs_add(&s, name);
		strs_add(&s, name);
	}
	assert_int_equal(s.n, 1000);
	assert_true(strs_has(&s, "vnet0") && strs_has(&s, "vnet999"));
	assert_false(strs_has(&s, "vnet1000") || strs_has(&s, ""));
	for (int i = 0; i < 1000; i += 2) {
		snprintf(name, sizeof(name), "vnet%d", i);
		strs_remove(&s, name);
	}
	strs_remove(&s, "absent");
	assert_int_equal(s.n, 500);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "vnet%d", i);
		assert_int_equal(strs_has(&s, name), i % 2);
	}
	strs_free(&s);
	assert_false(strs_has(&s, "vnet1"));
}

/* The supervisor's port records: found by name and UUID as they come and go (sv_ports.c) */
static void test_port_index(void **state)
{
	vn_sv sv = {0};
	char name[32], u[VN_UUID_STRLEN];
	uint8_t uuids[600][16];
	(void)state;

	for (int i = 0; i < 600; i++) {
		vn_port *p = port_new();
		assert_non_null(p);
		assert_int_equal(uuid_generate(p->uuid), 0);
		memcpy(uuids[i], p->uuid, 16);
		snprintf(p->ifname, sizeof(p->ifname), "vnet%d", i);
		p->network = strdup(i % 2 ? "odd" : "even");
		sv_ports_add(&sv, p);
		port_free(p);
	}
	assert_int_equal(sv.nports, 600);
	assert_string_equal(sv_port_by_name(&sv, "vnet599")->network, "odd");
	for (int i = 0; i < 600; i += 3) {
		char *net = sv_ports_forget(&sv, uuid_format(uuids[i], u));
		assert_non_null(net);
		assert_string_equal(net, i % 2 ? "odd" : "even");
		free(net);
	}
	assert_null(sv_ports_forget(&sv, uuid_format(uuids[0], u)));
	assert_int_equal(sv.nports, 400);
	for (int i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "vnet%d", i);
		const sv_port *p = sv_port_by_name(&sv, name);
		assert_int_equal(p != NULL, i % 3 != 0);
		if (p)
			assert_string_equal(p->uuid, uuid_format(uuids[i], u));
	}
	assert_null(sv_port_by_name(&sv, "vnet600"));
	sv_ports_clear(&sv);
	assert_null(sv_port_by_name(&sv, "vnet1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_what_wakes),
		cmocka_unit_test(test_string_set),
		cmocka_unit_test(test_port_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
