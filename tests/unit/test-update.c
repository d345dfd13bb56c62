/* test-update.c - net-update on definitions: each tests/data/update/NAME.case (a network
 * file, command, section, parent index and element) against NAME.out: the definition after
 * the update, or the error (golden files; REGENERATE=1 rewrites them) */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "golden.h"

#include "conf/net_update.h"
#include "conf/network_xml.h"
#include "util/buf.h"

#define DIR TEST_DATA_DIR "/update/"

/* The value of "key: value" in a case file (points into text; the line ends it) */
static char *field(char *text, const char *key)
{
	char *p = strstr(text, key), *end;

	if (!p)
		fail_msg("case has no %s", key);
	p += strlen(key) + 2;
	end = strchr(p, '\n');
	if (end)
		*end = '\0';
	return p;
}

static char *run_case(char *text)
{
	char *file = field(text, "network"), *cmd = field(text + strlen(file) + 10, "command");
	char *rest = cmd + strlen(cmd) + 1, *section = field(rest, "section");
	char *index = field(section + strlen(section) + 1, "parent-index");
	char *xml = field(index + strlen(index) + 1, "xml"), path[512], *data, *res;
	vn_upd_req q = { .cmd = upd_cmd_from_string(cmd), .section = upd_section_from_string(section),
			 .parent_index = atoi(index), .xml = xml, .len = strlen(xml) };
	vn_network *n = NULL, *out = NULL;
	vn_err err = {0};
	vn_buf b = {0};

	snprintf(path, sizeof(path), DIR "%s", file);
	data = golden_read(path);
	if (net_parse(data, strlen(data), file, &n, &err) < 0)
		fail_msg("%s: %s", file, err.msg);
	if (net_update(n, &q, 0, &out, &err) < 0) {
		buf_printf(&b, "error: %s\n", err.msg);
	} else {
		res = net_format(out, 0);
		buf_printf(&b, "%s", res);
		free(res);
	}
	net_free(out);
	net_free(n);
	free(data);
	return buf_steal(&b);
}

static int is_case(const struct dirent *e)
{
	size_t k = strlen(e->d_name);
	return k > 5 && strcmp(e->d_name + k - 5, ".case") == 0;
}

static void test_cases(void **state)
{
	struct dirent **v;
	int n = scandir(DIR, &v, is_case, alphasort);
	char in[512], out[512];
	(void)state;

	assert_true(n > 60);
	for (int i = 0; i < n; i++) {
		snprintf(in, sizeof(in), DIR "%s", v[i]->d_name);
		snprintf(out, sizeof(out), DIR "%.*s.out", (int)strlen(v[i]->d_name) - 5,
			 v[i]->d_name);
		char *text = golden_read(in), *got = run_case(text);
		golden_check(out, got);
		free(got);
		free(text);
		free(v[i]);
	}
	free(v);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(upd_cmd_from_string("add"), UPD_ADD_LAST);
	assert_int_equal(upd_cmd_from_string("add-first"), UPD_ADD_FIRST);
	assert_int_equal(upd_cmd_from_string("none"), -1);
	assert_int_equal(upd_cmd_from_string("insert"), -1);
	assert_int_equal(upd_section_from_string("ip-dhcp-host"), UPD_SEC_IP_DHCP_HOST);
	assert_int_equal(upd_section_from_string("dns-srv"), UPD_SEC_DNS_SRV);
	assert_int_equal(upd_section_from_string("none"), -1);
	assert_int_equal(upd_section_from_string("dhcp-host"), -1);
	for (int s = UPD_SEC_BRIDGE; s < UPD_SEC__COUNT; s++)
		assert_int_equal(upd_section_from_string(upd_section_to_string(s)), s);
}

/* The names that messages and the shell's completion offer: every command, and exactly the
 * sections net_update does not refuse as libvirt does */
static void test_offered_names(void **state)
{
	static const char xml[] = "<network><name>lab</name></network>";
	char names[256], *save = NULL;
	vn_network *n = NULL;
	vn_err err = {0};
	(void)state;

	assert_string_equal(upd_cmd_names(names, sizeof(names), "|"),
			    "add|modify|delete|add-last|add-first");
	for (char *w = strtok_r(names, "|", &save); w; w = strtok_r(NULL, "|", &save))
		assert_true(upd_cmd_from_string(w) > 0);
	upd_section_names(names, sizeof(names), " ");
	assert_int_equal(net_parse(xml, strlen(xml), "lab", &n, &err), 0);
	for (int s = UPD_SEC_BRIDGE; s < UPD_SEC__COUNT; s++) {
		vn_upd_req q = { .cmd = UPD_DELETE, .section = s, .xml = "<x/>", .len = 4 };
		vn_network *out = NULL;
		const char *name = upd_section_to_string(s);
		char *at = strstr(names, name);
		bool listed = at && (at == names || at[-1] == ' ') &&
			      (at[strlen(name)] == ' ' || !at[strlen(name)]);

		assert_int_not_equal(net_update(n, &q, 0, &out, &err), 0);
		assert_int_equal(listed, upd_section_supported(s));
		assert_int_equal(listed, strncmp(err.msg, "can't update '", 14) != 0);
	}
	assert_string_equal(names, "ip-dhcp-host ip-dhcp-range forward-interface portgroup "
			    "dns-host dns-txt dns-srv");
	net_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_offered_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
