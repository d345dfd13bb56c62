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

#define REPAIRS_FILE_MAX ((size_t)REPAIRS_KEPT * (REPAIR_TEXT_MAX + 64))

static int repairs_path(const vn_paths *p, const char *network, char *out, size_t len,
			vn_err *err)
{
	int n = snprintf(out, len, "%s/repairs/%s.log", p->run, network);

	if (n < 0 || (size_t)n >= len)
		return vn_err_set(err, ENAMETOOLONG, "path of network '%s''s repairs is too long",
				  network);
	return 0;
}

static bool known_type(const char *type)
{
	return strcmp(type, "repaired") == 0 || strcmp(type, "failing") == 0;
}

static bool text_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > REPAIR_TEXT_MAX)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* One line "TIME TYPE TEXT" into r; -1 when it is not of that form. */
static int parse_line(const char *line, size_t len, vn_repair *r)
{
	char buf[REPAIR_TEXT_MAX + 64], *end, *sp;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	errno = 0;
	r->time = strtoll(buf, &end, 10);
	if (errno || end == buf || *end != ' ' || r->time < 0)
		return -1;
	sp = strchr(end + 1, ' ');
	if (!sp || (size_t)(sp - end - 1) >= sizeof(r->type))
		return -1;
	memcpy(r->type, end + 1, (size_t)(sp - end - 1));
	r->type[sp - end - 1] = '\0';
	if (!known_type(r->type) || !text_ok(sp + 1))
		return -1;
	snprintf(r->text, sizeof(r->text), "%s", sp + 1);
	return 0;
}

static int parse_all(const char *path, const char *data, size_t len, vn_repair **out,
		     size_t *n, vn_err *err)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (size_t at = 0, line = 1; at < len; line++) {
		const char *nl = memchr(data + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - data - at) : len - at;
		if (*n == cap) {
			vn_repair *v = realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof(*v));
			if (!v)
				return vn_err_set(err, ENOMEM, "out of memory");
			*out = v;
		}
		if (!nl || parse_line(data + at, l, &(*out)[*n]) < 0)
			return vn_err_set(err, EINVAL, "%s, line %zu: not a repair record (TIME "
					  "repaired|failing TEXT); remove the file", path, line);
		(*n)++;
		at += l + 1;
	}
	return 0;
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
	rc = parse_all(path, data, len, out, n, err);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The file's last REPAIRS_KEPT - 1 lines, then the new one */
static int write_with(const char *path, const vn_repair *v, size_t n, const vn_repair *add,
		      vn_err *err)
{
	size_t first = n >= REPAIRS_KEPT ? n - (REPAIRS_KEPT - 1) : 0;
	_cleanup_free_ char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = first; i < n; i++)
		fprintf(f, "%lld %s %s\n", v[i].time, v[i].type, v[i].text);
	fprintf(f, "%lld %s %s\n", add->time, add->type, add->text);
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

	if (!known_type(type) || !text_ok(text) || time < 0)
		return vn_err_set(err, EINVAL, "a repair of network '%s' is not recorded: its type "
				  "or text is not of the record's form", network);
	snprintf(add.type, sizeof(add.type), "%s", type);
	snprintf(add.text, sizeof(add.text), "%s", text);
	rc = repairs_path(p, network, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	memcpy(dir, path, sizeof(dir));
	*strrchr(dir, '/') = '\0';
	rc = mkdir_p(dir, 0755);
	if (rc < 0)
		return vn_err_set(err, -rc, "cannot create %s: %s", dir, strerror(-rc));
	rc = repairs_read(p, network, &v, &n, err);
	if (rc == -EINVAL) {
		*err = (vn_err){0};   /* a damaged record is replaced, not appended to */
		n = 0;
	} else if (rc < 0) {
		return rc;
	}
	return write_with(path, v, n, &add, err);
}
