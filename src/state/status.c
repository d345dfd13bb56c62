/* status.c - a running network's journal: the network's step type and its payload */
#include "state/status.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/network_xml.h"
#include "conf/xml.h"
#include "state/state.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/str.h"

static const char *const step_names[STEP__COUNT] = {
	"bridge", "sysctl", "address", "link-up", "route",
	"forwarding", "firewall", "dnsmasq", "port", "overlay-firewall", "vxlan", "fdb",
	"overlay-control",
};

ENUM_IMPL(step_kind, vn_step_kind, step_names)

static void step_format(vn_buf *b, int kind, const void *data)
{
	const vn_step *s = data;
	char a[VN_ADDR_STRLEN];

	(void)kind;
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
}

/* A record is read back like any input: each kind's name has that kind's type. */
static int step_check(const vn_step *s, vn_err *err)
{
	const char *kind = step_kind_to_string(s->kind);

	switch (s->kind) {
	case STEP_BRIDGE:
		return vt_check(VT_IFNAME, s->name, err, "step '%s': name", kind);
	case STEP_SYSCTL:
	case STEP_FORWARDING:
		if (vt_check(VT_SYSCTL, s->name, err, "step '%s': name", kind) < 0)
			return -EINVAL;
		return vt_check(VT_SYSCTL_VALUE, s->value, err, "step '%s': value", kind);
	case STEP_FIREWALL:
	case STEP_OVERLAY_FW:
		return vt_check(VT_NFT_NAME, s->name, err, "step '%s': name", kind);
	case STEP_VXLAN:
		return vt_check(VT_IFNAME, s->name, err, "step '%s': name", kind);
	case STEP_FDB:
		if (s->name[0] || mac_parse(s->value, &(vn_mac){0}) < 0)
			return vn_err_set(err, EINVAL, "step '%s' needs a MAC as its value", kind);
		return 0;
	case STEP_OVERLAY_CONTROL:
		if (ovl_control_from_string(s->name) < 0)
			return vn_err_set(err, EINVAL, "step '%s': unknown control", kind);
		return 0;
	default:
		if (s->name[0])
			return vn_err_set(err, EINVAL, "step '%s' has a name, which it never has",
					  kind);
		return 0;
	}
}

static int step_numbers(xmlNodePtr node, vn_step *s, vn_err *err)
{
	unsigned u;

	if (xml_prop_uint(node, "ifindex", 10, false, &u, err) == 1)
		s->ifindex = (int)u;
	if (xml_prop_uint(node, "prefix", 10, false, &u, err) == 1)
		s->prefix = (int)u;
	if (xml_prop_uint(node, "pid", 10, false, &u, err) == 1)
		s->pid = (pid_t)u;
	if (xml_prop_uint(node, "metric", 10, false, &s->metric, err) < 0)
		return vn_err_set(err, EINVAL, "a number out of range");
	if (s->prefix > 128 || s->ifindex < 0 || s->pid < 0)
		return vn_err_set(err, EINVAL, "a number out of range");
	return 0;
}

static int step_parse(xmlNodePtr node, int kind, void *data, vn_err *err)
{
	_cleanup_free_ char *addr = xml_prop(node, "address"), *gw = xml_prop(node, "gateway");
	_cleanup_free_ char *name = xml_prop(node, "name"), *value = xml_prop(node, "value");
	vn_step *s = data;

	*s = (vn_step){ .kind = (vn_step_kind)kind };
	if (step_numbers(node, s, err) < 0)
		return -EINVAL;
	if ((addr && addr_parse(addr, 0, &s->addr) < 0) || (gw && addr_parse(gw, 0, &s->gw) < 0))
		return vn_err_set(err, EINVAL, "a bad address");
	if ((name && strlen(name) >= sizeof(s->name)) ||
	    (value && strlen(value) >= sizeof(s->value)))
		return vn_err_set(err, EINVAL, "a name or value is too long");
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
	snprintf(s->value, sizeof(s->value), "%s", value ? value : "");
	return step_check(s, err);
}

const vn_jtype status_journal_type = {
	.object = "network", .kinds = step_names, .nkinds = STEP__COUNT,
	.step_size = sizeof(vn_step), .format = step_format, .parse = step_parse,
};

static char *payload_text(const vn_status *st)
{
	_cleanup_free_ char *net = net_format(st->live, 0);
	vn_buf b = {0};

	if (!net)
		return NULL;
	buf_printf(&b, "<networkstatus%s/>\n", st->transient ? " transient='yes'" : "");
	buf_add(&b, net);
	return buf_steal(&b);
}

static int journal_start(vn_status *st, const char *dir, vn_err *err)
{
	_cleanup_free_ char *payload = NULL;
	char path[PATH_MAX];

	if (state_path_xml(path, sizeof(path), dir, st->live->name) < 0)
		return vn_err_set(err, ENAMETOOLONG, "the journal path of network '%s' is too long",
				  st->live->name);
	payload = payload_text(st);
	if (!payload)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (status_mark(path, err) < 0)
		return -err->code;
	return journal_create(&st->j, &status_journal_type, path, payload, err);
}

int status_create(const char *dir, vn_network *live, bool transient, vn_status **out, vn_err *err)
{
	vn_status *st = calloc(1, sizeof(*st));
	int r;

	*out = NULL;
	if (!st) {
		net_free(live);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	*st = (vn_status){ .live = live, .transient = transient, .j = { .fd = -1 } };
	r = journal_start(st, dir, err);
	if (r < 0) {
		status_free(st);
		return r;
	}
	*out = st;
	return 0;
}

/* <networkstatus [transient='yes']/> then the <network> it runs with. */
static int payload_parse(vn_status *st, vn_err *err)
{
	xmlNodePtr head = journal_payload(&st->j), net = head ? head->next : NULL;
	_cleanup_free_ char *transient = NULL;

	if (!head || strcmp((const char *)head->name, "networkstatus") != 0 || !net ||
	    strcmp((const char *)net->name, "network") != 0)
		return vn_err_set(err, EINVAL,
				  "%s: no <networkstatus> and <network> in the journal",
				  st->j.path);
	transient = xml_prop(head, "transient");
	st->transient = streq(transient, "yes");
	return net_parse_node(net, st->j.path, &st->live, err);   /* not dumped and read again */
}

int status_read(const char *path, vn_status **out, vn_err *err)
{
	vn_status *st = calloc(1, sizeof(*st));
	int r;

	*out = NULL;
	if (!st)
		return vn_err_set(err, ENOMEM, "out of memory");
	r = journal_read(&st->j, &status_journal_type, path, NET_XML_MAX_SIZE * 2, err);
	if (r == 0)
		r = payload_parse(st, err);
	if (r < 0) {
		status_free(st);
		return r;
	}
	st->active = st->j.phase == JPHASE_DONE;
	*out = st;
	return 0;
}

void status_free(vn_status *st)
{
	if (!st)
		return;
	net_free(st->live);
	journal_free(&st->j);
	free(st);
}

int status_remove(vn_status *st, vn_err *err)
{
	int r = journal_remove(&st->j, err);

	if (r == 0)
		status_unmark(st->j.path);
	return r;
}

int status_step(vn_status *st, vn_step *step, vn_jmake make, void *ctx, vn_err *err)
{
	return journal_step(&st->j, (int)step->kind, step, make, ctx, err);
}

int status_step_begin(vn_status *st, vn_step *step, vn_jmake begin, void *ctx, size_t *n,
		      vn_err *err)
{
	return journal_step_begin(&st->j, (int)step->kind, step, begin, ctx, n, err);
}

int status_step_finish(vn_status *st, size_t n, vn_jmake finish, void *ctx, vn_err *err)
{
	return journal_step_finish(&st->j, n, finish, ctx, err);
}

vn_step *status_find(const vn_status *st, vn_step_kind kind, size_t *n)
{
	for (size_t i = 0; i < st->j.nsteps; i++) {
		const vn_jstep *s = &st->j.steps[i];
		if (s->kind != (int)kind || (s->state != JSTEP_INTENDED && s->state != JSTEP_DONE))
			continue;
		if (n)
			*n = i;
		return s->data;
	}
	return NULL;
}

int status_update(vn_status *st, size_t n, vn_err *err)
{
	return journal_done(&st->j, n, err);
}

/* A phase change is appended, then the journal is rewritten whole with the phase in its
 * first line: a command looking for interrupted starts reads only that line of each. */
static int new_phase(vn_status *st, vn_jphase phase, vn_err *err)
{
	int r = journal_set_phase(&st->j, phase, err);

	if (r == 0)
		r = journal_compact(&st->j, NULL, err);
	return r;
}

int status_set_active(vn_status *st, vn_err *err)
{
	int r = new_phase(st, JPHASE_DONE, err);

	st->active = r == 0;
	if (r == 0)
		status_unmark(st->j.path);
	return r;
}

int status_begin_undo(vn_status *st, vn_err *err)
{
	st->active = false;
	if (status_mark(st->j.path, err) < 0)
		return -err->code;
	return new_phase(st, JPHASE_UNDOING, err);
}

bool status_head_unfinished(const char *head)
{
	return strstr(head, " phase='doing'") || strstr(head, " phase='undoing'");
}

int status_set_transient(vn_status *st, vn_err *err)
{
	_cleanup_free_ char *payload = NULL;

	st->transient = true;
	payload = payload_text(st);
	if (!payload)
		return vn_err_set(err, ENOMEM, "out of memory");
	return journal_compact(&st->j, payload, err);
}

int status_set_live(vn_status *st, vn_network *live, vn_network **was, vn_err *err)
{
	_cleanup_free_ char *payload = NULL;
	vn_network *old = st->live;
	int r;

	st->live = live;
	payload = payload_text(st);
	r = payload ? journal_compact(&st->j, payload, err) : vn_err_set(err, ENOMEM, "out of memory");
	if (r < 0) {
		st->live = old;
		return r;
	}
	*was = old;
	return 0;
}

bool status_orphaned(const vn_status *st)
{
	return st->j.phase != JPHASE_DONE && journal_orphaned(&st->j);
}
