/* bridge_acl.c - QEMU's bridge.conf: parse (includes through a loader) and evaluate (pure),
 * and the helper's loader */
#include "helpers/qemu/bridge_acl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/qemu/privs.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/str.h"

/* One line, split: keyword and argument (white space around both removed). */
typedef struct acl_line {
	const char *file;
	unsigned no;
	char *kw, *arg;
} acl_line;

static int parse_text(vn_acl *acl, const char *file, const char *text, size_t len, unsigned depth,
		      vn_acl_loader load, void *data, vn_err *err);

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Keep the file's name for messages; returns the stored copy. */
static const char *remember_file(vn_acl *acl, const char *file)
{
	char *copy = strdup(file);

	if (!copy || strv_push(&acl->files, &acl->nfiles, copy) < 0) {
		free(copy);
		return NULL;
	}
	return copy;
}

static int add_rule(vn_acl *acl, const acl_line *l, vn_acl_verdict verdict, vn_err *err)
{
	vn_acl_rule *nv;

	if (strpbrk(l->arg, " \t\r\v\f"))
		return vn_err_set(err, EINVAL, "%s:%u: '%s' takes one bridge name or 'all'",
				  l->file, l->no, l->kw);
	if (!streq(l->arg, "all") && !vt_ok(VT_IFNAME, l->arg))
		return vn_err_set(err, EINVAL, "%s:%u: '%s' takes a bridge name (%s) or 'all'",
				  l->file, l->no, l->kw, vt_rule(VT_IFNAME));
	nv = realloc(acl->v, (acl->n + 1) * sizeof(*nv));
	if (!nv)
		return vn_err_set(err, ENOMEM, "out of memory");
	acl->v = nv;
	nv = &acl->v[acl->n++];
	*nv = (vn_acl_rule){
		.verdict = verdict, .all = streq(l->arg, "all"), .file = l->file, .line = l->no
	};
	if (!nv->all)
		snprintf(nv->name, sizeof(nv->name), "%s", l->arg);
	return 0;
}

static int include(vn_acl *acl, const acl_line *l, unsigned depth, vn_acl_loader load, void *data,
		   vn_err *err)
{
	_cleanup_free_ char *name = NULL, *text = NULL;
	size_t len = 0;
	vn_err e = {0};
	int r;

	if (depth >= ACL_MAX_DEPTH)
		return vn_err_set(err, ELOOP,
				  "%s:%u: includes nest deeper than %d files (does a file include "
				  "itself?)",
				  l->file, l->no, ACL_MAX_DEPTH);
	if (!load)
		return vn_err_set(err, ENOTSUP, "%s:%u: cannot include files here", l->file, l->no);
	r = load(data, l->file, l->arg, &name, &text, &len, &e);
	if (r < 0)
		return vn_err_set(err, -r, "%s:%u: %s", l->file, l->no, e.msg);
	return parse_text(acl, name, text, len, depth + 1, load, data, err);
}

static int parse_line(vn_acl *acl, acl_line *l, unsigned depth, vn_acl_loader load, void *data,
		      vn_err *err)
{
	char *s = trim(l->kw), *end;

	if (!*s || *s == '#')
		return 0;
	for (end = s; *end && !is_blank(*end); end++)
		;
	l->arg = trim(end);
	*end = '\0';
	l->kw = s;
	if (!streq(s, "allow") && !streq(s, "deny") && !streq(s, "include"))
		return vn_err_set(err, EINVAL,
				  "%s:%u: unknown keyword (use allow, deny or include)", l->file,
				  l->no);
	if (!*l->arg)
		return vn_err_set(err, EINVAL, "%s:%u: '%s' needs %s", l->file, l->no, s,
				  streq(s, "include") ? "a file name" : "a bridge name or 'all'");
	if (streq(s, "include"))
		return include(acl, l, depth, load, data, err);
	return add_rule(acl, l, streq(s, "allow") ? ACL_ALLOW : ACL_DENY, err);
}

static int parse_text(vn_acl *acl, const char *file, const char *text, size_t len, unsigned depth,
		      vn_acl_loader load, void *data, vn_err *err)
{
	_cleanup_free_ char *copy = NULL;
	const char *name = remember_file(acl, file);
	unsigned no = 1;
	int r = 0;

	if (!name)
		return vn_err_set(err, ENOMEM, "out of memory");
	copy = malloc(len + 1);
	if (!copy)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (memchr(text, '\0', len))
		return vn_err_set(err, EINVAL, "%s: contains a NUL byte; not a text file", name);
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (char *line = copy, *next; r == 0 && line; line = next, no++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		acl_line l = { .file = name, .no = no, .kw = line };
		r = parse_line(acl, &l, depth, load, data, err);
	}
	return r;
}

int acl_parse(vn_acl *acl, const char *file, const char *text, size_t len, vn_acl_loader load,
	      void *data, vn_err *err)
{
	return parse_text(acl, file, text, len, 0, load, data, err);
}

void acl_free(vn_acl *acl)
{
	if (!acl)
		return;
	free(acl->v);
	strv_free(acl->files);
	*acl = (vn_acl){0};
}

bool acl_allows(const vn_acl *acl, const char *bridge, const vn_acl_rule **why)
{
	const vn_acl_rule *allow = NULL, *deny = NULL;

	for (size_t i = 0; i < acl->n; i++) {
		const vn_acl_rule *r = &acl->v[i];
		if (!r->all && !streq(r->name, bridge))
			continue;
		if (r->verdict == ACL_DENY && !deny)
			deny = r;
		if (r->verdict == ACL_ALLOW && !allow)
			allow = r;
	}
	if (why)
		*why = deny ? deny : allow;
	return allow && !deny;
}

/* root without trailing slashes: its length. */
static size_t root_length(const char *root)
{
	size_t n = strlen(root);

	while (n > 0 && root[n - 1] == '/')
		n--;
	return n;
}

/* *out (malloc'd): the first alen bytes of a, then b. */
static int join_or_enomem(char **out, const char *a, int alen, const char *b, vn_err *err)
{
	if (asprintf(out, "%.*s%s", alen, a, b) < 0) {
		*out = NULL;
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

/* The path below root (no leading '/') that `include arg` in file `from` names. */
static int include_path(const char *root, const char *from, const char *arg, char **rel,
			vn_err *err)
{
	size_t n = root_length(root);
	const char *dir, *slash;

	if (arg[0] == '/')
		return join_or_enomem(rel, "", 0, arg + strspn(arg, "/"), err);
	if (strncmp(from, root, n) || from[n] != '/')
		return vn_err_set(err, EINVAL,
				  "%s is not below the root folder: nothing can be included next "
				  "to it",
				  from);
	dir = from + n + 1;
	slash = strrchr(dir, '/');
	return join_or_enomem(rel, dir, slash ? (int)(slash - dir + 1) : 0, arg, err);
}

int acl_load_under_root(void *data, const char *from, const char *arg, char **name, char **text,
			size_t *len, vn_err *err)
{
	const char *root = data;
	_cleanup_free_ char *rel = NULL;
	int r = include_path(root, from, arg, &rel, err);

	if (r < 0)
		return r;
	if (asprintf(name, "%.*s/%s", (int)root_length(root), root, rel) < 0) {
		*name = NULL;
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	return privs_read_trusted(root, rel, ACL_MAX_BYTES, text, len, err);
}
