/* network_check.c - before start: can this mode start, is the bridge name free, is the subnet
 * free */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/network_internal.h"
#include "kernel/netlink.h"
#include "util/cleanup.h"
#include "util/str.h"

static int check_mode(const vn_network *n, vn_err *err)
{
	switch (n->forward.mode) {
	case FWD_NONE: case FWD_NAT: case FWD_ROUTE: case FWD_OPEN:
		return 0;
	case FWD_BRIDGE:
		if (!n->bridge && !net_forward_dev(n, 0))
			return vn_err_set(err, EINVAL,
					  "network '%s' uses forward mode 'bridge' with neither "
					  "<bridge name=...> "
					  "nor <interface dev=...>: name the host bridge or the "
					  "NIC its guests share",
					  n->name);
		return 0;
	default:
		return vn_err_set(err, ENOTSUP,
				  "network '%s' uses forward mode '%s', which needs SR-IOV or "
				  "macvtap hardware "
				  "that virtnet does not manage; it can be defined but not started",
				  n->name, fwd_mode_to_string(n->forward.mode));
	}
}

void owner_alias(const vn_network *n, char out[64])
{
	char u[VN_UUID_STRLEN];
	snprintf(out, 64, "virtnet:%s", uuid_format(n->uuid, u));
}

/* A bridge of that name is fine only if it is a leftover of ours (then it is removed). */
static int check_bridge_free(vn_run *r, const vn_network *n, vn_err *err)
{
	vn_link_info li;
	char alias[64];
	int rc = nl_link_get(r->nl, n->bridge, &li, err);

	if (rc == -ENODEV)
		return 0;
	if (rc < 0)
		return rc;
	owner_alias(n, alias);
	if (strcmp(li.alias, alias) != 0)
		return vn_err_set(err, EEXIST,
				  "network '%s': interface %s already exists and is not managed by "
				  "virtnet (choose another <bridge name=...>, or remove the "
				  "interface if nothing uses it: ip link delete %s)",
				  n->name, n->bridge, n->bridge);
	vn_note(r->notes, "removed bridge %s left behind by an interrupted start of network '%s'",
		n->bridge, n->name);
	return nl_link_delete(r->nl, li.ifindex, err);
}

/* A route as specific as ours (or more) for an overlapping subnet would take our traffic. */
bool route_takes_subnet(const vn_route *rt, const vn_addr *net, int prefix)
{
	if (rt->dst.family != net->family || rt->prefix == 0 || rt->prefix < prefix ||
	    (rt->type && rt->type != RTN_UNICAST))
		return false;
	if (rt->dst.family == AF_INET6 && rt->dst.u.bytes[0] == 0xfe &&
	    (rt->dst.u.bytes[1] & 0xc0) == 0x80)
		return false;   /* link-local exists on every interface */
	return addr_in_subnet(&rt->dst, net, prefix);
}

const char *ifname_of(int ifindex, char buf[IF_NAMESIZE])
{
	if (!if_indextoname((unsigned)ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "ifindex %d", ifindex);
	return buf;
}

/* The running network whose bridge ifname is (its alias is virtnet:UUID), into out */
static bool bridge_owner(vn_run *r, const char *ifname, char out[SHELL_WORD_MAX])
{
	vn_netlist l = {0};
	vn_link_info li;
	vn_err ignore = {0};
	vn_netobj *o = NULL;
	bool found;

	if (nl_link_get(r->nl, ifname, &li, &ignore) < 0 || strncmp(li.alias, "virtnet:", 8) ||
	    store_load(r->paths, &l, NULL, &ignore) < 0)
		return false;
	o = store_lookup(&l, li.alias + 8);
	found = o && o->live;
	if (found)
		snprintf(out, SHELL_WORD_MAX, "%s", o->live->name);
	store_list_free(&l);
	return found;
}

static int route_taken(vn_run *r, const vn_network *n, const vn_addr *net, int prefix,
		       const vn_route *rt, vn_err *err)
{
	char s[VN_ADDR_STRLEN], d[VN_ADDR_STRLEN], ifn[IF_NAMESIZE], owner[SHELL_WORD_MAX],
		w[SHELL_WORD_MAX];

	addr_format(net, s);
	addr_format(&rt->dst, d);
	ifname_of(rt->oif, ifn);
	if (bridge_owner(r, ifn, owner))
		return vn_err_set(err, EADDRINUSE,
				  "network '%s' %s/%d overlaps the route on %s (%s/%d) of network "
				  "'%s' (stop that one with: virtnet destroy %s; or choose another "
				  "subnet)",
				  n->name, s, prefix, ifn, d, rt->prefix, owner,
				  shell_word(owner, w));
	return vn_err_set(err, EADDRINUSE,
			  "network '%s' %s/%d overlaps the route on %s (%s/%d) (choose another "
			  "subnet, or remove that route)",
			  n->name, s, prefix, ifn, d, rt->prefix);
}

/* No route of the host may take the subnet's traffic. */
static int check_subnet_free(vn_run *r, const vn_network *n, const vn_ip_def *ip,
			     const vn_route *routes, size_t nr, vn_err *err)
{
	int prefix = ip_def_prefix(ip);
	vn_addr net;

	addr_mask(&ip->address, prefix, &net);
	for (size_t i = 0; i < nr; i++) {
		const vn_route *rt = &routes[i];
		if (!route_takes_subnet(rt, &net, prefix))
			continue;
		return route_taken(r, n, &net, prefix, rt, err);
	}
	return 0;
}

static int check_subnets_free(vn_run *r, const vn_network *n, vn_err *err)
{
	for (int fam = AF_INET; fam; fam = fam == AF_INET ? AF_INET6 : 0) {
		vn_route *routes = NULL;
		size_t nr = 0;
		bool any = false;
		for (size_t i = 0; i < n->nips; i++)
			any |= n->ips[i].address.family == fam;
		if (!any)
			continue;
		int rc = nl_route_dump(r->nl, fam, &routes, &nr, err);
		for (size_t i = 0; rc == 0 && i < n->nips; i++)
			if (n->ips[i].address.family == fam)
				rc = check_subnet_free(r, n, &n->ips[i], routes, nr, err);
		free(routes);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Forward mode bridge: guests share a host bridge, or (macvtap/macvlan) a NIC; both must be
 * there already, and are never ours. */
static int check_host_devices(vn_run *r, const vn_network *n, vn_err *err)
{
	vn_link_info li;
	int rc;

	if (n->bridge) {
		rc = nl_link_get(r->nl, n->bridge, &li, err);
		if (rc == -ENODEV)
			return vn_err_set(err, ENODEV,
					  "network '%s': host bridge %s does not exist; create it "
					  "first (for example "
					  "with 'virtnet hostbridge create %s --dev NIC')",
					  n->name, n->bridge, n->bridge);
		if (rc == 0 && strcmp(li.kind, "bridge") != 0)
			return vn_err_set(err, EINVAL,
					  "network '%s': %s is not a bridge (it is a %s device)",
					  n->name, n->bridge, li.kind[0] ? li.kind : "plain");
		return rc;
	}
	for (size_t i = 0; i < n->forward.nifs; i++) {
		const char *dev = net_forward_dev(n, i);
		if (dev) {
			rc = nl_link_get(r->nl, dev, &li, err);
			if (rc == -ENODEV)
				return vn_err_set(err, ENODEV,
						  "network '%s': interface %s does not exist",
						  n->name, dev);
		}
		if (dev && rc < 0)
			return rc;
	}
	return 0;
}

int network_preflight(vn_run *r, const vn_network *n, vn_err *err)
{
	int rc;

	rc = check_mode(n, err);
	if (rc < 0)
		return rc;
	if (n->forward.mode == FWD_BRIDGE)
		return check_host_devices(r, n, err);
	if (!n->bridge)
		return vn_err_set(err, EINVAL,
				  "network '%s' has no bridge name; define it first so one is "
				  "chosen",
				  n->name);
	rc = check_bridge_free(r, n, err);
	if (rc < 0)
		return rc;
	return check_subnets_free(r, n, err);
}
