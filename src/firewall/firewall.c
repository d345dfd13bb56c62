/* firewall.c - pure nft rule text for the networks we run */
#include "firewall/firewall.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "util/buf.h"

bool fw_network_has_rules(const vn_network *n)
{
	return n->forward.mode == FWD_NONE || n->forward.mode == FWD_NAT ||
	       n->forward.mode == FWD_ROUTE;
}

void fw_chain_id(const char *bridge, char out[64])
{
	size_t k = 0;

	for (const char *p = bridge; *p && k + 4 < 64; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			out[k++] = (char)c;
		else
			k += (size_t)snprintf(out + k, 64 - k, "_%02x", c);
	}
	out[k] = '\0';
}

static void base_objects(vn_buf *b, const char *t)
{
	buf_printf(b, "add table inet %s\n", t);
	buf_printf(b, "add set inet %s cross { type ifname . ifname; }\n", t);
	buf_printf(b, "add set inet %s svc { type ifname; }\n", t);
	buf_printf(b, "add set inet %s tftp { type ifname; }\n", t);
	buf_printf(b, "add map inet %s fwd_in { type ifname : verdict; }\n", t);
	buf_printf(b, "add map inet %s fwd_out { type ifname : verdict; }\n", t);
	buf_printf(b, "add map inet %s nat { type ifname : verdict; }\n", t);
	buf_printf(b,
		   "add chain inet %s input { type filter hook input priority filter; policy "
		   "accept; }\n",
		   t);
	buf_printf(b,
		   "add chain inet %s forward { type filter hook forward priority filter; policy "
		   "accept; }\n",
		   t);
	buf_printf(b,
		   "add chain inet %s postrouting { type nat hook postrouting priority srcnat; "
		   "policy accept; }\n",
		   t);
	/* re-created on every change: fixed in number, and repaired if someone edited them */
	buf_printf(b, "flush chain inet %s input\n", t);
	buf_printf(b,
		   "add rule inet %s input iifname @svc meta l4proto udp th dport { 53, 67, 547 } "
		   "counter accept\n",
		   t);
	buf_printf(b, "add rule inet %s input iifname @svc tcp dport 53 counter accept\n", t);
	buf_printf(b, "add rule inet %s input iifname @tftp udp dport 69 counter accept\n", t);
	buf_printf(b, "flush chain inet %s forward\n", t);
	buf_printf(b, "add rule inet %s forward iifname . oifname @cross counter accept\n", t);
	buf_printf(b, "add rule inet %s forward oifname vmap @fwd_in\n", t);
	buf_printf(b, "add rule inet %s forward iifname vmap @fwd_out\n", t);
	buf_printf(b, "flush chain inet %s postrouting\n", t);
	buf_printf(b, "add rule inet %s postrouting iifname vmap @nat\n", t);
}

/* A subnet as "192.168.122.0/24"; *fam gets "ip" or "ip6". */
static void subnet_text(const vn_ip_def *ip, char *out, size_t len, const char **fam)
{
	char s[VN_ADDR_STRLEN];
	vn_addr net;
	int prefix = ip_def_prefix(ip);

	addr_mask(&ip->address, prefix, &net);
	snprintf(out, len, "%s/%d", addr_format(&net, s), prefix);
	*fam = ip->address.family == AF_INET ? "ip" : "ip6";
}

/* "ip daddr 192.168.122.0/24" and the like. */
static void subnet_match(const vn_ip_def *ip, const char *field, char *out, size_t len)
{
	char net[64];
	const char *fam;

	subnet_text(ip, net, sizeof(net), &fam);
	snprintf(out, len, "%s %s %s", fam, field, net);
}

static void rule(vn_buf *b, const char *t, const char *chain, const char *fmt, const char *a,
		 const char *c)
{
	buf_printf(b, "add rule inet %s %s ", t, chain);
	buf_printf(b, fmt, a, c);
	buf_addc(b, '\n');
}

/* Only the host's own dnsmasq answers the guests' DHCP: the bridge table learns a guest's
 * address from the DHCPACKs leaving the host (firewall_bridge.c), and routed ones leave it
 * too. Before nat's "established" accept, as a guest can provoke such a reply from outside. */
static void chain_in_no_dhcp_server(vn_buf *b, const char *t, const char *chain)
{
	buf_printf(b, "add rule inet %s %s udp sport 67 udp dport 68 counter drop\n", t, chain);
	buf_printf(b, "add rule inet %s %s udp sport 547 udp dport 546 counter drop\n", t, chain);
}

/* Inbound (to the guests): nat allows replies only (IPv6 too when it is NATed), route allows
 * all. */
static void chain_in(vn_buf *b, const char *t, const vn_network *n, const char *chain)
{
	const char *dev = net_forward_dev(n, 0);
	char iif[64] = "", sub[96];

	chain_in_no_dhcp_server(b, t, chain);
	if (dev)
		snprintf(iif, sizeof(iif), "iifname \"%s\" ", dev);
	for (size_t i = 0; n->forward.mode != FWD_NONE && i < n->nips; i++) {
		bool v6 = n->ips[i].address.family == AF_INET6;
		bool replies_only = n->forward.mode == FWD_NAT &&
				    (!v6 || n->forward.nat_ipv6 == TRI_YES);
		subnet_match(&n->ips[i], "daddr", sub, sizeof(sub));
		rule(b, t, chain, replies_only ? "%s%s ct state established,related counter accept"
				 : "%s%s counter accept", iif, sub);
	}
	buf_printf(b, "add rule inet %s %s counter reject\n", t, chain);
}

static void chain_out(vn_buf *b, const char *t, const vn_network *n, const char *chain)
{
	const char *dev = net_forward_dev(n, 0);
	char oif[64] = "", sub[96];

	if (dev)
		snprintf(oif, sizeof(oif), "oifname \"%s\" ", dev);
	for (size_t i = 0; n->forward.mode != FWD_NONE && i < n->nips; i++) {
		subnet_match(&n->ips[i], "saddr", sub, sizeof(sub));
		rule(b, t, chain, "%s%s counter accept", oif, sub);
	}
	buf_printf(b, "add rule inet %s %s counter reject\n", t, chain);
}

/* The translation a subnet gets, like libvirt: tcp/udp keep source ports in a range
 * (1024-65535 unless <nat><port> says otherwise), other protocols are translated plainly;
 * masquerade, or SNAT to the <nat><address> range for IPv4. One rule per protocol rather
 * than an anonymous set: libnftables fetches the elements of every interval set before each
 * change, so a set per network would make every start pay for all the others. */
static void nat_translation(vn_buf *b, const char *t, const char *chain, const vn_network *n,
			    const char *match, bool v4)
{
	const vn_forward *f = &n->forward;
	unsigned p1 = f->port_start || f->port_end ? f->port_start : 1024,
		 p2 = f->port_start || f->port_end ? f->port_end : 65535;
	char s[VN_ADDR_STRLEN], e[VN_ADDR_STRLEN], to[128] = "";

	if (v4 && addr_valid(&f->nat_start))
		snprintf(to, sizeof(to), "%s-%s", addr_format(&f->nat_start, s),
			 addr_format(&f->nat_end, e));
	for (int k = 0; k < 2; k++) {
		const char *proto = k ? "udp" : "tcp";
		if (to[0])
			buf_printf(b,
				   "add rule inet %s %s %s meta l4proto %s counter snat ip to "
				   "%s:%u-%u\n",
				   t, chain, match, proto, to, p1, p2);
		else
			buf_printf(b,
				   "add rule inet %s %s %s meta l4proto %s counter masquerade to "
				   ":%u-%u\n",
				   t, chain, match, proto, p1, p2);
	}
	if (to[0])
		buf_printf(b, "add rule inet %s %s %s counter snat ip to %s\n", t, chain, match,
			   to);
	else
		buf_printf(b, "add rule inet %s %s %s counter masquerade\n", t, chain, match);
}

static void chain_nat(vn_buf *b, const char *t, const vn_network *n, const char *chain)
{
	const char *dev = net_forward_dev(n, 0);
	char net[64];
	const char *fam;

	if (dev)
		buf_printf(b, "add rule inet %s %s oifname != \"%s\" return\n", t, chain, dev);
	buf_printf(b, "add rule inet %s %s ip daddr 224.0.0.0/24 return\n", t, chain);
	buf_printf(b, "add rule inet %s %s ip daddr 255.255.255.255 return\n", t, chain);
	buf_printf(b, "add rule inet %s %s ip6 daddr ff02::/16 return\n", t, chain);
	for (size_t i = 0; i < n->nips; i++) {
		const vn_ip_def *ip = &n->ips[i];
		bool v4 = ip->address.family == AF_INET;
		char match[224];
		if (!v4 && n->forward.nat_ipv6 != TRI_YES)
			continue;   /* IPv6 is routed unless <nat ipv6='yes'> */
		subnet_text(ip, net, sizeof(net), &fam);
		snprintf(match, sizeof(match), "%s saddr %s %s daddr != %s", fam, net, fam, net);
		nat_translation(b, t, chain, n, match, v4);
	}
}

static bool network_needs_dnsmasq_input(const vn_network *n)
{
	return n->nips > 0;
}

static bool network_has_tftp(const vn_network *n)
{
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].tftp_root)
			return true;
	return false;
}

static void network_objects(vn_buf *b, const char *t, const vn_network *n)
{
	char id[64], in[80], out[80], nat[80];

	fw_chain_id(n->bridge, id);
	snprintf(in, sizeof(in), "%s_in", id);
	snprintf(out, sizeof(out), "%s_out", id);
	snprintf(nat, sizeof(nat), "%s_nat", id);
	buf_printf(b, "add chain inet %s %s\nflush chain inet %s %s\n", t, in, t, in);
	chain_in(b, t, n, in);
	buf_printf(b, "add chain inet %s %s\nflush chain inet %s %s\n", t, out, t, out);
	chain_out(b, t, n, out);
	buf_printf(b, "add element inet %s fwd_in { \"%s\" : jump %s }\n", t, n->bridge, in);
	buf_printf(b, "add element inet %s fwd_out { \"%s\" : jump %s }\n", t, n->bridge, out);
	buf_printf(b, "add element inet %s cross { \"%s\" . \"%s\" }\n", t, n->bridge, n->bridge);
	if (network_needs_dnsmasq_input(n))
		buf_printf(b, "add element inet %s svc { \"%s\" }\n", t, n->bridge);
	if (network_has_tftp(n))
		buf_printf(b, "add element inet %s tftp { \"%s\" }\n", t, n->bridge);
	if (n->forward.mode == FWD_NAT) {
		buf_printf(b, "add chain inet %s %s\nflush chain inet %s %s\n", t, nat, t, nat);
		chain_nat(b, t, n, nat);
		buf_printf(b, "add element inet %s nat { \"%s\" : jump %s }\n", t, n->bridge, nat);
	}
}

char *fw_render_add(const char *table, const vn_network *n)
{
	vn_buf b = {0};

	base_objects(&b, table);
	network_objects(&b, table, n);
	return buf_steal(&b);
}

char *fw_render_remove(const char *t, const vn_network *n)
{
	vn_buf b = {0};
	char id[64];

	fw_chain_id(n->bridge, id);
	buf_printf(&b, "delete element inet %s fwd_in { \"%s\" }\n", t, n->bridge);
	buf_printf(&b, "delete element inet %s fwd_out { \"%s\" }\n", t, n->bridge);
	buf_printf(&b, "delete element inet %s cross { \"%s\" . \"%s\" }\n", t, n->bridge,
		   n->bridge);
	if (network_needs_dnsmasq_input(n))
		buf_printf(&b, "delete element inet %s svc { \"%s\" }\n", t, n->bridge);
	if (network_has_tftp(n))
		buf_printf(&b, "delete element inet %s tftp { \"%s\" }\n", t, n->bridge);
	buf_printf(&b, "delete chain inet %s %s_in\ndelete chain inet %s %s_out\n", t, id, t, id);
	if (n->forward.mode == FWD_NAT) {
		buf_printf(&b, "delete element inet %s nat { \"%s\" }\n", t, n->bridge);
		buf_printf(&b, "delete chain inet %s %s_nat\n", t, id);
	}
	return buf_steal(&b);
}

char *fw_render_full(const char *table, const vn_network *const *nets, size_t count)
{
	vn_buf b = {0};
	size_t with_rules = 0;

	/* "add" first so that "delete" cannot fail on a missing table */
	buf_printf(&b, "add table inet %s\ndelete table inet %s\n", table, table);
	for (size_t i = 0; i < count; i++)
		with_rules += fw_network_has_rules(nets[i]);
	if (with_rules)
		base_objects(&b, table);
	for (size_t i = 0; i < count; i++)
		if (fw_network_has_rules(nets[i]))
			network_objects(&b, table, nets[i]);
	return buf_steal(&b);
}
