/* tc.h - a guest port's inbound bandwidth limit through rtnetlink traffic control (no tc(8))
 *
 * libvirt's <inbound> is traffic towards the guest, which leaves the host through the port:
 * an egress qdisc on the port (htb, with average as rate, peak as ceil, burst as burst, and
 * an sfq leaf where the kernel has sfq), as libvirt's tc(8) commands make it (see tc.c).
 * Units as libvirt: average/peak in kilobytes per second (1000 bytes), burst in kibibytes;
 * an average of 0 means no limit.
 *
 * <outbound> (traffic from the guest) is not done here: libvirt polices it with tc's
 * ingress police action, which needs the kernel's act_police, missing on many minimal
 * kernels. It is an nft limit rule in the port's chain of our bridge table instead (see
 * outbound_rule in firewall_bridge.c), which needs nothing beyond nftables. */
#pragma once
#include "conf/net_def.h"
#include "kernel/netlink.h"
#include "util/err.h"

/* Replace the port's inbound limit with in (NULL or average 0: remove it). Idempotent: an
 * existing limit of ours is changed in place. Values out of range are refused before
 * anything changes; a failed setting leaves the port without a limit. */
int tc_set_inbound(vn_nl *nl, int ifindex, const vn_bw_rate *in, vn_err *err);
/* Remove our root qdisc; an absent one is fine. */
int tc_clear(vn_nl *nl, int ifindex, vn_err *err);
