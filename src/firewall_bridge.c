/* firewall_bridge.c - per-port guest protection in our bridge-family table (pure text)
 *
 * Frames from a port are checked in <port>_from (reached through the port_in verdict map):
 * its own MAC only; no DHCP server, no router advertisements; ARP only for its own
 * addresses; IPv4 only from its addresses (DHCP from 0.0.0.0 allowed); IPv6 only from
 * link-local, the unspecified address and the network's prefixes. "Its addresses" are the
 * reserved one and those dnsmasq leases it: <port>_to sees the DHCPACK leave towards the
 * port and copies yiaddr into the ip4 set for the lease time, so no helper process has to
 * watch leases. A port whose MAC is unknown (QEMU's bridge helper does not say) learns it
 * from its first frame and is held to it from then on. The same chain polices what the guest
 * sends (<outbound> bandwidth), also on networks without protection. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/port_def.h"
#include "firewall.h"
#include "util/buf.h"

static void base(vn_buf *b, const char *t)
{
	buf_printf(b, "add table bridge %s\n", t);
	buf_printf(b, "add map bridge %s port_in { type ifname : verdict; }\n", t);
	buf_printf(b, "add map bridge %s port_out { type ifname : verdict; }\n", t);
	buf_printf(b, "add chain bridge %s prerouting { type filter hook prerouting priority filter; policy accept; }\n", t);
	buf_printf(b, "add chain bridge %s postrouting { type filter hook postrouting priority filter; policy accept; }\n", t);
	buf_printf(b, "flush chain bridge %s prerouting\nadd rule bridge %s prerouting iifname vmap @port_in\n", t, t);
	buf_printf(b, "flush chain bridge %s postrouting\nadd rule bridge %s postrouting oifname vmap @port_out\n", t, t);
}

/* Per port: <id>_ip4 holds its IPv4 addresses (raw 32-bit keys: yiaddr in a DHCP reply and
 * ip saddr have to compare equal), <id>_mac the one MAC it learned (size 1: first wins). */
static void port_sets(vn_buf *b, const char *t, const char *id, const vn_port *p)
{
	buf_printf(b, "add set bridge %s %s_ip4 { typeof @nh,96,32; flags dynamic,timeout; }\n", t, id);
	if (!p->mac_known)
		buf_printf(b, "add set bridge %s %s_mac { typeof @ll,48,48; size 1; flags dynamic; }\n", t, id);
}

static void mac_rules(vn_buf *b, const char *t, const char *c, const char *id, const vn_port *p)
{
	char m[VN_MAC_STRLEN];

	if (!p->mac_known) {
		buf_printf(b, "add rule bridge %s %s update @%s_mac { @ll,48,48 }\n", t, c, id);
		buf_printf(b, "add rule bridge %s %s @ll,48,48 != @%s_mac counter drop\n", t, c, id);
		buf_printf(b, "add rule bridge %s %s meta protocol arp @nh,64,48 != @%s_mac counter drop\n", t, c, id);
		return;
	}
	mac_format(&p->mac, m);
	buf_printf(b, "add rule bridge %s %s ether saddr != %s counter drop\n", t, c, m);
	buf_printf(b, "add rule bridge %s %s arp saddr ether != %s counter drop\n", t, c, m);
}

static void v6_rules(vn_buf *b, const char *t, const char *c, const vn_network *n)
{
	/* two rules, not an anonymous interval set: libnftables reads every interval set's
	 * elements before each transaction, which would make each port slow down the next */
	buf_printf(b, "add rule bridge %s %s ip6 saddr :: accept\n", t, c);
	buf_printf(b, "add rule bridge %s %s ip6 saddr fe80::/10 accept\n", t, c);
	for (size_t i = 0; i < n->nips; i++) {
		char s[VN_ADDR_STRLEN];
		vn_addr net;
		int prefix = ip_def_prefix(&n->ips[i]);
		if (n->ips[i].address.family != AF_INET6)
			continue;
		addr_mask(&n->ips[i].address, prefix, &net);
		buf_printf(b, "add rule bridge %s %s ip6 saddr %s/%d accept\n", t, c, addr_format(&net, s), prefix);
	}
	buf_printf(b, "add rule bridge %s %s meta protocol ip6 counter drop\n", t, c);
}

/* libvirt's <outbound>: a policer on what the guest sends, average in kilobytes/s (1000 bytes),
 * burst in KiB (default: one second's worth, as libvirt gives tc's police). An nft limit
 * rather than tc police: it needs no act_police module and sits in our one table. */
static void outbound_rule(vn_buf *b, const char *t, const char *c, const vn_bw_rate *out)
{
	unsigned long long burst = out->burst ? out->burst : out->average;

	buf_printf(b, "add rule bridge %s %s limit rate over %llu bytes/second burst %llu bytes counter drop\n", t, c,
		   out->average * 1000, burst * 1024);
}

static void from_chain(vn_buf *b, const char *t, const char *c, const char *id, const vn_port *p, const vn_network *n,
		       const vn_fwb_opts *o)
{
	buf_printf(b, "add chain bridge %s %s\nflush chain bridge %s %s\n", t, c, t, c);
	if (o->outbound)
		outbound_rule(b, t, c, o->outbound);
	if (!o->protect)
		return;
	mac_rules(b, t, c, id, p);
	buf_printf(b, "add rule bridge %s %s udp sport { 67, 547 } counter drop\n", t, c);
	buf_printf(b, "add rule bridge %s %s icmpv6 type nd-router-advert counter drop\n", t, c);
	buf_printf(b, "add rule bridge %s %s arp saddr ip 0.0.0.0 accept\n", t, c);
	buf_printf(b, "add rule bridge %s %s meta protocol arp @nh,112,32 @%s_ip4 accept\n", t, c, id);
	buf_printf(b, "add rule bridge %s %s meta protocol arp counter drop\n", t, c);
	buf_printf(b, "add rule bridge %s %s ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept\n", t, c);
	buf_printf(b, "add rule bridge %s %s meta protocol ip @nh,96,32 @%s_ip4 accept\n", t, c, id);
	buf_printf(b, "add rule bridge %s %s meta protocol ip counter drop\n", t, c);
	v6_rules(b, t, c, n);
}

/* A DHCPACK (option 53 = 5, which dnsmasq writes first) for this port's client. */
static void to_chain(vn_buf *b, const char *t, const char *c, const char *id, const vn_port *p, const vn_fwb_opts *o)
{
	char timeout[32] = "";

	if (o->lease_s)
		snprintf(timeout, sizeof(timeout), " timeout %us", o->lease_s);
	buf_printf(b, "add chain bridge %s %s\nflush chain bridge %s %s\n", t, c, t, c);
	if (!o->protect)
		return;
	if (p->mac_known)
		buf_printf(b, "add rule bridge %s %s udp sport 67 udp dport 68 @th,1984,24 0x350105 "
			   "@th,288,48 0x%02x%02x%02x%02x%02x%02x update @%s_ip4 { @th,192,32%s }\n", t, c,
			   p->mac.b[0], p->mac.b[1], p->mac.b[2], p->mac.b[3], p->mac.b[4], p->mac.b[5], id, timeout);
	else
		buf_printf(b, "add rule bridge %s %s udp sport 67 udp dport 68 @th,1984,24 0x350105 "
			   "@th,288,48 @%s_mac update @%s_ip4 { @th,192,32%s }\n", t, c, id, id, timeout);
}

char *fwb_render_port_add(const char *table, const vn_port *p, const vn_network *n, const vn_fwb_opts *o)
{
	vn_buf b = {0};
	char id[64], from[80], to[80];

	fw_chain_id(p->ifname, id);
	snprintf(from, sizeof(from), "%s_from", id);
	snprintf(to, sizeof(to), "%s_to", id);
	base(&b, table);
	if (o->protect)
		port_sets(&b, table, id, p);
	from_chain(&b, table, from, id, p, n, o);
	to_chain(&b, table, to, id, p, o);
	buf_printf(&b, "add element bridge %s port_in { \"%s\" : jump %s }\n", table, p->ifname, from);
	buf_printf(&b, "add element bridge %s port_out { \"%s\" : jump %s }\n", table, p->ifname, to);
	if (o->protect && p->ip.family == AF_INET)
		buf_printf(&b, "add element bridge %s %s_ip4 { 0x%02x%02x%02x%02x }\n", table, id,
			   p->ip.u.bytes[0], p->ip.u.bytes[1], p->ip.u.bytes[2], p->ip.u.bytes[3]);
	return buf_steal(&b);
}

/* Everything of the port, learned addresses and MAC included. Each object is added (a no-op
 * when present) before it is deleted, so the removal succeeds whatever is left. */
char *fwb_render_port_remove(const char *table, const vn_port *p)
{
	vn_buf b = {0};
	char id[64];

	fw_chain_id(p->ifname, id);
	base(&b, table);
	buf_printf(&b, "add chain bridge %s %s_from\nadd chain bridge %s %s_to\n", table, id, table, id);
	buf_printf(&b, "add set bridge %s %s_ip4 { typeof @nh,96,32; flags dynamic,timeout; }\n", table, id);
	buf_printf(&b, "add set bridge %s %s_mac { typeof @ll,48,48; size 1; flags dynamic; }\n", table, id);
	buf_printf(&b, "add element bridge %s port_in { \"%s\" : jump %s_from }\n", table, p->ifname, id);
	buf_printf(&b, "add element bridge %s port_out { \"%s\" : jump %s_to }\n", table, p->ifname, id);
	buf_printf(&b, "delete element bridge %s port_in { \"%s\" }\n", table, p->ifname);
	buf_printf(&b, "delete element bridge %s port_out { \"%s\" }\n", table, p->ifname);
	buf_printf(&b, "flush chain bridge %s %s_from\nflush chain bridge %s %s_to\n", table, id, table, id);
	buf_printf(&b, "delete chain bridge %s %s_from\ndelete chain bridge %s %s_to\n", table, id, table, id);
	buf_printf(&b, "delete set bridge %s %s_ip4\ndelete set bridge %s %s_mac\n", table, id, table, id);
	return buf_steal(&b);
}
