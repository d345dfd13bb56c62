/* tap.h - tap devices through /dev/net/tun: persistent ones for ports, open ones for QEMU */
#pragma once
#include <stdbool.h>
#include <sys/types.h>

#include "util/err.h"

typedef struct vn_tap_opts {
	const char *name;      /* exact name, or a template with %d (the kernel picks the number) */
	bool excl;             /* fail with EBUSY when a device has the name (else an existing
	                        * tap of that name would be opened) */
	bool vnet_hdr;         /* IFF_VNET_HDR, what QEMU's virtio-net wants */
	bool persist;          /* survives the file descriptor (a port pre-made for QEMU) */
	bool set_owner, set_group;
	uid_t owner;           /* who may open it later (TUNSETOWNER) */
	gid_t group;
} vn_tap_opts;

/* Create the tap; its name goes to name_out. With fd_out NULL the descriptor is closed
 * (the tap must be persistent then), else it is handed to the caller. */
int tap_create(const vn_tap_opts *o, char name_out[16], int *fd_out, vn_err *err);
