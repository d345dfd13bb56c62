/* brctl.h - brctl's reports on the host's bridges (show, showmacs, showstp) as text
 *
 * Any bridge of the host, not only ours, read through rtnetlink (bridge_info.c, opened
 * here; no lock and no privilege needed) and formatted as brctl formats it, byte for byte
 * (bridge_format.c). The text is appended to out. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* `brctl show` of every bridge, or of the named ones in the order given (json: an array of
 * objects {bridge, id, stp, interfaces} instead). A named bridge that cannot be read is
 * left out and its message added to missing; the others are still shown. */
int brctl_show(char *const *names, size_t n, bool json, vn_buf *out, vn_notes *missing,
	       vn_err *err);
/* `brctl showmacs`: the bridge's forwarding database (json: an array of objects). */
int brctl_showmacs(const char *bridge, bool json, vn_buf *out, vn_err *err);
/* `brctl showstp`: the bridge's spanning tree state, then each port's (json: one object). */
int brctl_showstp(const char *bridge, bool json, vn_buf *out, vn_err *err);
