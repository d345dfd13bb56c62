/* vport_xml.c - <virtualport> and <portgroup> parse/format (libvirt semantics) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/netdev_xml.h"
#include "conf/xml.h"
#include "util/cleanup.h"
#include "util/str.h"

static int vport_num(const char *s, unsigned max, const char *name, unsigned *out, vn_err *err)
{
	if (str_to_uint(s, 0, out) < 0)
		return vn_err_set(err, EINVAL, "cannot parse value of %s parameter", name);
	if (*out > max)
		return vn_err_set(err, ERANGE, "value of %s out of range", name);
	return 0;
}

static int vport_params(xmlNodePtr p, vn_vport *v, vn_err *err)
{
	_cleanup_free_ char *mgr = xml_prop(p, "managerid"), *tid = xml_prop(p, "typeid");
	_cleanup_free_ char *tver = xml_prop(p, "typeidversion"), *inst = xml_prop(p, "instanceid");
	_cleanup_free_ char *prof = xml_prop(p, "profileid"), *iface = xml_prop(p, "interfaceid");
	unsigned u;

	if (mgr && (vport_num(mgr, 0xff, "managerid", &u, err) < 0))
		return -EINVAL;
	if (mgr)
		v->manager_id = (uint8_t)u, v->manager_id_set = true;
	if (tid && vport_num(tid, 0xffffff, "typeid", &u, err) < 0)
		return -EINVAL;
	if (tid)
		v->type_id = u, v->type_id_set = true;
	if (tver && vport_num(tver, 0xff, "typeidversion", &u, err) < 0)
		return -EINVAL;
	if (tver)
		v->type_id_version = (uint8_t)u, v->type_id_version_set = true;
	if (inst && uuid_parse(inst, v->instance_id) < 0)
		return vn_err_set(err, EINVAL, "cannot parse instanceid parameter as a uuid");
	v->instance_id_set = inst != NULL;
	if (prof && strlen(prof) >= sizeof(v->profile_id))
		return vn_err_set(err, EINVAL, "profileid parameter too long");
	if (prof)
		strcpy(v->profile_id, prof);
	if (iface && uuid_parse(iface, v->interface_id) < 0)
		return vn_err_set(err, EINVAL, "cannot parse interfaceid parameter as a uuid");
	v->interface_id_set = iface != NULL;
	return 0;
}

static int vport_check_extras(const vn_vport *v, vn_err *err)
{
	const char *extra = NULL;
	bool qbg_ids = v->manager_id_set || v->type_id_set || v->type_id_version_set ||
		       v->instance_id_set;

	switch (v->type) {
	case VPORT_8021QBG:
		extra = v->profile_id[0] ? "profileid" : v->interface_id_set ? "interfaceid" : NULL;
		break;
	case VPORT_8021QBH:
		extra = v->manager_id_set        ? "managerid"
			: v->type_id_set         ? "typeid"
			: v->type_id_version_set ? "typeidversion"
			: v->instance_id_set     ? "instanceid"
			: v->interface_id_set    ? "interfaceid"
						 : NULL;
		break;
	case VPORT_OPENVSWITCH:
		if (qbg_ids)
			extra = v->manager_id_set ? "managerid" : v->type_id_set ? "typeid" :
				v->type_id_version_set ? "typeidversion" : "instanceid";
		break;
	default:
		break;
	}
	if (extra)
		return vn_err_set(err, EINVAL, "extra %s unsupported in <virtualport type='%s'>",
				  extra, vport_type_to_string(v->type));
	return 0;
}

int vport_parse(xmlNodePtr node, unsigned flags, vn_vport **out, vn_err *err)
{
	_cleanup_free_ vn_vport *v = calloc(1, sizeof(*v));
	_cleanup_free_ char *type = xml_prop(node, "type");
	xmlNodePtr params = xml_child(node, "parameters");
	int r;

	if (!v)
		return -ENOMEM;
	if (type) {
		int t = vport_type_from_string(type);
		if (t <= 0)
			return vn_err_set(err, EINVAL, "unknown virtualport type %s", type);
		v->type = (vn_vport_type)t;
	}
	if (v->type == VPORT_NONE && (flags & VPORT_REQUIRE_TYPE))
		return vn_err_set(err, EINVAL, "missing required virtualport type");
	if (params) {
		r = vport_params(params, v, err);
		if (r < 0)
			return r;
	}
	r = vport_check_extras(v, err);
	if (r < 0)
		return r;
	*out = TAKE_PTR(v);
	return 0;
}

static bool type_in(vn_vport_type t, vn_vport_type a, vn_vport_type b, vn_vport_type c)
{
	return t == a || t == b || t == c;
}

void vport_format(vn_buf *b, const vn_vport *v)
{
	char u[VN_UUID_STRLEN];

	if (!v)
		return;
	bool noparams = !(v->manager_id_set || v->type_id_set || v->type_id_version_set ||
			  v->instance_id_set || v->profile_id[0] || v->interface_id_set);
	if (v->type == VPORT_NONE && noparams)
		return;
	if (v->type == VPORT_NONE)
		buf_add(b, "<virtualport>\n");
	else
		buf_printf(b, "<virtualport type='%s'%s>\n", vport_type_to_string(v->type),
			   noparams ? "/" : "");
	if (noparams)
		return;
	buf_indent(b, 2);
	buf_add(b, "<parameters");
	bool qbg = type_in(v->type, VPORT_8021QBG, VPORT_NONE, VPORT_NONE);
	if (v->manager_id_set && qbg)
		buf_printf(b, " managerid='%d'", v->manager_id);
	if (v->type_id_set && qbg)
		buf_printf(b, " typeid='%d'", (int)v->type_id);
	if (v->type_id_version_set && qbg)
		buf_printf(b, " typeidversion='%d'", v->type_id_version);
	if (v->instance_id_set && qbg)
		buf_printf(b, " instanceid='%s'", uuid_format(v->instance_id, u));
	if (v->interface_id_set && type_in(v->type, VPORT_MIDONET, VPORT_OPENVSWITCH, VPORT_NONE))
		buf_printf(b, " interfaceid='%s'", uuid_format(v->interface_id, u));
	if (v->profile_id[0] && type_in(v->type, VPORT_OPENVSWITCH, VPORT_8021QBH, VPORT_NONE))
		buf_escape(b, " profileid='%s'", v->profile_id);
	buf_add(b, "/>\n");
	buf_indent(b, -2);
	buf_add(b, "</virtualport>\n");
}

int portgroup_parse(xmlNodePtr node, vn_portgroup *pg, vn_err *err)
{
	_cleanup_free_ char *isdef = xml_prop_nonempty(node, "default");
	xmlNodePtr n;
	int r;

	pg->name = xml_prop_nonempty(node, "name");
	if (!pg->name)
		return vn_err_set(err, EINVAL, "Missing required name attribute in portgroup");
	pg->is_default = isdef && strcasecmp(isdef, "yes") == 0;
	r = xml_prop_tristate(node, "trustGuestRxFilters", &pg->trust_guest_rx_filters, err);
	if (r < 0)
		return r;
	n = xml_child(node, "virtualport");
	if (n) {
		r = vport_parse(n, 0, &pg->vport, err);
		if (r < 0)
			return r;
	}
	n = xml_child(node, "bandwidth");
	if (n) {
		r = bandwidth_parse(n, false, NULL, &pg->bandwidth, err);
		if (r < 0)
			return r;
	}
	n = xml_child(node, "vlan");
	if (n) {
		r = vlan_parse(n, &pg->vlan, err);
		if (r < 0)
			return r;
	}
	return 0;
}

void portgroup_format(vn_buf *b, const vn_portgroup *pg)
{
	buf_escape(b, "<portgroup name='%s'", pg->name);
	if (pg->is_default)
		buf_add(b, " default='yes'");
	if (pg->trust_guest_rx_filters)
		buf_printf(b, " trustGuestRxFilters='%s'",
			   tristate_to_string(pg->trust_guest_rx_filters));
	buf_add(b, ">\n");
	buf_indent(b, 2);
	vlan_format(b, &pg->vlan);
	vport_format(b, pg->vport);
	bandwidth_format(b, pg->bandwidth, 0);
	buf_indent(b, -2);
	buf_add(b, "</portgroup>\n");
}
