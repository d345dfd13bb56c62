/* nl_watch.h - the kernel's change notifications that supervision reacts to: rtnetlink
 * (links and addresses) and nftables (tables, chains, rules, sets), read without blocking
 *
 * A watch is a netlink socket bound to multicast groups; its fd goes into the caller's
 * event loop and nlwatch_read hands each queued notification over as a typed event. */
#pragma once
#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "util/err.h"

typedef enum {
	NLEV_LINK,        /* a link appeared or changed: ifindex, ifname, up, master */
	NLEV_LINK_GONE,   /* a link was deleted: ifindex, ifname */
	NLEV_ADDR_GONE,   /* an address was removed: ifindex */
	NLEV_NFT_DEL,     /* something of an inet or bridge table was deleted or flushed: table */
	NLEV_NFT_GEN,     /* an nftables transaction ended: pid of the process that made it */
	NLEV_OVERRUN,     /* notifications were lost (ENOBUFS): assume anything changed */
} vn_nlev_type;

typedef struct vn_nlev {
	vn_nlev_type type;
	int ifindex;
	char ifname[IF_NAMESIZE];
	bool up;
	int master;
	char table[256];
	pid_t pid;
} vn_nlev;

typedef struct vn_nlwatch vn_nlwatch;
typedef void (*vn_nlev_cb)(void *data, const vn_nlev *ev);

/* Links and IPv4/IPv6 addresses (RTNLGRP_LINK, _IPV4_IFADDR, _IPV6_IFADDR). */
int nlwatch_open_rtnl(vn_nlwatch **out, vn_err *err);
/* nftables (NFNLGRP_NFTABLES). */
int nlwatch_open_nft(vn_nlwatch **out, vn_err *err);
int nlwatch_fd(const vn_nlwatch *w);
/* Every notification queued now, one cb each; 0 when the queue is empty, or -errno. */
int nlwatch_read(vn_nlwatch *w, vn_nlev_cb cb, void *data);
void nlwatch_close(vn_nlwatch *w);   /* NULL ok */
