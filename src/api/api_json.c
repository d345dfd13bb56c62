/* api_json.c - networks, leases and ports as JSON */
#include <stdlib.h>
#include <sys/socket.h>

#include "api/api_json.h"
#include "dnsmasq/dnsmasq_leases.h"
#include "util/json.h"

static void network_row(vn_json *j, const vn_netobj *o)
{
	const vn_network *n = store_current(o);
	char u[VN_UUID_STRLEN];

	json_begin_object(j, NULL);
	json_string(j, "name", n->name);
	json_string(j, "uuid", uuid_format(n->uuid, u));
	json_string(j, "state", o->live ? "active" : "inactive");
	json_bool(j, "autostart", o->autostart);
	json_bool(j, "persistent", o->def != NULL);
	json_string(j, "bridge", n->bridge);
	json_string(j, "title", n->title);
	json_end_object(j);
}

char *json_networks(const vn_netlist *l, vn_net_filter filter, const void *data)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < l->n; i++)
		if (!filter || filter(&l->v[i], data))
			network_row(&j, &l->v[i]);
	json_end_array(&j);
	return json_steal(&j);
}

char *json_network(const vn_netobj *o)
{
	vn_json j = {0};

	network_row(&j, o);
	return json_steal(&j);
}

static void lease_row(vn_json *j, const vn_network *n, const vn_lease *v)
{
	json_begin_object(j, NULL);
	json_int(j, "expiry", (long long)v->expiry);
	json_string(j, "mac", v->mac[0] ? v->mac : NULL);
	json_string(j, "protocol", v->family == AF_INET ? "ipv4" : "ipv6");
	json_string(j, "ip", v->ip);
	json_int(j, "prefix", dnsmasq_lease_prefix(n, v));
	json_string(j, "hostname", v->hostname[0] ? v->hostname : NULL);
	json_string(j, "clientid", v->clientid[0] ? v->clientid : NULL);
	json_end_object(j);
}

char *json_leases(const vn_network *n, const vn_lease *v, size_t k)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < k; i++)
		lease_row(&j, n, &v[i]);
	json_end_array(&j);
	return json_steal(&j);
}

static void port_row(vn_json *j, const vn_port_row *row)
{
	const vn_port *p = row->port;
	char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN], a[VN_ADDR_STRLEN];

	json_begin_object(j, NULL);
	json_string(j, "uuid", uuid_format(p->uuid, u));
	json_string(j, "device", p->ifname);
	json_string(j, "type", portdev_type_to_string(p->type));
	json_string(j, "mac", row->mac_known ? mac_format(&row->mac, m) : NULL);
	json_string(j, "ip", addr_valid(&p->ip) ? addr_format(&p->ip, a) : NULL);
	json_string(j, "state", row->state);
	if (p->domid >= 0) {
		json_int(j, "domid", p->domid);
		json_int(j, "devid", p->devid);
	}
	json_end_object(j);
}

char *json_ports(const vn_port_rows *rows)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < rows->n; i++)
		port_row(&j, &rows->v[i]);
	json_end_array(&j);
	return json_steal(&j);
}
