/* vif_journal.c - a vif's step journal: its step type and its payload (see vif_journal.h) */
#include "helpers/xen/vif_journal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/xml.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/str.h"

#define VIF_JOURNAL_MAX_SIZE (1 << 20)

static const char *const step_names[VS__COUNT] = {
	"link-up", "mac", "mtu", "master", "sysctl", "forwarding", "address", "route", "tc",
	"firewall", "dnsmasq", "port",
};

ENUM_IMPL(vif_step_kind, vif_step_kind, step_names)

static void step_format(vn_buf *b, int kind, const void *data)
{
	const vif_step *s = data;
	char a[VN_ADDR_STRLEN], m[VN_MAC_STRLEN];

	if (s->ifindex)
		buf_printf(b, " ifindex='%d'", s->ifindex);
	if (addr_valid(&s->addr))
		buf_printf(b, " address='%s' prefix='%d'", addr_format(&s->addr, a), s->prefix);
	if (addr_valid(&s->src))
		buf_printf(b, " src='%s'", addr_format(&s->src, a));
	if (s->metric)
		buf_printf(b, " metric='%u'", s->metric);
	if (kind == VS_MAC)
		buf_printf(b, " mac='%s'", mac_format(&s->mac, m));
	if (s->mtu)
		buf_printf(b, " mtu='%u'", s->mtu);
	if (s->pid)
		buf_printf(b, " pid='%d'", (int)s->pid);
	buf_escape(b, " name='%s'", s->name[0] ? s->name : NULL);
	buf_escape(b, " value='%s'", s->value[0] ? s->value : NULL);
}

/* An unsigned attribute that must fit an int; absent leaves *out alone. */
static int prop_int(xmlNodePtr n, const char *name, int *out, vn_err *err)
{
	unsigned u;
	int r = xml_prop_uint(n, name, 10, false, &u, err);

	if (r == 1 && u > 0x7fffffff)
		return vn_err_set(err, ERANGE, "%s '%u' is out of range", name, u);
	if (r == 1)
		*out = (int)u;
	return r < 0 ? r : 0;
}

static int text_prop(xmlNodePtr n, const char *name, char *out, size_t len, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(n, name);

	if (v && strlen(v) >= len)
		return vn_err_set(err, EINVAL, "%s '%.40s...' is too long", name, v);
	snprintf(out, len, "%s", v ? v : "");
	return 0;
}

static int step_numbers(xmlNodePtr n, vif_step *s, vn_err *err)
{
	int pid = 0;

	if (prop_int(n, "ifindex", &s->ifindex, err) < 0 ||
	    prop_int(n, "prefix", &s->prefix, err) < 0 || prop_int(n, "pid", &pid, err) < 0)
		return -EINVAL;
	s->pid = pid;
	if (xml_prop_uint(n, "metric", 10, false, &s->metric, err) < 0)
		return -EINVAL;
	return xml_prop_uint(n, "mtu", 10, false, &s->mtu, err) < 0 ? -EINVAL : 0;
}

static int refuse(vn_err *err, const char *field, const char *value, const char *rule)
{
	char shown[200];

	vt_shorten(value, shown);
	return vn_err_set(err, EINVAL, "%s '%s' is not %s", field, shown, rule);
}

/* address and src are addresses, mac a MAC: parsed, never taken as text. */
static int step_addrs(xmlNodePtr n, vif_step *s, vn_err *err)
{
	_cleanup_free_ char *addr = xml_prop(n, "address"), *src = xml_prop(n, "src");
	_cleanup_free_ char *mac = xml_prop(n, "mac");

	if (addr && addr_parse(addr, 0, &s->addr) < 0)
		return refuse(err, "address", addr, "an IP address");
	if (src && addr_parse(src, 0, &s->src) < 0)
		return refuse(err, "src", src, "an IP address");
	if (mac && mac_parse(mac, &s->mac) < 0)
		return refuse(err, "mac", mac, "a MAC address");
	if (s->kind == VS_MAC && !mac)
		return vn_err_set(err, EINVAL, "it has no mac");
	return 0;
}

int vif_step_fw_table(const char *name, char family[8], char table[80])
{
	const char *sp = name ? strchr(name, ' ') : NULL;
	size_t fn = sp ? (size_t)(sp - name) : 0;

	bool inet = fn == 4 && !strncmp(name, "inet", 4);
	bool bridge = fn == 6 && !strncmp(name, "bridge", 6);

	if (!sp || !(inet || bridge) || !vt_ok(VT_NFT_NAME, sp + 1))
		return -EINVAL;
	snprintf(family, 8, "%.*s", (int)fn, name);
	snprintf(table, 80, "%s", sp + 1);
	return 0;
}

/* The sysctls vif-virtnet changes are all below net/. */
static int check_sysctl(const vif_step *s, vn_err *err)
{
	if (vt_check(VT_SYSCTL, s->name, err, "name") < 0)
		return -EINVAL;
	if (strncmp(s->name, "net/", 4) != 0)
		return refuse(err, "name", s->name,
			      "a sysctl below net/ (vif-virtnet changes no other)");
	return vt_check(VT_SYSCTL_VALUE, s->value, err, "value");
}

/* name: the port's UUID as we write it; value: its network, a file name in the status folder. */
static int check_port(const vif_step *s, vn_err *err)
{
	char again[VN_UUID_STRLEN];
	uint8_t u[16];

	if (uuid_parse(s->name, u) < 0 || strcmp(uuid_format(u, again), s->name) != 0)
		return refuse(err, "name", s->name, "a port UUID (8-4-4-4-12 hex digits)");
	return vt_check(VT_FILE_NAME, s->value, err, "value (network)");
}

static bool on_device(vif_step_kind k)
{
	return k == VS_LINK_UP || k == VS_MAC || k == VS_MTU || k == VS_MASTER || k == VS_ADDRESS ||
	       k == VS_ROUTE || k == VS_TC;
}

/* One text field: there when the kind has it, absent when not (then we never wrote it). */
static int text_field(const char *field, const char *v, bool has, vn_err *err)
{
	char shown[200];

	if (has && !v[0])
		return vn_err_set(err, EINVAL, "it has no %s", field);
	if (has || !v[0])
		return 0;
	vt_shorten(v, shown);
	return vn_err_set(err, EINVAL, "%s '%s' is not a field of this step", field, shown);
}

static int text_fields(const vif_step *s, vn_err *err)
{
	vif_step_kind k = s->kind;
	bool named = k == VS_MASTER || k == VS_SYSCTL || k == VS_FORWARDING || k == VS_FIREWALL ||
		     k == VS_PORT;
	bool valued = k == VS_LINK_UP || k == VS_SYSCTL || k == VS_FORWARDING || k == VS_PORT;

	if (text_field("name", s->name, named, err) < 0 ||
	    text_field("value", s->value, valued, err) < 0)
		return -EINVAL;
	if (on_device(k) && s->ifindex <= 0)
		return vn_err_set(err, EINVAL, "it has no ifindex");
	return 0;
}

static int check_address(const vif_step *s, vn_err *err)
{
	if (!addr_valid(&s->addr))
		return vn_err_set(err, EINVAL, "it has no address");
	if (s->prefix > addr_bits(&s->addr))
		return vn_err_set(err, EINVAL, "prefix '%d' is too long for address", s->prefix);
	return 0;
}

static int step_check(const vif_step *s, vn_err *err)
{
	char family[8], table[80];

	if (text_fields(s, err) < 0)
		return -EINVAL;
	switch (s->kind) {
	case VS_LINK_UP:
		if (streq(s->value, "up") || streq(s->value, "down"))
			return 0;
		return refuse(err, "value", s->value, "up or down");
	case VS_MTU:
		return s->mtu ? 0 : vn_err_set(err, EINVAL, "it has no mtu");
	case VS_MASTER:
		return vt_check(VT_IFNAME, s->name, err, "name");
	case VS_SYSCTL:
	case VS_FORWARDING:
		return check_sysctl(s, err);
	case VS_ADDRESS:
	case VS_ROUTE:
		return check_address(s, err);
	case VS_FIREWALL:
		if (vif_step_fw_table(s->name, family, table) == 0)
			return 0;
		return refuse(err, "name", s->name,
			      "'inet <table>' or 'bridge <table>' with an nft table name");
	case VS_PORT:
		return check_port(s, err);
	default:
		return 0;
	}
}

static int step_parse(xmlNodePtr node, int kind, void *data, vn_err *err)
{
	vif_step *s = data;

	*s = (vif_step){ .kind = (vif_step_kind)kind };
	if (step_numbers(node, s, err) < 0 || step_addrs(node, s, err) < 0 ||
	    text_prop(node, "name", s->name, sizeof(s->name), err) < 0 ||
	    text_prop(node, "value", s->value, sizeof(s->value), err) < 0)
		return -EINVAL;
	return step_check(s, err);
}

const vn_jtype vif_journal_type = {
	.object = "vif", .fault_prefix = "vif-", .kinds = step_names, .nkinds = VS__COUNT,
	.step_size = sizeof(vif_step), .format = step_format, .parse = step_parse,
};

int vif_journal_path(const char *run_dir, const char *dev, char *out, size_t len)
{
	int n;

	if (!vt_ok(VT_IFNAME, dev))
		return -EINVAL;
	n = snprintf(out, len, "%s/vifs/%s.xml", run_dir, dev);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int vif_journal_create(vif_journal *vj, const char *path, vn_err *err)
{
	vn_buf b = {0};
	int r;

	buf_escape(&b, "<vif device='%s'", vj->dev);
	buf_printf(&b, " ifindex='%d' mode='%s' type='%s'/>\n", vj->ifindex,
		   vif_mode_to_string(vj->mode), vj->tap ? "tap" : "vif");
	if (b.oom) {
		buf_free(&b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = journal_create(&vj->j, &vif_journal_type, path, b.s, err);
	buf_free(&b);
	return r;
}

/* A payload error: the file, the record (the payload's line) and what is wrong with it. */
static int bad_payload(const vif_journal *vj, xmlNodePtr p, vn_err *err)
{
	vn_err_prefix(err, "journal %s: record %ld (<vif>)", vj->j.path, p ? xmlGetLineNo(p) : 2L);
	return -EINVAL;
}

/* Exactly one <vif/> before the steps. */
static xmlNodePtr the_payload(const vif_journal *vj, vn_err *err)
{
	xmlNodePtr p = journal_payload(&vj->j), next = p ? p->next : NULL;

	while (next && next->type != XML_ELEMENT_NODE)
		next = next->next;
	if (!p || !streq((const char *)p->name, "vif")) {
		vn_err_set(err, EINVAL, "there is no <vif> payload");
		return NULL;
	}
	const char *after = next ? (const char *)next->name : NULL;
	if (after && !streq(after, "step") && !streq(after, "phase")) {
		vn_err_set(err, EINVAL, "<%s> follows it, which a vif journal never holds", after);
		return NULL;
	}
	return p;
}

static int payload_fields(xmlNodePtr p, vif_journal *vj, vn_err *err)
{
	_cleanup_free_ char *dev = xml_prop(p, "device"), *mode = xml_prop(p, "mode");
	_cleanup_free_ char *type = xml_prop(p, "type");
	int m = vif_mode_from_string(mode);

	if (!dev || vt_check(VT_IFNAME, dev, err, "device") < 0)
		return dev ? -EINVAL : vn_err_set(err, EINVAL, "it has no device");
	snprintf(vj->dev, sizeof(vj->dev), "%s", dev);
	if (m < 0)
		return refuse(err, "mode", mode ? mode : "", "a vif mode (bridge, nat, route)");
	vj->mode = (vif_mode)m;
	if (!streq(type, "vif") && !streq(type, "tap"))
		return refuse(err, "type", type ? type : "", "vif or tap");
	vj->tap = streq(type, "tap");
	if (prop_int(p, "ifindex", &vj->ifindex, err) < 0)
		return -EINVAL;
	return vj->ifindex > 0 ? 0 : vn_err_set(err, EINVAL, "it has no ifindex");
}

/* <dev>.xml holds the journal of dev and of no other device. */
static int named_after(const vif_journal *vj, vn_err *err)
{
	const char *base = strrchr(vj->j.path, '/');
	size_t n = strlen(vj->dev);

	base = base ? base + 1 : vj->j.path;
	if (strncmp(base, vj->dev, n) == 0 && streq(base + n, ".xml"))
		return 0;
	return vn_err_set(err, EINVAL, "device '%s' is not the vif this file is named after",
			  vj->dev);
}

int vif_journal_read(const char *path, vif_journal *vj, vn_err *err)
{
	xmlNodePtr p;
	int r;

	*vj = (vif_journal){ .j = { .fd = -1 } };
	r = journal_read(&vj->j, &vif_journal_type, path, VIF_JOURNAL_MAX_SIZE, err);
	if (r < 0)
		return r;
	p = the_payload(vj, err);
	if (!p || payload_fields(p, vj, err) < 0 || named_after(vj, err) < 0) {
		r = bad_payload(vj, p, err);
		vif_journal_free(vj);
	}
	return r;
}

void vif_journal_free(vif_journal *vj)
{
	if (vj)
		journal_free(&vj->j);
}
