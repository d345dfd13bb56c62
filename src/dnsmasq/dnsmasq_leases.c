/* dnsmasq_leases.c - a network's current DHCP leases from dnsmasq's lease file */
#include "dnsmasq/dnsmasq_leases.h"

#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "dnsmasq/dnsmasq_run.h"
#include "util/cleanup.h"
#include "util/fileio.h"

#define LEASE_FILE_MAX (16 << 20)

int dnsmasq_lease_prefix(const vn_network *n, const vn_lease *l)
{
	vn_addr a;

	if (addr_parse(l->ip, 0, &a) < 0)
		return 0;
	for (size_t i = 0; i < n->nips; i++) {
		const vn_ip_def *ip = &n->ips[i];
		if (ip->address.family == a.family &&
		    addr_in_subnet(&a, &ip->address, ip_def_prefix(ip)))
			return ip_def_prefix(ip);
	}
	return a.family == AF_INET ? 24 : 64;
}

static int by_mac(const void *a, const void *b)
{
	return strcasecmp(((const vn_lease *)a)->mac, ((const vn_lease *)b)->mac);
}

static bool wanted(const vn_lease *l, const char *mac, time_t now)
{
	return (l->expiry == 0 || l->expiry >= now) && (!mac || strcasecmp(mac, l->mac) == 0);
}

int dnsmasq_leases(const vn_paths *paths, const vn_network *n, const char *mac, vn_lease **out,
		   size_t *count, vn_err *err)
{
	_cleanup_free_ char *text = NULL;
	vn_dnsmasq_files f;
	vn_lease *v = NULL;
	size_t len, k = 0, total = 0;
	time_t now = time(NULL);

	*out = NULL;
	*count = 0;
	if (dnsmasq_files(paths, n, &f, NULL) < 0)
		return 0;
	if (file_read_all(f.leases, LEASE_FILE_MAX, &text, &len, NULL) < 0)
		return 0;   /* no lease file yet: no leases */
	if (leases_parse(text, &v, &total) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < total; i++)
		if (wanted(&v[i], mac, now))
			v[k++] = v[i];
	if (k > 1)   /* v is NULL for an empty file */
		qsort(v, k, sizeof(*v), by_mac);
	*out = v;
	*count = k;
	return 0;
}
