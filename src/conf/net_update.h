/* net_update.h - libvirt's net-update on a definition (pure): one element of a section
 * added, deleted or modified, with libvirt's rules for what matches, what is a duplicate,
 * and which <ip> a DHCP change goes to (virNetworkDefUpdateSection is the reference) */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/net_def.h"
#include "util/err.h"

/* virsh's names; "add" is add-last */
typedef enum {
	UPD_NONE = 0,
	UPD_MODIFY,
	UPD_DELETE,
	UPD_ADD_LAST,
	UPD_ADD_FIRST,
	UPD__COUNT
} vn_upd_cmd;

typedef enum {
	UPD_SEC_NONE = 0,
	UPD_SEC_BRIDGE,
	UPD_SEC_DOMAIN,
	UPD_SEC_IP,
	UPD_SEC_IP_DHCP_HOST,
	UPD_SEC_IP_DHCP_RANGE,
	UPD_SEC_FORWARD,
	UPD_SEC_FORWARD_INTERFACE,
	UPD_SEC_FORWARD_PF,
	UPD_SEC_PORTGROUP,
	UPD_SEC_DNS_HOST,
	UPD_SEC_DNS_TXT,
	UPD_SEC_DNS_SRV,
	UPD_SEC__COUNT
} vn_upd_section;

/* What an update changes: the running network, its definition (neither: libvirt's
 * "current", the first when it runs, else the second) */
enum { UPDATE_LIVE = 1, UPDATE_CONFIG = 2 };

const char *upd_cmd_to_string(vn_upd_cmd c);
int upd_cmd_from_string(const char *s);          /* "add" too; -1 for none or unknown */
const char *upd_section_to_string(vn_upd_section s);
int upd_section_from_string(const char *s);      /* -1 for none or unknown */
/* Whether a section can be updated (libvirt refuses bridge, domain, ip, forward, forward-pf) */
bool upd_section_supported(vn_upd_section s);
/* The commands' names ("add" first), or those of the sections that can be updated, joined
 * by sep into buf (for messages and the shell's completion) */
const char *upd_cmd_names(char *buf, size_t len, const char *sep);
const char *upd_section_names(char *buf, size_t len, const char *sep);

typedef struct vn_upd_req {
	vn_upd_cmd cmd;
	vn_upd_section section;
	int parent_index;        /* the <ip> (in document order) of a DHCP change; -1: libvirt's pick */
	const char *xml;         /* the element */
	size_t len;
	/* how many guests use a forward interface (delete refuses one in use); NULL: the
	 * definition's own count */
	unsigned (*dev_users)(const char *dev, void *ctx);
	void *ctx;
} vn_upd_req;

/* n with the request applied, as a new definition in *out (n is not changed), checked as
 * libvirt checks it: formatted and parsed again (flags: net_format's, NET_FORMAT_INACTIVE for
 * a persistent definition). */
int net_update(const vn_network *n, const vn_upd_req *q, unsigned flags, vn_network **out,
	       vn_err *err);

/* Whether the network has DHCP for IPv4 (a range or a host on an IPv4 <ip>): libvirt
 * restarts dnsmasq instead of refreshing it when a host update changes that. */
bool net_dhcp4_active(const vn_network *n);
