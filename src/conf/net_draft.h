/* net_draft.h - a network from the fields of a create form (virt-manager's "Create a virtual
 * network" wizard, Cockpit's page): each field checked on its own, with a message for that
 * field, the DHCP range its address space suggests, and the network when all are fine.
 * Pure: what needs the host or the other networks (a taken name, an overlap with another
 * network or a host route, a device that does not exist) is net/network_draft.c's. */
#pragma once
#include <stdbool.h>

#include "conf/net_def.h"
#include "util/addr.h"

typedef enum {
	DRAFT_NAME, DRAFT_IPV4, DRAFT_DHCP, DRAFT_FORWARD, DRAFT_IPV6, DRAFT_DOMAIN, DRAFT__COUNT
} vn_draft_field;

/* Its name in the API ("name", "ipv4", "dhcp", "forward", "ipv6", "domain"). */
const char *draft_field_name(vn_draft_field f);

/* The fields as typed (NULL or "" for an empty one):
 *   ipv4        the address space, "192.168.100.0/24" (the bridge takes its first address)
 *               or the bridge's address with the prefix, "192.168.100.1/24"; empty: none
 *   dhcp_start, dhcp_end   both empty: no DHCP
 *   forward     "none" (isolated), "nat", "route" or "open"; empty: nat
 *   dev         the host's device nat or route goes out through; empty: any
 *   ipv6        an optional ULA /64, as ipv4
 *   domain      an optional DNS domain, answered only locally */
typedef struct vn_draft {
	const char *name, *ipv4, *dhcp_start, *dhcp_end, *forward, *dev, *ipv6, *domain;
} vn_draft;

typedef struct vn_draft_check {
	char error[DRAFT__COUNT][512];    /* "" when the field is fine */
	/* the address space of ipv4 and ipv6 when they parse (family 0 otherwise) */
	vn_addr v4net, v6net;
	int v4prefix, v6prefix;
	/* the DHCP range the IPv4 space suggests (its upper half), "" without a space */
	char dhcp_start[VN_ADDR_STRLEN], dhcp_end[VN_ADDR_STRLEN];
} vn_draft_check;

/* Check each field alone into *c (every message at once). */
void draft_check(const vn_draft *d, vn_draft_check *c);
bool draft_ok(const vn_draft_check *c);
/* Set a field's message (when it has none yet). */
void draft_fail(vn_draft_check *c, vn_draft_field f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The network of a draft whose every field is fine: built as a document and read back by
 * net_parse, so it is what define would read. 0 or a negative errno with err set. */
int draft_network(const vn_draft *d, const vn_draft_check *c, vn_network **out, vn_err *err);
