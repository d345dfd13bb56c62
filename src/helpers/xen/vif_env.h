/* vif_env.h - what Xen's toolstack tells a vif script: arguments, environment, xenstore
 *
 * libxl runs "<script> online|offline type_if=vif" for a netback vif and "<script>
 * add|remove type_if=tap" for the HVM tap twin, with vif, INTERFACE (the tap), XENBUS_PATH
 * (backend/vif/<domid>/<devid>), XENBUS_TYPE, XENBUS_BASE_PATH and netdev (the vif's
 * gatewaydev) in the environment. Like Xen's vif-common.sh, settings come from the
 * environment, then KEY=VALUE arguments, then xenstore ($XENBUS_PATH/bridge, ip, mac, rate)
 * when xenstore-read is on PATH, each overriding the one before. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "helpers/xen/vif_parse.h"
#include "util/err.h"

typedef enum {
	VIF_CMD_ONLINE, VIF_CMD_OFFLINE, VIF_CMD_ADD, VIF_CMD_REMOVE, VIF_CMD__COUNT
} vif_cmd;
const char *vif_cmd_to_string(vif_cmd c);   /* "online", "offline", "add", "remove" */
int vif_cmd_from_string(const char *s);     /* -1 if unknown */

typedef struct vif_req {
	vif_cmd cmd;
	bool up;                /* online or add */
	bool tap;               /* type_if=tap */
	bool skip;              /* online/offline for a tap or add/remove for a vif: Xen's
				 * scripts exit 0 */
	vif_mode mode;
	char dev[16];           /* the device: $vif, or $INTERFACE for a tap */
	int domid, devid;       /* from XENBUS_PATH, else from the device name; -1 when unknown */
	char xenbus_path[256];  /* "" when none */
	char *bridge, *ip, *mac, *rate, *netdev;   /* NULL when unset */
} vif_req;

typedef const char *(*vif_getenv_fn)(const char *name);

/* Pure: arguments and environment (env is getenv outside tests). The mode comes from
 * VIRTNET_VIF_MODE, else from the program's name. */
int vif_req_parse(int argc, char **argv, vif_getenv_fn env, vif_req *out, vn_err *err);
void vif_req_free(vif_req *r);

/* Xen's command line tools, run with fork+exec and bounded in time. */
bool vif_xs_have(const char *tool);   /* "xenstore-read" or "xenstore-write" on PATH */
/* The value at path (caller frees *out); -EIO when xenstore-read failed (an absent key, or
 * any other failure: it cannot tell them apart), -ETIMEDOUT, ... The message says how it
 * ended (exit status, signal, no answer). */
int vif_xs_read(const char *path, char **out, vn_err *err);
/* The names under path, one a line (caller frees *out); errors as for vif_xs_read. */
int vif_xs_list(const char *path, char **out, vn_err *err);
/* Write pairs: kv = { path, value, path, value, ... }, n entries in all. */
int vif_xs_write(const char *const *kv, size_t n, vn_err *err);
/* Override bridge, ip, mac and rate with what $XENBUS_PATH holds. Which keys are there comes
 * from xenstore-list: a key that is not is left alone, one that is there but cannot be read
 * is an error (a lost bridge= or rate= must not pass silently); without xenstore-list on
 * PATH any failed read is an error. bridge must be an interface name, as from any source. */
int vif_req_read_store(vif_req *r, vn_err *err);
/* The same, pure: xenstore through ops (vif_xs_read and vif_xs_list, or fakes in tests). */
typedef struct vif_xs_ops {
	int (*read)(const char *path, char **out, vn_err *err);
	int (*list)(const char *path, char **out, vn_err *err);   /* NULL: no xenstore-list */
} vif_xs_ops;
int vif_req_apply_store(vif_req *r, const vif_xs_ops *ops, vn_err *err);
