/* network_internal.h - shared between the network_*.c files */
#pragma once
#include "net/network.h"
#include <net/if.h>

#include "kernel/netlink.h"
#include "state/status.h"

int network_preflight(vn_run *r, const vn_network *n, vn_err *err);
/* "virtnet:<uuid>": the alias our bridges carry so we can tell them from anyone else's. */
void owner_alias(const vn_network *n, char out[64]);
/* Undo status steps in reverse; returns the first error but undoes as much as it can.
 * On success the status holds no steps. */
int network_undo_steps(vn_run *r, vn_status *st, vn_err *err);
/* Rebuild our whole nft table from the active networks' status files (skip: a name or NULL). */
int network_firewall_rebuild(vn_run *r, const char *skip, vn_err *err);
/* Start the network's dnsmasq with the addresses its ports reserve and wait until it serves
 * (network_dnsmasq.c); _begin only starts it (dnsmasq_finish waits). */
int network_dnsmasq_start(vn_run *r, const vn_network *n, pid_t *pid, vn_err *err);
int network_dnsmasq_begin(vn_run *r, const vn_network *n, pid_t *pid, vn_err *err);
/* Whether the route would take the traffic of the subnet net/prefix: as specific or more,
 * unicast, inside it (start refuses such a subnet; the create form says so first). */
bool route_takes_subnet(const vn_route *rt, const vn_addr *net, int prefix);
/* The interface's name, or "ifindex N" when it has gone. */
const char *ifname_of(int ifindex, char buf[IF_NAMESIZE]);
