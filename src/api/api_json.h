/* api_json.h - the JSON of networks, leases and ports: what `list --json`, `dhcp-leases
 * --json` and `port-list --json` print and what the API answers, from one producer each */
#pragma once
#include <stdbool.h>

#include "dnsmasq/leases.h"
#include "port/port_query.h"
#include "state/store.h"

/* A network's row of `list`: name, uuid, state, autostart, persistent, bridge, title. */
typedef bool (*vn_net_filter)(const vn_netobj *o, const void *data);
/* The networks of l that filter accepts (NULL: all), as an array; the caller frees it. */
char *json_networks(const vn_netlist *l, vn_net_filter filter, const void *data);
/* One network's row as an object. */
char *json_network(const vn_netobj *o);
char *json_leases(const vn_network *n, const vn_lease *v, size_t k);
char *json_ports(const vn_port_rows *rows);
