/* brctl.c - brctl's reports as text: netlink opened, bridges read, text formatted */
#include "brctl/brctl.h"

#include <errno.h>
#include <stdlib.h>

#include "brctl/bridge_info.h"
#include "kernel/netlink.h"
#include "util/json.h"

static int text_ok(const vn_buf *b, vn_err *err)
{
	return b->oom ? vn_err_set(err, ENOMEM, "out of memory") : 0;
}

/* The named bridges that can be read, in the order given. */
static int read_named(vn_nl *nl, char *const *names, size_t count, vn_bridge **out, size_t *n,
		      vn_notes *missing, vn_err *err)
{
	vn_bridge *v = calloc(count + 1, sizeof(*v));

	*out = v;
	*n = 0;
	if (!v)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < count; i++) {
		vn_err e = {0};
		if (bridge_read(nl, names[i], &v[*n], &e) < 0)
			vn_note(missing, "%s", e.msg);
		else
			(*n)++;
	}
	return 0;
}

static int read_bridges(char *const *names, size_t count, vn_bridge **v, size_t *n,
			vn_notes *missing, vn_err *err)
{
	vn_nl *nl = NULL;
	int rc = nl_open(&nl, err);

	*v = NULL;
	*n = 0;
	if (rc == 0 && count == 0)
		rc = bridge_read_all(nl, v, n, err);
	else if (rc == 0)
		rc = read_named(nl, names, count, v, n, missing, err);
	nl_close(nl);
	return rc;
}

/* What a formatter wrote into j, appended to out */
static int json_out(vn_json *j, vn_buf *out, vn_err *err)
{
	char *s = j->b.oom ? NULL : json_steal(j);

	if (!s) {
		buf_free(&j->b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	buf_add(out, s);
	free(s);
	return text_ok(out, err);
}

static int format_json(const vn_bridge *v, size_t n, vn_buf *out, vn_err *err)
{
	vn_json j = {0};

	bridge_format_show_json(&j, v, n);
	return json_out(&j, out, err);
}

int brctl_show(char *const *names, size_t n, bool json, vn_buf *out, vn_notes *missing,
	       vn_err *err)
{
	vn_bridge *v = NULL;
	size_t count = 0;
	int rc = read_bridges(names, n, &v, &count, missing, err);

	if (rc == 0 && json) {
		rc = format_json(v, count, out, err);
	} else if (rc == 0) {
		bridge_format_show(out, v, count);
		rc = text_ok(out, err);
	}
	bridge_list_free(v, count);
	return rc;
}

int brctl_showmacs(const char *bridge, bool json, vn_buf *out, vn_err *err)
{
	vn_fdb_entry *v = NULL;
	size_t n = 0;
	vn_nl *nl = NULL;
	int rc = nl_open(&nl, err);

	if (rc == 0)
		rc = bridge_read_fdb(nl, bridge, &v, &n, err);
	nl_close(nl);
	if (rc < 0)
		return rc;
	if (json) {
		vn_json j = {0};

		bridge_format_showmacs_json(&j, v, n);
		free(v);
		return json_out(&j, out, err);
	}
	bridge_format_showmacs(out, v, n);
	free(v);
	return text_ok(out, err);
}

int brctl_showstp(const char *bridge, bool json, vn_buf *out, vn_err *err)
{
	vn_bridge br;
	vn_nl *nl = NULL;
	int rc = nl_open(&nl, err);

	if (rc == 0)
		rc = bridge_read(nl, bridge, &br, err);
	nl_close(nl);
	if (rc < 0)
		return rc;
	if (json) {
		vn_json j = {0};

		bridge_format_showstp_json(&j, &br);
		bridge_clear(&br);
		return json_out(&j, out, err);
	}
	bridge_format_showstp(out, &br);
	bridge_clear(&br);
	return text_ok(out, err);
}
