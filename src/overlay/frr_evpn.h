/* frr_evpn.h - an overlay network's BGP EVPN in virtnet's FRR instance: load and unload
 *
 * The host primitive of the overlay's control plane, one journal step of a network's start
 * (an "evpn" step: made by frr_evpn_load, undone by frr_evpn_unload). Load records first
 * (the network's stanza as networks/NAME.conf in the instance's folder), then starts the
 * instance when it does not run (and then loads every recorded stanza into it again), then
 * gives bgpd the stanza through its vty socket, then waits (bounded) until zebra reports the
 * VNI on the network's VXLAN device. Unload takes out what only this network needed (its
 * VNI; the neighbours no other network names; the BGP instance when it was the last), then
 * removes the file, then stops the instance when no stanza is left. Unload is harmless for a
 * load that never happened or stopped half-way, and when FRR does not run. */
#pragma once
#include "overlay/frr_conf.h"
#include "overlay/frr_daemon.h"

int frr_evpn_load(const vn_frr *f, const vn_evpn_params *p, vn_err *err);
int frr_evpn_unload(const vn_frr *f, const vn_evpn_params *p, vn_err *err);
/* The network's recorded stanza (its file) unloaded: stop's side after anything, a kill -9
 * included. 0 when nothing is recorded (load records before it changes anything). */
int frr_evpn_unload_network(const vn_frr *f, const char *network, vn_err *err);
/* Every recorded stanza into the instance again, the instance started first when it does
 * not run: the repair after FRR died. */
int frr_evpn_reload(const vn_frr *f, vn_err *err);
/* Whether p's stanza is recorded in the instance (its file is there). */
bool frr_evpn_loaded(const vn_frr *f, const char *network);
