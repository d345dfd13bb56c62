/* api_ops.h - what the API's calls do, each under the state lock like a command: shared
 * to read, exclusive to change (so a CLI working beside the daemon is serialised with it) */
#pragma once
#include <stdbool.h>

#include "api/api.h"
#include "conf/net_update.h"
#include "util/err.h"

/* Reads: *out is the body (JSON, or XML for ops_xml); the caller frees it. */
int ops_list(const vn_api *a, char **out, vn_err *err);
int ops_info(const vn_api *a, const char *name, char **out, vn_err *err);
int ops_xml(const vn_api *a, const char *name, bool inactive, char **out, vn_err *err);
int ops_leases(const vn_api *a, const char *name, const char *mac, char **out, vn_err *err);
int ops_ports(const vn_api *a, const char *name, char **out, vn_err *err);

/* Changes: *out is a JSON object {"network": NAME, "result": WHAT, "notes": [...]};
 * each tells its event. */
int ops_define(const vn_api *a, const char *xml, size_t len, bool strict, bool trust_options,
	       char **out, vn_err *err);
int ops_undefine(const vn_api *a, const char *name, char **out, vn_err *err);
int ops_start(const vn_api *a, const char *name, char **out, vn_err *err);
int ops_destroy(const vn_api *a, const char *name, char **out, vn_err *err);
int ops_autostart(const vn_api *a, const char *name, bool on, char **out, vn_err *err);
/* update: *out also says what changed ("live", "config": true or false) */
int ops_update(const vn_api *a, const char *name, const vn_upd_req *q, unsigned flags, char **out,
	       vn_err *err);
