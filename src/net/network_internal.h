/* network_internal.h - shared between the network_*.c files */
#pragma once
#include "net/network.h"
#include <net/if.h>

#include "kernel/netlink.h"
#include "state/status.h"

int network_preflight(vn_run *r, const vn_network *n, vn_err *err);
/* "virtnet:<uuid>": the alias our bridges carry so we can tell them from anyone else's. */
void owner_alias(const vn_network *n, char out[64]);
/* Delete the link `name` we made: its index is ifindex (a journaled step's) or it carries
 * our alias; 0 when it is gone or not ours any more. */
int delete_own_link(vn_run *r, const vn_network *n, const char *name, int ifindex,
		    vn_err *err);
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

/* A network across hosts (network_overlay.c). prepare: which peer this host is, and the MTU
 * the network runs with, written into def; nothing for a network of this host alone. */
typedef struct vn_ovl_self vn_ovl_self;
int network_overlay_prepare(vn_run *r, vn_network *def, vn_ovl_self *self, vn_err *err);
/* Its steps, once the bridge (bridge: its index) is up: our bridge table's overlay rules, the
 * VXLAN device in the bridge, the forwarding entries, the control's hook. */
int network_overlay_steps(vn_run *r, vn_status *st, const vn_ovl_self *self, int bridge,
			  vn_err *err);
/* Whether this host runs the network's dnsmasq: not when another peer is its DHCP authority */
bool network_overlay_runs_dnsmasq(const vn_status *st);
/* Undo one of its steps (any other kind: 0) */
int network_overlay_undo(vn_run *r, vn_status *st, const vn_step *s, vn_err *err);
/* The VXLAN device gone, not ours, out of the bridge or down: made again with its entries */
int network_overlay_repair(vn_run *r, vn_status *st, int bridge, vn_notes *report, vn_err *err);
/* The control plane's own part (evpn: virtnet's FRR running with the network's stanza):
 * whether it is intact; made to run again, with a line in report when it was not. */
/* The overlay's rules in our bridge table (after a flush, a deleted table): whether they
 * are there; made again, with a line in report, when they are not. */
bool network_overlay_fw_intact(vn_run *r, const vn_status *st);
int network_overlay_fw_repair(vn_run *r, vn_status *st, vn_notes *report, vn_err *err);
bool network_overlay_control_intact(vn_run *r, const vn_status *st);
int network_overlay_control_repair(vn_run *r, const vn_status *st, vn_notes *report,
				   vn_err *err);
