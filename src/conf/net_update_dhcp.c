/* net_update_dhcp.c - net-update of ip-dhcp-host and ip-dhcp-range: libvirt's choice of
 * the <ip>, its matching (a host by MAC, name or IP; a range by both ends) and messages */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/net_update_internal.h"
#include "conf/parse_internal.h"
#include "util/str.h"

/* --parent-index N: the Nth <ip>; else the first with DHCP, the first IPv4, the first IPv6 */
static vn_ip_def *parent_ip(upd_ctx *c)
{
	vn_network *d = c->d;
	int idx = c->q->parent_index;

	if (idx >= 0 && (size_t)idx < d->nips)
		return &d->ips[idx];
	if (idx >= 0) {
		vn_err_set(c->err, EINVAL,
			   "couldn't update dhcp host entry - no <ip> element found at index %d "
			   "in network '%s'",
			   idx, d->name);
		return NULL;
	}
	for (size_t i = 0; i < d->nips; i++)
		if (d->ips[i].nranges || d->ips[i].nhosts)
			return &d->ips[i];
	for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0)
		for (size_t i = 0; i < d->nips; i++)
			if (d->ips[i].address.family == family)
				return &d->ips[i];
	vn_err_set(c->err, EINVAL,
		   "couldn't update dhcp host entry - no <ip> element found in network '%s'",
		   d->name);
	return NULL;
}

/* Only one <ip> of a family may have DHCP */
static int check_multi_dhcp(upd_ctx *c, const vn_ip_def *ip)
{
	for (size_t i = 0; i < c->d->nips; i++) {
		const vn_ip_def *o = &c->d->ips[i];
		if (o != ip && o->address.family == ip->address.family && (o->nranges || o->nhosts))
			return vn_err_set(c->err, EINVAL,
					  "dhcp is supported only for a single %s address on each "
					  "network",
					  ip->address.family == AF_INET ? "IPv4" : "IPv6");
	}
	return 0;
}

/* libvirt's virMacAddrCompare: the texts compared whole, case aside and a group's leading
 * zeros skipped (so trailing text kept in a host's MAC counts, as it does for libvirt) */
static bool same_mac(const char *p, const char *q)
{
	int c, d;

	if (!p || !q)
		return false;
	for (;; p++, q++) {
		while (*p == '0' && isxdigit((unsigned char)p[1]))
			p++;
		while (*q == '0' && isxdigit((unsigned char)q[1]))
			q++;
		c = toupper((unsigned char)*p);
		d = toupper((unsigned char)*q);
		if (c != d || c == 0)
			return c == d;
	}
}

static bool name_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* modify and add: any one of MAC, IP, name the same */
static bool host_overlaps(const vn_dhcp_host *h, const vn_dhcp_host *o)
{
	return same_mac(h->mac, o->mac) || upd_same_ip(&h->ip, &o->ip) || name_eq(h->name, o->name);
}

/* delete: every attribute given the same (a MAC given matches a host without one) */
static bool host_matches(const vn_dhcp_host *h, const vn_dhcp_host *o)
{
	return (!h->mac || !o->mac || same_mac(h->mac, o->mac)) &&
	       (!h->name || name_eq(h->name, o->name)) &&
	       (!addr_valid(&h->ip) || upd_same_ip(&h->ip, &o->ip));
}

static int host_not_found(upd_ctx *c, const vn_dhcp_host *h)
{
	char ip[VN_ADDR_STRLEN];

	return vn_err_set(c->err, EINVAL,
			  "couldn't locate an existing dhcp host entry with \"mac='%s'\" "
			  "\"name='%s'\" \"ip='%s'\" in network '%s'",
			  h->mac ? h->mac : "unknown", h->name ? h->name : "(null)",
			  addr_valid(&h->ip) ? addr_format(&h->ip, ip) : "unknown", c->d->name);
}

static int host_exists(upd_ctx *c, const vn_dhcp_host *h)
{
	char ip[VN_ADDR_STRLEN], w[SHELL_WORD_MAX];

	return vn_err_set(c->err, EEXIST,
			  "there is an existing dhcp host entry in network '%s' that matches "
			  "\"<host mac='%s' name='%s' ip='%s'/>\" (change it with: virtnet update "
			  "%s modify ip-dhcp-host XML)",
			  c->d->name, h->mac ? h->mac : "unknown", h->name ? h->name : "(null)",
			  addr_valid(&h->ip) ? addr_format(&h->ip, ip) : "unknown",
			  shell_word(c->d->name, w));
}

static size_t host_find(const vn_ip_def *ip, const vn_dhcp_host *h, bool (*match)(const vn_dhcp_host *, const vn_dhcp_host *))
{
	size_t i = 0;

	while (i < ip->nhosts && !match(h, &ip->hosts[i]))
		i++;
	return i;
}

static int host_apply(upd_ctx *c, vn_ip_def *ip, vn_dhcp_host *h)
{
	size_t i;

	if (c->q->cmd == UPD_MODIFY) {
		i = host_find(ip, h, host_overlaps);
		if (i == ip->nhosts)
			return host_not_found(c, h);
		dhcp_host_clear(&ip->hosts[i]);
		ip->hosts[i] = *h;
		*h = (vn_dhcp_host){0};
		return 0;
	}
	if (c->q->cmd == UPD_DELETE) {
		i = host_find(ip, h, host_matches);
		if (i == ip->nhosts)
			return vn_err_set(c->err, EINVAL,
					  "couldn't locate a matching dhcp host entry in network "
					  "'%s'",
					  c->d->name);
		dhcp_host_clear(&ip->hosts[i]);
		upd_remove(ip->hosts, &ip->nhosts, sizeof(*h), i);
		return 0;
	}
	if (check_multi_dhcp(c, ip) < 0)
		return -EINVAL;
	if (host_find(ip, h, host_overlaps) < ip->nhosts)
		return host_exists(c, h);
	if (upd_insert(&ip->hosts, &ip->nhosts, sizeof(*h), upd_insert_at(c, ip->nhosts), h) < 0)
		return -ENOMEM;
	*h = (vn_dhcp_host){0};
	return 0;
}

int upd_dhcp_host(upd_ctx *c)
{
	bool partial = c->q->cmd == UPD_DELETE;
	vn_dhcp_host h = {0};
	vn_ip_def *ip;
	int r = upd_element_is(c, "host");

	if (r < 0)
		return r;
	ip = parent_ip(c);
	if (!ip)
		return -EINVAL;
	r = dhcp_host_parse(c->d->name, ip, c->node, &h, partial, c->err);
	if (r == 0 && !partial && ip->address.family != h.ip.family)
		r = vn_err_set(c->err, EINVAL,
			       "the address family of a host entry IP must match the address "
			       "family of the dhcp element's parent");
	if (r == 0)
		r = host_apply(c, ip, &h);
	dhcp_host_clear(&h);
	return r;
}

static size_t range_find(const vn_ip_def *ip, const vn_dhcp_range *rg)
{
	size_t i = 0;

	while (i < ip->nranges && !(upd_same_ip(&rg->start, &ip->ranges[i].start) &&
				    upd_same_ip(&rg->end, &ip->ranges[i].end)))
		i++;
	return i;
}

static int range_apply(upd_ctx *c, vn_ip_def *ip, vn_dhcp_range *rg)
{
	size_t i = range_find(ip, rg);
	char s[VN_ADDR_STRLEN], e[VN_ADDR_STRLEN];

	if (c->q->cmd == UPD_DELETE) {
		if (i == ip->nranges)
			return vn_err_set(c->err, EINVAL,
					  "couldn't locate a matching dhcp range entry in network "
					  "'%s'",
					  c->d->name);
		free(ip->ranges[i].lease);
		upd_remove(ip->ranges, &ip->nranges, sizeof(*rg), i);
		return 0;
	}
	if (check_multi_dhcp(c, ip) < 0)
		return -EINVAL;
	if (i < ip->nranges)
		return vn_err_set(c->err, EEXIST,
				  "there is an existing dhcp range entry in network '%s' that "
				  "matches \"<range start='%s' end='%s'/>\"",
				  c->d->name, addr_format(&rg->start, s), addr_format(&rg->end, e));
	if (upd_insert(&ip->ranges, &ip->nranges, sizeof(*rg), upd_insert_at(c, ip->nranges),
		       rg) < 0)
		return -ENOMEM;
	rg->lease = NULL;
	return 0;
}

int upd_dhcp_range(upd_ctx *c)
{
	vn_dhcp_range rg = {0};
	vn_ip_def *ip;
	int r = upd_element_is(c, "range");

	if (r < 0)
		return r;
	ip = parent_ip(c);
	if (!ip)
		return -EINVAL;
	if (c->q->cmd == UPD_MODIFY)
		return vn_err_set(c->err, EOPNOTSUPP,
				  "dhcp ranges cannot be modified, only added or deleted");
	r = dhcp_range_parse(c->d->name, ip, c->node, &rg, c->err);
	if (r == 0 && ip->address.family != rg.start.family)
		r = vn_err_set(c->err, EINVAL,
			       "the address family of a dhcp range must match the address family "
			       "of the dhcp element's parent");
	if (r == 0)
		r = range_apply(c, ip, &rg);
	free(rg.lease);
	return r;
}
