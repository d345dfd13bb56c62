/* cmd_update.c - update (virsh's net-update): one element of a section added, deleted or
 * modified, in the running network, its definition, or both; through virtnetd, or (none
 * answers) directly (direct_update.c) */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"
#include "conf/network_xml.h"
#include "util/cleanup.h"
#include "util/fileio.h"

struct update_opts {
	unsigned flags;      /* UPDATE_LIVE | UPDATE_CONFIG; 0: current */
	bool current;
	long parent;
	const char *bad_index;
};

static int on_opt(int o, const char *arg, void *d)
{
	struct update_opts *u = d;
	char *end;

	if (o == 'l')
		u->flags |= UPDATE_LIVE;
	else if (o == 'c')
		u->flags |= UPDATE_CONFIG;
	else if (o == 'C')
		u->current = true;
	else {
		errno = 0;
		u->parent = strtol(arg, &end, 10);
		if (!*arg || *end || errno || u->parent < INT_MIN || u->parent > INT_MAX)
			u->bad_index = arg;
	}
	return 0;
}

/* virsh's checks of the arguments, in its order */
static int check_args(const struct update_opts *u, const char *cmd, const char *section)
{
	if (u->current && (u->flags & UPDATE_LIVE))
		return out_fail("Options --current and --live are mutually exclusive");
	if (u->current && (u->flags & UPDATE_CONFIG))
		return out_fail("Options --current and --config are mutually exclusive");
	char names[256];

	if (upd_cmd_from_string(cmd) < 0)
		return out_fail("unrecognized command name '%s' (use one of: %s)", cmd,
				upd_cmd_names(names, sizeof(names), ", "));
	if (upd_section_from_string(section) < 0)
		return out_fail("unrecognized section name '%s' (use one of: %s)", section,
				upd_section_names(names, sizeof(names), ", "));
	if (u->bad_index)
		return out_fail("Numeric value '%s' for <parent-index> option is malformed or out "
				"of range",
				u->bad_index);
	return 0;
}

/* XML is the element itself when it starts with '<', else a file holding it (as virsh) */
static int read_xml(const char *arg, char **owned, const char **xml, size_t *len)
{
	vn_err err = {0};

	if (arg[0] == '<') {
		*xml = arg;
		*len = strlen(arg);
		return 0;
	}
	if (file_read_all(arg, NET_XML_MAX_SIZE, owned, len, &err) < 0)
		return out_fail_err(&err, NULL);
	*xml = *owned;
	return 0;
}

void update_print(vn_ctx *ctx, const char *name, unsigned flags)
{
	out_info(ctx, "Updated network %s %s", name,
		 flags == (UPDATE_LIVE | UPDATE_CONFIG) ? "persistent config and live state"
		 : flags == UPDATE_CONFIG		? "persistent config"
							: "live state");
	out_blank(ctx);
}

static int update_remote(vn_ctx *ctx, int fd, const char *key, const vn_upd_req *q,
			 const struct update_opts *u)
{
	char rest[200], *body = NULL, why[1024];
	json_t *o;
	int status, rc;

	snprintf(rest, sizeof(rest), "/update?command=%s&section=%s&parent-index=%d%s%s",
		 upd_cmd_to_string(q->cmd), upd_section_to_string(q->section), q->parent_index,
		 (u->flags & UPDATE_LIVE) ? "&live=1" : "", (u->flags & UPDATE_CONFIG) ? "&config=1" : "");
	remote_req r = { .method = "POST", .key = key, .body = q->xml, .len = q->len };
	if (remote_path(r.path, sizeof(r.path), key, rest) < 0)
		return out_fail("the network name '%.40s...' is too long", key);
	snprintf(r.failed, sizeof(r.failed), "Failed to update network %s", key);
	rc = remote_call(fd, r.method, r.path, r.body, r.len, &body, &status, why, sizeof(why));
	if (rc == -2)
		return 1;
	if (rc == -1)
		return remote_print_refusal(&r, status, why);
	o = json_loads(body, 0, NULL);
	update_print(ctx, json_string_value(json_object_get(o, "network")) ?: key,
		     (json_is_true(json_object_get(o, "live")) ? UPDATE_LIVE : 0) |
			     (json_is_true(json_object_get(o, "config")) ? UPDATE_CONFIG : 0));
	json_decref(o);
	free(body);
	return 0;
}

int cmd_update(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "live", no_argument, NULL, 'l' },
		{ "config", no_argument, NULL, 'c' },
		{ "current", no_argument, NULL, 'C' },
		{ "parent-index", required_argument, NULL, 'p' },
		{ 0 },
	};
	const vn_cmd *c = cli_find("update");
	struct update_opts u = { .parent = -1 };
	_cleanup_free_ char *owned = NULL;
	vn_upd_req q = {0};
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_opt, &u), fd;

	if (first < 0 || need_operands(c, argc, argv, first, 4) < 0)
		return 1;
	if (check_args(&u, argv[first + 1], argv[first + 2]) ||
	    read_xml(argv[first + 3], &owned, &q.xml, &q.len))
		return 1;
	q.cmd = (vn_upd_cmd)upd_cmd_from_string(argv[first + 1]);
	q.section = (vn_upd_section)upd_section_from_string(argv[first + 2]);
	q.parent_index = u.parent < 0 ? -1 : (int)u.parent;   /* any negative: libvirt's pick */
	fd = remote_connect(ctx);
	if (fd == -1)
		return update_direct(ctx, argv[first], &q, u.flags);
	return fd == -2 ? 1 : update_remote(ctx, fd, argv[first], &q, &u);
}
