/* port.h - guest ports: records on disk, devices on the host, attach and detach
 *
 * A port is a tap (for a VM) or a veth pair (for a namespace or container) plugged into a
 * network's bridge, recorded in <root>/run/virtnet/ports/<uuid>.xml. It outlives a stop of
 * its network (the device stays, detached) and is re-attached when the network starts. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/port_def.h"
#include "dnsmasq/dnsmasq_conf.h"
#include "dnsmasq/leases.h"
#include "net/network.h"
#include "state/state.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct vn_portlist {
	vn_port **v;
	size_t n;
} vn_portlist;

int ports_load(const vn_paths *p, vn_portlist *out, vn_notes *notes, vn_err *err);
void portlist_free(vn_portlist *l);
/* One record through the index (kind "by-name" or "by-mac") without reading the others;
 * -ENOENT when there is none. */
int port_find(const vn_paths *p, const char *kind, const char *key, vn_port **out, vn_err *err);
/* By device name or UUID. */
int port_lookup(const vn_paths *p, const char *key, vn_port **out, vn_err *err);
int port_record(const vn_paths *p, const vn_port *port, vn_err *err);
int port_forget(const vn_paths *p, const vn_port *port, vn_err *err);

typedef enum { MACGEN_KVM, MACGEN_XEN, MACGEN_LOCAL, MACGEN__COUNT } vn_macgen_kind;
const char *macgen_kind_to_string(vn_macgen_kind k);   /* "kvm", "xen", "local" */
int macgen_kind_from_string(const char *s);           /* -1 if unknown */
/* A MAC of that kind used by no port and no static DHCP host of any network. */
int mac_generate_unique(const vn_paths *p, vn_macgen_kind kind, const vn_netlist *nets, vn_mac *out,
			vn_err *err);
/* -EEXIST with the owner named when another port or a static host already has this MAC. */
int mac_check_free(const vn_paths *p, const vn_mac *m, const vn_port *self, const vn_netlist *nets,
		   vn_err *err);

/* Device name: vif<domid>.<devid>[-emu], as given, or the first free vnet<N> (for a tap the
 * template "vnet%d": the kernel picks, port_create writes the result back). */
int port_pick_name(vn_run *r, vn_port *p, vn_err *err);
/* Whether a port record has that device name (its device may be gone). */
bool port_name_recorded(const vn_paths *p, const char *name);

/* Create the device (and, when the network runs, attach it and mark the network's status
 * as having ports); on failure nothing is left. */
int port_create(vn_run *r, vn_status *net, vn_port *p, vn_err *err);
/* The same for a tap that is not persistent: it lives as long as the descriptor put in
 * *fd_out (IFF_VNET_HDR with vnet_hdr), what QEMU's bridge helper hands to QEMU. p->ifname
 * may be a template ("vnet%d"); a port whose MAC is unknown learns it from its first frame. */
int port_create_open_tap(vn_run *r, vn_status *net, vn_port *p, bool vnet_hdr, int *fd_out,
			 vn_err *err);
/* An existing device someone else made (a Xen vif made by netback, a tap of another tool)
 * becomes a port: recorded as type external (port-delete and reconcile never delete the
 * device, they only unplug it), given the bridge's MTU (and, for a Xen vif, the host MAC
 * fe:ff:ff:ff:ff:ff), plugged and protected when the network runs; on failure it is left as
 * it was found. p->ifname names the device. */
int port_adopt(vn_run *r, vn_status *net, vn_port *p, vn_err *err);
/* Record in a running network's status that ports are attached (once), so destroy detaches
 * them; call before attaching. */
int port_mark_network(vn_run *r, vn_status *net, vn_err *err);
/* Plug an existing device into a running network: firewall protection, master, isolation,
 * bandwidth, up. */
int port_attach(vn_run *r, const vn_status *net, vn_port *p, vn_err *err);
/* The same for every port of the network in the list whose device exists, with the
 * protection of all of them in one transaction. */
int ports_attach_all(vn_run *r, const vn_status *net, const vn_portlist *ports, vn_err *err);
/* The protection and policers of the network's ports (those whose device exists) into our
 * bridge table again, after someone flushed or deleted it, with the IPv4 addresses they had
 * learned from their leases (leases: the network's, nleases of them) for what is left of
 * each; *done: there were some. */
int ports_protect_all(vn_run *r, const vn_status *net, const vn_lease *leases, size_t nleases,
		      bool *done, vn_err *err);
/* Take away what attach added (the bridge may already be gone). */
int port_detach(vn_run *r, vn_port *p, vn_err *err);
/* Every port of the network; unplug: also off the bridge. */
int ports_detach_all(vn_run *r, const char *network, bool unplug, vn_err *err);
/* Detach, delete the device, forget the record, drop its reservation. */
int port_delete(vn_run *r, const vn_status *net, vn_port *p, vn_err *err);
/* The same for many ports of one network, in batches (one transaction, one link deletion). */
int ports_delete(vn_run *r, const vn_status *net, vn_port *const *v, size_t n, vn_err *err);
/* Whether the port's device still exists (a VM that exited takes its tap along). */
bool port_device_exists(vn_run *r, const vn_port *p);
/* Rewrite dnsmasq's hosts file of a running network and make it re-read it (no restart). */
int port_refresh_reservations(vn_run *r, const vn_status *net, vn_err *err);

/* The addresses the ports of a network reserve for their MACs, for its dnsmasq: from a list
 * (pure; -ENOMEM), or from the records on disk. */
int port_reservations_of(const vn_portlist *ports, const char *network, vn_dhcp_reservations *out);
int port_reservations(const vn_paths *p, const char *network, vn_dhcp_reservations *out,
		      vn_err *err);

/* Ports of network `only` (NULL: every network): a port whose device vanished is deleted, a
 * device not on its running network's bridge is plugged in again; one report line each.
 * v (NULL: none; its links) screens: a port the view shows on its bridge costs no request. */
int ports_reconcile(vn_run *r, vn_netlist *l, const char *only, const vn_hostview *v,
		    vn_notes *report, vn_err *err);
/* The same for the port whose device has this name, when there is one (read through the
 * index, not every record). */
int port_reconcile_named(vn_run *r, vn_netlist *l, const char *ifname, vn_notes *report,
			 vn_err *err);
