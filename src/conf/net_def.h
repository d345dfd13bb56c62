/* net_def.h - the network model: libvirt network XML as C structures (no side effects) */
#pragma once
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/addr.h"

typedef enum { TRI_ABSENT = 0, TRI_YES, TRI_NO } vn_tristate;

typedef enum {
	FWD_NONE = 0, FWD_NAT, FWD_ROUTE, FWD_OPEN, FWD_BRIDGE,
	FWD_PRIVATE, FWD_VEPA, FWD_PASSTHROUGH, FWD_HOSTDEV,
	FWD__COUNT
} vn_fwd_mode;

typedef enum { MTM_DEFAULT = 0, MTM_KERNEL, MTM_LIBVIRT, MTM__COUNT } vn_mac_table_manager;
typedef enum { LEASE_SECONDS = 0, LEASE_MINUTES, LEASE_HOURS, LEASE__COUNT } vn_lease_unit;
typedef enum { FWDIF_NONE = 0, FWDIF_PCI, FWDIF_NETDEV, FWDIF__COUNT } vn_fwdif_type;
typedef enum {
	PCIDRV_DEFAULT = 0,
	PCIDRV_KVM,
	PCIDRV_VFIO,
	PCIDRV_XEN,
	PCIDRV__COUNT
} vn_pci_driver;
typedef enum {
	VPORT_NONE = 0,
	VPORT_8021QBG,
	VPORT_8021QBH,
	VPORT_OPENVSWITCH,
	VPORT_MIDONET,
	VPORT__COUNT
} vn_vport_type;
typedef enum {
	VLAN_NATIVE_DEFAULT = 0,
	VLAN_NATIVE_TAGGED,
	VLAN_NATIVE_UNTAGGED,
	VLAN_NATIVE__COUNT
} vn_vlan_native;

typedef struct vn_lease_time {
	unsigned long long expiry;   /* 0 = infinite */
	vn_lease_unit unit;
} vn_lease_time;

typedef struct vn_dhcp_range {
	vn_addr start, end;
	vn_lease_time *lease;
} vn_dhcp_range;

typedef struct vn_dhcp_host {
	char *mac, *id, *name;
	vn_addr ip;
	vn_lease_time *lease;
} vn_dhcp_host;

typedef struct vn_ip_def {
	char *family;            /* as written: NULL, "ipv4" or "ipv6" */
	vn_addr address, netmask;
	unsigned prefix;
	vn_tristate local_ptr;
	vn_dhcp_range *ranges;
	size_t nranges;
	vn_dhcp_host *hosts;
	size_t nhosts;
	char *tftp_root;
	char *boot_file;
	vn_addr boot_server;
} vn_ip_def;

typedef struct vn_route_def {
	char *family;
	vn_addr address, netmask, gateway;
	unsigned prefix, metric;
	bool has_prefix, has_metric;
} vn_route_def;

typedef struct vn_dns_forwarder { char *domain; vn_addr addr; } vn_dns_forwarder;
typedef struct vn_dns_txt { char *name, *value; } vn_dns_txt;
typedef struct vn_dns_host { vn_addr ip; char **names; size_t nnames; } vn_dns_host;
typedef struct vn_dns_srv {
	char *service, *protocol, *domain, *target;
	unsigned port, priority, weight;
} vn_dns_srv;

typedef struct vn_dns_def {
	vn_tristate enable, forward_plain_names;
	vn_dns_forwarder *forwarders; size_t nforwarders;
	vn_dns_txt *txts; size_t ntxts;
	vn_dns_host *hosts; size_t nhosts;
	vn_dns_srv *srvs; size_t nsrvs;
} vn_dns_def;

typedef struct vn_bw_rate {
	unsigned long long average, peak, burst, floor;   /* kbytes/s, kbytes/s, KiB, kbytes/s */
} vn_bw_rate;

typedef struct vn_bandwidth { vn_bw_rate *in, *out; } vn_bandwidth;

typedef struct vn_vlan {
	unsigned *tags;
	size_t ntags;
	bool trunk;
	vn_vlan_native native_mode;
	unsigned native_tag;
} vn_vlan;

typedef struct vn_vport {
	vn_vport_type type;
	uint8_t manager_id, type_id_version;
	uint32_t type_id;
	uint8_t instance_id[16], interface_id[16];
	char profile_id[40];
	bool manager_id_set, type_id_set, type_id_version_set, instance_id_set, interface_id_set;
} vn_vport;

typedef struct vn_portgroup {
	char *name;
	bool is_default;
	vn_tristate trust_guest_rx_filters;
	vn_vport *vport;
	vn_bandwidth *bandwidth;
	vn_vlan vlan;
} vn_portgroup;

typedef struct vn_pci_addr { unsigned domain, bus, slot, function; } vn_pci_addr;

typedef struct vn_fwd_if {
	vn_fwdif_type type;
	char *dev;               /* FWDIF_NETDEV */
	vn_pci_addr pci;         /* FWDIF_PCI */
	unsigned connections;
} vn_fwd_if;

typedef struct vn_forward {
	vn_fwd_mode mode;
	bool managed;
	vn_pci_driver driver_name;
	char *driver_model;
	vn_fwd_if *ifs;
	size_t nifs;
	char *pf_dev;            /* at most one <pf> */
	vn_addr nat_start, nat_end;
	unsigned port_start, port_end;
	vn_tristate nat_ipv6;
} vn_forward;

/* <virtnet:overlay>: one network across several hosts (doc/overlay.md). The same definition
 * on every host; each finds itself among the peers by its own underlay address. */
typedef enum { OVL_TYPE_VXLAN = 0, OVL_TYPE__COUNT } vn_ovl_type;
typedef enum { OVL_CONTROL_STATIC = 0, OVL_CONTROL_EVPN, OVL_CONTROL__COUNT } vn_ovl_control;

#define OVL_VNI_MAX 16777215u
#define OVL_PORT_DEFAULT 4789u
#define OVL_ASN_MAX 4294967295ull

typedef struct vn_ovl_peer {
	vn_addr address;           /* its underlay address */
	bool dhcp;                 /* the network's DHCP authority */
} vn_ovl_peer;

typedef struct vn_ovl_neighbor {   /* a BGP neighbour (control='evpn') */
	vn_addr address;
	uint32_t asn;              /* 0: the overlay's own (iBGP) */
} vn_ovl_neighbor;

typedef struct vn_overlay {
	vn_ovl_type type;
	uint32_t vni;              /* 1..OVL_VNI_MAX */
	vn_ovl_control control;
	char *dev;                 /* the underlay device (VT_IFNAME); NULL: the one holding
				    * this host's peer address */
	unsigned port;             /* UDP port; 0: OVL_PORT_DEFAULT */
	uint32_t asn;              /* control='evpn': this network's AS number */
	vn_ovl_peer *peers; size_t npeers;
	vn_ovl_neighbor *neighbors; size_t nneighbors;
} vn_overlay;

typedef struct vn_network {
	char *name;
	uint8_t uuid[16];
	bool uuid_specified;
	char *title, *description;
	xmlDocPtr metadata_doc;  /* owns a copy of <metadata>, root is the element */
	bool ipv6nogw;
	vn_tristate trust_guest_rx_filters;
	vn_forward forward;
	char *bridge, *bridge_zone;
	bool stp;
	unsigned long delay;
	vn_mac_table_manager mac_table_manager;
	unsigned mtu;
	vn_mac mac;
	bool mac_specified;
	char *domain;
	vn_tristate domain_local_only, domain_register;
	vn_dns_def dns;
	vn_vlan vlan;
	vn_bandwidth *bandwidth;
	vn_tristate isolated_port;
	vn_ip_def *ips; size_t nips;
	vn_route_def *routes; size_t nroutes;
	vn_vport *vport;
	vn_portgroup *portgroups; size_t nportgroups;
	char **dnsmasq_options; size_t ndnsmasq_options;
	/* the admin trusted them at define (conf/dnsmasq_options.h) */
	bool dnsmasq_options_trusted;
	vn_overlay *overlay;     /* NULL: a network of this host alone */
	unsigned connections;
} vn_network;

void net_free(vn_network *n);
void bandwidth_free(vn_bandwidth *b);
void vlan_clear(vn_vlan *v);
/* What one element owns; the element is left zeroed */
void dhcp_host_clear(vn_dhcp_host *h);
void dns_host_clear(vn_dns_host *h);
void dns_txt_clear(vn_dns_txt *t);
void dns_srv_clear(vn_dns_srv *s);
void portgroup_clear(vn_portgroup *pg);
void overlay_free(vn_overlay *o);

/* Enum <-> string tables (NULL / -1 when out of range or unknown). */
const char *fwd_mode_to_string(vn_fwd_mode m);
int fwd_mode_from_string(const char *s);
const char *mac_table_manager_to_string(vn_mac_table_manager m);
int mac_table_manager_from_string(const char *s);
const char *lease_unit_to_string(vn_lease_unit u);
int lease_unit_from_string(const char *s);
const char *fwdif_type_to_string(vn_fwdif_type t);
int fwdif_type_from_string(const char *s);
const char *pci_driver_to_string(vn_pci_driver d);
int pci_driver_from_string(const char *s);
const char *vport_type_to_string(vn_vport_type t);
int vport_type_from_string(const char *s);
const char *vlan_native_to_string(vn_vlan_native m);
int vlan_native_from_string(const char *s);
const char *ovl_type_to_string(vn_ovl_type t);
int ovl_type_from_string(const char *s);
const char *ovl_control_to_string(vn_ovl_control c);
int ovl_control_from_string(const char *s);
const char *tristate_to_string(vn_tristate t);   /* "yes"/"no"/NULL */
int tristate_from_string(const char *s);           /* only "yes"/"no" */

/* Helpers the rest of the program uses on the model. */
int ip_def_prefix(const vn_ip_def *ip);                   /* -1 if unusable */
bool net_has_bridge(const vn_network *n);                 /* nat/route/open/isolated */
const char *net_forward_dev(const vn_network *n, size_t idx);
