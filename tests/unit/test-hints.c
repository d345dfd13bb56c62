/* test-hints.c - what error messages need to name a fix: a word the shell reads back as it
 * was (shell_word), a fix appended by a caller (vn_err_hint), and virtnetd's refusal, which
 * names the group to join or to create (api_may_change, the group looked up again while it
 * does not exist) */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"
#include "util/err.h"
#include "util/str.h"

/* What sh prints for `printf %s WORD`: the word read back */
static char *sh_reads(const char *word)
{
	char cmd[4096], *out = calloc(1, 2048);
	FILE *p;

	snprintf(cmd, sizeof(cmd), "printf %%s %s", word);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_true(fread(out, 1, 2047, p) < 2047);
	pclose(p);
	return out;
}

static void shell_words(void **state)
{
	static const char *const names[] = { "lab", "my net", "it's", "a'b'c", "$(id)", "x;y|z",
					      "back\\slash", "tab\there", "*", "" };
	char w[SHELL_WORD_MAX];
	(void)state;

	assert_string_equal(shell_word("default", w), "default");
	assert_string_equal(shell_word("vnet0.1@x+y-z_", w), "vnet0.1@x+y-z_");
	assert_string_equal(shell_word("my net", w), "'my net'");
	assert_string_equal(shell_word("it's", w), "'it'\\''s'");
	assert_string_equal(shell_word("", w), "''");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *got = sh_reads(shell_word(names[i], w));
		assert_string_equal(got, names[i]);
		free(got);
	}
}

static void hints(void **state)
{
	vn_err e = {0};
	(void)state;

	vn_err_set(&e, EINVAL, "it failed");
	vn_err_hint(&e, "do %s", "this");
	assert_string_equal(e.msg, "it failed (do this)");
	memset(e.msg, 'x', sizeof(e.msg) - 2);
	e.msg[sizeof(e.msg) - 2] = '\0';
	vn_err_hint(&e, "no room");   /* a full message stays whole */
	assert_int_equal(strlen(e.msg), sizeof(e.msg) - 2);
	memset(e.msg, 'x', sizeof(e.msg) - 20);
	e.msg[sizeof(e.msg) - 20] = '\0';
	vn_err_hint(&e, "a fix longer than what is left");
	assert_int_equal(e.msg[strlen(e.msg) - 1], ')');
}

static void refusals(void **state)
{
	gid_t zero = 0;
	vn_api_peer in = { .uid = 1000, .gid = 1000, .ngroups = 1, .groups = &zero },
		    out = { .uid = 1000, .gid = 1000 };
	vn_api a = { .admin_group = "root" };   /* not known when virtnetd started */
	char why[512] = "";
	(void)state;

	assert_true(api_may_change(&a, &in, why, sizeof(why)));
	assert_false(api_may_change(&a, &out, why, sizeof(why)));
	assert_non_null(strstr(why, "user 1000 may only read: changes need root or membership of "
				    "virtnetd's group 'root' (join it with: sudo usermod -aG root "));
	a.admin_group = "vn-no-such-group";
	assert_false(api_may_change(&a, &in, why, sizeof(why)));
	assert_string_equal(why, "user 1000 may only read: changes need root, or membership of "
				 "virtnetd's group 'vn-no-such-group', which does not exist (create "
				 "it with: sudo groupadd --system vn-no-such-group, then join it; or "
				 "use sudo)");
	out.uid = 0;
	assert_true(api_may_change(&a, &out, why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shell_words),
		cmocka_unit_test(hints),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
