/* netlink.h - links, addresses and routes through rtnetlink (libmnl)
 *
 * Every call sends one request with NLM_F_ACK and waits for its answer, so an error is
 * always the kernel's own verdict. Functions return 0 or a negative errno and fill err
 * with a message naming the object, the cause (the kernel's extended-ack text when it
 * sent one) and, where there is one, the fix. No global state: one vn_nl per thread. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/addr.h"
#include "util/err.h"

typedef struct vn_nl vn_nl;   /* one NETLINK_ROUTE socket (NETLINK_EXT_ACK, NETLINK_CAP_ACK) */

int nl_open(vn_nl **out, vn_err *err);
int nl_open_proto(vn_nl **out, int proto, vn_err *err);   /* another netlink family */
void nl_close(vn_nl *nl);     /* NULL ok */

/* nftables' base chains (those on a hook) of every table, read from the kernel without
 * libnftables (which would fetch and format every table's objects): netlink_nft.c, on an
 * nl_open_proto(NETLINK_NETFILTER) socket. */
typedef struct vn_nft_base_chain {
	int family;          /* NFPROTO_* */
	char table[256], chain[256];
	unsigned hooknum;    /* the family's NF_*_ hook number */
	bool drop;           /* policy drop */
} vn_nft_base_chain;
int nl_nft_base_chains(vn_nl *nl, vn_nft_base_chain **out, size_t *n, vn_err *err);

/* An element of an nftables set or verdict map, as the kernel stores it: the key's bytes
 * (a concatenation's fields each padded to 4 bytes) and, in a map, a jump. */
typedef struct vn_nft_elem {
	char set[32];
	uint8_t key[64];
	size_t keylen;
	char jump[64];       /* "": a set's element */
} vn_nft_elem;
/* Add elements to sets of one table in one transaction, as nft's "add element" does (one
 * already there with the same data is no error); what libnftables would first fetch and
 * parse (every set and chain of the ruleset) is not needed for that. */
int nl_nft_add_elems(vn_nl *nl, int family, const char *table, const vn_nft_elem *v, size_t n,
		     vn_err *err);

typedef struct vn_bridge_opts {
	const char *name;
	const vn_mac *mac;              /* NULL: the kernel picks one */
	unsigned mtu;                   /* 0: the kernel's default */
	bool stp;
	unsigned long forward_delay_s;  /* seconds, like libvirt's <bridge delay>; with STP on the
	                                 * kernel keeps it within 2..30 s */
	const char *alias;              /* IFLA_IFALIAS (e.g. "virtnet:<uuid>"); NULL: none */
} vn_bridge_opts;

/* Create a new bridge (fails with -EEXIST if the name is taken); *ifindex gets its index.
 * The alias is set by a second request (the kernel ignores it on creation); if that fails
 * the new bridge is deleted again. */
int nl_bridge_create(vn_nl *nl, const vn_bridge_opts *o, int *ifindex, vn_err *err);
int nl_link_delete(vn_nl *nl, int ifindex, vn_err *err);          /* -ENODEV if gone */
int nl_link_set_up(vn_nl *nl, int ifindex, bool up, vn_err *err);
/* 0: no master */
int nl_link_set_master(vn_nl *nl, int ifindex, int master_ifindex, vn_err *err);
int nl_link_set_mtu(vn_nl *nl, int ifindex, unsigned mtu, vn_err *err);
int nl_link_set_alias(vn_nl *nl, int ifindex, const char *alias, vn_err *err);    /* "" clears */
/* Several changes to one link in one RTM_NEWLINK, the link found by its name (one just made,
 * whose index nobody needs to ask for): its MAC and MTU when given, its master when not 0,
 * up when asked. */
typedef struct vn_link_change {
	const char *name;
	const vn_mac *mac;   /* NULL: unchanged */
	unsigned mtu;        /* 0: unchanged */
	int master;          /* the master's index; 0: unchanged */
	bool up;             /* true: brought up; false: unchanged */
} vn_link_change;
int nl_link_change(vn_nl *nl, const vn_link_change *ch, vn_err *err);

/* Guest ports */
int nl_link_set_mac(vn_nl *nl, int ifindex, const vn_mac *mac, vn_err *err);
typedef struct vn_veth_opts {
	const char *name, *peer;        /* host side, guest side */
	const vn_mac *mac, *peer_mac;   /* NULL: the kernel picks */
	unsigned mtu;                   /* 0: default (both ends) */
	int peer_netns_fd;              /* -1: the peer stays here */
	bool peer_up;                   /* the peer is made up (in its namespace) */
} vn_veth_opts;
int nl_veth_create(vn_nl *nl, const vn_veth_opts *o, int *ifindex, vn_err *err);
/* Delete links together: with more than one, they are put in a link group no other link
 * uses and the group is deleted in one request, so the kernel unregisters them in one batch
 * (one RCU wait instead of one per link: 1000 taps in ~0.5 s instead of ~16 s). Links that
 * are already gone are skipped. */
int nl_links_delete(vn_nl *nl, const int *ifindex, size_t n, vn_err *err);
/* A macvtap (tap: a /dev/tapN for QEMU) or macvlan device in bridge mode on a NIC, created
 * in the namespace netns_fd names (-1: here) under `name`. */
typedef struct vn_macvlan_opts {
	const char *name;
	int lower_ifindex;
	bool tap;
	const vn_mac *mac;   /* the guest's MAC: the device is the guest's NIC */
	unsigned mtu;        /* 0: the NIC's */
	int netns_fd;
	bool up;             /* made up (in its namespace) */
} vn_macvlan_opts;
int nl_macvlan_create(vn_nl *nl, const vn_macvlan_opts *o, vn_err *err);
/* The bridge port flag "isolated": isolated ports reach only non-isolated ports and the host. */
int nl_bridge_port_isolated(vn_nl *nl, int ifindex, bool isolated, vn_err *err);
/* The bridge port flag "learning": off, the bridge learns no source MAC on that port (an
 * EVPN overlay's VXLAN port: remote MACs come from FRR). */
int nl_bridge_port_learning(vn_nl *nl, int ifindex, bool learning, vn_err *err);

/* A VXLAN device (netlink_vxlan.c) for one VNI, its tunnels from `local` over the underlay
 * device; learning: remote MACs are learned from what arrives (static flood lists), else
 * only its forwarding entries say where a MAC is (a control plane writes them). */
typedef struct vn_vxlan_opts {
	const char *name;
	uint32_t vni;
	vn_addr local;
	int underlay_ifindex;
	unsigned port;          /* UDP, host order */
	bool learning;
	unsigned mtu;           /* 0: the kernel's (underlay's minus the overhead) */
	const vn_mac *mac;      /* NULL: the kernel picks */
	const char *alias;      /* set by a second request; NULL: none */
} vn_vxlan_opts;
/* Create it (down, no master); *ifindex gets its index; on failure nothing is left. */
int nl_vxlan_create(vn_nl *nl, const vn_vxlan_opts *o, int *ifindex, vn_err *err);
typedef struct vn_vxfdb {
	int ifindex;            /* the VXLAN device (or the bridge port, with master) */
	vn_mac mac;             /* all-zero: flood (head-end replication to every dst) */
	vn_addr dst;            /* the remote end in the underlay (not with master) */
	bool master;            /* an entry of the bridge above: static, behind this port */
} vn_vxfdb;
/* Add (already there: 0; the all-zero MAC is appended per dst) and delete (-ENOENT/-ENODEV
 * when gone, without a message). */
int nl_fdb_add(vn_nl *nl, const vn_vxfdb *e, vn_err *err);
int nl_fdb_del(vn_nl *nl, const vn_vxfdb *e, vn_err *err);

typedef struct vn_link_info {
	int ifindex, master;      /* master 0 if none */
	char name[16], kind[16];  /* kind: "bridge", "veth", "tun", ... ("" if none) */
	char alias[256];
	vn_mac mac;               /* zero unless the link has a 6-byte hardware address */
	unsigned mtu, flags;      /* IFF_* */
	unsigned group;           /* IFLA_GROUP (0: the default group) */
} vn_link_info;

/* -ENODEV if absent */
int nl_link_get(vn_nl *nl, const char *name, vn_link_info *out, vn_err *err);
/* all links; free(*out) */
int nl_link_dump(vn_nl *nl, vn_link_info **out, size_t *n, vn_err *err);

/* An interface's counters (IFLA_STATS64) as the host sees them: rx is what the interface
 * received (for a guest's tap or veth, what the guest sent). */
typedef struct vn_link_stats {
	uint64_t rx_bytes, rx_packets, rx_errors, rx_dropped;
	uint64_t tx_bytes, tx_packets, tx_errors, tx_dropped;
} vn_link_stats;
/* -ENODEV if absent */
int nl_link_stats(vn_nl *nl, const char *ifname, vn_link_stats *out, vn_err *err);

/* IPv4 addresses also get their broadcast address (none for /31 and /32). */
int nl_addr_add(vn_nl *nl, int ifindex, const vn_addr *a, int prefix, vn_err *err);
/* With IFA_F_* flags, e.g. IFA_F_NODAD: no duplicate detection on a bridge we just made. */
int nl_addr_add_flags(vn_nl *nl, int ifindex, const vn_addr *a, int prefix, unsigned flags,
		      vn_err *err);
int nl_addr_del(vn_nl *nl, int ifindex, const vn_addr *a, int prefix, vn_err *err);

typedef struct vn_addr_info { int ifindex; vn_addr addr; int prefix; } vn_addr_info;
/* family: AF_INET, AF_INET6 or AF_UNSPEC (both); free(*out) */
int nl_addr_dump(vn_nl *nl, int family, vn_addr_info **out, size_t *n, vn_err *err);

/* A route. dst.family (or gw.family for a default route with an unset dst) gives the family.
 * On add: table 0 is main, protocol 0 is static, type 0 is unicast, scope 0 is derived the
 * way ip-route does it (link without a gateway, host for local, else universe).
 * On delete: protocol, scope, type and metric 0 match any value. */
typedef struct vn_route {
	vn_addr dst;
	int prefix;
	vn_addr gw;
	int oif;
	unsigned metric;
	int table, protocol, scope, type;   /* RT_TABLE_*, RTPROT_*, RT_SCOPE_*, RTN_* */
	vn_addr prefsrc;
} vn_route;

int nl_route_add(vn_nl *nl, const vn_route *r, vn_err *err);
int nl_route_del(vn_nl *nl, const vn_route *r, vn_err *err);
/* Routes of the main table; family AF_INET, AF_INET6 or AF_UNSPEC; free(*out).
 * Multipath routes are listed without gateway and oif. */
int nl_route_dump(vn_nl *nl, int family, vn_route **out, size_t *n, vn_err *err);
