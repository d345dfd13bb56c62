/* commands.h - handlers of the command table */
#pragma once
#include "cli/cli.h"
#include "net/network.h"

/* Commands that change the host: exclusive lock, networks loaded (all, or only `key`),
 * netlink and nftables opened, interrupted starts cleaned up. -1 after printing the error. */
int run_prologue(vn_ctx *ctx, const char *key, vn_netlist *l, vn_run *r, vn_notes *notes);
void run_epilogue(vn_netlist *l, vn_run *r, vn_notes *notes);

int cmd_define(vn_ctx *ctx, int argc, char **argv);
int cmd_undefine(vn_ctx *ctx, int argc, char **argv);
int cmd_autostart(vn_ctx *ctx, int argc, char **argv);
int cmd_update(vn_ctx *ctx, int argc, char **argv);
int cmd_validate(vn_ctx *ctx, int argc, char **argv);
int cmd_dumpxml(vn_ctx *ctx, int argc, char **argv);
int cmd_info(vn_ctx *ctx, int argc, char **argv);
int cmd_uuid(vn_ctx *ctx, int argc, char **argv);
int cmd_name(vn_ctx *ctx, int argc, char **argv);
int cmd_list(vn_ctx *ctx, int argc, char **argv);
int cmd_edit(vn_ctx *ctx, int argc, char **argv);
int cmd_start(vn_ctx *ctx, int argc, char **argv);
int cmd_destroy(vn_ctx *ctx, int argc, char **argv);
int cmd_create(vn_ctx *ctx, int argc, char **argv);
int cmd_autostart_all(vn_ctx *ctx, int argc, char **argv);
int cmd_reconcile(vn_ctx *ctx, int argc, char **argv);
int cmd_dhcp_leases(vn_ctx *ctx, int argc, char **argv);
int cmd_event(vn_ctx *ctx, int argc, char **argv);
int cmd_bridge(vn_ctx *ctx, int argc, char **argv);
int cmd_hostbridge(vn_ctx *ctx, int argc, char **argv);
int cmd_help(vn_ctx *ctx, int argc, char **argv);
int cmd_version(vn_ctx *ctx, int argc, char **argv);
int cmd_port_create(vn_ctx *ctx, int argc, char **argv);
int cmd_port_delete(vn_ctx *ctx, int argc, char **argv);
int cmd_port_list(vn_ctx *ctx, int argc, char **argv);
int cmd_port_dumpxml(vn_ctx *ctx, int argc, char **argv);
int cmd_port_stats(vn_ctx *ctx, int argc, char **argv);
int cmd_macgen(vn_ctx *ctx, int argc, char **argv);
int cmd_complete(vn_ctx *ctx, int argc, char **argv);   /* complete.c */
