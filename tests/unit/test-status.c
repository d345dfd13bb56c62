/* test-status.c - a running network's journal (state/status.c over state/journal.c): what
 * start writes, step by step, against golden files in tests/data/status (REGENERATE=1
 * rewrites them; review the diff), read back step for step; refused records name the step
 * and the field; the marks of unfinished journals. */
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

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vn-status-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/lab.xml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.unfinished/lab.xml", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.unfinished", dir);
	rmdir(path);
	rmdir(dir);
	return 0;
}

static vn_status *new_status(bool transient)
{
	vn_network *live = NULL;
	vn_status *st = NULL;
	vn_err err = {0};

	if (net_parse(live_xml, strlen(live_xml), "live", &live, &err) < 0 ||
	    status_create(dir, live, transient, &st, &err) < 0)
		fail_msg("%s", err.msg);
	return st;
}

static vn_addr addr(const char *text)
{
	vn_addr a;

	assert_int_equal(addr_parse(text, 0, &a), 0);
	return a;
}

static int made(void *ctx, int kind, void *step, vn_err *err)
{
	(void)kind, (void)err;
	if (ctx)
		((vn_step *)step)->ifindex = 7;   /* what making the bridge learns */
	return 0;
}

static int refused(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx, (void)kind, (void)step;
	return vn_err_set(err, EBUSY, "busy");
}

static void add(vn_status *st, vn_step s, const char *name, const char *value)
{
	vn_err err = {0};

	snprintf(s.name, sizeof(s.name), "%s", name ? name : "");
	snprintf(s.value, sizeof(s.value), "%s", value ? value : "");
	assert_int_equal(status_step(st, &s, made, s.kind == STEP_BRIDGE ? &s : NULL, &err), 0);
}

/* What start journals for the network above, in its order. */
static void add_every_step(vn_status *st)
{
	add(st, (vn_step){ .kind = STEP_BRIDGE }, "vnlab0", NULL);
	add(st, (vn_step){ .kind = STEP_SYSCTL }, "net/ipv6/conf/vnlab0/accept_ra", "0");
	add(st, (vn_step){ .kind = STEP_SYSCTL }, "net/ipv6/conf/vnlab0/autoconf", "0");
	add(st, (vn_step){ .kind = STEP_ADDRESS, .ifindex = 7, .addr = addr("192.168.160.1"), .prefix = 24 },
	    NULL, NULL);
	add(st, (vn_step){ .kind = STEP_ADDRESS, .ifindex = 7, .addr = addr("fd00:160::1"), .prefix = 64 },
	    NULL, NULL);
	add(st, (vn_step){ .kind = STEP_LINK_UP, .ifindex = 7 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_ROUTE, .ifindex = 7, .addr = addr("10.160.0.0"), .prefix = 16,
			   .gw = addr("192.168.160.254"), .metric = 5 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_FORWARDING }, "net/ipv4/ip_forward", "1");
	add(st, (vn_step){ .kind = STEP_FORWARDING }, "net/ipv6/conf/all/forwarding", "1");
	add(st, (vn_step){ .kind = STEP_FIREWALL }, "virtnet", NULL);
	add(st, (vn_step){ .kind = STEP_DNSMASQ, .pid = 4242 }, NULL, NULL);
	add(st, (vn_step){ .kind = STEP_PORT }, NULL, NULL);
}

/* The journal's text, its owner's pid and start time (ours, differing at each run) masked. */
static char *journal_text(const vn_status *st)
{
	return golden_read_journal(st->j.path);
}

static vn_status *check_and_read_back(const char *name, const vn_status *st)
{
	char path[4096];
	char *text = journal_text(st);
	vn_status *back = NULL;
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s%s", DIR, name);
	golden_check(path, text);
	free(text);
	if (status_read(st->j.path, &back, &err) < 0)
		fail_msg("%s: %s", name, err.msg);
	return back;
}

static void same_steps(const vn_status *a, const vn_status *b)
{
	assert_int_equal(b->j.nsteps, a->j.nsteps);
	for (size_t i = 0; i < a->j.nsteps; i++) {
		const vn_step *x = a->j.steps[i].data, *y = b->j.steps[i].data;
		assert_int_equal(b->j.steps[i].state, a->j.steps[i].state);
		assert_int_equal(y->kind, x->kind);
		assert_int_equal(y->ifindex, x->ifindex);
		assert_int_equal(y->prefix, x->prefix);
		assert_int_equal(y->metric, x->metric);
		assert_int_equal(y->pid, x->pid);
		assert_int_equal(y->addr.family, x->addr.family);
		assert_memory_equal(y->addr.u.bytes, x->addr.u.bytes, 16);
		assert_int_equal(y->gw.family, x->gw.family);
		assert_memory_equal(y->gw.u.bytes, x->gw.u.bytes, 16);
		assert_string_equal(y->name, x->name);
		assert_string_equal(y->value, x->value);
	}
}

static void active_every_step(void **state)
{
	vn_status *st = new_status(false), *back;
	vn_err err = {0};

	(void)state;
	add_every_step(st);
	assert_int_equal(status_set_active(st, &err), 0);
	back = check_and_read_back("active.journal", st);
	assert_true(back->active);
	assert_false(back->transient);
	assert_false(status_orphaned(back));
	same_steps(st, back);
	assert_string_equal(back->live->name, "lab");
	status_free(back);
	status_free(st);
}

static void starting_transient(void **state)
{
	vn_status *st = new_status(true), *back;
	vn_step s = { .kind = STEP_SYSCTL };
	vn_err err = {0};

	(void)state;
	add(st, (vn_step){ .kind = STEP_BRIDGE }, "vnlab0", NULL);
	snprintf(s.name, sizeof(s.name), "net/ipv6/conf/vnlab0/accept_ra");
	snprintf(s.value, sizeof(s.value), "0");
	assert_int_equal(status_step(st, &s, refused, NULL, &err), -EBUSY);
	back = check_and_read_back("starting.journal", st);
	assert_false(back->active);
	assert_true(back->transient);
	assert_int_equal(back->j.steps[1].state, JSTEP_INTENDED);   /* recorded before it was tried */
	same_steps(st, back);
	status_free(back);
	status_free(st);
}

static void refused_records(void **state)
{
	static const struct { const char *steps, *msg; } cases[] = {
		{ "<step n='0' state='done' kind='teleport'/>", "a step of an unknown kind" },
		{ "<step n='0' state='done' kind='address' address='300.1.1.1' prefix='24'/>", "a bad address" },
		{ "<step n='0' state='done' kind='link-up' name='x'/>", "step 'link-up' has a name, which it never has" },
		{ "<step n='0' state='done' kind='bridge' name='a b'/>", "step 'bridge': name" },
		{ "<step n='0' state='done' kind='sysctl' name='../../etc/passwd' value='1'/>", "step 'sysctl': name" },
		{ "<step n='0' state='done' kind='firewall' name='x;y'/>", "step 'firewall': name" },
	};
	char path[128], text[1024];
	vn_status *st = NULL;
	vn_err err = {0};

	(void)state;
	snprintf(path, sizeof(path), "%s/lab.xml", dir);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "<journal object='network' phase='done' pid='1' start='1'/>\n"
			 "<networkstatus/>\n<network><name>lab</name></network>\n%s\n", cases[i].steps);
		assert_int_equal(file_write_atomic(path, text, strlen(text), 0644, &err), 0);
		if (status_read(path, &st, &err) == 0)
			fail_msg("accepted: %s", cases[i].steps);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("%s:\n  expected: %s\n  got:      %s", cases[i].steps, cases[i].msg, err.msg);
	}
	snprintf(text, sizeof(text), "<journal object='network' phase='done' pid='1' start='1'/>\n");
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644, &err), 0);
	assert_int_equal(status_read(path, &st, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "no <networkstatus> and <network> in the journal"));
}

static int count_marked(const char *file, void *ctx)
{
	assert_string_equal(file, "lab.xml");
	++*(int *)ctx;
	return 0;
}

static int marked(void)
{
	int n = 0;

	assert_int_equal(status_marked_each(dir, count_marked, &n), 0);
	return n;
}

/* A journal doing or undoing is marked (commands find interrupted ones by their marks):
 * from before it is created until it is done, and from before it says undoing until it is
 * removed. */
static void marked_while_unfinished(void **state)
{
	vn_status *st = new_status(false);
	vn_err err = {0};

	(void)state;
	assert_int_equal(marked(), 1);
	add(st, (vn_step){ .kind = STEP_BRIDGE }, "vnlab0", NULL);
	assert_int_equal(status_set_active(st, &err), 0);
	assert_int_equal(marked(), 0);
	assert_int_equal(status_begin_undo(st, &err), 0);
	assert_int_equal(marked(), 1);
	assert_int_equal(status_remove(st, &err), 0);
	assert_int_equal(marked(), 0);
	status_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(active_every_step, setup, teardown),
		cmocka_unit_test_setup_teardown(starting_transient, setup, teardown),
		cmocka_unit_test_setup_teardown(marked_while_unfinished, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_records, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
