/* parse_route.c - static <route> elements and their gateway check */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "conf/parse_internal.h"
#include "conf/xml.h"
#include "util/cleanup.h"
#include "util/str.h"

static int route_check_v4(const char *net, vn_route_def *rt, const char *address,
			  const char *netmask, vn_err *err)
{
	const char *fam = rt->family ? "IPv4 family specified" : "No family specified";

	if (rt->address.family != AF_INET)
		return vn_err_set(err, EINVAL,
				  "network '%s': %s for non-IPv4 address '%s' in route definition",
				  net, fam, address);
	if (rt->gateway.family != AF_INET)
		return vn_err_set(err, EINVAL,
				  "network '%s': %s for non-IPv4 gateway '%s' in route definition",
				  net, fam, address);
	if (netmask) {
		if (addr_parse(netmask, 0, &rt->netmask) < 0)
			return vn_err_set(err, EINVAL,
					  "network '%s': Bad netmask address '%s' in route "
					  "definition",
					  net, netmask);
		if (rt->netmask.family != AF_INET)
			return vn_err_set(err, EINVAL,
					  "network '%s': Invalid netmask '%s' for address '%s' "
					  "(both must be IPv4)",
					  net, netmask, address);
		if (rt->has_prefix)
			return vn_err_set(err, EINVAL,
					  "network '%s': Route definition cannot have both a "
					  "prefix and a netmask",
					  net);
	}
	if (rt->prefix > 32)
		return vn_err_set(err, EINVAL,
				  "network '%s': Invalid prefix %u specified in route definition, "
				  "must be 0 - 32",
				  net, rt->prefix);
	return 0;
}

static int route_check_v6(const char *net, vn_route_def *rt, const char *address,
			  const char *netmask, const char *gateway, vn_err *err)
{
	if (rt->address.family != AF_INET6)
		return vn_err_set(err, EINVAL,
				  "network '%s': ipv6 family specified for non-IPv6 address '%s' "
				  "in route definition",
				  net, address);
	if (netmask)
		return vn_err_set(err, EINVAL,
				  "network '%s': Specifying netmask invalid for IPv6 address '%s' "
				  "in route definition",
				  net, address);
	if (rt->gateway.family != AF_INET6)
		return vn_err_set(err, EINVAL,
				  "network '%s': ipv6 specified for non-IPv6 gateway address '%s' "
				  "in route definition",
				  net, gateway);
	if (rt->prefix > 128)
		return vn_err_set(err, EINVAL,
				  "network '%s': Invalid prefix %u specified in route definition, "
				  "must be 0 - 128",
				  net, rt->prefix);
	return 0;
}

static int route_check_network_address(const char *net, const vn_route_def *rt, const char *address,
				       vn_err *err)
{
	int prefix = addr_valid(&rt->netmask) ? addr_netmask_bits(&rt->netmask) : (int)rt->prefix;
	vn_addr masked;

	if (prefix < 0)
		return vn_err_set(err, EINVAL, "network '%s': invalid netmask in route to '%s'",
				  net, address);
	addr_mask(&rt->address, prefix, &masked);
	if (!addr_equal(&masked, &rt->address))
		return vn_err_set(err, EINVAL,
				  "network '%s': Address '%s' in route definition is not a network "
				  "address",
				  net, address);
	return 0;
}

static int route_numbers_parse(xmlNodePtr node, vn_route_def *rt, vn_err *err)
{
	int r;

	r = xml_prop_uint(node, "prefix", 10, false, &rt->prefix, err);
	if (r < 0)
		return r;
	rt->has_prefix = r == 1;
	r = xml_prop_uint(node, "metric", 10, true, &rt->metric, err);
	if (r < 0)
		return r;
	rt->has_metric = r == 1;
	return 0;
}

int route_parse(const char *net, xmlNodePtr node, vn_route_def *rt, vn_err *err)
{
	_cleanup_free_ char *address = xml_prop(node, "address"),
			    *netmask = xml_prop(node, "netmask");
	_cleanup_free_ char *gateway = xml_prop(node, "gateway");
	int r;

	rt->family = xml_prop(node, "family");
	r = route_numbers_parse(node, rt, err);
	if (r < 0)
		return r;
	if (!address)
		return vn_err_set(err, EINVAL,
				  "network '%s': Missing required address attribute in route "
				  "definition",
				  net);
	if (!gateway)
		return vn_err_set(err, EINVAL,
				  "network '%s': Missing required gateway attribute in route "
				  "definition",
				  net);
	if (addr_parse(address, 0, &rt->address) < 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': Bad network address '%s' in route definition", net,
				  address);
	if (addr_parse(gateway, 0, &rt->gateway) < 0)
		return vn_err_set(err, EINVAL,
				  "network '%s': Bad gateway address '%s' in route definition", net,
				  gateway);
	if (!rt->family || streq(rt->family, "ipv4"))
		r = route_check_v4(net, rt, address, netmask, err);
	else if (streq(rt->family, "ipv6"))
		r = route_check_v6(net, rt, address, netmask, gateway, err);
	else
		r = vn_err_set(err, EINVAL,
			       "network '%s': Unrecognized family '%s' in route definition", net,
			       rt->family);
	if (r < 0)
		return r;
	return route_check_network_address(net, rt, address, err);
}

/* Every static route's gateway must be directly reachable on one of the network's subnets. */
int routes_check_gateways(const vn_network *n, vn_err *err)
{
	for (size_t i = 0; i < n->nroutes; i++) {
		const vn_addr *gw = &n->routes[i].gateway;
		bool reachable = false;

		for (size_t j = 0; j < n->nips && !reachable; j++) {
			const vn_ip_def *ip = &n->ips[j];
			reachable = ip->address.family == gw->family &&
				    addr_in_subnet(gw, &ip->address, ip_def_prefix(ip));
		}
		if (!reachable) {
			char s[VN_ADDR_STRLEN];
			return vn_err_set(err, EINVAL,
					  "unreachable static route gateway '%s' specified for "
					  "network '%s'",
					  addr_format(gw, s), n->name);
		}
	}
	return 0;
}
