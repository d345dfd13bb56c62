/* vif_fw.h - vif-virtnet's nftables slice per vif (pure text)
 *
 * The vifs have tables of their own, "inet <table>_vif" (nat and route modes) and
 * "bridge <table>_vif" (a vif on a host bridge no virtnet network owns), laid out like our
 * network table: fixed base chains that dispatch on the interface through verdict maps, and
 * per vif a few chains named after it, reached only through those maps:
 *   inet:   forward      iifname vmap @vif_out  -> <id>_out  (policer, anti-spoofing)
 *                        oifname vmap @vif_in   -> <id>_in   (nat: replies and the guest
 *                                                              subnet; route: all)
 *           postrouting  iifname vmap @vif_nat  -> <id>_nat  (nat: masquerade)
 *   bridge: prerouting   iifname vmap @vif_from -> <id>_from (policer, anti-spoofing)
 * Separate from "inet <table>" because `virtnet reconcile` rebuilds that one from the
 * networks' status files (and deletes it when no network is left). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "helpers/xen/vif_parse.h"
#include "util/err.h"

typedef struct vif_fw_spec {
	const char *dev;
	vif_mode mode;
	const vif_ip *ips;        /* addresses the guest may send from; none: no anti-spoofing */
	size_t nips;
	vn_addr nat_guest;        /* nat: the guest's address and subnet (masqueraded beyond it) */
	int nat_prefix;
	const char *netdev;       /* nat: masquerade only out of this device (NULL or "": any) */
	const vif_rate *rate;     /* police what the guest sends; NULL: no limit */
} vif_fw_spec;

/* Whether a vif gets any nft objects at all (a host-bridge vif without ip= or rate= does not). */
bool vif_fw_needed(const vif_fw_spec *s);
/* Base objects (idempotent) and the vif's slice in *out (caller frees). What nft text cannot
 * carry as it is, is refused (-EINVAL, never escaped): a table that is not VT_NFT_NAME, a dev
 * or netdev that is not VT_IFNAME. */
int vif_fw_render_add(const char *table, const vif_fw_spec *s, char **out, vn_err *err);
/* The vif's slice, whether or not it is (still) there: each object is added first, so the
 * deletions cannot fail on a missing one. whole: the table itself goes (no other vif uses it).
 * Refused like vif_fw_render_add, and for a family other than inet or bridge. */
int vif_fw_render_remove(const char *family, const char *table, const char *dev, bool whole,
			 char **out, vn_err *err);
