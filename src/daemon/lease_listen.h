/* lease_listen.h - the worker's TCP sockets for overlays' leases (doc/overlay.md): one on
 * each underlay address by which this host is the DHCP authority of a running overlay
 * network, closed when none is. Requests on them are "remote" (api.h): only
 * GET /v1/networks/NAME/leases, from NAME's other peers. */
#pragma once
#include <stddef.h>

#include "util/addr.h"

/* Listening on that address (IPv4 or IPv6), TCP port OVL_LEASES_PORT, non-blocking,
 * close-on-exec; -1 with why filled in. Only there: a host's other addresses (an uplink to
 * the internet, say) have no lease socket. */
int lease_listen(const vn_addr *a, char *why, size_t len);
