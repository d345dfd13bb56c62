/* network_xml.h - parse and format libvirt network XML (pure, no host access) */
#pragma once
#include <stddef.h>

#include "conf/net_def.h"
#include "util/err.h"

#define DNSMASQ_XMLNS "http://libvirt.org/schemas/network/dnsmasq/1.0"
/* virtnet's own extensions, e.g. <dnsmasq:options virtnet:trusted='yes'> (written by define
 * --trust-dnsmasq-options, never taken from a document coming in) */
#define VIRTNET_XMLNS "urn:virtnet:network:1"
#define NET_XML_MAX_SIZE (8u << 20)

/* Parse a document; `what` names it in messages. Applies libvirt's parse-time checks. */
int net_parse(const char *data, size_t len, const char *what, vn_network **out, vn_err *err);
/* The same for a <network> element of a document read already (a journal's payload) */
struct _xmlNode;
int net_parse_node(struct _xmlNode *root, const char *what, vn_network **out, vn_err *err);

enum { NET_FORMAT_INACTIVE = 1u << 0 };
/* libvirt's canonical formatter output; NULL only when out of memory. */
char *net_format(const vn_network *n, unsigned flags);
