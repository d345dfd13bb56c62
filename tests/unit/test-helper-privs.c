/* test-helper-privs.c - what virtnet-bridge-helper keeps of root: the capability sets a
 * process has after privs_keep_net_admin (read from its own /proc/self/status, in a child
 * because the drop cannot be undone), which VIRTNET_ROOT folders it trusts, and which files
 * privs_read_trusted reads below such a root. They need root; without it they are skipped. */
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
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "helpers/qemu/privs.h"

/* One "Key:\tvalue" line of /proc/self/status into out. */
static int status_field(const char *key, char *out, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	int found = -1;

	while (f && found < 0 && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':') {
			snprintf(out, len, "%s", line + strlen(key) + 1 + strspn(line + strlen(key) + 1, " \t"));
			out[strcspn(out, "\n")] = '\0';
			found = 0;
		}
	if (f)
		fclose(f);
	return found;
}

/* In the child: 0 when every set is as wanted, else the number of the first wrong one. */
static int child_checks(const char *own, const char *foreign)
{
	static const struct { const char *key, *want; } want[] = {
		{ "CapInh", "0000000000000000" }, { "CapPrm", "0000000000001000" }, { "CapEff", "0000000000001000" },
		{ "CapBnd", "0000000000000000" }, { "CapAmb", "0000000000000000" }, { "NoNewPrivs", "1" },
		{ "Uid", "0\t0\t0\t0" }, { "Gid", "0\t0\t0\t0" }, { "Groups", "" },
	};
	vn_err err = {0};
	char v[64];

	if (privs_keep_net_admin(&err) < 0) {
		fprintf(stderr, "# %s\n", err.msg);
		return 99;
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (status_field(want[i].key, v, sizeof(v)) < 0 || strcmp(v, want[i].want)) {
			fprintf(stderr, "# %s: got %s, want %s\n", want[i].key, v, want[i].want);
			return (int)i + 1;
		}
	/* root's uid stays: root's own 0600 file opens, another user's 0600 file does not */
	if (geteuid() != 0 || open(own, O_RDWR) < 0)
		return 50;
	if (open(foreign, O_RDONLY) >= 0 || errno != EACCES)
		return 51;
	return 0;
}

/* Two 0600 files: one root's, one nobody's. */
static int make_files(char *own, char *foreign)
{
	int a = mkstemp(own), b = mkstemp(foreign);

	if (a < 0 || b < 0)
		return -1;
	close(a);
	close(b);
	return chmod(own, 0600) | chmod(foreign, 0600) | chown(foreign, 65534, 65534);
}

static void test_keep_net_admin(void **state)
{
	char own[] = "/tmp/vn-privs-own.XXXXXX", foreign[] = "/tmp/vn-privs-foreign.XXXXXX";
	int status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(make_files(own, foreign), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_checks(own, foreign));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(own);
	unlink(foreign);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static char top[64];

static int setup_dirs(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/vn-privs.XXXXXX");
	return mkdtemp(top) ? chmod(top, 0755) : -1;
}

static int teardown_dirs(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

static void expect_root(const char *rel, int code, const char *why)
{
	char path[128], msg[512];
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s%s", top, rel);
	assert_int_equal(privs_check_root(path, NULL, &err), -code);
	if (why) {
		snprintf(msg, sizeof(msg), why, path, path);
		assert_string_equal(err.msg, msg);
	}
}

static void test_root_folder(void **state)
{
	char p[128];

	(void)state;
	if (geteuid() != 0)
		skip();
	snprintf(p, sizeof(p), "%s/ok", top);
	assert_int_equal(mkdir(p, 0755), 0);
	expect_root("/ok", 0, NULL);
	expect_root("/ok/", 0, NULL);
	assert_int_equal(chmod(p, 0775), 0);
	expect_root("/ok", EPERM, "VIRTNET_ROOT %s is not safe for a setuid helper: %s is writable by its group (mode 0775); "
		    "the root folder and every folder above it must be owned by root and writable only by root");
	assert_int_equal(chmod(p, 01777), 0);   /* sticky does not help the root folder itself */
	expect_root("/ok", EPERM, NULL);
	assert_int_equal(chmod(p, 0755), 0);
	assert_int_equal(chown(p, 65534, 65534), 0);
	expect_root("/ok", EPERM, "VIRTNET_ROOT %s is not safe for a setuid helper: %s is not owned by root (mode 0755); "
		    "the root folder and every folder above it must be owned by root and writable only by root");
	assert_int_equal(chown(p, 0, 0), 0);
	/* a world-writable parent: refused unless sticky (like /tmp) */
	assert_int_equal(chmod(top, 0777), 0);
	expect_root("/ok", EPERM, NULL);
	assert_int_equal(chmod(top, 01777), 0);
	expect_root("/ok", 0, NULL);
	assert_int_equal(chmod(top, 0755), 0);
	/* a symlink is judged by where it leads */
	snprintf(p, sizeof(p), "%s/link", top);
	assert_int_equal(symlink("ok", p), 0);
	expect_root("/link", 0, NULL);
	char *real = NULL, want[128];
	vn_err e = {0};
	assert_int_equal(privs_check_root(p, &real, &e), 0);
	snprintf(want, sizeof(want), "%s/ok", top);
	assert_string_equal(real, want);   /* the helper uses this, not the link others might change */
	free(real);
	expect_root("/nosuch", ENOENT, "VIRTNET_ROOT %s: No such file or directory");
	vn_err err = {0};
	assert_int_equal(privs_check_root("relative/root", NULL, &err), -EINVAL);
	assert_string_equal(err.msg, "VIRTNET_ROOT 'relative/root' is not an absolute path");
}

/* privs_read_trusted(root, rel, max): 0 and the text, or the error (%1$s: the root). */
static void expect_read(const char *root, const char *rel, size_t max, int code, const char *want)
{
	char *text = NULL, msg[1024];
	size_t len = 0;
	vn_err err = {0};

	assert_int_equal(privs_read_trusted(root, rel, max, &text, &len, &err), -code);
	if (code == 0) {
		assert_int_equal(len, strlen(want));
		assert_string_equal(text, want);
	} else {
		snprintf(msg, sizeof(msg), want, root);
		assert_string_equal(err.msg, msg);
		assert_null(text);
	}
	free(text);
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0644), 0);
}

static void test_read_trusted(void **state)
{
	char root[96], p[128], *text = NULL, longname[300], want[512];
	size_t len = 0;
	vn_err err = {0};

	(void)state;
	if (geteuid() != 0)
		skip();
	/* the real root: the walk starts at "/" */
	assert_int_equal(privs_read_trusted("", "etc/passwd", 1 << 20, &text, &len, &err), 0);
	assert_true(len > 0 && strncmp(text, "root:", 5) == 0);
	free(text);
	snprintf(root, sizeof(root), "%s/root", top);
	assert_int_equal(mkdir(root, 0755), 0);
	snprintf(p, sizeof(p), "%s/acl", root);
	put_file(p, "allow br0\n");
	expect_read(root, "acl", 10, 0, "allow br0\n");
	expect_read(root, "acl", 9, EFBIG, "%1$s/acl is larger than 9 bytes");
	expect_read(root, "./acl", 10, 0, "allow br0\n");
	/* above the root a sticky world-writable folder may be (like /tmp), the root itself not */
	assert_int_equal(chmod(top, 01777), 0);
	expect_read(root, "acl", 10, 0, "allow br0\n");
	assert_int_equal(chmod(top, 0777), 0);
	snprintf(want, sizeof(want), "%%1$s/acl is not trusted: folder %s is writable by everyone (mode 0777); every folder "
		 "on the way must be owned by root and writable only by root", top);
	expect_read(root, "acl", 10, EPERM, want);
	assert_int_equal(chmod(top, 0755), 0);
	assert_int_equal(chmod(root, 01777), 0);
	expect_read(root, "acl", 10, EPERM, "%1$s/acl is not trusted: folder %1$s is writable by everyone (mode 1777); every "
		    "folder on the way must be owned by root and writable only by root");
	assert_int_equal(chmod(root, 0755), 0);
	/* the file itself as a link */
	snprintf(p, sizeof(p), "%s/link", root);
	assert_int_equal(symlink("acl", p), 0);
	expect_read(root, "link", 10, ELOOP, "%1$s/link is not trusted: it is a symbolic link, which a setuid program never follows");
	memset(longname, 'x', 260);
	strcpy(longname + 260, "/acl");
	snprintf(want, sizeof(want), "cannot read %%1$s/%s: a name in it is too long", longname);
	expect_read(root, longname, 10, ENAMETOOLONG, want);
	expect_read("relative", "acl", 10, EINVAL, "cannot read relative/acl: the root folder is not an absolute path");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep_net_admin),
		cmocka_unit_test_setup_teardown(test_root_folder, setup_dirs, teardown_dirs),
		cmocka_unit_test_setup_teardown(test_read_trusted, setup_dirs, teardown_dirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
