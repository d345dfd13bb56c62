/* api_ops.h - what the API's calls do, each under the state lock like a command: shared
 * to read, exclusive to change (so a CLI working beside the daemon is serialised with it) */
#pragma once
#include <stdbool.h>

#include "api/api.h"
#include "conf/net_draft.h"
#include "conf/net_update.h"
#include "util/err.h"

/* Reads: *out is the body (JSON, or XML for ops_xml); the caller frees it. */
int ops_list(const vn_api *a, char **out, vn_err *err);
int ops_info(const vn_api *a, const char *name, char **out, vn_err *err);
int ops_xml(const vn_api *a, const char *name, bool inactive, char **out, vn_err *err);
int ops_leases(const vn_api *a, const char *name, const char *mac, char **out, vn_err *err);
/* The same for another host of the network's overlay, at from: only while this host is the
 * network's DHCP authority and from is one of its peers (EACCES otherwise). */
int ops_leases_remote(const vn_api *a, const char *name, const char *mac, const vn_addr *from,
		      char **out, vn_err *err);
/* counters: each port's traffic counters too ("stats") */
int ops_ports(const vn_api *a, const char *name, bool counters, char **out, vn_err *err);
int ops_repairs(const vn_api *a, const char *name, char **out, vn_err *err);

/* Not about one network (api_ops_host.c) */
/* What the caller may do: {"uid", "change", "reason"} (reason: why not, else null) */
char *ops_access(const vn_api *a, const vn_api_peer *peer);
/* The host's devices a network can go out through (network_host_devices) */
int ops_devices(const vn_api *a, char **out, vn_err *err);
/* The create form's fields checked: {"valid", "errors": {FIELD: message}, "dhcp-start",
 * "dhcp-end", "xml"} (xml: the network's definition when valid, else null) */
int ops_draft(const vn_api *a, const vn_draft *d, char **out, vn_err *err);
/* A definition checked as define would check it: {"valid", "name", "error", "line", "notes"} */
int ops_validate(const vn_api *a, const char *xml, size_t len, bool trust, char **out,
		 vn_err *err);

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
