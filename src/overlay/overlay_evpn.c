/* overlay_evpn.c - control='evpn': the overlay model onto virtnet's FRR instance (frr_evpn.h)
 *
 * The network's stanza is made from the definition and this host's peer: its VNI, bridge and
 * VXLAN device, this host's underlay address (the VTEP and the router id), the network's AS
 * and as BGP neighbours its <virtnet:neighbor>s (route reflectors), else every other peer.
 * Stop reads the stanza back from the network's file in the instance's folder, which load
 * writes before it changes anything: after a kill -9 at any point, what is loaded is known. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "overlay/frr_evpn.h"
#include "overlay/overlay.h"

static int instance(const char *run_dir, vn_frr *f, vn_err *err)
{
	return frr_instance_init(f, run_dir, err);
}

static int neighbors_of(const vn_network *n, const vn_ovl_self *self, vn_evpn_params *p,
			vn_err *err)
{
	const vn_overlay *o = n->overlay;
	char s[VN_ADDR_STRLEN];

	for (size_t i = 0; i < o->nneighbors; i++)
		if (o->neighbors[i].asn && o->neighbors[i].asn != o->asn)
			return vn_err_set(err, ENOTSUP,
					  "network '%s': BGP neighbour %s has AS %u, not the "
					  "network's %u: virtnet's EVPN speaks iBGP only; drop its "
					  "asn or make it a route reflector in AS %u",
					  n->name, addr_format(&o->neighbors[i].address, s),
					  o->neighbors[i].asn, o->asn, o->asn);
	size_t count = o->nneighbors ? o->nneighbors : o->npeers - 1;
	if (count > VN_EVPN_NEIGHBORS_MAX)
		return vn_err_set(err, E2BIG, "network '%s': %zu BGP neighbours, at most %d: use "
				  "route reflectors (<virtnet:neighbor>)", n->name, count,
				  VN_EVPN_NEIGHBORS_MAX);
	for (size_t i = 0; i < o->nneighbors; i++)
		p->neighbors[p->nneighbors++] = o->neighbors[i].address;
	for (size_t i = 0; !o->nneighbors && i < o->npeers; i++)
		if (i != self->peer)
			p->neighbors[p->nneighbors++] = o->peers[i].address;
	return 0;
}

static int params_of(const vn_network *n, const vn_ovl_self *self, const char *vxlan,
		     vn_evpn_params *p, vn_err *err)
{
	*p = (vn_evpn_params){ .vni = n->overlay->vni, .local = self->local,
			       .asn = n->overlay->asn };
	if (snprintf(p->network, sizeof(p->network), "%s", n->name) >= (int)sizeof(p->network) ||
	    snprintf(p->bridge, sizeof(p->bridge), "%s", n->bridge ? n->bridge : "") >=
		    (int)sizeof(p->bridge))
		return vn_err_set(err, ENAMETOOLONG, "network '%.40s': a name too long for FRR",
				  n->name);
	snprintf(p->vxlan, sizeof(p->vxlan), "%s", vxlan);
	int rc = neighbors_of(n, self, p, err);
	return rc < 0 ? rc : frr_conf_check(p, err);
}

static int evpn_start(const char *run_dir, const vn_network *n, const vn_ovl_self *self,
		      const char *vxlan, vn_err *err)
{
	static vn_evpn_params p;   /* 64 addresses: off the stack */
	vn_frr f;
	int rc = instance(run_dir, &f, err);

	if (rc == 0)
		rc = params_of(n, self, vxlan, &p, err);
	return rc < 0 ? rc : frr_evpn_load(&f, &p, err);
}

static int evpn_stop(const char *run_dir, const vn_network *n, vn_err *err)
{
	vn_frr f;
	int rc = instance(run_dir, &f, err);

	return rc < 0 ? rc : frr_evpn_unload_network(&f, n->name, err);
}

static int evpn_intact(const char *run_dir, const vn_network *n)
{
	vn_frr f;

	if (instance(run_dir, &f, NULL) < 0 || !frr_evpn_loaded(&f, n->name))
		return 1;   /* nothing of ours to run */
	return frr_daemon_pid(&f, FRR_ZEBRA) > 0 && frr_daemon_pid(&f, FRR_BGPD) > 0;
}

static int evpn_repair(const char *run_dir, const vn_network *n, char *what, size_t len,
		       vn_err *err)
{
	vn_frr f;
	int rc;

	what[0] = '\0';
	if (evpn_intact(run_dir, n))
		return 0;
	rc = instance(run_dir, &f, err);
	if (rc == 0)
		rc = frr_evpn_reload(&f, err);
	if (rc == 0)
		snprintf(what, len, "Network %s: FRR (zebra, bgpd) was not running; started again "
			 "with every network's EVPN stanza (zebra pid %d, bgpd pid %d)", n->name,
			 (int)frr_daemon_pid(&f, FRR_ZEBRA), (int)frr_daemon_pid(&f, FRR_BGPD));
	return rc;
}

const vn_ovl_control_ops overlay_evpn_ops = { .learning = false, .start = evpn_start,
					      .stop = evpn_stop, .intact = evpn_intact,
					      .repair = evpn_repair };
