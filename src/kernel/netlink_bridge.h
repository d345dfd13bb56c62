/* netlink_bridge.h - bridges, their ports and forwarding databases through rtnetlink
 *
 * What `ip -d link` and `bridge fdb` read: the IFLA_BR_* attributes of a bridge
 * (IFLA_LINKINFO/IFLA_INFO_DATA), the IFLA_BRPORT_* of its ports (IFLA_INFO_SLAVE_DATA)
 * and the RTM_NEWNEIGH AF_BRIDGE entries of its forwarding database. Values are the
 * kernel's, in its units: times and timers in clock_t (1/100 s, USER_HZ), the very numbers
 * sysfs shows (both come from jiffies_to_clock_t() / br_timer_value()). Decoding one
 * message is pure (nl_brlink_parse, nl_fdb_parse), so tests can feed captured ones. */
#pragma once
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/netlink.h"

struct nlmsghdr;

/* IFLA_BR_*; an attribute the kernel did not send stays 0 */
typedef struct vn_nl_bridge_attrs {
	uint8_t bridge_id[8], root_id[8];   /* struct ifla_bridge_id: priority (big endian), MAC */
	uint32_t stp_state, root_path_cost;
	uint16_t root_port, priority;
	uint8_t topology_change, topology_change_detected;
	uint32_t forward_delay, hello_time, max_age, ageing_time;           /* clock_t */
	/* clock_t, 0 when idle */
	uint64_t hello_timer, tcn_timer, topology_change_timer, gc_timer;
} vn_nl_bridge_attrs;

/* IFLA_BRPORT_* */
typedef struct vn_nl_brport_attrs {
	/* BR_STATE_*: disabled, listening, learning, forwarding, blocking */
	uint8_t state;
	uint8_t hairpin;                 /* IFLA_BRPORT_MODE */
	uint8_t topology_change_ack, config_pending;
	uint16_t priority, port_id, port_no, designated_port;
	uint16_t designated_cost;        /* the kernel keeps 32 bits but sends 16 */
	uint32_t cost;
	uint8_t designated_root[8], designated_bridge[8];
	uint64_t message_age_timer, forward_delay_timer, hold_timer;        /* clock_t */
} vn_nl_brport_attrs;

/* One link of an RTM_GETLINK answer, as far as bridges are concerned. */
typedef struct vn_nl_brlink {
	int ifindex, master;             /* master: IFLA_MASTER, 0 if none */
	char name[IF_NAMESIZE];
	bool is_bridge;                  /* IFLA_INFO_KIND "bridge": br is filled */
	bool is_port;                    /* IFLA_INFO_SLAVE_KIND "bridge": port is filled */
	vn_nl_bridge_attrs br;
	vn_nl_brport_attrs port;
} vn_nl_brlink;

/* One RTM_NEWLINK message: 1, or 0 when it is not one (out untouched). */
int nl_brlink_parse(const struct nlmsghdr *h, vn_nl_brlink *out);
/* One link by name: -EINVAL (not a name), -ENODEV (no such link). */
int nl_brlink_get(vn_nl *nl, const char *name, vn_nl_brlink *out, vn_err *err);
/* Every link (master 0), or only those whose master is that index; free(*out). */
int nl_brlink_dump(vn_nl *nl, int master, vn_nl_brlink **out, size_t *n, vn_err *err);

/* One entry of a bridge's forwarding database (RTM_NEWNEIGH, AF_BRIDGE). */
typedef struct vn_nl_fdb {
	uint8_t mac[6];
	/* the port; the bridge itself for an address with no port */
	int ifindex;
	/* NDA_MASTER: the bridge, 0 for a device's own (NTF_SELF) list */
	int master;
	/* NUD_PERMANENT: local; NUD_NOARP: static; NUD_STALE: expired */
	uint16_t state;
	uint8_t flags;                   /* NTF_* */
	uint16_t vlan;                   /* NDA_VLAN, 0 if none */
	bool has_cacheinfo;
	uint32_t updated, used;          /* NDA_CACHEINFO: clock_t since last seen / last used */
} vn_nl_fdb;

/* One RTM_NEWNEIGH AF_BRIDGE message with a 6-byte address: 1, else 0. */
int nl_fdb_parse(const struct nlmsghdr *h, vn_nl_fdb *out);
/* The entries the bridge `master` keeps (NDA_MASTER is master, not a port's NTF_SELF
 * list), in the kernel's order; free(*out). */
int nl_fdb_dump(vn_nl *nl, int master, vn_nl_fdb **out, size_t *n, vn_err *err);
