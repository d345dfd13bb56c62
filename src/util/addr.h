/* addr.h - IPv4/IPv6 addresses and prefixes, ranges, MAC and UUID values */
#pragma once
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct vn_addr {
	int family;   /* 0 (unset), AF_INET or AF_INET6 */
	union {
		struct in_addr in4;
		struct in6_addr in6;
		uint8_t bytes[16];
	} u;
} vn_addr;

#define VN_ADDR_STRLEN 46

/* Parse numeric address; family 0 accepts either. 0 or -EINVAL. */
int addr_parse(const char *s, int family, vn_addr *out);
/* Canonical text (inet_ntop); "" for an unset address. */
const char *addr_format(const vn_addr *a, char buf[VN_ADDR_STRLEN]);
static inline bool addr_valid(const vn_addr *a)
{
	return a->family == AF_INET || a->family == AF_INET6;
}
static inline bool addr_is(const vn_addr *a, int family) { return a->family == family; }
bool addr_equal(const vn_addr *a, const vn_addr *b);
bool addr_among(const vn_addr *a, const vn_addr *v, size_t n);   /* equal to one of v[n] */
int addr_bits(const vn_addr *a);   /* 32 or 128 (0 if unset) */
/* libvirt's rule: explicit prefix, else netmask bits, else classful (v4) / 64 (v6); -1 if
 * unusable. */
int addr_prefix_of(const vn_addr *address, const vn_addr *netmask, unsigned prefix);
/* Number of leading one bits of a contiguous netmask, or -1. */
int addr_netmask_bits(const vn_addr *mask);
void addr_mask(const vn_addr *a, int prefix, vn_addr *out);
bool addr_in_subnet(const vn_addr *a, const vn_addr *net, int prefix);
/* Two subnets overlap when either contains the other's network address. */
bool addr_subnets_overlap(const vn_addr *a, int pa, const vn_addr *b, int pb);
void addr_broadcast(const vn_addr *net, int prefix, vn_addr *out);
/* libvirt's DHCP range check; returns number of addresses or a negative errno with err set.
 * net may be NULL to check only ordering/size. */
int addr_range_check(const vn_addr *start, const vn_addr *end, const vn_addr *net, int prefix,
		     vn_err *err);

typedef struct vn_mac { uint8_t b[6]; } vn_mac;
#define VN_MAC_STRLEN 18
/* Our own syntax (--mac, records): six groups of 1 or 2 hex digits joined by ':', nothing
 * else. 0 or -EINVAL. */
int mac_parse(const char *s, vn_mac *out);
/* libvirt's virMacAddrParse(), for the documents libvirt reads too (network and port XML, a
 * MAC given where virsh takes one): the same groups, then the end of the text or any space,
 * control character or byte >= 0x80, after which the rest is ignored ("52:54:00:12:34:56 x"
 * is accepted; '-' between groups is not). */
int mac_parse_libvirt(const char *s, vn_mac *out);
const char *mac_format(const vn_mac *m, char buf[VN_MAC_STRLEN]);
static inline bool mac_is_multicast(const vn_mac *m) { return m->b[0] & 1; }
bool mac_equal(const vn_mac *a, const vn_mac *b);
/* Random MAC with the given 3-byte OUI prefix. */
int mac_generate(const uint8_t oui[3], vn_mac *out);

#define VN_UUID_STRLEN 37
int uuid_parse(const char *s, uint8_t out[16]);
const char *uuid_format(const uint8_t u[16], char buf[VN_UUID_STRLEN]);
int uuid_generate(uint8_t out[16]);

int random_bytes(void *p, size_t n);
