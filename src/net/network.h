/* network.h - start, destroy and reconcile running networks, with an undo log
 *
 * start makes its changes in order (bridge, sysctls, addresses, link up, routes, forwarding,
 * firewall, dnsmasq), records each in the network's status file as soon as it is made, and on
 * any failure undoes what it recorded, in reverse. destroy undoes a status the same way. */
#pragma once
#include <stdbool.h>

#include "conf/net_def.h"
#include "conf/net_draft.h"
#include "conf/net_update.h"
#include "kernel/netlink.h"
#include "kernel/session.h"
#include "state/state.h"
#include "state/store.h"
#include "util/err.h"

/* A command's context: its paths and notes, and the kernel session it runs on (its
 * members copied from a vn_session, kernel/session.h). */
typedef struct vn_run {
	const vn_paths *paths;
	const char *table;    /* our nft table ($VIRTNET_NFT_TABLE, default "virtnet") */
	vn_nl *nl;
	vn_fw *fw;            /* one nftables context for the whole command */
	vn_notes *notes;      /* warnings for the user (foreign drop policies, cleanups) */
	bool fw_rebuilt;      /* reconcile: the table was rebuilt once already in this run */
	unsigned *tap_next;   /* a long-lived session's vn_session.tap_next; NULL: one-shot */
} vn_run;

/* On a session the caller keeps open until its last use of r (a helper's, a daemon's). */
void run_init(vn_run *r, vn_session *s, const vn_paths *paths, vn_notes *notes);
/* With a session of its own, for one command; run_close closes it. */
int run_open(vn_run *r, const vn_paths *paths, vn_notes *notes, vn_err *err);
void run_close(vn_run *r);

/* Start o with def (ownership taken, also on failure). transient: no definition to keep. */
int network_start(vn_run *r, vn_netobj *o, vn_network *def, bool transient, vn_err *err);
/* Undo everything o's status records; the status file goes away. */
int network_destroy(vn_run *r, vn_netobj *o, vn_err *err);
/* Undo statuses left "starting" by a start that died (call under the exclusive lock). */
void network_cleanup_interrupted(vn_run *r, vn_netlist *l);

/* What a repair looks at: the bridge (there, ours, up, with its addresses), the firewall (our
 * tables hold the network's objects, an overlay's too), dnsmasq (running), an overlay's
 * control plane (evpn: virtnet's FRR running). */
enum {
	NET_CHECK_BRIDGE = 1,
	NET_CHECK_FIREWALL = 2,
	NET_CHECK_DNSMASQ = 4,
	NET_CHECK_CONTROL = 8,
	NET_CHECK_ALL = 15,
};

/* One look at the host for checking many networks (network_view.c): every link and address
 * (NET_CHECK_BRIDGE) and the listing of our table (NET_CHECK_FIREWALL), three requests in
 * all instead of some per network. */
typedef struct vn_hostview {
	unsigned what;          /* what it holds: NET_CHECK_BRIDGE and/or NET_CHECK_FIREWALL */
	vn_link_info *links;    /* sorted by name */
	size_t nlinks;
	vn_addr_info *addrs;
	size_t naddrs;
	char *nft;              /* `list table inet T`; NULL when there is no table */
} vn_hostview;

int hostview_load(vn_run *r, unsigned what, vn_hostview *v, vn_err *err);
void hostview_free(vn_hostview *v);
/* A link by name; NULL when the view has none of that name. */
const vn_link_info *hostview_link(const vn_hostview *v, const char *name);

/* Compare what o should own with the kernel; repair and describe each repair in report.
 * v (NULL: none) screens: a network the view shows intact costs no request; any other is
 * checked and repaired asking the kernel. */
int network_reconcile(vn_run *r, vn_netobj *o, const vn_hostview *v, vn_notes *report,
		      vn_err *err);
/* The same for the aspects in what (NET_CHECK_*), with a line in report only for what was
 * repaired (a daemon's log). */
int network_repair(vn_run *r, vn_netobj *o, const vn_hostview *v, unsigned what,
		   vn_notes *report, vn_err *err);

/* The commands, one call each (network_cmd.c). start: o from its stored definition; 1 when
 * it is active already (nothing done). */
int network_start_defined(vn_run *r, vn_netobj *o, vn_err *err);
/* create: def started as a transient network (ownership taken, also on failure); *out is
 * its entry. -EEXIST when a network of that name is active. */
int network_create(vn_run *r, vn_netlist *l, vn_network *def, bool trust, vn_netobj **out,
		   vn_err *err);
/* reconcile: every active network (or only `only`), then their ports; a line per repair in
 * report. When a network could not be repaired, *failed names it (else NULL: the ports). */
int network_reconcile_all(vn_run *r, vn_netlist *l, const vn_netobj *only, vn_notes *report,
			  const char **failed, vn_err *err);
/* undefine: the definition goes; a running network stays up, now transient (like libvirt). */
int network_undefine(const vn_paths *paths, vn_netlist *l, vn_netobj *o, vn_err *err);

/* Start the networks marked autostart that are not running, once per boot (a marker under
 * <root>/run/virtnet keeps the boot's id); told for each: its name, 0 or -errno, the
 * reason of a failure. */
typedef void (*vn_autostarted)(void *data, const char *network, int rc, const char *why);
int network_autostart_boot(vn_run *r, vn_netlist *l, vn_autostarted told, void *data,
			   vn_err *err);

/* update (libvirt's net-update): *flags is UPDATE_LIVE and/or UPDATE_CONFIG, or 0 for
 * libvirt's "current" (live when the network runs, else config); it comes back with what was
 * changed. A running network applies the change without a restart where dnsmasq can re-read
 * (hosts on SIGHUP), else dnsmasq restarts and keeps its leases (network_update.c). */
int network_update(vn_run *r, vn_netobj *o, const vn_upd_req *q, unsigned *flags, vn_err *err);

/* A deep copy of a definition (format + parse). */
vn_network *network_copy(const vn_network *n, vn_err *err);

/* The host's devices a network can go out through (network_devices.c), for the create
 * form's list: every link but the loopback, bridges of ours and devices enslaved to a
 * bridge (a NIC in a host bridge: the bridge is listed), with its addresses. */
#define HOSTDEV_ADDRS 8
typedef struct vn_hostdev {
	char name[16], kind[16];   /* kind: "bridge", "veth", ... ("" for a plain NIC) */
	bool up, carrier;
	vn_mac mac;
	vn_addr addrs[HOSTDEV_ADDRS];   /* the first HOSTDEV_ADDRS (link-local ones left out) */
	int prefixes[HOSTDEV_ADDRS];
	size_t naddrs;
} vn_hostdev;
int network_host_devices(vn_run *r, vn_hostdev **out, size_t *n, vn_err *err);

/* What a create form is checked against: the other networks, the host's routes (its main
 * table, both families), the devices a network can go out through, and a route's device's
 * name (ifname_of on the host). */
typedef struct vn_draft_host {
	const vn_netlist *networks;
	const vn_route *routes;
	size_t nroutes;
	const vn_hostdev *devs;
	size_t ndevs;
	const char *(*ifname)(int ifindex, char buf[16]);
} vn_draft_host;
/* A create form's fields checked as define and start would check them (network_draft.c):
 * draft_check's per-field checks, then a name that is taken, an address space that overlaps
 * another network's or a route of h (naming which), a device that is not among h's. When
 * every field is fine, *out is the network (else NULL). Pure: h says what the host has. */
int draft_against(const vn_draft_host *h, const vn_draft *d, vn_draft_check *c,
		  vn_network **out, vn_err *err);
/* The same against this host (its routes and network_host_devices) and the networks l. */
int network_draft(vn_run *r, const vn_netlist *l, const vn_draft *d, vn_draft_check *c,
		  vn_network **out, vn_err *err);
