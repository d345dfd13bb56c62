/* frr_vty.h - talking to an FRR daemon through its vty socket, as vtysh does
 *
 * FRR 8.4 has no other interface for bgpd's configuration: its northbound (gRPC) covers only
 * daemons converted to YANG, and bgpd is not one; mgmtd came with 9.0. vtysh is a client of
 * these sockets: each command goes as its text and a NUL, the daemon answers with its output
 * and four bytes, three NULs and the command's status (CMD_SUCCESS 0, ...). A session starts
 * in FRR's view node; "enable" and "configure terminal" lead to the configuration. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define FRR_CMD_SUCCESS 0
#define FRR_CMD_WARNING 1            /* e.g. "no vni N" for a VNI that is not there */
#define FRR_CMD_CONFIG_FAILED 13     /* CMD_WARNING_CONFIG_FAILED */

/* A connection to the daemon at path, waited for at most timeout_ms while the socket is not
 * there yet or refuses (a daemon starting); every later read and write is bounded too.
 * -ENOENT or -ECONNREFUSED (err set) when nobody answers by then. */
int frr_vty_open(const char *path, int timeout_ms, int *fd_out, vn_err *err);
/* Run one command: *status gets FRR's status, out (may be NULL) its output. -EIO when the
 * daemon closed or answered out of the protocol, -ETIMEDOUT when it did not answer. */
int frr_vty_exec(int fd, const char *cmd, vn_buf *out, int *status, vn_err *err);
/* The protocol's frame end: whether buf (len bytes read so far) ends an answer, and then its
 * status and the length of its text. */
bool frr_vty_frame_end(const char *buf, size_t len, int *status, size_t *text_len);
