/* netlink_dump.h - an interface's addresses and routes with every attribute ip(8) shows,
 * to copy them to another interface and back exactly (host bridges: hostbridge.h)
 *
 * Unlike nl_addr_dump and nl_route_dump (netlink.h), these keep what a faithful copy needs:
 * flags, scope, label, broadcast, peer, lifetimes and prefix-route metric of an address;
 * every table, protocol, scope, type, tos, source, metrics, preference and expiry of a
 * route. Same conventions: 0 or a negative errno, err says what failed on what. */
#pragma once
#include <stdint.h>

#include "kernel/netlink.h"

#define VN_LFT_FOREVER 0xffffffffu   /* the kernel's INFINITY_LIFE_TIME */
#define VN_RTAX_COUNT 18             /* RTA_METRICS types 0..RTAX_FASTOPEN_NO_COOKIE */

typedef struct vn_nl_addr {
	vn_addr local;            /* the interface's own address */
	/* point-to-point peer (IFA_ADDRESS when it differs), else unset */
	vn_addr peer;
	vn_addr broadcast;        /* IPv4 broadcast if one was given, else unset */
	int prefix, scope;
	unsigned flags;           /* IFA_FLAGS as the kernel reports them */
	char label[16];           /* IPv4 label ("eth0:1"), "" if none */
	unsigned valid_lft, preferred_lft;   /* seconds left, VN_LFT_FOREVER if none */
	unsigned metric;          /* IFA_RT_PRIORITY: metric of the prefix route */
	int proto;                /* IFA_PROTO: IFAPROT_* (who made it), 0 if unknown */
} vn_nl_addr;

typedef struct vn_nl_route {
	/* AF_*, RT_TABLE_*, RTPROT_*, RT_SCOPE_*, RTN_* */
	int family, table, protocol, scope, type;
	unsigned tos, flags;      /* rtm_tos; rtm_flags we can set (RTNH_F_ONLINK) */
	vn_addr dst, src, gw, prefsrc;   /* dst unset: default route; src: IPv6 "from" */
	int dst_len, src_len;
	unsigned metric;          /* RTA_PRIORITY */
	unsigned realms;          /* RTA_FLOW, 0 if none */
	int pref;                 /* RTA_PREF (IPv6 router preference), -1 if none */
	unsigned expires;         /* seconds left (IPv6), 0 if the route does not expire */
	uint32_t metrics[VN_RTAX_COUNT];   /* RTA_METRICS values; metrics_mask says which are set */
	uint32_t metrics_mask;    /* bit i: metrics[i] (or cc_algo for RTAX_CC_ALGO) is set */
	char cc_algo[16];
	int oif;                  /* dump only: the output interface */
	/* dump only: why it cannot be copied (multipath, ...), else NULL */
	const char *unsupported;
} vn_nl_route;

/* The addresses of one interface in the kernel's order (IPv4, then IPv6); free(*out). */
int nl_addr_dump_dev(vn_nl *nl, int ifindex, vn_nl_addr **out, size_t *n, vn_err *err);
/* Routes of every table and both families that leave through the interface, in the
 * kernel's order (IPv4, then IPv6); cached (cloned) routes are not listed. A route the copy
 * functions cannot reproduce (multipath, nexthop object, encapsulation) is listed with
 * `unsupported` saying why. free(*out). */
int nl_route_dump_dev(vn_nl *nl, int ifindex, vn_nl_route **out, size_t *n, vn_err *err);

/* Add the address to the interface with its flags (and extra_flags, e.g. IFA_F_NODAD),
 * lifetimes, label, broadcast, peer, metric and protocol; -EEXIST if it has it already. */
int nl_addr_add_full(vn_nl *nl, int ifindex, const vn_nl_addr *a, unsigned extra_flags,
		     vn_err *err);
/* Replace the flags, lifetimes and metric of an address the interface has (NLM_F_REPLACE):
 * how an IPv6 address added with IFA_F_NODAD loses that flag again without DAD. */
int nl_addr_change_full(vn_nl *nl, int ifindex, const vn_nl_addr *a, vn_err *err);
/* -EADDRNOTAVAIL if absent */
int nl_addr_del_full(vn_nl *nl, int ifindex, const vn_nl_addr *a, vn_err *err);

/* Add the route through the interface; appended after routes that differ only in the
 * interface (NLM_F_APPEND), so a copy can sit next to the original. -EEXIST for a duplicate. */
int nl_route_add_full(vn_nl *nl, int ifindex, const vn_nl_route *r, vn_err *err);
/* -ESRCH if absent */
int nl_route_del_full(vn_nl *nl, int ifindex, const vn_nl_route *r, vn_err *err);

/* "192.0.2.1/24", "2001:db8::1/64 peer 2001:db8::2/128" (for messages and lists). */
const char *nl_addr_text(const vn_nl_addr *a, char *buf, size_t len);
/* "default via 192.0.2.254 table 100 metric 5" (for messages). */
const char *nl_route_text(const vn_nl_route *r, char *buf, size_t len);

/* RTA_METRICS type <-> ip-route's name ("mtu", "advmss", ...); NULL / -1 if unknown. */
const char *rtax_name(int type);
int rtax_from_name(const char *name);
