/* cmd_list.c - `list` with virsh's filters, table, --name/--uuid and --json */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "util/json.h"

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

static bool list_wants(const struct list_opts *f, const vn_netobj *o)
{
	bool active = netobj_active(o), persistent = o->def != NULL;

	if (!f->all && (f->inactive ? active : !active))
		return false;
	if (f->persistent != f->transient && (f->persistent ? !persistent : persistent))
		return false;
	if (f->autostart != f->no_autostart && (f->autostart ? !o->autostart : o->autostart))
		return false;
	return true;
}

static void list_json(const vn_netlist *l, const struct list_opts *f)
{
	char u[VN_UUID_STRLEN];
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < l->n; i++) {
		const vn_netobj *o = &l->v[i];
		const vn_network *n = store_current(o);
		if (!list_wants(f, o))
			continue;
		json_begin_object(&j, NULL);
		json_string(&j, "name", n->name);
		json_string(&j, "uuid", uuid_format(n->uuid, u));
		json_string(&j, "state", netobj_active(o) ? "active" : "inactive");
		json_bool(&j, "autostart", o->autostart);
		json_bool(&j, "persistent", o->def != NULL);
		json_string(&j, "bridge", n->bridge);
		json_string(&j, "title", n->title);
		json_end_object(&j);
	}
	json_end_array(&j);
	char *out = json_steal(&j);
	fputs(out ? out : "", stdout);
	free(out);
}

static void list_table(vn_ctx *ctx, const vn_netlist *l, const struct list_opts *f)
{
	static const char *const hdr[] = { "Name", "State", "Autostart", "Persistent", "Bridge" };
	static const char *const hdr_title[] = { "Name",       "State", "Autostart",
						 "Persistent", "Title", "Bridge" };
	vn_table *t = out_table_new(f->title ? 6 : 5, f->title ? hdr_title : hdr);

	if (!t)
		return;
	for (size_t i = 0; i < l->n; i++) {
		const vn_netobj *o = &l->v[i];
		if (!list_wants(f, o))
			continue;
		const vn_network *n = store_current(o);
		const char *bridge = n->bridge ? n->bridge : "-";
		const char *row[] = { n->name,
				      netobj_active(o) ? "active" : "inactive",
				      o->autostart ? "yes" : "no",
				      o->def ? "yes" : "no",
				      f->title ? (n->title ? n->title : "") : bridge,
				      bridge };
		out_table_add(t, row);
	}
	out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
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
	vn_netlist l = {0};
	char u[VN_UUID_STRLEN];
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_list, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 0) < 0)
		return 1;
	if (f.nshow > 1)
		return out_fail(
			"Only one argument from --table, --name and --uuid may be specified.");
	if (ctx_lock_and_load(ctx, false, &l) < 0)
		return 1;
	if (f.show == SHOW_JSON) {
		list_json(&l, &f);
	} else if (f.show == SHOW_TABLE) {
		list_table(ctx, &l, &f);
		out_blank(ctx);
	} else {
		for (size_t i = 0; i < l.n; i++)
			if (list_wants(&f, &l.v[i]))
				printf("%s\n", f.show == SHOW_NAME ? store_current(&l.v[i])->name :
				       uuid_format(store_current(&l.v[i])->uuid, u));
		out_blank(ctx);
	}
	store_list_free(&l);
	return 0;
}
