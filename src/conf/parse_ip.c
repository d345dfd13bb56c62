/* parse_ip.c - <ip>, <dhcp> (ranges, hosts, bootp), <tftp> and <route> */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/parse_internal.h"
#include "conf/xml.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/str.h"

int lease_parse(xmlNodePtr node, vn_lease_time **out, vn_err *err)
{
	unsigned long long expiry = 0;
	int unit = LEASE_MINUTES, r;

	r = xml_prop_ull(node, "expiry", &expiry, err);
	if (r <= 0)
		return r;
	if (xml_prop_enum(node, "unit", lease_unit_from_string, false, &unit, err) < 0)
		return -EINVAL;
	/* dnsmasq's minimum lease is two minutes; 0 means infinite */
	if (expiry > 0 &&
	    ((unit == LEASE_SECONDS && expiry < 120) || (unit == LEASE_MINUTES && expiry < 2)))
		return vn_err_set(err, EINVAL,
				  "The minimum lease time should be greater than 2 minutes");
	*out = calloc(1, sizeof(vn_lease_time));
	if (!*out)
		return -ENOMEM;
	(*out)->expiry = expiry;
	(*out)->unit = (vn_lease_unit)unit;
	return 0;
}

int dhcp_range_parse(const char *net, const vn_ip_def *ip, xmlNodePtr node, vn_dhcp_range *rg,
		     vn_err *err)
{
	_cleanup_free_ char *start = xml_prop(node, "start"), *end = xml_prop(node, "end");
	xmlNodePtr lease;
	int r;

	if (!start)
		return vn_err_set(err, EINVAL,
				  "Missing 'start' attribute in dhcp range for network '%s'", net);
	if (addr_parse(start, 0, &rg->start) < 0)
		return vn_err_set(err, EINVAL,
				  "Cannot parse address '%s' of dhcp range in network '%s'", start,
				  net);
	if (!end)
		return vn_err_set(err, EINVAL,
				  "Missing 'end' attribute in dhcp range for network '%s'", net);
	if (addr_parse(end, 0, &rg->end) < 0)
		return vn_err_set(err, EINVAL,
				  "Cannot parse address '%s' of dhcp range in network '%s'", end,
				  net);
	r = addr_range_check(&rg->start, &rg->end, &ip->address, ip_def_prefix(ip), err);
	if (r < 0) {
		vn_err_prefix(err, "network '%s'", net);
		return r;
	}
	lease = xml_child(node, "lease");
	if (lease) {
		r = lease_parse(lease, &rg->lease, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int host_check_ids(const char *net, const vn_ip_def *ip, const char *mac, const char *id,
			  const char *name, vn_err *err)
{
	vn_mac m;

	if (mac && ip->address.family == AF_INET6)
		return vn_err_set(err, EINVAL,
				  "Invalid to specify MAC address '%s' in network '%s' IPv6 static "
				  "host definition",
				  mac, net);
	if (mac && mac_parse(mac, &m) < 0)
		return vn_err_set(err, EINVAL, "Cannot parse MAC address '%s' in network '%s'", mac,
				  net);
	if (mac && mac_is_multicast(&m))
		return vn_err_set(err, EINVAL,
				  "expected unicast mac address, found multicast '%s' in network "
				  "'%s'",
				  mac, net);
	if (id) {
		const char *cp = id + strspn(id, "0123456789abcdefABCDEF:");
		if (*cp)
			return vn_err_set(err, EINVAL,
					  "Invalid character '%c' in id '%s' of network '%s'", *cp,
					  id, net);
	}
	if (vt_check(VT_DUID, id, err, "network '%s': <host id>", net) < 0)
		return -EINVAL;
	if (name && !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
		      (name[0] >= '0' && name[0] <= '9')))
		return vn_err_set(err, EINVAL, "Cannot use host name '%s' in network '%s'", name,
				  net);
	return vt_check(VT_HOST_NAME, name, err, "network '%s': <host name>", net);
}

/* What a host must name: in a definition, its IP and (IPv4) MAC or name, (IPv6) id or
 * name; to find one (partial), any one of MAC, name and IP. */
static int host_check_required(const char *net, const vn_ip_def *ip, const char *mac,
			       const char *id, const char *name, const char *ipstr, bool partial,
			       vn_err *err)
{
	if (partial && !(mac || name || ipstr))
		return vn_err_set(err, EINVAL,
				  "At least one of name, mac, or ip attribute must be specified "
				  "for static host definition in network '%s'",
				  net);
	if (partial)
		return 0;
	if (ip->address.family == AF_INET6 && !(id || name))
		return vn_err_set(err, EINVAL,
				  "Static host definition in IPv6 network '%s' must have id or "
				  "name attribute",
				  net);
	if (ip->address.family != AF_INET6 && !(mac || name))
		return vn_err_set(err, EINVAL,
				  "Static host definition in IPv4 network '%s' must have mac or "
				  "name attribute",
				  net);
	if (!ipstr)
		return vn_err_set(err, EINVAL,
				  "Missing IP address in static host definition for network '%s'",
				  net);
	return 0;
}

int dhcp_host_parse(const char *net, const vn_ip_def *ip, xmlNodePtr node, vn_dhcp_host *h,
		    bool partial, vn_err *err)
{
	_cleanup_free_ char *mac = xml_prop(node, "mac"), *id = xml_prop(node, "id");
	_cleanup_free_ char *name = xml_prop(node, "name"), *ipstr = xml_prop(node, "ip");
	xmlNodePtr lease;
	int r;

	r = host_check_ids(net, ip, mac, id, name, err);
	if (r < 0)
		return r;
	if (ipstr && addr_parse(ipstr, 0, &h->ip) < 0)
		return vn_err_set(err, EINVAL,
				  "Invalid IP address '%s' in static host definition for network "
				  "'%s'",
				  ipstr, net);
	r = host_check_required(net, ip, mac, id, name, ipstr, partial, err);
	if (r < 0)
		return r;
	lease = xml_child(node, "lease");
	if (lease) {
		r = lease_parse(lease, &h->lease, err);
		if (r < 0)
			return r;
	}
	h->mac = TAKE_PTR(mac);
	h->id = TAKE_PTR(id);
	h->name = TAKE_PTR(name);
	return 0;
}

static int bootp_parse(const char *net, xmlNodePtr bootp, vn_ip_def *ip, vn_err *err)
{
	_cleanup_free_ char *server = xml_prop(bootp, "server");

	ip->boot_file = xml_prop(bootp, "file");
	if (!ip->boot_file)
		return vn_err_set(err, EINVAL,
				  "Missing required attribute 'file' in element 'bootp'");
	if (vt_check(VT_BOOT_FILE, ip->boot_file, err, "network '%s': <bootp file>", net) < 0)
		return -EINVAL;
	if (server && addr_parse(server, 0, &ip->boot_server) < 0)
		return vn_err_set(err, EINVAL, "Cannot parse bootp server address '%s'", server);
	return 0;
}

static int dhcp_parse(const char *net, xmlNodePtr node, vn_ip_def *ip, vn_err *err)
{
	xmlNodePtr bootp = xml_child(node, "bootp");
	int r;

	r = PARSE_CHILDREN(node, "range", ip->ranges, ip->nranges, sizeof(vn_dhcp_range),
			   dhcp_range_parse(net, ip, _node, _elem, err));
	if (r == 0)
		r = PARSE_CHILDREN(node, "host", ip->hosts, ip->nhosts, sizeof(vn_dhcp_host),
				   dhcp_host_parse(net, ip, _node, _elem, false, err));
	if (r == 0 && bootp && ip->address.family == AF_INET)
		r = bootp_parse(net, bootp, ip, err);
	return r;
}

static int ip_check_v4(const char *net, const vn_ip_def *ip, const char *address,
		       const char *netmask, vn_err *err)
{
	if (ip->address.family != AF_INET)
		return vn_err_set(err, EINVAL,
				  "%s family specified for non-IPv4 address '%s' in network '%s'",
				  ip->family ? "ipv4" : "no", address, net);
	if (netmask && ip->netmask.family != AF_INET)
		return vn_err_set(err, EINVAL,
				  "Invalid netmask '%s' for address '%s' in network '%s' "
				  "(both must be IPv4)",
				  netmask, address, net);
	if (netmask && ip->prefix > 0)
		return vn_err_set(err, EINVAL,
				  "Network '%s' IP address cannot have both a prefix and a netmask",
				  net);
	if (!netmask && ip->prefix > 32)
		return vn_err_set(err, EINVAL, "Invalid IPv4 prefix '%u' in network '%s'",
				  ip->prefix, net);
	return 0;
}

static int ip_check_v6(const char *net, const vn_ip_def *ip, const char *address,
		       const char *netmask, vn_err *err)
{
	if (ip->address.family != AF_INET6)
		return vn_err_set(err, EINVAL,
				  "Family 'ipv6' specified for non-IPv6 address '%s' in "
				  "network '%s'",
				  address, net);
	if (netmask)
		return vn_err_set(err, EINVAL,
				  "netmask not allowed for IPv6 address '%s' in network '%s'",
				  address, net);
	if (ip->prefix > 128)
		return vn_err_set(err, EINVAL, "Invalid IPv6 prefix '%u' in network '%s'",
				  ip->prefix, net);
	return 0;
}

static int ip_check_family(const char *net, vn_ip_def *ip, const char *address, const char *netmask,
			   vn_err *err)
{
	if (!ip->family || streq(ip->family, "ipv4"))
		return ip_check_v4(net, ip, address, netmask, err);
	if (streq(ip->family, "ipv6"))
		return ip_check_v6(net, ip, address, netmask, err);
	return vn_err_set(err, EINVAL,
			  "Unrecognized family '%s' in network '%s' (use 'ipv4' or 'ipv6')",
			  ip->family, net);
}

static int ip_children_parse(const char *net, xmlNodePtr node, vn_ip_def *ip, vn_err *err)
{
	xmlNodePtr dhcp, tftp;
	int r;

	dhcp = xml_child(node, "dhcp");
	if (dhcp) {
		r = dhcp_parse(net, dhcp, ip, err);
		if (r < 0)
			return r;
	}
	tftp = xml_child(node, "tftp");
	if (tftp) {
		if (ip->address.family != AF_INET)
			return vn_err_set(err, EINVAL,
					  "Unsupported <tftp> element in an IPv6 element in "
					  "network '%s'",
					  net);
		ip->tftp_root = xml_prop_nonempty(tftp, "root");
	}
	return vt_check(VT_ABS_PATH, ip->tftp_root, err, "network '%s': <tftp root>", net);
}

int ip_def_parse(const char *net, xmlNodePtr node, vn_ip_def *ip, vn_err *err)
{
	_cleanup_free_ char *address = xml_prop_nonempty(node, "address");
	_cleanup_free_ char *netmask = xml_prop_nonempty(node, "netmask");
	int r;

	ip->family = xml_prop_nonempty(node, "family");
	if (!address)
		return vn_err_set(err, EINVAL, "Missing required address attribute in network '%s'",
				  net);
	if (addr_parse(address, 0, &ip->address) < 0)
		return vn_err_set(err, EINVAL, "Invalid address '%s' in network '%s'", address,
				  net);
	if (netmask && addr_parse(netmask, 0, &ip->netmask) < 0)
		return vn_err_set(err, EINVAL, "Invalid netmask '%s' in network '%s'", netmask,
				  net);
	r = xml_prop_uint(node, "prefix", 10, false, &ip->prefix, err);
	if (r < 0)
		return r;
	r = xml_prop_tristate(node, "localPtr", &ip->local_ptr, err);
	if (r < 0)
		return r;
	r = ip_check_family(net, ip, address, netmask, err);
	if (r < 0)
		return r;
	return ip_children_parse(net, node, ip, err);
}
