/* dnsmasq_leases.h - a network's current DHCP leases, as dhcp-leases shows them */
#pragma once
#include <stddef.h>

#include "conf/net_def.h"
#include "dnsmasq/leases.h"
#include "state/state.h"
#include "util/err.h"

/* The leases in network n's lease file (none yet: none) that have not expired (like
 * libvirt), only those of mac when it is not NULL, sorted by MAC. free(*out). */
int dnsmasq_leases(const vn_paths *paths, const vn_network *n, const char *mac, vn_lease **out,
		   size_t *count, vn_err *err);
/* The prefix of n's subnet that holds the lease's address; 24 or 64 when none does. */
int dnsmasq_lease_prefix(const vn_network *n, const vn_lease *l);
