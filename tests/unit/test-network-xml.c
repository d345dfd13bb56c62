/* test-network-xml.c - golden round trips, every parse and define error, enum tables */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "golden.h"

#include "conf/check_define.h"
#include "conf/network_xml.h"
#include "util/fileio.h"

static void round_trip_one(const char *dir, const char *file)
{
	char in[4096], out[4096];
	vn_network *n = NULL, *again = NULL;
	vn_err err = {0};

	snprintf(in, sizeof(in), "%s/%s", dir, file);
	snprintf(out, sizeof(out), "%s/%.*s.out.xml", dir, (int)(strlen(file) - 4), file);
	char *data = golden_read(in);
	if (net_parse(data, strlen(data), file, &n, &err) < 0)
		fail_msg("%s: %s", file, err.msg);
	char *xml = net_format(n, 0);
	assert_non_null(xml);
	golden_check(out, xml);
	/* formatting is a fixed point: parse(format(x)) formats identically */
	if (net_parse(xml, strlen(xml), file, &again, &err) < 0)
		fail_msg("%s: canonical output does not parse: %s", file, err.msg);
	char *xml2 = net_format(again, 0);
	assert_string_equal(xml, xml2);
	free(xml2);
	free(xml);
	free(data);
	net_free(again);
	net_free(n);
}


/* First line: <!-- error: EXPECTED -->; '\x2d' stands for '-' (comments cannot hold "--"). */
static void expected_error(const char *data, char *want, size_t len)
{
	const char *s = strstr(data, "<!-- error: ") + 12, *e = strstr(s, " -->");
	size_t k = 0;

	for (; s < e && k + 1 < len; s++) {
		if (!strncmp(s, "\\x2d", 4)) {
			want[k++] = '-';
			s += 3;
		} else {
			want[k++] = *s;
		}
	}
	want[k] = '\0';
}

static void invalid_one(const char *dir, const char *file, bool define_stage)
{
	char in[4096], want[2048];
	vn_network *n = NULL;
	vn_err err = {0};

	snprintf(in, sizeof(in), "%s/%s", dir, file);
	char *data = golden_read(in);
	const char *doc = strchr(data, '\n') + 1;
	expected_error(data, want, sizeof(want));
	int r = net_parse(doc, strlen(doc), "(input)", &n, &err);
	if (define_stage) {
		if (r < 0)
			fail_msg("%s: should parse but got: %s", file, err.msg);
		r = net_check_define(n, &err);
	}
	if (r >= 0)
		fail_msg("%s: accepted, expected error: %s", file, want);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("%s:\n  expected: %s\n  got:      %s", file, want, err.msg);
	net_free(n);
	free(data);
}

/* One cmocka test per data file: the file name is the test's state. */
struct data_case { const char *dir; char file[256]; int kind; };
enum { CASE_ROUND_TRIP, CASE_PARSE_ERROR, CASE_DEFINE_ERROR };

static void data_case_run(void **state)
{
	struct data_case *c = *state;

	if (c->kind == CASE_ROUND_TRIP)
		round_trip_one(c->dir, c->file);
	else
		invalid_one(c->dir, c->file, c->kind == CASE_DEFINE_ERROR);
}

static size_t add_cases(struct CMUnitTest **tests, size_t n, const char *dir, int kind, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return n;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || len >= 200 || strcmp(e->d_name + len - 4, ".xml") || strstr(e->d_name, ".out.xml"))
			continue;
		struct data_case *c = calloc(1, sizeof(*c));
		char *name = NULL;
		c->dir = dir;
		c->kind = kind;
		snprintf(c->file, sizeof(c->file), "%s", e->d_name);
		if (asprintf(&name, "%s %s", prefix, e->d_name) < 0)
			abort();
		*tests = realloc(*tests, (n + 1) * sizeof(**tests));
		(*tests)[n++] = (struct CMUnitTest){ .name = name, .test_func = data_case_run, .initial_state = c };
	}
	closedir(d);
	return n;
}

static void malformed_xml_has_line(void **state)
{
	vn_network *n = NULL;
	vn_err err = {0};
	const char *doc = "<network>\n  <name>x</name>\n  <ip address='1.2.3.4'>\n</network>\n";
	(void)state;

	assert_true(net_parse(doc, strlen(doc), "lab.xml", &n, &err) < 0);
	assert_non_null(strstr(err.msg, "malformed XML in lab.xml at line 4: "));
	assert_true(net_parse("", 0, "empty.xml", &n, &err) < 0);
	assert_non_null(strstr(err.msg, "malformed XML in empty.xml"));
}

static void generated_uuid(void **state)
{
	vn_network *a = NULL, *b = NULL;
	vn_err err = {0};
	const char *doc = "<network><name>x</name></network>";
	(void)state;

	assert_int_equal(net_parse(doc, strlen(doc), "x", &a, &err), 0);
	assert_int_equal(net_parse(doc, strlen(doc), "x", &b, &err), 0);
	assert_false(a->uuid_specified);
	assert_memory_not_equal(a->uuid, b->uuid, 16);
	net_free(a);
	net_free(b);
}

static void huge_document_refused(void **state)
{
	vn_network *n = NULL;
	vn_err err = {0};
	size_t len = NET_XML_MAX_SIZE + 1;
	char *big = malloc(len);
	(void)state;

	memset(big, ' ', len);
	assert_int_equal(net_parse(big, len, "big.xml", &n, &err), -EFBIG);
	assert_non_null(strstr(err.msg, "big.xml is larger than 8 MiB"));
	free(big);
}

#define CHECK_ENUM(prefix, count)                                                        \
	for (int i = 0; i < (count); i++) {                                                  \
		const char *s = prefix##_to_string(i);                                       \
		assert_non_null(s);                                                          \
		assert_int_equal(prefix##_from_string(s), i);                                \
	}                                                                                    \
	assert_null(prefix##_to_string(count));                                              \
	assert_int_equal(prefix##_from_string("no-such-value"), -1)

static void enum_tables_complete(void **state)
{
	(void)state;
	CHECK_ENUM(fwd_mode, FWD__COUNT);
	CHECK_ENUM(mac_table_manager, MTM__COUNT);
	CHECK_ENUM(lease_unit, LEASE__COUNT);
	CHECK_ENUM(fwdif_type, FWDIF__COUNT);
	CHECK_ENUM(pci_driver, PCIDRV__COUNT);
	CHECK_ENUM(vport_type, VPORT__COUNT);
	CHECK_ENUM(vlan_native, VLAN_NATIVE__COUNT);
	assert_string_equal(tristate_to_string(TRI_YES), "yes");
	assert_string_equal(tristate_to_string(TRI_NO), "no");
	assert_null(tristate_to_string(TRI_ABSENT));
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(malformed_xml_has_line), cmocka_unit_test(generated_uuid),
		cmocka_unit_test(huge_document_refused), cmocka_unit_test(enum_tables_complete),
	};
	struct CMUnitTest *tests = NULL;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		tests = realloc(tests, (n + 1) * sizeof(*tests));
		tests[n++] = fixed[i];
	}
	n = add_cases(&tests, n, TEST_DATA_DIR "/xml2xml", CASE_ROUND_TRIP, "round trip");
	n = add_cases(&tests, n, TEST_DATA_DIR "/xml-invalid", CASE_PARSE_ERROR, "parse error");
	n = add_cases(&tests, n, TEST_DATA_DIR "/xml-define-invalid", CASE_DEFINE_ERROR, "define error");
	if (n < 150)
		fprintf(stderr, "only %zu cases: is TEST_DATA_DIR right?\n", n);
	int r = _cmocka_run_group_tests("network-xml", tests, n, NULL, NULL);
	for (size_t i = sizeof(fixed) / sizeof(fixed[0]); i < n; i++) {
		free((char *)tests[i].name);
		free(tests[i].initial_state);
	}
	free(tests);
	return r;
}
