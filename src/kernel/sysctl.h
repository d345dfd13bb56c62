/* sysctl.h - read and write /proc/sys values (per network namespace for net.*) */
#pragma once
#include <stddef.h>

#include "util/err.h"

/* key like "net/ipv4/ip_forward" or "net/ipv6/conf/virbr0/disable_ipv6"; one that is not
 * VT_SYSCTL (absolute, "..") is refused: -EINVAL. */
int sysctl_write(const char *key, const char *value, vn_err *err);
int sysctl_read(const char *key, char *out, size_t len);
