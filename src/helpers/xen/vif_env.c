/* vif_env.c - vif-virtnet's request from its arguments and environment (pure) */
#include "helpers/xen/vif_env.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types/vtype.h"
#include "util/enum.h"
#include "util/str.h"

static const char *const cmd_names[VIF_CMD__COUNT] = { "online", "offline", "add", "remove" };
ENUM_IMPL(vif_cmd, vif_cmd, cmd_names)

void vif_req_free(vif_req *r)
{
	free(r->bridge);
	free(r->ip);
	free(r->mac);
	free(r->rate);
	free(r->netdev);
	r->bridge = r->ip = r->mac = r->rate = r->netdev = NULL;
}

/* The settings a later source may override: environment < arguments < xenstore. */
static char **setting(vif_req *r, const char *key)
{
	if (streq(key, "bridge"))
		return &r->bridge;
	if (streq(key, "ip"))
		return &r->ip;
	if (streq(key, "mac"))
		return &r->mac;
	if (streq(key, "rate"))
		return &r->rate;
	if (streq(key, "netdev"))
		return &r->netdev;
	return NULL;
}

static int set_value(char **slot, const char *v, vn_err *err)
{
	char *copy = strdup(v);

	if (!copy)
		return vn_err_set(err, ENOMEM, "out of memory");
	free(*slot);
	*slot = copy;
	return 0;
}

typedef struct raw_args {
	const char *command, *type_if, *vif, *interface, *xenbus_path;
} raw_args;

/* The names among the variables: each an interface name (or empty: unset), whatever its
 * source, as bridge and netdev end up in nft text and vif/INTERFACE in paths and sysctls. */
static int typed(const char *key, const char *v, const char *from, vn_err *err)
{
	bool name = streq(key, "vif") || streq(key, "INTERFACE") || streq(key, "bridge") ||
		    streq(key, "netdev");

	if (!name || !v || !*v)
		return 0;
	return vt_check(VT_IFNAME, v, err, "%s (%s)", key, from);
}

/* KEY=VALUE from an argument: unknown names are ignored, as the shell scripts would. */
static int take_arg(const char *key, const char *v, vif_req *r, raw_args *a, vn_err *err)
{
	char **slot = setting(r, key);

	if (streq(key, "type_if"))
		a->type_if = v;
	else if (streq(key, "vif"))
		a->vif = v;
	else if (streq(key, "INTERFACE"))
		a->interface = v;
	else if (streq(key, "XENBUS_PATH"))
		a->xenbus_path = v;
	else if (slot)
		return set_value(slot, v, err);
	return 0;
}

static int second_command(const char *word, const char *command, vn_err *err)
{
	char w[200], c[200];

	vt_shorten(word, w);
	vt_shorten(command, c);
	return vn_err_set(err, EINVAL, "unexpected argument '%s' after the command '%s'", w, c);
}

/* Like Xen's findCommand and evalVariables: the first word without '=' is the command,
 * NAME=VALUE words set variables. */
static int read_args(int argc, char **argv, vif_req *r, raw_args *a, vn_err *err)
{
	for (int i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		char key[32];
		int rc;
		if (!eq || eq == argv[i]) {
			if (a->command)
				return second_command(argv[i], a->command, err);
			a->command = argv[i];
			continue;
		}
		snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[i]), argv[i]);
		rc = typed(key, eq + 1, "argument", err);
		if (rc < 0)
			return rc;
		rc = take_arg(key, eq + 1, r, a, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_env(vif_getenv_fn env, vif_req *r, raw_args *a, vn_err *err)
{
	static const char *const keys[] = { "bridge", "ip", "mac", "rate", "netdev" };
	int rc;

	a->vif = env("vif");
	a->interface = env("INTERFACE");
	a->xenbus_path = env("XENBUS_PATH");
	rc = typed("vif", a->vif, "environment", err);
	if (rc < 0)
		return rc;
	rc = typed("INTERFACE", a->interface, "environment", err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = env(keys[i]);
		if (!v || !*v)
			continue;
		rc = typed(keys[i], v, "environment", err);
		if (rc < 0)
			return rc;
		rc = set_value(setting(r, keys[i]), v, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int parse_command(const raw_args *a, vif_req *r, vn_err *err)
{
	char shown[200];
	int i;

	if (!a->command)
		return vn_err_set(err, EINVAL,
				  "no command: run it as '<script> online|offline type_if=vif' or "
				  "'<script> add|remove type_if=tap'");
	i = vif_cmd_from_string(a->command);
	if (i < 0) {
		vt_shorten(a->command, shown);
		return vn_err_set(err, EINVAL,
				  "invalid command '%s': use online, offline, add or remove",
				  shown);
	}
	r->cmd = (vif_cmd)i;
	r->up = r->cmd == VIF_CMD_ONLINE || r->cmd == VIF_CMD_ADD;
	if (a->type_if && !streq(a->type_if, "vif") && !streq(a->type_if, "tap")) {
		vt_shorten(a->type_if, shown);
		return vn_err_set(err, EINVAL, "unknown interface type type_if=%s: use vif or tap",
				  shown);
	}
	r->tap = streq(a->type_if, "tap");
	/* Xen's vif-common.sh: online/offline are for vifs, add/remove for taps, the rest
	 * exits 0 */
	r->skip = (r->cmd == VIF_CMD_ONLINE || r->cmd == VIF_CMD_OFFLINE) ? r->tap : !r->tap;
	return 0;
}

static int parse_mode(const char *argv0, vif_getenv_fn env, vif_req *r, vn_err *err)
{
	const char *m = env("VIRTNET_VIF_MODE");
	char shown[200];
	int mode;

	if (m && *m) {
		mode = vif_mode_from_string(m);
		if (mode < 0) {
			vt_shorten(m, shown);
			return vn_err_set(err, EINVAL,
					  "VIRTNET_VIF_MODE=%s: use bridge, nat or route", shown);
		}
	} else {
		mode = vif_mode_from_progname(argv0);
		/* any other name (a copy, a wrapper): Xen's default mode */
		if (mode < 0)
			mode = VIF_MODE_BRIDGE;
	}
	r->mode = (vif_mode)mode;
	return 0;
}

static int bad_xenbus_path(const char *path, vn_err *err)
{
	char shown[200];

	vt_shorten(path, shown);
	return vn_err_set(err, EINVAL,
			  "XENBUS_PATH '%s' is not a vif backend path: use "
			  "backend/vif/<domid>/<devid> or "
			  "/local/domain/<backend domid>/backend/vif/<domid>/<devid>",
			  shown);
}

/* The device, its domain and device numbers, and the xenstore path. */
static int parse_device(const raw_args *a, vif_req *r, vn_err *err)
{
	const char *dev = r->tap ? a->interface : a->vif;
	bool emu = false;
	int dom = -1, dev_id = -1, rc;

	if (!dev || !*dev)
		return vn_err_set(err, EINVAL,
				  "$%s is not set: the toolstack names the %s device there",
				  r->tap ? "INTERFACE" : "vif", r->tap ? "tap" : "vif");
	rc = vt_check(VT_IFNAME, dev, err, "%s", r->tap ? "INTERFACE" : "vif");
	if (rc < 0)
		return rc;
	snprintf(r->dev, sizeof(r->dev), "%s", dev);
	r->domid = r->devid = -1;
	if (a->xenbus_path && *a->xenbus_path) {
		if (vif_xenbus_parse(a->xenbus_path, &dom, &dev_id) < 0)
			return bad_xenbus_path(a->xenbus_path, err);
		snprintf(r->xenbus_path, sizeof(r->xenbus_path), "%s", a->xenbus_path);
	} else if (vif_name_parse(dev, &dom, &dev_id, &emu) == 0) {
		snprintf(r->xenbus_path, sizeof(r->xenbus_path), "backend/vif/%d/%d", dom, dev_id);
	}
	r->domid = dom;
	r->devid = dev_id;
	return 0;
}

static int parse_all(int argc, char **argv, vif_getenv_fn env, vif_req *out, vn_err *err)
{
	raw_args a = {0};
	int rc;

	rc = read_env(env, out, &a, err);
	if (rc != 0)
		return rc;
	rc = read_args(argc, argv, out, &a, err);
	if (rc != 0)
		return rc;
	rc = parse_command(&a, out, err);
	if (rc != 0)
		return rc;
	rc = parse_mode(argc > 0 ? argv[0] : NULL, env, out, err);
	if (rc != 0 || out->skip)
		return rc;
	return parse_device(&a, out, err);
}

int vif_req_parse(int argc, char **argv, vif_getenv_fn env, vif_req *out, vn_err *err)
{
	int rc;

	*out = (vif_req){ .domid = -1, .devid = -1 };
	rc = parse_all(argc, argv, env, out, err);
	if (rc < 0)
		vif_req_free(out);
	return rc;
}
