/* api_json.c - ports as JSON */
#include <stdlib.h>
#include <sys/socket.h>

#include "api/api_json.h"
#include "util/json.h"

/* The addresses the guest leased, as dhcp-leases --json shows a lease (its MAC is the
 * port's) */
static void port_leases(vn_json *j, const vn_port_row *row)
{
	char a[VN_ADDR_STRLEN];

	json_begin_array(j, "leases");
	for (size_t i = 0; i < row->nleases; i++) {
		const vn_port_lease *l = &row->leases[i];
		json_begin_object(j, NULL);
		json_int(j, "expiry", (long long)l->expiry);
		json_str(j, "protocol", l->ip.family == AF_INET ? "ipv4" : "ipv6");
		json_str(j, "ip", addr_format(&l->ip, a));
		json_int(j, "prefix", l->prefix);
		json_end_object(j);
	}
	json_end_array(j);
}

void json_port_stats(vn_json *j, const char *key, const vn_port_stats *st)
{
	json_begin_object(j, key);
	json_str(j, "interface", st->ifname);
	json_uint(j, "rx_bytes", st->rx_bytes);
	json_uint(j, "rx_packets", st->rx_packets);
	json_uint(j, "rx_errs", st->rx_errors);
	json_uint(j, "rx_drop", st->rx_dropped);
	json_uint(j, "tx_bytes", st->tx_bytes);
	json_uint(j, "tx_packets", st->tx_packets);
	json_uint(j, "tx_errs", st->tx_errors);
	json_uint(j, "tx_drop", st->tx_dropped);
	json_end_object(j);
}

/* Its counters as the guest sees them; null when unread */
static void port_counters(vn_json *j, const vn_port_stats *st)
{
	if (st)
		json_port_stats(j, "stats", st);
	else
		json_str(j, "stats", NULL);
}

static void port_row(vn_json *j, const vn_port_row *row, bool counters, const vn_port_stats *st)
{
	const vn_port *p = row->port;
	char u[VN_UUID_STRLEN], m[VN_MAC_STRLEN], a[VN_ADDR_STRLEN];

	json_begin_object(j, NULL);
	json_str(j, "uuid", uuid_format(p->uuid, u));
	json_str(j, "device", p->ifname);
	json_str(j, "type", portdev_type_to_string(p->type));
	json_str(j, "mac", row->mac_known ? mac_format(&row->mac, m) : NULL);
	json_str(j, "ip", addr_valid(&p->ip) ? addr_format(&p->ip, a) : NULL);
	json_str(j, "state", row->state);
	port_leases(j, row);
	if (counters)
		port_counters(j, st);
	if (p->domid >= 0) {
		json_int(j, "domid", p->domid);
		json_int(j, "devid", p->devid);
	}
	json_end_object(j);
}

char *json_ports(const vn_port_rows *rows)
{
	return json_ports_stats(rows, NULL);
}

char *json_ports_stats(const vn_port_rows *rows, const vn_port_stats *const *stats)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < rows->n; i++)
		port_row(&j, &rows->v[i], stats != NULL, stats ? stats[i] : NULL);
	json_end_array(&j);
	return json_steal(&j);
}
