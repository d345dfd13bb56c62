/* check_mode.c - libvirt's parse-time checks of items that depend on the forward mode */
#include <errno.h>
#include <stdbool.h>

#include "conf/net_def.h"
#include "conf/parse_internal.h"

static int check_l3_modes(const vn_network *n, const char *mode, vn_err *err)
{
	if (n->nips == 0)
		return vn_err_set(err, EINVAL,
				  "%s forwarding requested, but no IP address provided for network "
				  "'%s'",
				  mode, n->name);
	if (n->forward.nifs > 1)
		return vn_err_set(err, EINVAL,
				  "multiple forwarding interfaces specified for network '%s', only "
				  "one is supported",
				  n->name);
	if (n->forward.mode == FWD_OPEN && n->forward.nifs)
		return vn_err_set(err, EINVAL,
				  "forward dev not allowed for network '%s' with forward mode='%s'",
				  n->name, mode);
	return 0;
}

static int check_device_modes(const vn_network *n, const char *mode, bool stp_written, vn_err *err)
{
	if (n->forward.mode != FWD_BRIDGE) {
		if (n->bridge)
			return vn_err_set(err, EINVAL,
					  "bridge name not allowed in %s mode (network '%s')", mode,
					  n->name);
		if (n->bridge_zone)
			return vn_err_set(err, EINVAL,
					  "bridge zone not allowed in %s mode (network '%s')", mode,
					  n->name);
		if (n->mac_table_manager)
			return vn_err_set(err, EINVAL,
					  "bridge macTableManager setting not allowed in %s mode "
					  "(network '%s')",
					  mode, n->name);
	}
	if (n->delay || stp_written || n->bridge_zone)
		return vn_err_set(err, EINVAL,
				  "bridge delay/stp/zone options only allowed in route, nat, and "
				  "isolated mode, not in %s (network '%s')",
				  mode, n->name);
	if (n->bridge && (n->forward.nifs || n->forward.pf_dev))
		return vn_err_set(err, EINVAL,
				  "A network with forward mode='%s' can specify a bridge name or a "
				  "forward dev, but not both (network '%s')",
				  mode, n->name);
	if (n->mtu)
		return vn_err_set(err, EINVAL,
				  "mtu size only allowed in open, route, nat, and isolated mode, "
				  "not in %s (network '%s')",
				  mode, n->name);
	return 0;
}

int net_check_mode(const vn_network *n, bool stp_written, vn_err *err)
{
	const char *mode = fwd_mode_to_string(n->forward.mode);

	switch (n->forward.mode) {
	case FWD_NONE:
		return 0;
	case FWD_NAT: case FWD_ROUTE: case FWD_OPEN:
		return check_l3_modes(n, mode, err);
	case FWD_BRIDGE: case FWD_PRIVATE: case FWD_VEPA: case FWD_PASSTHROUGH: case FWD_HOSTDEV:
		return check_device_modes(n, mode, stp_written, err);
	default:
		return vn_err_set(err, EINVAL, "invalid forward mode %d", n->forward.mode);
	}
}
