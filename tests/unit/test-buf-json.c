/* test-buf-json.c - text buffer indentation and escaping, JSON writer, XML to JSON */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "conf/xml_json.h"
#include "util/buf.h"
#include "util/json.h"

static void indentation(void **state)
{
	vn_buf b = {0};
	(void)state;

	buf_add(&b, "<a>\n");
	buf_indent(&b, 2);
	buf_printf(&b, "<b n='%d'/>\n", 1);
	buf_add(&b, "<c>\ntext kept as written</c>\n");
	buf_indent(&b, -2);
	buf_add(&b, "</a>\n");
	char *s = buf_steal(&b);
	assert_string_equal(s, "<a>\n  <b n='1'/>\n  <c>\ntext kept as written</c>\n</a>\n");
	free(s);
}

static void escaping(void **state)
{
	vn_buf b = {0};
	(void)state;

	buf_escape(&b, "<t v='%s'/>", "a<b>&'\"\x01z");
	buf_escape(&b, "<never/>", NULL);
	char *s = buf_steal(&b);
	assert_string_equal(s, "<t v='a&lt;b&gt;&amp;&apos;&quot;z'/>");
	free(s);
}

static void verbatim(void **state)
{
	vn_buf b = {0};
	(void)state;

	buf_indent(&b, 4);
	buf_add(&b, "<m>\n      <x/>\n    </m>");
	char *s = buf_steal(&b);
	assert_string_equal(s, "    <m>\n      <x/>\n    </m>");
	free(s);
}

static void json_writer(void **state)
{
	vn_json j = {0};
	(void)state;

	json_begin_object(&j, NULL);
	json_str(&j, "name", "a \"q\"\n");
	json_uint(&j, "n", 3);
	json_bool(&j, "on", true);
	json_str(&j, "none", NULL);
	json_begin_array(&j, "empty");
	json_end_array(&j);
	json_begin_array(&j, "list");
	json_int(&j, NULL, -1);
	json_end_array(&j);
	json_end_object(&j);
	char *s = json_steal(&j);
	assert_string_equal(s, "{\n  \"name\": \"a \\\"q\\\"\\n\",\n  \"n\": 3,\n  \"on\": true,\n  \"none\": null,\n"
			       "  \"empty\": [],\n  \"list\": [\n    -1\n  ]\n}\n");
	free(s);
}

static void xml_json(void **state)
{
	vn_json j = {0};
	vn_err err = {0};
	(void)state;

	assert_int_equal(xml_to_json(&j, NULL, "<network><name>n</name><ip address='1.2.3.4'><dhcp><range start='a' end='b'/></dhcp></ip></network>", &err), 0);
	char *s = json_steal(&j);
	assert_string_equal(s, "{\n  \"name\": \"n\",\n  \"ip\": [\n    {\n      \"address\": \"1.2.3.4\",\n      \"dhcp\": {\n"
			       "        \"range\": [\n          {\n            \"start\": \"a\",\n            \"end\": \"b\"\n"
			       "          }\n        ]\n      }\n    }\n  ]\n}\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(indentation), cmocka_unit_test(escaping), cmocka_unit_test(verbatim),
		cmocka_unit_test(json_writer), cmocka_unit_test(xml_json),
	};
	return cmocka_run_group_tests_name("buf-json", tests, NULL, NULL);
}
