/* thin.c - the thin program's direct path (cli/direct.h) and the commands it does not have:
 * each runs virtnet-direct on the same command line instead (thin_exec.c). Nothing has been
 * printed when one is called, so what the user sees and the exit status are virtnet-direct's.
 * The thin program thereby links no code that needs the store, libxml2 or libnftables. */
#include <string.h>

#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/thin.h"

/* A command of the full program only */
#define RUN_BY_DIRECT(cmd)                              \
	int cmd(vn_ctx *ctx, int argc, char **argv)     \
	{                                               \
		(void)argc;                             \
		(void)argv;                             \
		return thin_run_direct(ctx, NULL, 0);   \
	}

RUN_BY_DIRECT(cmd_validate)
RUN_BY_DIRECT(cmd_info)
RUN_BY_DIRECT(cmd_uuid)
RUN_BY_DIRECT(cmd_name)
RUN_BY_DIRECT(cmd_edit)
RUN_BY_DIRECT(cmd_create)
RUN_BY_DIRECT(cmd_autostart_all)
RUN_BY_DIRECT(cmd_reconcile)
RUN_BY_DIRECT(cmd_port_list)
RUN_BY_DIRECT(cmd_port_dumpxml)
RUN_BY_DIRECT(cmd_port_stats)
RUN_BY_DIRECT(cmd_macgen)
RUN_BY_DIRECT(cmd_bridge)
RUN_BY_DIRECT(cmd_hostbridge)

int list_rows_direct(vn_ctx *ctx, vn_net_rows *rows)
{
	(void)rows;
	thin_run_direct(ctx, NULL, 0);
	return -1;
}

int leases_rows_direct(vn_ctx *ctx, const char *key, const char *mac, vn_lease_row **rows,
		       size_t *k)
{
	(void)key;
	(void)mac;
	(void)rows;
	(void)k;
	thin_run_direct(ctx, NULL, 0);
	return -1;
}

char *dumpxml_direct(vn_ctx *ctx, const char *key, bool inactive)
{
	(void)key;
	(void)inactive;
	thin_run_direct(ctx, NULL, 0);
	return NULL;
}

/* virtnet-direct asks virtnetd again: a read, so nothing happens twice */
int xml_print_json(vn_ctx *ctx, const char *xml)
{
	(void)xml;
	return thin_run_direct(ctx, NULL, 0);
}

/* virtnet-direct reads FILE again, or (FILE is -) gets the text read of it as its stdin */
static int define_by_direct(vn_ctx *ctx, const char *file, const char *text, size_t len)
{
	return thin_run_direct(ctx, strcmp(file, "-") == 0 ? text : NULL, len);
}

int define_direct(vn_ctx *ctx, const char *file, bool strict, bool trust, const char *text,
		  size_t len)
{
	(void)strict;
	(void)trust;
	return define_by_direct(ctx, file, text, len);
}

/* A refused define changed nothing: virtnet-direct sends it again and, parsing the text
 * itself, words the refusal as the direct path does */
int define_refused(vn_ctx *ctx, const remote_req *q, const char *text, size_t len, int status,
		   const char *why)
{
	(void)status;
	(void)why;
	return define_by_direct(ctx, q->file, text, len);
}

int undefine_direct(vn_ctx *ctx, const char *key)
{
	(void)key;
	return thin_run_direct(ctx, NULL, 0);
}

int autostart_direct(vn_ctx *ctx, const char *key, bool disable)
{
	(void)key;
	(void)disable;
	return thin_run_direct(ctx, NULL, 0);
}

int update_direct(vn_ctx *ctx, const char *key, const vn_upd_req *q, unsigned flags)
{
	(void)key;
	(void)q;
	(void)flags;
	return thin_run_direct(ctx, NULL, 0);
}

int start_direct(vn_ctx *ctx, const char *key)
{
	(void)key;
	return thin_run_direct(ctx, NULL, 0);
}

int destroy_direct(vn_ctx *ctx, const char *key)
{
	(void)key;
	return thin_run_direct(ctx, NULL, 0);
}

int port_create_direct(vn_ctx *ctx, const char *key, const vn_port_request *q)
{
	(void)key;
	(void)q;
	return thin_run_direct(ctx, NULL, 0);
}

int port_delete_direct(vn_ctx *ctx, const char *key, char **keys, size_t nkeys, bool all)
{
	(void)key;
	(void)keys;
	(void)nkeys;
	(void)all;
	return thin_run_direct(ctx, NULL, 0);
}
