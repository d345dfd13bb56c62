/* test-enum.c - every enum <-> string table (util/enum.h's ENUM_IMPL): each value has a
 * name that reads back as that value, out-of-range values have none, unknown names map to
 * -1; and every ENUM_IMPL under src/ is one of the tables checked here. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf/net_def.h"
#include "conf/port_def.h"
#include "helpers/xen/vif_env.h"
#include "helpers/xen/vif_parse.h"
#include "helpers/xen/vif_journal.h"
#include "hostbridge/hostbridge.h"
#include "port/port.h"
#include "state/status.h"
#include "util/fileio.h"

#define SRC_DIR TEST_DATA_DIR "/../../src"

/* Every value below count has a name, the name reads back as the value; nothing else has. */
#define CHECK_TABLE(prefix, type, count) \
	do { \
		for (int v_ = 0; v_ < (count); v_++) { \
			const char *s_ = prefix##_to_string((type)v_); \
			if (!s_) \
				fail_msg("%s: value %d has no name", #prefix, v_); \
			assert_int_equal(prefix##_from_string(s_), v_); \
		} \
		assert_null(prefix##_to_string((type)(count))); \
		assert_null(prefix##_to_string((type)-1)); \
		assert_int_equal(prefix##_from_string("no such name"), -1); \
		assert_int_equal(prefix##_from_string(NULL), -1); \
	} while (0)

static const char *const checked[] = {
	"fwd_mode", "mac_table_manager", "lease_unit", "fwdif_type", "pci_driver", "vport_type",
	"vlan_native", "ovl_type", "ovl_control", "plug_type", "portdev_type", "step_kind", "hb_step_kind",
	"macgen_kind", "vif_step_kind", "vif_mode", "vif_cmd",
};

static void test_tables(void **state)
{
	(void)state;
	CHECK_TABLE(fwd_mode, vn_fwd_mode, FWD__COUNT);
	CHECK_TABLE(mac_table_manager, vn_mac_table_manager, MTM__COUNT);
	CHECK_TABLE(lease_unit, vn_lease_unit, LEASE__COUNT);
	CHECK_TABLE(fwdif_type, vn_fwdif_type, FWDIF__COUNT);
	CHECK_TABLE(pci_driver, vn_pci_driver, PCIDRV__COUNT);
	CHECK_TABLE(vport_type, vn_vport_type, VPORT__COUNT);
	CHECK_TABLE(vlan_native, vn_vlan_native, VLAN_NATIVE__COUNT);
	CHECK_TABLE(ovl_type, vn_ovl_type, OVL_TYPE__COUNT);
	CHECK_TABLE(ovl_control, vn_ovl_control, OVL_CONTROL__COUNT);
	CHECK_TABLE(plug_type, vn_plug_type, PLUG__COUNT);
	CHECK_TABLE(portdev_type, vn_portdev_type, PORTDEV__COUNT);
	CHECK_TABLE(step_kind, vn_step_kind, STEP__COUNT);
	CHECK_TABLE(hb_step_kind, vn_hb_step_kind, HB_STEP__COUNT);
	CHECK_TABLE(macgen_kind, vn_macgen_kind, MACGEN__COUNT);
	CHECK_TABLE(vif_step_kind, vif_step_kind, VS__COUNT);
	CHECK_TABLE(vif_mode, vif_mode, VIF_MODE__COUNT);
	CHECK_TABLE(vif_cmd, vif_cmd, VIF_CMD__COUNT);
}

static bool is_checked(const char *prefix)
{
	for (size_t i = 0; i < sizeof(checked) / sizeof(checked[0]); i++)
		if (strcmp(checked[i], prefix) == 0)
			return true;
	return false;
}

/* Each line "ENUM_IMPL(prefix, ..." of a .c file names a table this test checks. */
static void check_file(const char *path, int *found)
{
	char *text = NULL, prefix[64];
	size_t len;

	assert_int_equal(file_read_all(path, 1 << 20, &text, &len, NULL), 0);
	for (const char *p = text; (p = strstr(p, "\nENUM_IMPL(")); p++) {
		if (sscanf(p, "\nENUM_IMPL(%63[a-z_],", prefix) != 1)
			fail_msg("%s: unreadable ENUM_IMPL line", path);
		if (!is_checked(prefix))
			fail_msg("%s: table '%s' is not checked by test-enum.c", path, prefix);
		(*found)++;
	}
	free(text);
}

static void scan(const char *dir, int *found)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			scan(path, found);
		else if (n > 2 && strcmp(e->d_name + n - 2, ".c") == 0)
			check_file(path, found);
	}
	closedir(d);
}

static void test_every_table_checked(void **state)
{
	int found = 0;
	(void)state;

	scan(SRC_DIR, &found);
	assert_int_equal(found, (int)(sizeof(checked) / sizeof(checked[0])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_every_table_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
