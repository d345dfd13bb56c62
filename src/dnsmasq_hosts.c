/* dnsmasq_hosts.c - dhcp-hostsfile and addn-hosts text, lease times, reverse zones (pure) */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "dnsmasq_conf.h"

const char *dnsmasq_lease_time(const vn_lease_time *l, char buf[DNSMASQ_LEASE_STRLEN])
{
	const char *unit;

	if (!l)
		return NULL;
	if (l->expiry == 0)
		return "infinite";
	/* dnsmasq takes the first letter of the unit: s, m or h */
	unit = lease_unit_to_string(l->unit);
	snprintf(buf, DNSMASQ_LEASE_STRLEN, "%llu%c", l->expiry, unit ? unit[0] : 'm');
	return buf;
}

int dnsmasq_ptr_domain(const vn_addr *a, int prefix, vn_buf *b)
{
	if (a->family == AF_INET) {
		if (prefix <= 0 || prefix >= 32 || prefix % 8)
			return -EINVAL;
		for (int i = prefix / 8; i > 0; i--)
			buf_printf(b, "%u.", a->u.bytes[i - 1]);
		buf_add(b, "in-addr.arpa");
		return 0;
	}
	if (a->family == AF_INET6) {
		if (prefix <= 0 || prefix >= 128 || prefix % 4)
			return -EINVAL;
		for (int i = prefix / 4; i > 0; i--) {
			uint8_t byte = a->u.bytes[(i - 1) / 2];
			buf_printf(b, "%x.", (i - 1) % 2 ? byte & 0xf : byte >> 4);
		}
		buf_add(b, "ip6.arpa");
		return 0;
	}
	return -EINVAL;
}

/* IPv4: "MAC,IP,NAME", "NAME,IP" or "MAC,IP"; IPv6: "id:ID,NAME,[IP]", "NAME,[IP]" or
 * "id:ID,[IP]"; then ",LEASE" when the host has its own lease time. */
static void dhcp_host_format(vn_buf *b, const vn_dhcp_host *h, bool ipv6)
{
	char ip[VN_ADDR_STRLEN], lease[DNSMASQ_LEASE_STRLEN];
	const char *lt = dnsmasq_lease_time(h->lease, lease);

	addr_format(&h->ip, ip);
	if (ipv6) {
		if (h->id)
			buf_printf(b, "id:%s%s", h->id, h->name ? "," : "");
		buf_add(b, h->name);
		buf_printf(b, ",[%s]", ip);
	} else if (h->name && h->mac) {
		buf_printf(b, "%s,%s,%s", h->mac, ip, h->name);
	} else if (h->name) {
		buf_printf(b, "%s,%s", h->name, ip);
	} else {
		buf_printf(b, "%s,%s", h->mac ? h->mac : "", ip);
	}
	if (lt)
		buf_printf(b, ",%s", lt);
	buf_addc(b, '\n');
}

static void dhcp_hosts_of(vn_buf *b, const vn_ip_def *ip)
{
	if (!ip)
		return;
	for (size_t i = 0; i < ip->nhosts; i++)
		if (addr_valid(&ip->hosts[i].ip))
			dhcp_host_format(b, &ip->hosts[i], ip->address.family == AF_INET6);
}

void dnsmasq_hosts_format(vn_buf *b, const vn_ip_def *v4, const vn_ip_def *v6)
{
	dhcp_hosts_of(b, v4);
	dhcp_hosts_of(b, v6);
}

static bool dns_host_listed(const vn_dns_def *d, size_t i)
{
	return addr_valid(&d->hosts[i].ip) && d->hosts[i].nnames > 0;
}

/* An address appears once, at the place of its first <host>, with the names of every
 * <host> that has it, in document order (as libvirt's addn-hosts file). */
void dnsmasq_addnhosts_format(vn_buf *b, const vn_dns_def *d)
{
	char ip[VN_ADDR_STRLEN];

	for (size_t i = 0; i < d->nhosts; i++) {
		bool seen = false;
		if (!dns_host_listed(d, i))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = dns_host_listed(d, j) && addr_equal(&d->hosts[j].ip, &d->hosts[i].ip);
		if (seen)
			continue;
		buf_printf(b, "%s\t", addr_format(&d->hosts[i].ip, ip));
		for (size_t j = i; j < d->nhosts; j++) {
			if (!dns_host_listed(d, j) || !addr_equal(&d->hosts[j].ip, &d->hosts[i].ip))
				continue;
			for (size_t k = 0; k < d->hosts[j].nnames; k++)
				buf_printf(b, "%s\t", d->hosts[j].names[k]);
		}
		buf_addc(b, '\n');
	}
}
