/* commands.h - handlers of the command table */
#pragma once
#include "cli/cli.h"

int cmd_define(vn_ctx *ctx, int argc, char **argv);
int cmd_undefine(vn_ctx *ctx, int argc, char **argv);
int cmd_autostart(vn_ctx *ctx, int argc, char **argv);
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
int cmd_help(vn_ctx *ctx, int argc, char **argv);
int cmd_version(vn_ctx *ctx, int argc, char **argv);
