/* dnsmasq_hosts.c - dhcp-hostsfile and addn-hosts text, lease times, reverse zones (pure) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "dnsmasq/dnsmasq_conf.h"
#include "types/vtype.h"

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

/* A host's MAC (rewritten in our canonical form), id and name: nothing of them may read as
 * another field. */
static int host_fields(const vn_dhcp_host *h, char mac[VN_MAC_STRLEN], vn_err *err)
{
	vn_mac m;

	mac[0] = '\0';
	if (h->mac && mac_parse_libvirt(h->mac, &m) < 0) {
		char shown[200];
		vt_shorten(h->mac, shown);
		return vn_err_set(err, EINVAL,
				  "static DHCP host MAC '%s' is not a MAC address (six hex bytes "
				  "joined by ':')",
				  shown);
	}
	if (h->mac)
		mac_format(&m, mac);
	if (vt_check(VT_DUID, h->id, err, "static DHCP host id") < 0)
		return -EINVAL;
	if (vt_check(VT_HOST_NAME, h->name, err, "static DHCP host name") < 0)
		return -EINVAL;
	return 0;
}

/* IPv4: "MAC,IP,NAME", "NAME,IP" or "MAC,IP"; IPv6: "id:ID,NAME,[IP]", "NAME,[IP]" or
 * "id:ID,[IP]"; then ",LEASE" when the host has its own lease time. */
static int dhcp_host_format(vn_buf *b, const vn_dhcp_host *h, bool ipv6, vn_err *err)
{
	char ip[VN_ADDR_STRLEN], mac[VN_MAC_STRLEN], lease[DNSMASQ_LEASE_STRLEN];
	const char *lt = dnsmasq_lease_time(h->lease, lease);
	int r = host_fields(h, mac, err);

	if (r < 0)
		return r;
	addr_format(&h->ip, ip);
	if (ipv6) {
		if (h->id)
			buf_printf(b, "id:%s%s", h->id, h->name ? "," : "");
		buf_add(b, h->name);
		buf_printf(b, ",[%s]", ip);
	} else if (h->name && h->mac) {
		buf_printf(b, "%s,%s,%s", mac, ip, h->name);
	} else if (h->name) {
		buf_printf(b, "%s,%s", h->name, ip);
	} else {
		buf_printf(b, "%s,%s", mac, ip);
	}
	if (lt)
		buf_printf(b, ",%s", lt);
	buf_addc(b, '\n');
	return 0;
}

static int dhcp_hosts_of(vn_buf *b, const vn_ip_def *ip, vn_err *err)
{
	for (size_t i = 0; ip && i < ip->nhosts; i++) {
		if (!addr_valid(&ip->hosts[i].ip))
			continue;
		if (dhcp_host_format(b, &ip->hosts[i], ip->address.family == AF_INET6, err) < 0)
			return -EINVAL;
	}
	return 0;
}

int dnsmasq_hosts_format(vn_buf *b, const vn_ip_def *v4, const vn_ip_def *v6, vn_err *err)
{
	if (dhcp_hosts_of(b, v4, err) < 0)
		return -EINVAL;
	return dhcp_hosts_of(b, v6, err);
}

void dhcp_reservations_free(vn_dhcp_reservations *res)
{
	free(res->v);
	*res = (vn_dhcp_reservations){0};
}

void dnsmasq_reservations_format(vn_buf *b, const vn_dhcp_reservations *res)
{
	char m[VN_MAC_STRLEN], a[VN_ADDR_STRLEN];

	for (size_t i = 0; i < res->n; i++) {
		const vn_dhcp_reservation *h = &res->v[i];
		mac_format(&h->mac, m);
		addr_format(&h->ip, a);
		buf_printf(b, h->ip.family == AF_INET6 ? "%s,[%s]\n" : "%s,%s\n", m, a);
	}
}

static bool dns_host_listed(const vn_dns_def *d, size_t i)
{
	return addr_valid(&d->hosts[i].ip) && d->hosts[i].nnames > 0;
}

static int dns_names_check(const vn_dns_def *d, vn_err *err)
{
	for (size_t i = 0; i < d->nhosts; i++)
		for (size_t k = 0; k < d->hosts[i].nnames; k++)
			if (vt_check(VT_HOST_NAME, d->hosts[i].names[k], err, "DNS <hostname>") < 0)
				return -EINVAL;
	return 0;
}

/* An address appears once, at the place of its first <host>, with the names of every
 * <host> that has it, in document order (as libvirt's addn-hosts file). */
int dnsmasq_addnhosts_format(vn_buf *b, const vn_dns_def *d, vn_err *err)
{
	char ip[VN_ADDR_STRLEN];

	if (dns_names_check(d, err) < 0)
		return -EINVAL;
	for (size_t i = 0; i < d->nhosts; i++) {
		bool seen = false;
		if (!dns_host_listed(d, i))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = dns_host_listed(d, j) &&
			       addr_equal(&d->hosts[j].ip, &d->hosts[i].ip);
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
	return 0;
}

int dnsmasq_lines_check(const char *network, const char *what, const char *text, vn_err *err)
{
	unsigned line = 1;
	size_t len = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			line++;
			len = 0;
			continue;
		}
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return vn_err_set(err, EINVAL,
					  "network '%s': line %u of the dnsmasq %s would hold a "
					  "control character; refusing to write it",
					  network, line, what);
		if (++len > VT_DNSMASQ_LINE_MAX)
			return vn_err_set(err, EINVAL,
					  "network '%s': line %u of the dnsmasq %s would be longer "
					  "than %d bytes, and dnsmasq would read the rest as "
					  "another line; shorten the values in it",
					  network, line, what, VT_DNSMASQ_LINE_MAX);
	}
	return 0;
}
