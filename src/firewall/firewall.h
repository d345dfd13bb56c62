/* firewall.h - our nftables table: pure rule text from the model, applied as one transaction
 *
 * One table (inet <name>, "virtnet" by default). Base chains hold a fixed handful of rules
 * that dispatch on the interface through sets and verdict maps, so the per-packet cost and
 * the base rule count do not grow with the number of networks. Each network adds its own
 * small chains (<id>_in, <id>_out, <id>_nat) reached only through those maps. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/net_def.h"
#include "util/err.h"

#define FW_DEFAULT_TABLE "virtnet"

/* Whether the network gets any nft objects at all (open and device modes: none). */
bool fw_network_has_rules(const vn_network *n);
/* Chain-name id for a bridge: [A-Za-z0-9_] kept, anything else as _xx hex. */
void fw_chain_id(const char *bridge, char out[64]);

/* Transaction texts (caller frees; NULL only on out of memory). */
/* base objects (idempotent) + this network */
char *fw_render_add(const char *table, const vn_network *n);
/* this network's elements and chains */
char *fw_render_remove(const char *table, const vn_network *n);
/* The whole table for these networks, replacing whatever is there (NULL list: delete the table). */
char *fw_render_full(const char *table, const vn_network *const *nets, size_t count);

/* One libnftables context for a whole command. Closing its netlink socket makes the kernel
 * finish the clean-up of every transaction made through it (an RCU grace period, 10-20 ms
 * here), so a command keeps it open until the end: that wait then overlaps other work. */
typedef struct vn_fw vn_fw;
vn_fw *fw_open(const char *table);   /* NULL when out of memory or table is not VT_NFT_NAME */
/* The last check of every nft text we hand to libnftables: each line is one command that
 * changes only our tables (TABLE, TABLE_vif, TABLE_hostbridge) or only reads, and every
 * string in it is an interface name. -EINVAL (an internal error: a renderer let something
 * through) otherwise. */
int fw_text_guard(const char *text, const char *table, vn_err *err);
void fw_close(vn_fw *fw);            /* NULL ok */
const char *fw_table(const vn_fw *fw);

/* Run nft text through libnftables as one atomic transaction. */
int fw_apply(vn_fw *fw, const char *text, vn_err *err);
/* Does our table hold network n's objects? 1 yes, 0 no (missing or partial). One listing. */
int fw_network_present(vn_fw *fw, const vn_network *n);
/* The listing of our table (`list table inet T`, nft's text); -ENOENT when there is none. */
int fw_list_table(vn_fw *fw, char **out, vn_err *err);
/* Whether a listing of our table (NULL: none) holds network n's objects: the dispatch rules,
 * its chains with their final rules, its map elements (firewall_listing.c; pure). */
bool fw_listing_has_network(const char *listing, const vn_network *n);
/* Base chains of other tables whose policy drops input or forwarded packets: one note each,
 * naming the rule that lets this bridge's traffic through. */
int fw_foreign_drop_notes(vn_fw *fw, const vn_network *n, vn_notes *notes, vn_err *err);
/* 1 when no network uses our table any more (its dispatch map is empty). */
int fw_table_unused(vn_fw *fw);
int fw_delete_table(vn_fw *fw, vn_err *err);

/* Guest port rules in "bridge <table>": firewall_bridge.h. */
