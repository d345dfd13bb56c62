/* cli.h - command table, shared context and virsh-style output helpers */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "state/state.h"
#include "util/err.h"

typedef struct vn_ctx {
	vn_paths paths;
	const char *root_arg;   /* --root as given, NULL when unset */
	bool quiet;             /* -q: no informational messages or trailing blank line */
	const char *prog;
	int lock_fd;
	bool help_shown;        /* --help, -h or -V answered: the command's status is 0 */
	char **argv;            /* the whole command line, for the thin program to hand on */
} vn_ctx;

typedef int (*vn_cmd_fn)(vn_ctx *ctx, int argc, char **argv);

typedef struct vn_cmd {
	const char *name;
	const char *alias;      /* virsh's name, or NULL */
	vn_cmd_fn fn;
	const char *usage;      /* arguments after the command name */
	const char *summary;    /* one line for `help` */
	const char *details;    /* options and behaviour for `CMD --help` */
	bool hidden;            /* left out of help and completion (complete itself) */
} vn_cmd;

const vn_cmd *cli_find(const char *name);
/* The command table, for completion (complete.c) and the manual (cli_man.c) */
const vn_cmd *cli_commands(size_t *n);
int cli_main(int argc, char **argv);
void cli_usage(FILE *f, const char *prog);
int cli_command_help(const vn_cmd *c, FILE *f);

/* Output helpers */
/* "error: ..." -> 1 */
int out_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int out_fail_err(const vn_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_notes(vn_notes *notes);                                              /* "warning: ..." */
/* suppressed by -q */
void out_info(vn_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* virsh's trailing blank line */
void out_blank(vn_ctx *ctx);

/* Shared command plumbing (the store's: cli_store.h) */
void ctx_unlock(vn_ctx *ctx);

/* getopt for command c: the index of the first operand, or -1 when the command is to stop:
 * a bad option (said), or --help (c's help shown, ctx->help_shown set; cli_main then exits
 * 0 whatever the command returns). */
struct option;
int cmd_getopt(vn_ctx *ctx, const vn_cmd *c, int argc, char **argv, const struct option *opts,
	       int (*on_opt)(int opt, const char *arg, void *data), void *data);
/* Exactly n operands after options or a usage error. */
int need_operands(const vn_cmd *c, int argc, char **argv, int first, int n);

/* Table rendering exactly like virsh's vshTable. */
typedef struct vn_table vn_table;
vn_table *out_table_new(size_t ncols, const char *const *headers);
void out_table_add(vn_table *t, const char *const *cells);
void out_table_print(vn_table *t, FILE *f, bool header);
void out_table_free(vn_table *t);
