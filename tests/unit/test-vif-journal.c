/* test-vif-journal.c - vif-virtnet's step journal (helpers/xen/vif_journal.c over
 * state/journal.c): every kind of step against a golden journal in tests/data/vif
 * (REGENERATE=1 rewrites it; review the diff), read back field for field; a tampered journal
 * refused whole, the message naming the file, the record and the field; other vifs'
 * journals (the shared table); the bounded lock. */
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

#include "helpers/xen/vif_ctx.h"
#include "helpers/xen/vif_journal.h"
#include "state/state.h"
#include "util/fileio.h"

#define GOLDEN TEST_DATA_DIR "/vif/journal-nat.journal"

static char root[64], vifs[128], path[192];

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vn-vif-journal-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(vifs, sizeof(vifs), "%s/vifs", root);
	if (mkdir_p(vifs, 0755) < 0)
		return -1;
	return vif_journal_path(root, "vif3.0", path, sizeof(path));
}

static int teardown(void **state)
{
	char other[256];

	(void)state;
	unlink(path);
	snprintf(other, sizeof(other), "%s/vif7.0.xml", vifs);
	unlink(other);
	rmdir(vifs);
	rmdir(root);
	return 0;
}

static vif_step addr_step(vif_step_kind kind, const char *a, int prefix)
{
	vif_step s = { .kind = kind, .ifindex = 7, .prefix = prefix };

	assert_int_equal(addr_parse(a, AF_INET, &s.addr), 0);
	return s;
}

/* What making a dnsmasq step learns: its pid. */
static int made(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx;
	(void)err;
	if (kind == VS_DNSMASQ)
		((vif_step *)step)->pid = 5150;
	return 0;
}

static void add(vif_journal *vj, vif_step s, const char *name, const char *value)
{
	vn_err err = {0};

	snprintf(s.name, sizeof(s.name), "%s", name ? name : "");
	snprintf(s.value, sizeof(s.value), "%s", value ? value : "");
	if (journal_step(&vj->j, (int)s.kind, &s, made, NULL, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Every kind once: what nat mode journals, then the bridge modes' kinds. */
static void add_every_step(vif_journal *vj)
{
	vif_step route = addr_step(VS_ROUTE, "10.0.3.1", 32);
	vif_step mac = { .kind = VS_MAC, .ifindex = 7 };

	add(vj, (vif_step){ .kind = VS_LINK_UP, .ifindex = 7 }, NULL, "down");
	add(vj, (vif_step){ .kind = VS_SYSCTL }, "net/ipv4/conf/vif3.0/proxy_arp", "0");
	add(vj, (vif_step){ .kind = VS_FORWARDING }, "net/ipv4/ip_forward", "0");
	add(vj, addr_step(VS_ADDRESS, "10.0.3.128", 32), NULL, NULL);
	route.metric = 2;
	assert_int_equal(addr_parse("10.0.3.128", AF_INET, &route.src), 0);
	add(vj, route, NULL, NULL);
	add(vj, (vif_step){ .kind = VS_TC, .ifindex = 7 }, NULL, NULL);
	add(vj, (vif_step){ .kind = VS_FIREWALL }, "inet virtnet_vif", NULL);
	add(vj, (vif_step){ .kind = VS_DNSMASQ }, NULL, NULL);
	assert_int_equal(mac_parse("00:16:3e:0a:0b:0c", &mac.mac), 0);
	add(vj, mac, NULL, NULL);
	add(vj, (vif_step){ .kind = VS_MTU, .ifindex = 7, .mtu = 1500 }, NULL, NULL);
	add(vj, (vif_step){ .kind = VS_MASTER, .ifindex = 7 }, "xenbr0", NULL);
	add(vj, (vif_step){ .kind = VS_PORT }, "0d3c1c2e-3f7a-4b8c-9d0e-1f2a3b4c5d6e",
	    "lab & <co>");
}

static void new_journal(vif_journal *vj, bool tap)
{
	vn_err err = {0};

	*vj = (vif_journal){ .dev = "vif3.0", .ifindex = 7, .mode = VIF_MODE_NAT, .tap = tap,
			     .j = { .fd = -1 } };
	if (vif_journal_create(vj, path, &err) < 0)
		fail_msg("%s", err.msg);
}

/* The journal's text, its owner's pid and start time (ours, differing at each run) masked. */
static char *journal_text(void)
{
	return golden_read_journal(path);
}

static void same_step(const vif_step *x, const vif_step *y)
{
	assert_int_equal(y->kind, x->kind);
	assert_int_equal(y->ifindex, x->ifindex);
	assert_int_equal(y->prefix, x->prefix);
	assert_int_equal(y->metric, x->metric);
	assert_int_equal(y->mtu, x->mtu);
	assert_int_equal(y->pid, x->pid);
	assert_int_equal(y->addr.family, x->addr.family);
	assert_memory_equal(y->addr.u.bytes, x->addr.u.bytes, 16);
	assert_int_equal(y->src.family, x->src.family);
	assert_memory_equal(y->src.u.bytes, x->src.u.bytes, 16);
	assert_memory_equal(y->mac.b, x->mac.b, 6);
	assert_string_equal(y->name, x->name);
	assert_string_equal(y->value, x->value);
}

/* Online journals every step, then an offline marks it undoing and undoes the last two. */
static void test_golden_and_read_back(void **state)
{
	vif_journal vj, back;
	vn_err err = {0};
	char *text;

	(void)state;
	new_journal(&vj, false);
	add_every_step(&vj);
	assert_int_equal(journal_set_phase(&vj.j, JPHASE_DONE, &err), 0);
	assert_int_equal(journal_set_phase(&vj.j, JPHASE_UNDOING, &err), 0);
	assert_int_equal(journal_undone(&vj.j, 11, &err), 0);
	assert_int_equal(journal_undone(&vj.j, 10, &err), 0);
	text = journal_text();
	golden_check(GOLDEN, text);
	free(text);
	if (vif_journal_read(path, &back, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(back.dev, "vif3.0");
	assert_int_equal(back.ifindex, 7);
	assert_int_equal(back.mode, VIF_MODE_NAT);
	assert_false(back.tap);
	assert_int_equal(back.j.phase, JPHASE_UNDOING);
	assert_false(journal_orphaned(&back.j));   /* we are its owner */
	assert_int_equal(back.j.nsteps, 12);
	for (size_t i = 0; i < 12; i++) {
		assert_int_equal(back.j.steps[i].state, i >= 10 ? JSTEP_UNDONE : JSTEP_DONE);
		same_step(vj.j.steps[i].data, back.j.steps[i].data);
	}
	/* learned by make, journaled with done */
	assert_int_equal(((vif_step *)back.j.steps[7].data)->pid, 5150);
	vif_journal_free(&back);
	vif_journal_free(&vj);
}

static int refuse_make(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx;
	(void)kind;
	(void)step;
	return vn_err_set(err, EBUSY, "busy");
}

/* A step whose change failed (or was never made) reads back intended; a tap twin's type. */
static void test_intended(void **state)
{
	vif_journal vj, back;
	vif_step s = addr_step(VS_ADDRESS, "10.0.3.128", 32);
	vn_err err = {0};
	char point[128];

	(void)state;
	new_journal(&vj, true);
	assert_int_equal(journal_step(&vj.j, VS_ADDRESS, &s, refuse_make, NULL, &err), -EBUSY);
	assert_int_equal(vif_journal_read(path, &back, &err), 0);
	assert_true(back.tap);
	assert_int_equal(back.j.phase, JPHASE_DOING);
	assert_int_equal(back.j.nsteps, 1);
	assert_int_equal(back.j.steps[0].state, JSTEP_INTENDED);
	vif_journal_free(&back);
	vif_journal_free(&vj);
	journal_fault_point(&vif_journal_type, VS_LINK_UP, "-made", point);
	assert_string_equal(point, "vif-link-up-made");   /* the fault points of the vif's steps */
}

static void write_text(const char *file, const char *text)
{
	vn_err err = {0};

	assert_int_equal(file_write_atomic(file, text, strlen(text), 0644, &err), 0);
}

#define HEAD "<journal object='vif' phase='done' pid='1' start='1'/>\n"
#define VIF "<vif device='vif3.0' ifindex='7' mode='nat' type='vif'/>\n"
#define STEP "<step n='0' state='done' kind="

typedef struct hostile { const char *text, *want; } hostile;

/* A tampered journal is refused whole: the message names the file, the record (its line)
 * and the field, and nothing of it is returned to act on. */
static void refused(const char *text, const char *want)
{
	char msg[1024];
	vif_journal vj;
	vn_err err = {0};

	write_text(path, text);
	if (vif_journal_read(path, &vj, &err) != -EINVAL)
		fail_msg("accepted: %s", text);
	snprintf(msg, sizeof(msg), "journal %s: %s", path, want);
	if (strncmp(err.msg, msg, strlen(msg)) != 0)
		fail_msg("%s\n  expected: %s\n  got:      %s", text, msg, err.msg);
	assert_null(vj.j.doc);
	assert_int_equal(vj.j.nsteps, 0);
}

static const hostile steps[] = {
	{ STEP "'sysctl' name='net/../../etc/x' value='1'/>",
	  "record 3 (a 'sysctl' step): name 'net/../../etc/x' is not a sysctl name" },
	{ STEP "'sysctl' name='kernel/core_pattern' value='|/tmp/x'/>",
	  "record 3 (a 'sysctl' step): name 'kernel/core_pattern' is not a sysctl below net/" },
	{ STEP "'sysctl' name='net/ipv4/ip_forward' value='1&#10;'/>",
	  "record 3 (a 'sysctl' step): value '1\\x0a' is not a sysctl value" },
	{ STEP "'link-up' ifindex='7' value='down'/>\n"
	  "<step n='1' state='intended' kind='forwarding' name='/proc/sys/x' value='0'/>",
	  "record 4 (a 'forwarding' step): name '/proc/sys/x' is not a sysctl name" },
	{ STEP "'dnsmasq' pid='5' name='/etc/dnsmasq.conf'/>",
	  "record 3 (a 'dnsmasq' step): name '/etc/dnsmasq.conf' is not a field of this step" },
	{ STEP "'firewall' name='ip filter'/>",
	  "record 3 (a 'firewall' step): name 'ip filter' is not 'inet <table>' or "
	  "'bridge <table>'" },
	{ STEP "'firewall' name='inet virtnet_vif;flush ruleset'/>",
	  "record 3 (a 'firewall' step): name 'inet virtnet_vif;flush ruleset'" },
	{ STEP "'master' ifindex='7' name='br0\"'/>",
	  "record 3 (a 'master' step): name 'br0\"' is not an interface name" },
	{ STEP "'master' name='br0'/>", "record 3 (a 'master' step): it has no ifindex" },
	{ STEP "'link-up' ifindex='7' value='sideways'/>",
	  "record 3 (a 'link-up' step): value 'sideways' is not up or down" },
	{ STEP "'route' ifindex='7'/>", "record 3 (a 'route' step): it has no address" },
	{ STEP "'address' ifindex='7' address='10.0.0.1/8' prefix='8'/>",
	  "record 3 (a 'address' step): address '10.0.0.1/8' is not an IP address" },
	{ STEP "'address' ifindex='7' address='10.0.0.1' prefix='33'/>",
	  "record 3 (a 'address' step): prefix '33' is too long" },
	{ STEP "'mac' ifindex='7'/>", "record 3 (a 'mac' step): it has no mac" },
	{ STEP "'mtu' ifindex='7'/>", "record 3 (a 'mtu' step): it has no mtu" },
	{ STEP "'tc' ifindex='7' pid='99999999999'/>", "record 3 (a 'tc' step): " },
	{ STEP "'port' name='../../etc' value='default'/>",
	  "record 3 (a 'port' step): name '../../etc' is not a port UUID" },
	{ STEP "'port' name='0d3c1c2e-3f7a-4b8c-9d0e-1f2a3b4c5d6e' value='../x'/>",
	  "record 3 (a 'port' step): value (network) '../x' is not a file name" },
	{ STEP "'tc' ifindex='7'/>\n" STEP "'port'/>", "record 4: a step that changes its kind" },
};

static void test_hostile_steps(void **state)
{
	char text[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(text, sizeof(text), HEAD VIF "%s\n", steps[i].text);
		refused(text, steps[i].want);
	}
}

static const hostile payloads[] = {
	{ HEAD "<vif device='abcdefghijklmnop' ifindex='7' mode='nat' type='vif'/>\n",
	  "record 2 (<vif>): device 'abcdefghijklmnop' is not an interface name" },
	{ HEAD "<vif device='../vif3.0' ifindex='7' mode='nat' type='vif'/>\n",
	  "record 2 (<vif>): device '../vif3.0' is not an interface name" },
	{ HEAD "<vif device='vif4.0' ifindex='7' mode='nat' type='vif'/>\n",
	  "record 2 (<vif>): device 'vif4.0' is not the vif this file is named after" },
	{ HEAD "<vif device='vif3.0' ifindex='7' mode='nat2' type='vif'/>\n",
	  "record 2 (<vif>): mode 'nat2' is not a vif mode (bridge, nat, route)" },
	{ HEAD "<vif device='vif3.0' ifindex='7' mode='nat' type='hvm'/>\n",
	  "record 2 (<vif>): type 'hvm' is not vif or tap" },
	{ HEAD "<vif device='vif3.0' mode='nat' type='vif'/>\n",
	  "record 2 (<vif>): it has no ifindex" },
	{ HEAD "<vif ifindex='7' mode='nat' type='vif'/>\n", "record 2 (<vif>): it has no device" },
	{ HEAD "<network/>\n", "record 2 (<vif>): there is no <vif> payload" },
	{ HEAD VIF "<extra/>\n",
	  "record 2 (<vif>): <extra> follows it, which a vif journal never holds" },
	{ HEAD, "record 2 (<vif>): there is no <vif> payload" },
	/* an older vif-virtnet's record, and another object's journal */
	{ "<vifstatus device='vif3.0' ifindex='7' mode='nat' type='vif' state='online' pid='1'>\n"
	  "  <step kind='sysctl' name='net/ipv4/ip_forward' value='0'/>\n</vifstatus>\n",
	  "record 1: not a journal of this kind of object" },
	{ "<journal object='network' phase='done' pid='1' start='1'/>\n" VIF,
	  "record 1: not a journal of this kind of object" },
};

static void test_hostile_payload(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++)
		refused(payloads[i].text, payloads[i].want);
}

static void test_paths(void **state)
{
	char p[300];

	(void)state;
	assert_int_equal(vif_journal_path("/run/virtnet", "abcdefghijklmno", p, sizeof(p)), 0);
	assert_string_equal(p, "/run/virtnet/vifs/abcdefghijklmno.xml");   /* 15 bytes */
	assert_int_equal(vif_journal_path("/run/virtnet", "abcdefghijklmnop", p, sizeof(p)),
			 -EINVAL);
	assert_int_equal(vif_journal_path("/run/virtnet", "../x", p, sizeof(p)), -EINVAL);
	assert_int_equal(vif_journal_path("/run/virtnet", "vif3.0", p, 20), -ENAMETOOLONG);
}

/* Whether another vif uses the shared table: yes, no, and "cannot tell" when another vif's
 * journal cannot be read (then the table must stay; the message names the file). */
static void test_others_record(void **state)
{
	const char *in = "inet virtnet_vif", *br = "bridge virtnet_vif";
	char other[256];
	vn_paths p;
	vif_journal vj;
	vn_err err = {0};

	(void)state;
	memset(&p, 0, sizeof(p));
	snprintf(p.run, sizeof(p.run), "%s", root);
	assert_int_equal(vif_others_record(&p, "vif3.0", VS_FIREWALL, in, &err), 0);   /* none */
	new_journal(&vj, false);
	add_every_step(&vj);
	assert_int_equal(vif_others_record(&p, "vif3.0", VS_FIREWALL, in, &err), 0);   /* itself */
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, in, &err), 1);
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, br, &err), 0);
	/* its firewall step undone: it no longer uses the table */
	assert_int_equal(journal_undone(&vj.j, 6, &err), 0);
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, in, &err), 0);
	snprintf(other, sizeof(other), "%s/vif7.0.xml", vifs);
	write_text(other, "<vifstatus device='vif7.0'");   /* cut short */
	memset(&err, 0, sizeof(err));
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, br, &err), -EIO);
	if (!strstr(err.msg, other))
		fail_msg("message '%s' does not name %s", err.msg, other);
	/* known anyway, and its own file is not another's */
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_MASTER, "xenbr0", &err), 1);
	assert_int_equal(vif_others_record(&p, "vif7.0", VS_FIREWALL, br, NULL), 0);
	vif_journal_free(&vj);
}

/* The bounded lock is virtnet's lock: held elsewhere, it is given up after the timeout with
 * a message; free, it is taken. */
static void test_lock_timeout(void **state)
{
	char lockroot[] = "/tmp/test-vif-lock.XXXXXX", want[PATH_MAX + 160];
	vn_paths p;
	vn_err err = {0};
	int held, fd;

	(void)state;
	assert_non_null(mkdtemp(lockroot));
	assert_int_equal(state_paths_init(&p, lockroot, &err), 0);
	assert_true((held = state_lock(&p, false, &err)) >= 0);
	assert_true((fd = state_lock_timeout(&p, false, 50, &err)) >= 0);   /* shared with shared */
	close(fd);
	assert_int_equal(state_lock_timeout(&p, true, 50, &err), -ETIMEDOUT);
	snprintf(want, sizeof(want), "cannot lock %s: another virtnet command has held it for 1 s; "
		 "try again when it has finished", p.lock);
	assert_string_equal(err.msg, want);
	close(held);
	assert_true((fd = state_lock_timeout(&p, true, 50, &err)) >= 0);
	close(fd);
	unlink(p.lock);
	rmdir(p.run);
	snprintf(want, sizeof(want), "%s/run", lockroot);
	rmdir(want);
	rmdir(lockroot);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_golden_and_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_payload, setup, teardown),
		cmocka_unit_test(test_paths),
		cmocka_unit_test_setup_teardown(test_others_record, setup, teardown),
		cmocka_unit_test(test_lock_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
