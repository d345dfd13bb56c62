#include "state/status.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/network_xml.h"
#include "conf/xml.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/fileio.h"
#include "state/state.h"
#include "types/vtype.h"
#include "util/str.h"

static const char *const step_names[STEP__COUNT] = {
	"bridge", "sysctl", "address", "link-up", "route", "forwarding", "firewall", "dnsmasq", "port",
};

ENUM_IMPL(step_kind, vn_step_kind, step_names)

int status_add_step(vn_status *st, const vn_step *step)
{
	vn_step *nv = realloc(st->steps, (st->nsteps + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	st->steps = nv;
	st->steps[st->nsteps++] = *step;
	return 0;
}

void status_free(vn_status *st)
{
	if (!st)
		return;
	net_free(st->live);
	free(st->steps);
	free(st);
}

static void step_format(vn_buf *b, const vn_step *s)
{
	char a[VN_ADDR_STRLEN];

	buf_printf(b, "<step kind='%s'", step_kind_to_string(s->kind));
	if (s->ifindex)
		buf_printf(b, " ifindex='%d'", s->ifindex);
	if (addr_valid(&s->addr))
		buf_printf(b, " address='%s' prefix='%d'", addr_format(&s->addr, a), s->prefix);
	if (addr_valid(&s->gw))
		buf_printf(b, " gateway='%s'", addr_format(&s->gw, a));
	if (s->metric)
		buf_printf(b, " metric='%u'", s->metric);
	if (s->pid)
		buf_printf(b, " pid='%d'", (int)s->pid);
	buf_escape(b, " name='%s'", s->name[0] ? s->name : NULL);
	buf_escape(b, " value='%s'", s->value[0] ? s->value : NULL);
	buf_add(b, "/>\n");
}

char *status_format(const vn_status *st)
{
	_cleanup_free_ char *net = net_format(st->live, 0);
	vn_buf b = {0};

	if (!net)
		return NULL;
	buf_printf(&b, "<networkstatus state='%s'%s", st->active ? "active" : "starting", st->transient ? " transient='yes'" : "");
	if (!st->active)
		buf_printf(&b, " starter='%d'", (int)st->starter);
	buf_add(&b, ">\n");
	buf_indent(&b, 2);
	for (size_t i = 0; i < st->nsteps; i++)
		step_format(&b, &st->steps[i]);
	buf_indent(&b, -2);
	buf_add(&b, net);
	buf_add(&b, "</networkstatus>\n");
	return buf_steal(&b);
}

/* A record is read back like any input: each kind's name has that kind's type. */
static int step_check(const vn_step *s, vn_err *err)
{
	const char *kind = step_kind_to_string(s->kind);

	switch (s->kind) {
	case STEP_BRIDGE:
	case STEP_PORT:
		return s->name[0] ? vt_check(VT_IFNAME, s->name, err, "status step '%s': name", kind) : 0;
	case STEP_SYSCTL:
	case STEP_FORWARDING:
		if (vt_check(VT_SYSCTL, s->name, err, "status step '%s': name", kind) < 0)
			return -EINVAL;
		return vt_check(VT_SYSCTL_VALUE, s->value, err, "status step '%s': value", kind);
	case STEP_FIREWALL:
		return s->name[0] ? vt_check(VT_NFT_NAME, s->name, err, "status step '%s': name", kind) : 0;
	case STEP_DNSMASQ:
		return s->name[0] ? vt_check(VT_ABS_PATH, s->name, err, "status step '%s': name", kind) : 0;
	default:
		return s->name[0] ? vn_err_set(err, EINVAL, "status step '%s' has a name, which it never has", kind) : 0;
	}
}

static int step_parse(xmlNodePtr node, vn_step *s, vn_err *err)
{
	_cleanup_free_ char *kind = xml_prop(node, "kind"), *addr = xml_prop(node, "address");
	_cleanup_free_ char *gw = xml_prop(node, "gateway"), *name = xml_prop(node, "name"), *value = xml_prop(node, "value");
	unsigned u;
	int k = step_kind_from_string(kind);

	*s = (vn_step){0};
	if (k < 0)
		return vn_err_set(err, EINVAL, "unknown step kind '%s' in status file", kind ? kind : "");
	s->kind = (vn_step_kind)k;
	if (xml_prop_uint(node, "ifindex", 10, false, &u, err) == 1)
		s->ifindex = (int)u;
	if (xml_prop_uint(node, "prefix", 10, false, &u, err) == 1)
		s->prefix = (int)u;
	if (xml_prop_uint(node, "pid", 10, false, &u, err) == 1)
		s->pid = (pid_t)u;
	xml_prop_uint(node, "metric", 10, false, &s->metric, err);
	if ((addr && addr_parse(addr, 0, &s->addr) < 0) || (gw && addr_parse(gw, 0, &s->gw) < 0))
		return vn_err_set(err, EINVAL, "bad address in status step '%s'", kind);
	if ((name && strlen(name) >= sizeof(s->name)) || (value && strlen(value) >= sizeof(s->value)))
		return vn_err_set(err, EINVAL, "status step '%s': a name or value is too long", kind);
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
	snprintf(s->value, sizeof(s->value), "%s", value ? value : "");
	return step_check(s, err);
}

static int status_parse_root(xmlNodePtr root, const char *what, vn_status *st, vn_err *err)
{
	_cleanup_free_ char *state = xml_prop(root, "state"), *transient = xml_prop(root, "transient");
	unsigned u;
	int r;

	st->active = streq(state, "active");
	st->transient = streq(transient, "yes");
	if (xml_prop_uint(root, "starter", 10, false, &u, err) == 1)
		st->starter = (pid_t)u;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		vn_step s;
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "step") != 0)
			continue;
		if ((r = step_parse(c, &s, err)) < 0 || (r = status_add_step(st, &s)) < 0)
			return r;
	}
	xmlNodePtr net = xml_child(root, "network");
	if (!net)
		return vn_err_set(err, EINVAL, "%s: no <network> in status file", what);
	xmlBufferPtr xb = xmlBufferCreate();
	if (!xb)
		return -ENOMEM;
	xmlNodeDump(xb, root->doc, net, 0, 0);
	r = net_parse((const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb), what, &st->live, err);
	xmlBufferFree(xb);
	return r;
}

int status_parse(const char *xml, size_t len, const char *what, vn_status **out, vn_err *err)
{
	xmlDocPtr doc = NULL;
	vn_status *st;
	int r = xml_read(xml, len, what, "networkstatus", &doc, err);

	if (r < 0)
		return r;
	if (!(st = calloc(1, sizeof(*st)))) {
		xmlFreeDoc(doc);
		return -ENOMEM;
	}
	r = status_parse_root(xmlDocGetRootElement(doc), what, st, err);
	xmlFreeDoc(doc);
	if (r < 0) {
		status_free(st);
		return r;
	}
	*out = st;
	return 0;
}

int status_write(const char *dir, const vn_status *st, vn_err *err)
{
	_cleanup_free_ char *xml = status_format(st);
	char path[PATH_MAX];

	if (!xml || state_path_xml(path, sizeof(path), dir, st->live->name) < 0)
		return vn_err_set(err, ENOMEM, "cannot record the status of network '%s'", st->live->name);
	return file_write_volatile(path, xml, strlen(xml), 0644, err);
}

int status_read(const char *path, vn_status **out, vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = file_read_all(path, NET_XML_MAX_SIZE * 2, &data, &len, err);

	return r < 0 ? r : status_parse(data, len, path, out, err);
}

int status_remove(const char *dir, const char *name, vn_err *err)
{
	char path[PATH_MAX];

	if (state_path_xml(path, sizeof(path), dir, name) < 0)
		return vn_err_set(err, ENAMETOOLONG, "status path too long");
	if (unlink(path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	return 0;
}
