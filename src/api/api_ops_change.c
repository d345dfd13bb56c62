/* api_ops_change.c - the API's changes, under the exclusive lock, on the daemon's session */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/api_change.h"
#include "api/api_ops.h"
#include "conf/network_xml.h"
#include "net/network.h"
#include "util/json.h"

/* A change to one network loads that network and any interrupted start, not every network
 * (its cost would grow with their number); define, which checks against all, loads all; a
 * change to ports loads all as they run (current), without the definition files of the
 * running ones (or, for a port whose MAC is generated, only its network: see api_ports.c). */
static int begin(change *c, const vn_api *a, const char *key, bool current, vn_err *err)
{
	int rc;

	*c = (change){ .a = a };
	c->lock = state_lock(a->paths, true, err);
	if (c->lock < 0)
		return c->lock;
	if (!key)
		store_sweep_temp(a->paths);
	if (key && current)
		rc = store_load_some_current(a->paths, key, &c->l, &c->notes, err);
	else if (key)
		rc = store_load_some(a->paths, key, &c->l, &c->notes, err);
	else if (current)
		rc = store_load_current(a->paths, &c->l, &c->notes, err);
	else
		rc = store_load(a->paths, &c->l, &c->notes, err);
	if (rc < 0) {
		close(c->lock);
		vn_notes_free(&c->notes);
		return rc;
	}
	run_init(&c->r, a->session, a->paths, &c->notes);
	network_cleanup_interrupted(&c->r, &c->l);
	store_drop_empty(&c->l);
	return 0;
}

int api_change_begin(change *c, const vn_api *a, const char *key, vn_err *err)
{
	return begin(c, a, key, false, err);
}

int api_change_begin_current(change *c, const vn_api *a, vn_err *err)
{
	return begin(c, a, NULL, true, err);
}

int api_change_begin_one_current(change *c, const vn_api *a, const char *key, vn_err *err)
{
	return begin(c, a, key, true, err);
}

void api_change_release(change *c)
{
	store_list_free(&c->l);
	vn_notes_free(&c->notes);
	close(c->lock);
}

static void notes_json(vn_json *j, const vn_notes *notes)
{
	json_begin_array(j, "notes");
	for (size_t i = 0; i < notes->n; i++)
		json_str(j, NULL, notes->v[i]);
	json_end_array(j);
}

/* The result body, the lock released, and the event (supervision sees changes made
 * around the daemon; this one it is told, so that it does not tell it again). */
static int end(change *c, int rc, const char *name, const char *what, char **out)
{
	vn_json j = {0};

	if (rc == 0) {
		json_begin_object(&j, NULL);
		json_str(&j, "network", name);
		json_str(&j, "result", what);
		notes_json(&j, &c->notes);
		json_end_object(&j);
		*out = json_steal(&j);
	}
	api_change_release(c);
	if (rc == 0 && c->a->event && !strstr(what, "-active")) {
		char text[300];
		snprintf(text, sizeof(text), "Network %s %s", name, what);
		c->a->event(c->a->event_data, what, name, text);
	}
	return rc;
}

int ops_define(const vn_api *a, const char *xml, size_t len, bool strict, bool trust_options,
	       char **out, vn_err *err)
{
	vn_define_opts opts = { .strict = strict, .trust_options = trust_options };
	vn_network *def = NULL;
	vn_netobj *saved = NULL;
	char name[256] = "";
	change c;
	int rc = net_parse(xml, len, "the request", &def, err);

	if (rc < 0)
		return rc;
	rc = api_change_begin(&c, a, NULL, err);
	if (rc < 0) {
		net_free(def);
		return rc;
	}
	rc = store_define(a->paths, &c.l, def, &opts, &saved, &c.notes, err);
	if (rc == 0)
		snprintf(name, sizeof(name), "%s", saved->def->name);
	return end(&c, rc, name, "defined", out);
}

/* The change begun on network key (loaded alone), *o its entry (NULL: none, err said) and
 * name its name; < 0 when nothing was begun */
static int begin_one(change *c, const vn_api *a, const char *key, vn_netobj **o,
		     char name[256], vn_err *err)
{
	int rc = api_change_begin(c, a, key, err);

	if (rc < 0)
		return rc;
	*o = store_find(&c->l, key, err);
	if (*o)
		snprintf(name, 256, "%s", store_current(*o)->name);
	return 0;
}

typedef int (*one_change)(change *c, vn_netobj *o, bool arg, const char **what, vn_err *err);

static int on_one(const vn_api *a, const char *key, one_change fn, bool arg, char **out,
		  vn_err *err)
{
	const char *what = "";
	char name[256] = "";
	vn_netobj *o = NULL;
	change c;
	int rc = begin_one(&c, a, key, &o, name, err);

	if (rc < 0)
		return rc;
	rc = o ? fn(&c, o, arg, &what, err) : -ENOENT;
	return end(&c, rc, name, what, out);
}

static int undefine(change *c, vn_netobj *o, bool arg, const char **what, vn_err *err)
{
	(void)arg;
	*what = "undefined";
	return network_undefine(c->a->paths, &c->l, o, err);
}

int ops_undefine(const vn_api *a, const char *name, char **out, vn_err *err)
{
	return on_one(a, name, undefine, false, out, err);
}

static int start(change *c, vn_netobj *o, bool arg, const char **what, vn_err *err)
{
	int rc = network_start_defined(&c->r, o, err);

	(void)arg;
	*what = rc == 1 ? "already-active" : "started";
	return rc < 0 ? rc : 0;
}

int ops_start(const vn_api *a, const char *name, char **out, vn_err *err)
{
	return on_one(a, name, start, false, out, err);
}

static int destroy(change *c, vn_netobj *o, bool arg, const char **what, vn_err *err)
{
	(void)arg;
	*what = o->live ? "stopped" : "not-active";
	return o->live ? network_destroy(&c->r, o, err) : 0;
}

int ops_destroy(const vn_api *a, const char *name, char **out, vn_err *err)
{
	return on_one(a, name, destroy, false, out, err);
}

static int autostart(change *c, vn_netobj *o, bool on, const char **what, vn_err *err)
{
	*what = on ? "autostart-on" : "autostart-off";
	return store_set_autostart(c->a->paths, o, on, err);
}

int ops_autostart(const vn_api *a, const char *name, bool on, char **out, vn_err *err)
{
	return on_one(a, name, autostart, on, out, err);
}

/* update: the body of the answer says what changed (virsh's line depends on it) */
static char *updated_body(const change *c, const char *name, unsigned flags)
{
	vn_json j = {0};

	json_begin_object(&j, NULL);
	json_str(&j, "network", name);
	json_str(&j, "result", "updated");
	json_bool(&j, "live", flags & UPDATE_LIVE);
	json_bool(&j, "config", flags & UPDATE_CONFIG);
	notes_json(&j, &c->notes);
	json_end_object(&j);
	return json_steal(&j);
}

int ops_update(const vn_api *a, const char *key, const vn_upd_req *q, unsigned flags, char **out,
	       vn_err *err)
{
	char name[256] = "", text[300];
	vn_netobj *o = NULL;
	change c;
	int rc = begin_one(&c, a, key, &o, name, err);

	if (rc < 0)
		return rc;
	rc = o ? network_update(&c.r, o, q, &flags, err) : -ENOENT;
	if (rc == 0)
		*out = updated_body(&c, name, flags);
	api_change_release(&c);
	if (rc == 0 && a->event) {
		snprintf(text, sizeof(text), "Network %s updated (%s %s)", name,
			 upd_cmd_to_string(q->cmd), upd_section_to_string(q->section));
		a->event(a->event_data, "updated", name, text);
	}
	return rc;
}
