/* check_define.h - libvirt's define-time validation that needs no host state */
#pragma once
#include "conf/net_def.h"
#include "util/err.h"

/* Mode-specific elements, forward device pools, one DHCP section per family,
 * vlan and portgroup rules, bandwidth limits. */
int net_check_define(const vn_network *n, vn_err *err);
