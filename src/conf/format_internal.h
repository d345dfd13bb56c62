/* format_internal.h - pieces of the network XML formatter, shared between its files */
#pragma once
#include "conf/net_def.h"
#include "util/buf.h"

/* format_parts.c: canonical <ip>, <dns> and <route>, for format_network.c */
void ip_def_format(vn_buf *b, const vn_ip_def *ip);
void dns_format(vn_buf *b, const vn_dns_def *d);
void route_format(vn_buf *b, const vn_route_def *r);
/* <virtnet:overlay>, for format_network.c */
void overlay_format(vn_buf *b, const vn_overlay *o);
