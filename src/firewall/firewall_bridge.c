/* firewall_bridge.c - per-port guest protection in our bridge-family table (pure text)
 *
 * Frames from a protected port are checked in its network's <bridge>_from chain: the port's
 * own MAC only (a port whose MAC is unknown, plugged by QEMU's bridge helper, learns it from
 * its first frame); no DHCP server, no router advertisements; ARP only for its own addresses;
 * IPv4 only from its addresses (DHCP from 0.0.0.0 allowed); IPv6 only from link-local, the
 * unspecified address and the network's prefixes, or, for a port with a reserved IPv6
 * address, from that address alone. "Its addresses" are the reserved one and
 * those dnsmasq leases it: <bridge>_to sees the DHCPACK leave the host towards the port and
 * adds yiaddr to port_ip4 for the lease time, so no process has to watch leases (only the
 * network's own server, from its own address, for an address of its subnet). Every check keys
 * on the port's name, so one chain serves all ports of a network (see firewall_bridge.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/port_def.h"
#include "firewall/firewall_bridge.h"

void fwb_render_base(vn_buf *b, const char *t)
{
	buf_printf(b, "add table bridge %s\n", t);
	buf_printf(b, "add map bridge %s police { type ifname : verdict; }\n", t);
	buf_printf(b, "add map bridge %s port_in { type ifname : verdict; }\n", t);
	buf_printf(b, "add map bridge %s port_out { type ifname : verdict; }\n", t);
	buf_printf(b, "add set bridge %s learning { type ifname; flags dynamic; }\n", t);
	/* raw payload keys: a DHCPACK's chaddr and yiaddr must compare equal to ether/ip saddr */
	buf_printf(b, "add set bridge %s port_mac { typeof iifname . @ll,48,48; flags dynamic; }\n",
		   t);
	buf_printf(b,
		   "add set bridge %s port_ip4 { typeof iifname . @nh,96,32; flags "
		   "dynamic,timeout; }\n",
		   t);
	/* ports with a reserved IPv6 address are held to it (and link-local) */
	buf_printf(b, "add set bridge %s pinned6 { type ifname; }\n", t);
	buf_printf(b, "add set bridge %s port_ip6 { typeof iifname . ip6 saddr; }\n", t);
	buf_printf(b,
		   "add chain bridge %s prerouting { type filter hook prerouting priority filter; "
		   "policy accept; }\n",
		   t);
	buf_printf(b,
		   "add chain bridge %s output { type filter hook output priority filter; policy "
		   "accept; }\n",
		   t);
	buf_printf(b, "add chain bridge %s learn\nflush chain bridge %s learn\n", t, t);
	buf_printf(b,
		   "add rule bridge %s learn delete @learning { iifname } add @port_mac { iifname "
		   ". @ll,48,48 }\n",
		   t);
	fwo_render_base(b, t);
	buf_printf(b, "flush chain bridge %s prerouting\n", t);
	/* an overlay's rules (firewall_overlay.c) come first: they steer, the ports' check */
	buf_printf(b, "add rule bridge %s prerouting ether daddr vmap @ovl_dst\n", t);
	buf_printf(b, "add rule bridge %s prerouting iifname vmap @ovl_from\n", t);
	buf_printf(b, "add rule bridge %s prerouting iifname vmap @police\n", t);
	buf_printf(b, "add rule bridge %s prerouting iifname vmap @port_in\n", t);
	buf_printf(b, "flush chain bridge %s output\n", t);
	buf_printf(b, "add rule bridge %s output oifname vmap @port_out\n", t);
	/* a table made before learning moved to output also learned from bridged frames there */
	buf_printf(b,
		   "add chain bridge %s postrouting { type filter hook postrouting priority "
		   "filter; policy accept; }\n",
		   t);
	buf_printf(b, "flush chain bridge %s postrouting\ndelete chain bridge %s postrouting\n", t,
		   t);
}

static void v6_rules(vn_buf *b, const char *t, const char *c, const vn_network *n)
{
	/* one rule per prefix, not an anonymous interval set: libnftables reads every interval
	 * set's elements before each transaction */
	buf_printf(b, "add rule bridge %s %s ip6 saddr :: accept\n", t, c);
	buf_printf(b, "add rule bridge %s %s ip6 saddr fe80::/10 accept\n", t, c);
	buf_printf(b,
		   "add rule bridge %s %s iifname @pinned6 iifname . ip6 saddr != @port_ip6 "
		   "counter drop\n",
		   t, c);
	for (size_t i = 0; i < n->nips; i++) {
		char s[VN_ADDR_STRLEN];
		vn_addr net;
		int prefix = ip_def_prefix(&n->ips[i]);
		if (n->ips[i].address.family != AF_INET6)
			continue;
		addr_mask(&n->ips[i].address, prefix, &net);
		buf_printf(b, "add rule bridge %s %s ip6 saddr %s/%d accept\n", t, c,
			   addr_format(&net, s), prefix);
	}
	buf_printf(b, "add rule bridge %s %s meta protocol ip6 counter drop\n", t, c);
}

static void from_chain(vn_buf *b, const char *t, const char *c, const vn_network *n)
{
	static const char *const rules[] = {
		"iifname @learning jump learn",
		"iifname . @ll,48,48 != @port_mac counter drop",
		"meta protocol arp iifname . @nh,64,48 != @port_mac counter drop",
		"udp sport { 67, 547 } counter drop",
		"icmpv6 type nd-router-advert counter drop",
		"arp saddr ip 0.0.0.0 accept",
		"meta protocol arp iifname . @nh,112,32 @port_ip4 accept",
		"meta protocol arp counter drop",
		"ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept",
		"meta protocol ip iifname . @nh,96,32 @port_ip4 accept",
		"meta protocol ip counter drop",
	};

	buf_printf(b, "add chain bridge %s %s\nflush chain bridge %s %s\n", t, c, t, c);
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		buf_printf(b, "add rule bridge %s %s %s\n", t, c, rules[i]);
	v6_rules(b, t, c, n);
}

/* The network's own IPv4 addresses, as an nft value: "10.0.0.1" or "{ 10.0.0.1, 10.1.0.1 }"
 * (with several, the kernel rather than dnsmasq picks a broadcast reply's source). */
static void own_ipv4(const vn_network *n, vn_buf *out)
{
	size_t count = 0, k = 0;

	for (size_t i = 0; i < n->nips; i++)
		count += n->ips[i].address.family == AF_INET;
	buf_add(out, count > 1 ? "{ " : "");
	for (size_t i = 0; i < n->nips; i++) {
		char s[VN_ADDR_STRLEN];
		if (n->ips[i].address.family == AF_INET)
			buf_printf(out, "%s%s", k++ ? ", " : "",
				   addr_format(&n->ips[i].address, s));
	}
	buf_add(out, count > 1 ? " }" : "");
}

/* The first and last IPv4 address of an <ip>'s subnet, as BOOTP's yiaddr compares. */
static bool subnet_range(const vn_ip_def *ip, uint32_t *lo, uint32_t *hi)
{
	const uint8_t *a = ip->address.u.bytes;
	int prefix = ip_def_prefix(ip);
	uint32_t mask, v = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];

	if (prefix < 0 || prefix > 32)
		return false;
	mask = prefix ? ~0u << (32 - prefix) : 0;
	*lo = v & mask;
	*hi = *lo | ~mask;
	return true;
}

/* A DHCPACK (option 53 = 5, which dnsmasq writes first) towards the client the port holds,
 * sent by the host (this chain hangs off the output hook: frames bridged from another port
 * never reach it) from one of the network's own addresses, leasing an address of one of its
 * subnets. Routed frames leave through the output hook too: the inet table drops forwarded
 * DHCP server traffic towards the bridge (firewall.c), so no forged source gets here. */
static void to_chain(vn_buf *b, const char *t, const char *c, const vn_network *n, unsigned lease_s)
{
	char timeout[32] = "";
	vn_buf src = {0};
	uint32_t lo, hi;

	if (lease_s)
		snprintf(timeout, sizeof(timeout), " timeout %us", lease_s);
	own_ipv4(n, &src);
	b->oom |= src.oom;
	buf_printf(b, "add chain bridge %s %s\nflush chain bridge %s %s\n", t, c, t, c);
	for (size_t i = 0; !src.oom && i < n->nips; i++) {
		if (n->ips[i].address.family != AF_INET || !subnet_range(&n->ips[i], &lo, &hi))
			continue;
		buf_printf(b,
			   "add rule bridge %s %s ip saddr %s udp sport 67 udp dport 68 @th,192,32 "
			   "0x%08x-0x%08x "
			   "@th,1984,24 0x350105 oifname . @th,288,48 @port_mac update @port_ip4 { "
			   "oifname . @th,192,32%s }\n",
			   t, c, src.s, lo, hi, timeout);
	}
	buf_free(&src);
}

static void network_chains(const vn_network *n, char from[80], char to[80])
{
	char id[64];

	fw_chain_id(n->bridge, id);
	snprintf(from, 80, "%s_from", id);
	snprintf(to, 80, "%s_to", id);
}

void fwb_render_learned(vn_buf *b, const char *t, const char *ifname, const vn_addr *ip,
			unsigned seconds)
{
	char timeout[32] = "";

	if (ip->family != AF_INET)
		return;
	if (seconds)
		snprintf(timeout, sizeof(timeout), " timeout %us", seconds);
	buf_printf(b, "add element bridge %s port_ip4 { \"%s\" . 0x%02x%02x%02x%02x%s }\n", t,
		   ifname, ip->u.bytes[0], ip->u.bytes[1], ip->u.bytes[2], ip->u.bytes[3], timeout);
}

void fwb_render_network(vn_buf *b, const char *t, const vn_network *n, unsigned lease_s)
{
	char from[80], to[80];

	network_chains(n, from, to);
	from_chain(b, t, from, n);
	to_chain(b, t, to, n, lease_s);
}

/* libvirt's <outbound>: a policer on what the guest sends, average in kilobytes/s (1000 bytes),
 * burst in KiB (default: one second's worth, as libvirt gives tc's police). An nft limit
 * rather than tc police: it needs no act_police module and sits in our one table. */
static void police_chain(vn_buf *b, const char *t, const vn_port *p, const vn_bw_rate *out)
{
	unsigned long long burst = out->burst ? out->burst : out->average;
	char id[64];

	fw_chain_id(p->ifname, id);
	buf_printf(b, "add chain bridge %s %s_police\nflush chain bridge %s %s_police\n", t, id, t,
		   id);
	buf_printf(b,
		   "add rule bridge %s %s_police limit rate over %llu bytes/second burst %llu "
		   "bytes counter drop\n",
		   t, id, out->average * 1000, burst * 1024);
	buf_printf(b, "add element bridge %s police { \"%s\" : jump %s_police }\n", t, p->ifname,
		   id);
}

void fwb_render_port(vn_buf *b, const char *t, const vn_port *p, const vn_fwb_opts *o,
		     const vn_network *n)
{
	char from[80], to[80];

	if (o->outbound)
		police_chain(b, t, p, o->outbound);
	if (!o->protect)
		return;
	network_chains(n, from, to);
	if (p->mac_known)
		buf_printf(b,
			   "add element bridge %s port_mac { \"%s\" . 0x%02x%02x%02x%02x%02x%02x "
			   "}\n",
			   t, p->ifname, p->mac.b[0], p->mac.b[1], p->mac.b[2], p->mac.b[3],
			   p->mac.b[4], p->mac.b[5]);
	else
		buf_printf(b, "add element bridge %s learning { \"%s\" }\n", t, p->ifname);
	if (p->ip.family == AF_INET)
		buf_printf(b, "add element bridge %s port_ip4 { \"%s\" . 0x%02x%02x%02x%02x }\n", t,
			   p->ifname, p->ip.u.bytes[0], p->ip.u.bytes[1], p->ip.u.bytes[2],
			   p->ip.u.bytes[3]);
	if (p->ip.family == AF_INET6) {
		char a[VN_ADDR_STRLEN];
		buf_printf(b, "add element bridge %s port_ip6 { \"%s\" . %s }\n", t, p->ifname,
			   addr_format(&p->ip, a));
		buf_printf(b, "add element bridge %s pinned6 { \"%s\" }\n", t, p->ifname);
	}
	buf_printf(b, "add element bridge %s port_in { \"%s\" : jump %s }\n", t, p->ifname, from);
	buf_printf(b, "add element bridge %s port_out { \"%s\" : jump %s }\n", t, p->ifname, to);
}

char *fwb_render_port_add(const char *table, const vn_port *p, const vn_network *n,
			  const vn_fwb_opts *o)
{
	vn_buf b = {0};

	fwb_render_base(&b, table);
	if (o->protect)
		fwb_render_network(&b, table, n, o->lease_s);
	fwb_render_port(&b, table, p, o, n);
	return buf_steal(&b);
}
