/* parse_internal.h - pieces of the network XML parser, shared between its files */
#pragma once
#include <libxml/tree.h>

#include "conf/net_def.h"
#include "util/err.h"

int ip_def_parse(const char *net, xmlNodePtr node, vn_ip_def *ip, vn_err *err);
int route_parse(const char *net, xmlNodePtr node, vn_route_def *rt, vn_err *err);
int routes_check_gateways(const vn_network *n, vn_err *err);
int dns_parse(const char *net, xmlNodePtr node, vn_dns_def *dns, vn_err *err);
int forward_parse(const char *net, xmlNodePtr node, vn_forward *fwd, vn_err *err);
int lease_parse(xmlNodePtr node, vn_lease_time **out, vn_err *err);
/* One element of a definition; partial: as libvirt's update reads one to find a match by
 * (only some of what a definition requires). */
int dhcp_host_parse(const char *net, const vn_ip_def *ip, xmlNodePtr node, vn_dhcp_host *h,
		    bool partial, vn_err *err);
int dhcp_range_parse(const char *net, const vn_ip_def *ip, xmlNodePtr node, vn_dhcp_range *rg,
		     vn_err *err);
int dns_host_parse(const char *net, xmlNodePtr node, vn_dns_host *h, bool partial, vn_err *err);
int dns_srv_parse(const char *net, xmlNodePtr node, vn_dns_srv *s, bool partial, vn_err *err);
int dns_txt_parse(const char *net, xmlNodePtr node, vn_dns_txt *t, bool partial, vn_err *err);
/* parse_overlay.c: <virtnet:overlay>, if any (*out stays NULL without one). */
int overlay_parse(const char *net, xmlNodePtr root, vn_overlay **out, vn_err *err);
/* check_mode.c: libvirt's parse-time checks of what depends on the forward mode. */
int net_check_mode(const vn_network *n, bool stp_written, vn_err *err);

/* Parse a list of child elements into a freshly allocated array.
 * The element parser must leave *elem cleared-or-owned on failure. */
#define PARSE_CHILDREN(parent, ename, arr, count, elemsize, body)                          \
	({                                                                                  \
		xmlNodePtr *_nodes = NULL;                                                  \
		int _n = xml_children((parent), (ename), &_nodes), _r = _n < 0 ? _n : 0;    \
		if (_n > 0) {                                                               \
			(arr) = calloc((size_t)_n, (elemsize));                             \
			if (!(arr))                                                         \
				_r = -ENOMEM;                                               \
		}                                                                           \
		for (int _i = 0; _r == 0 && _i < _n; _i++) {                                \
			xmlNodePtr _node = _nodes[_i];                                      \
			__typeof__(&(arr)[0]) _elem = &(arr)[_i];                           \
			(count)++;                                                          \
			_r = (body);                                                        \
			if (_r < 0 && err && !err->line)   /* where it is, for an editor */  \
				err->line = (int)xmlGetLineNo(_node);                       \
		}                                                                           \
		free(_nodes);                                                               \
		_r;                                                                         \
	})
