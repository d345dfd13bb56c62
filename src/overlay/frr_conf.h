/* frr_conf.h - BGP EVPN for one overlay network as FRR configuration text (pure)
 *
 * The seam between the overlay model and FRR: the model fills a vn_evpn_params from its
 * typed values (src/types, util/addr.h); this renders the stanza virtnet loads into its own
 * FRR instance for that network (frr_evpn.h), and the commands that take it out again. What
 * FRR's configuration language cannot carry, or what would make FRR do something else than
 * asked, is refused here, never escaped: names are re-checked against their type, addresses
 * and numbers are binary and written by us.
 *
 * The stanza (FRR 8.4, bgpd):
 *   ! virtnet: VNI 4242 on vx4242 in vnlab, local 203.0.113.1, network lab
 *   router bgp 65000
 *    bgp router-id 203.0.113.1
 *    no bgp default ipv4-unicast
 *    neighbor 203.0.113.2 remote-as 65000      (and timers, per neighbour)
 *    address-family l2vpn evpn
 *     neighbor 203.0.113.2 activate
 *     advertise-all-vni
 *     vni 4242
 *      route-target import 65000:4242
 *      route-target export 65000:4242
 *     exit-vni
 *    exit-address-family
 *   exit
 * It is also the network's file in the instance's folder: read back (frr_conf_read), it
 * tells the unload of another network which neighbours and which AS are still in use. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "util/addr.h"
#include "util/buf.h"
#include "util/err.h"

#define VN_EVPN_NEIGHBORS_MAX 64
#define VN_EVPN_VNI_MAX 16777215u   /* 24 bits; 0 is not a VNI */
#define VN_EVPN_KEEPALIVE_S 3       /* BGP keepalive and hold time: a peer that went away is */
#define VN_EVPN_HOLD_S 9            /* noticed within 9 s */
#define VN_EVPN_CONNECT_S 5         /* a session that dropped is tried again every 5 s */

typedef struct vn_evpn_params {
	char network[256];    /* VT_FILE_NAME: the network; names its file */
	uint32_t vni;         /* 1-16777215 */
	char bridge[16];      /* VT_IFNAME: the network's bridge */
	char vxlan[16];       /* VT_IFNAME: the VXLAN device of the VNI, a port of bridge */
	vn_addr local;        /* this host's underlay address (the VTEP), IPv4 or IPv6 */
	vn_addr router_id;    /* IPv4; unset: local, which must then be IPv4 */
	uint32_t asn;         /* 1-4294967295, the same on every host (iBGP) */
	vn_addr neighbors[VN_EVPN_NEIGHBORS_MAX];   /* BGP neighbours: the other hosts, or route
						     * reflectors */
	size_t nneighbors;
} vn_evpn_params;

/* 0, or -EINVAL naming the network, the field and the fix. */
int frr_conf_check(const vn_evpn_params *p, vn_err *err);
/* The router id the stanza carries: router_id, else local. */
const vn_addr *frr_conf_router_id(const vn_evpn_params *p);
/* The network's stanza (above) appended to b; -EINVAL (nothing appended) when p does not
 * pass frr_conf_check. */
int frr_conf_render(const vn_evpn_params *p, vn_buf *b, vn_err *err);
/* The commands that take p's stanza out of the instance, given the stanzas of the other
 * networks loaded there (others, n of them): its VNI, and the neighbours no other network
 * names; the whole BGP instance when p was the last. */
int frr_conf_render_unload(const vn_evpn_params *p, const vn_evpn_params *others, size_t n,
			   vn_buf *b, vn_err *err);
/* Whether p can join the instance beside others: the same AS and router id (one BGP
 * instance per FRR instance), a VNI and bridge no other network has. -EINVAL naming both
 * networks otherwise. */
int frr_conf_compatible(const vn_evpn_params *p, const vn_evpn_params *others, size_t n,
			vn_err *err);
/* A stanza back from its text (a network's file), typed: only what frr_conf_render writes
 * for some params is accepted (the params found are rendered again and must give the same
 * text byte for byte). -EINVAL with what (the file) in the message otherwise. */
int frr_conf_read(const char *text, const char *what, vn_evpn_params *out, vn_err *err);
/* The configuration both daemons of the instance start with. */
void frr_conf_base(vn_buf *b);
