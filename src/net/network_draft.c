/* network_draft.c - a create form checked against the host and the other networks: a taken
 * name, an address space another network or a host route has, a device that is not there.
 * draft_against is pure (what the host has is given); network_draft reads the host for it. */
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

	for (size_t i = 0; l && i < l->n; i++) {
		const vn_network *o = store_current(&l->v[i]);
		for (size_t k = 0; o && k < o->nips; k++) {
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

/* A host route that would take the space's traffic (the rule start uses): named */
static bool route_overlap(const vn_draft_host *h, vn_draft_check *c, vn_draft_field f,
			  const vn_addr *net, int prefix)
{
	char a[VN_ADDR_STRLEN], b[VN_ADDR_STRLEN], dev[IF_NAMESIZE];

	for (size_t i = 0; i < h->nroutes; i++) {
		const vn_route *rt = &h->routes[i];
		if (!route_takes_subnet(rt, net, prefix))
			continue;
		draft_fail(c, f, "%s/%d overlaps the host's route to %s/%d on %s: choose another "
			   "address space", addr_format(net, a), prefix, addr_format(&rt->dst, b),
			   rt->prefix, h->ifname(rt->oif, dev));
		return true;
	}
	return false;
}

static void check_space(const vn_draft_host *h, vn_draft_check *c, vn_draft_field f,
			const vn_addr *net, int prefix)
{
	if (net->family && !c->error[f][0] && !network_overlap(h->networks, c, f, net, prefix))
		route_overlap(h, c, f, net, prefix);
}

static void check_dev(const vn_draft_host *h, const vn_draft *d, vn_draft_check *c)
{
	if (!d->dev || !*d->dev || c->error[DRAFT_FORWARD][0])
		return;
	for (size_t i = 0; i < h->ndevs; i++)
		if (strcmp(h->devs[i].name, d->dev) == 0)
			return;
	draft_fail(c, DRAFT_FORWARD, "the host has no device '%s' a network can go out through: "
		   "choose one of the list, or any", d->dev);
}

int draft_against(const vn_draft_host *h, const vn_draft *d, vn_draft_check *c,
		  vn_network **out, vn_err *err)
{
	*out = NULL;
	draft_check(d, c);
	check_name(h->networks, d, c);
	check_space(h, c, DRAFT_IPV4, &c->v4net, c->v4prefix);
	check_space(h, c, DRAFT_IPV6, &c->v6net, c->v6prefix);
	check_dev(h, d, c);
	if (!draft_ok(c))
		return 0;
	return draft_network(d, c, out, err);
}

int network_draft(vn_run *r, const vn_netlist *l, const vn_draft *d, vn_draft_check *c,
		  vn_network **out, vn_err *err)
{
	vn_draft_host h = { .networks = l, .ifname = ifname_of };
	vn_route *routes = NULL;
	vn_hostdev *devs = NULL;
	int rc = nl_route_dump(r->nl, AF_UNSPEC, &routes, &h.nroutes, err);

	*out = NULL;
	if (rc == 0 && d->dev && *d->dev)   /* the list is read only when one is named */
		rc = network_host_devices(r, &devs, &h.ndevs, err);
	h.routes = routes;
	h.devs = devs;
	if (rc == 0)
		rc = draft_against(&h, d, c, out, err);
	free(routes);
	free(devs);
	return rc;
}
