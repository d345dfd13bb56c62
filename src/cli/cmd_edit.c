/* cmd_edit.c - `edit`: $EDITOR on a copy, checked like define, old definition kept on error */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli_store.h"
#include "cli/commands.h"
#include "conf/network_xml.h"
#include "util/cleanup.h"
#include "util/fileio.h"

static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	_cleanup_free_ char *cmd = NULL;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	if (asprintf(&cmd, "%s \"$1\"", ed) < 0)
		return -ENOMEM;
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ECANCELED;
}

/* A new temporary file holding text; its name in tmp. -1 after saying why not. */
static int write_temp(char *tmp, size_t len, const char *text)
{
	const char *dir = getenv("TMPDIR");
	vn_err err = {0};
	int fd;

	snprintf(tmp, len, "%s/virtnet-edit-XXXXXX.xml", dir ? dir : "/tmp");
	fd = mkstemps(tmp, 4);
	if (fd < 0) {
		out_fail("cannot create a temporary file %s: %s", tmp, strerror(errno));
		return -1;
	}
	close(fd);
	if (file_write_atomic(tmp, text, strlen(text), 0600, &err) < 0) {
		out_fail_err(&err, NULL);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The current stored XML of NETWORK into a new temp file; returns its name. */
static int edit_prepare(vn_ctx *ctx, const char *key, char *tmp, size_t len, char **orig,
			char *name, size_t nlen)
{
	vn_netlist l = {0};
	vn_netobj *o;
	int r = -1;

	if (ctx_lock_and_load(ctx, false, &l) < 0)
		return -1;
	o = ctx_lookup(&l, key);
	if (o) {
		const vn_network *n = o->def ? o->def : o->live;
		snprintf(name, nlen, "%s", n->name);
		*orig = net_format(n, NET_FORMAT_INACTIVE);
		if (!*orig)
			out_fail("out of memory");
		else
			r = write_temp(tmp, len, *orig);
	}
	store_list_free(&l);
	ctx_unlock(ctx);
	return r;
}

static int edit_apply(vn_ctx *ctx, const char *data, size_t len, const char *tmp, bool trust)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_network *def = NULL;
	vn_netobj *saved;

	if (net_parse(data, len, tmp, &def, &err) < 0)
		return out_fail_err(&err, "Failed to define network from the edited XML");
	if (ctx_lock_and_load(ctx, true, &l) < 0) {
		net_free(def);
		return 1;
	}
	int r = store_define(&ctx->paths, &l, def, &(vn_define_opts){ .trust_options = trust },
			     &saved, &notes, &err);
	out_notes(&notes);
	if (r == 0)
		out_info(ctx, "Network %s XML configuration edited.\n", saved->def->name);
	else
		out_fail_err(&err, "Failed to define network from the edited XML");
	store_list_free(&l);
	ctx_unlock(ctx);
	return r < 0;
}

static int set_true(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

static bool ask_retry(void)
{
	char line[16];

	if (!isatty(STDIN_FILENO))
		return false;
	fputs("Failed. Try again? [y,n]: ", stdout);
	fflush(stdout);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

int cmd_edit(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "trust-dnsmasq-options", no_argument, NULL, 't' },
					      { 0 } };
	const vn_cmd *c = cli_find("edit");
	char tmp[4096], name[300];
	_cleanup_free_ char *orig = NULL;
	bool trust = false;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_true, &trust), rc = 1;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (edit_prepare(ctx, argv[first], tmp, sizeof(tmp), &orig, name, sizeof(name)) < 0)
		return 1;
	for (;;) {
		_cleanup_free_ char *data = NULL;
		size_t len;
		vn_err err = {0};
		int r = run_editor(tmp);
		if (r < 0) {
			out_fail("editor failed (%s); network %s is unchanged", strerror(-r), name);
			break;
		}
		if (file_read_all(tmp, NET_XML_MAX_SIZE, &data, &len, &err) < 0) {
			out_fail_err(&err, NULL);
			break;
		}
		if (len == strlen(orig) && memcmp(data, orig, len) == 0) {
			out_info(ctx, "Network %s XML configuration not changed.\n", name);
			rc = 0;
			break;
		}
		rc = edit_apply(ctx, data, len, tmp, trust);
		if (rc == 0 || !ask_retry())
			break;
	}
	if (rc == 0)
		out_blank(ctx);
	unlink(tmp);
	return rc;
}
