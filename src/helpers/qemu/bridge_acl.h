/* bridge_acl.h - which bridges virtnet-bridge-helper may plug a guest into
 *
 * The syntax of QEMU's /etc/qemu/bridge.conf, one statement a line:
 *
 *   # a comment (also after leading white space)
 *   allow NAME | allow all
 *   deny NAME  | deny all
 *   include FILE
 *
 * A bridge is allowed when an allow line names it (or says all) and no deny line does: deny
 * wins whatever the order, and a bridge no allow line names is denied. Where QEMU shrugs, we
 * refuse (fail closed) with the file and line: an unknown keyword, a missing argument, more
 * than one name, a name that is not an interface name (VT_IFNAME), a NUL byte, an include
 * that cannot be read (QEMU ignores it, which would silently drop its deny lines) and
 * includes nested deeper than ACL_MAX_DEPTH (a file that includes itself).
 *
 * Messages name the file and the line, never what the line says: the helper runs setuid and
 * its caller reads them. Parsing is pure; acl_load_under_root reads files. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define ACL_MAX_DEPTH 8
#define ACL_MAX_BYTES (1 << 20)   /* per file */

typedef enum { ACL_ALLOW, ACL_DENY } vn_acl_verdict;

typedef struct vn_acl_rule {
	vn_acl_verdict verdict;
	bool all;             /* "allow all" / "deny all" */
	char name[16];        /* the bridge, when not all */
	const char *file;     /* where the rule was written (points into vn_acl.files) */
	unsigned line;
} vn_acl_rule;

typedef struct vn_acl {
	vn_acl_rule *v;
	size_t n;
	char **files;         /* every file read, in order */
	size_t nfiles;
} vn_acl;

/* Reads an included file for the parser. `from` is the including file's name, `arg` the
 * include line's argument; the loader resolves it (the helper: an absolute path lies under
 * virtnet's root, a relative one next to `from`) and sets *name (the file's name in
 * messages) and *text with *len, all malloc'd. A negative errno with err set when it cannot;
 * the message may name files, never quote them. */
typedef int (*vn_acl_loader)(void *data, const char *from, const char *arg, char **name,
			     char **text, size_t *len, vn_err *err);

/* The helper's loader. data: the root folder (const char *, "" or a real path that passed
 * privs_check_root); every file name given to acl_parse lies under it. An absolute include
 * lies under the root, a relative one next to the including file; "..": refused. Read with
 * privs_read_trusted: no symbolic links, only root's folders, a file of root's. */
int acl_load_under_root(void *data, const char *from, const char *arg, char **name, char **text,
			size_t *len, vn_err *err);

/* Parse `text` (len bytes) read from `file`, appending its rules and those of its includes;
 * acl starts zeroed. On error the message starts with "file:line: ". */
int acl_parse(vn_acl *acl, const char *file, const char *text, size_t len, vn_acl_loader load,
	      void *data, vn_err *err);
void acl_free(vn_acl *acl);

/* Deny wins, default deny. *why (may be NULL) gets the deciding rule: the first deny rule
 * that matched, else the first allow rule that matched, else NULL (nothing allows it). */
bool acl_allows(const vn_acl *acl, const char *bridge, const vn_acl_rule **why);
