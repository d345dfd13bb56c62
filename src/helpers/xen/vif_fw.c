/* vif_fw.c - nft text for a vif's slice of our vif tables (see vif_fw.h) */
#include "helpers/xen/vif_fw.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firewall/firewall.h"
#include "types/vtype.h"
#include "util/buf.h"

static const char *const inet_maps[] = { "vif_in", "vif_out", "vif_nat" };
static const char *const inet_suffix[] = { "in", "out", "nat" };

bool vif_fw_needed(const vif_fw_spec *s)
{
	return s->mode != VIF_MODE_BRIDGE || s->nips > 0 || s->rate;
}

static void inet_base(vn_buf *b, const char *t, bool rules)
{
	buf_printf(b, "add table inet %s\n", t);
	for (size_t i = 0; i < 3; i++)
		buf_printf(b, "add map inet %s %s { type ifname : verdict; }\n", t, inet_maps[i]);
	if (!rules)
		return;
	buf_printf(b,
		   "add chain inet %s forward { type filter hook forward priority filter; "
		   "policy accept; }\n",
		   t);
	buf_printf(b,
		   "add chain inet %s postrouting { type nat hook postrouting priority srcnat; "
		   "policy accept; }\n",
		   t);
	/* re-created on every change: fixed in number, and repaired if someone edited them */
	buf_printf(b, "flush chain inet %s forward\n", t);
	buf_printf(b, "add rule inet %s forward iifname vmap @vif_out\n", t);
	buf_printf(b, "add rule inet %s forward oifname vmap @vif_in\n", t);
	buf_printf(b, "flush chain inet %s postrouting\n", t);
	buf_printf(b, "add rule inet %s postrouting iifname vmap @vif_nat\n", t);
}

static void bridge_base(vn_buf *b, const char *t, bool rules)
{
	buf_printf(b, "add table bridge %s\n", t);
	buf_printf(b, "add map bridge %s vif_from { type ifname : verdict; }\n", t);
	if (!rules)
		return;
	buf_printf(b,
		   "add chain bridge %s prerouting { type filter hook prerouting priority filter; "
		   "policy accept; }\n",
		   t);
	buf_printf(b, "flush chain bridge %s prerouting\n", t);
	buf_printf(b, "add rule bridge %s prerouting iifname vmap @vif_from\n", t);
}

/* "{ 10.0.3.1, 10.1.0.0/16 }": each entry as its network (a host without a prefix). */
static void ip_set(vn_buf *b, const vif_ip *ips, size_t n, const char *extra)
{
	char s[VN_ADDR_STRLEN];

	buf_add(b, "{ ");
	for (size_t i = 0; i < n; i++) {
		vn_addr net;
		int prefix = ips[i].prefix < 0 ? 32 : ips[i].prefix;
		addr_mask(&ips[i].addr, prefix, &net);
		buf_printf(b, "%s%s", i ? ", " : "", addr_format(&net, s));
		if (prefix < 32)
			buf_printf(b, "/%d", prefix);
	}
	if (extra)
		buf_printf(b, "%s%s", n ? ", " : "", extra);
	buf_add(b, " }");
}

/* "add chain F T C" + flush: the chain rewritten whole. */
static void chain(vn_buf *b, const char *fam, const char *t, const char *c)
{
	buf_printf(b, "add chain %s %s %s\nflush chain %s %s %s\n", fam, t, c, fam, t, c);
}

static void police(vn_buf *b, const char *fam, const char *t, const char *c, const vif_rate *rate)
{
	vn_bw_rate bw;

	if (!rate)
		return;
	vif_rate_to_bw(rate, &bw);
	buf_printf(b,
		   "add rule %s %s %s limit rate over %llu bytes/second burst %llu bytes counter "
		   "drop\n",
		   fam, t, c, bw.average * 1000, bw.burst * 1024);
}

static void inet_out(vn_buf *b, const char *t, const char *c, const vif_fw_spec *s)
{
	chain(b, "inet", t, c);
	police(b, "inet", t, c, s->rate);
	if (!s->nips)
		return;
	buf_printf(b, "add rule inet %s %s ip saddr ", t, c);
	ip_set(b, s->ips, s->nips, NULL);
	buf_add(b, " counter return\n");
	buf_printf(b, "add rule inet %s %s counter drop\n", t, c);
}

/* The guest's subnet as "10.0.0.0/16". */
static void guest_net(const vif_fw_spec *s, char out[64])
{
	char a[VN_ADDR_STRLEN];
	vn_addr net;

	addr_mask(&s->nat_guest, s->nat_prefix, &net);
	snprintf(out, 64, "%s/%d", addr_format(&net, a), s->nat_prefix);
}

static void inet_in(vn_buf *b, const char *t, const char *c, const vif_fw_spec *s)
{
	char net[64];

	chain(b, "inet", t, c);
	if (s->mode == VIF_MODE_ROUTE) {
		buf_printf(b, "add rule inet %s %s counter accept\n", t, c);
		return;
	}
	guest_net(s, net);
	buf_printf(b, "add rule inet %s %s ct state established,related counter accept\n", t, c);
	buf_printf(b, "add rule inet %s %s ip saddr %s counter accept\n", t, c, net);
	buf_printf(b, "add rule inet %s %s counter reject\n", t, c);
}

static void inet_nat(vn_buf *b, const char *t, const char *c, const vif_fw_spec *s)
{
	char net[64], a[VN_ADDR_STRLEN];

	guest_net(s, net);
	chain(b, "inet", t, c);
	if (s->netdev && *s->netdev)
		buf_printf(b, "add rule inet %s %s oifname != \"%s\" return\n", t, c, s->netdev);
	buf_printf(b, "add rule inet %s %s ip daddr %s return\n", t, c, net);
	buf_printf(b, "add rule inet %s %s ip saddr %s counter masquerade\n", t, c,
		   addr_format(&s->nat_guest, a));
}

static void inet_slice(vn_buf *b, const char *t, const vif_fw_spec *s, const char *id)
{
	char c[80];

	inet_base(b, t, true);
	snprintf(c, sizeof(c), "%s_out", id);
	inet_out(b, t, c, s);
	buf_printf(b, "add element inet %s vif_out { \"%s\" : jump %s }\n", t, s->dev, c);
	snprintf(c, sizeof(c), "%s_in", id);
	inet_in(b, t, c, s);
	buf_printf(b, "add element inet %s vif_in { \"%s\" : jump %s }\n", t, s->dev, c);
	if (s->mode != VIF_MODE_NAT)
		return;
	snprintf(c, sizeof(c), "%s_nat", id);
	inet_nat(b, t, c, s);
	buf_printf(b, "add element inet %s vif_nat { \"%s\" : jump %s }\n", t, s->dev, c);
}

/* A vif on a host bridge: the policer, and the addresses its ARP and IPv4 may claim (a
 * client without an address may still ask for DHCP). */
static void bridge_slice(vn_buf *b, const char *t, const vif_fw_spec *s, const char *id)
{
	char c[80];

	snprintf(c, sizeof(c), "%s_from", id);
	bridge_base(b, t, true);
	chain(b, "bridge", t, c);
	police(b, "bridge", t, c, s->rate);
	if (s->nips) {
		buf_printf(b, "add rule bridge %s %s ether type arp arp saddr ip ", t, c);
		ip_set(b, s->ips, s->nips, "0.0.0.0");
		buf_add(b, " return\n");
		buf_printf(b, "add rule bridge %s %s ether type arp counter drop\n", t, c);
		buf_printf(b, "add rule bridge %s %s ip saddr ", t, c);
		ip_set(b, s->ips, s->nips, NULL);
		buf_add(b, " return\n");
		buf_printf(b,
			   "add rule bridge %s %s ip saddr 0.0.0.0 udp sport 68 udp dport 67 "
			   "return\n",
			   t, c);
		buf_printf(b, "add rule bridge %s %s ether type ip counter drop\n", t, c);
	}
	buf_printf(b, "add element bridge %s vif_from { \"%s\" : jump %s }\n", t, s->dev, c);
}

/* 0, or -ENOMEM with the message. */
static int finish(vn_buf *b, char **out, vn_err *err)
{
	*out = buf_steal(b);
	if (!*out)
		return vn_err_set(err, ENOMEM, "out of memory");
	return 0;
}

/* The names as their types allow: nft text carries them as they are (refused, never escaped). */
static int names_ok(const char *table, const char *dev, const char *netdev, vn_err *err)
{
	int rc;

	if (!table || !dev)
		return vn_err_set(err, EINVAL,
				  "no nft table or vif device for vif-virtnet's rules");
	rc = vt_check(VT_NFT_NAME, table, err, "nft table");
	if (rc < 0)
		return rc;
	rc = vt_check(VT_IFNAME, dev, err, "vif");
	if (rc < 0)
		return rc;
	return netdev && *netdev ? vt_check(VT_IFNAME, netdev, err, "netdev") : 0;
}

int vif_fw_render_add(const char *table, const vif_fw_spec *s, char **out, vn_err *err)
{
	vn_buf b = {0};
	char id[64];
	int rc;

	*out = NULL;
	rc = names_ok(table, s->dev, s->netdev, err);
	if (rc < 0)
		return rc;
	fw_chain_id(s->dev, id);
	if (s->mode == VIF_MODE_BRIDGE)
		bridge_slice(&b, table, s, id);
	else
		inet_slice(&b, table, s, id);
	return finish(&b, out, err);
}

static void remove_slice(vn_buf *b, const char *family, const char *t, const char *dev)
{
	bool inet = strcmp(family, "inet") == 0;
	size_t n = inet ? 3 : 1;
	char id[64];

	fw_chain_id(dev, id);
	if (inet)
		inet_base(b, t, false);
	else
		bridge_base(b, t, false);
	for (size_t i = 0; i < n; i++) {
		const char *map = inet ? inet_maps[i] : "vif_from";
		const char *sfx = inet ? inet_suffix[i] : "from";
		buf_printf(b, "add chain %s %s %s_%s\n", family, t, id, sfx);
		buf_printf(b, "add element %s %s %s { \"%s\" : jump %s_%s }\n", family, t, map, dev,
			   id, sfx);
		buf_printf(b, "delete element %s %s %s { \"%s\" }\n", family, t, map, dev);
		buf_printf(b, "delete chain %s %s %s_%s\n", family, t, id, sfx);
	}
}

int vif_fw_render_remove(const char *family, const char *t, const char *dev, bool whole, char **out,
			 vn_err *err)
{
	vn_buf b = {0};
	char shown[200];
	int rc;

	*out = NULL;
	if (!family || (strcmp(family, "inet") != 0 && strcmp(family, "bridge") != 0)) {
		vt_shorten(family ? family : "", shown);
		return vn_err_set(err, EINVAL,
				  "nft family '%s' is not one of vif-virtnet's (inet, bridge)",
				  shown);
	}
	rc = names_ok(t, dev, NULL, err);
	if (rc < 0)
		return rc;
	if (whole)
		buf_printf(&b, "add table %s %s\ndelete table %s %s\n", family, t, family, t);
	else
		remove_slice(&b, family, t, dev);
	return finish(&b, out, err);
}
