/* test-store.c - definitions on disk: conflicts, generated bridge and MAC, overlaps, atomic files */
#include <errno.h>
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

#include "conf/network_xml.h"
#include "state/status.h"
#include "state/store.h"
#include "util/fileio.h"

struct fixture {
	char root[64];
	vn_paths paths;
	vn_netlist list;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	vn_err err = {0};

	snprintf(f->root, sizeof(f->root), "/tmp/virtnet-test-store-XXXXXX");
	assert_non_null(mkdtemp(f->root));
	assert_int_equal(state_paths_init(&f->paths, f->root, &err), 0);
	assert_int_equal(state_mkdirs(&f->paths, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	store_list_free(&f->list);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int define_xml(struct fixture *f, const char *xml, bool strict, vn_notes *notes, vn_err *err)
{
	vn_network *def = NULL;
	vn_netobj *saved;
	vn_define_opts o = { .strict = strict };
	int r = net_parse(xml, strlen(xml), "(test)", &def, err);

	if (r < 0)
		return r;
	return store_define(&f->paths, &f->list, def, &o, &saved, notes, err);
}

static void reload(struct fixture *f)
{
	vn_err err = {0};
	vn_notes notes = {0};

	store_list_free(&f->list);
	assert_int_equal(store_load(&f->paths, &f->list, &notes, &err), 0);
	assert_int_equal(notes.n, 0);
}

static void generated_bridge_and_mac_are_saved(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};

	assert_int_equal(define_xml(f, "<network><name>a</name><ip address='10.1.0.1' prefix='24'/></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>b</name><bridge name='virbr%d'/></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>c</name><bridge name='lab%d'/></network>", false, NULL, &err), 0);
	reload(f);
	assert_int_equal(f->list.n, 3);
	vn_netobj *a = store_lookup(&f->list, "a"), *b = store_lookup(&f->list, "b"), *c = store_lookup(&f->list, "c");
	assert_non_null(a);
	assert_true(strncmp(a->def->bridge, "virbr", 5) == 0);
	assert_string_not_equal(a->def->bridge, b->def->bridge);
	assert_string_equal(c->def->bridge, "lab0");
	assert_true(a->def->mac_specified);
	assert_memory_equal(a->def->mac.b, "\x52\x54\x00", 3);
	assert_false(mac_equal(&a->def->mac, &b->def->mac));
	/* lookup by UUID, like virsh */
	char u[VN_UUID_STRLEN];
	assert_ptr_equal(store_lookup(&f->list, uuid_format(a->def->uuid, u)), a);
	assert_null(store_lookup(&f->list, "nope"));
}

static void name_and_uuid_conflicts(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};
	const char *one = "<network><name>n</name><uuid>11111111-1111-4111-8111-111111111111</uuid></network>";

	assert_int_equal(define_xml(f, one, false, NULL, &err), 0);
	/* same name and uuid: a redefinition */
	assert_int_equal(define_xml(f, "<network><name>n</name><uuid>11111111-1111-4111-8111-111111111111</uuid><title>t</title></network>", false, NULL, &err), 0);
	assert_int_equal(f->list.n, 1);
	assert_string_equal(f->list.v[0].def->title, "t");
	assert_int_equal(define_xml(f, "<network><name>n</name><uuid>22222222-1111-4111-8111-111111111111</uuid></network>", false, NULL, &err), -EEXIST);
	assert_string_equal(err.msg, "network 'n' already exists with uuid 11111111-1111-4111-8111-111111111111 "
					   "(give that <uuid> to replace it, or choose another <name>)");
	assert_int_equal(define_xml(f, "<network><name>m</name><uuid>11111111-1111-4111-8111-111111111111</uuid></network>", false, NULL, &err), -EEXIST);
	assert_string_equal(err.msg, "network 'n' is already defined with uuid 11111111-1111-4111-8111-111111111111 "
					   "(leave <uuid> out for a new network)");
}

static void bridge_conflict(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};

	assert_int_equal(define_xml(f, "<network><name>a</name><bridge name='vn7'/></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>b</name><bridge name='vn7'/></network>", false, NULL, &err), -EEXIST);
	assert_string_equal(err.msg, "bridge name 'vn7' is already used by network 'a'; choose another <bridge name=...> or leave it out");
	assert_int_equal(define_xml(f, "<network><name>c</name><bridge name='a-very-long-bridge-name'/></network>", false, NULL, &err), -EINVAL);
}

static void overlap_warns_or_refuses(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};
	vn_notes notes = {0};

	assert_int_equal(define_xml(f, "<network><name>default</name><ip address='192.168.122.1' prefix='24'/></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>lab</name><ip address='192.168.122.129' prefix='25'/></network>", false, &notes, &err), 0);
	assert_int_equal(notes.n, 1);
	assert_string_equal(notes.v[0], "network 'lab' overlaps 192.168.122.0/24 of network 'default'");
	vn_notes_free(&notes);
	assert_int_equal(define_xml(f, "<network><name>lab2</name><ip address='192.168.0.1' prefix='16'/></network>", true, NULL, &err), -EEXIST);
	assert_string_equal(err.msg, "network 'lab2' overlaps 192.168.122.0/24 of network 'default' "
					   "(choose another <ip address=...>; without --strict this is a warning)");
	reload(f);
	assert_null(store_lookup(&f->list, "lab2"));
}

static void bad_names_refused(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};
	char xml[600], longname[300];

	assert_int_equal(define_xml(f, "<network><name>.hidden</name></network>", false, NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "network name '.hidden' must not start with '.'");
	memset(longname, 'x', 252);
	longname[252] = '\0';
	snprintf(xml, sizeof(xml), "<network><name>%s</name></network>", longname);
	assert_int_equal(define_xml(f, xml, false, NULL, &err), -ENAMETOOLONG);
	assert_string_equal(err.msg, "network name is 252 bytes long; at most 251 are allowed");
	longname[251] = '\0';
	snprintf(xml, sizeof(xml), "<network><name>%s</name></network>", longname);
	assert_int_equal(define_xml(f, xml, false, NULL, &err), 0);
}

static void autostart_and_undefine(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};
	char link[4200];
	struct stat st;

	assert_int_equal(define_xml(f, "<network><name>a</name></network>", false, NULL, &err), 0);
	vn_netobj *o = store_lookup(&f->list, "a");
	assert_int_equal(store_set_autostart(&f->paths, o, true, &err), 0);
	snprintf(link, sizeof(link), "%s/a.xml", f->paths.autostart);
	assert_int_equal(lstat(link, &st), 0);
	reload(f);
	o = store_lookup(&f->list, "a");
	assert_true(o->autostart);
	assert_int_equal(store_undefine(&f->paths, &f->list, o, &err), 0);
	assert_int_equal(f->list.n, 0);
	assert_int_equal(lstat(link, &st), -1);
	reload(f);
	assert_int_equal(f->list.n, 0);
}

static void broken_files_are_notes(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};
	vn_notes notes = {0};
	char path[4200];

	snprintf(path, sizeof(path), "%s/bad.xml", f->paths.networks);
	assert_int_equal(file_write_atomic(path, "<network>", 9, 0600, &err), 0);
	snprintf(path, sizeof(path), "%s/other.xml", f->paths.networks);
	assert_int_equal(file_write_atomic(path, "<network><name>x</name></network>", 33, 0600, &err), 0);
	snprintf(path, sizeof(path), "%s/" FILE_TEMP_PREFIX "AbC123", f->paths.networks);
	assert_int_equal(file_write_atomic(path, "partial", 7, 0600, &err), 0);
	store_list_free(&f->list);
	assert_int_equal(store_load(&f->paths, &f->list, &notes, &err), 0);
	assert_int_equal(f->list.n, 0);
	assert_int_equal(notes.n, 2);
	assert_non_null(strstr(notes.v[0], "malformed XML") ? notes.v[0] : notes.v[1]);
	vn_notes_free(&notes);
	store_sweep_temp(&f->paths);
	assert_int_equal(access(path, F_OK), -1);
}

static void write_status_phase(struct fixture *f, const char *file, const char *name,
			       const char *phase)
{
	char path[4200], text[512];
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s/%s.xml", f->paths.status, file);
	snprintf(text, sizeof(text),
		 "<journal object='network' phase='%s' pid='1' start='1'/>\n<networkstatus/>\n"
		 "<network><name>%s</name></network>\n", phase, name);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0600, &err), 0);
}

static void write_status(struct fixture *f, const char *file, const char *name)
{
	write_status_phase(f, file, name, "done");
}

/* Loaded by name (a daemon's pass): the networks named as a full load has them, sorted;
 * names without files, named twice, or that no record can have add nothing. */
static void load_by_name(void **state)
{
	struct fixture *f = *state;
	vn_netlist some = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	char *names[] = { "t", "c", "a", "u", "nothing", "../a", "", "a" };

	assert_int_equal(define_xml(f, "<network><name>b</name></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>a</name></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>c</name></network>", false, NULL, &err), 0);
	vn_netobj *a = store_lookup(&f->list, "a");
	assert_int_equal(store_set_autostart(&f->paths, a, true, &err), 0);
	write_status(f, "t", "t");
	write_status(f, "u", "t");   /* not its name: ignored, with a note */
	assert_int_equal(store_load_named(&f->paths, names, sizeof(names) / sizeof(names[0]),
					  &some, &notes, &err), 0);
	assert_int_equal(notes.n, 1);
	assert_non_null(strstr(notes.v[0], "does not match network name 't'"));
	assert_int_equal(some.n, 3);
	assert_string_equal(store_current(&some.v[0])->name, "a");
	assert_true(some.v[0].autostart);
	assert_non_null(some.v[0].def);
	assert_string_equal(store_current(&some.v[1])->name, "c");
	assert_string_equal(store_current(&some.v[2])->name, "t");
	assert_null(some.v[2].def);
	assert_non_null(some.v[2].status);
	vn_notes_free(&notes);
	store_list_free(&some);
}

/* As the networks are now (a change to ports): a running network from its status alone, the
 * others from their definition, a start under way with both in one entry */
static void load_current(void **state)
{
	struct fixture *f = *state;
	vn_netlist now = {0};
	vn_notes notes = {0};
	vn_err err = {0};

	assert_int_equal(define_xml(f, "<network><name>a</name></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>b</name></network>", false, NULL, &err), 0);
	assert_int_equal(define_xml(f, "<network><name>c</name></network>", false, NULL, &err), 0);
	write_status(f, "a", "a");
	write_status_phase(f, "b", "b", "doing");
	write_status(f, "t", "t");   /* transient: a status and no definition */
	assert_int_equal(store_load_current(&f->paths, &now, &notes, &err), 0);
	assert_int_equal(notes.n, 0);
	assert_int_equal(now.n, 4);
	assert_string_equal(store_current(&now.v[0])->name, "a");
	assert_null(now.v[0].def);   /* running: its definition file is not read */
	assert_non_null(now.v[0].live);
	assert_string_equal(store_current(&now.v[1])->name, "b");
	assert_non_null(now.v[1].def);   /* a start under way: both, in one entry */
	assert_non_null(now.v[1].status);
	assert_null(now.v[1].live);
	assert_string_equal(store_current(&now.v[2])->name, "c");
	assert_non_null(now.v[2].def);
	assert_null(now.v[2].status);
	assert_string_equal(store_current(&now.v[3])->name, "t");
	assert_null(now.v[3].def);
	assert_non_null(now.v[3].live);
	store_list_free(&now);
}

static void atomic_write_replaces(void **state)
{
	struct fixture *f = *state;
	vn_err err = {0};
	char path[4200], *data;
	size_t len;

	snprintf(path, sizeof(path), "%s/f", f->root);
	assert_int_equal(file_write_atomic(path, "one", 3, 0600, &err), 0);
	assert_int_equal(file_write_atomic(path, "two!", 4, 0600, &err), 0);
	assert_int_equal(file_read_all(path, 100, &data, &len, &err), 0);
	assert_string_equal(data, "two!");
	free(data);
	assert_int_equal(file_read_all(path, 2, &data, &len, &err), -EFBIG);
	assert_int_equal(file_read_all(f->root, 100, &data, &len, &err), -EISDIR);
	assert_int_equal(file_read_all("/dev/null", 100, &data, &len, &err), -EINVAL);
	assert_string_equal(err.msg, "/dev/null is not a regular file");
}


/* Our own records are read like input: a step whose name has not its kind's type is refused. */
/* A journal record written by hand, as a crash or an editor might leave one. */
static int read_journal(const char *steps, vn_status **st, vn_err *err)
{
	char path[] = "/tmp/vn-status-XXXXXX", text[2048];
	int fd = mkstemp(path), r;

	snprintf(text, sizeof(text), "<journal object='network' phase='done' pid='1' start='1'/>\n"
		 "<networkstatus/>\n<network><name>a</name></network>\n%s\n", steps);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	r = status_read(path, st, err);
	unlink(path);
	return r;
}

static void status_records_are_typed(void **state)
{
	static const char *const steps[] = {
		"<step n='0' state='done' kind='sysctl' name='net/../../etc/passwd' value='1'/>",
		"<step n='0' state='done' kind='sysctl' name='/etc/passwd' value='1'/>",
		"<step n='0' state='done' kind='forwarding' name='net/ipv4/ip_forward' value='1;x'/>",
		"<step n='0' state='done' kind='firewall' name='virtnet;x'/>",
		"<step n='0' state='done' kind='bridge' ifindex='3' name='a&quot;b'/>",
		"<step n='0' state='done' kind='port' name='vnet0 x'/>",
		"<step n='0' state='done' kind='dnsmasq' pid='7' name='relative.conf'/>",
		"<step n='0' state='done' kind='address' ifindex='3' address='10.0.0.1' prefix='24' name='x'/>",
		"<step n='0' state='done' kind='address' ifindex='3' address='10.0.0.1' prefix='200'/>",
	};
	vn_status *st = NULL;
	vn_err err = {0};
	(void)state;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (read_journal(steps[i], &st, &err) != -EINVAL)
			fail_msg("accepted %s", steps[i]);
	assert_int_equal(read_journal("<step n='0' state='done' kind='sysctl' name='net/ipv6/conf/vb0/disable_ipv6' value='1'/>\n"
				      "<step n='1' state='intended' kind='firewall' name='virtnet'/>", &st, &err), 0);
	assert_true(st->active);
	assert_non_null(status_find(st, STEP_FIREWALL, NULL));
	status_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(generated_bridge_and_mac_are_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(name_and_uuid_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(bridge_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(overlap_warns_or_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_names_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(autostart_and_undefine, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_files_are_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(atomic_write_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(load_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(load_current, setup, teardown),
		cmocka_unit_test(status_records_are_typed),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
