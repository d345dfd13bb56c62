/* session.h - what a command talks to the kernel through: one rtnetlink socket, one
 * libnftables context, and the name of our nft table
 *
 * A one-shot command opens a session and closes it at its end; a long-lived process may
 * keep one open and run many commands on it (net/network.h: run_init). */
#pragma once
#include "util/err.h"

typedef struct vn_nl vn_nl;
typedef struct vn_fw vn_fw;

typedef struct vn_session {
	vn_nl *nl;
	vn_fw *fw;            /* one nftables context for the whole session */
	const char *table;    /* our nft table: $VIRTNET_NFT_TABLE, default "virtnet" */
	unsigned tap_next;    /* the number after the last vnetN made on it (0: none yet) */
} vn_session;

/* Our nft table's name: $VIRTNET_NFT_TABLE (the only place that reads it), default
 * "virtnet", checked as VT_NFT_NAME. */
int session_table(const char **out, vn_err *err);
/* Pick the table's name and open both; on failure nothing is left open. */
int session_open(vn_session *s, vn_err *err);
void session_close(vn_session *s);   /* NULL members ok; the nft context last */
