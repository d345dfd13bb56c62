/* thin.h - the thin program (virtnet): what it cannot do itself, virtnet-direct does */
#pragma once
#include <stddef.h>

#include "cli/cli.h"

/* Run virtnet-direct on ctx's command line in this process's place (execv), with
 * stdin_text as its standard input when this program read its own already (define -).
 * Returns only when it could not: the exit status, 1 (said). */
int thin_run_direct(vn_ctx *ctx, const char *stdin_text, size_t len);
