/* network_view.c - one look at the host for checking many networks at once: every link and
 * address in one dump each, our nft table in one listing. A daemon adopting 100 networks
 * makes three requests instead of some per network (each nft listing pays for the whole
 * table, so a request per network made adoption grow with the square of their number). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/firewall.h"
#include "net/network.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(((const vn_link_info *)a)->name, ((const vn_link_info *)b)->name);
}

static int load_links(vn_run *r, vn_hostview *v, vn_err *err)
{
	int rc = nl_link_dump(r->nl, &v->links, &v->nlinks, err);

	if (rc < 0)
		return rc;
	if (v->nlinks > 1)
		qsort(v->links, v->nlinks, sizeof(*v->links), by_name);
	return nl_addr_dump(r->nl, AF_UNSPEC, &v->addrs, &v->naddrs, err);
}

int hostview_load(vn_run *r, unsigned what, vn_hostview *v, vn_err *err)
{
	int rc = 0;

	*v = (vn_hostview){ .what = what & (NET_CHECK_BRIDGE | NET_CHECK_FIREWALL) };
	if (v->what & NET_CHECK_BRIDGE)
		rc = load_links(r, v, err);
	if (rc == 0 && (v->what & NET_CHECK_FIREWALL)) {
		rc = fw_list_table(r->fw, &v->nft, err);
		if (rc == -ENOENT)
			rc = 0;   /* no table: no network's objects are there */
	}
	if (rc < 0)
		hostview_free(v);
	return rc;
}

void hostview_free(vn_hostview *v)
{
	free(v->links);
	free(v->addrs);
	free(v->nft);
	*v = (vn_hostview){0};
}

const vn_link_info *hostview_link(const vn_hostview *v, const char *name)
{
	vn_link_info key;

	if (!name || !v->nlinks || strlen(name) >= sizeof(key.name))
		return NULL;
	strcpy(key.name, name);
	return bsearch(&key, v->links, v->nlinks, sizeof(*v->links), by_name);
}
