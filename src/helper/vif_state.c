/* vif_state.c - a vif's step record: XML and files (see vif_state.h) */
#include "helper/vif_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/xml.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

#define VIF_STATE_MAX_SIZE (1 << 20)

static const char *const step_names[VS__COUNT] = {
	"link-up", "mac", "mtu", "master", "sysctl", "forwarding", "address", "route", "tc", "firewall", "dnsmasq", "port",
};

const char *vif_step_kind_to_string(vif_step_kind k)
{
	return (unsigned)k < VS__COUNT ? step_names[k] : NULL;
}

int vif_step_kind_from_string(const char *s)
{
	for (int i = 0; s && i < VS__COUNT; i++)
		if (streq(step_names[i], s))
			return i;
	return -1;
}

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

static int root_parse(xmlNodePtr root, vif_state *st, vn_err *err)
{
	_cleanup_free_ char *mode = xml_prop(root, "mode"), *type = xml_prop(root, "type"), *state = xml_prop(root, "state");
	int m = vif_mode_from_string(mode), pid = 0, r;

	if (m < 0 || (!streq(type, "vif") && !streq(type, "tap")) || (!streq(state, "online") && !streq(state, "starting")))
		return vn_err_set(err, EINVAL, "<vifstatus> needs mode (bridge, nat, route), type (vif, tap) and state (online, starting)");
	if ((r = text_prop(root, "device", st->dev, sizeof(st->dev), err)) < 0 || (r = prop_int(root, "ifindex", &st->ifindex, err)) < 0 ||
	    (r = prop_int(root, "pid", &pid, err)) < 0)
		return r;
	if (!st->dev[0])
		return vn_err_set(err, EINVAL, "<vifstatus> has no device");
	st->mode = (vif_mode)m;
	st->tap = streq(type, "tap");
	st->online = streq(state, "online");
	st->pid = pid;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		vif_step s;
		if (c->type != XML_ELEMENT_NODE || !streq((const char *)c->name, "step"))
			continue;
		if ((r = step_parse(c, &s, err)) < 0 || (r = vif_state_add(st, &s)) < 0)
			return r == -ENOMEM ? vn_err_set(err, ENOMEM, "out of memory") : r;
	}
	return 0;
}

int vif_state_parse(const char *xml, size_t len, const char *what, vif_state **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	vif_state *st = NULL;
	int r = xml_read(xml, len, what, "vifstatus", &doc, err);

	if (r < 0)
		return r;
	if (!(st = vif_state_new("")))
		r = vn_err_set(err, ENOMEM, "out of memory");
	else if ((r = root_parse(xmlDocGetRootElement(doc), st, err)) < 0)
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
	int n = snprintf(out, len, "%s/vifs/%s.xml", run_dir, dev);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int vif_state_write(const char *path, const vif_state *st, vn_err *err)
{
	_cleanup_free_ char *xml = vif_state_format(st);

	if (!xml)
		return vn_err_set(err, ENOMEM, "out of memory");
	return file_write_atomic(path, xml, strlen(xml), 0644, err);
}

int vif_state_read(const char *path, vif_state **out, vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = file_read_all(path, VIF_STATE_MAX_SIZE, &data, &len, err);

	return r < 0 ? r : vif_state_parse(data, len, path, out, err);
}
