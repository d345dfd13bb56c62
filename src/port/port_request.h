/* port_request.h - port-create's and port-delete's decisions: from what a user asked for
 * to ports made on a network, or deleted
 *
 * A request carries the user's words: option values as given and, optionally, a
 * <networkport> document. port_request_create decides the rest (the device type the
 * network allows, the MAC, the NIC a macvtap sits on, whether the reservation and the
 * UUID are free, the device name) and makes the ports. Messages name the options as
 * port-create spells them (--mac, --ip, ...). */
#pragma once
#include <stdbool.h>

#include "net/network.h"
#include "port/port.h"

typedef struct vn_port_request {
	const char *file;   /* a <networkport> document; options given as well override it */
	const char *doc;    /* its text, already read (virtnetd: sent with the request); file
	                     * then only names it in messages */
	size_t doclen;
	const char *type, *name, *mac, *netns, *peer, *ip, *inbound, *outbound, *owner, *group;
	const char *oui;    /* how to generate a MAC: xen, kvm or local */
	int domid, devid;   /* Xen naming; -1 when not given */
	int count;          /* ports to make, differing only in generated names and MACs */
	bool hvm, isolated;
} vn_port_request;

#define PORT_REQUEST_INIT { .domid = -1, .devid = -1, .count = 1 }

/* What failed, so a caller can say it the way virsh would. */
typedef enum {
	PORT_REQ_REFUSED,    /* the request: its options, their combination, the network */
	PORT_REQ_BAD_FILE,   /* reading or parsing the document */
	PORT_REQ_FAILED,     /* making a port on the host */
} vn_port_req_failure;

/* What can be refused before anything is locked or loaded (--count and what it excludes). */
int port_request_check(const vn_port_request *q, vn_err *err);
/* Make q->count ports on network o (l: every network, for unique MACs). made gets the ports
 * made, also when a later one fails; *failure says which kind of failure an error is. */
int port_request_create(vn_run *r, const vn_netlist *l, vn_netobj *o, const vn_port_request *q,
			vn_portlist *made, vn_port_req_failure *failure, vn_err *err);

/* Delete network o's ports that keys name (device names or UUIDs), or all of them. ports
 * gets the ports meant (empty when one is not found); notes names the records that could
 * not be read. */
int port_delete_request(vn_run *r, vn_netobj *o, char *const *keys, size_t nkeys, bool all,
			vn_portlist *ports, vn_port_req_failure *failure, vn_notes *notes,
			vn_err *err);
