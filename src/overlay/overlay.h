/* overlay.h - a network across hosts on this host: which peer this host is, what its
 * underlay is, and the control plane's hook (overlay_control.c)
 *
 * The same definition runs on every host; a host finds itself among the peers by an address
 * one of its interfaces has. Its role follows: the DHCP authority serves DHCP and DNS for
 * the whole network, every other host steers its guests' DHCP and DNS to it (doc/overlay.md). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/net_def.h"
#include "kernel/netlink.h"
#include "util/err.h"

typedef struct vn_ovl_self {
	size_t peer;              /* this host's index in the overlay's peers */
	vn_addr local;            /* its underlay address */
	int underlay_ifindex;
	char underlay[16];
	unsigned underlay_mtu;
} vn_ovl_self;

/* Which peer this host is: the one whose address an interface here has (in <virtnet:overlay
 * dev>, when named). Errors name the network, the peers and the fix. */
int overlay_find_self(vn_nl *nl, const vn_network *n, vn_ovl_self *out, vn_err *err);
/* The MTU the network runs with: its <mtu>, checked against the underlay's less the
 * overlay's headers, else that. */
int overlay_mtu(const vn_network *n, const vn_ovl_self *self, unsigned *mtu, vn_err *err);

/* This host's role, from the underlay address it runs with. */
bool overlay_is_authority(const vn_overlay *o, const vn_addr *local);
/* Another host is the DHCP authority: this one runs no dnsmasq and steers to it. */
bool overlay_defers_dhcp(const vn_overlay *o, const vn_addr *local);

/* The forwarding entries of the data plane this host needs whatever the control: towards
 * the DHCP authority's MAC (on the VXLAN device: its underlay address; in the bridge: the
 * VXLAN port). At most 2; *n of them. */
void overlay_authority_fdb(const vn_overlay *o, const vn_addr *local, int vxlan_ifindex,
			   vn_vxfdb out[2], size_t *n);

/* The control plane of an overlay: what start and destroy call for it, per control='...'.
 * static: the kernel learns remote MACs from what arrives, and each other peer gets a flood
 * entry (all-zero MAC, dst its address) on the VXLAN device. evpn (overlay_evpn.c): no
 * learning; virtnet's own FRR instance (frr_evpn.h) advertises and learns MACs and IPs (route
 * types 2 and 3) with a stanza of this network's, loaded by start and removed by destroy.
 * run_dir: the root's run folder (state.h's paths.run), where the control keeps its records. */
typedef struct vn_ovl_control_ops {
	bool learning;
	/* The flood entries this control writes through the journal (one step each): up to
	 * max of them in out, *n set. NULL: none. */
	void (*flood)(const vn_network *n, const vn_ovl_self *self, int vxlan_ifindex,
		      vn_vxfdb *out, size_t max, size_t *count);
	/* One journaled step "overlay-control", after the VXLAN device is in the bridge and up:
	 * start makes it, stop undoes it (also for a start that never happened, and after a
	 * kill -9: it must find what is there by the network's name). NULL: no such step. */
	int (*start)(const char *run_dir, const vn_network *n, const vn_ovl_self *self,
		     const char *vxlan, vn_err *err);
	int (*stop)(const char *run_dir, const vn_network *n, vn_err *err);
	/* Whether what start made still runs (1), or not (0); repair makes it run again and
	 * says what it did in *what (a sentence; empty when nothing was needed). NULL: nothing
	 * of the control's own runs. */
	int (*intact)(const char *run_dir, const vn_network *n);
	int (*repair)(const char *run_dir, const vn_network *n, char *what, size_t len,
		      vn_err *err);
} vn_ovl_control_ops;

/* The hook of a control; never NULL for a control the model accepts. */
const vn_ovl_control_ops *overlay_control(vn_ovl_control c);
/* evpn's hook (overlay_evpn.c) */
extern const vn_ovl_control_ops overlay_evpn_ops;
