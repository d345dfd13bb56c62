/* hostbridge_xml.c - the hostbridge state: its names and its XML form (pure) */
#include <errno.h>
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
static const char *const phase_names[HB_PHASE__COUNT] = { "creating", "active", "deleting" };
const char *const hb_bridge_nf_keys[HB_BRIDGE_NF_KEYS] = {
	"net/bridge/bridge-nf-call-iptables", "net/bridge/bridge-nf-call-ip6tables", "net/bridge/bridge-nf-call-arptables",
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
ENUM_IMPL(hb_phase, vn_hb_phase, phase_names)

/* The array grows to 8, 16, 32, ... steps: at those counts it is full. */
int hb_add_step(vn_hostbridge *hb, const vn_hb_step *s)
{
	size_t n = hb->nsteps;

	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		vn_hb_step *nv = realloc(hb->steps, (n ? 2 * n : 8) * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		hb->steps = nv;
	}
	hb->steps[hb->nsteps++] = *s;
	hb->nplanned = hb->nsteps;
	return 0;
}

void hb_free(vn_hostbridge *hb)
{
	if (!hb)
		return;
	free(hb->steps);
	free(hb);
}

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
	buf_printf(b, " table='%u' protocol='%d' scope='%d' type='%d'", (unsigned)r->table, r->protocol, r->scope, r->type);
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

static void format_step(vn_buf *b, const vn_hb_step *s)
{
	buf_printf(b, "<step kind='%s'", hb_step_kind_to_string(s->kind));
	switch (s->kind) {
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
	buf_add(b, "/>\n");
}

/* While creating, the file holds the whole plan and made='N' (fixed width: hb_write_made
 * rewrites it in place) says how many of its steps are made or about to be. */
char *hb_format(const vn_hostbridge *hb)
{
	bool creating = hb->phase == HB_CREATING;
	size_t n = creating && hb->nplanned > hb->nsteps ? hb->nplanned : hb->nsteps;
	char mac[VN_MAC_STRLEN];
	vn_buf b = {0};

	buf_escape(&b, "<hostbridge name='%s'", hb->name);
	buf_printf(&b, " state='%s'", hb_phase_to_string(hb->phase));
	if (creating)
		buf_printf(&b, " made='%010zu' pid='%d'", hb->nsteps, (int)hb->pid);
	if (hb->ifindex)
		buf_printf(&b, " ifindex='%d'", hb->ifindex);
	buf_printf(&b, " stamp='%lld'>\n", hb->stamp);
	buf_indent(&b, 2);
	buf_escape(&b, "<device name='%s'", hb->nic);
	buf_printf(&b, " ifindex='%d' mac='%s' mtu='%u'%s/>\n", hb->nic_ifindex, mac_format(&hb->mac, mac), hb->mtu,
		   hb->nic_was_down ? " down='yes'" : "");
	buf_printf(&b, "<options bridge-nf='%s' forward-accept='%s'/>\n", hb->bridge_nf_off ? "off" : "on",
		   hb->forward_accept ? "yes" : "no");
	for (size_t i = 0; i < n; i++)
		format_step(&b, &hb->steps[i]);
	buf_indent(&b, -2);
	buf_add(&b, "</hostbridge>\n");
	if (b.oom) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* ---- parse ---- */

static int bad(vn_err *err, const char *what, const char *attr, const char *value)
{
	return vn_err_set(err, EINVAL, "%s: bad %s '%s' in a hostbridge step", what, attr, value ? value : "");
}

static int get_addr(xmlNodePtr n, const char *attr, int family, vn_addr *out, const char *what, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(n, attr);

	*out = (vn_addr){0};
	if (v && addr_parse(v, family, out) < 0)
		return bad(err, what, attr, v);
	return 0;
}

/* An unsigned attribute (decimal or 0x hex) with a default; *out as unsigned. */
static int get_uint(xmlNodePtr n, const char *attr, unsigned def, unsigned *out, vn_err *err)
{
	int r;

	*out = def;
	r = xml_prop_uint(n, attr, 0, false, out, err);
	return r < 0 ? r : 0;
}

static int get_int(xmlNodePtr n, const char *attr, int def, int *out, vn_err *err)
{
	unsigned u;
	int r = get_uint(n, attr, (unsigned)def, &u, err);

	if (r == 0 && u > INT32_MAX && u != (unsigned)def)
		return vn_err_set(err, ERANGE, "value of '%s' is out of range in a hostbridge step", attr);
	*out = (int)u;
	return r;
}

static int parse_addr(xmlNodePtr n, vn_nl_addr *a, const char *what, vn_err *err)
{
	_cleanup_free_ char *label = xml_prop(n, "label");
	unsigned u;
	int r;

	if ((r = get_addr(n, "address", 0, &a->local, what, err)) < 0)
		return r;
	if (!addr_valid(&a->local))
		return vn_err_set(err, EINVAL, "%s: an address step has no address", what);
	if ((r = get_addr(n, "peer", a->local.family, &a->peer, what, err)) < 0 ||
	    (r = get_addr(n, "broadcast", AF_INET, &a->broadcast, what, err)) < 0 ||
	    (r = get_int(n, "prefix", 0, &a->prefix, err)) < 0 || (r = get_int(n, "scope", 0, &a->scope, err)) < 0 ||
	    (r = get_uint(n, "flags", 0, &a->flags, err)) < 0 ||
	    (r = get_uint(n, "valid", VN_LFT_FOREVER, &a->valid_lft, err)) < 0 ||
	    (r = get_uint(n, "preferred", VN_LFT_FOREVER, &a->preferred_lft, err)) < 0 ||
	    (r = get_uint(n, "metric", 0, &a->metric, err)) < 0 || (r = get_uint(n, "proto", 0, &u, err)) < 0)
		return r;
	a->proto = (int)u;
	if (a->prefix > addr_bits(&a->local))
		return bad(err, what, "prefix", "");
	if (label && snprintf(a->label, sizeof(a->label), "%s", label) >= (int)sizeof(a->label))
		return bad(err, what, "label", label);
	return 0;
}

static int parse_one_metric(vn_nl_route *r, const char *item, const char *what, vn_err *err)
{
	char name[32];
	const char *eq = strchr(item, '=');
	int t;
	unsigned v;

	if (!eq || (size_t)(eq - item) >= sizeof(name))
		return bad(err, what, "metrics", item);
	snprintf(name, sizeof(name), "%.*s", (int)(eq - item), item);
	if ((t = rtax_from_name(name)) < 0)
		return bad(err, what, "metrics", item);
	if (t == RTAX_CC_ALGO) {
		if (snprintf(r->cc_algo, sizeof(r->cc_algo), "%s", eq + 1) >= (int)sizeof(r->cc_algo))
			return bad(err, what, "metrics", item);
	} else if (str_to_uint(eq + 1, 10, &v) < 0) {
		return bad(err, what, "metrics", item);
	} else {
		r->metrics[t] = v;
	}
	r->metrics_mask |= 1u << t;
	return 0;
}

static int parse_metrics(xmlNodePtr n, vn_nl_route *r, const char *what, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(n, "metrics");
	char *save = NULL;
	int rc = 0;

	if (!v)
		return 0;
	for (char *tok = strtok_r(v, " ", &save); tok && rc == 0; tok = strtok_r(NULL, " ", &save))
		rc = parse_one_metric(r, tok, what, err);
	return rc;
}

static int parse_route_family(xmlNodePtr n, vn_nl_route *r, const char *what, vn_err *err)
{
	_cleanup_free_ char *fam = xml_prop(n, "family");

	if (streq(fam, "ipv4"))
		r->family = AF_INET;
	else if (streq(fam, "ipv6"))
		r->family = AF_INET6;
	else
		return bad(err, what, "family", fam);
	return 0;
}

static int parse_route(xmlNodePtr n, vn_nl_route *r, const char *what, vn_err *err)
{
	unsigned table;
	int rc, fam;

	if ((rc = parse_route_family(n, r, what, err)) < 0)
		return rc;
	fam = r->family;
	if ((rc = get_addr(n, "dst", fam, &r->dst, what, err)) < 0 || (rc = get_addr(n, "src", fam, &r->src, what, err)) < 0 ||
	    (rc = get_addr(n, "gateway", fam, &r->gw, what, err)) < 0 ||
	    (rc = get_addr(n, "prefsrc", fam, &r->prefsrc, what, err)) < 0 ||
	    (rc = get_int(n, "prefix", 0, &r->dst_len, err)) < 0 || (rc = get_int(n, "src-prefix", 0, &r->src_len, err)) < 0 ||
	    (rc = get_uint(n, "table", RT_TABLE_MAIN, &table, err)) < 0 ||
	    (rc = get_int(n, "protocol", 0, &r->protocol, err)) < 0 || (rc = get_int(n, "scope", 0, &r->scope, err)) < 0 ||
	    (rc = get_int(n, "type", RTN_UNICAST, &r->type, err)) < 0 || (rc = get_uint(n, "tos", 0, &r->tos, err)) < 0 ||
	    (rc = get_uint(n, "flags", 0, &r->flags, err)) < 0 || (rc = get_uint(n, "metric", 0, &r->metric, err)) < 0 ||
	    (rc = get_uint(n, "realms", 0, &r->realms, err)) < 0 || (rc = get_int(n, "pref", -1, &r->pref, err)) < 0 ||
	    (rc = get_uint(n, "expires", 0, &r->expires, err)) < 0)
		return rc;
	r->table = (int)table;
	if (r->dst_len > (fam == AF_INET ? 32 : 128) || r->src_len > (fam == AF_INET ? 32 : 128) ||
	    (r->dst_len && !addr_valid(&r->dst)) || (r->src_len && !addr_valid(&r->src)))
		return bad(err, what, "prefix", "");
	return parse_metrics(n, r, what, err);
}

static bool bool_text(const char *v)
{
	return streq(v, "0") || streq(v, "1");
}

/* Undo writes old back as root: only the keys create changes, only the values they take. */
static int parse_sysctl(vn_hb_step *s, const char *key, const char *value, const char *old, const char *what,
			vn_err *err)
{
	if (!hb_sysctl_key_known(key))
		return vn_err_set(err, EINVAL, "%s: sysctl '%s' in a hostbridge step is not one a host bridge changes "
				  "(only net/bridge/bridge-nf-call-iptables, -ip6tables and -arptables)", what, key);
	if (!bool_text(value))
		return bad(err, what, "value", value);
	if (old && !bool_text(old))
		return bad(err, what, "old", old);
	snprintf(s->key, sizeof(s->key), "%s", key);
	snprintf(s->value, sizeof(s->value), "%s", value);
	snprintf(s->old, sizeof(s->old), "%s", old ? old : "");
	return 0;
}

static int parse_step(xmlNodePtr n, vn_hb_step *s, const char *what, vn_err *err)
{
	_cleanup_free_ char *kind = xml_prop(n, "kind"), *key = xml_prop(n, "key");
	_cleanup_free_ char *value = xml_prop(n, "value"), *old = xml_prop(n, "old");
	int k = hb_step_kind_from_string(kind);

	*s = (vn_hb_step){ .route.pref = -1 };
	if (k < 0)
		return vn_err_set(err, EINVAL, "%s: unknown step kind '%s'", what, kind ? kind : "");
	s->kind = (vn_hb_step_kind)k;
	if (s->kind == HB_STEP_ADDRESS || s->kind == HB_STEP_NIC_ADDRESS)
		return parse_addr(n, &s->addr, what, err);
	if (s->kind == HB_STEP_ROUTE || s->kind == HB_STEP_NIC_ROUTE)
		return parse_route(n, &s->route, what, err);
	if (s->kind != HB_STEP_SYSCTL)
		return 0;
	if (!key || !value)
		return vn_err_set(err, EINVAL, "%s: a sysctl step needs a key and a value", what);
	return parse_sysctl(s, key, value, old, what, err);
}

static int copy_name(char *dst, size_t len, const char *v, const char *attr, const char *what, vn_err *err)
{
	if (!v || !v[0] || strchr(v, '/') || snprintf(dst, len, "%s", v) >= (int)len)
		return vn_err_set(err, EINVAL, "%s: missing or bad %s", what, attr);
	return 0;
}

static int parse_device(xmlNodePtr dev, vn_hostbridge *hb, const char *what, vn_err *err)
{
	_cleanup_free_ char *name = xml_prop(dev, "name"), *mac = xml_prop(dev, "mac"), *down = xml_prop(dev, "down");
	int r;

	if (!dev)
		return vn_err_set(err, EINVAL, "%s: no <device>", what);
	if ((r = copy_name(hb->nic, sizeof(hb->nic), name, "device name", what, err)) < 0 ||
	    (r = get_int(dev, "ifindex", 0, &hb->nic_ifindex, err)) < 0 || (r = get_uint(dev, "mtu", 0, &hb->mtu, err)) < 0)
		return r;
	if (!hb_valid_ifname(hb->nic))
		return bad(err, what, "device name", hb->nic);
	if (!mac || mac_parse(mac, &hb->mac) < 0)
		return bad(err, what, "mac", mac);
	hb->nic_was_down = streq(down, "yes");
	return 0;
}

static int parse_steps(xmlNodePtr root, vn_hostbridge *hb, const char *what, vn_err *err)
{
	int r;

	for (xmlNodePtr c = root->children; c; c = c->next) {
		vn_hb_step s;
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "step") != 0)
			continue;
		if ((r = parse_step(c, &s, what, err)) < 0 || (r = hb_add_step(hb, &s)) < 0)
			return r == -ENOMEM ? vn_err_set(err, ENOMEM, "out of memory") : r;
	}
	return 0;
}

/* made='N' (a create's progress): the steps after the first N were never started. */
static int parse_made(xmlNodePtr root, vn_hostbridge *hb, const char *what, vn_err *err)
{
	unsigned made = 0;
	int r = xml_prop_uint(root, "made", 10, false, &made, err);

	if (r < 0)
		return r;
	if (r == 0)
		return 0;
	if (hb->phase != HB_CREATING || made > hb->nsteps)
		return vn_err_set(err, EINVAL, "%s: bad made='%u': the record is not creating or lists fewer steps (%zu)",
				  what, made, hb->nsteps);
	hb->nsteps = hb->nplanned = made;
	return 0;
}

static int parse_root(xmlNodePtr root, vn_hostbridge *hb, const char *what, vn_err *err)
{
	_cleanup_free_ char *name = xml_prop(root, "name"), *state = xml_prop(root, "state"), *stamp = xml_prop(root, "stamp");
	xmlNodePtr opts = xml_child(root, "options");
	int phase = hb_phase_from_string(state), r;
	unsigned pid;

	if ((r = copy_name(hb->name, sizeof(hb->name), name, "bridge name", what, err)) < 0)
		return r;
	if (!hb_valid_ifname(hb->name))
		return vn_err_set(err, EINVAL, "%s: missing or bad bridge name", what);
	if (phase < 0)
		return bad(err, what, "state", state);
	hb->phase = (vn_hb_phase)phase;
	if ((r = get_int(root, "ifindex", 0, &hb->ifindex, err)) < 0 || (r = get_uint(root, "pid", 0, &pid, err)) < 0)
		return r;
	hb->pid = (pid_t)pid;
	hb->stamp = stamp ? strtoll(stamp, NULL, 10) : 0;
	if ((r = parse_device(xml_child(root, "device"), hb, what, err)) < 0)
		return r;
	if (opts) {
		_cleanup_free_ char *nf = xml_prop(opts, "bridge-nf"), *fa = xml_prop(opts, "forward-accept");
		hb->bridge_nf_off = streq(nf, "off");
		hb->forward_accept = streq(fa, "yes");
	}
	if ((r = parse_steps(root, hb, what, err)) < 0)
		return r;
	return parse_made(root, hb, what, err);
}

int hb_parse(const char *xml, size_t len, const char *what, vn_hostbridge **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	vn_hostbridge *hb;
	int r = xml_read(xml, len, what, "hostbridge", &doc, err);

	*out = NULL;
	if (r < 0)
		return r;
	if (!(hb = calloc(1, sizeof(*hb)))) {
		xmlFreeDoc(doc);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = parse_root(xmlDocGetRootElement(doc), hb, what, err);
	xmlFreeDoc(doc);
	if (r < 0) {
		hb_free(hb);
		return r;
	}
	*out = hb;
	return 0;
}
