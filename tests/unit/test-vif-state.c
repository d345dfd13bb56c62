/* test-vif-state.c - vif-virtnet's step record: golden XML, round trip, refused input, files */
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
#include "helpers/xen/vif_state.h"
#include "state/state.h"
#include "util/fileio.h"

#define GOLDEN TEST_DATA_DIR "/vif/state-nat.xml"

static void add(vif_state *st, vif_step s)
{
	assert_int_equal(vif_state_add(st, &s), 0);
}

/* What online of vif3.0 in nat mode records, in order. */
static vif_state *nat_state(void)
{
	vif_state *st = vif_state_new("vif3.0");
	vif_step s;

	assert_non_null(st);
	st->ifindex = 7, st->mode = VIF_MODE_NAT, st->online = true, st->pid = 4242;
	add(st, (vif_step){ .kind = VS_LINK_UP, .ifindex = 7, .value = "down" });
	add(st, (vif_step){ .kind = VS_SYSCTL, .name = "net/ipv4/conf/vif3.0/proxy_arp", .value = "0" });
	add(st, (vif_step){ .kind = VS_FORWARDING, .name = "net/ipv4/ip_forward", .value = "0" });
	s = (vif_step){ .kind = VS_ADDRESS, .ifindex = 7, .prefix = 32 };
	addr_parse("10.0.3.128", AF_INET, &s.addr);
	add(st, s);
	s = (vif_step){ .kind = VS_ROUTE, .ifindex = 7, .prefix = 32, .metric = 2 };
	addr_parse("10.0.3.1", AF_INET, &s.addr);
	addr_parse("10.0.3.128", AF_INET, &s.src);
	add(st, s);
	add(st, (vif_step){ .kind = VS_TC, .ifindex = 7 });
	add(st, (vif_step){ .kind = VS_FIREWALL, .name = "inet virtnet_vif" });
	add(st, (vif_step){ .kind = VS_DNSMASQ, .pid = 5150, .name = "/run/virtnet/dnsmasq/vif-vif3.0.conf" });
	s = (vif_step){ .kind = VS_MAC, .ifindex = 7, .mtu = 0 };
	mac_parse("00:16:3e:0a:0b:0c", &s.mac);
	add(st, s);
	add(st, (vif_step){ .kind = VS_MTU, .ifindex = 7, .mtu = 1500 });
	add(st, (vif_step){ .kind = VS_MASTER, .ifindex = 7, .name = "xenbr0" });
	add(st, (vif_step){ .kind = VS_PORT, .name = "0d3c1c2e-3f7a-4b8c-9d0e-1f2a3b4c5d6e", .value = "lab & <co>" });
	return st;
}

static void test_golden_and_round_trip(void **state)
{
	vif_state *st = nat_state(), *back = NULL;
	char *xml = vif_state_format(st), *again;
	vn_err err = {0};

	(void)state;
	golden_check(GOLDEN, xml);
	assert_int_equal(vif_state_parse(xml, strlen(xml), "(test)", "/run/virtnet", &back, &err), 0);
	again = vif_state_format(back);
	assert_string_equal(again, xml);
	assert_int_equal(back->nsteps, 12);
	assert_int_equal(back->steps[4].metric, 2);
	assert_string_equal(back->steps[11].value, "lab & <co>");
	assert_true(back->online);
	assert_int_equal(back->pid, 4242);
	free(again);
	free(xml);
	vif_state_free(back);
	vif_state_free(st);
}

static void refused(const char *xml, const char *want)
{
	vif_state *st = NULL;
	vn_err err = {0};

	if (vif_state_parse(xml, strlen(xml), "t.xml", "/run/virtnet", &st, &err) == 0)
		fail_msg("accepted: %s", xml);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
	assert_null(st);
}

static void test_refused(void **state)
{
	(void)state;
	refused("<vifstatus device='vif3.0' mode='nat' type='vif' state='online'><step kind='teleport'/></vifstatus>",
		"t.xml: step 1: unknown step kind 'teleport'");
	refused("<vifstatus device='vif3.0' mode='nat2' type='vif' state='online'/>", "needs mode (bridge, nat, route)");
	refused("<vifstatus device='vif3.0' mode='nat' type='vif' state='online'><step kind='address' address='10.0.0.1' prefix='33'/></vifstatus>",
		"prefix 33 is too long");
	refused("<vifstatus device='vif3.0' mode='nat' type='vif' state='online'><step kind='mac'/></vifstatus>", "bad or missing mac");
	refused("<vifstatus mode='nat' type='vif' state='online'/>", "has no device");
	refused("<networkstatus/>", "t.xml");
}

static void test_files(void **state)
{
	char dir[] = "/tmp/test-vif-state.XXXXXX", path[256], sub[300];
	vif_state *st = nat_state(), *back = NULL;
	vn_err err = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/vifs", dir);
	assert_int_equal(mkdir_p(sub, 0755), 0);
	assert_int_equal(vif_state_path(dir, "vif3.0", path, sizeof(path)), 0);
	assert_int_equal(vif_state_read(path, "/run/virtnet", &back, &err), -ENOENT);
	assert_int_equal(vif_state_write(path, st, &err), 0);
	assert_int_equal(vif_state_read(path, "/run/virtnet", &back, &err), 0);
	assert_int_equal(back->nsteps, st->nsteps);
	assert_string_equal(back->dev, "vif3.0");
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	vif_state_free(back);
	vif_state_free(st);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char path[512];
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644, &err), 0);
}

#define STEP(x) "<vifstatus device='vif3.0' ifindex='7' mode='nat' type='vif' state='online'>" x "</vifstatus>"

/* Records are read like input: every field of a step as vif-virtnet writes it, else the whole
 * record is refused, naming the file, the step and the field. */
static void test_refused_fields(void **state)
{
	(void)state;
	refused(STEP("<step kind='sysctl' name='net/../../etc/x' value='1'/>"),
		"t.xml: step 1 (sysctl) name 'net/../../etc/x' is not a sysctl name: use components of letters");
	refused(STEP("<step kind='link-up' ifindex='7' value='down'/><step kind='forwarding' name='/proc/sys/x' value='0'/>"),
		"t.xml: step 2 (forwarding) name '/proc/sys/x' is not a sysctl name");
	refused(STEP("<step kind='sysctl' name='kernel/core_pattern' value='|/tmp/x'/>"),
		"t.xml: step 1 (sysctl) name 'kernel/core_pattern' is not a sysctl below net/ (vif-virtnet changes no other)");
	refused(STEP("<step kind='sysctl' name='net/ipv4/ip_forward' value='1&#10;'/>"),
		"t.xml: step 1 (sysctl) value '1\\x0a' is not a sysctl value");
	refused(STEP("<step kind='dnsmasq' name='/etc/dnsmasq.conf'/>"),
		"t.xml: step 1 (dnsmasq) name '/etc/dnsmasq.conf' is not a config file of vif-virtnet's dnsmasq "
		"(/run/virtnet/dnsmasq/vif-<device>.conf)");
	refused(STEP("<step kind='dnsmasq' name='/run/virtnet/dnsmasq/vif-../../x.conf'/>"), "t.xml: step 1 (dnsmasq) name");
	refused(STEP("<step kind='dnsmasq' name='run/virtnet/dnsmasq/vif-vif3.0.conf'/>"),
		"t.xml: step 1 (dnsmasq) name 'run/virtnet/dnsmasq/vif-vif3.0.conf' is not an absolute path");
	refused(STEP("<step kind='firewall' name='ip filter'/>"), "t.xml: step 1 (firewall) name 'ip filter' is not 'inet <table>'");
	refused(STEP("<step kind='firewall' name='inet virtnet_vif;flush ruleset'/>"), "step 1 (firewall) name");
	refused(STEP("<step kind='master' ifindex='7' name='br0\"'/>"),
		"t.xml: step 1 (master) name 'br0\"' is not an interface name");
	refused(STEP("<step kind='master' name='br0'/>"), "t.xml: step 1 (master) has no ifindex");
	refused(STEP("<step kind='link-up' ifindex='7' value='sideways'/>"), "step 1 (link-up) value 'sideways' is not up or down");
	refused(STEP("<step kind='route' ifindex='7'/>"), "t.xml: step 1 (route) has no address");
	refused(STEP("<step kind='address' ifindex='7' address='10.0.0.1/8' prefix='8'/>"), "t.xml: step 1: bad address in step 'address'");
	refused(STEP("<step kind='port' name='../../etc' value='default'/>"), "step 1 (port) name '../../etc' is not a port UUID");
	refused(STEP("<step kind='port' name='0d3c1c2e-3f7a-4b8c-9d0e-1f2a3b4c5d6e' value='../x'/>"),
		"step 1 (port) value (network) '../x' is not a file name");
	refused("<vifstatus device='abcdefghijklmnop' mode='nat' type='vif' state='online'/>",
		"t.xml: <vifstatus> device 'abcdefghijklmnop' is not an interface name");
	refused("<vifstatus device='../vif3.0' mode='nat' type='vif' state='online'/>", "<vifstatus> device '../vif3.0'");
}

/* A record is the one of the vif it is named after. */
static void test_read_named_after(void **state)
{
	char dir[] = "/tmp/test-vif-named.XXXXXX", path[300];
	vif_state *st = NULL;
	vn_err err = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_text(dir, "vif4.0.xml", "<vifstatus device='vif3.0' mode='nat' type='vif' state='online'/>");
	snprintf(path, sizeof(path), "%s/vif4.0.xml", dir);
	assert_int_equal(vif_state_read(path, "/run/virtnet", &st, &err), -EINVAL);
	assert_null(st);
	assert_non_null(strstr(err.msg, "<vifstatus> device 'vif3.0' is not the vif this file is named after"));
	unlink(path);
	write_text(dir, "abcdefghijklmno.xml", "<vifstatus device='abcdefghijklmno' mode='nat' type='vif' state='online'/>");
	snprintf(path, sizeof(path), "%s/abcdefghijklmno.xml", dir);
	assert_int_equal(vif_state_read(path, "/run/virtnet", &st, &err), 0);
	vif_state_free(st);
	unlink(path);
	rmdir(dir);
	assert_int_equal(vif_state_path("/run/virtnet", "abcdefghijklmnop", path, sizeof(path)), -EINVAL);
	assert_int_equal(vif_state_path("/run/virtnet", "../x", path, sizeof(path)), -EINVAL);
}

/* Whether another vif uses the shared table: yes, no, and "cannot tell" when another vif's
 * state file cannot be read (then the table must stay; the message names the file). */
static void test_others_record(void **state)
{
	char root[] = "/tmp/test-vif-others.XXXXXX", dir[PATH_MAX + 8], path[PATH_MAX + 64];
	vif_state *st = nat_state();
	vn_paths p;
	vn_err err = {0};

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(state_paths_init(&p, root, &err), 0);
	snprintf(dir, sizeof(dir), "%s/vifs", p.run);
	assert_int_equal(mkdir_p(dir, 0755), 0);
	for (size_t i = 0; i < st->nsteps; i++)   /* its dnsmasq below this run folder */
		if (st->steps[i].kind == VS_DNSMASQ)
			assert_true(snprintf(st->steps[i].name, sizeof(st->steps[i].name), "%s/dnsmasq/vif-vif3.0.conf", p.run) < 256);
	assert_int_equal(vif_others_record(&p, "vif3.0", VS_FIREWALL, "inet virtnet_vif", &err), 0);   /* no folder content */
	snprintf(path, sizeof(path), "%s/vif3.0.xml", dir);
	assert_int_equal(vif_state_write(path, st, &err), 0);
	assert_int_equal(vif_others_record(&p, "vif3.0", VS_FIREWALL, "inet virtnet_vif", &err), 0);   /* only itself */
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, "inet virtnet_vif", &err), 1);
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, "bridge virtnet_vif", &err), 0);
	write_text(dir, "vif7.0.xml", "<vifstatus device='vif7.0'");   /* cut short */
	memset(&err, 0, sizeof(err));
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, "bridge virtnet_vif", &err), -EIO);
	snprintf(path, sizeof(path), "%s/vif7.0.xml", dir);
	if (!strstr(err.msg, path))
		fail_msg("message '%s' does not name %s", err.msg, path);
	assert_int_equal(vif_others_record(&p, "vif4.0", VS_FIREWALL, "inet virtnet_vif", &err), 1);   /* known anyway */
	assert_int_equal(vif_others_record(&p, "vif7.0", VS_FIREWALL, "bridge virtnet_vif", NULL), 0);   /* its own file */
	write_text(dir, ".vif8.0.xml.tmp", "junk");   /* not a state file: ignored */
	assert_int_equal(vif_others_record(&p, "vif7.0", VS_FIREWALL, "bridge virtnet_vif", NULL), 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.vif8.0.xml.tmp", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/vif3.0.xml", dir);
	unlink(path);
	rmdir(dir);
	rmdir(p.run);
	snprintf(path, sizeof(path), "%s/run", root);
	rmdir(path);
	rmdir(root);
	vif_state_free(st);
}

/* Undo in reverse: every item is tried, last first; the failures stay in their order. */
typedef struct undo_log { int order[8]; size_t n; } undo_log;

static int undo_int(void *item, void *ctx, vn_err *err)
{
	undo_log *log = ctx;
	int v = *(int *)item;

	log->order[log->n++] = v;
	return v % 2 ? vn_err_set(err, EBUSY, "%d failed", v) : 0;
}

static void test_undo_reverse(void **state)
{
	int items[] = { 1, 2, 3, 4, 6, 7 }, first = 0;
	undo_log log = {0};
	vn_err err = {0};
	size_t keep;

	(void)state;
	keep = vif_undo_reverse(items, 6, sizeof(int), undo_int, &log, &first, &err);
	assert_int_equal(log.n, 6);
	assert_int_equal(log.order[0], 7);
	assert_int_equal(log.order[5], 1);
	assert_int_equal(keep, 3);
	assert_int_equal(items[0], 1);
	assert_int_equal(items[1], 3);
	assert_int_equal(items[2], 7);
	assert_int_equal(first, -EBUSY);
	assert_string_equal(err.msg, "7 failed");   /* the first to fail, in undo order */
	first = 0;
	assert_int_equal(vif_undo_reverse(items, 0, sizeof(int), undo_int, &log, &first, &err), 0);
	assert_int_equal(first, 0);
	int evens[] = { 2, 4 };
	assert_int_equal(vif_undo_reverse(evens, 2, sizeof(int), undo_int, &log, &first, &err), 0);
	assert_int_equal(first, 0);
}

/* The bounded lock is virtnet's lock: held elsewhere, it is given up after the timeout with
 * a message; free, it is taken. */
static void test_lock_timeout(void **state)
{
	char root[] = "/tmp/test-vif-lock.XXXXXX", path[PATH_MAX + 160];
	vn_paths p;
	vn_err err = {0};
	int held, fd;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(state_paths_init(&p, root, &err), 0);
	assert_true((held = state_lock(&p, false, &err)) >= 0);
	assert_true((fd = state_lock_timeout(&p, false, 50, &err)) >= 0);   /* shared with shared */
	close(fd);
	assert_int_equal(state_lock_timeout(&p, true, 50, &err), -ETIMEDOUT);
	snprintf(path, sizeof(path), "cannot lock %s: another virtnet command has held it for 1 s; try again when it has finished", p.lock);
	assert_string_equal(err.msg, path);
	close(held);
	assert_true((fd = state_lock_timeout(&p, true, 50, &err)) >= 0);
	close(fd);
	unlink(p.lock);
	rmdir(p.run);
	snprintf(path, sizeof(path), "%s/run", root);
	rmdir(path);
	rmdir(root);
}

static void test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < VS__COUNT; k++) {
		assert_non_null(vif_step_kind_to_string((vif_step_kind)k));
		assert_int_equal(vif_step_kind_from_string(vif_step_kind_to_string((vif_step_kind)k)), k);
	}
	assert_int_equal(vif_step_kind_from_string("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_and_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_refused_fields),
		cmocka_unit_test(test_read_named_after),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_others_record),
		cmocka_unit_test(test_undo_reverse),
		cmocka_unit_test(test_lock_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
