/* network_dnsmasq.c - a network's dnsmasq, given the addresses its ports reserve */
#include "dnsmasq/dnsmasq_run.h"
#include "net/network_internal.h"
#include "port/port.h"
#include "util/cleanup.h"

int network_dnsmasq_begin(vn_run *r, const vn_network *n, pid_t *pid, vn_err *err)
{
	_cleanup_(dhcp_reservations_free) vn_dhcp_reservations res = {0};
	int rc = port_reservations(r->paths, n->name, &res, err);

	if (rc < 0)
		return rc;
	return dnsmasq_begin(r->paths, n, &res, pid, err);
}

int network_dnsmasq_start(vn_run *r, const vn_network *n, pid_t *pid, vn_err *err)
{
	int rc = network_dnsmasq_begin(r, n, pid, err);

	return rc < 0 ? rc : dnsmasq_finish(r->paths, n, pid, err);
}
