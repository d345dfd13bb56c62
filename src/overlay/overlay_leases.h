/* overlay_leases.h - an overlay network's leases on every host (doc/overlay.md)
 *
 * Only the DHCP authority of an overlay has its leases. Its virtnetd serves them, read-only,
 * on TCP port OVL_LEASES_PORT to the network's other peers (api_route.c's remote_call,
 * ops_leases_remote); any other host of the network asks it there (overlay_leases_fetch),
 * from dhcp-leases, through its own virtnetd or directly, and to seed its guests' learned
 * addresses when it restores their protection. The request is the API's (api_client.h's
 * HTTP client and the rows' JSON reader: values code, no daemon's). */
#pragma once
#include <stddef.h>

#include "api/api_rows.h"
#include "state/store.h"
#include "util/addr.h"

#define OVL_LEASES_PORT 4788
#define OVL_LEASES_TIMEOUT_MS 3000

/* This host's underlay address in a running overlay network o (NULL: not one). */
const vn_addr *overlay_running_local(const vn_netobj *o);
/* n's leases (those of mac, when given) from its DHCP authority's virtnetd; errors name the
 * network, the authority and the fix. */
int overlay_leases_fetch(const vn_network *n, const char *mac, vn_lease_row **rows, size_t *k,
			 vn_err *err);
