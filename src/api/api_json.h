/* api_json.h - the JSON of ports: what `port-list --json` prints and the API answers
 * (networks and leases: api_rows.h) */
#pragma once
#include <stdbool.h>

#include "port/port_query.h"
#include "util/json.h"

/* A network's ports, as port-list --json prints them. */
char *json_ports(const vn_port_rows *rows);
/* The same with each port's counters as "stats" (stats[i] NULL: null, its device is gone) */
char *json_ports_stats(const vn_port_rows *rows, const vn_port_stats *const *stats);
/* A port's counters as port-stats --json writes them (interface, rx_bytes, rx_packets, rx_errs,
 * rx_drop, tx_...), as member key (NULL: a value) */
void json_port_stats(vn_json *j, const char *key, const vn_port_stats *st);
