/* direct.h - the direct path of the commands that ask virtnetd first (list, dhcp-leases,
 * dumpxml, define, undefine, autostart, start, destroy, port-create, port-delete): what they
 * do when no daemon answers or VIRTNET_DIRECT=1, and what needs libxml2 or libnftables.
 *
 * The full program (virtnet-direct) links these from direct_*.c and cmd_run.c. The thin
 * program (virtnet) links thin.c instead, where each of them runs virtnet-direct on the
 * same command line (nothing is printed before), so what it prints and its status are
 * the full program's. Each prints its results and errors as the command does. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "api/api_rows.h"
#include "cli/cli.h"
#include "cli/remote.h"
#include "conf/net_update.h"
#include "port/port_request.h"

/* list: every network's row; -1 when it failed (said) */
int list_rows_direct(vn_ctx *ctx, vn_net_rows *rows);
/* dhcp-leases: network key's leases (only mac's when set); -1 when it failed (said) */
int leases_rows_direct(vn_ctx *ctx, const char *key, const char *mac, vn_lease_row **rows,
		       size_t *k);
/* dumpxml: network key's XML (malloc'd), the stored definition's when inactive; NULL when
 * it failed (said) */
char *dumpxml_direct(vn_ctx *ctx, const char *key, bool inactive);
/* dumpxml --json: the XML as JSON on stdout; the exit status */
int xml_print_json(vn_ctx *ctx, const char *xml);

/* define FILE ("-" or a regular file), its text read already; the exit status */
int define_direct(vn_ctx *ctx, const char *file, bool strict, bool trust, const char *text,
		  size_t len);
/* virtnetd refused to define q->file's text: say why as the direct path does, the file's
 * own parse error when it does not parse (virtnetd's names "the request"), else virtnetd's
 * refusal; the exit status */
int define_refused(vn_ctx *ctx, const remote_req *q, const char *text, size_t len, int status,
		   const char *why);
int undefine_direct(vn_ctx *ctx, const char *key);
int autostart_direct(vn_ctx *ctx, const char *key, bool disable);
int start_direct(vn_ctx *ctx, const char *key);
int destroy_direct(vn_ctx *ctx, const char *key);

/* update: q on network key; flags UPDATE_LIVE | UPDATE_CONFIG, 0 for current */
int update_direct(vn_ctx *ctx, const char *key, const vn_upd_req *q, unsigned flags);
/* virsh's line for what an update changed */
void update_print(vn_ctx *ctx, const char *name, unsigned flags);

int port_create_direct(vn_ctx *ctx, const char *key, const vn_port_request *q);
/* keys: device names or UUIDs, or all of the network's ports */
int port_delete_direct(vn_ctx *ctx, const char *key, char **keys, size_t nkeys, bool all);
