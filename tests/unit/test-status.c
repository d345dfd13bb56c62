/* test-status.c - the live status record of a running network (status_format, status_parse)
 * against golden files in tests/data/status (REGENERATE=1 rewrites them; review the diff)
 *
 * active.xml holds every kind of step as start records them, starting.xml a start that died
 * half-way; each reads back to the same record and the same text. Refused records name the
 * step and the field. */
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
#include "state/status.h"

#define DIR TEST_DATA_DIR "/status/"

static const char live_xml[] =
	"<network><name>lab</name><uuid>6e7f8091-a2b3-4c45-9d5e-6f7a8b9cadbe</uuid>"
	"<forward mode='nat'/><bridge name='vnlab0'/>"
	"<ip address='192.168.160.1' prefix='24'><dhcp>"
	"<range start='192.168.160.100' end='192.168.160.199'/></dhcp></ip>"
	"<ip family='ipv6' address='fd00:160::1' prefix='64'/>"
	"<route address='10.160.0.0' prefix='16' gateway='192.168.160.254' metric='5'/>"
	"</network>";

static vn_status *new_status(void)
{
	vn_status *st = calloc(1, sizeof(*st));
	vn_err err = {0};

	assert_non_null(st);
	if (net_parse(live_xml, strlen(live_xml), "live", &st->live, &err) < 0)
		fail_msg("%s", err.msg);
	return st;
}

static vn_addr addr(const char *text)
{
	vn_addr a;

	assert_int_equal(addr_parse(text, 0, &a), 0);
	return a;
}

static void add(vn_status *st, vn_step s, const char *name, const char *value)
{
	snprintf(s.name, sizeof(s.name), "%s", name ? name : "");
	snprintf(s.value, sizeof(s.value), "%s", value ? value : "");
	assert_int_equal(status_add_step(st, &s), 0);
}

/* What start records for the network above, in its order. */
static void add_every_step(vn_status *st)
{
	add(st, (vn_step){ .kind = STEP_BRIDGE, .ifindex = 7 }, "vnlab0", NULL);
	add(st, (vn_step){ .kind = STEP_SYSCTL }, "net/ipv6/conf/vnlab0/accept_ra", "0");
	add(st, (vn_step){ .kind = STEP_SYSCTL }, "net/ipv6/conf/vnlab0/autoconf", "0");
	add(st, (vn_step){ .kind = STEP_ADDRESS, .ifindex = 7, .addr = addr("192.168.160.1"),
			   .prefix = 24 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_ADDRESS, .ifindex = 7, .addr = addr("fd00:160::1"),
			   .prefix = 64 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_LINK_UP, .ifindex = 7 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_ROUTE, .ifindex = 7, .addr = addr("10.160.0.0"),
			   .prefix = 16, .gw = addr("192.168.160.254"), .metric = 5 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_FORWARDING }, "net/ipv4/ip_forward", "1");
	add(st, (vn_step){ .kind = STEP_FORWARDING }, "net/ipv6/conf/all/forwarding", "1");
	add(st, (vn_step){ .kind = STEP_FIREWALL }, "virtnet", NULL);
	add(st, (vn_step){ .kind = STEP_DNSMASQ, .pid = 4242 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_PORT }, NULL, NULL);
}

/* The golden file holds the record's text, and that text reads back to itself. */
static vn_status *check_and_read_back(const char *name, const vn_status *st)
{
	char path[4096];
	char *text = status_format(st), *again;
	vn_status *back = NULL;
	vn_err err = {0};

	assert_non_null(text);
	snprintf(path, sizeof(path), "%s%s", DIR, name);
	golden_check(path, text);
	if (status_parse(text, strlen(text), name, &back, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	assert_non_null(again = status_format(back));
	assert_string_equal(again, text);
	free(again);
	free(text);
	return back;
}

static void active_every_step(void **state)
{
	vn_status *st = new_status(), *back;

	(void)state;
	st->active = true;
	add_every_step(st);
	back = check_and_read_back("active.xml", st);
	assert_true(back->active);
	assert_false(back->transient);
	assert_int_equal(back->nsteps, st->nsteps);
	for (size_t i = 0; i < st->nsteps; i++) {
		const vn_step *a = &st->steps[i], *b = &back->steps[i];
		assert_int_equal(b->kind, a->kind);
		assert_int_equal(b->ifindex, a->ifindex);
		assert_int_equal(b->prefix, a->prefix);
		assert_int_equal(b->metric, a->metric);
		assert_int_equal(b->pid, a->pid);
		assert_int_equal(b->addr.family, a->addr.family);
		assert_memory_equal(b->addr.u.bytes, a->addr.u.bytes, 16);
		assert_int_equal(b->gw.family, a->gw.family);
		assert_memory_equal(b->gw.u.bytes, a->gw.u.bytes, 16);
		assert_string_equal(b->name, a->name);
		assert_string_equal(b->value, a->value);
	}
	assert_string_equal(back->live->name, "lab");
	status_free(back);
	status_free(st);
}

static void starting_transient(void **state)
{
	vn_status *st = new_status(), *back;

	(void)state;
	st->transient = true;
	st->starter = 31337;
	add(st, (vn_step){ .kind = STEP_BRIDGE, .ifindex = 12 }, "vnlab0", NULL);
	add(st, (vn_step){ .kind = STEP_SYSCTL }, "net/ipv6/conf/vnlab0/accept_ra", "0");
	back = check_and_read_back("starting.xml", st);
	assert_false(back->active);
	assert_true(back->transient);
	assert_int_equal(back->starter, 31337);
	assert_int_equal(back->nsteps, 2);
	status_free(back);
	status_free(st);
}

static void refused_records(void **state)
{
	static const char net[] = "<network><name>lab</name><bridge name='vnlab0'/></network>";
	static const struct { const char *steps, *msg; } cases[] = {
		{ "<step kind='teleport'/>", "unknown step kind 'teleport' in status file" },
		{ "<step kind='address' address='300.1.1.1' prefix='24'/>",
		  "bad address in status step 'address'" },
		{ "<step kind='link-up' name='x'/>",
		  "status step 'link-up' has a name, which it never has" },
		{ "<step kind='bridge' name='a b'/>", "status step 'bridge': name" },
		{ "<step kind='sysctl' name='../../etc/passwd' value='1'/>",
		  "status step 'sysctl': name" },
		{ "<step kind='firewall' name='x;y'/>", "status step 'firewall': name" },
		{ "<step kind='dnsmasq' name='relative/path'/>", "status step 'dnsmasq': name" },
	};
	char xml[1024];
	vn_status *st = NULL;
	vn_err err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *steps = cases[i].steps, *want = cases[i].msg;
		snprintf(xml, sizeof(xml), "<networkstatus state='active'>%s%s</networkstatus>",
			 steps, net);
		if (status_parse(xml, strlen(xml), "t", &st, &err) == 0)
			fail_msg("accepted: %s", steps);
		if (strncmp(err.msg, want, strlen(want)) != 0)
			fail_msg("%s:\n  expected: %s\n  got:      %s", steps, want, err.msg);
	}
	snprintf(xml, sizeof(xml), "<networkstatus state='active'/>");
	assert_int_not_equal(status_parse(xml, strlen(xml), "t", &st, &err), 0);
	assert_string_equal(err.msg, "t: no <network> in status file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(active_every_step),
		cmocka_unit_test(starting_transient),
		cmocka_unit_test(refused_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
