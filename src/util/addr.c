#include "util/addr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

int addr_parse(const char *s, int family, vn_addr *out)
{
	vn_addr a = {0};

	if (!s || !*s)
		return -EINVAL;
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, &a.u.in6) != 1)
			return -EINVAL;
		a.family = AF_INET6;
	} else {
		/* getaddrinfo(AI_NUMERICHOST) accepts the inet_aton forms; so do we. */
		if (inet_aton(s, &a.u.in4) == 0)
			return -EINVAL;
		a.family = AF_INET;
	}
	if (family && a.family != family)
		return -EINVAL;
	*out = a;
	return 0;
}

const char *addr_format(const vn_addr *a, char buf[VN_ADDR_STRLEN])
{
	buf[0] = '\0';
	if (addr_valid(a))
		inet_ntop(a->family, a->u.bytes, buf, VN_ADDR_STRLEN);
	return buf;
}

int addr_bits(const vn_addr *a)
{
	return a->family == AF_INET ? 32 : a->family == AF_INET6 ? 128 : 0;
}

bool addr_equal(const vn_addr *a, const vn_addr *b)
{
	if (a->family != b->family)
		return false;
	return memcmp(a->u.bytes, b->u.bytes, (size_t)addr_bits(a) / 8) == 0;
}

bool addr_among(const vn_addr *a, const vn_addr *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (addr_equal(a, &v[i]))
			return true;
	return false;
}

int addr_netmask_bits(const vn_addr *mask)
{
	int n = 0, bits = addr_bits(mask);
	bool zero_seen = false;

	for (int i = 0; i < bits; i++) {
		bool one = mask->u.bytes[i / 8] & (0x80 >> (i % 8));
		if (one && zero_seen)
			return -1;
		if (one)
			n++;
		else
			zero_seen = true;
	}
	return bits ? n : -1;
}

int addr_prefix_of(const vn_addr *address, const vn_addr *netmask, unsigned prefix)
{
	if (prefix > 0)
		return (int)prefix;
	if (netmask && addr_valid(netmask))
		return addr_netmask_bits(netmask);
	if (address && address->family == AF_INET) {
		uint32_t v = ntohl(address->u.in4.s_addr);
		uint8_t octet = (uint8_t)(v >> 24);
		if (v == 0)
			return 0;
		if ((octet & 0x80) == 0)
			return 8;
		if ((octet & 0xC0) == 0x80)
			return 16;
		if ((octet & 0xE0) == 0xC0)
			return 24;
		return -1;
	}
	if (address && address->family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&address->u.in6) ? 0 : 64;
	return 0;
}

void addr_mask(const vn_addr *a, int prefix, vn_addr *out)
{
	vn_addr r = *a;
	int bits = addr_bits(a);

	for (int i = 0; i < bits; i++)
		if (i >= prefix)
			r.u.bytes[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	*out = r;
}

bool addr_in_subnet(const vn_addr *a, const vn_addr *net, int prefix)
{
	vn_addr x, y;

	if (a->family != net->family || prefix < 0 || prefix > addr_bits(a))
		return false;
	addr_mask(a, prefix, &x);
	addr_mask(net, prefix, &y);
	return addr_equal(&x, &y);
}

bool addr_subnets_overlap(const vn_addr *a, int pa, const vn_addr *b, int pb)
{
	if (a->family != b->family)
		return false;
	int p = pa < pb ? pa : pb;
	return addr_in_subnet(a, b, p);
}

void addr_broadcast(const vn_addr *net, int prefix, vn_addr *out)
{
	vn_addr r = *net;
	int bits = addr_bits(net);

	for (int i = prefix; i < bits; i++)
		r.u.bytes[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	*out = r;
}

static int range_within(const vn_addr *s, const vn_addr *e, const vn_addr *net, int prefix,
			const char *ss, const char *es, vn_err *err)
{
	char ns[VN_ADDR_STRLEN];

	addr_format(net, ns);
	if (s->family != net->family)
		return vn_err_set(err, EINVAL,
				  "mismatch of address family in range %s - %s for network %s", ss,
				  es, ns);
	if (prefix < 0 || prefix > addr_bits(net))
		return vn_err_set(err, EINVAL,
				  "bad prefix %d for network %s when checking range %s - %s",
				  prefix, ns, ss, es);
	if (!addr_in_subnet(s, net, prefix) || !addr_in_subnet(e, net, prefix))
		return vn_err_set(err, EINVAL, "range %s - %s is not entirely within network %s/%d",
				  ss, es, ns, prefix);
	if (s->family == AF_INET) {
		vn_addr netaddr, bcast;
		addr_mask(net, prefix, &netaddr);
		addr_broadcast(&netaddr, prefix, &bcast);
		if (addr_equal(s, &netaddr))
			return vn_err_set(err, EINVAL,
					  "start of range %s - %s in network %s/%d is the network "
					  "address",
					  ss, es, ns, prefix);
		if (addr_equal(e, &bcast))
			return vn_err_set(err, EINVAL,
					  "end of range %s - %s in network %s/%d is the broadcast "
					  "address",
					  ss, es, ns, prefix);
	}
	return 0;
}

int addr_range_check(const vn_addr *s, const vn_addr *e, const vn_addr *net, int prefix,
		     vn_err *err)
{
	char ss[VN_ADDR_STRLEN], es[VN_ADDR_STRLEN];
	int r;

	addr_format(s, ss);
	addr_format(e, es);
	if (s->family != e->family)
		return vn_err_set(err, EINVAL, "mismatch of address family in range %s - %s", ss,
				  es);
	if (net) {
		r = range_within(s, e, net, prefix, ss, es, err);
		if (r < 0)
			return r;
	}
	/* libvirt's legacy limit: only the last 16 bits may differ. */
	int nbytes = addr_bits(s) / 8;
	if (memcmp(s->u.bytes, e->u.bytes, (size_t)nbytes - 2) != 0)
		return vn_err_set(err, EINVAL, "range %s - %s is too large (> 65535)", ss, es);
	int size = (e->u.bytes[nbytes - 2] - s->u.bytes[nbytes - 2]) * 256 +
		   (e->u.bytes[nbytes - 1] - s->u.bytes[nbytes - 1]);
	if (size < 0)
		return vn_err_set(err, EINVAL, s->family == AF_INET ? "range %s - %s is reversed" :
				  "range %s - %s start larger than end", ss, es);
	return size + 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Six groups of one or two hex digits joined by ':', as libvirt's virMacAddrParse() reads
 * them (no sign, space or "0x" before a group: it checks for a hex digit before strtoul);
 * *rest gets what follows the sixth group. */
static int mac_groups(const char *s, vn_mac *m, const char **rest)
{
	for (int i = 0; i < 6; i++) {
		int v = 0, n = 0;

		if (i > 0 && *s++ != ':')
			return -EINVAL;
		for (; n < 2 && hexval((unsigned char)*s) >= 0; n++, s++)
			v = v * 16 + hexval((unsigned char)*s);
		if (n == 0)
			return -EINVAL;
		m->b[i] = (uint8_t)v;
	}
	*rest = s;
	return 0;
}

int mac_parse(const char *s, vn_mac *out)
{
	vn_mac m;
	const char *rest;

	if (mac_groups(s, &m, &rest) < 0 || *rest)
		return -EINVAL;
	*out = m;
	return 0;
}

/* libvirt ends the sixth group at any char <= ' ': C's char is signed on x86-64, where
 * libvirt 9.0 runs, so a byte >= 0x80 ends it too. A third hex digit or a ':' does not. */
int mac_parse_libvirt(const char *s, vn_mac *out)
{
	vn_mac m;
	const char *rest;
	unsigned char end;

	if (mac_groups(s, &m, &rest) < 0)
		return -EINVAL;
	end = (unsigned char)*rest;
	if (end > ' ' && end < 0x80)
		return -EINVAL;
	*out = m;
	return 0;
}

const char *mac_format(const vn_mac *m, char buf[VN_MAC_STRLEN])
{
	snprintf(buf, VN_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m->b[0], m->b[1], m->b[2], m->b[3], m->b[4], m->b[5]);
	return buf;
}

bool mac_equal(const vn_mac *a, const vn_mac *b)
{
	return memcmp(a->b, b->b, 6) == 0;
}

int random_bytes(void *p, size_t n)
{
	uint8_t *q = p;
	while (n > 0) {
		ssize_t k = getrandom(q, n, 0);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		q += k;
		n -= (size_t)k;
	}
	return 0;
}

int mac_generate(const uint8_t oui[3], vn_mac *out)
{
	int r = random_bytes(out->b + 3, 3);
	if (r < 0)
		return r;
	memcpy(out->b, oui, 3);
	return 0;
}

int uuid_parse(const char *s, uint8_t out[16])
{
	uint8_t u[16];

	while (isspace((unsigned char)*s))
		s++;
	for (int i = 0; i < 16; i++) {
		while (*s == '-')
			s++;
		int hi = hexval((unsigned char)s[0]);
		int lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
		if (lo < 0)
			return -EINVAL;
		u[i] = (uint8_t)(hi * 16 + lo);
		s += 2;
	}
	while (*s) {
		if (!isspace((unsigned char)*s))
			return -EINVAL;
		s++;
	}
	memcpy(out, u, 16);
	return 0;
}

const char *uuid_format(const uint8_t u[16], char buf[VN_UUID_STRLEN])
{
	snprintf(buf, VN_UUID_STRLEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		 u[12], u[13], u[14], u[15]);
	return buf;
}

int uuid_generate(uint8_t out[16])
{
	int r = random_bytes(out, 16);
	if (r < 0)
		return r;
	out[6] = (out[6] & 0x0F) | 0x40;   /* version 4 */
	out[8] = (out[8] & 0x3F) | 0x80;   /* RFC 4122 variant */
	return 0;
}
