/* overlay_control.c - the control planes of an overlay, one hook table each (overlay.h) */
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

const vn_ovl_control_ops *overlay_control(vn_ovl_control c)
{
	return c == OVL_CONTROL_EVPN ? &overlay_evpn_ops : &static_ops;
}
