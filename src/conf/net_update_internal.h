/* net_update_internal.h - what the files of net_update share */
#pragma once
#include <libxml/tree.h>

#include "conf/net_update.h"

typedef struct upd_ctx {
	vn_network *d;          /* the copy being changed */
	const vn_upd_req *q;
	xmlNodePtr node;        /* the element given */
	vn_err *err;
} upd_ctx;

/* The element must be <name> */
int upd_element_is(const upd_ctx *c, const char *name);
bool upd_is_add(const upd_ctx *c);
/* Where an added element goes: first or last of n */
size_t upd_insert_at(const upd_ctx *c, size_t n);
/* Arrays of elements: one inserted at `at` (copied in), one removed (not cleared) */
int upd_insert(void *arrp, size_t *n, size_t size, size_t at, const void *elem);
void upd_remove(void *arr, size_t *n, size_t size, size_t at);
/* Both valid and the same address (libvirt's virSocketAddrEqual) */
bool upd_same_ip(const vn_addr *a, const vn_addr *b);

int upd_dhcp_host(upd_ctx *c);
int upd_dhcp_range(upd_ctx *c);
int upd_dns_host(upd_ctx *c);
int upd_dns_txt(upd_ctx *c);
int upd_dns_srv(upd_ctx *c);
int upd_forward_interface(upd_ctx *c);
int upd_portgroup(upd_ctx *c);
