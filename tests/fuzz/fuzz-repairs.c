/* fuzz-repairs.c - libFuzzer target: a network's repairs record (state/repairs.h), which
 * virtnetd writes and reads back, and which is never trusted for that. The input is the
 * file's text. Properties: what parses is exactly what repair_line writes of its records (the
 * reader takes nothing the writer would not write), each record of the record's form; and
 * appending to the file on disk, whatever it holds, leaves one that parses, at most
 * REPAIRS_KEPT records, the new one last. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/repairs.h"
#include "util/fileio.h"
#include "util/str.h"

#include "fuzz_root.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char file[PATH_MAX];
static vn_paths paths;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_root_make("fuzz-repairs", &paths);
	snprintf(file, sizeof(file), "%s/repairs/fz.log", paths.run);
	return 0;
}

static void check_record(const vn_repair *r)
{
	size_t n = strlen(r->text);

	if (r->time < 0 || (strcmp(r->type, "repaired") && strcmp(r->type, "failing")) ||
	    n == 0 || n > REPAIR_TEXT_MAX || !utf8_valid(r->text, n))
		abort();
	for (const char *p = r->text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
}

/* What parses is what the writer writes of it, byte for byte */
static void parse_back(const uint8_t *data, size_t size)
{
	char line[REPAIR_LINE_MAX];
	vn_repair *v = NULL;
	size_t n = 0, at = 0;
	vn_err err = {0};

	if (repairs_parse("fuzz", (const char *)data, size, &v, &n, &err) < 0) {
		if (v || n || !err.msg[0])
			abort();
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int len = repair_line(&v[i], line, sizeof(line));
		check_record(&v[i]);
		if (len <= 0 || at + (size_t)len > size || memcmp(data + at, line, (size_t)len) != 0)
			abort();
		at += (size_t)len;
	}
	if (at != size)
		abort();
	free(v);
}

/* Appending to whatever the file holds leaves a record that reads, the new one last */
static void append_to(const uint8_t *data, size_t size)
{
	vn_repair *v = NULL;
	vn_err err = {0};
	size_t n = 0;

	if (file_write_volatile(file, (const char *)data, size, 0644, NULL) < 0)
		abort();
	if (repairs_append(&paths, "fz", 1765100000, "repaired", "dnsmasq restarted", &err) < 0 ||
	    repairs_read(&paths, "fz", &v, &n, &err) < 0)
		abort();
	if (n == 0 || n > REPAIRS_KEPT || v[n - 1].time != 1765100000 ||
	    strcmp(v[n - 1].text, "dnsmasq restarted") != 0)
		abort();
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_back(data, size);
	append_to(data, size);
	return 0;
}
