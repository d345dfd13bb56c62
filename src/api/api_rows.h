/* api_rows.h - what list and dhcp-leases show, as rows that come either from the store
 * (the CLI working directly) or from virtnetd's JSON (the CLI asking the daemon): one
 * printer serves both, so both print the same. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "dnsmasq/leases.h"
#include "state/store.h"
#include "util/addr.h"
#include "util/err.h"

typedef struct vn_net_row {
	char *name, *bridge, *title;   /* bridge, title: NULL when none */
	char uuid[VN_UUID_STRLEN];
	bool active, autostart, persistent;
} vn_net_row;

typedef struct vn_net_rows {
	vn_net_row *v;
	size_t n;
} vn_net_rows;

typedef struct vn_lease_row {
	vn_lease lease;
	int prefix;
} vn_lease_row;

/* From the store (api_rows_store.c, which the thin CLI does not link). */
int net_rows_from_list(const vn_netlist *l, vn_net_rows *out, vn_err *err);
/* From GET /v1/networks: an array of objects, typed like any input (a name must be a
 * network name, a bridge an interface name, a UUID a UUID). */
int net_rows_from_json(const char *text, vn_net_rows *out, vn_err *err);
/* The rows keep accepts (NULL: all), as `list --json` prints them. */
char *net_rows_json(const vn_net_rows *rows, bool (*keep)(const vn_net_row *, const void *),
		    const void *data);
char *net_row_json(const vn_net_row *r);   /* one, as an object */
void net_rows_free(vn_net_rows *rows);

/* From GET /v1/networks/NAME/leases; *out is malloc'd. */
int lease_rows_from_json(const char *text, vn_lease_row **out, size_t *n, vn_err *err);
/* n's leases with their prefixes; *out is malloc'd (api_rows_store.c). */
int lease_rows_of(const vn_network *net, const vn_lease *v, size_t k, vn_lease_row **out,
		  vn_err *err);
char *lease_rows_json(const vn_lease_row *v, size_t k);
