/* test-bridge-acl.c - QEMU's bridge.conf as virtnet-bridge-helper reads it: verdicts for
 * given texts (deny wins, default deny, includes), the exact message of every error (never
 * quoting the file), and how the helper's loader opens includes (a tree under a temporary
 * root: links, foreign or writable folders, '..', FIFOs, other owners; needs root) */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers/qemu/bridge_acl.h"
#include "helpers/qemu/privs.h"

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
	/* names are exact: no prefixes, case matters */
	assert_string_equal(allowed("allow br\nallow BR0\n"), "");
	/* any interface name of at most 15 bytes; "all" is the only special word */
	assert_string_equal(allowed("allow abcdefghijklmno\nallow a.b-c_d@e+f\nallow br0\n"), "br0");
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

#define IFNAME_RULE "1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"

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
	expect_error("allow br0\n\nalow br1\n", EINVAL, "main.conf:3: unknown keyword (use allow, deny or include)");
	expect_error("allow\n", EINVAL, "main.conf:1: 'allow' needs a bridge name or 'all'");
	expect_error("deny   \t\n", EINVAL, "main.conf:1: 'deny' needs a bridge name or 'all'");
	expect_error("include\n", EINVAL, "main.conf:1: 'include' needs a file name");
	expect_error("allow br0 br1\n", EINVAL, "main.conf:1: 'allow' takes one bridge name or 'all'");
	expect_error("allow br0 # comment\n", EINVAL, "main.conf:1: 'allow' takes one bridge name or 'all'");
	expect_error("deny abcdefghijklmnop\n", EINVAL, "main.conf:1: 'deny' takes a bridge name (" IFNAME_RULE ") or 'all'");
	expect_error("allow br*\n", EINVAL, "main.conf:1: 'allow' takes a bridge name (" IFNAME_RULE ") or 'all'");
	expect_error("allow br\"0\n", EINVAL, "main.conf:1: 'allow' takes a bridge name (" IFNAME_RULE ") or 'all'");
	expect_error("deny ..\n", EINVAL, "main.conf:1: 'deny' takes a bridge name (" IFNAME_RULE ") or 'all'");
	expect_error("allow br0\ninclude nosuch.conf\n", ENOENT, "main.conf:2: no such file");
	expect_error("include bad.conf\n", EINVAL, "bad.conf:2: unknown keyword (use allow, deny or include)");
	expect_error("include loop.conf\n", ELOOP, "loop.conf:2: includes nest deeper than 8 files (does a file include itself?)");
	/* what a line says never shows, whatever the mistake */
	expect_error("root:x:0:0:s3cr3t\n", EINVAL, "main.conf:1: unknown keyword (use allow, deny or include)");
	expect_error("allow s3cr3t:x\n", EINVAL, "main.conf:1: 'allow' takes a bridge name (" IFNAME_RULE ") or 'all'");
	expect_error("deny s3cr3t x\n", EINVAL, "main.conf:1: 'deny' takes one bridge name or 'all'");

	vn_acl acl = {0};
	vn_err err = {0};
	assert_int_equal(acl_parse(&acl, "main.conf", "allow br0\0deny br0\n", 19, mem_load, NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "main.conf: contains a NUL byte; not a text file");
	acl_free(&acl);
	assert_int_equal(acl_parse(&acl, "main.conf", "include x\n", 10, NULL, NULL, &err), -ENOTSUP);
	assert_string_equal(err.msg, "main.conf:1: cannot include files here");
	acl_free(&acl);
	acl_free(NULL);
}

/* --- the helper's loader, on files below a temporary root (like VIRTNET_ROOT) */
static char root[64];

static int setup_tree(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/vn-acl.XXXXXX");
	return mkdtemp(root) ? chmod(root, 0755) : -1;
}

static int teardown_tree(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *rel)
{
	static char path[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", root, rel);
	return path[i];
}

/* A file below the root, root's unless owner says otherwise. */
static void put(const char *rel, const char *text, mode_t mode, uid_t owner)
{
	FILE *f = fopen(at(rel), "we");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0 && fclose(f) == 0, 1);
	assert_int_equal(chmod(at(rel), mode), 0);
	assert_int_equal(chown(at(rel), owner, 0), 0);
}

static void folder(const char *rel, mode_t mode, uid_t owner)
{
	assert_int_equal(mkdir(at(rel), 0700), 0);
	assert_int_equal(chmod(at(rel), mode), 0);
	assert_int_equal(chown(at(rel), owner, 0), 0);
}

/* bridge.conf with this text, read and parsed as the helper does. */
static int helper_parse(const char *text, vn_acl *acl, vn_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	int r;

	put("etc/virtnet/bridge.conf", text, 0644, 0);
	assert_int_equal(privs_read_trusted(root, "etc/virtnet/bridge.conf", ACL_MAX_BYTES, &buf, &len, err), 0);
	*acl = (vn_acl){0};
	r = acl_parse(acl, at("etc/virtnet/bridge.conf"), buf, len, acl_load_under_root, root, err);
	free(buf);
	return r;
}

/* "allow all" and "include arg": refused with "bridge.conf:2: " and why (%1$s: the root). */
static void expect_include(const char *arg, int code, const char *why)
{
	char text[256], want[1024];
	vn_acl acl;
	vn_err err = {0};
	int n;

	snprintf(text, sizeof(text), "allow all\ninclude %s\n", arg);
	n = snprintf(want, sizeof(want), "%s:2: ", at("etc/virtnet/bridge.conf"));
	snprintf(want + n, sizeof(want) - (size_t)n, why, root);
	assert_int_equal(helper_parse(text, &acl, &err), -code);
	assert_string_equal(err.msg, want);
	assert_null(strstr(err.msg, "20228"));   /* never a word of the secret */
	acl_free(&acl);
}

static void make_tree(void)
{
	folder("etc", 0755, 0);
	folder("etc/virtnet", 0755, 0);
	put("etc/virtnet/deny.conf", "deny br2\n", 0644, 0);
	folder("etc/virtnet/sub", 0755, 0);
	put("etc/virtnet/sub/more.conf", "allow br3\ninclude deny.conf\n", 0600, 0);
	put("etc/virtnet/sub/deny.conf", "deny br1\n", 0644, 0);
	put("secret", "root:*:20228:0:99999:7:::\n", 0600, 0);
	put("etc/virtnet/bad.conf", "root:*:20228:0:99999:7:::\n", 0600, 0);
	assert_int_equal(symlink("deny.conf", at("etc/virtnet/link.conf")), 0);
	assert_int_equal(symlink("sub", at("etc/virtnet/linkdir")), 0);
	assert_int_equal(mkfifo(at("etc/virtnet/fifo.conf"), 0644), 0);
	put("etc/virtnet/nobody.conf", "allow br0\n", 0644, 65534);
	put("etc/virtnet/gw.conf", "allow br0\n", 0664, 0);
	folder("etc/virtnet/gw", 0775, 0);
	put("etc/virtnet/gw/x.conf", "allow br0\n", 0644, 0);
	folder("etc/virtnet/sticky", 01777, 0);
	assert_int_equal(link(at("secret"), at("etc/virtnet/sticky/x.conf")), 0);
	/* the audit's reproducer: a folder the user owns, a link in it to a root-only file */
	folder("userdir", 0755, 65534);
	assert_int_equal(symlink(at("secret"), at("userdir/acl.conf")), 0);
	folder("rootdir", 0755, 0);
	assert_int_equal(symlink(at("secret"), at("rootdir/acl.conf")), 0);
}

static void test_loader_accepts(void **state)
{
	vn_acl acl;
	vn_err err = {0};

	(void)state;
	if (geteuid() != 0)
		skip();
	make_tree();
	/* relative to the including file, absolute under the root, a root-only file of root's */
	assert_int_equal(helper_parse("allow all\ninclude deny.conf\ninclude /etc/virtnet/sub/more.conf\n", &acl, &err), 0);
	assert_false(acl_allows(&acl, "br1", NULL));   /* sub/more.conf includes sub/deny.conf */
	assert_false(acl_allows(&acl, "br2", NULL));
	assert_true(acl_allows(&acl, "br3", NULL));
	assert_int_equal(acl.nfiles, 4);
	assert_string_equal(acl.files[3], at("etc/virtnet/sub/deny.conf"));
	acl_free(&acl);
	assert_int_equal(helper_parse("allow all\ninclude ./sub//more.conf\n", &acl, &err), 0);
	acl_free(&acl);
}

static void test_loader_refuses(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	make_tree();
	expect_include("link.conf", ELOOP, "%1$s/etc/virtnet/link.conf is not trusted: it is a symbolic link, which a setuid "
		       "program never follows");
	expect_include("linkdir/more.conf", ELOOP, "%1$s/etc/virtnet/linkdir/more.conf is not trusted: %1$s/etc/virtnet/linkdir "
		       "is a symbolic link, which a setuid program never follows");
	expect_include("gw/x.conf", EPERM, "%1$s/etc/virtnet/gw/x.conf is not trusted: folder %1$s/etc/virtnet/gw is writable "
		       "by its group (mode 0775); every folder on the way must be owned by root and writable only by root");
	expect_include("/userdir/acl.conf", EPERM, "%1$s/userdir/acl.conf is not trusted: folder %1$s/userdir is not owned "
		       "by root (mode 0755); every folder on the way must be owned by root and writable only by root");
	expect_include("/rootdir/acl.conf", ELOOP, "%1$s/rootdir/acl.conf is not trusted: it is a symbolic link, which a "
		       "setuid program never follows");
	/* sticky is not enough below the root: anyone may make a name there (here a hard link) */
	expect_include("sticky/x.conf", EPERM, "%1$s/etc/virtnet/sticky/x.conf is not trusted: folder %1$s/etc/virtnet/sticky "
		       "is writable by everyone (mode 1777); every folder on the way must be owned by root and writable only by root");
	expect_include("sub/../deny.conf", EINVAL, "cannot read %1$s/etc/virtnet/sub/../deny.conf: a path with '..' is never followed");
	expect_include("../virtnet/deny.conf", EINVAL, "cannot read %1$s/etc/virtnet/../virtnet/deny.conf: a path with '..' is "
		       "never followed");
	expect_include("/..", EINVAL, "cannot read %1$s/..: a path with '..' is never followed");
	expect_include("fifo.conf", EPERM, "%1$s/etc/virtnet/fifo.conf must be a regular file owned by root and writable only by root");
	expect_include("nobody.conf", EPERM, "%1$s/etc/virtnet/nobody.conf must be a regular file owned by root and writable "
		       "only by root");
	expect_include("gw.conf", EPERM, "%1$s/etc/virtnet/gw.conf must be a regular file owned by root and writable only by root");
	expect_include("sub", EPERM, "%1$s/etc/virtnet/sub must be a regular file owned by root and writable only by root");
	expect_include("nosuch.conf", ENOENT, "cannot read %1$s/etc/virtnet/nosuch.conf: No such file or directory");
	expect_include("nosuch/x.conf", ENOENT, "cannot read %1$s/etc/virtnet/nosuch/x.conf: No such file or directory");
	expect_include("deny.conf/x", ENOTDIR, "cannot read %1$s/etc/virtnet/deny.conf/x: %1$s/etc/virtnet/deny.conf is not a folder");
	expect_include("sub/", EISDIR, "cannot read %1$s/etc/virtnet/sub/: it names a folder, not a file");
}

/* A root-only file that the ACL includes by mistake: refused by line, never quoted. */
static void test_loader_never_quotes(void **state)
{
	vn_acl acl;
	vn_err err = {0};
	char want[512];

	(void)state;
	if (geteuid() != 0)
		skip();
	make_tree();
	assert_int_equal(helper_parse("allow br0\ninclude bad.conf\n", &acl, &err), -EINVAL);
	snprintf(want, sizeof(want), "%s:1: unknown keyword (use allow, deny or include)", at("etc/virtnet/bad.conf"));
	assert_string_equal(err.msg, want);
	acl_free(&acl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test_setup_teardown(test_loader_accepts, setup_tree, teardown_tree),
		cmocka_unit_test_setup_teardown(test_loader_refuses, setup_tree, teardown_tree),
		cmocka_unit_test_setup_teardown(test_loader_never_quotes, setup_tree, teardown_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
