/* cmd_list.c - `list` with virsh's filters, table, --name/--uuid and --json, of the rows
 * virtnetd sends or (none answers) of the store's (direct_read.c) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api_rows.h"
#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"

enum { SHOW_TABLE, SHOW_NAME, SHOW_UUID, SHOW_JSON };

struct list_opts {
	bool all, inactive, persistent, transient, autostart, no_autostart, title;
	int show, nshow;
};

static int on_list(int o, const char *arg, void *d)
{
	struct list_opts *f = d;
	(void)arg;
	switch (o) {
	case 'a': f->all = true; break;
	case 'i': f->inactive = true; break;
	case 'p': f->persistent = true; break;
	case 't': f->transient = true; break;
	case 'A': f->autostart = true; break;
	case 'N': f->no_autostart = true; break;
	case 'T': f->title = true; break;
	case 'n': f->show = SHOW_NAME; f->nshow++; break;
	case 'u': f->show = SHOW_UUID; f->nshow++; break;
	case 'b': f->nshow++; break;
	case 'j': f->show = SHOW_JSON; break;
	}
	return 0;
}

static bool list_wants(const vn_net_row *r, const void *data)
{
	const struct list_opts *f = data;

	if (!f->all && (f->inactive ? r->active : !r->active))
		return false;
	if (f->persistent != f->transient && (f->persistent ? !r->persistent : r->persistent))
		return false;
	if (f->autostart != f->no_autostart && (f->autostart ? !r->autostart : r->autostart))
		return false;
	return true;
}

static void list_json(const vn_net_rows *rows, const struct list_opts *f)
{
	char *out = net_rows_json(rows, list_wants, f);

	fputs(out ? out : "", stdout);
	free(out);
}

static void list_table(vn_ctx *ctx, const vn_net_rows *rows, const struct list_opts *f)
{
	static const char *const hdr[] = { "Name", "State", "Autostart", "Persistent", "Bridge" };
	static const char *const hdr_title[] = { "Name",  "State", "Autostart",
						 "Persistent", "Title", "Bridge" };
	vn_table *t = out_table_new(f->title ? 6 : 5, f->title ? hdr_title : hdr);

	if (!t)
		return;
	for (size_t i = 0; i < rows->n; i++) {
		const vn_net_row *r = &rows->v[i];
		if (!list_wants(r, f))
			continue;
		const char *bridge = r->bridge ? r->bridge : "-";
		const char *row[] = { r->name, r->active ? "active" : "inactive",
				      r->autostart ? "yes" : "no", r->persistent ? "yes" : "no",
				      f->title ? (r->title ? r->title : "") : bridge, bridge };
		out_table_add(t, row);
	}
	out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
}

static void list_print(vn_ctx *ctx, const vn_net_rows *rows, const struct list_opts *f)
{
	if (f->show == SHOW_JSON) {
		list_json(rows, f);
		return;
	}
	if (f->show == SHOW_TABLE)
		list_table(ctx, rows, f);
	for (size_t i = 0; f->show != SHOW_TABLE && i < rows->n; i++)
		if (list_wants(&rows->v[i], f))
			printf("%s\n", f->show == SHOW_NAME ? rows->v[i].name : rows->v[i].uuid);
	out_blank(ctx);
}

static int rows_remote(int fd, vn_net_rows *rows)
{
	char *body, why[1024];
	vn_err err = {0};
	int status, rc = remote_call(fd, "GET", "/v1/networks", NULL, 0, &body, &status, why,
				     sizeof(why));

	if (rc == -1)
		out_fail("%s", why);
	if (rc < 0)
		return -1;
	rc = net_rows_from_json(body, rows, &err);
	free(body);
	if (rc < 0)
		out_fail_err(&err, NULL);
	return rc;
}

/* The rows from virtnetd, or (none runs) from the store */
static int list_rows(vn_ctx *ctx, vn_net_rows *rows)
{
	int fd = remote_connect(ctx);

	if (fd == -2)
		return -1;
	return fd >= 0 ? rows_remote(fd, rows) : list_rows_direct(ctx, rows);
}

int cmd_list(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' }, { "inactive", no_argument, NULL, 'i' },
		{ "persistent", no_argument, NULL, 'p' }, { "transient", no_argument, NULL, 't' },
		{ "autostart", no_argument, NULL, 'A' }, { "no-autostart", no_argument, NULL, 'N' },
		{ "name", no_argument, NULL, 'n' }, { "uuid", no_argument, NULL, 'u' },
		{ "table", no_argument, NULL, 'b' }, { "title", no_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'j' }, {0},
	};
	const vn_cmd *c = cli_find("list");
	struct list_opts f = {0};
	vn_net_rows rows;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_list, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 0) < 0)
		return 1;
	if (f.nshow > 1)
		return out_fail(
			"Only one argument from --table, --name and --uuid may be specified.");
	if (list_rows(ctx, &rows) < 0)
		return 1;
	list_print(ctx, &rows, &f);
	net_rows_free(&rows);
	return 0;
}
