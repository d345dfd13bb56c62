/* parse_network.c - the <network> element: identity, bridge, sub-elements, mode checks */
#include <errno.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "conf/netdev_xml.h"
#include "conf/network_xml.h"
#include "conf/parse_internal.h"
#include "conf/xml.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/str.h"

static int identity_parse(xmlNodePtr root, vn_network *n, vn_err *err)
{
	_cleanup_free_ char *uuid = xml_text_nonempty(xml_child(root, "uuid"));
	_cleanup_free_ char *ipv6 = xml_prop_nonempty(root, "ipv6");
	int r;

	n->name = xml_text_nonempty(xml_child(root, "name"));
	if (!n->name)
		return vn_err_set(err, EINVAL, "missing <name> in network definition");
	if (strchr(n->name, '/'))
		return vn_err_set(err, EINVAL, "invalid char in name: /");
	if (uuid && uuid_parse(uuid, n->uuid) < 0)
		return vn_err_set(err, EINVAL, "malformed uuid element '%s' in network '%s'", uuid,
				  n->name);
	if (!uuid) {
		r = uuid_generate(n->uuid);
		if (r < 0)
			return vn_err_set(err, -r, "Failed to generate UUID");
	}
	n->uuid_specified = uuid != NULL;
	n->title = xml_text_nonempty(xml_child(root, "title"));
	if (n->title && strchr(n->title, '\n'))
		return vn_err_set(err, EINVAL, "Network title can't contain newlines");
	n->description = xml_text_nonempty(xml_child(root, "description"));
	if (ipv6) {
		if (!streq(ipv6, "yes") && !streq(ipv6, "no"))
			return vn_err_set(err, EINVAL, "Invalid ipv6 setting '%s' in network '%s'",
					  ipv6, n->name);
		n->ipv6nogw = streq(ipv6, "yes");
	}
	return xml_prop_tristate(root, "trustGuestRxFilters", &n->trust_guest_rx_filters, err) < 0
		       ? -EINVAL
		       : 0;
}

static int domain_parse(xmlNodePtr root, vn_network *n, vn_err *err)
{
	xmlNodePtr d = xml_child(root, "domain");

	if (!d)
		return 0;
	n->domain = xml_prop(d, "name");
	if (vt_check(VT_DNS_NAME, n->domain, err, "network '%s': <domain name>", n->name) < 0)
		return -EINVAL;
	if (xml_prop_tristate(d, "localOnly", &n->domain_local_only, err) < 0)
		return -EINVAL;
	if (xml_prop_tristate(d, "register", &n->domain_register, err) < 0)
		return -EINVAL;
	if (n->domain_register == TRI_YES && n->domain_local_only != TRI_YES)
		return vn_err_set(err, EINVAL,
				  "attribute 'register=yes' in <domain> element requires "
				  "'localOnly=yes' in network %s",
				  n->name);
	return 0;
}

/* Returns whether stp was written (libvirt refuses it in some modes). */
static int bridge_parse(xmlNodePtr root, vn_network *n, bool *stp_written, vn_err *err)
{
	xmlNodePtr br = xml_child(root, "bridge");
	_cleanup_free_ char *stp = xml_prop_nonempty(br, "stp"),
			    *delay = xml_prop_nonempty(br, "delay");
	_cleanup_free_ char *mtm = xml_prop_nonempty(br, "macTableManager");

	n->bridge = xml_prop_nonempty(br, "name");
	if (vt_check(VT_IFNAME_TEMPLATE, n->bridge, err, "network '%s': <bridge name>",
		     n->name) < 0)
		return -EINVAL;
	n->bridge_zone = xml_prop_nonempty(br, "zone");
	n->stp = !streq(stp, "off");
	*stp_written = stp != NULL;
	if (delay && str_to_ulong(delay, 10, &n->delay) < 0)
		return vn_err_set(err, EINVAL, "Invalid delay value '%s' in network '%s'", delay,
				  n->name);
	if (mtm) {
		int m = mac_table_manager_from_string(mtm);
		if (m <= 0)
			return vn_err_set(err, EINVAL,
					  "Invalid macTableManager setting '%s' in network '%s'",
					  mtm, n->name);
		n->mac_table_manager = (vn_mac_table_manager)m;
	}
	return 0;
}

static int mac_mtu_parse(xmlNodePtr root, vn_network *n, vn_err *err)
{
	_cleanup_free_ char *mac = xml_prop_nonempty(xml_child(root, "mac"), "address");
	_cleanup_free_ char *mtu = xml_prop_nonempty(xml_child(root, "mtu"), "size");

	if (mac) {
		if (mac_parse_libvirt(mac, &n->mac) < 0)
			return vn_err_set(err, EINVAL,
					  "Invalid bridge mac address '%s' in network '%s'", mac,
					  n->name);
		if (mac_is_multicast(&n->mac))
			return vn_err_set(err, EINVAL,
					  "Invalid multicast bridge mac address '%s' in network "
					  "'%s'",
					  mac, n->name);
		n->mac_specified = true;
	}
	if (mtu && str_to_uint(mtu, 10, &n->mtu) < 0)
		return vn_err_set(err, EINVAL, "Invalid mtu size '%s' in network '%s'", mtu,
				  n->name);
	return 0;
}

static int netdev_parts_parse(xmlNodePtr root, vn_network *n, vn_err *err)
{
	xmlNodePtr x;
	int r;

	x = xml_child(root, "bandwidth");
	if (x) {
		r = bandwidth_parse(x, false, NULL, &n->bandwidth, err);
		if (r < 0)
			return r;
	}
	x = xml_child(root, "vlan");
	if (x) {
		r = vlan_parse(x, &n->vlan, err);
		if (r < 0)
			return r;
	}
	r = xml_prop_tristate(xml_child(root, "port"), "isolated", &n->isolated_port, err);
	if (r < 0)
		return r;
	return 0;
}

static int metadata_parse(xmlNodePtr root, vn_network *n)
{
	xmlNodePtr md = xml_child(root, "metadata");
	xmlDocPtr doc;
	xmlNodePtr copy;

	if (!md)
		return 0;
	doc = xmlNewDoc(BAD_CAST "1.0");
	if (!doc)
		return -ENOMEM;
	copy = xmlDocCopyNode(md, doc, 1);
	if (!copy) {
		xmlFreeDoc(doc);
		return -ENOMEM;
	}
	xmlDocSetRootElement(doc, copy);
	/* libvirt keeps one element per namespace and drops elements without one */
	for (xmlNodePtr c = copy->children, next; c; c = next) {
		next = c->next;
		bool drop = !c->ns || !c->ns->href;
		for (xmlNodePtr p = copy->children; !drop && p != c; p = p->next)
			drop = p->ns && p->ns->href &&
			       streq((const char *)p->ns->href, (const char *)c->ns->href);
		if (drop) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	n->metadata_doc = doc;
	return 0;
}

static bool is_dnsmasq(xmlNodePtr c, const char *name)
{
	return c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
	       streq((const char *)c->ns->href, DNSMASQ_XMLNS) &&
	       streq((const char *)c->name, name);
}

static int dnsmasq_options_parse(xmlNodePtr root, vn_network *n, vn_err *err)
{
	for (xmlNodePtr o = root->children; o; o = o->next) {
		if (!is_dnsmasq(o, "options"))
			continue;
		xmlChar *trusted = xmlGetNsProp(o, BAD_CAST "trusted", BAD_CAST VIRTNET_XMLNS);
		n->dnsmasq_options_trusted |= trusted && streq((const char *)trusted, "yes");
		xmlFree(trusted);
		for (xmlNodePtr c = o->children; c; c = c->next) {
			if (!is_dnsmasq(c, "option"))
				continue;
			char *v = xml_prop(c, "value");
			if (!v)
				return vn_err_set(err, EINVAL,
						  "No dnsmasq options value specified in network "
						  "'%s'",
						  n->name);
			if (vt_check(VT_DNSMASQ_OPTION, v, err,
				     "network '%s': <dnsmasq:option value>", n->name) < 0) {
				free(v);
				return -EINVAL;
			}
			if (strv_push(&n->dnsmasq_options, &n->ndnsmasq_options, v) < 0) {
				free(v);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

/* r, and the line of x when the failure has none yet (for an editor that shows it) */
static int at_node(int r, xmlNodePtr x, vn_err *err)
{
	if (r < 0 && err && !err->line)
		err->line = (int)xmlGetLineNo(x);
	return r;
}

static int lists_parse(xmlNodePtr root, vn_network *n, vn_err *err)
{
	xmlNodePtr x;
	int r;

	x = xml_child(root, "dns");
	if (x) {
		r = at_node(dns_parse(n->name, x, &n->dns, err), x, err);
		if (r < 0)
			return r;
	}
	x = xml_child(root, "virtualport");
	if (x) {
		r = at_node(vport_parse(x, VPORT_REQUIRE_TYPE, &n->vport, err), x, err);
		if (r < 0)
			return r;
	}
	r = PARSE_CHILDREN(root, "portgroup", n->portgroups, n->nportgroups, sizeof(vn_portgroup),
			   portgroup_parse(_node, _elem, err));
	if (r == 0)
		r = PARSE_CHILDREN(root, "ip", n->ips, n->nips, sizeof(vn_ip_def),
				   ip_def_parse(n->name, _node, _elem, err));
	if (r == 0)
		r = PARSE_CHILDREN(root, "route", n->routes, n->nroutes, sizeof(vn_route_def),
				   route_parse(n->name, _node, _elem, err));
	if (r == 0)
		r = routes_check_gateways(n, err);
	return r;
}

static int network_parse_root(xmlNodePtr root, vn_network *n, vn_err *err)
{
	bool stp_written = false;
	xmlNodePtr fwd;
	int r;

	r = identity_parse(root, n, err);
	if (r < 0)
		return r;
	r = domain_parse(root, n, err);
	if (r < 0)
		return r;
	r = netdev_parts_parse(root, n, err);
	if (r < 0)
		return r;
	r = bridge_parse(root, n, &stp_written, err);
	if (r < 0)
		return r;
	r = mac_mtu_parse(root, n, err);
	if (r < 0)
		return r;
	r = lists_parse(root, n, err);
	if (r < 0)
		return r;
	fwd = xml_child(root, "forward");
	if (fwd) {
		r = at_node(forward_parse(n->name, fwd, &n->forward, err), fwd, err);
		if (r < 0)
			return r;
	}
	r = net_check_mode(n, stp_written, err);
	if (r < 0)
		return r;
	r = metadata_parse(root, n);
	if (r < 0)
		return r;
	r = overlay_parse(n->name, root, &n->overlay, err);
	if (r < 0)
		return r;
	if (n->overlay && !stp_written)
		n->stp = false;   /* every host's bridge has the same MAC (check_overlay.c) */
	return dnsmasq_options_parse(root, n, err);
}

int net_parse_node(struct _xmlNode *root, const char *what, vn_network **out, vn_err *err)
{
	vn_network *n;
	int r;

	if (strcmp((const char *)root->name, "network") != 0)
		return vn_err_set(err, EINVAL, "%s: expecting root element of 'network', not '%s'",
				  what, (const char *)root->name);
	n = calloc(1, sizeof(*n));
	if (!n)
		return vn_err_set(err, ENOMEM, "out of memory");
	r = network_parse_root(root, n, err);
	if (r < 0) {
		if (r == -ENOMEM)
			vn_err_set(err, ENOMEM, "out of memory parsing %s", what);
		net_free(n);
		return r;
	}
	*out = n;
	return 0;
}

int net_parse(const char *data, size_t len, const char *what, vn_network **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	int r;

	if (len > NET_XML_MAX_SIZE)
		return vn_err_set(err, EFBIG,
				  "%s is larger than %u MiB; a network definition cannot be that "
				  "big",
				  what, NET_XML_MAX_SIZE >> 20);
	r = xml_read(data, len, what, "network", &doc, err);
	if (r < 0)
		return r;
	r = net_parse_node(xmlDocGetRootElement(doc), what, out, err);
	xmlFreeDoc(doc);
	return r;
}
