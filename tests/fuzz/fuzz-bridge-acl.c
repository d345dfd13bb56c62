/* fuzz-bridge-acl.c - libFuzzer target: virtnet-bridge-helper's ACL parser on any bytes.
 *
 * The input is bridge.conf ("fuzz.conf"); includes come from a small fixed map (the input
 * itself among them, so includes recurse). Invariants:
 * - a successful parse yields only rules for `all` or for names that pass VT_IFNAME, each
 *   naming a file that was read and a line >= 1;
 * - evaluation never crashes, and its verdict agrees with the deciding rule it reports;
 * - an error message is a known file name, maybe a line number, and fixed text: it contains
 *   no line of the input of 4 or more bytes (unless that line is itself a piece of a file
 *   name or of the fixed text), whatever the mistake. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/qemu/bridge_acl.h"
#include "types/vtype.h"

#define MAIN_NAME "fuzz.conf"
#define NO_FILE "no such file in the fuzz map"
#define BUDGET_SPENT "the fuzzer's include budget is spent"
#define MAX_LOADS 32   /* "include fuzz.conf" lines would otherwise grow as lines^depth */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_file {
	const char *name, *text;
	size_t len;
} fuzz_file;

#define FILE_OF(name, text) { name, text, sizeof(text) - 1 }
static const fuzz_file map[] = {
	FILE_OF("a.conf", "allow br0\ndeny br1\n"),
	FILE_OF("b.conf", "include a.conf\nallow all\n"),
	FILE_OF("bad.conf", "permit br9\n"),
	FILE_OF("self.conf", "include self.conf\n"),
	FILE_OF("nul.conf", "allow\0br0\n"),
	FILE_OF("long.conf", "deny abcdefghijklmnopq\n"),
	FILE_OF("sub/c.conf", "# a comment\n  deny\tvirbr0\r\n"),
};

typedef struct fuzz_ctx {
	const uint8_t *input;
	size_t size;
	unsigned loads;
} fuzz_ctx;

static int serve(const char *name, const char *text, size_t len, char **out_name, char **out_text, size_t *out_len)
{
	*out_name = strdup(name);
	*out_text = malloc(len + 1);
	if (!*out_name || !*out_text)
		abort();
	memcpy(*out_text, text, len);
	*out_len = len;
	return 0;
}

static int fuzz_load(void *data, const char *from, const char *arg, char **name, char **text, size_t *len, vn_err *err)
{
	fuzz_ctx *c = data;

	(void)from;
	if (++c->loads > MAX_LOADS)
		return vn_err_set(err, E2BIG, BUDGET_SPENT);
	if (!strcmp(arg, MAIN_NAME))
		return serve(MAIN_NAME, (const char *)c->input, c->size, name, text, len);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(arg, map[i].name))
			return serve(map[i].name, map[i].text, map[i].len, name, text, len);
	return vn_err_set(err, ENOENT, NO_FILE);
}

/* Every text an error may hold besides file names and line numbers. */
static const char *const *phrases(void)
{
	static char takes_allow[256], takes_deny[256];
	static const char *v[] = {
		"unknown keyword (use allow, deny or include)",
		"'allow' needs a bridge name or 'all'",
		"'deny' needs a bridge name or 'all'",
		"'include' needs a file name",
		"'allow' takes one bridge name or 'all'",
		"'deny' takes one bridge name or 'all'",
		takes_allow,
		takes_deny,
		"includes nest deeper than 8 files (does a file include itself?)",
		"contains a NUL byte; not a text file",
		NO_FILE,
		BUDGET_SPENT,
		NULL,
	};

	snprintf(takes_allow, sizeof(takes_allow), "'allow' takes a bridge name (%s) or 'all'", vt_rule(VT_IFNAME));
	snprintf(takes_deny, sizeof(takes_deny), "'deny' takes a bridge name (%s) or 'all'", vt_rule(VT_IFNAME));
	return v;
}

static bool is_file_name(const char *s, size_t n)
{
	if (n == strlen(MAIN_NAME) && !memcmp(s, MAIN_NAME, n))
		return true;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (n == strlen(map[i].name) && !memcmp(s, map[i].name, n))
			return true;
	return false;
}

/* The message after "FILE:LINE: " or "FILE: ", FILE a known name; NULL for another shape. */
static const char *after_prefix(const char *m)
{
	const char *colon = strchr(m, ':'), *p;

	if (!colon || !is_file_name(m, (size_t)(colon - m)))
		return NULL;
	if (colon[1] == ' ')
		return colon + 2;
	for (p = colon + 1; isdigit((unsigned char)*p); p++)
		;
	return p > colon + 1 && p[0] == ':' && p[1] == ' ' ? p + 2 : NULL;
}

/* A line that is part of a file name or of the fixed text may show without leaking. */
static bool excused(const char *line, size_t n, const char *const *fixed)
{
	for (size_t i = 0; fixed[i]; i++)
		if (memmem(fixed[i], strlen(fixed[i]), line, n))
			return true;
	if (memmem(MAIN_NAME, strlen(MAIN_NAME), line, n))
		return true;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (memmem(map[i].name, strlen(map[i].name), line, n))
			return true;
	return false;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* No line of the input (as it is, and without surrounding blanks) shows in text. */
static void check_no_line_in(const char *text, const uint8_t *data, size_t size, const char *const *fixed)
{
	const char *s = (const char *)data, *end = s + size;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end, *b = s;
		for (int pass = 0; pass < 2; pass++) {
			size_t n = (size_t)(e - b);
			if (n >= 4 && memmem(text, strlen(text), b, n) && !excused(b, n, fixed)) {
				fprintf(stderr, "error message quotes the input: %s\n", text);
				abort();
			}
			while (b < e && blank(*b))
				b++;
			while (e > b && blank(e[-1]))
				e--;
		}
		s = nl ? nl + 1 : end;
	}
}

static void check_error(const char *msg, const uint8_t *data, size_t size)
{
	const char *const *fixed = phrases();
	const char *rest;

	if (!strcmp(msg, "out of memory"))
		return;
	rest = after_prefix(msg);
	if (!rest) {
		fprintf(stderr, "error message without a known file name: %s\n", msg);
		abort();
	}
	check_no_line_in(rest, data, size, fixed);
	for (size_t i = 0; fixed[i]; i++)
		if (!strcmp(rest, fixed[i]))
			return;
	fprintf(stderr, "error message with unexpected text: %s\n", msg);
	abort();
}

/* acl_allows for bridge, against the rules themselves. */
static void check_verdict(const vn_acl *acl, const char *bridge)
{
	const vn_acl_rule *why = NULL;
	bool ok = acl_allows(acl, bridge, &why), denied = false;

	for (size_t i = 0; i < acl->n; i++)
		if (acl->v[i].verdict == ACL_DENY && (acl->v[i].all || !strcmp(acl->v[i].name, bridge)))
			denied = true;
	if (ok && (!why || why->verdict != ACL_ALLOW || denied))
		abort();
	if (!ok && why && why->verdict != ACL_DENY)
		abort();
	if (denied && ok)
		abort();
}

static void check_rules(const vn_acl *acl)
{
	for (size_t i = 0; i < acl->n; i++) {
		const vn_acl_rule *r = &acl->v[i];
		bool known_file = false;
		if (!r->all && !vt_ok(VT_IFNAME, r->name))
			abort();
		for (size_t f = 0; f < acl->nfiles; f++)
			known_file |= r->file == acl->files[f];
		if (!known_file || r->line < 1)
			abort();
		if (!r->all)
			check_verdict(acl, r->name);
	}
	check_verdict(acl, "br0");
	check_verdict(acl, "virbr0");
	check_verdict(acl, "all");
	check_verdict(acl, "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ctx ctx = { .input = data, .size = size };
	vn_acl acl = {0};
	vn_err err = {0};

	if (acl_parse(&acl, MAIN_NAME, (const char *)data, size, fuzz_load, &ctx, &err) == 0)
		check_rules(&acl);
	else
		check_error(err.msg, data, size);
	acl_free(&acl);
	return 0;
}
