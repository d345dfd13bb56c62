/* repairs.h - what virtnetd repaired (or failed to repair) on a network, kept on disk so that
 * a page opened later, or a worker started again, still shows it:
 * <root>/run/virtnet/repairs/NAME.log, one line each, the last REPAIRS_KEPT
 *
 *   1765100000 repaired Network default: dnsmasq was not running; restarted (pid 4242)
 *
 * Read like any record, strictly: every line exactly as repair_line writes it (TIME in
 * decimal without sign or leading zero, TYPE repaired or failing, TEXT 1-REPAIR_TEXT_MAX
 * bytes of UTF-8 without a control character, a newline after each), or the whole file is
 * refused. */
#pragma once
#include <stddef.h>

#include "state/state.h"
#include "util/err.h"

#define REPAIRS_KEPT 50
#define REPAIR_TEXT_MAX 2000
#define REPAIR_LINE_MAX (REPAIR_TEXT_MAX + 64)

typedef struct vn_repair {
	long long time;          /* seconds since the epoch */
	char type[16];           /* "repaired" or "failing" */
	char text[REPAIR_TEXT_MAX + 1];
} vn_repair;

/* Append one (the oldest dropped past REPAIRS_KEPT). A type other than repaired/failing, or
 * text that is not of the record's form, is refused (-EINVAL). */
int repairs_append(const vn_paths *p, const char *network, long long time, const char *type,
		   const char *text, vn_err *err);
/* One record's line, newline included, into buf: its length, or -1 when buf is too short. */
int repair_line(const vn_repair *r, char *buf, size_t len);
/* The records of a file's text (`what` names it in the message), oldest first; free(*out). */
int repairs_parse(const char *what, const char *data, size_t len, vn_repair **out, size_t *n,
		  vn_err *err);
/* The network's repairs, oldest first; none when it has no file. free(*out). */
int repairs_read(const vn_paths *p, const char *network, vn_repair **out, size_t *n,
		 vn_err *err);
