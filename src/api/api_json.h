/* api_json.h - the JSON of ports: what `port-list --json` prints and the API answers
 * (networks and leases: api_rows.h) */
#pragma once
#include <stdbool.h>

#include "port/port_query.h"

/* A network's ports, as port-list --json prints them. */
char *json_ports(const vn_port_rows *rows);
/* The same with each port's counters as "stats" (stats[i] NULL: null, its device is gone) */
char *json_ports_stats(const vn_port_rows *rows, const vn_port_stats *const *stats);
