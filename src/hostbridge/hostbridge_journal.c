/* hostbridge_journal.c - what a host bridge's journal holds besides its steps: the payload
 * (what the bridge is made from, a line per element), its phase as users see it, the steps
 * that are made. Pure. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/xml.h"
#include "hostbridge/hostbridge.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"
#include "util/str.h"

static const char *const state_names[JPHASE__COUNT] = {
	[JPHASE_DOING] = "creating", [JPHASE_DONE] = "active", [JPHASE_UNDOING] = "deleting",
};

const char *hb_state_name(const vn_hostbridge *hb)
{
	return (unsigned)hb->j.phase < JPHASE__COUNT ? state_names[hb->j.phase] : "?";
}

const vn_hb_step *hb_live_step(const vn_hostbridge *hb, size_t i)
{
	const vn_jstep *s = &hb->j.steps[i];

	return s->state == JSTEP_INTENDED || s->state == JSTEP_DONE ? s->data : NULL;
}

size_t hb_count(const vn_hostbridge *hb, vn_hb_step_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < hb->j.nsteps; i++) {
		const vn_hb_step *s = hb_live_step(hb, i);
		n += s && s->kind == k;
	}
	return n;
}

void hb_free(vn_hostbridge *hb)
{
	if (!hb)
		return;
	journal_free(&hb->j);
	free(hb);
}

char *hb_payload_format(const vn_hostbridge *hb)
{
	char mac[VN_MAC_STRLEN];
	vn_buf b = {0};

	buf_escape(&b, "<hostbridge name='%s'", hb->name);
	buf_printf(&b, " stamp='%lld'/>\n", hb->stamp);
	buf_escape(&b, "<device name='%s'", hb->nic);
	buf_printf(&b, " ifindex='%d' mac='%s' mtu='%u'%s/>\n", hb->nic_ifindex,
		   mac_format(&hb->mac, mac), hb->mtu, hb->nic_was_down ? " down='yes'" : "");
	buf_printf(&b, "<options bridge-nf='%s' forward-accept='%s'/>\n",
		   hb->bridge_nf_off ? "off" : "on", hb->forward_accept ? "yes" : "no");
	if (b.oom) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* ---- parse ---- */

static bool named(xmlNodePtr n, const char *name)
{
	return n && strcmp((const char *)n->name, name) == 0;
}

static int bad_value(const char *attr, const char *v, vn_err *err)
{
	return vn_err_set(err, EINVAL, "bad %s '%s'", attr, v ? v : "");
}

/* <hostbridge name='BRIDGE' stamp='SECONDS'/> */
static int parse_head(vn_hostbridge *hb, xmlNodePtr n, vn_err *err)
{
	_cleanup_free_ char *name = n ? xml_prop(n, "name") : NULL;
	unsigned long long stamp = 0;

	if (!named(n, "hostbridge"))
		return vn_err_set(err, EINVAL, "no <hostbridge> (the bridge's name)");
	if (vt_check(VT_IFNAME, name, err, "the bridge's name") < 0)
		return -EINVAL;
	if (xml_prop_ull(n, "stamp", &stamp, err) != 1 || stamp > LLONG_MAX)
		return vn_err_set(err, EINVAL, "no stamp, or one out of range");
	snprintf(hb->name, sizeof(hb->name), "%s", name);
	hb->stamp = (long long)stamp;
	return 0;
}

static int device_numbers(vn_hostbridge *hb, xmlNodePtr n, vn_err *err)
{
	unsigned ifindex = 0;

	if (xml_prop_uint(n, "ifindex", 10, true, &ifindex, err) != 1 || ifindex > INT_MAX)
		return vn_err_set(err, EINVAL, "no ifindex, or one out of range");
	if (xml_prop_uint(n, "mtu", 10, true, &hb->mtu, err) != 1)
		return vn_err_set(err, EINVAL, "no mtu, or a bad one");
	hb->nic_ifindex = (int)ifindex;
	return 0;
}

/* <device name='NIC' ifindex='N' mac='MAC' mtu='N' [down='yes']/> */
static int parse_device(vn_hostbridge *hb, xmlNodePtr n, vn_err *err)
{
	_cleanup_free_ char *name = n ? xml_prop(n, "name") : NULL;
	_cleanup_free_ char *mac = n ? xml_prop(n, "mac") : NULL;
	_cleanup_free_ char *down = n ? xml_prop(n, "down") : NULL;

	if (!named(n, "device"))
		return vn_err_set(err, EINVAL, "no <device> (the bridged interface)");
	if (vt_check(VT_IFNAME, name, err, "the interface's name") < 0)
		return -EINVAL;
	if (!mac || mac_parse(mac, &hb->mac) < 0)
		return bad_value("mac", mac, err);
	if (down && !streq(down, "yes"))
		return bad_value("down", down, err);
	snprintf(hb->nic, sizeof(hb->nic), "%s", name);
	hb->nic_was_down = down != NULL;
	return device_numbers(hb, n, err);
}

/* <options bridge-nf='on|off' forward-accept='yes|no'/> */
static int parse_options(vn_hostbridge *hb, xmlNodePtr n, vn_err *err)
{
	_cleanup_free_ char *nf = n ? xml_prop(n, "bridge-nf") : NULL;
	_cleanup_free_ char *fa = n ? xml_prop(n, "forward-accept") : NULL;

	if (!named(n, "options"))
		return vn_err_set(err, EINVAL, "no <options>");
	if (!streq(nf, "on") && !streq(nf, "off"))
		return bad_value("bridge-nf", nf, err);
	if (!streq(fa, "yes") && !streq(fa, "no"))
		return bad_value("forward-accept", fa, err);
	hb->bridge_nf_off = streq(nf, "off");
	hb->forward_accept = streq(fa, "yes");
	return 0;
}

/* The next element of the payload, or NULL where the records begin. */
static xmlNodePtr next_payload(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return named(n, "step") || named(n, "phase") ? NULL : n;
	return NULL;
}

static void bridge_index(vn_hostbridge *hb)
{
	for (size_t i = 0; i < hb->j.nsteps; i++) {
		const vn_hb_step *s = hb_live_step(hb, i);
		if (s && s->kind == HB_STEP_BRIDGE)
			hb->ifindex = s->ifindex;
	}
}

/* Records 2, 3 and 4 of the file (the header is record 1). */
int hb_payload_parse(vn_hostbridge *hb, vn_err *err)
{
	static int (*const parts[])(vn_hostbridge *, xmlNodePtr, vn_err *) = {
		parse_head, parse_device, parse_options
	};
	xmlNodePtr n = journal_payload(&hb->j);

	for (unsigned i = 0; i < ELEMENTSOF(parts); i++, n = next_payload(n)) {
		if (parts[i](hb, n, err) < 0) {
			vn_err_prefix(err, "journal %s: record %u", hb->j.path, i + 2);
			return -EINVAL;
		}
	}
	if (n) {
		vn_err_set(err, EINVAL,
			   "journal %s: record 5: <%s>, which a host bridge's journal never has",
			   hb->j.path, (const char *)n->name);
		return -EINVAL;
	}
	bridge_index(hb);
	return 0;
}
