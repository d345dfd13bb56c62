/* overlay_control.c - the control planes of an overlay, one hook table each (overlay.h) */
#include <errno.h>

#include "overlay/overlay.h"

/* Every other peer gets a flood entry: broadcast, multicast and unknown unicast reach each
 * of them once (head-end replication); known MACs are learned from what arrives. */
static void static_flood(const vn_network *n, const vn_ovl_self *self, int vxlan_ifindex,
			 vn_vxfdb *out, size_t max, size_t *count)
{
	const vn_overlay *o = n->overlay;

	*count = 0;
	for (size_t i = 0; i < o->npeers && *count < max; i++)
		if (i != self->peer)
			out[(*count)++] = (vn_vxfdb){ .ifindex = vxlan_ifindex,
						      .dst = o->peers[i].address };
}

static const vn_ovl_control_ops static_ops = { .learning = true, .flood = static_flood };

/* control='evpn' is parsed and checked by the model; its hook (FRR) comes with i14-evpn:
 * OVL_EVPN_OPS names its table there. Until then start refuses it, saying so. */
static int evpn_missing(vn_nl *nl, const vn_network *n, const vn_ovl_self *self,
			const char *vxlan, vn_err *err)
{
	(void)nl, (void)self, (void)vxlan;
	return vn_err_set(err, ENOTSUP,
			  "network '%s': control='evpn' needs virtnet's FRR support, which this "
			  "build does not have; use control='static' with the list of peers",
			  n->name);
}

static int evpn_nothing(vn_nl *nl, const vn_network *n, vn_err *err)
{
	(void)nl, (void)n, (void)err;
	return 0;
}

#ifdef OVL_EVPN_OPS
extern const vn_ovl_control_ops OVL_EVPN_OPS;
#else
static const vn_ovl_control_ops evpn_missing_ops = { .start = evpn_missing,
						     .stop = evpn_nothing };
#define OVL_EVPN_OPS evpn_missing_ops
#endif

const vn_ovl_control_ops *overlay_control(vn_ovl_control c)
{
	return c == OVL_CONTROL_EVPN ? &OVL_EVPN_OPS : &static_ops;
}
