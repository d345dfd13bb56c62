/* api_rows_store.c - list and dhcp-leases rows from the store (the daemon and the CLI
 * working directly) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_rows.h"
#include "dnsmasq/dnsmasq_leases.h"

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int row_of(const vn_netobj *o, vn_net_row *r)
{
	const vn_network *n = store_current(o);

	*r = (vn_net_row){ .active = o->live != NULL, .autostart = o->autostart,
			   .persistent = o->def != NULL };
	uuid_format(n->uuid, r->uuid);
	r->name = strdup(n->name);
	r->bridge = dup_or_null(n->bridge);
	r->title = dup_or_null(n->title);
	if (!r->name || (n->bridge && !r->bridge) || (n->title && !r->title))
		return -ENOMEM;
	return 0;
}

int net_rows_from_list(const vn_netlist *l, vn_net_rows *out, vn_err *err)
{
	*out = (vn_net_rows){ .v = calloc(l->n ? l->n : 1, sizeof(vn_net_row)) };
	if (!out->v)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < l->n; i++, out->n++) {
		if (row_of(&l->v[i], &out->v[i]) < 0) {
			out->n++;
			net_rows_free(out);
			return vn_err_set(err, ENOMEM, "out of memory");
		}
	}
	return 0;
}

int lease_rows_of(const vn_network *net, const vn_lease *v, size_t k, vn_lease_row **out,
		  vn_err *err)
{
	*out = calloc(k ? k : 1, sizeof(**out));
	if (!*out)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < k; i++) {
		(*out)[i].lease = v[i];
		(*out)[i].prefix = dnsmasq_lease_prefix(net, &v[i]);
	}
	return 0;
}
