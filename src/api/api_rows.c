/* api_rows.c - list and dhcp-leases rows to JSON (api_rows_store.c makes them from the
 * store, api_rows_parse.c reads them back); the thin CLI prints from here too, so nothing
 * here touches the store */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "api/api_rows.h"
#include "util/json.h"

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
	json_str(j, "name", r->name);
	json_str(j, "uuid", r->uuid);
	json_str(j, "state", r->active ? "active" : "inactive");
	json_bool(j, "autostart", r->autostart);
	json_bool(j, "persistent", r->persistent);
	json_str(j, "bridge", r->bridge);
	json_str(j, "title", r->title);
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

static void lease_json(vn_json *j, const vn_lease_row *r)
{
	const vn_lease *v = &r->lease;

	json_begin_object(j, NULL);
	json_int(j, "expiry", (long long)v->expiry);
	json_str(j, "mac", v->mac[0] ? v->mac : NULL);
	json_str(j, "protocol", v->family == AF_INET ? "ipv4" : "ipv6");
	json_str(j, "ip", v->ip);
	json_int(j, "prefix", r->prefix);
	json_str(j, "hostname", v->hostname[0] ? v->hostname : NULL);
	json_str(j, "clientid", v->clientid[0] ? v->clientid : NULL);
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

