/* net_draft.c - a create form's fields, checked one by one, and the network they make */
#include <errno.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/net_draft.h"
#include "conf/network_xml.h"
#include "types/vtype.h"
#include "util/str.h"

#define CLIP 60   /* the bytes of a field a message quotes */
typedef char clip_buf[CLIP + 4];

static const char *const field_names[DRAFT__COUNT] = {
	[DRAFT_NAME] = "name", [DRAFT_IPV4] = "ipv4", [DRAFT_DHCP] = "dhcp",
	[DRAFT_FORWARD] = "forward", [DRAFT_IPV6] = "ipv6", [DRAFT_DOMAIN] = "domain",
};

const char *draft_field_name(vn_draft_field f)
{
	return (unsigned)f < DRAFT__COUNT ? field_names[f] : NULL;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

void draft_fail(vn_draft_check *c, vn_draft_field f, const char *fmt, ...)
{
	va_list ap;

	if (c->error[f][0])
		return;
	va_start(ap, fmt);
	vsnprintf(c->error[f], sizeof(c->error[f]), fmt, ap);
	va_end(ap);
}

/* s cut to CLIP bytes at a character's end, with "…" when cut: a message quotes that */
static const char *clip(const char *s, clip_buf out)
{
	size_t n = strlen(s);

	if (n <= CLIP)
		return s;
	for (n = CLIP; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		;
	snprintf(out, sizeof(clip_buf), "%.*s\xe2\x80\xa6", (int)n, s);
	return out;
}

bool draft_ok(const vn_draft_check *c)
{
	for (int f = 0; f < DRAFT__COUNT; f++)
		if (c->error[f][0])
			return false;
	return true;
}

/* "ADDR/PREFIX" of family; -1 (and the field's message) when it is not one */
static int parse_space(vn_draft_check *c, vn_draft_field f, const char *text, int family,
		       vn_addr *addr, int *prefix)
{
	char buf[VN_ADDR_STRLEN + 8], *slash, *end;
	const char *example = family == AF_INET ? "192.168.100.0/24" : "fd00:1234:5678::/64";
	long p;

	if (strlen(text) >= sizeof(buf) || !(slash = strchr(strcpy(buf, text), '/'))) {
		draft_fail(c, f, "'%s' is not an address space: write ADDRESS/PREFIX, such as %s",
			   clip(text, (clip_buf){0}), example);
		return -1;
	}
	*slash = '\0';
	p = strtol(slash + 1, &end, 10);
	if (addr_parse(buf, family, addr) < 0 || end == slash + 1 || *end || p < 0 ||
	    p > (family == AF_INET ? 32 : 128)) {
		draft_fail(c, f, "'%s' is not an address space: write ADDRESS/PREFIX, such as %s",
			   clip(text, (clip_buf){0}), example);
		return -1;
	}
	*prefix = (int)p;
	return 0;
}

static bool within(const vn_addr *a, const char *net, int prefix)
{
	vn_addr n;

	return addr_parse(net, a->family, &n) == 0 && addr_in_subnet(a, &n, prefix);
}

/* The address the bridge takes: the one given, or the first of the space when the network's
 * own address was given */
static void bridge_address(const vn_addr *given, int prefix, vn_addr *out)
{
	vn_addr net;
	int last = addr_bits(given) / 8 - 1;

	addr_mask(given, prefix, &net);
	*out = *given;
	if (addr_equal(given, &net))
		out->u.bytes[last] |= 1;
}

/* The upper half of the space, less the broadcast address: virt-manager's suggestion */
static void suggest_range(vn_draft_check *c)
{
	vn_addr start, end;
	uint32_t net = ntohl(c->v4net.u.in4.s_addr), size = 1u << (32 - c->v4prefix);

	start = end = c->v4net;
	start.u.in4.s_addr = htonl(net + size / 2);
	end.u.in4.s_addr = htonl(net + size - 2);
	addr_format(&start, c->dhcp_start);
	addr_format(&end, c->dhcp_end);
}

static void check_ipv4(const vn_draft *d, vn_draft_check *c)
{
	vn_addr a, gw, bcast;
	int p;

	if (empty(d->ipv4) || parse_space(c, DRAFT_IPV4, d->ipv4, AF_INET, &a, &p) < 0)
		return;
	if (!(within(&a, "10.0.0.0", 8) || within(&a, "172.16.0.0", 12) ||
	      within(&a, "192.168.0.0", 16)) || p < 8) {
		draft_fail(c, DRAFT_IPV4, "%s is not a private address space: choose one inside "
			   "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)", d->ipv4);
		return;
	}
	if (p > 29) {
		draft_fail(c, DRAFT_IPV4, "/%d leaves no room for guests: use a prefix of 29 or "
			   "less (/24 holds 253 guests)", p);
		return;
	}
	addr_mask(&a, p, &c->v4net);
	addr_broadcast(&c->v4net, p, &bcast);
	bridge_address(&a, p, &gw);
	if (addr_equal(&a, &bcast)) {
		draft_fail(c, DRAFT_IPV4, "%s is the broadcast address of the space: give the "
			   "space (such as %s/%d) or the host's address in it",
			   d->ipv4, addr_format(&c->v4net, (char[VN_ADDR_STRLEN]){0}), p);
		return;
	}
	c->v4prefix = p;
	suggest_range(c);
}

static void check_dhcp(const vn_draft *d, vn_draft_check *c)
{
	vn_addr s, e;
	vn_err err = {0};

	if (empty(d->dhcp_start) && empty(d->dhcp_end))
		return;
	if (empty(d->dhcp_start) || empty(d->dhcp_end)) {
		draft_fail(c, DRAFT_DHCP, "give both ends of the DHCP range, or neither for no DHCP");
		return;
	}
	if (empty(d->ipv4)) {
		draft_fail(c, DRAFT_DHCP, "DHCP needs an IPv4 address space: give one, or leave the "
			   "range empty");
		return;
	}
	if (addr_parse(d->dhcp_start, AF_INET, &s) < 0 || addr_parse(d->dhcp_end, AF_INET, &e) < 0) {
		draft_fail(c, DRAFT_DHCP, "'%s' - '%s' is not a range of IPv4 addresses",
			   clip(d->dhcp_start, (clip_buf){0}), clip(d->dhcp_end, (clip_buf){0}));
		return;
	}
	if (!c->v4net.family)
		return;   /* the space's own message says what is wrong */
	if (!addr_in_subnet(&s, &c->v4net, c->v4prefix) ||
	    !addr_in_subnet(&e, &c->v4net, c->v4prefix)) {
		draft_fail(c, DRAFT_DHCP, "the range %s - %s is not inside the address space %s/%d: "
			   "use addresses from %s to %s", d->dhcp_start, d->dhcp_end,
			   addr_format(&c->v4net, (char[VN_ADDR_STRLEN]){0}), c->v4prefix,
			   c->dhcp_start, c->dhcp_end);
		return;
	}
	if (addr_range_check(&s, &e, &c->v4net, c->v4prefix, &err) < 0)
		draft_fail(c, DRAFT_DHCP, "%s", err.msg);
}

static void check_forward(const vn_draft *d, vn_draft_check *c)
{
	const char *mode = empty(d->forward) ? "nat" : d->forward;

	if (strcmp(mode, "none") && strcmp(mode, "nat") && strcmp(mode, "route") &&
	    strcmp(mode, "open")) {
		draft_fail(c, DRAFT_FORWARD, "'%s' is not a forward mode here: choose none "
			   "(isolated), nat, route or open", clip(mode, (clip_buf){0}));
		return;
	}
	if (strcmp(mode, "none") && empty(d->ipv4) && empty(d->ipv6))
		draft_fail(c, DRAFT_IPV4, "a network that forwards (%s) needs an address space: give "
			   "an IPv4 space or an IPv6 prefix, or make the network isolated", mode);
	if (empty(d->dev))
		return;
	if (strcmp(mode, "nat") && strcmp(mode, "route"))
		draft_fail(c, DRAFT_FORWARD, "only nat and route go out through one device; %s "
			   "takes none", strcmp(mode, "none") ? mode : "an isolated network");
	else if (!vt_ok(VT_IFNAME, d->dev))
		draft_fail(c, DRAFT_FORWARD, "'%s' is not an interface name (%s)",
			   clip(d->dev, (clip_buf){0}), vt_rule(VT_IFNAME));
}

static void check_ipv6(const vn_draft *d, vn_draft_check *c)
{
	vn_addr a;
	int p;

	if (empty(d->ipv6) || parse_space(c, DRAFT_IPV6, d->ipv6, AF_INET6, &a, &p) < 0)
		return;
	if ((a.u.bytes[0] & 0xfe) != 0xfc) {
		draft_fail(c, DRAFT_IPV6, "%s is not a private (unique local) prefix: choose one "
			   "inside fc00::/7, such as fd00:1234:5678::/64", d->ipv6);
		return;
	}
	if (p != 64) {
		draft_fail(c, DRAFT_IPV6, "the IPv6 prefix must be /64: guests configure "
			   "themselves from router advertisements, which need /64");
		return;
	}
	addr_mask(&a, p, &c->v6net);
	c->v6prefix = p;
}

static void check_domain(const vn_draft *d, vn_draft_check *c)
{
	if (!empty(d->domain) && !vt_ok(VT_DNS_NAME, d->domain))
		draft_fail(c, DRAFT_DOMAIN, "'%s' is not a DNS domain (%s)",
			   clip(d->domain, (clip_buf){0}), vt_rule(VT_DNS_NAME));
}

/* UTF-8 without a control character: what a field is, and what a message may quote */
static bool plain_text(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return utf8_valid(s, strlen(s));
}

/* A field that is not plain text fails at once; its message does not quote it */
static void check_text(const vn_draft *d, vn_draft_check *c)
{
	const struct { const char *text; vn_draft_field f; const char *what; } t[] = {
		{ d->name, DRAFT_NAME, "the name" }, { d->ipv4, DRAFT_IPV4, "the address space" },
		{ d->dhcp_start, DRAFT_DHCP, "the range's start" },
		{ d->dhcp_end, DRAFT_DHCP, "the range's end" },
		{ d->forward, DRAFT_FORWARD, "the forward mode" },
		{ d->dev, DRAFT_FORWARD, "the device" }, { d->ipv6, DRAFT_IPV6, "the IPv6 prefix" },
		{ d->domain, DRAFT_DOMAIN, "the domain" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!empty(t[i].text) && !plain_text(t[i].text))
			draft_fail(c, t[i].f, "%s has a control character or bytes that are not "
				   "UTF-8: type it again", t[i].what);
}

void draft_check(const vn_draft *d, vn_draft_check *c)
{
	*c = (vn_draft_check){0};
	check_text(d, c);
	if (empty(d->name))
		draft_fail(c, DRAFT_NAME, "a network needs a name");
	check_ipv4(d, c);
	check_dhcp(d, c);
	check_forward(d, c);
	check_ipv6(d, c);
	check_domain(d, c);
}
