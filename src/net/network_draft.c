/* network_draft.c - a create form checked against the host and the other networks: a taken
 * name, an address space another network or a host route has, a device that is not there */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/network_internal.h"

static void check_name(const vn_netlist *l, const vn_draft *d, vn_draft_check *c)
{
	vn_err err = {0};

	if (!d->name || !*d->name)
		return;
	if (store_check_name(d->name, &err) < 0)
		draft_fail(c, DRAFT_NAME, "%s", err.msg);
	else if (store_lookup((vn_netlist *)l, d->name))
		draft_fail(c, DRAFT_NAME, "a network named '%s' exists already: choose another "
			   "name", d->name);
}

/* Another network with a subnet that overlaps net/prefix: the field's message names it */
static bool network_overlap(const vn_netlist *l, vn_draft_check *c, vn_draft_field f,
			    const vn_addr *net, int prefix)
{
	char a[VN_ADDR_STRLEN], b[VN_ADDR_STRLEN];

	for (size_t i = 0; i < l->n; i++) {
		const vn_network *o = store_current(&l->v[i]);
		for (size_t k = 0; k < o->nips; k++) {
			int p = ip_def_prefix(&o->ips[k]);
			vn_addr other;
			if (p < 0 || !addr_subnets_overlap(net, prefix, &o->ips[k].address, p))
				continue;
			addr_mask(&o->ips[k].address, p, &other);
			draft_fail(c, f, "%s/%d overlaps %s/%d of network '%s': choose another "
				   "address space", addr_format(net, a), prefix,
				   addr_format(&other, b), p, o->name);
			return true;
		}
	}
	return false;
}

static int route_overlap(vn_run *r, vn_draft_check *c, vn_draft_field f, const vn_addr *net,
			 int prefix, vn_err *err)
{
	char a[VN_ADDR_STRLEN], b[VN_ADDR_STRLEN], dev[IF_NAMESIZE];
	vn_route *routes = NULL;
	size_t n = 0;
	int rc = nl_route_dump(r->nl, net->family, &routes, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!route_takes_subnet(&routes[i], net, prefix))
			continue;
		draft_fail(c, f, "%s/%d overlaps the host's route to %s/%d on %s: choose another "
			   "address space", addr_format(net, a), prefix,
			   addr_format(&routes[i].dst, b), routes[i].prefix,
			   ifname_of(routes[i].oif, dev));
		break;
	}
	free(routes);
	return rc;
}

static int check_space(vn_run *r, const vn_netlist *l, vn_draft_check *c, vn_draft_field f,
		       const vn_addr *net, int prefix, vn_err *err)
{
	if (!net->family || c->error[f][0] || network_overlap(l, c, f, net, prefix))
		return 0;
	return route_overlap(r, c, f, net, prefix, err);
}

static int check_dev(vn_run *r, const vn_draft *d, vn_draft_check *c, vn_err *err)
{
	vn_hostdev *devs = NULL;
	size_t n = 0;
	bool found = false;
	int rc;

	if (!d->dev || !*d->dev || c->error[DRAFT_FORWARD][0])
		return 0;
	rc = network_host_devices(r, &devs, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		found |= strcmp(devs[i].name, d->dev) == 0;
	free(devs);
	if (rc == 0 && !found)
		draft_fail(c, DRAFT_FORWARD, "the host has no device '%s' a network can go out "
			   "through: choose one of the list, or any", d->dev);
	return rc;
}

int network_draft(vn_run *r, const vn_netlist *l, const vn_draft *d, vn_draft_check *c,
		  vn_network **out, vn_err *err)
{
	int rc;

	*out = NULL;
	draft_check(d, c);
	check_name(l, d, c);
	rc = check_space(r, l, c, DRAFT_IPV4, &c->v4net, c->v4prefix, err);
	if (rc == 0)
		rc = check_space(r, l, c, DRAFT_IPV6, &c->v6net, c->v6prefix, err);
	if (rc == 0)
		rc = check_dev(r, d, c, err);
	if (rc < 0 || !draft_ok(c))
		return rc;
	return draft_network(d, c, out, err);
}
