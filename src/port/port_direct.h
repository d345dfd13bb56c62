/* port_direct.h - macvtap/macvlan ports on a NIC (forward mode 'bridge' with <interface>) */
#pragma once
#include <stdbool.h>

#include "kernel/netlink.h"
#include "port/port.h"

/* A namespace by ip-netns name or path, opened (O_CLOEXEC); the error says how to make it. */
int port_open_netns(const char *ns, vn_err *err);
/* A macvlan handed to a namespace: it exists only there, under p->peer_name. */
bool port_in_netns(const vn_port *p);
bool port_netns_device_exists(const vn_port *p);
int port_netns_device_delete(const vn_port *p, vn_err *err);   /* gone already: 0 */
/* Its counters, read inside the namespace (the guest's own view: no swap). */
int port_netns_device_stats(const vn_port *p, vn_link_stats *out, vn_err *err);
/* Create the device on p->plug_dev (macvtap for PORTDEV_MACVTAP, else macvlan). */
int port_direct_create(vn_run *r, vn_port *p, vn_err *err);
/* Shape and bring up a port of a network without a bridge. */
int attach_direct(vn_run *r, const vn_network *n, const vn_port *p, vn_err *err);
