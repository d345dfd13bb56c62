/* hostbridge_xml.c - a hostbridge step as journal attributes, and back, typed like any input
 * (a journal is read back as input: never trusted because we wrote it). Pure. */
#include <errno.h>
#include <limits.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/xml.h"
#include "hostbridge/hostbridge.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/str.h"

static const char *const step_names[HB_STEP__COUNT] = {
	[HB_STEP_BRIDGE] = "bridge", [HB_STEP_SYSCTL] = "sysctl", [HB_STEP_FIREWALL] = "firewall",
	[HB_STEP_ADDRESS] = "address", [HB_STEP_ENSLAVE] = "enslave", [HB_STEP_NIC_UP] = "nic-up",
	[HB_STEP_UP] = "up", [HB_STEP_ROUTE] = "route", [HB_STEP_NIC_ROUTE] = "nic-route",
	[HB_STEP_NIC_ADDRESS] = "nic-address",
};
const char *const hb_bridge_nf_keys[HB_BRIDGE_NF_KEYS] = {
	"net/bridge/bridge-nf-call-iptables", "net/bridge/bridge-nf-call-ip6tables",
	"net/bridge/bridge-nf-call-arptables",
};

/* '"' and '\\' too: the name is quoted in nft text (hostbridge_fw.c). */
bool hb_valid_ifname(const char *s)
{
	return vt_ok(VT_IFNAME, s);
}

bool hb_sysctl_key_known(const char *key)
{
	for (int i = 0; key && i < HB_BRIDGE_NF_KEYS; i++)
		if (strcmp(hb_bridge_nf_keys[i], key) == 0)
			return true;
	return false;
}

ENUM_IMPL(hb_step_kind, vn_hb_step_kind, step_names)

/* ---- format ---- */

static void put_addr(vn_buf *b, const char *attr, const vn_addr *a)
{
	char s[VN_ADDR_STRLEN];

	if (addr_valid(a))
		buf_printf(b, " %s='%s'", attr, addr_format(a, s));
}

static void put_lft(vn_buf *b, const char *attr, unsigned v)
{
	if (v != VN_LFT_FOREVER)
		buf_printf(b, " %s='%u'", attr, v);
}

static void format_addr(vn_buf *b, const vn_nl_addr *a)
{
	put_addr(b, "address", &a->local);
	buf_printf(b, " prefix='%d'", a->prefix);
	put_addr(b, "peer", &a->peer);
	put_addr(b, "broadcast", &a->broadcast);
	buf_printf(b, " scope='%d'", a->scope);
	if (a->flags)
		buf_printf(b, " flags='0x%x'", a->flags);
	buf_escape(b, " label='%s'", a->label[0] ? a->label : NULL);
	put_lft(b, "valid", a->valid_lft);
	put_lft(b, "preferred", a->preferred_lft);
	if (a->metric)
		buf_printf(b, " metric='%u'", a->metric);
	if (a->proto)
		buf_printf(b, " proto='%d'", a->proto);
}

static void format_metrics(vn_buf *b, const vn_nl_route *r)
{
	const char *sep = "";

	if (!r->metrics_mask)
		return;
	buf_add(b, " metrics='");
	for (int i = 1; i < VN_RTAX_COUNT; i++) {
		if (!(r->metrics_mask & (1u << i)))
			continue;
		buf_printf(b, "%s%s=", sep, rtax_name(i));
		if (i == RTAX_CC_ALGO)
			buf_escape(b, "%s", r->cc_algo);
		else
			buf_printf(b, "%u", r->metrics[i]);
		sep = " ";
	}
	buf_add(b, "'");
}

static void format_route(vn_buf *b, const vn_nl_route *r)
{
	buf_printf(b, " family='%s'", r->family == AF_INET ? "ipv4" : "ipv6");
	put_addr(b, "dst", &r->dst);
	buf_printf(b, " prefix='%d'", r->dst_len);
	if (r->src_len) {
		put_addr(b, "src", &r->src);
		buf_printf(b, " src-prefix='%d'", r->src_len);
	}
	put_addr(b, "gateway", &r->gw);
	put_addr(b, "prefsrc", &r->prefsrc);
	/* a table is a u32: those above INT_MAX are kept as the same bits */
	buf_printf(b, " table='%u' protocol='%d' scope='%d' type='%d'", (unsigned)r->table,
		   r->protocol, r->scope, r->type);
	if (r->tos)
		buf_printf(b, " tos='%u'", r->tos);
	if (r->flags)
		buf_printf(b, " flags='0x%x'", r->flags);
	if (r->metric)
		buf_printf(b, " metric='%u'", r->metric);
	if (r->realms)
		buf_printf(b, " realms='%u'", r->realms);
	if (r->pref >= 0)
		buf_printf(b, " pref='%d'", r->pref);
	if (r->expires)
		buf_printf(b, " expires='%u'", r->expires);
	format_metrics(b, r);
}

static void step_format(vn_buf *b, int kind, const void *data)
{
	const vn_hb_step *s = data;

	switch ((vn_hb_step_kind)kind) {
	case HB_STEP_BRIDGE:
		if (s->ifindex)
			buf_printf(b, " ifindex='%d'", s->ifindex);
		break;
	case HB_STEP_SYSCTL:
		buf_escape(b, " key='%s'", s->key);
		buf_escape(b, " value='%s'", s->value);
		buf_escape(b, " old='%s'", s->old[0] ? s->old : NULL);
		break;
	case HB_STEP_ADDRESS:
	case HB_STEP_NIC_ADDRESS:
		format_addr(b, &s->addr);
		break;
	case HB_STEP_ROUTE:
	case HB_STEP_NIC_ROUTE:
		format_route(b, &s->route);
		break;
	default:
		break;
	}
}

/* ---- parse ---- */

/* The attributes a step of each kind may carry, after the journal's own. */
static const char *const common_attrs[] = { "n", "state", "kind", NULL };
static const char *const bridge_attrs[] = { "ifindex", NULL };
static const char *const sysctl_attrs[] = { "key", "value", "old", NULL };
static const char *const addr_attrs[] = {
	"address", "prefix", "peer", "broadcast", "scope", "flags", "label", "valid", "preferred",
	"metric", "proto", NULL,
};
static const char *const route_attrs[] = {
	"family", "dst", "prefix", "src", "src-prefix", "gateway", "prefsrc", "table", "protocol",
	"scope", "type", "tos", "flags", "metric", "realms", "pref", "expires", "metrics", NULL,
};
static const char *const no_attrs[] = { NULL };

static const char *const *attrs_of(vn_hb_step_kind k)
{
	switch (k) {
	case HB_STEP_BRIDGE:
		return bridge_attrs;
	case HB_STEP_SYSCTL:
		return sysctl_attrs;
	case HB_STEP_ADDRESS:
	case HB_STEP_NIC_ADDRESS:
		return addr_attrs;
	case HB_STEP_ROUTE:
	case HB_STEP_NIC_ROUTE:
		return route_attrs;
	default:
		return no_attrs;
	}
}

static bool listed(const char *const *names, const char *s)
{
	for (; *names; names++)
		if (strcmp(*names, s) == 0)
			return true;
	return false;
}

/* A field the step never has is refused, not ignored: the record is not what we write. */
static int only_own_attrs(xmlNodePtr n, vn_hb_step_kind k, vn_err *err)
{
	const char *const *own = attrs_of(k);

	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		if (!listed(common_attrs, name) && !listed(own, name))
			return vn_err_set(err, EINVAL, "field '%s', which a '%s' step never has",
					  name, step_names[k]);
	}
	return 0;
}

static int bad(vn_err *err, const char *attr, const char *value)
{
	return vn_err_set(err, EINVAL, "bad %s '%s'", attr, value ? value : "");
}

static int get_addr(xmlNodePtr n, const char *attr, int family, vn_addr *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(n, attr);

	*out = (vn_addr){0};
	if (v && addr_parse(v, family, out) < 0)
		return bad(err, attr, v);
	return 0;
}

/* An unsigned field (decimal, or 0x hex) of a structure: its default when absent, at most max. */
typedef struct num_field {
	const char *attr;
	size_t off;
	unsigned def, max;
} num_field;

static int get_nums(xmlNodePtr n, void *obj, const num_field *f, size_t count, vn_err *err)
{
	for (size_t i = 0; i < count; i++) {
		/* int or unsigned: the same bits */
		unsigned *v = (unsigned *)((char *)obj + f[i].off);
		*v = f[i].def;
		int r = xml_prop_uint(n, f[i].attr, 0, false, v, err);
		if (r < 0)
			return r;
		if (r == 1 && *v > f[i].max)
			return vn_err_set(err, ERANGE, "%s '%u' is out of range (at most %u)",
					  f[i].attr, *v, f[i].max);
	}
	return 0;
}

static const num_field addr_nums[] = {
	{ "prefix", offsetof(vn_nl_addr, prefix), 0, 128 },
	{ "scope", offsetof(vn_nl_addr, scope), 0, 255 },
	{ "flags", offsetof(vn_nl_addr, flags), 0, UINT_MAX },
	{ "valid", offsetof(vn_nl_addr, valid_lft), VN_LFT_FOREVER, UINT_MAX },
	{ "preferred", offsetof(vn_nl_addr, preferred_lft), VN_LFT_FOREVER, UINT_MAX },
	{ "metric", offsetof(vn_nl_addr, metric), 0, UINT_MAX },
	{ "proto", offsetof(vn_nl_addr, proto), 0, 255 },
};

static int parse_addr(xmlNodePtr n, vn_nl_addr *a, vn_err *err)
{
	_cleanup_free_ char *label = xml_prop(n, "label");
	int r = get_addr(n, "address", 0, &a->local, err);

	if (r < 0)
		return r;
	if (!addr_valid(&a->local))
		return vn_err_set(err, EINVAL, "an address step has no address");
	r = get_addr(n, "peer", a->local.family, &a->peer, err);
	if (r == 0)
		r = get_addr(n, "broadcast", AF_INET, &a->broadcast, err);
	if (r == 0)
		r = get_nums(n, a, addr_nums, ELEMENTSOF(addr_nums), err);
	if (r < 0)
		return r;
	if (a->prefix > addr_bits(&a->local))
		return vn_err_set(err, EINVAL, "prefix '%d' is longer than the address", a->prefix);
	if (label && snprintf(a->label, sizeof(a->label), "%s", label) >= (int)sizeof(a->label))
		return bad(err, "label", label);
	return 0;
}

static int parse_one_metric(vn_nl_route *r, const char *item, vn_err *err)
{
	char name[32];
	const char *eq = strchr(item, '=');
	int t;
	unsigned v;

	if (!eq || (size_t)(eq - item) >= sizeof(name))
		return bad(err, "metrics", item);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - item), item);
	t = rtax_from_name(name);
	if (t < 0)
		return bad(err, "metrics", item);
	if (t == RTAX_CC_ALGO) {
		if (snprintf(r->cc_algo, sizeof(r->cc_algo), "%s", eq + 1) >=
		    (int)sizeof(r->cc_algo))
			return bad(err, "metrics", item);
	} else if (str_to_uint(eq + 1, 10, &v) < 0) {
		return bad(err, "metrics", item);
	} else {
		r->metrics[t] = v;
	}
	r->metrics_mask |= 1u << t;
	return 0;
}

static int parse_metrics(xmlNodePtr n, vn_nl_route *r, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(n, "metrics");
	char *save = NULL;
	int rc = 0;

	if (!v)
		return 0;
	for (char *tok = strtok_r(v, " ", &save); tok && rc == 0; tok = strtok_r(NULL, " ", &save))
		rc = parse_one_metric(r, tok, err);
	return rc;
}

static int parse_route_family(xmlNodePtr n, vn_nl_route *r, vn_err *err)
{
	_cleanup_free_ char *fam = xml_prop(n, "family");

	if (streq(fam, "ipv4"))
		r->family = AF_INET;
	else if (streq(fam, "ipv6"))
		r->family = AF_INET6;
	else
		return bad(err, "family", fam);
	return 0;
}

static const num_field route_nums[] = {
	{ "prefix", offsetof(vn_nl_route, dst_len), 0, 128 },
	{ "src-prefix", offsetof(vn_nl_route, src_len), 0, 128 },
	{ "table", offsetof(vn_nl_route, table), RT_TABLE_MAIN, UINT_MAX },
	{ "protocol", offsetof(vn_nl_route, protocol), 0, 255 },
	{ "scope", offsetof(vn_nl_route, scope), 0, 255 },
	{ "type", offsetof(vn_nl_route, type), RTN_UNICAST, 255 },
	{ "tos", offsetof(vn_nl_route, tos), 0, 255 },
	{ "flags", offsetof(vn_nl_route, flags), 0, UINT_MAX },
	{ "metric", offsetof(vn_nl_route, metric), 0, UINT_MAX },
	{ "realms", offsetof(vn_nl_route, realms), 0, UINT_MAX },
	{ "pref", offsetof(vn_nl_route, pref), (unsigned)-1, 255 },
	{ "expires", offsetof(vn_nl_route, expires), 0, UINT_MAX },
};

static int route_addrs(xmlNodePtr n, vn_nl_route *r, vn_err *err)
{
	static const char *const attrs[] = { "dst", "src", "gateway", "prefsrc" };
	vn_addr *const out[] = { &r->dst, &r->src, &r->gw, &r->prefsrc };

	for (size_t i = 0; i < ELEMENTSOF(attrs); i++) {
		int rc = get_addr(n, attrs[i], r->family, out[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int parse_route(xmlNodePtr n, vn_nl_route *r, vn_err *err)
{
	int bits, rc = parse_route_family(n, r, err);

	if (rc == 0)
		rc = route_addrs(n, r, err);
	if (rc == 0)
		rc = get_nums(n, r, route_nums, ELEMENTSOF(route_nums), err);
	if (rc < 0)
		return rc;
	bits = r->family == AF_INET ? 32 : 128;
	if (r->dst_len > bits || r->src_len > bits || (r->dst_len && !addr_valid(&r->dst)) ||
	    (r->src_len && !addr_valid(&r->src)))
		return vn_err_set(err, EINVAL, "prefix or src-prefix does not fit its address");
	return parse_metrics(n, r, err);
}

static bool bool_text(const char *v)
{
	return streq(v, "0") || streq(v, "1");
}

/* Undo writes old back as root: only the keys create changes, only the values they take. */
static int parse_sysctl(xmlNodePtr n, vn_hb_step *s, vn_err *err)
{
	_cleanup_free_ char *key = xml_prop(n, "key"), *value = xml_prop(n, "value");
	_cleanup_free_ char *old = xml_prop(n, "old");

	if (!key || !value)
		return vn_err_set(err, EINVAL, "a sysctl step needs a key and a value");
	if (!hb_sysctl_key_known(key))
		return vn_err_set(err, EINVAL,
				  "sysctl '%s' is not one a host bridge changes (only "
				  "net/bridge/bridge-nf-call-iptables, -ip6tables and -arptables)",
				  key);
	if (!bool_text(value))
		return bad(err, "value", value);
	if (old && !bool_text(old))
		return bad(err, "old", old);
	snprintf(s->key, sizeof(s->key), "%s", key);
	snprintf(s->value, sizeof(s->value), "%s", value);
	snprintf(s->old, sizeof(s->old), "%s", old ? old : "");
	return 0;
}

static int parse_bridge(xmlNodePtr n, vn_hb_step *s, vn_err *err)
{
	static const num_field f[] = { { "ifindex", offsetof(vn_hb_step, ifindex), 0, INT_MAX } };

	return get_nums(n, s, f, 1, err);
}

static int step_parse(xmlNodePtr n, int kind, void *data, vn_err *err)
{
	vn_hb_step *s = data;
	int r = only_own_attrs(n, (vn_hb_step_kind)kind, err);

	*s = (vn_hb_step){ .kind = (vn_hb_step_kind)kind, .route.pref = -1 };
	if (r < 0)
		return r;
	switch (s->kind) {
	case HB_STEP_BRIDGE:
		return parse_bridge(n, s, err);
	case HB_STEP_SYSCTL:
		return parse_sysctl(n, s, err);
	case HB_STEP_ADDRESS:
	case HB_STEP_NIC_ADDRESS:
		return parse_addr(n, &s->addr, err);
	case HB_STEP_ROUTE:
	case HB_STEP_NIC_ROUTE:
		return parse_route(n, &s->route, err);
	default:
		return 0;
	}
}

const vn_jtype hb_journal_type = {
	.object = "hostbridge", .fault_prefix = "hostbridge-", .kinds = step_names,
	.nkinds = HB_STEP__COUNT, .step_size = sizeof(vn_hb_step), .format = step_format,
	.parse = step_parse,
};
