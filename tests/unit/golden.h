/* golden.h - golden files for the unit tests (include after cmocka.h; not inline: GCC 12
 * then mistakes file_read_all's output for a dangling pointer)
 *
 * golden_check compares output with a file; REGENERATE=1 rewrites the file instead (an
 * empty output removes it), then review the diff. On a mismatch the output is also written
 * next to the file as <file>.actual. A missing file reads as "". */
#pragma once
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fileio.h"

__attribute__((noinline, unused)) static char *golden_read(const char *path)
{
	char *data = NULL;
	size_t len;
	vn_err err = {0};

	if (file_read_all(path, 1 << 24, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	return data;
}

__attribute__((unused)) static void golden_check(const char *path, const char *got)
{
	char actual[4200];
	vn_err err = {0};

	if (getenv("REGENERATE")) {
		if (*got)
			assert_int_equal(file_write_atomic(path, got, strlen(got), 0644, &err), 0);
		else
			unlink(path);
		return;
	}
	char *want = access(path, F_OK) == 0 ? golden_read(path) : strdup("");
	if (strcmp(want, got) != 0) {
		snprintf(actual, sizeof(actual), "%.4000s.actual", path);
		file_write_atomic(actual, got, strlen(got), 0644, NULL);
		fail_msg("output differs from %s (see %s; REGENERATE=1 to refresh, then review the diff)", path, actual);
	}
	free(want);
}

/* A journal's text (state/journal.h) with its owner's pid and start time, ours and different
 * at each run, masked as pid='P' start='S'; the caller frees it. */
__attribute__((unused)) static char *golden_read_journal(const char *path)
{
	char *text = golden_read(path), *out = calloc(1, strlen(text) + 1);
	regex_t re;
	regmatch_t m;
	const char *p = text;

	assert_non_null(out);
	assert_int_equal(regcomp(&re, "pid='[0-9]*' start='[0-9]*'", 0), 0);
	for (; regexec(&re, p, 1, &m, 0) == 0; p += m.rm_eo) {
		strncat(out, p, (size_t)m.rm_so);
		strcat(out, "pid='P' start='S'");
	}
	strcat(out, p);
	regfree(&re);
	free(text);
	return out;
}
