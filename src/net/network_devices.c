/* network_devices.c - the host's devices a network can go out through (the create form's
 * list): one dump of the links and one of the addresses */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "net/network_internal.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000   /* linux/if.h's, which clashes with net/if.h */
#endif

static bool candidate(const vn_link_info *li)
{
	if (li->flags & IFF_LOOPBACK || li->master)
		return false;
	return strncmp(li->alias, "virtnet:", 8) != 0;   /* a network's bridge */
}

static bool link_local(const vn_addr *a)
{
	if (a->family == AF_INET6)
		return a->u.bytes[0] == 0xfe && (a->u.bytes[1] & 0xc0) == 0x80;
	return a->u.bytes[0] == 169 && a->u.bytes[1] == 254;
}

static void fill(vn_hostdev *d, const vn_link_info *li, const vn_hostview *v)
{
	*d = (vn_hostdev){ .mac = li->mac, .up = li->flags & IFF_UP,
			   .carrier = li->flags & IFF_LOWER_UP };
	memcpy(d->name, li->name, sizeof(d->name));
	memcpy(d->kind, li->kind, sizeof(d->kind));
	for (size_t i = 0; i < v->naddrs && d->naddrs < HOSTDEV_ADDRS; i++) {
		if (v->addrs[i].ifindex != li->ifindex || link_local(&v->addrs[i].addr))
			continue;
		d->addrs[d->naddrs] = v->addrs[i].addr;
		d->prefixes[d->naddrs++] = v->addrs[i].prefix;
	}
}

int network_host_devices(vn_run *r, vn_hostdev **out, size_t *n, vn_err *err)
{
	vn_hostview v = {0};
	int rc = hostview_load(r, NET_CHECK_BRIDGE, &v, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	*out = calloc(v.nlinks ? v.nlinks : 1, sizeof(**out));
	if (!*out) {
		hostview_free(&v);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < v.nlinks; i++)
		if (candidate(&v.links[i]))
			fill(&(*out)[(*n)++], &v.links[i], &v);
	hostview_free(&v);
	return 0;
}
