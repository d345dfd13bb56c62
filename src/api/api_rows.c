/* api_rows.c - list and dhcp-leases rows: from the store, to JSON (api_rows_parse.c reads
 * them back) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "api/api_rows.h"
#include "dnsmasq/dnsmasq_leases.h"
#include "util/json.h"

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

void net_rows_free(vn_net_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->v[i].name);
		free(rows->v[i].bridge);
		free(rows->v[i].title);
	}
	free(rows->v);
	*rows = (vn_net_rows){0};
}

static void row_json(vn_json *j, const vn_net_row *r)
{
	json_begin_object(j, NULL);
	json_string(j, "name", r->name);
	json_string(j, "uuid", r->uuid);
	json_string(j, "state", r->active ? "active" : "inactive");
	json_bool(j, "autostart", r->autostart);
	json_bool(j, "persistent", r->persistent);
	json_string(j, "bridge", r->bridge);
	json_string(j, "title", r->title);
	json_end_object(j);
}

char *net_row_json(const vn_net_row *r)
{
	vn_json j = {0};

	row_json(&j, r);
	return json_steal(&j);
}

char *net_rows_json(const vn_net_rows *rows, bool (*keep)(const vn_net_row *, const void *),
		    const void *data)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < rows->n; i++)
		if (!keep || keep(&rows->v[i], data))
			row_json(&j, &rows->v[i]);
	json_end_array(&j);
	return json_steal(&j);
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

static void lease_json(vn_json *j, const vn_lease_row *r)
{
	const vn_lease *v = &r->lease;

	json_begin_object(j, NULL);
	json_int(j, "expiry", (long long)v->expiry);
	json_string(j, "mac", v->mac[0] ? v->mac : NULL);
	json_string(j, "protocol", v->family == AF_INET ? "ipv4" : "ipv6");
	json_string(j, "ip", v->ip);
	json_int(j, "prefix", r->prefix);
	json_string(j, "hostname", v->hostname[0] ? v->hostname : NULL);
	json_string(j, "clientid", v->clientid[0] ? v->clientid : NULL);
	json_end_object(j);
}

char *lease_rows_json(const vn_lease_row *v, size_t k)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < k; i++)
		lease_json(&j, &v[i]);
	json_end_array(&j);
	return json_steal(&j);
}

