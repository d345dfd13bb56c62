/* port_query.h - what port-list, port-dumpxml and port-stats show: read, never changed */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "port/port.h"

/* The ports of one network, sorted by device name; records that cannot be read are named
 * in notes and left out. */
int ports_of_network(const vn_paths *paths, const char *network, vn_portlist *out, vn_notes *notes,
		     vn_err *err);
/* A port of network `network` by device name or UUID: -ENOENT, with the message, when that
 * network has none. */
int port_of_network(const vn_paths *paths, const char *network, const char *key, vn_port **out,
		    vn_err *err);

/* An address the guest holds a DHCP lease on (dnsmasq's lease file, not expired), found by
 * the port's MAC as virsh domifaddr finds a guest's (its default source, "lease"). */
typedef struct vn_port_lease {
	vn_addr ip;
	int prefix;      /* of the network's subnet that holds it */
	time_t expiry;   /* 0: infinite */
} vn_port_lease;

/* A port as port-list shows it. */
typedef struct vn_port_row {
	vn_port *port;
	const char *state;   /* attached (on its running network), detached (network stopped)
	                      * or gone (the device vanished) */
	bool mac_known;      /* mac: the recorded MAC, else the one protection learned from the
	                      * guest's first frame (a port of QEMU's bridge helper) */
	vn_mac mac;
	vn_port_lease *leases;   /* by the MAC: IPv4 first */
	size_t nleases;
} vn_port_row;

typedef struct vn_port_rows {
	vn_port_row *v;
	size_t n;
} vn_port_rows;

/* Network n's ports (live: its running definition, NULL when stopped) with their state and
 * the leases their MACs hold. */
int port_list(const vn_paths *paths, const vn_network *n, const vn_network *live,
	      vn_port_rows *out, vn_notes *notes, vn_err *err);
void port_rows_free(vn_port_rows *rows);

/* A port's traffic counters as its guest sees them (libvirt's domifstat): rx is what the
 * guest received. */
typedef struct vn_port_stats {
	char ifname[16];   /* the device read */
	uint64_t rx_bytes, rx_packets, rx_errors, rx_dropped;
	uint64_t tx_bytes, tx_packets, tx_errors, tx_dropped;
} vn_port_stats;

/* By a port's device name, UUID or MAC, or the name of any tap, veth or macvtap device. */
int port_stats(const vn_paths *paths, const char *key, vn_port_stats *out, vn_err *err);
/* The same for a port whose record is at hand, on an open netlink socket (a listing's rows:
 * no record read again); -ENODEV when its device is gone. */
int port_row_stats(vn_nl *nl, const vn_port *p, vn_port_stats *out, vn_err *err);
