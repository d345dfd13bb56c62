/* tc.h - a guest port's bandwidth limits through rtnetlink traffic control (no tc(8))
 *
 * libvirt's <bandwidth> as seen from the guest: <inbound> is traffic towards the guest,
 * which leaves the host through the port (an egress qdisc on the port: htb, with
 * average as rate, peak as ceil, burst as burst, and an sfq leaf where the kernel has
 * sfq); <outbound> is traffic from the guest, which enters the host on the port (an
 * ingress qdisc with a u32 police filter: average as rate, burst as burst, drop over the
 * limit; this needs the kernel's act_police). Units as libvirt: average/peak in
 * kilobytes per second (1000 bytes), burst in kibibytes; a direction whose average is 0
 * has no limit. The result is what libvirt's tc(8) commands make (see tc.c). */
#pragma once
#include "conf/net_def.h"
#include "netlink.h"
#include "util/err.h"

/* Replace the port's limits with bw (NULL or empty: remove them). Idempotent: an existing
 * limit of ours is changed in place. Values out of range are refused before anything
 * changes; a direction whose setting fails is left without a limit. */
int tc_set(vn_nl *nl, int ifindex, const vn_bandwidth *bw, vn_err *err);
/* Remove both qdiscs; absent ones are fine. */
int tc_clear(vn_nl *nl, int ifindex, vn_err *err);
