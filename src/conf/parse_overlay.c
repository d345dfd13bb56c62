/* parse_overlay.c - <virtnet:overlay>: the VXLAN segment a network spans across hosts, its
 * peers and its control plane (parse-time checks: each value of its type; contradictions
 * between values are check_overlay.c's) */
#include <errno.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "conf/network_xml.h"
#include "conf/parse_internal.h"
#include "conf/xml.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/str.h"

static bool is_virtnet(xmlNodePtr c)
{
	return c->type == XML_ELEMENT_NODE && c->ns && c->ns->href &&
	       streq((const char *)c->ns->href, VIRTNET_XMLNS);
}

static bool is_virtnet_named(xmlNodePtr c, const char *name)
{
	return is_virtnet(c) && streq((const char *)c->name, name);
}

/* A number in [lo, hi]; 0 when absent, 1 when read. */
static int ull_in(const char *net, xmlNodePtr node, const char *attr, unsigned long long lo,
		  unsigned long long hi, unsigned long long *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(node, attr);

	if (!v)
		return 0;
	if (str_to_ull(v, 10, out) < 0 || *out < lo || *out > hi)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:%s %s='%s'> is not a number from %llu to "
				  "%llu",
				  net, (const char *)node->name, attr, v, lo, hi);
	return 1;
}

static int address_parse(const char *net, xmlNodePtr node, vn_addr *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(node, "address");

	if (!v)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:%s> needs an address='...' (an underlay "
				  "IPv4 or IPv6 address)",
				  net, (const char *)node->name);
	if (addr_parse(v, 0, out) < 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:%s address='%s'> is not an IPv4 or IPv6 "
				  "address",
				  net, (const char *)node->name, v);
	return 0;
}

static int peer_parse(const char *net, xmlNodePtr node, vn_ovl_peer *p, vn_err *err)
{
	vn_tristate dhcp = TRI_ABSENT;

	if (address_parse(net, node, &p->address, err) < 0)
		return -EINVAL;
	if (xml_prop_tristate(node, "dhcp", &dhcp, err) < 0)
		return -EINVAL;
	p->dhcp = dhcp == TRI_YES;
	return 0;
}

static int neighbor_parse(const char *net, xmlNodePtr node, vn_ovl_neighbor *nb, vn_err *err)
{
	unsigned long long asn = 0;

	if (address_parse(net, node, &nb->address, err) < 0)
		return -EINVAL;
	if (ull_in(net, node, "asn", 1, OVL_ASN_MAX, &asn, err) < 0)
		return -EINVAL;
	nb->asn = (uint32_t)asn;
	return 0;
}

static int grow(void **v, size_t n, size_t size)
{
	void *nv = realloc(*v, (n + 1) * size);

	if (!nv)
		return -ENOMEM;
	*v = nv;
	memset((char *)nv + n * size, 0, size);
	return 0;
}

static int child_parse(const char *net, xmlNodePtr c, vn_overlay *o, vn_err *err)
{
	if (is_virtnet_named(c, "peer")) {
		if (grow((void **)&o->peers, o->npeers, sizeof(*o->peers)) < 0)
			return -ENOMEM;
		return peer_parse(net, c, &o->peers[o->npeers++], err);
	}
	if (is_virtnet_named(c, "neighbor")) {
		if (grow((void **)&o->neighbors, o->nneighbors, sizeof(*o->neighbors)) < 0)
			return -ENOMEM;
		return neighbor_parse(net, c, &o->neighbors[o->nneighbors++], err);
	}
	if (c->type != XML_ELEMENT_NODE)
		return 0;
	return vn_err_set(err, EINVAL,
			  "network '%s': <virtnet:overlay> holds <%s%s%s>; it holds only "
			  "<virtnet:peer> and <virtnet:neighbor>",
			  net, c->ns && c->ns->prefix ? (const char *)c->ns->prefix : "",
			  c->ns && c->ns->prefix ? ":" : "", (const char *)c->name);
}

static int kind_parse(const char *net, xmlNodePtr node, vn_overlay *o, vn_err *err)
{
	_cleanup_free_ char *type = xml_prop(node, "type"), *control = xml_prop(node, "control");
	int t = type ? ovl_type_from_string(type) : -1;
	int c = control ? ovl_control_from_string(control) : OVL_CONTROL_STATIC;

	if (t < 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:overlay type='%s'> is not a known overlay; "
				  "write type='vxlan'",
				  net, type ? type : "");
	if (c < 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:overlay control='%s'> is unknown; write "
				  "control='static' (a list of peers) or control='evpn' (BGP EVPN "
				  "through FRR)",
				  net, control);
	o->type = (vn_ovl_type)t;
	o->control = (vn_ovl_control)c;
	return 0;
}

static int numbers_parse(const char *net, xmlNodePtr node, vn_overlay *o, vn_err *err)
{
	unsigned long long vni = 0, port = 0, asn = 0;
	int r = ull_in(net, node, "vni", 1, OVL_VNI_MAX, &vni, err);

	if (r == 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': <virtnet:overlay> needs vni='...' (the VXLAN "
				  "network identifier, 1 to %u, the same on every host)",
				  net, OVL_VNI_MAX);
	if (r < 0 || ull_in(net, node, "port", 1, 65535, &port, err) < 0 ||
	    ull_in(net, node, "asn", 1, OVL_ASN_MAX, &asn, err) < 0)
		return -EINVAL;
	o->vni = (uint32_t)vni;
	o->port = (unsigned)port;
	o->asn = (uint32_t)asn;
	return 0;
}

static int overlay_parse_one(const char *net, xmlNodePtr node, vn_overlay *o, vn_err *err)
{
	int r = kind_parse(net, node, o, err);

	if (r == 0)
		r = numbers_parse(net, node, o, err);
	if (r < 0)
		return r;
	o->dev = xml_prop(node, "dev");
	if (o->dev && vt_check(VT_IFNAME, o->dev, err, "network '%s': <virtnet:overlay dev>",
			       net) < 0)
		return -EINVAL;
	for (xmlNodePtr c = node->children; r == 0 && c; c = c->next)
		r = child_parse(net, c, o, err);
	return r;
}

int overlay_parse(const char *net, xmlNodePtr root, vn_overlay **out, vn_err *err)
{
	xmlNodePtr node = NULL;
	vn_overlay *o;
	int r;

	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (!is_virtnet_named(c, "overlay"))
			continue;
		if (node)
			return vn_err_set(err, EINVAL,
					  "network '%s' has more than one <virtnet:overlay>; a "
					  "network spans one overlay",
					  net);
		node = c;
	}
	if (!node)
		return 0;
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	r = overlay_parse_one(net, node, o, err);
	if (r < 0) {
		overlay_free(o);
		return r;
	}
	*out = o;
	return 0;
}
