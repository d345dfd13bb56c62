/* format_parts.c - canonical output of <ip>, <dns> and <route> */
#include "conf/format_internal.h"
#include "conf/net_def.h"
#include "util/buf.h"

static void lease_format(vn_buf *b, const vn_lease_time *l, const char *elem)
{
	if (!l) {
		buf_add(b, "/>\n");
		return;
	}
	buf_add(b, ">\n");
	buf_indent(b, 2);
	if (!l->expiry)
		buf_add(b, "<lease expiry='0'/>\n");
	else
		buf_printf(b, "<lease expiry='%llu' unit='%s'/>\n", l->expiry,
			   lease_unit_to_string(l->unit));
	buf_indent(b, -2);
	buf_printf(b, "</%s>\n", elem);
}

static void dhcp_format(vn_buf *b, const vn_ip_def *ip)
{
	char s[VN_ADDR_STRLEN], e[VN_ADDR_STRLEN];

	buf_add(b, "<dhcp>\n");
	buf_indent(b, 2);
	for (size_t i = 0; i < ip->nranges; i++) {
		buf_printf(b, "<range start='%s' end='%s'", addr_format(&ip->ranges[i].start, s),
			   addr_format(&ip->ranges[i].end, e));
		lease_format(b, ip->ranges[i].lease, "range");
	}
	for (size_t i = 0; i < ip->nhosts; i++) {
		const vn_dhcp_host *h = &ip->hosts[i];
		buf_add(b, "<host");
		buf_escape(b, " mac='%s'", h->mac);
		buf_escape(b, " id='%s'", h->id);
		buf_escape(b, " name='%s'", h->name);
		if (addr_valid(&h->ip))
			buf_printf(b, " ip='%s'", addr_format(&h->ip, s));
		lease_format(b, h->lease, "host");
	}
	if (ip->boot_file) {
		buf_escape(b, "<bootp file='%s'", ip->boot_file);
		if (addr_valid(&ip->boot_server))
			buf_printf(b, " server='%s'", addr_format(&ip->boot_server, s));
		buf_add(b, "/>\n");
	}
	buf_indent(b, -2);
	buf_add(b, "</dhcp>\n");
}

void ip_def_format(vn_buf *b, const vn_ip_def *ip)
{
	char s[VN_ADDR_STRLEN];

	buf_add(b, "<ip");
	buf_escape(b, " family='%s'", ip->family);
	if (addr_valid(&ip->address))
		buf_printf(b, " address='%s'", addr_format(&ip->address, s));
	if (addr_valid(&ip->netmask))
		buf_printf(b, " netmask='%s'", addr_format(&ip->netmask, s));
	if (ip->prefix > 0)
		buf_printf(b, " prefix='%u'", ip->prefix);
	if (ip->local_ptr)
		buf_printf(b, " localPtr='%s'", tristate_to_string(ip->local_ptr));
	buf_add(b, ">\n");
	buf_indent(b, 2);
	buf_escape(b, "<tftp root='%s'/>\n", ip->tftp_root);
	if (ip->nranges || ip->nhosts)
		dhcp_format(b, ip);
	buf_indent(b, -2);
	buf_add(b, "</ip>\n");
}

static void dns_records_format(vn_buf *b, const vn_dns_def *d)
{
	char s[VN_ADDR_STRLEN];

	for (size_t i = 0; i < d->nforwarders; i++) {
		buf_add(b, "<forwarder");
		buf_escape(b, " domain='%s'", d->forwarders[i].domain);
		if (addr_valid(&d->forwarders[i].addr))
			buf_printf(b, " addr='%s'", addr_format(&d->forwarders[i].addr, s));
		buf_add(b, "/>\n");
	}
	for (size_t i = 0; i < d->ntxts; i++) {
		buf_escape(b, "<txt name='%s' ", d->txts[i].name);
		buf_escape(b, "value='%s'/>\n", d->txts[i].value);
	}
	for (size_t i = 0; i < d->nsrvs; i++) {
		const vn_dns_srv *r = &d->srvs[i];
		if (!r->service || !r->protocol)
			continue;
		buf_escape(b, "<srv service='%s' ", r->service);
		buf_escape(b, "protocol='%s'", r->protocol);
		buf_escape(b, " domain='%s'", r->domain);
		buf_escape(b, " target='%s'", r->target);
		if (r->port)
			buf_printf(b, " port='%u'", r->port);
		if (r->priority)
			buf_printf(b, " priority='%u'", r->priority);
		if (r->weight)
			buf_printf(b, " weight='%u'", r->weight);
		buf_add(b, "/>\n");
	}
	for (size_t i = 0; i < d->nhosts; i++) {
		buf_printf(b, "<host ip='%s'>\n", addr_format(&d->hosts[i].ip, s));
		buf_indent(b, 2);
		for (size_t j = 0; j < d->hosts[i].nnames; j++)
			buf_escape(b, "<hostname>%s</hostname>\n", d->hosts[i].names[j]);
		buf_indent(b, -2);
		buf_add(b, "</host>\n");
	}
}

void dns_format(vn_buf *b, const vn_dns_def *d)
{
	bool records = d->nforwarders || d->nhosts || d->nsrvs || d->ntxts;

	if (!(d->enable || d->forward_plain_names || records))
		return;
	buf_add(b, "<dns");
	if (d->enable)
		buf_printf(b, " enable='%s'", tristate_to_string(d->enable));
	if (d->forward_plain_names)
		buf_printf(b, " forwardPlainNames='%s'",
			   tristate_to_string(d->forward_plain_names));
	if (!records) {
		buf_add(b, "/>\n");
		return;
	}
	buf_add(b, ">\n");
	buf_indent(b, 2);
	dns_records_format(b, d);
	buf_indent(b, -2);
	buf_add(b, "</dns>\n");
}

void route_format(vn_buf *b, const vn_route_def *r)
{
	char s[VN_ADDR_STRLEN];

	buf_add(b, "<route");
	buf_escape(b, " family='%s'", r->family);
	buf_printf(b, " address='%s'", addr_format(&r->address, s));
	if (addr_valid(&r->netmask))
		buf_printf(b, " netmask='%s'", addr_format(&r->netmask, s));
	if (r->has_prefix)
		buf_printf(b, " prefix='%u'", r->prefix);
	buf_printf(b, " gateway='%s'", addr_format(&r->gateway, s));
	if (r->has_metric && r->metric > 0)
		buf_printf(b, " metric='%u'", r->metric);
	buf_add(b, "/>\n");
}

void overlay_format(vn_buf *b, const vn_overlay *o)
{
	char s[VN_ADDR_STRLEN];

	if (!o)
		return;
	buf_printf(b, "<virtnet:overlay type='%s' vni='%u' control='%s'", ovl_type_to_string(o->type),
		   o->vni, ovl_control_to_string(o->control));
	buf_escape(b, " dev='%s'", o->dev);
	if (o->port)
		buf_printf(b, " port='%u'", o->port);
	if (o->asn)
		buf_printf(b, " asn='%u'", o->asn);
	if (!o->npeers && !o->nneighbors) {
		buf_add(b, "/>\n");
		return;
	}
	buf_add(b, ">\n");
	buf_indent(b, 2);
	for (size_t i = 0; i < o->npeers; i++)
		buf_printf(b, "<virtnet:peer address='%s'%s/>\n",
			   addr_format(&o->peers[i].address, s), o->peers[i].dhcp ? " dhcp='yes'" : "");
	for (size_t i = 0; i < o->nneighbors; i++) {
		buf_printf(b, "<virtnet:neighbor address='%s'", addr_format(&o->neighbors[i].address, s));
		if (o->neighbors[i].asn)
			buf_printf(b, " asn='%u'", o->neighbors[i].asn);
		buf_add(b, "/>\n");
	}
	buf_indent(b, -2);
	buf_add(b, "</virtnet:overlay>\n");
}
