#include "conf/netdev_xml.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "conf/xml.h"
#include "util/cleanup.h"
#include "util/str.h"

static int rate_parse(xmlNodePtr node, bool allow_floor, vn_bw_rate *r, vn_err *err)
{
	int ra, rp, rb, rf;

	ra = xml_prop_ull(node, "average", &r->average, err);
	if (ra < 0)
		return -EINVAL;
	rp = xml_prop_ull(node, "peak", &r->peak, err);
	if (rp < 0)
		return -EINVAL;
	rb = xml_prop_ull(node, "burst", &r->burst, err);
	if (rb < 0)
		return -EINVAL;
	rf = xml_prop_ull(node, "floor", &r->floor, err);
	if (rf < 0)
		return -EINVAL;
	if (!ra && !rf)
		return vn_err_set(err, EINVAL,
				  "Missing mandatory average or floor attributes in <%s>",
				  (const char *)node->name);
	if ((rp || rb) && !ra)
		return vn_err_set(err, EINVAL,
				  "'peak' and 'burst' require 'average' attribute in <%s>",
				  (const char *)node->name);
	if (rf && !allow_floor)
		return vn_err_set(err, EINVAL, "floor attribute is not supported for this config");
	return 0;
}

static int rate_new(xmlNodePtr node, bool allow_floor, vn_bw_rate **out, vn_err *err)
{
	*out = calloc(1, sizeof(vn_bw_rate));
	if (!*out)
		return -ENOMEM;
	return rate_parse(node, allow_floor, *out, err);
}

int bandwidth_parse(xmlNodePtr node, bool allow_floor, unsigned *class_id, vn_bandwidth **out,
		    vn_err *err)
{
	vn_bandwidth *bw = calloc(1, sizeof(*bw));
	xmlNodePtr in = xml_child(node, "inbound"), outb = xml_child(node, "outbound");
	_cleanup_free_ char *classid = xml_prop(node, "classID");
	int r = 0;

	if (!bw)
		return -ENOMEM;
	if (classid && !class_id)
		r = vn_err_set(err, EINVAL,
			       "classID attribute not supported on <bandwidth> in this usage "
			       "context");
	else if (classid && xml_prop_uint(node, "classID", 10, false, class_id, err) < 0)
		r = -EINVAL;
	if (r == 0 && in)
		r = rate_new(in, allow_floor, &bw->in, err);
	if (r == 0 && outb)
		r = rate_new(outb, false, &bw->out, err);
	/* average='0' (and no floor) means "no limit": libvirt writes nothing for it */
	if (r == 0 && bw->in && !bw->in->average && !bw->in->floor) {
		free(bw->in);
		bw->in = NULL;
	}
	if (r == 0 && bw->out && !bw->out->average && !bw->out->floor) {
		free(bw->out);
		bw->out = NULL;
	}
	if (r < 0 || (!bw->in && !bw->out)) {
		bandwidth_free(bw);
		return r;
	}
	*out = bw;
	return 0;
}

static void rate_format(vn_buf *b, const vn_bw_rate *r, const char *elem)
{
	if (!r || !(r->average || r->floor))
		return;
	buf_printf(b, "<%s", elem);
	if (r->average)
		buf_printf(b, " average='%llu'", r->average);
	if (r->peak)
		buf_printf(b, " peak='%llu'", r->peak);
	if (r->floor)
		buf_printf(b, " floor='%llu'", r->floor);
	if (r->burst)
		buf_printf(b, " burst='%llu'", r->burst);
	buf_add(b, "/>\n");
}

void bandwidth_format(vn_buf *b, const vn_bandwidth *bw, unsigned class_id)
{
	if (!bw)
		return;
	if (class_id)
		buf_printf(b, "<bandwidth classID='%u'>\n", class_id);
	else
		buf_add(b, "<bandwidth>\n");
	buf_indent(b, 2);
	rate_format(b, bw->in, "inbound");
	rate_format(b, bw->out, "outbound");
	buf_indent(b, -2);
	buf_add(b, "</bandwidth>\n");
}

static int rate_limits(const vn_bw_rate *r, vn_err *err)
{
	const unsigned long long speed = 1ULL << 54, size = UINT_MAX >> 10;
	const struct { unsigned long long v, max; const char *name; } c[] = {
		{ r->average, speed, "average" }, { r->peak, speed, "peak" },
		{ r->burst, size, "burst" }, { r->floor, speed, "floor" },
	};

	for (size_t i = 0; i < ELEMENTSOF(c); i++)
		if (c[i].v > c[i].max)
			return vn_err_set(err, ERANGE,
					  "value '%llu' is too big for '%s' parameter, maximum is "
					  "'%llu'",
					  c[i].v, c[i].name, c[i].max);
	return 0;
}

int bandwidth_check_limits(const vn_bandwidth *bw, vn_err *err)
{
	int r = 0;
	if (bw && bw->in)
		r = rate_limits(bw->in, err);
	if (r == 0 && bw && bw->out)
		r = rate_limits(bw->out, err);
	return r;
}

static int vlan_tags_parse(xmlNodePtr *tags, int n, vn_vlan *v, vn_err *err)
{
	for (int i = 0; i < n; i++) {
		int mode = 0, r;
		r = xml_prop_uint(tags[i], "id", 10, false, &v->tags[i], err);
		if (r == 0)
			r = vn_err_set(err, EINVAL,
				       "Missing required attribute 'id' in element 'tag'");
		if (r < 0)
			return r;
		if (v->tags[i] > 4095)
			return vn_err_set(err, EINVAL, "vlan tag id %u too large (maximum 4095)",
					  v->tags[i]);
		r = xml_prop_enum(tags[i], "nativeMode", vlan_native_from_string, true, &mode, err);
		if (r < 0)
			return r;
		if (r == 1) {
			if (v->native_mode != VLAN_NATIVE_DEFAULT)
				return vn_err_set(err, EINVAL, "duplicate native vlan setting");
			v->native_mode = (vn_vlan_native)mode;
			v->native_tag = v->tags[i];
		}
	}
	return 0;
}

static int vlan_trunk_check(const vn_vlan *v, const char *trunk, int n, vn_err *err)
{
	if (!v->trunk && n > 1)
		return vn_err_set(err, EINVAL,
				  "invalid \"trunk='%s'\" in <vlan> - trunk='yes' is required "
				  "for more than one vlan tag",
				  trunk);
	if (!v->trunk && v->native_mode != VLAN_NATIVE_DEFAULT)
		return vn_err_set(err, EINVAL,
				  "invalid configuration in <vlan> - \"trunk='no'\" is not "
				  "allowed with a native vlan id");
	if (!v->trunk && strcasecmp(trunk, "no") != 0)
		return vn_err_set(err, EINVAL,
				  "invalid \"trunk='%s'\" in <vlan> - must be yes or no",
				  trunk);
	return 0;
}

int vlan_parse(xmlNodePtr node, vn_vlan *v, vn_err *err)
{
	_cleanup_free_ xmlNodePtr *tags = NULL;
	_cleanup_free_ char *trunk = NULL;
	int n = xml_children(node, "tag", &tags), r;

	*v = (vn_vlan){0};
	if (n < 0)
		return n;
	if (n == 0)
		return vn_err_set(err, EINVAL,
				  "missing tag id - each <vlan> must have at least one <tag "
				  "id='n'/> subelement");
	v->tags = calloc((size_t)n, sizeof(unsigned));
	if (!v->tags)
		return -ENOMEM;
	v->ntags = (size_t)n;
	r = vlan_tags_parse(tags, n, v, err);
	if (r < 0)
		goto fail;
	v->trunk = n > 1;
	trunk = xml_prop_nonempty(node, "trunk");
	if (trunk) {
		v->trunk = strcasecmp(trunk, "yes") == 0;
		r = vlan_trunk_check(v, trunk, n, err);
		if (r < 0)
			goto fail;
	}
	return 0;
fail:
	vlan_clear(v);
	return r;
}

void vlan_format(vn_buf *b, const vn_vlan *v)
{
	if (!v->ntags)
		return;
	buf_printf(b, "<vlan%s>\n", v->trunk ? " trunk='yes'" : "");
	buf_indent(b, 2);
	bool native_done = false;   /* a repeated tag id carries nativeMode once, so it reparses */
	for (size_t i = 0; i < v->ntags; i++) {
		if (v->native_mode != VLAN_NATIVE_DEFAULT && v->native_tag == v->tags[i] &&
		    !native_done) {
			buf_printf(b, "<tag id='%u' nativeMode='%s'/>\n", v->tags[i],
				   vlan_native_to_string(v->native_mode));
			native_done = true;
		} else {
			buf_printf(b, "<tag id='%u'/>\n", v->tags[i]);
		}
	}
	buf_indent(b, -2);
	buf_add(b, "</vlan>\n");
}
