/* test-repairs.c - a network's repairs record (state/repairs.c): read back strictly (only
 * what repair_line writes), the last REPAIRS_KEPT kept, a damaged or huge file replaced by
 * the next repair */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "state/repairs.h"
#include "util/fileio.h"

static int parses(const char *text, size_t len)
{
	vn_repair *v = NULL;
	vn_err err = {0};
	size_t n = 0;
	int rc = repairs_parse("test", text, len, &v, &n, &err);

	free(v);
	return rc == 0 ? (int)n : rc;
}

#define PARSES(s) parses(s, sizeof(s) - 1)

static void strict_lines(void **state)
{
	(void)state;
	assert_int_equal(PARSES(""), 0);
	assert_int_equal(PARSES("0 repaired x\n1765100000 failing caf\xc3\xa9 \xe2\x80\xa6\n"), 2);
	assert_int_equal(PARSES("1 repaired x"), -EINVAL);           /* no newline */
	assert_int_equal(PARSES("+1 repaired x\n"), -EINVAL);        /* a sign */
	assert_int_equal(PARSES("01 repaired x\n"), -EINVAL);        /* a leading zero */
	assert_int_equal(PARSES(" 1 repaired x\n"), -EINVAL);
	assert_int_equal(PARSES("\t1 repaired x\n"), -EINVAL);
	assert_int_equal(PARSES("-1 repaired x\n"), -EINVAL);
	assert_int_equal(PARSES("99999999999999999999 repaired x\n"), -EINVAL);   /* past LLONG_MAX */
	assert_int_equal(PARSES("1 fixed x\n"), -EINVAL);
	assert_int_equal(PARSES("1 repaired \n"), -EINVAL);          /* no text */
	assert_int_equal(PARSES("1 repaired a\tb\n"), -EINVAL);      /* a control character */
	assert_int_equal(PARSES("1 repaired a\0b\n"), -EINVAL);      /* a NUL */
	assert_int_equal(PARSES("1 repaired caf\xc3\n"), -EINVAL);   /* not UTF-8 */
	assert_int_equal(PARSES("1 repaired \xed\xa0\x80\n"), -EINVAL);   /* a surrogate */
	assert_int_equal(PARSES("1 repaired x\n\n"), -EINVAL);       /* an empty line */
}

static void written_as_read(void **state)
{
	vn_repair r = { .time = 1765100000, .type = "failing", .text = "bridge virbr0: File exists" };
	char line[REPAIR_LINE_MAX];
	int len = repair_line(&r, line, sizeof(line));

	(void)state;
	assert_int_equal(len, (int)strlen(line));
	assert_string_equal(line, "1765100000 failing bridge virbr0: File exists\n");
	assert_int_equal(parses(line, strlen(line)), 1);
	assert_int_equal(repair_line(&r, line, 10), -1);
}

static void kept_and_replaced(void **state)
{
	char root[] = "/tmp/test-repairs.XXXXXX", path[4200], text[32];
	vn_repair *v = NULL;
	vn_err err = {0};
	vn_paths p;
	size_t n = 0;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_int_equal(state_paths_init(&p, root, NULL), 0);
	for (int i = 0; i < REPAIRS_KEPT + 5; i++) {
		snprintf(text, sizeof(text), "repair %d", i);
		assert_int_equal(repairs_append(&p, "net", 1000 + i, "repaired", text, &err), 0);
	}
	assert_int_equal(repairs_read(&p, "net", &v, &n, &err), 0);
	assert_int_equal(n, REPAIRS_KEPT);
	assert_string_equal(v[0].text, "repair 5");
	assert_string_equal(v[n - 1].text, "repair 54");
	free(v);
	/* refused: a type not of the record's form, or no text; a text with control
	 * characters, stray bytes or too long is recorded as one line of UTF-8 */
	assert_int_equal(repairs_append(&p, "net", 1, "fixed", "x", &err), -EINVAL);
	assert_int_equal(repairs_append(&p, "net", 1, "repaired", "", &err), -EINVAL);
	assert_int_equal(repairs_append(&p, "net", 60, "failing",
					"dnsmasq: a\nb\tc\x01 \xff\xc3\xa9", &err), 0);
	char *long_text = malloc(REPAIR_TEXT_MAX + 100);
	memset(long_text, 'y', REPAIR_TEXT_MAX + 99);
	memcpy(long_text + REPAIR_TEXT_MAX - 1, "\xc3\xa9", 2);   /* a character across the end */
	long_text[REPAIR_TEXT_MAX + 99] = '\0';
	assert_int_equal(repairs_append(&p, "net", 61, "failing", long_text, &err), 0);
	free(long_text);
	assert_int_equal(repairs_read(&p, "net", &v, &n, &err), 0);
	assert_string_equal(v[n - 2].text, "dnsmasq: a b c  ?\xc3\xa9");
	assert_int_equal(strlen(v[n - 1].text), REPAIR_TEXT_MAX - 1);
	free(v);
	/* a damaged file fails the read, naming it and the line; the next repair replaces it */
	snprintf(path, sizeof(path), "%s/repairs/net.log", p.run);
	assert_int_equal(file_write_atomic(path, "1 repaired x\nbroken\n", 20, 0644, NULL), 0);
	assert_int_equal(repairs_read(&p, "net", &v, &n, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "net.log, line 2"));
	assert_int_equal(repairs_append(&p, "net", 7, "failing", "again", &err), 0);
	assert_int_equal(repairs_read(&p, "net", &v, &n, &err), 0);
	assert_int_equal(n, 1);
	free(v);
	/* a file too large to read is replaced too */
	char *big = malloc(200000);
	memset(big, 'x', 200000);
	assert_int_equal(file_write_atomic(path, big, 200000, 0644, NULL), 0);
	free(big);
	assert_int_equal(repairs_append(&p, "net", 8, "repaired", "after", &err), 0);
	assert_int_equal(repairs_read(&p, "net", &v, &n, &err), 0);
	assert_int_equal(n, 1);
	free(v);
	unlink(path);
	snprintf(path, sizeof(path), "%s/repairs", p.run);
	rmdir(path);
	rmdir(p.run);
	snprintf(path, sizeof(path), "%s/run", root);
	rmdir(path);
	rmdir(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strict_lines),
		cmocka_unit_test(written_as_read),
		cmocka_unit_test(kept_and_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
