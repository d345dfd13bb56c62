/* overlay.h - <virtnet:overlay> on the model: define-time checks and what every host derives
 * alike from the definition (pure) */
#pragma once
#include <stdbool.h>

#include "conf/net_def.h"
#include "util/err.h"

/* VXLAN's own headers over an IPv4 or IPv6 underlay: outer IP, UDP, VXLAN and the inner
 * Ethernet header */
#define OVL_OVERHEAD_V4 50u
#define OVL_OVERHEAD_V6 70u

/* Contradictions within the overlay and with the rest of the network: its mode, its peers
 * (at least one, none twice, one family, none inside the network's own subnets), exactly one
 * DHCP authority when the network has DHCP and none without, what each control takes, and
 * an <mtu> no underlay could carry. */
int overlay_check(const vn_network *n, vn_err *err);

/* AF_INET or AF_INET6: the family of the peers' addresses (checked to be one). */
int overlay_family(const vn_overlay *o);
unsigned overlay_overhead(const vn_overlay *o);
unsigned overlay_port(const vn_overlay *o);
/* The peer marked dhcp='yes', or NULL. */
const vn_ovl_peer *overlay_authority(const vn_overlay *o);
/* Whether the network serves DHCP (a range or host on one of its <ip>). */
bool net_serves_dhcp(const vn_network *n);

/* The gateway's MAC on every host, when the definition names none: 02:76:6e + the VNI
 * (locally administered, unicast), so every host's file defines the same one. */
void overlay_gateway_mac(const vn_overlay *o, vn_mac *out);
/* The MAC by which the DHCP authority's own services are reached across the overlay, unlike
 * the gateway's (answered by every host for itself): 06:76:6e + the VNI. */
void overlay_authority_mac(const vn_overlay *o, vn_mac *out);
/* "vnx<VNI>": the VXLAN device of the overlay on each host. */
void overlay_vxlan_name(const vn_overlay *o, char out[16]);
