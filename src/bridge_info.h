/* bridge_info.h - what brctl shows about Linux bridges: read from sysfs (bridge_info.c),
 * formatted exactly as brctl formats it (bridge_format.c, pure)
 *
 * Values are kept as brctl reads them, so the formatter can reproduce its output byte for
 * byte: integers follow scanf's %i (hex with 0x), 0 when the file is missing and -1 when it
 * does not parse; timers are in the kernel's clock ticks (1/100 s). `sysfs` is where sysfs
 * is mounted (VN_SYSFS); tests point it at a fake tree. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#define VN_SYSFS "/sys"

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

/* One record of <bridge>/brforward (the kernel's struct __fdb_entry), in the kernel's order. */
typedef struct vn_fdb_entry {
	uint8_t mac[6];
	unsigned port_no;        /* the full 16-bit port number */
	bool is_local;
	uint32_t ageing_timer;   /* 1/100 s since last seen; 0 for static entries */
} vn_fdb_entry;

enum {
	BRIDGE_READ_PORT_DETAILS = 1 << 0,   /* the STP state of each port, not only its name */
};

/* One bridge by name: -EINVAL (not an interface name), -ENODEV (no such interface) or
 * -ENOTDIR (an interface, but not a bridge), each with its message in err. */
int bridge_read(const char *sysfs, const char *name, unsigned flags, vn_bridge *out, vn_err *err);
/* Every bridge, sorted by name like `brctl show`; free with bridge_list_free(). */
int bridge_read_all(const char *sysfs, unsigned flags, vn_bridge **out, size_t *n, vn_err *err);
void bridge_clear(vn_bridge *b);
void bridge_list_free(vn_bridge *v, size_t n);
/* The bridge's forwarding database; free(*out). */
int bridge_read_fdb(const char *sysfs, const char *name, vn_fdb_entry **out, size_t *n, vn_err *err);

/* Formatting (bridge_format.c): no I/O, the text appended to b. */
void bridge_format_id(vn_buf *b, const vn_br_id *id);
/* `brctl show`: its header (only when there is a bridge), then one block per bridge. */
void bridge_format_show(vn_buf *b, const vn_bridge *v, size_t n);
/* [{"bridge", "id", "stp", "interfaces": [...]}] */
void bridge_format_show_json(vn_json *j, const vn_bridge *v, size_t n);
/* `brctl showmacs`: entries sorted by MAC like brctl (equal MACs keep their order). */
void bridge_format_showmacs(vn_buf *b, const vn_fdb_entry *v, size_t n);
/* `brctl showstp`: the bridge, then each port (read with BRIDGE_READ_PORT_DETAILS). */
void bridge_format_showstp(vn_buf *b, const vn_bridge *br);
