#include "conf/check_define.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/netdev_xml.h"
#include "conf/overlay.h"
#include "util/str.h"

/* Only the L3 modes we configure ourselves may carry host-side MAC, IP, DNS or domain. */
static int check_host_side(const vn_network *n, bool *bandwidth_ok, vn_err *err)
{
	const char *mode = fwd_mode_to_string(n->forward.mode);

	*bandwidth_ok = net_has_bridge(n) || (n->forward.mode == FWD_BRIDGE && n->bridge);
	if (net_has_bridge(n))
		return 0;
	if (n->mac_specified)
		return vn_err_set(err, EINVAL,
				  "Unsupported <mac> element in network %s with forward mode='%s'",
				  n->name, mode);
	if (n->nips)
		return vn_err_set(err, EINVAL,
				  "Unsupported <ip> element in network %s with forward mode='%s'",
				  n->name, mode);
	if (n->dns.ntxts || n->dns.nhosts || n->dns.nsrvs)
		return vn_err_set(err, EINVAL,
				  "Unsupported <dns> element in network %s with forward mode='%s'",
				  n->name, mode);
	if (n->domain)
		return vn_err_set(err, EINVAL,
				  "Unsupported <domain> element in network %s with forward "
				  "mode='%s'",
				  n->name, mode);
	return 0;
}

static int check_forward_pool(const vn_network *n, vn_err *err)
{
	bool uses_if = false, uses_addr = false;
	const char *mode = fwd_mode_to_string(n->forward.mode);

	for (size_t i = 0; i < n->forward.nifs; i++) {
		const vn_fwd_if *fi = &n->forward.ifs[i];
		if (fi->type == FWDIF_NETDEV) {
			uses_if = true;
			if (n->forward.mode == FWD_HOSTDEV)
				return vn_err_set(err, EINVAL,
						  "hostdev network '%s' lists '%s' in the device "
						  "pool, but hostdev networks require all devices "
						  "to be listed by PCI address, not network device "
						  "name",
						  n->name, fi->dev);
		} else if (fi->type == FWDIF_PCI) {
			uses_addr = true;
			if (n->forward.mode != FWD_HOSTDEV)
				return vn_err_set(err, EINVAL,
						  "network '%s' has forward mode '%s' but lists a "
						  "device by PCI address in the device pool. This "
						  "is only supported for networks with forward "
						  "mode 'hostdev'",
						  n->name, mode);
		}
	}
	if ((n->forward.pf_dev != NULL) + uses_if + uses_addr > 1)
		return vn_err_set(err, EINVAL,
				  "<address>, <interface>, and <pf> elements of <forward> in "
				  "network %s are mutually exclusive",
				  n->name);
	return 0;
}

static int check_dhcp_per_family(const vn_network *n, vn_err *err)
{
	bool v4 = false, v6 = false;

	for (size_t i = 0; i < n->nips; i++) {
		const vn_ip_def *ip = &n->ips[i];
		if (!(ip->nranges || ip->nhosts))
			continue;
		bool *seen = ip->address.family == AF_INET ? &v4 : &v6;
		if (*seen)
			return vn_err_set(err, EINVAL,
					  "Multiple %s dhcp sections found -- dhcp is supported "
					  "only for a single %s address on each network",
					  ip->address.family == AF_INET ? "IPv4" : "IPv6",
					  ip->address.family == AF_INET ? "IPv4" : "IPv6");
		*seen = true;
	}
	return 0;
}

static bool is_ovs(const vn_vport *v)
{
	return v && v->type == VPORT_OPENVSWITCH;
}

static int check_portgroups(const vn_network *n, bool bandwidth_ok, vn_err *err)
{
	bool vlan_allowed = n->forward.mode == FWD_HOSTDEV || n->forward.mode == FWD_PASSTHROUGH ||
			    (n->forward.mode == FWD_BRIDGE && is_ovs(n->vport));
	bool vlan_used = n->vlan.ntags > 0, bad_vlan = false;
	const vn_portgroup *def = NULL;

	for (size_t i = 0; i < n->nportgroups; i++) {
		const vn_portgroup *pg = &n->portgroups[i];
		if (vlan_used || pg->vlan.ntags > 0) {
			if (pg->vport)
				bad_vlan |= n->forward.mode != FWD_BRIDGE || !is_ovs(pg->vport);
			else
				bad_vlan |= !vlan_allowed;
		}
		if (pg->is_default && def)
			return vn_err_set(err, EINVAL,
					  "network '%s' has multiple default <portgroup> elements "
					  "(%s and %s), but only one default is allowed",
					  n->name, def->name, pg->name);
		if (pg->is_default)
			def = pg;
		for (size_t j = i + 1; j < n->nportgroups; j++)
			if (streq(pg->name, n->portgroups[j].name))
				return vn_err_set(err, EINVAL,
						  "multiple <portgroup> elements with the same "
						  "name (%s) in network '%s'",
						  pg->name, n->name);
		if (pg->bandwidth && (!bandwidth_ok || n->forward.mode == FWD_HOSTDEV))
			return vn_err_set(err, EINVAL,
					  "Unsupported <bandwidth> element in network '%s' in "
					  "portgroup '%s' with forward mode='%s'",
					  n->name, pg->name, fwd_mode_to_string(n->forward.mode));
	}
	if (bad_vlan || (vlan_used && !vlan_allowed && !def))
		return vn_err_set(err, EINVAL,
				  "<vlan> element specified for network %s, whose type doesn't "
				  "support vlan configuration",
				  n->name);
	return 0;
}

int net_check_define(const vn_network *n, vn_err *err)
{
	bool bandwidth_ok;
	int r;

	if (strchr(n->name, '\n'))
		return vn_err_set(err, EINVAL,
				  "invalid char in name: a network name cannot contain a newline");
	r = check_host_side(n, &bandwidth_ok, err);
	if (r < 0)
		return r;
	if (n->bandwidth && !bandwidth_ok)
		return vn_err_set(err, EINVAL,
				  "Unsupported network-wide <bandwidth> element in network %s with "
				  "forward mode='%s'",
				  n->name, fwd_mode_to_string(n->forward.mode));
	r = bandwidth_check_limits(n->bandwidth, err);
	if (r < 0)
		return r;
	r = check_forward_pool(n, err);
	if (r < 0)
		return r;
	r = check_dhcp_per_family(n, err);
	if (r < 0)
		return r;
	r = overlay_check(n, err);
	if (r < 0)
		return r;
	return check_portgroups(n, bandwidth_ok, err);
}
