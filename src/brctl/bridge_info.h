/* bridge_info.h - what brctl shows about Linux bridges: read through rtnetlink
 * (bridge_info.c, over netlink_bridge.c), formatted exactly as brctl formats it
 * (bridge_format.c, pure)
 *
 * Values are the kernel's, narrowed to int the way brctl's scanf("%i") narrows the same
 * numbers read from sysfs; timers are in the kernel's clock ticks (clock_t, 1/100 s), which
 * is what both sysfs and the IFLA_BR_* / IFLA_BRPORT_* attributes carry. Any bridge of the
 * host (of the current network namespace) can be read, without privileges. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/netlink_bridge.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

typedef struct vn_br_id { uint8_t prio[2], addr[6]; } vn_br_id;   /* "8000.525400123456" */

typedef struct vn_br_port {
	char *name;
	int port_no, port_id, state, path_cost;
	vn_br_id designated_root, designated_bridge;
	int designated_port, designated_cost;
	int change_ack, config_pending, hairpin_mode;
	int message_age_timer, forward_delay_timer, hold_timer;   /* 1/100 s */
} vn_br_port;

typedef struct vn_bridge {
	char *name;
	vn_br_id id, root_id;
	int stp_state, root_port, root_path_cost, topology_change, topology_change_detected;
	int max_age, hello_time, forward_delay, ageing_time;              /* 1/100 s */
	int hello_timer, tcn_timer, topology_change_timer, gc_timer;       /* 1/100 s */
	vn_br_port *ports;    /* sorted by name (strcmp), as brctl lists them */
	size_t nports;
} vn_bridge;

/* One entry of the forwarding database as brctl shows it (the kernel's struct __fdb_entry
 * in <bridge>/brforward): entries on a port only, expired ones left out. */
typedef struct vn_fdb_entry {
	uint8_t mac[6];
	unsigned port_no;        /* the full 16-bit port number */
	bool is_local;
	uint32_t ageing_timer;   /* 1/100 s since last seen; 0 for static entries */
} vn_fdb_entry;

/* One bridge by name: -EINVAL (not an interface name), -ENODEV (no such interface) or
 * -ENOTDIR (an interface, but not a bridge), each with its message in err. */
int bridge_read(vn_nl *nl, const char *name, vn_bridge *out, vn_err *err);
/* Every bridge, sorted by name like `brctl show`; free with bridge_list_free(). */
int bridge_read_all(vn_nl *nl, vn_bridge **out, size_t *n, vn_err *err);
void bridge_clear(vn_bridge *b);
void bridge_list_free(vn_bridge *v, size_t n);
/* The bridge's forwarding database, in the kernel's order; free(*out). */
int bridge_read_fdb(vn_nl *nl, const char *name, vn_fdb_entry **out, size_t *n, vn_err *err);

/* The pure halves of the above, for links and entries already dumped (tests feed captured
 * messages): bridge `br` with its ports (the links whose master it is, sorted by name) ... */
int bridge_from_links(const vn_nl_brlink *br, const vn_nl_brlink *links, size_t n, vn_bridge *out);
/* ... and the entries brctl would list from the kernel's: on a port of the bridge (whose
 * port number `ports` gives), not expired (NUD_STALE); local is NUD_PERMANENT, and only
 * entries neither local nor static (NUD_NOARP) have an ageing timer (ndm_updated, the
 * same jiffies - updated as brforward's, in clock_t). */
int bridge_fdb_from_nl(const vn_nl_brlink *br, const vn_nl_brlink *ports, size_t nports,
		       const vn_nl_fdb *v, size_t n, vn_fdb_entry **out, size_t *count);

/* Formatting (bridge_format.c): no I/O, the text appended to b. */
void bridge_format_id(vn_buf *b, const vn_br_id *id);
/* `brctl show`: its header (only when there is a bridge), then one block per bridge. */
void bridge_format_show(vn_buf *b, const vn_bridge *v, size_t n);
/* [{"bridge", "id", "stp", "interfaces": [...]}] */
void bridge_format_show_json(vn_json *j, const vn_bridge *v, size_t n);
/* `brctl showmacs`: entries sorted by MAC like brctl (equal MACs keep their order). */
void bridge_format_showmacs(vn_buf *b, const vn_fdb_entry *v, size_t n);
/* The same as [{"port", "mac", "local", "ageing_timer_cs"}] (the timer in 1/100 s) */
void bridge_format_showmacs_json(vn_json *j, const vn_fdb_entry *v, size_t n);
/* `brctl showstp`: the bridge, then each port. */
void bridge_format_showstp(vn_buf *b, const vn_bridge *br);
/* The same facts as one object: IDs as brctl writes them, timers in 1/100 s (keys ending in
 * _cs), flags as booleans, "ports": [...] */
void bridge_format_showstp_json(vn_json *j, const vn_bridge *br);
