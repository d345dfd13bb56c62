/* cmd_define.c - define, undefine, autostart and validate */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/remote.h"
#include "conf/check_define.h"
#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"
#include "util/cleanup.h"
#include "util/fileio.h"

struct flags { bool a, b, trust; };

static int set_a(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	((struct flags *)d)->a = true;
	return 0;
}
static int set_ab(int o, const char *arg, void *d)
{
	struct flags *f = d;

	(void)arg;
	if (o == 'a')
		f->a = true;
	else if (o == 'b')
		f->b = true;
	else
		f->trust = true;
	return 0;
}

/* Read and parse FILE; prints virsh's two-line error on failure. The text stays in *text
 * (for virtnetd) when text is not NULL. */
static vn_network *load_file(const char *file, const char *what_failed, char **text, size_t *n)
{
	_cleanup_free_ char *data = NULL;
	vn_network *def = NULL;
	vn_err err = {0};
	size_t len;

	if (file_read_all(file, NET_XML_MAX_SIZE, &data, &len, &err) < 0 ||
	    net_parse(data, len, strcmp(file, "-") ? file : "standard input", &def, &err) < 0) {
		out_fail_err(&err, "%s %s", what_failed, file);
		return NULL;
	}
	if (text) {
		*text = data;
		*n = len;
		data = NULL;
	}
	return def;
}

static int define_remote(vn_ctx *ctx, int fd, const char *file, const struct flags *f,
			 const char *text, size_t len)
{
	remote_req q = { .method = "POST", .body = text, .len = len, .file = file };

	snprintf(q.path, sizeof(q.path), "/v1/networks%s%s", f->a ? "?strict=1" : "",
		 f->trust ? (f->a ? "&trust-dnsmasq-options=1" : "?trust-dnsmasq-options=1") : "");
	snprintf(q.failed, sizeof(q.failed), "Failed to define network from %s", file);
	return remote_change(ctx, fd, &q);
}

int cmd_define(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 'a' },
		{ "trust-dnsmasq-options", no_argument, NULL, 't' },
		{ 0 },
	};
	const vn_cmd *c = cli_find("define");
	struct flags f = {0};
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_netobj *saved;
	vn_network *def;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_ab, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	def = load_file(argv[first], "Failed to define network from", &text, &len);
	if (!def)
		return 1;
	int fd = remote_connect(ctx);
	if (fd != -1) {
		net_free(def);
		return fd == -2 ? 1 : define_remote(ctx, fd, argv[first], &f, text, len);
	}
	if (ctx_lock_and_load(ctx, true, &l) < 0) {
		net_free(def);
		return 1;
	}
	vn_define_opts o = { .strict = f.a, .trust_options = f.trust };
	int r = store_define(&ctx->paths, &l, def, &o, &saved, &notes, &err);
	out_notes(&notes);
	if (r < 0) {
		store_list_free(&l);
		return out_fail_err(&err, "Failed to define network from %s", argv[first]);
	}
	out_info(ctx, "Network %s defined from %s\n", saved->def->name, argv[first]);
	out_blank(ctx);
	store_list_free(&l);
	return 0;
}

/* One network's change through virtnetd: method on its path + rest, with body */
static int one_remote(vn_ctx *ctx, int fd, const char *key, const char *method, const char *rest,
		      const char *body, const char *failed_fmt)
{
	remote_req q = { .method = method, .key = key, .body = body,
			 .len = body ? strlen(body) : 0 };

	if (remote_path(q.path, sizeof(q.path), key, rest) < 0)
		return out_fail("the network name '%.40s...' is too long", key);
	snprintf(q.failed, sizeof(q.failed), failed_fmt, key);
	return remote_change(ctx, fd, &q);
}

int cmd_undefine(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("undefine");
	vn_netlist l = {0};
	vn_err err = {0};
	vn_netobj *o;
	char name[256 + 4];
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL), r = 1;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	int fd = remote_connect(ctx);
	if (fd != -1)
		return fd == -2 ? 1 : one_remote(ctx, fd, argv[first], "DELETE", "", NULL,
						 "Failed to undefine network %s");
	if (ctx_lock_and_load(ctx, true, &l) < 0)
		return 1;
	o = ctx_lookup(&l, argv[first]);
	if (o) {
		snprintf(name, sizeof(name), "%s", store_current(o)->name);
		if (network_undefine(&ctx->paths, &l, o, &err) < 0) {
			out_fail_err(&err, "Failed to undefine network %s", name);
		} else {
			out_info(ctx, "Network %s has been undefined\n", name);
			out_blank(ctx);
			r = 0;
		}
	}
	store_list_free(&l);
	return r;
}

int cmd_autostart(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "disable", no_argument, NULL, 'a' }, {0} };
	const vn_cmd *c = cli_find("autostart");
	struct flags f = {0};
	vn_netlist l = {0};
	vn_err err = {0};
	vn_netobj *o;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_a, &f), r = 1;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	int fd = remote_connect(ctx);
	if (fd != -1)
		return fd == -2 ? 1 : one_remote(ctx, fd, argv[first], "PUT", "/autostart",
						 f.a ? "off" : "on", f.a ?
						 "failed to unmark network %s as autostarted" :
						 "failed to mark network %s as autostarted");
	if (ctx_lock_and_load(ctx, true, &l) < 0)
		return 1;
	o = ctx_lookup(&l, argv[first]);
	if (o) {
		const char *name = store_current(o)->name;
		if (store_set_autostart(&ctx->paths, o, !f.a, &err) < 0) {
			out_fail_err(&err, f.a ? "failed to unmark network %s as autostarted" :
				 "failed to mark network %s as autostarted", name);
		} else {
			out_info(ctx,
				 f.a ? "Network %s unmarked as autostarted\n"
				     : "Network %s marked as autostarted\n",
				 name);
			out_blank(ctx);
			r = 0;
		}
	}
	store_list_free(&l);
	return r;
}

int cmd_validate(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "print", no_argument, NULL, 'a' }, { "inactive", no_argument, NULL, 'b' },
		{ "trust-dnsmasq-options", no_argument, NULL, 't' }, {0},
	};
	const vn_cmd *c = cli_find("validate");
	struct flags f = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_network *def;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_ab, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	def = load_file(argv[first], "Failed to validate network from", NULL, NULL);
	if (!def)
		return 1;
	int r = dnsmasq_options_admit(def, f.trust, NULL, &notes, &err);
	out_notes(&notes);
	if (r < 0 || net_check_define(def, &err) < 0 || store_check_name(def->name, &err) < 0) {
		/* --print mirrors libvirt's parser+formatter; define-time problems are only
		 * warnings then */
		if (!f.a) {
			net_free(def);
			return out_fail_err(&err, "Failed to validate network from %s",
					    argv[first]);
		}
		fflush(stdout);
		fprintf(stderr, "warning: define would refuse %s: %s\n", argv[first], err.msg);
	}
	if (f.a) {
		_cleanup_free_ char *xml = net_format(def, f.b ? NET_FORMAT_INACTIVE : 0);
		if (!xml) {
			net_free(def);
			return out_fail("out of memory");
		}
		fputs(xml, stdout);
	} else {
		out_info(ctx, "Network %s in %s is valid\n", def->name, argv[first]);
	}
	net_free(def);
	return 0;
}
