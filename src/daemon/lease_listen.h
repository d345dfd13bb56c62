/* lease_listen.h - the worker's TCP socket for an overlay's leases (doc/overlay.md): open
 * while this host is the DHCP authority of a running overlay network, closed otherwise.
 * Requests on it are "remote" (api.h): only GET /v1/networks/NAME/leases, from NAME's
 * other peers. */
#pragma once
#include <stddef.h>

/* Listening on every address, TCP port OVL_LEASES_PORT (IPv6 and IPv4, or IPv4 alone where
 * the host has no IPv6), non-blocking, close-on-exec; -1 with why filled in. */
int lease_listen(char *why, size_t len);
