/* repairs.c - the record of a network's repairs (repairs.h) */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/repairs.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

#define REPAIRS_FILE_MAX ((size_t)REPAIRS_KEPT * REPAIR_LINE_MAX)

static int repairs_path(const vn_paths *p, const char *network, char *out, size_t len,
			vn_err *err)
{
	int n = snprintf(out, len, "%s/repairs/%s.log", p->run, network);

	if (n < 0 || (size_t)n >= len)
		return vn_err_set(err, ENAMETOOLONG, "path of network '%s''s repairs is too long",
				  network);
	return 0;
}

static bool known_type(const char *type, size_t n)
{
	return (n == 8 && memcmp(type, "repaired", 8) == 0) ||
	       (n == 7 && memcmp(type, "failing", 7) == 0);
}

/* 1 to REPAIR_TEXT_MAX bytes of UTF-8 without a control character */
static bool text_ok(const char *s, size_t n)
{
	if (n == 0 || n > REPAIR_TEXT_MAX || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* TIME as repair_line writes it: decimal digits, no sign, no leading zero */
static int parse_time(const char *s, size_t n, long long *out)
{
	long long v = 0;

	if (n == 0 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int digit = s[i] - '0';
		if (digit < 0 || digit > 9 || v > (LLONG_MAX - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	*out = v;
	return 0;
}

/* One line "TIME TYPE TEXT" (without its newline) into r; -1 when it is not of that form. */
static int parse_line(const char *line, size_t len, vn_repair *r)
{
	const char *sp1 = memchr(line, ' ', len), *sp2, *text;
	size_t tlen;

	if (!sp1 || parse_time(line, (size_t)(sp1 - line), &r->time) < 0)
		return -1;
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line));
	if (!sp2 || !known_type(sp1 + 1, (size_t)(sp2 - sp1 - 1)))
		return -1;
	text = sp2 + 1;
	tlen = len - (size_t)(text - line);
	if (!text_ok(text, tlen))
		return -1;
	memcpy(r->type, sp1 + 1, (size_t)(sp2 - sp1 - 1));
	r->type[sp2 - sp1 - 1] = '\0';
	memcpy(r->text, text, tlen);
	r->text[tlen] = '\0';
	return 0;
}

int repair_line(const vn_repair *r, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%lld %s %s\n", r->time, r->type, r->text);

	return n < 0 || (size_t)n >= len ? -1 : n;
}

int repairs_parse(const char *what, const char *data, size_t len, vn_repair **out, size_t *n,
		  vn_err *err)
{
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (size_t at = 0, line = 1; rc == 0 && at < len; line++) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - data - at) : len - at;
		if (*n == cap) {
			vn_repair *v = realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof(*v));
			if (!v) {
				rc = vn_err_set(err, ENOMEM, "out of memory");
				break;
			}
			*out = v;
		}
		if (!nl || parse_line(data + at, l, &(*out)[*n]) < 0)
			rc = vn_err_set(err, EINVAL, "%s, line %zu: not a repair record (TIME "
					"repaired|failing TEXT); remove the file", what, line);
		else
			(*n)++;
		at += l + 1;
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int repairs_read(const vn_paths *p, const char *network, vn_repair **out, size_t *n,
		 vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	char path[PATH_MAX];
	size_t len;
	int rc = repairs_path(p, network, path, sizeof(path), err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	rc = file_read_all(path, REPAIRS_FILE_MAX, &data, &len, err);
	if (rc == -ENOENT) {
		*err = (vn_err){0};
		return 0;
	}
	if (rc < 0)
		return rc;
	return repairs_parse(path, data, len, out, n, err);
}

/* The file's last REPAIRS_KEPT - 1 lines, then the new one */
static int write_with(const char *path, const vn_repair *v, size_t n, const vn_repair *add,
		      vn_err *err)
{
	size_t first = n >= REPAIRS_KEPT ? n - (REPAIRS_KEPT - 1) : 0;
	_cleanup_free_ char *text = NULL;
	size_t size = 0;
	char line[REPAIR_LINE_MAX];
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = first; i <= n; i++)
		if (repair_line(i < n ? &v[i] : add, line, sizeof(line)) > 0)
			fputs(line, f);
	if (fclose(f) != 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	return file_write_volatile(path, text, size, 0644, err);
}

int repairs_append(const vn_paths *p, const char *network, long long time, const char *type,
		   const char *text, vn_err *err)
{
	_cleanup_free_ vn_repair *v = NULL;
	vn_repair add = { .time = time };
	char dir[PATH_MAX], path[PATH_MAX];
	size_t n = 0;
	int rc;

	/* a text (say dnsmasq's last message) is made one line of UTF-8, not refused */
	text_one_line(text, add.text, sizeof(add.text));
	if (!known_type(type, strlen(type)) || !text_ok(add.text, strlen(add.text)) || time < 0)
		return vn_err_set(err, EINVAL, "a repair of network '%s' is not recorded: its type "
				  "or text is not of the record's form", network);
	snprintf(add.type, sizeof(add.type), "%s", type);
	rc = repairs_path(p, network, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	memcpy(dir, path, sizeof(dir));
	*strrchr(dir, '/') = '\0';
	rc = mkdir_p(dir, 0755);
	if (rc < 0)
		return vn_err_set(err, -rc, "cannot create %s: %s", dir, strerror(-rc));
	rc = repairs_read(p, network, &v, &n, err);
	if (rc == -EINVAL || rc == -EFBIG) {
		*err = (vn_err){0};   /* a damaged record is replaced, not appended to */
		n = 0;
	} else if (rc < 0) {
		return rc;
	}
	return write_with(path, v, n, &add, err);
}
