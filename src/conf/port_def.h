/* port_def.h - a guest port: libvirt's <networkport> plus how we realise it on the host */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf/net_def.h"
#include "util/err.h"

typedef enum {
	PLUG_NONE = 0,
	PLUG_NETWORK,
	PLUG_BRIDGE,
	PLUG_DIRECT,
	PLUG_HOSTDEV_PCI,
	PLUG__COUNT
} vn_plug_type;
/* external: a device someone else made (a Xen vif from netback), adopted: never deleted by us */
typedef enum {
	PORTDEV_TAP = 0,
	PORTDEV_VETH,
	PORTDEV_MACVTAP,
	PORTDEV_MACVLAN,
	PORTDEV_EXTERNAL,
	PORTDEV__COUNT
} vn_portdev_type;

typedef struct vn_port {
	/* libvirt's <networkport> */
	uint8_t uuid[16];
	char *owner_name;
	uint8_t owner_uuid[16];
	bool has_owner;
	char *group;
	vn_mac mac;
	bool mac_known; /* false until learned (QEMU's bridge helper does not tell it) */
	vn_vport *vport;
	vn_bandwidth *bandwidth;
	unsigned class_id;
	vn_vlan vlan;
	vn_tristate isolated;
	vn_tristate trust_guest_rx_filters;
	vn_plug_type plug;
	char *plug_bridge;           /* PLUG_NETWORK / PLUG_BRIDGE */
	vn_mac_table_manager plug_mtm;
	char *plug_dev;              /* PLUG_DIRECT */
	char *plug_mode;
	/* ours: the host side */
	char *network;               /* the network's name */
	vn_portdev_type type;
	char ifname[16];             /* host side device */
	char peer_name[16];          /* veth: guest side name */
	char *netns;                 /* veth: where the guest side went */
	int domid, devid;            /* Xen naming, -1 when unused */
	bool hvm;                    /* Xen HVM tap: "-emu" suffix */
	bool uid_set, gid_set;
	uid_t uid;                   /* tap owner */
	gid_t gid;
	vn_addr ip;                  /* static DHCP reservation (IPv4 or IPv6), unset when none */
} vn_port;

vn_port *port_new(void);   /* zeroed, domid/devid -1 */
void port_free(vn_port *p);
const char *plug_type_to_string(vn_plug_type t);
int plug_type_from_string(const char *s);
const char *portdev_type_to_string(vn_portdev_type t);
int portdev_type_from_string(const char *s);

/* libvirt's <networkport> document (uuid generated when absent, owner optional for ours). */
int port_parse(const char *xml, size_t len, const char *what, vn_port **out, vn_err *err);
/* libvirt's canonical <networkport> output. */
char *port_format(const vn_port *p);
/* Our record: <portstatus> with the host side and the <networkport> inside. */
char *port_status_format(const vn_port *p);
int port_status_parse(const char *xml, size_t len, const char *what, vn_port **out, vn_err *err);
