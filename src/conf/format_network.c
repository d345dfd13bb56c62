/* format_network.c - libvirt's canonical network XML output: element order, quoting, indentation */
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/format_internal.h"
#include "conf/netdev_xml.h"
#include "conf/network_xml.h"
#include "util/buf.h"

static void nat_format(vn_buf *b, const vn_forward *f)
{
	char s[VN_ADDR_STRLEN], e[VN_ADDR_STRLEN];
	bool has_addr = addr_valid(&f->nat_start), has_port = f->port_start || f->port_end;

	if (!has_addr && !addr_valid(&f->nat_end) && !has_port && !f->nat_ipv6)
		return;
	buf_add(b, "<nat");
	if (f->nat_ipv6)
		buf_printf(b, " ipv6='%s'", tristate_to_string(f->nat_ipv6));
	if (!has_addr && !addr_valid(&f->nat_end) && !has_port) {
		buf_add(b, "/>\n");
		return;
	}
	buf_add(b, ">\n");
	buf_indent(b, 2);
	if (has_addr) {
		buf_printf(b, "<address start='%s'", addr_format(&f->nat_start, s));
		if (addr_valid(&f->nat_end))
			buf_printf(b, " end='%s'", addr_format(&f->nat_end, e));
		buf_add(b, "/>\n");
	}
	if (has_port) {
		buf_printf(b, "<port start='%u'", f->port_start);
		if (f->port_end)
			buf_printf(b, " end='%u'", f->port_end);
		buf_add(b, "/>\n");
	}
	buf_indent(b, -2);
	buf_add(b, "</nat>\n");
}

static void forward_pool_format(vn_buf *b, const vn_forward *f, unsigned flags)
{
	if (f->pf_dev)
		buf_escape(b, "<pf dev='%s'/>\n", f->pf_dev);
	if (!f->nifs || (f->pf_dev && (flags & NET_FORMAT_INACTIVE)))
		return;
	for (size_t i = 0; i < f->nifs; i++) {
		const vn_fwd_if *fi = &f->ifs[i];
		if (fi->type == FWDIF_NETDEV) {
			buf_escape(b, "<interface dev='%s'", fi->dev);
			if (!(flags & NET_FORMAT_INACTIVE) && fi->connections)
				buf_printf(b, " connections='%u'", fi->connections);
			buf_add(b, "/>\n");
		} else if (fi->type == FWDIF_PCI) {
			buf_printf(b,
				   "<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' "
				   "function='0x%u'/>\n",
				   fi->pci.domain, fi->pci.bus, fi->pci.slot, fi->pci.function);
		}
	}
}

static void forward_format(vn_buf *b, const vn_network *n, unsigned flags)
{
	const vn_forward *f = &n->forward;

	if (f->mode == FWD_NONE)
		return;
	buf_add(b, "<forward");
	if (!f->pf_dev)
		buf_escape(b, " dev='%s'", net_forward_dev(n, 0));
	buf_printf(b, " mode='%s'", fwd_mode_to_string(f->mode));
	if (f->mode == FWD_HOSTDEV)
		buf_printf(b, " managed='%s'", f->managed ? "yes" : "no");
	bool shortfwd = !(f->nifs || f->pf_dev || addr_valid(&f->nat_start) ||
			  addr_valid(&f->nat_end) || f->port_start || f->port_end ||
			  f->driver_name != PCIDRV_DEFAULT || f->driver_model || f->nat_ipv6);
	buf_add(b, shortfwd ? "/>\n" : ">\n");
	buf_indent(b, 2);
	if (f->driver_name != PCIDRV_DEFAULT || f->driver_model) {
		buf_add(b, "<driver");
		if (f->driver_name != PCIDRV_DEFAULT)
			buf_printf(b, " name='%s'", pci_driver_to_string(f->driver_name));
		buf_escape(b, " model='%s'", f->driver_model);
		buf_add(b, "/>\n");
	}
	if (f->mode == FWD_NAT)
		nat_format(b, f);
	forward_pool_format(b, f, flags);
	buf_indent(b, -2);
	if (!shortfwd)
		buf_add(b, "</forward>\n");
}

static void bridge_format(vn_buf *b, const vn_network *n)
{
	bool hasbridge = net_has_bridge(n);

	if (!(hasbridge || n->bridge || n->mac_table_manager))
		return;
	buf_add(b, "<bridge");
	buf_escape(b, " name='%s'", n->bridge);
	buf_escape(b, " zone='%s'", n->bridge_zone);
	if (hasbridge)
		buf_printf(b, " stp='%s' delay='%lu'", n->stp ? "on" : "off", n->delay);
	if (n->mac_table_manager)
		buf_printf(b, " macTableManager='%s'",
			   mac_table_manager_to_string(n->mac_table_manager));
	buf_add(b, "/>\n");
}

static void domain_format(vn_buf *b, const vn_network *n)
{
	if (!n->domain)
		return;
	buf_escape(b, "<domain name='%s'", n->domain);
	if (n->domain_local_only)
		buf_printf(b, " localOnly='%s'", tristate_to_string(n->domain_local_only));
	if (n->domain_register)
		buf_printf(b, " register='%s'", tristate_to_string(n->domain_register));
	buf_add(b, "/>\n");
}

/* libxml2 indents nested metadata itself; we pass it our depth. */
static void metadata_format(vn_buf *b, const vn_network *n)
{
	xmlNodePtr md = n->metadata_doc ? xmlDocGetRootElement(n->metadata_doc) : NULL;
	xmlBufferPtr xb;
	int old = xmlIndentTreeOutput;

	if (!md)
		return;
	xb = xmlBufferCreate();
	if (!xb) {
		b->oom = true;
		return;
	}
	xmlIndentTreeOutput = 1;
	if (xmlNodeDump(xb, n->metadata_doc, md, b->indent / 2, 1) < 0)
		b->oom = true;
	xmlIndentTreeOutput = old;
	const char *s = (const char *)xmlBufferContent(xb);
	while (*s == ' ')
		s++;
	buf_printf(b, "%s\n", s);
	xmlBufferFree(xb);
}

static void dnsmasq_format(vn_buf *b, const vn_network *n)
{
	if (!n->ndnsmasq_options)
		return;
	buf_add(b, n->dnsmasq_options_trusted ? "<dnsmasq:options virtnet:trusted='yes'>\n"
					      : "<dnsmasq:options>\n");
	buf_indent(b, 2);
	for (size_t i = 0; i < n->ndnsmasq_options; i++)
		buf_escape(b, "<dnsmasq:option value='%s'/>\n", n->dnsmasq_options[i]);
	buf_indent(b, -2);
	buf_add(b, "</dnsmasq:options>\n");
}

static void header_format(vn_buf *b, const vn_network *n, unsigned flags)
{
	char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN];

	buf_add(b, "<network");
	if (n->ndnsmasq_options)
		buf_printf(b, " xmlns:dnsmasq='%s'", DNSMASQ_XMLNS);
	if ((n->ndnsmasq_options && n->dnsmasq_options_trusted) || n->overlay)
		buf_printf(b, " xmlns:virtnet='%s'", VIRTNET_XMLNS);
	if (!(flags & NET_FORMAT_INACTIVE) && n->connections)
		buf_printf(b, " connections='%u'", n->connections);
	if (n->ipv6nogw)
		buf_add(b, " ipv6='yes'");
	if (n->trust_guest_rx_filters)
		buf_printf(b, " trustGuestRxFilters='%s'",
			   tristate_to_string(n->trust_guest_rx_filters));
	buf_add(b, ">\n");
	buf_indent(b, 2);
	buf_escape(b, "<name>%s</name>\n", n->name);
	buf_printf(b, "<uuid>%s</uuid>\n", uuid_format(n->uuid, u));
	buf_escape(b, "<title>%s</title>\n", n->title);
	buf_escape(b, "<description>%s</description>\n", n->description);
	metadata_format(b, n);
	forward_format(b, n, flags);
	bridge_format(b, n);
	if (n->mtu)
		buf_printf(b, "<mtu size='%u'/>\n", n->mtu);
	if (n->mac_specified)
		buf_printf(b, "<mac address='%s'/>\n", mac_format(&n->mac, m));
}

char *net_format(const vn_network *n, unsigned flags)
{
	vn_buf b = {0};

	header_format(&b, n, flags);
	domain_format(&b, n);
	dns_format(&b, &n->dns);
	vlan_format(&b, &n->vlan);
	bandwidth_format(&b, n->bandwidth, 0);
	if (n->isolated_port)
		buf_printf(&b, "<port isolated='%s'/>\n", tristate_to_string(n->isolated_port));
	for (size_t i = 0; i < n->nips; i++)
		ip_def_format(&b, &n->ips[i]);
	for (size_t i = 0; i < n->nroutes; i++)
		route_format(&b, &n->routes[i]);
	vport_format(&b, n->vport);
	for (size_t i = 0; i < n->nportgroups; i++)
		portgroup_format(&b, &n->portgroups[i]);
	dnsmasq_format(&b, n);
	overlay_format(&b, n->overlay);
	buf_indent(&b, -2);
	buf_add(&b, "</network>\n");
	return buf_steal(&b);
}
