/* test-bridge-format.c - brctl show/showmacs/showstp text from a fake sysfs tree, against
 * golden files in tests/data/bridge (REGENERATE=1 rewrites them; review the diff). The
 * goldens were checked against bridge-utils 1.7.1's brctl run on this very tree (bind-mounted
 * over /sys): KEEP_FAKE_SYSFS=1 keeps the tree and prints where it is. */
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "bridge_info.h"
#include "util/fileio.h"

#define GOLDEN_DIR TEST_DATA_DIR "/bridge"

/* A file with its text, a symlink ("->target"), or a folder (text NULL). */
typedef struct fake { const char *path, *text; } fake;

#define PORT(br, p, no, id, state, cost)                                                   \
	{ "class/net/" br "/brif/" p, "->../../" p "/brport" },                            \
	{ "class/net/" p "/brport/port_no", no }, { "class/net/" p "/brport/port_id", id }, \
	{ "class/net/" p "/brport/state", state }, { "class/net/" p "/brport/path_cost", cost }

static const fake tree[] = {
	{ "class/net/bonding_masters", "\n" },
	{ "class/net/eth0/address", "52:54:00:00:00:01\n" },
	/* br0: STP on, not the root, both topology flags, ports in every state */
	{ "class/net/br0/bridge/bridge_id", "8000.525400a1b2c3\n" },
	{ "class/net/br0/bridge/root_id", "1000.02000000000a\n" },
	{ "class/net/br0/bridge/stp_state", "1\n" },
	{ "class/net/br0/bridge/root_port", "2\n" },
	{ "class/net/br0/bridge/root_path_cost", "100\n" },
	{ "class/net/br0/bridge/max_age", "2000\n" },
	{ "class/net/br0/bridge/hello_time", "200\n" },
	{ "class/net/br0/bridge/forward_delay", "1500\n" },
	{ "class/net/br0/bridge/ageing_time", "30000\n" },
	{ "class/net/br0/bridge/hello_timer", "137\n" },
	{ "class/net/br0/bridge/tcn_timer", "5\n" },
	{ "class/net/br0/bridge/topology_change_timer", "3412\n" },
	{ "class/net/br0/bridge/gc_timer", "27190\n" },
	{ "class/net/br0/bridge/topology_change", "1\n" },
	{ "class/net/br0/bridge/topology_change_detected", "1\n" },
	PORT("br0", "vnet0", "0x1\n", "0x8001\n", "3\n", "100\n"),
	{ "class/net/vnet0/brport/designated_root", "1000.02000000000a\n" },
	{ "class/net/vnet0/brport/designated_bridge", "8000.525400a1b2c3\n" },
	{ "class/net/vnet0/brport/designated_port", "32769\n" },
	{ "class/net/vnet0/brport/designated_cost", "100\n" },
	{ "class/net/vnet0/brport/message_age_timer", "0\n" },
	{ "class/net/vnet0/brport/forward_delay_timer", "1498\n" },
	{ "class/net/vnet0/brport/hold_timer", "42\n" },
	{ "class/net/vnet0/brport/change_ack", "0\n" },
	{ "class/net/vnet0/brport/config_pending", "0\n" },
	{ "class/net/vnet0/brport/hairpin_mode", "0\n" },
	PORT("br0", "Ax", "0x2\n", "0x8002\n", "0\n", "2\n"),
	{ "class/net/Ax/brport/hairpin_mode", "1\n" },
	{ "class/net/Ax/brport/config_pending", "1\n" },
	{ "class/net/Ax/brport/change_ack", "1\n" },
	{ "class/net/Ax/brport/designated_port", "0x8002\n" },
	PORT("br0", "ax", "0x3\n", "0x8003\n", "4\n", "19\n"),
	{ "class/net/ax/brport/message_age_timer", "1999\n" },
	{ "class/net/ax/brport/forward_delay_timer", "123456\n" },
	{ "class/net/ax/brport/hold_timer", "-1\n" },
	{ "class/net/ax/brport/designated_cost", "65535\n" },
	PORT("br0", "vnet10", "0x10\n", "0x8010\n", "7\n", "junk\n"),
	PORT("br0", "vnet9", "0x9\n", "0x8009\n", "1\n", "2000000\n"),
	{ "class/net/vnet9/brport/designated_root", "zz\n" },
	/* virbr1: STP off, no ports */
	{ "class/net/virbr1/bridge/bridge_id", "8000.5254001e2f30\n" },
	{ "class/net/virbr1/bridge/stp_state", "0\n" },
	{ "class/net/virbr1/brif", NULL },
	/* zbr: user-space STP (2), unreadable values, a single port */
	{ "class/net/zbr/bridge/bridge_id", "junk\n" },
	{ "class/net/zbr/bridge/stp_state", "2\n" },
	{ "class/net/zbr/bridge/root_port", "junk\n" },
	{ "class/net/zbr/bridge/max_age", "-5\n" },
	PORT("zbr", "tap0", "0x1\n", "0x8001\n", "2\n", "4\n"),
};

/* brforward of br0: struct __fdb_entry records, unsorted, a MAC on two ports (VLANs). */
typedef struct rec { uint8_t mac[6]; unsigned port; uint8_t local; uint32_t timer; } rec;
static const rec fdb[] = {
	{ { 0x52, 0x54, 0x00, 0xa1, 0xb2, 0xc3 }, 1, 1, 0 },
	{ { 0xfe, 0x54, 0x00, 0x00, 0x00, 0x01 }, 2, 0, 12345 },
	{ { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a }, 3, 0, 5 },
	{ { 0xfe, 0x54, 0x00, 0x00, 0x00, 0x01 }, 16, 0, 30000 },
	{ { 0x02, 0x00, 0x00, 0x00, 0x00, 0x09 }, 300, 0, 4294967295u },
	{ { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff }, 9, 1, 0 },
	{ { 0xfe, 0x54, 0x00, 0x00, 0x00, 0x01 }, 9, 0, 99 },
};

static char root[64];

static void mkparents(const char *path)
{
	char dir[512];

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(mkdir_p(dir, 0755), 0);
}

static void write_file(const char *rel, const void *data, size_t len)
{
	char path[512];
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkparents(path);
	if (file_write_atomic(path, data, len, 0644, &err) < 0)
		fail_msg("%s", err.msg);
}

static void make_entry(const fake *f)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, f->path);
	if (!f->text) {
		assert_int_equal(mkdir_p(path, 0755), 0);
	} else if (strncmp(f->text, "->", 2) == 0) {
		mkparents(path);
		assert_int_equal(symlink(f->text + 2, path), 0);
	} else {
		write_file(f->path, f->text, strlen(f->text));
	}
}

static void make_fdb(const char *rel, size_t extra_bytes)
{
	uint8_t buf[sizeof(fdb) / sizeof(fdb[0]) * 16 + 16] = {0};
	size_t n = sizeof(fdb) / sizeof(fdb[0]);

	for (size_t i = 0; i < n; i++) {
		uint8_t *r = buf + i * 16;
		memcpy(r, fdb[i].mac, 6);
		r[6] = (uint8_t)fdb[i].port;
		r[7] = fdb[i].local;
		memcpy(r + 8, &fdb[i].timer, 4);
		r[12] = (uint8_t)(fdb[i].port >> 8);
	}
	write_file(rel, buf, n * 16 + extra_bytes);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vn-fake-sysfs.XXXXXX");
	assert_non_null(mkdtemp(root));
	for (size_t i = 0; i < sizeof(tree) / sizeof(tree[0]); i++)
		make_entry(&tree[i]);
	make_fdb("class/net/br0/brforward", 0);
	make_fdb("class/net/zbr/brforward", 7);   /* a torn last record is ignored */
	write_file("class/net/virbr1/brforward", "", 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (getenv("KEEP_FAKE_SYSFS"))
		fprintf(stderr, "# fake sysfs kept in %s\n", root);
	else
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static void check_golden(const char *name, vn_buf *b)
{
	char path[512], *want = NULL;
	size_t len;
	vn_err err = {0};

	assert_false(b->oom);
	const char *got = b->s ? b->s : "";
	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	if (getenv("REGENERATE")) {
		assert_int_equal(file_write_atomic(path, got, strlen(got), 0644, &err), 0);
	} else {
		if (file_read_all(path, 1 << 20, &want, &len, &err) < 0)
			fail_msg("%s", err.msg);
		if (strcmp(want, got) != 0)
			fail_msg("output differs from %s (REGENERATE=1 to refresh, then review the diff):\n%s", path, got);
		free(want);
	}
	buf_free(b);
}

/* ---- show ---- */

static void show_every_bridge(void **state)
{
	vn_bridge *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	vn_buf b = {0};

	(void)state;
	assert_int_equal(bridge_read_all(root, 0, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "br0");
	assert_int_equal(v[0].nports, 5);
	assert_string_equal(v[0].ports[0].name, "Ax");      /* strcmp order: upper case first */
	assert_string_equal(v[0].ports[3].name, "vnet10");
	assert_int_equal(v[0].ports[0].port_no, 0);       /* names only without PORT_DETAILS */
	bridge_format_show(&b, v, n);
	check_golden("show.txt", &b);
	bridge_list_free(v, n);
}

static void show_json(void **state)
{
	vn_bridge *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	vn_json j = {0};

	(void)state;
	assert_int_equal(bridge_read_all(root, 0, &v, &n, &err), 0);
	bridge_format_show_json(&j, v, n);
	buf_addc(&j.b, '\n');
	check_golden("show-json.txt", &j.b);
	bridge_list_free(v, n);

	bridge_format_show_json(&j, NULL, 0);
	char *s = json_steal(&j);
	assert_string_equal(s, "[]\n");
	free(s);
}

static void show_nothing_without_bridges(void **state)
{
	vn_buf b = {0};

	(void)state;
	bridge_format_show(&b, NULL, 0);   /* brctl prints not even its header */
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* ---- showstp ---- */

static void showstp_golden(const char *bridge, const char *golden)
{
	vn_bridge br;
	vn_err err = {0};
	vn_buf b = {0};

	assert_int_equal(bridge_read(root, bridge, BRIDGE_READ_PORT_DETAILS, &br, &err), 0);
	bridge_format_showstp(&b, &br);
	check_golden(golden, &b);
	bridge_clear(&br);
}

static void showstp(void **state)
{
	(void)state;
	showstp_golden("br0", "showstp-br0.txt");
	showstp_golden("zbr", "showstp-zbr.txt");
	showstp_golden("virbr1", "showstp-virbr1.txt");
}

static void values_read_like_brctl(void **state)
{
	vn_bridge br;
	vn_err err = {0};

	(void)state;
	assert_int_equal(bridge_read(root, "br0", BRIDGE_READ_PORT_DETAILS, &br, &err), 0);
	assert_int_equal(br.ports[0].port_no, 2);            /* "0x2": scanf's %i */
	assert_int_equal(br.ports[0].designated_port, 0x8002);
	assert_int_equal(br.ports[3].path_cost, -1);         /* "junk" */
	assert_int_equal(br.ports[4].designated_cost, 0);    /* no such file */
	assert_int_equal(br.id.prio[0], 0x80);
	assert_int_equal(br.id.addr[5], 0xc3);
	bridge_clear(&br);
	bridge_clear(NULL);
}

/* ---- showmacs ---- */

static void showmacs_sorted_by_mac(void **state)
{
	vn_fdb_entry *v = NULL;
	size_t n = 0;
	vn_err err = {0};
	vn_buf b = {0};

	(void)state;
	assert_int_equal(bridge_read_fdb(root, "br0", &v, &n, &err), 0);
	assert_int_equal(n, 7);
	assert_int_equal(v[4].port_no, 300);
	bridge_format_showmacs(&b, v, n);
	check_golden("showmacs-br0.txt", &b);
	free(v);

	assert_int_equal(bridge_read_fdb(root, "zbr", &v, &n, &err), 0);
	assert_int_equal(n, 7);
	free(v);
	assert_int_equal(bridge_read_fdb(root, "virbr1", &v, &n, &err), 0);
	assert_int_equal(n, 0);
	bridge_format_showmacs(&b, v, n);
	assert_string_equal(b.s, "port no\tmac addr\t\tis local?\tageing timer\n");
	buf_free(&b);
	free(v);
}

static void timers(void **state)
{
	vn_fdb_entry e[] = {
		{ { 1 }, 1, false, 0 }, { { 2 }, 2, false, 5 }, { { 3 }, 3, true, 30000 }, { { 4 }, 4, false, 123456 },
	};
	vn_buf b = {0};

	(void)state;
	bridge_format_showmacs(&b, e, 4);
	assert_string_equal(b.s, "port no\tmac addr\t\tis local?\tageing timer\n"
			    "  1\t01:00:00:00:00:00\tno\t\t   0.00\n"
			    "  2\t02:00:00:00:00:00\tno\t\t   0.05\n"
			    "  3\t03:00:00:00:00:00\tyes\t\t 300.00\n"
			    "  4\t04:00:00:00:00:00\tno\t\t1234.56\n");
	buf_free(&b);
}

/* ---- errors ---- */

static void expect_error(const char *name, int code, const char *msg)
{
	vn_bridge br;
	vn_fdb_entry *v = NULL;
	size_t n = 0;
	vn_err err = {0};

	assert_int_equal(bridge_read(root, name, 0, &br, &err), -code);
	assert_string_equal(err.msg, msg);
	assert_null(br.name);
	assert_int_equal(bridge_read_fdb(root, name, &v, &n, &err), -code);
	assert_string_equal(err.msg, msg);
	assert_null(v);
}

static void errors(void **state)
{
	vn_bridge *v = NULL;
	size_t n = 0;
	vn_err err = {0};

	(void)state;
	expect_error("nope", ENODEV, "bridge 'nope' not found");
	expect_error("eth0", ENOTDIR, "interface 'eth0' is not a bridge");
	expect_error("bonding_masters", ENOTDIR, "interface 'bonding_masters' is not a bridge");
	expect_error("../br0", EINVAL, "'../br0' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)");
	expect_error("..", EINVAL, "'..' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)");
	expect_error("", EINVAL, "'' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)");
	expect_error("br 0", EINVAL, "'br 0' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)");
	expect_error("a-name-too-long0", EINVAL,
		     "'a-name-too-long0' is not a valid bridge name (1 to 15 characters, no '/', ':' or spaces)");
	assert_int_equal(bridge_read_all("/nonexistent-sysfs", 0, &v, &n, &err), -ENOENT);
	assert_string_equal(err.msg, "cannot read /nonexistent-sysfs/class/net: No such file or directory");
	assert_null(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(show_every_bridge),
		cmocka_unit_test(show_json),
		cmocka_unit_test(show_nothing_without_bridges),
		cmocka_unit_test(showstp),
		cmocka_unit_test(values_read_like_brctl),
		cmocka_unit_test(showmacs_sorted_by_mac),
		cmocka_unit_test(timers),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
