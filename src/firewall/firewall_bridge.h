/* firewall_bridge.h - guest port protection in our bridge-family table
 *
 * The table's chains and sets do not depend on the number of ports: adding a port only adds
 * set elements, so creating the 1000th port costs what creating the first did (libnftables
 * reads every chain and set of a table before each transaction, and the kernel re-validates
 * every chain a jump reaches). Layout of "table bridge <table>":
 *   prerouting:  iifname vmap @police   (ports with an <outbound> limit: jump <port>_police)
 *                iifname vmap @port_in  (protected ports: jump <bridge>_from, one per network)
 *   output:      oifname vmap @port_out (protected ports: jump <bridge>_to, which learns
 *                leases; frames the host sends, never those bridged between ports)
 *   sets: port_mac { ifname . MAC }, learning { ifname } (ports whose MAC the first frame
 *         sets), port_ip4 { ifname . IPv4 } (reserved, and learned from the network's own
 *         DHCPACKs with the lease time as timeout).
 * Removal reads the table back (fwb_state) and deletes exactly the ports' elements, then any
 * chain no element jumps to any more, or the whole table once no port uses it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/net_def.h"
#include "firewall/firewall.h"
#include "kernel/netlink.h"
#include "util/buf.h"

typedef struct vn_port vn_port;

typedef struct vn_fwb_opts {
	bool protect;                 /* anti-spoofing (nat, route and isolated networks) */
	unsigned lease_s;             /* how long a learned IPv4 address stays (0: for ever) */
	const vn_bw_rate *outbound;   /* police what the guest sends; NULL: no limit */
} vn_fwb_opts;

/* Pure text (firewall_bridge.c). Base objects, idempotent: */
void fwb_render_base(vn_buf *b, const char *table);
/* The network's <bridge>_from and <bridge>_to chains, rewritten whole (idempotent): */
void fwb_render_network(vn_buf *b, const char *table, const vn_network *n, unsigned lease_s);
/* An IPv4 address the port leased, learned again (after a flush) for what is left of its
 * lease (seconds; 0: for ever) */
void fwb_render_learned(vn_buf *b, const char *table, const char *ifname, const vn_addr *ip4,
			unsigned seconds);
/* The port's elements (and its police chain); base and network must be in the same text. */
void fwb_render_port(vn_buf *b, const char *table, const vn_port *p, const vn_fwb_opts *o,
		     const vn_network *n);
/* All three for one port (caller frees; NULL: out of memory). */
char *fwb_render_port_add(const char *table, const vn_port *p, const vn_network *n,
			  const vn_fwb_opts *o);
/* The elements fwb_render_port writes, as the kernel stores them (firewall_bridge_elems.c):
 * 0 and *count of them (none for an unprotected port), -EOPNOTSUPP for a port with an
 * <outbound> limit (its police chain is text's), -EINVAL for names the kernel cannot take. */
#define FWB_PORT_ELEMS_MAX 5
int fwb_port_elems(const vn_port *p, const vn_fwb_opts *o, const vn_network *n,
		   vn_nft_elem out[FWB_PORT_ELEMS_MAX], size_t *count);
/* Add them to our bridge table (firewall_apply.c) */
int fw_add_bridge_elems(vn_fw *fw, const vn_nft_elem *v, size_t n, vn_err *err);

/* What the table holds, parsed from "list table bridge <table>" (firewall_bridge_state.c). */
typedef struct vn_fwb_elem {
	char set[16];      /* port_in, port_out, police, learning, port_mac, port_ip4 */
	char ifname[64];
	char key[96];      /* the key as nft prints it, to delete it by */
	char target[96];   /* the chain a map element jumps to ("" if none) */
} vn_fwb_elem;
typedef struct vn_fwb_state {
	bool exists;
	vn_fwb_elem *elems;
	size_t nelems;
	char (*chains)[96];
	size_t nchains;
} vn_fwb_state;
int fwb_state_parse(const char *listing, vn_fwb_state *st);   /* 0 or -ENOMEM */
void fwb_state_free(vn_fwb_state *st);
/* The MAC the port is held to (recorded or learned): 0, or -ENOENT. */
int fwb_state_port_mac(const vn_fwb_state *st, const char *ifname, vn_mac *out);
/* Remove every element of these ports, then each chain of ours no remaining element jumps
 * to, or the whole table when no port is left in it. "" when there is nothing to do. */
char *fwb_render_remove(const char *table, const vn_fwb_state *st, const char *const *ifnames,
			size_t n);

/* An overlay network's rules in the same table (firewall_overlay.c): its gateway's ARP and
 * neighbour discovery never cross the VXLAN port; on a host that defers DHCP to another,
 * its guests' DHCP and DNS towards the gateway go to the authority's MAC; the authority
 * takes frames to that MAC as its own and speaks across the overlay with it; DHCPACKs
 * arriving through the VXLAN port teach the ports their leases. Keyed on the gateway's and
 * the authority's MACs and the VXLAN device's name. */
typedef struct vn_fwo_role {
	const char *vxlan;     /* the VXLAN device */
	bool authority;        /* this host is the DHCP authority */
	bool defers;           /* another host is */
} vn_fwo_role;
/* The maps and base chains (part of fwb_render_base) */
void fwo_render_base(vn_buf *b, const char *table);
/* Base, the network's chains (rewritten whole) and its elements; NULL: out of memory */
char *fwo_render_add(const char *table, const vn_network *n, const vn_fwo_role *role);
/* The keys of its elements (the VXLAN device, the two MACs), as fwb_render_remove takes them */
void fwo_keys(const vn_network *n, const char *vxlan, char keys[3][32]);

/* Read our bridge table back (firewall_apply.c); a missing table is an empty state. */
int fw_bridge_state(vn_fw *fw, vn_fwb_state *st, vn_err *err);
