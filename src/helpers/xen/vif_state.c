/* vif_state.c - a vif's step record: XML and files (see vif_state.h) */
#include "helpers/xen/vif_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/xml.h"
#include "helpers/xen/vif_dhcp.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/fileio.h"
#include "util/str.h"

#define VIF_STATE_MAX_SIZE (1 << 20)

static const char *const step_names[VS__COUNT] = {
	"link-up", "mac", "mtu", "master", "sysctl", "forwarding", "address", "route", "tc", "firewall", "dnsmasq", "port",
};

ENUM_IMPL(vif_step_kind, vif_step_kind, step_names)

vif_state *vif_state_new(const char *dev)
{
	vif_state *st = calloc(1, sizeof(*st));

	if (st)
		snprintf(st->dev, sizeof(st->dev), "%s", dev);
	return st;
}

void vif_state_free(vif_state *st)
{
	if (!st)
		return;
	free(st->steps);
	free(st);
}

int vif_state_add(vif_state *st, const vif_step *s)
{
	vif_step *nv = realloc(st->steps, (st->nsteps + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	st->steps = nv;
	st->steps[st->nsteps++] = *s;
	return 0;
}

static void step_format(vn_buf *b, const vif_step *s)
{
	char a[VN_ADDR_STRLEN], m[VN_MAC_STRLEN];

	buf_printf(b, "<step kind='%s'", vif_step_kind_to_string(s->kind));
	if (s->ifindex)
		buf_printf(b, " ifindex='%d'", s->ifindex);
	if (addr_valid(&s->addr))
		buf_printf(b, " address='%s' prefix='%d'", addr_format(&s->addr, a), s->prefix);
	if (addr_valid(&s->src))
		buf_printf(b, " src='%s'", addr_format(&s->src, a));
	if (s->metric)
		buf_printf(b, " metric='%u'", s->metric);
	if (s->kind == VS_MAC)
		buf_printf(b, " mac='%s'", mac_format(&s->mac, m));
	if (s->mtu)
		buf_printf(b, " mtu='%u'", s->mtu);
	if (s->pid)
		buf_printf(b, " pid='%d'", (int)s->pid);
	buf_escape(b, " name='%s'", s->name[0] ? s->name : NULL);
	buf_escape(b, " value='%s'", s->value[0] ? s->value : NULL);
	buf_add(b, "/>\n");
}

char *vif_state_format(const vif_state *st)
{
	vn_buf b = {0};

	buf_escape(&b, "<vifstatus device='%s'", st->dev);
	buf_printf(&b, " ifindex='%d' mode='%s' type='%s' state='%s' pid='%d'>\n", st->ifindex, vif_mode_to_string(st->mode),
		   st->tap ? "tap" : "vif", st->online ? "online" : "starting", (int)st->pid);
	buf_indent(&b, 2);
	for (size_t i = 0; i < st->nsteps; i++)
		step_format(&b, &st->steps[i]);
	buf_indent(&b, -2);
	buf_add(&b, "</vifstatus>\n");
	return buf_steal(&b);
}

/* An unsigned attribute that must fit an int; absent leaves *out alone. */
static int prop_int(xmlNodePtr n, const char *name, int *out, vn_err *err)
{
	unsigned u;
	int r = xml_prop_uint(n, name, 10, false, &u, err);

	if (r == 1 && u > 0x7fffffff)
		return vn_err_set(err, ERANGE, "%s='%u' is out of range", name, u);
	if (r == 1)
		*out = (int)u;
	return r < 0 ? r : 0;
}

static int text_prop(xmlNodePtr n, const char *name, char *out, size_t len, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(n, name);

	if (v && strlen(v) >= len)
		return vn_err_set(err, EINVAL, "%s='%.40s...' is too long", name, v);
	snprintf(out, len, "%s", v ? v : "");
	return 0;
}

static int step_addrs(xmlNodePtr n, vif_step *s, vn_err *err)
{
	_cleanup_free_ char *addr = xml_prop(n, "address"), *src = xml_prop(n, "src"), *mac = xml_prop(n, "mac");

	if ((addr && addr_parse(addr, 0, &s->addr) < 0) || (src && addr_parse(src, 0, &s->src) < 0))
		return vn_err_set(err, EINVAL, "bad address in step '%s'", vif_step_kind_to_string(s->kind));
	if ((mac && mac_parse(mac, &s->mac) < 0) || (s->kind == VS_MAC && !mac))
		return vn_err_set(err, EINVAL, "bad or missing mac in step '%s'", vif_step_kind_to_string(s->kind));
	return 0;
}

static int step_parse(xmlNodePtr n, vif_step *s, vn_err *err)
{
	_cleanup_free_ char *kind = xml_prop(n, "kind");
	int k = vif_step_kind_from_string(kind), pid = 0, prefix = 0, r;

	*s = (vif_step){0};
	if (k < 0)
		return vn_err_set(err, EINVAL, "unknown step kind '%s'", kind ? kind : "");
	s->kind = (vif_step_kind)k;
	if ((r = prop_int(n, "ifindex", &s->ifindex, err)) < 0 || (r = prop_int(n, "prefix", &prefix, err)) < 0 ||
	    (r = prop_int(n, "pid", &pid, err)) < 0 || (r = xml_prop_uint(n, "metric", 10, false, &s->metric, err)) < 0 ||
	    (r = xml_prop_uint(n, "mtu", 10, false, &s->mtu, err)) < 0 || (r = step_addrs(n, s, err)) < 0 ||
	    (r = text_prop(n, "name", s->name, sizeof(s->name), err)) < 0 || (r = text_prop(n, "value", s->value, sizeof(s->value), err)) < 0)
		return r;
	if (addr_valid(&s->addr) && prefix > addr_bits(&s->addr))
		return vn_err_set(err, EINVAL, "prefix %d is too long for step '%s'", prefix, kind);
	s->prefix = prefix;
	s->pid = pid;
	return 0;
}

/* The record's device: an interface name, as when it was given. */
static int device_parse(xmlNodePtr root, vif_state *st, vn_err *err)
{
	_cleanup_free_ char *dev = xml_prop(root, "device");
	int rc;

	if (!dev || !*dev)
		return vn_err_set(err, EINVAL, "<vifstatus> has no device");
	if ((rc = vt_check(VT_IFNAME, dev, err, "<vifstatus> device")) < 0)
		return rc;
	snprintf(st->dev, sizeof(st->dev), "%s", dev);
	return 0;
}

int vif_step_fw_table(const char *name, char family[8], char table[80])
{
	const char *sp = name ? strchr(name, ' ') : NULL;
	size_t fn = sp ? (size_t)(sp - name) : 0;

	if (!sp || !((fn == 4 && !strncmp(name, "inet", 4)) || (fn == 6 && !strncmp(name, "bridge", 6))) ||
	    !vt_ok(VT_NFT_NAME, sp + 1))
		return -EINVAL;
	snprintf(family, 8, "%.*s", (int)fn, name);
	snprintf(table, 80, "%s", sp + 1);
	return 0;
}

/* A record is read like any input: each step only as vif-virtnet writes it, so a changed or
 * damaged record cannot make an undo act on anything else. at: "step N (kind)". */
static int refuse(vn_err *err, const char *at, const char *field, const char *value, const char *rule)
{
	char shown[200];

	vt_shorten(value, shown);
	return vn_err_set(err, EINVAL, "%s %s '%s' is not %s", at, field, shown, rule);
}

/* The sysctls vif-virtnet changes are all below net/; a value is what the kernel printed. */
static int check_sysctl(const vif_step *s, const char *at, vn_err *err)
{
	int rc = vt_check(VT_SYSCTL, s->name, err, "%s name", at);

	if (rc < 0)
		return rc;
	if (strncmp(s->name, "net/", 4) != 0)
		return refuse(err, at, "name", s->name, "a sysctl below net/ (vif-virtnet changes no other)");
	for (const char *p = s->value; *p; p++)
		if ((unsigned char)*p < 0x20 ? *p != '\t' : (unsigned char)*p >= 0x7f)
			return refuse(err, at, "value", s->value, "a sysctl value (printable characters and tabs)");
	return s->value[0] ? 0 : refuse(err, at, "value", s->value, "a sysctl value: it is empty");
}

static int check_dnsmasq(const vif_step *s, const char *at, const char *run, vn_err *err)
{
	char rule[PATH_MAX + 80];
	vif_dhcp_files f;
	int rc = vt_check(VT_ABS_PATH, s->name, err, "%s name", at);

	if (rc < 0 || vif_dhcp_files_of_conf(run, s->name, &f) == 0)
		return rc;
	snprintf(rule, sizeof(rule), "a config file of vif-virtnet's dnsmasq (%s/dnsmasq/vif-<device>.conf)", run ? run : "<root>/run/virtnet");
	return refuse(err, at, "name", s->name, rule);
}

/* name: the port's UUID as we write it; value: its network, a file name in the status folder. */
static int check_port(const vif_step *s, const char *at, vn_err *err)
{
	char again[VN_UUID_STRLEN];
	uint8_t u[16];

	if (uuid_parse(s->name, u) < 0 || strcmp(uuid_format(u, again), s->name) != 0)
		return refuse(err, at, "name", s->name, "a port UUID (8-4-4-4-12 hex digits)");
	return vt_check(VT_FILE_NAME, s->value, err, "%s value (network)", at);
}

static bool on_device(vif_step_kind k)
{
	return k == VS_LINK_UP || k == VS_MAC || k == VS_MTU || k == VS_MASTER || k == VS_ADDRESS || k == VS_ROUTE || k == VS_TC;
}

static int step_check(const vif_step *s, const char *at, const char *run, vn_err *err)
{
	char family[8], table[80];

	if (on_device(s->kind) && s->ifindex <= 0)
		return vn_err_set(err, EINVAL, "%s has no ifindex", at);
	switch (s->kind) {
	case VS_LINK_UP:
		return streq(s->value, "up") || streq(s->value, "down") ? 0 : refuse(err, at, "value", s->value, "up or down");
	case VS_MASTER:
		return vt_check(VT_IFNAME, s->name, err, "%s name", at);
	case VS_SYSCTL:
	case VS_FORWARDING:
		return check_sysctl(s, at, err);
	case VS_ADDRESS:
	case VS_ROUTE:
		return addr_valid(&s->addr) ? 0 : vn_err_set(err, EINVAL, "%s has no address", at);
	case VS_FIREWALL:
		if (vif_step_fw_table(s->name, family, table) == 0)
			return 0;
		return refuse(err, at, "name", s->name, "'inet <table>' or 'bridge <table>' with an nft table name");
	case VS_DNSMASQ:
		return check_dnsmasq(s, at, run, err);
	case VS_PORT:
		return check_port(s, at, err);
	default:
		return 0;
	}
}

static int steps_parse(xmlNodePtr root, vif_state *st, const char *run, vn_err *err)
{
	size_t n = 0;
	int r;

	for (xmlNodePtr c = root->children; c; c = c->next) {
		char at[64];
		vif_step s;
		if (c->type != XML_ELEMENT_NODE || !streq((const char *)c->name, "step"))
			continue;
		snprintf(at, sizeof(at), "step %zu", ++n);
		if ((r = step_parse(c, &s, err)) < 0) {
			vn_err_prefix(err, "%s", at);
			return r;
		}
		snprintf(at, sizeof(at), "step %zu (%s)", n, vif_step_kind_to_string(s.kind));
		if ((r = step_check(&s, at, run, err)) < 0)
			return r;
		if (vif_state_add(st, &s) < 0)
			return vn_err_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

static int root_parse(xmlNodePtr root, vif_state *st, const char *run, vn_err *err)
{
	_cleanup_free_ char *mode = xml_prop(root, "mode"), *type = xml_prop(root, "type"), *state = xml_prop(root, "state");
	int m = vif_mode_from_string(mode), pid = 0, r;

	if (m < 0 || (!streq(type, "vif") && !streq(type, "tap")) || (!streq(state, "online") && !streq(state, "starting")))
		return vn_err_set(err, EINVAL, "<vifstatus> needs mode (bridge, nat, route), type (vif, tap) and state (online, starting)");
	if ((r = device_parse(root, st, err)) < 0 || (r = prop_int(root, "ifindex", &st->ifindex, err)) < 0 ||
	    (r = prop_int(root, "pid", &pid, err)) < 0)
		return r;
	st->mode = (vif_mode)m;
	st->tap = streq(type, "tap");
	st->online = streq(state, "online");
	st->pid = pid;
	return steps_parse(root, st, run, err);
}

int vif_state_parse(const char *xml, size_t len, const char *what, const char *run, vif_state **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	vif_state *st = NULL;
	int r = xml_read(xml, len, what, "vifstatus", &doc, err);

	if (r < 0)
		return r;
	if (!(st = vif_state_new("")))
		r = vn_err_set(err, ENOMEM, "out of memory");
	else if ((r = root_parse(xmlDocGetRootElement(doc), st, run, err)) < 0)
		vn_err_prefix(err, "%s", what);
	xmlFreeDoc(doc);
	if (r < 0) {
		vif_state_free(st);
		return r;
	}
	*out = st;
	return 0;
}

int vif_state_path(const char *run_dir, const char *dev, char *out, size_t len)
{
	int n;

	if (!vt_ok(VT_IFNAME, dev))
		return -EINVAL;
	n = snprintf(out, len, "%s/vifs/%s.xml", run_dir, dev);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int vif_state_write(const char *path, const vif_state *st, vn_err *err)
{
	_cleanup_free_ char *xml = vif_state_format(st);

	if (!xml)
		return vn_err_set(err, ENOMEM, "out of memory");
	return file_write_atomic(path, xml, strlen(xml), 0644, err);
}

/* <dev>.xml holds the record of dev and of no other device. */
static int named_after(const char *path, const vif_state *st, vn_err *err)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(st->dev);

	base = base ? base + 1 : path;
	if (strncmp(base, st->dev, n) == 0 && streq(base + n, ".xml"))
		return 0;
	return vn_err_set(err, EINVAL, "%s: <vifstatus> device '%s' is not the vif this file is named after", path, st->dev);
}

int vif_state_read(const char *path, const char *run, vif_state **out, vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	vif_state *st = NULL;
	size_t len;
	int r = file_read_all(path, VIF_STATE_MAX_SIZE, &data, &len, err);

	if (r < 0 || (r = vif_state_parse(data, len, path, run, &st, err)) < 0)
		return r;
	if ((r = named_after(path, st, err)) < 0) {
		vif_state_free(st);
		return r;
	}
	*out = st;
	return 0;
}
