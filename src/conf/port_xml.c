/* port_xml.c - libvirt's <networkport> (parse/format) and our <portstatus> record */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/netdev_xml.h"
#include "conf/port_def.h"
#include "conf/xml.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/str.h"

static const char *const plug_names[PLUG__COUNT] = { "none", "network", "bridge", "direct",
						     "hostdev-pci" };
static const char *const portdev_names[PORTDEV__COUNT] = { "tap", "veth", "macvtap", "macvlan",
							   "external" };

ENUM_IMPL(plug_type, vn_plug_type, plug_names)
ENUM_IMPL(portdev_type, vn_portdev_type, portdev_names)

void port_free(vn_port *p)
{
	if (!p)
		return;
	free(p->owner_name);
	free(p->group);
	free(p->vport);
	bandwidth_free(p->bandwidth);
	vlan_clear(&p->vlan);
	free(p->plug_bridge);
	free(p->plug_dev);
	free(p->plug_mode);
	free(p->network);
	free(p->netns);
	free(p);
}

static int owner_parse(xmlNodePtr root, vn_port *p, vn_err *err)
{
	xmlNodePtr owner = xml_child(root, "owner");
	_cleanup_free_ char *uuid = xml_text_nonempty(xml_child(owner, "uuid"));

	if (!owner)
		return 0;
	p->owner_name = xml_text_nonempty(xml_child(owner, "name"));
	if (!p->owner_name)
		return vn_err_set(err, EINVAL, "network port has no owner name");
	if (!uuid)
		return vn_err_set(err, EINVAL, "network port has no owner UUID");
	if (uuid_parse(uuid, p->owner_uuid) < 0)
		return vn_err_set(err, EINVAL, "Unable to parse UUID '%s'", uuid);
	p->has_owner = true;
	return 0;
}

static int plug_parse(xmlNodePtr root, vn_port *p, vn_err *err)
{
	xmlNodePtr plug = xml_child(root, "plug");
	_cleanup_free_ char *mtm = NULL;
	int t = PLUG_NONE;

	if (xml_prop_enum(plug, "type", plug_type_from_string, false, &t, err) < 0)
		return -EINVAL;
	p->plug = (vn_plug_type)t;
	switch (p->plug) {
	case PLUG_NETWORK: case PLUG_BRIDGE:
		p->plug_bridge = xml_prop(plug, "bridge");
		if (!p->plug_bridge)
			return vn_err_set(err, EINVAL, "Missing network port bridge name");
		if (vt_check(VT_IFNAME, p->plug_bridge, err, "network port: <plug bridge>") < 0)
			return -EINVAL;
		mtm = xml_prop(plug, "macTableManager");
		if (mtm) {
			int m = mac_table_manager_from_string(mtm);
			if (m <= 0)
				return vn_err_set(err, EINVAL,
						  "Invalid macTableManager setting '%s' in network "
						  "port",
						  mtm);
			p->plug_mtm = (vn_mac_table_manager)m;
		}
		return 0;
	case PLUG_DIRECT:
		p->plug_dev = xml_prop(plug, "dev");
		if (!p->plug_dev)
			return vn_err_set(err, EINVAL, "Missing network port link device name");
		if (vt_check(VT_IFNAME, p->plug_dev, err, "network port: <plug dev>") < 0)
			return -EINVAL;
		p->plug_mode = xml_prop(plug, "mode");
		return 0;
	case PLUG_HOSTDEV_PCI:
		return vn_err_set(err, ENOTSUP,
				  "network ports of type hostdev-pci are not supported by virtnet");
	default:
		return 0;
	}
}

static int port_netdev_parse(xmlNodePtr root, vn_port *p, vn_err *err)
{
	xmlNodePtr n;
	int r;

	n = xml_child(root, "bandwidth");
	if (n) {
		r = bandwidth_parse(n, true, &p->class_id, &p->bandwidth, err);
		if (r < 0)
			return r;
	}
	n = xml_child(root, "vlan");
	if (n) {
		r = vlan_parse(n, &p->vlan, err);
		if (r < 0)
			return r;
	}
	r = xml_prop_tristate(xml_child(root, "port"), "isolated", &p->isolated, err);
	if (r < 0)
		return r;
	r = xml_prop_tristate(xml_child(root, "rxfilters"), "trustGuest",
			      &p->trust_guest_rx_filters, err);
	if (r < 0)
		return r;
	return plug_parse(root, p, err);
}

static int port_parse_root(xmlNodePtr root, vn_port *p, vn_err *err)
{
	_cleanup_free_ char *uuid = xml_text_nonempty(xml_child(root, "uuid"));
	_cleanup_free_ char *mac = xml_prop_nonempty(xml_child(root, "mac"), "address");
	xmlNodePtr n;
	int r;

	if (uuid && uuid_parse(uuid, p->uuid) < 0)
		return vn_err_set(err, EINVAL, "Unable to parse UUID '%s'", uuid);
	if (!uuid) {
		r = uuid_generate(p->uuid);
		if (r < 0)
			return vn_err_set(err, -r, "Failed to generate UUID");
	}
	r = owner_parse(root, p, err);
	if (r < 0)
		return r;
	p->group = xml_text_nonempty(xml_child(root, "group"));
	n = xml_child(root, "virtualport");
	if (n) {
		r = vport_parse(n, 0, &p->vport, err);
		if (r < 0)
			return r;
	}
	if (mac && (mac_parse_libvirt(mac, &p->mac) < 0 || mac_is_multicast(&p->mac)))
		return vn_err_set(err, EINVAL,
				  "Unable to parse MAC '%s' (a unicast address like "
				  "52:54:00:12:34:56)",
				  mac);
	p->mac_known = mac != NULL;
	return port_netdev_parse(root, p, err);
}

vn_port *port_new(void)
{
	vn_port *p = calloc(1, sizeof(*p));
	if (p)
		p->domid = p->devid = -1;
	return p;
}

int port_parse(const char *xml, size_t len, const char *what, vn_port **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	vn_port *p;
	int r = xml_read(xml, len, what, "networkport", &doc, err);

	if (r < 0)
		return r;
	p = port_new();
	if (!p) {
		xmlFreeDoc(doc);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = port_parse_root(xmlDocGetRootElement(doc), p, err);
	xmlFreeDoc(doc);
	if (r < 0) {
		port_free(p);
		return r;
	}
	*out = p;
	return 0;
}

static void plug_format(vn_buf *b, const vn_port *p)
{
	if (p->plug == PLUG_NONE)
		return;
	buf_printf(b, "<plug type='%s'", plug_type_to_string(p->plug));
	if (p->plug == PLUG_NETWORK || p->plug == PLUG_BRIDGE) {
		buf_escape(b, " bridge='%s'", p->plug_bridge);
		if (p->plug_mtm)
			buf_printf(b, " macTableManager='%s'",
				   mac_table_manager_to_string(p->plug_mtm));
	} else if (p->plug == PLUG_DIRECT) {
		buf_escape(b, " dev='%s'", p->plug_dev);
		buf_escape(b, " mode='%s'", p->plug_mode ? p->plug_mode : "vepa");
	}
	buf_add(b, "/>\n");
}

static void port_format_buf(vn_buf *b, const vn_port *p)
{
	char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN];

	buf_add(b, "<networkport>\n");
	buf_indent(b, 2);
	buf_printf(b, "<uuid>%s</uuid>\n", uuid_format(p->uuid, u));
	if (p->has_owner) {
		buf_add(b, "<owner>\n");
		buf_indent(b, 2);
		buf_escape(b, "<name>%s</name>\n", p->owner_name);
		buf_printf(b, "<uuid>%s</uuid>\n", uuid_format(p->owner_uuid, u));
		buf_indent(b, -2);
		buf_add(b, "</owner>\n");
	}
	buf_escape(b, "<group>%s</group>\n", p->group);
	if (p->mac_known)
		buf_printf(b, "<mac address='%s'/>\n", mac_format(&p->mac, m));
	vport_format(b, p->vport);
	bandwidth_format(b, p->bandwidth, p->class_id);
	vlan_format(b, &p->vlan);
	if (p->isolated)
		buf_printf(b, "<port isolated='%s'/>\n", tristate_to_string(p->isolated));
	if (p->trust_guest_rx_filters)
		buf_printf(b, "<rxfilters trustGuest='%s'/>\n",
			   tristate_to_string(p->trust_guest_rx_filters));
	plug_format(b, p);
	buf_indent(b, -2);
	buf_add(b, "</networkport>\n");
}

char *port_format(const vn_port *p)
{
	vn_buf b = {0};
	port_format_buf(&b, p);
	return buf_steal(&b);
}

static void device_format(vn_buf *b, const vn_port *p)
{
	char a[VN_ADDR_STRLEN];

	buf_escape(b, "<device network='%s'", p->network);
	buf_printf(b, " type='%s'", portdev_type_to_string(p->type));
	buf_escape(b, " name='%s'", p->ifname);
	buf_escape(b, " peer='%s'", p->peer_name[0] ? p->peer_name : NULL);
	buf_escape(b, " netns='%s'", p->netns);
	if (p->domid >= 0)
		buf_printf(b, " domid='%d' devid='%d'%s", p->domid, p->devid,
			   p->hvm ? " hvm='yes'" : "");
	if (p->uid_set)
		buf_printf(b, " uid='%u'", (unsigned)p->uid);
	if (p->gid_set)
		buf_printf(b, " gid='%u'", (unsigned)p->gid);
	if (addr_valid(&p->ip))
		buf_printf(b, " ip='%s'", addr_format(&p->ip, a));
	buf_add(b, "/>\n");
}

char *port_status_format(const vn_port *p)
{
	vn_buf b = {0};

	buf_add(&b, "<portstatus>\n");
	buf_indent(&b, 2);
	device_format(&b, p);
	port_format_buf(&b, p);
	buf_indent(&b, -2);
	buf_add(&b, "</portstatus>\n");
	return buf_steal(&b);
}

/* Our record is read like any input: names of their types. */
static int device_check(const vn_port *p, vn_err *err)
{
	if (vt_check(VT_IFNAME, p->ifname, err, "port status: <device name>") < 0)
		return -EINVAL;
	if (vt_check(VT_IFNAME, p->peer_name[0] ? p->peer_name : NULL, err,
		     "port status: <device peer>") < 0)
		return -EINVAL;
	if (vt_check(VT_FILE_NAME, p->netns, err, "port status: <device netns>") < 0)
		return -EINVAL;
	if (vt_check(VT_FILE_NAME, p->network, err, "port status: <device network>") < 0)
		return -EINVAL;
	return 0;
}

static int device_parse(xmlNodePtr d, vn_port *p, vn_err *err)
{
	_cleanup_free_ char *type = xml_prop(d, "type"), *name = xml_prop(d, "name"),
			    *peer = xml_prop(d, "peer");
	_cleanup_free_ char *hvm = xml_prop(d, "hvm"), *ip = xml_prop(d, "ip");
	unsigned u;
	int t = portdev_type_from_string(type);

	if (!d || t < 0 || !name || strlen(name) >= sizeof(p->ifname) ||
	    (peer && strlen(peer) >= sizeof(p->peer_name)))
		return vn_err_set(err, EINVAL, "port status without a valid <device>");
	p->type = (vn_portdev_type)t;
	p->network = xml_prop(d, "network");
	p->netns = xml_prop(d, "netns");
	snprintf(p->ifname, sizeof(p->ifname), "%s", name);
	snprintf(p->peer_name, sizeof(p->peer_name), "%s", peer ? peer : "");
	if (xml_prop_uint(d, "domid", 10, false, &u, err) == 1)
		p->domid = (int)u;
	if (xml_prop_uint(d, "devid", 10, false, &u, err) == 1)
		p->devid = (int)u;
	p->hvm = streq(hvm, "yes");
	p->uid_set = xml_prop_uint(d, "uid", 10, false, &u, err) == 1;
	if (p->uid_set)
		p->uid = (uid_t)u;
	p->gid_set = xml_prop_uint(d, "gid", 10, false, &u, err) == 1;
	if (p->gid_set)
		p->gid = (gid_t)u;
	if (ip && addr_parse(ip, 0, &p->ip) < 0)
		return vn_err_set(err, EINVAL, "port status: bad address '%s'", ip);
	if (!p->network)
		return vn_err_set(err, EINVAL, "port status without a network");
	return device_check(p, err);
}

static int port_parse_all(xmlNodePtr root, xmlNodePtr np, vn_port *p, vn_err *err)
{
	int r;

	r = port_parse_root(np, p, err);
	if (r != 0)
		return r;
	return device_parse(xml_child(root, "device"), p, err);
}

int port_status_parse(const char *xml, size_t len, const char *what, vn_port **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	vn_port *p;
	int r = xml_read(xml, len, what, "portstatus", &doc, err);

	if (r < 0)
		return r;
	xmlNodePtr root = xmlDocGetRootElement(doc), np = xml_child(root, "networkport");
	p = port_new();
	if (!p)
		r = vn_err_set(err, ENOMEM, "out of memory");
	else if (!np)
		r = vn_err_set(err, EINVAL, "%s: no <networkport> in port status", what);
	else
		r = port_parse_all(root, np, p, err);
	xmlFreeDoc(doc);
	if (r < 0) {
		port_free(p);
		return r;
	}
	*out = p;
	return 0;
}
