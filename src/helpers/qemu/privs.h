/* privs.h - what virtnet-bridge-helper keeps of root when it runs setuid
 *
 * The helper takes uid and gid 0 for real (no supplementary groups) and gives up every
 * capability but CAP_NET_ADMIN. Why not switch to the caller's uid like qemu-bridge-helper:
 * virtnet's state (the lock,
 * the network status, port records under <root>/run/virtnet) belongs to root and must stay
 * root's, because the CLI running as root trusts it. Writing it as another uid would need
 * CAP_DAC_OVERRIDE or CAP_FOWNER, each a key to every file of the system. With uid 0 but no
 * CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH/CAP_FOWNER, the kernel checks files by their mode
 * bits like for any user: root's own files (the state, the ACL) by the owner bits, others
 * by the group/other bits. CAP_NET_ADMIN is needed for the tap, netlink and nftables. The
 * real uid follows (libnftables exits at once in a process whose real and effective uids
 * differ); a side effect is welcome: the caller can no longer signal the helper, e.g. stop
 * it while it holds virtnet's lock. */
#pragma once
#include "util/err.h"

/* Real, effective and saved uid and gid 0, no supplementary groups; permitted and effective
 * capabilities: CAP_NET_ADMIN only; inheritable, ambient and bounding sets emptied;
 * no_new_privs set. Call while effective uid 0 still holds every capability. */
int privs_keep_net_admin(vn_err *err);

/* A root folder ($VIRTNET_ROOT) a setuid program may trust: an absolute path whose real
 * location, and every folder above it, is owned by root and writable by nobody else. A
 * parent may be world-writable if sticky (like /tmp): there only an entry's owner may
 * rename or remove it, and the entry below it is root's. *real (may be NULL) gets the real
 * location (malloc'd): use that, not path, whose symbolic links others may change. */
int privs_check_root(const char *path, char **real, vn_err *err);

/* Reads a file that decides what a setuid program may do, <root>/<rel>: root is "" or a real
 * path (no symbolic links) that passed privs_check_root, rel is relative, without "..". The
 * path is opened from "/" one component at a time, never through a symbolic link. Every
 * folder from root down must be owned by root and writable only by root; folders above root
 * may also be sticky and world-writable (privs_check_root's rule), never those below it,
 * where anyone could create names (a hard link to a root file, say). The file must be a
 * regular file owned by root, writable only by root, of at most max bytes. *text (malloc'd,
 * NUL-terminated) and *len get its contents. Errors name paths, never contents. */
int privs_read_trusted(const char *root, const char *rel, size_t max, char **text, size_t *len,
		       vn_err *err);
