/* test-bridge-acl.c - QEMU's bridge.conf as virtnet-bridge-helper reads it: verdicts for
 * given texts (deny wins, default deny, includes) and the exact message of every error */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helper/bridge_acl.h"

/* Included files come from this table ("name" -> text); anything else does not exist. */
typedef struct mem_file { const char *name, *text; } mem_file;

static const mem_file *files;

static int mem_load(void *data, const char *from, const char *arg, char **name, char **text, size_t *len, vn_err *err)
{
	(void)data;
	(void)from;
	for (const mem_file *f = files; f && f->name; f++)
		if (strcmp(f->name, arg) == 0) {
			*name = strdup(f->name);
			*text = strdup(f->text);
			*len = strlen(f->text);
			return 0;
		}
	return vn_err_set(err, ENOENT, "no such file");
}

/* Parse text as "main.conf"; returns 0 or the error, message in err. */
static int parse(vn_acl *acl, const char *text, vn_err *err)
{
	*acl = (vn_acl){0};
	return acl_parse(acl, "main.conf", text, strlen(text), mem_load, NULL, err);
}

/* "br0 br1 ..." for the bridges the text allows, out of br0..br3 and virbr0. */
static char *allowed(const char *text)
{
	static char out[128];
	static const char *const bridges[] = { "br0", "br1", "br2", "br3", "virbr0" };
	vn_acl acl;
	vn_err err = {0};

	out[0] = '\0';
	assert_int_equal(parse(&acl, text, &err), 0);
	for (size_t i = 0; i < sizeof(bridges) / sizeof(bridges[0]); i++)
		if (acl_allows(&acl, bridges[i], NULL))
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? " " : "", bridges[i]);
	acl_free(&acl);
	return out;
}

static void test_verdicts(void **state)
{
	(void)state;
	files = NULL;
	assert_string_equal(allowed(""), "");                                   /* default deny */
	assert_string_equal(allowed("# nothing\n\n   \n"), "");
	assert_string_equal(allowed("allow br0\n"), "br0");
	assert_string_equal(allowed("allow br0\nallow virbr0"), "br0 virbr0");  /* no final newline */
	assert_string_equal(allowed("allow all\n"), "br0 br1 br2 br3 virbr0");
	assert_string_equal(allowed("allow all\ndeny br1\n"), "br0 br2 br3 virbr0");
	assert_string_equal(allowed("deny br1\nallow all\n"), "br0 br2 br3 virbr0");   /* order does not matter */
	assert_string_equal(allowed("allow br1\ndeny br1\nallow br1\n"), "");           /* deny wins */
	assert_string_equal(allowed("allow br0\ndeny all\n"), "");
	assert_string_equal(allowed("deny all\n"), "");
	assert_string_equal(allowed("deny br0\n"), "");
	/* white space as QEMU takes it: leading, tabs, trailing, CRLF; comments after indentation */
	assert_string_equal(allowed("  allow\tbr0  \r\n\t# allow br1\n allow    br2\r\n"), "br0 br2");
	/* names are exact: no prefixes, no globbing, case matters */
	assert_string_equal(allowed("allow br\nallow br*\nallow BR0\n"), "");
}

static void test_includes(void **state)
{
	static const mem_file fs[] = {
		{ "deny.conf", "# the admin's exceptions\ndeny br2\n" },
		{ "more.conf", "allow br3\ninclude deny.conf\n" },
		{ "loop.conf", "allow br0\ninclude loop.conf\n" },
		{ NULL, NULL },
	};
	const vn_acl_rule *why = NULL;
	vn_acl acl;
	vn_err err = {0};

	(void)state;
	files = fs;
	assert_string_equal(allowed("allow all\ninclude deny.conf\n"), "br0 br1 br3 virbr0");
	assert_string_equal(allowed("include more.conf\nallow br0\n"), "br0 br3");
	/* the deciding rule names its file and line */
	assert_int_equal(parse(&acl, "allow all\ninclude more.conf\n", &err), 0);
	assert_false(acl_allows(&acl, "br2", &why));
	assert_non_null(why);
	assert_string_equal(why->file, "deny.conf");
	assert_int_equal(why->line, 2);
	assert_true(acl_allows(&acl, "br3", &why));
	assert_string_equal(why->file, "main.conf");
	assert_int_equal(why->line, 1);
	acl_free(&acl);
	assert_int_equal(parse(&acl, "deny br0\n", &err), 0);
	assert_false(acl_allows(&acl, "br1", &why));
	assert_null(why);                                       /* denied because nothing allows it */
	acl_free(&acl);
}

/* Every error: exact message; fails closed (nothing parsed is used). */
static void expect_error(const char *text, int code, const char *msg)
{
	vn_acl acl;
	vn_err err = {0};

	assert_int_equal(parse(&acl, text, &err), -code);
	assert_string_equal(err.msg, msg);
	acl_free(&acl);
}

static void test_errors(void **state)
{
	static const mem_file fs[] = {
		{ "loop.conf", "allow br0\ninclude loop.conf\n" },
		{ "bad.conf", "allow br0\npermit br1\n" },
		{ NULL, NULL },
	};

	(void)state;
	files = fs;
	expect_error("allow br0\n\nalow br1\n", EINVAL, "main.conf:3: unknown keyword 'alow' (use allow, deny or include)");
	expect_error("allow\n", EINVAL, "main.conf:1: 'allow' needs a bridge name or 'all'");
	expect_error("deny   \t\n", EINVAL, "main.conf:1: 'deny' needs a bridge name or 'all'");
	expect_error("include\n", EINVAL, "main.conf:1: 'include' needs a file name");
	expect_error("allow br0 br1\n", EINVAL, "main.conf:1: 'allow' takes one bridge name or 'all', not 'br0 br1'");
	expect_error("allow br0 # comment\n", EINVAL, "main.conf:1: 'allow' takes one bridge name or 'all', not 'br0 # comment'");
	expect_error("deny averyveryverylongname\n", EINVAL, "main.conf:1: bridge name 'averyveryverylongname' is longer than 15 characters");
	expect_error("allow br0\ninclude nosuch.conf\n", ENOENT, "main.conf:2: cannot include 'nosuch.conf': no such file");
	expect_error("include bad.conf\n", EINVAL, "bad.conf:2: unknown keyword 'permit' (use allow, deny or include)");
	expect_error("include loop.conf\n", ELOOP, "loop.conf:2: includes nest deeper than 8 files (does a file include itself?)");

	vn_acl acl = {0};
	vn_err err = {0};
	assert_int_equal(acl_parse(&acl, "main.conf", "allow br0\0deny br0\n", 19, mem_load, NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "main.conf: contains a NUL byte; not a text file");
	acl_free(&acl);
	assert_int_equal(acl_parse(&acl, "main.conf", "include x\n", 10, NULL, NULL, &err), -ENOTSUP);
	acl_free(&acl);
	acl_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
