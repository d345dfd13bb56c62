/* port_query.c - a network's ports with their state, as port-list and port-dumpxml show them */
#include "port/port_query.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"
#include "kernel/netlink.h"
#include "kernel/session.h"
#include "dnsmasq/dnsmasq_leases.h"
#include "port/port_direct.h"
#include "util/cleanup.h"
#include "util/str.h"

int ports_of_network(const vn_paths *paths, const char *network, vn_portlist *out, vn_notes *notes,
		     vn_err *err)
{
	vn_portlist all;
	int rc = ports_load(paths, &all, notes, err);

	*out = (vn_portlist){0};
	if (rc < 0)
		return rc;
	out->v = calloc(all.n + 1, sizeof(*out->v));
	if (!out->v) {
		portlist_free(&all);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < all.n; i++) {
		if (streq(all.v[i]->network, network))
			out->v[out->n++] = all.v[i];
		else
			port_free(all.v[i]);
	}
	free(all.v);
	return 0;
}

int port_of_network(const vn_paths *paths, const char *network, const char *key, vn_port **out,
		    vn_err *err)
{
	char w[SHELL_WORD_MAX];
	int rc;

	*out = NULL;
	rc = port_lookup(paths, key, out, err);
	if (rc == 0 && streq((*out)->network, network))
		return 0;
	if (rc < 0 && rc != -ENOENT)
		return rc;
	port_free(*out);
	*out = NULL;
	return vn_err_set(err, ENOENT,
			  "network port not found: no port '%s' on network '%s' (list them with: "
			  "virtnet port-list %s)",
			  key, network, shell_word(network, w));
}

/* attached (on the network's bridge), detached (network stopped), gone (device vanished). */
static const char *port_state(const vn_port *p, const vn_link_info *links, size_t n,
			      const vn_network *live)
{
	const vn_link_info *dev = NULL, *br = NULL;

	if (port_in_netns(p))
		return port_netns_device_exists(p) ? "attached" : "gone";
	for (size_t i = 0; i < n; i++) {
		if (streq(links[i].name, p->ifname))
			dev = &links[i];
		if (live && live->bridge && streq(links[i].name, live->bridge))
			br = &links[i];
	}
	if (!dev)
		return "gone";
	if (p->plug == PLUG_DIRECT)
		return "attached";   /* on its NIC from birth */
	return br && dev->master == br->ifindex ? "attached" : "detached";
}

static int dump_links(vn_link_info **links, size_t *n, vn_err *err)
{
	vn_nl *nl = NULL;
	int rc = nl_open(&nl, err);

	*links = NULL;
	*n = 0;
	if (rc == 0)
		rc = nl_link_dump(nl, links, n, err);
	nl_close(nl);
	return rc;
}

/* The MACs no record holds, from our bridge table rather than the bridge's FDB: the port's
 * set holds exactly the MAC the guest is held to, and keeps it while the guest is silent,
 * when an FDB entry would have aged out. Read once, and only when some port needs it. */
static void read_learned(vn_port_rows *rows)
{
	vn_fwb_state st = {0};
	vn_err ignore = {0};
	const char *table;
	bool wanted = false;
	vn_fw *fw;

	for (size_t i = 0; i < rows->n; i++)
		wanted |= !rows->v[i].mac_known;
	if (!wanted || session_table(&table, &ignore) < 0)
		return;
	fw = fw_open(table);
	if (!fw)
		return;
	fw_bridge_state(fw, &st, &ignore);
	fw_close(fw);
	for (size_t i = 0; i < rows->n; i++) {
		vn_port_row *row = &rows->v[i];
		if (!row->mac_known)
			row->mac_known = fwb_state_port_mac(&st, row->port->ifname, &row->mac) == 0;
	}
	fwb_state_free(&st);
}

/* The first of the leases (sorted by MAC) whose MAC is mac, or k */
static size_t first_lease(const vn_lease *v, size_t k, const char *mac)
{
	size_t lo = 0, hi = k;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcasecmp(v[mid].mac, mac) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int by_address(const void *a, const void *b)
{
	const vn_port_lease *x = a, *y = b;

	if (x->ip.family != y->ip.family)
		return x->ip.family == AF_INET ? -1 : 1;
	return memcmp(x->ip.u.bytes, y->ip.u.bytes, sizeof(x->ip.u.bytes));
}

static int row_leases(vn_port_row *row, const vn_network *n, const vn_lease *v, size_t k,
		      vn_err *err)
{
	char m[VN_MAC_STRLEN];
	size_t i = first_lease(v, k, mac_format(&row->mac, m)), end = i;

	while (end < k && strcasecmp(v[end].mac, m) == 0)
		end++;
	if (end == i)
		return 0;
	row->leases = calloc(end - i, sizeof(*row->leases));
	if (!row->leases)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (; i < end; i++) {
		vn_port_lease *l = &row->leases[row->nleases];
		if (addr_parse(v[i].ip, 0, &l->ip) < 0)
			continue;
		l->prefix = dnsmasq_lease_prefix(n, &v[i]);
		l->expiry = v[i].expiry;
		row->nleases++;
	}
	qsort(row->leases, row->nleases, sizeof(*row->leases), by_address);
	return 0;
}

/* The network's leases, read once, matched to the rows by MAC. */
static int add_leases(const vn_paths *paths, const vn_network *n, vn_port_rows *rows,
		      vn_err *err)
{
	_cleanup_free_ vn_lease *v = NULL;
	size_t k = 0;
	int rc = dnsmasq_leases(paths, n, NULL, &v, &k, err);

	for (size_t i = 0; rc == 0 && k > 0 && i < rows->n; i++)
		if (rows->v[i].mac_known)
			rc = row_leases(&rows->v[i], n, v, k, err);
	return rc;
}

/* The rows take the ports over. */
static int rows_of(vn_portlist *ports, const vn_link_info *links, size_t nlinks,
		   const vn_network *live, vn_port_rows *out, vn_err *err)
{
	out->v = calloc(ports->n + 1, sizeof(*out->v));
	if (!out->v)
		return vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < ports->n; i++) {
		vn_port *p = ports->v[i];
		out->v[i] = (vn_port_row){ .port = p, .mac_known = p->mac_known, .mac = p->mac };
		out->v[i].state = port_state(p, links, nlinks, live);
	}
	out->n = ports->n;
	free(ports->v);
	*ports = (vn_portlist){0};
	return 0;
}

int port_list(const vn_paths *paths, const vn_network *n, const vn_network *live,
	      vn_port_rows *out, vn_notes *notes, vn_err *err)
{
	vn_portlist ports;
	vn_link_info *links = NULL;
	size_t nlinks = 0;
	int rc = ports_of_network(paths, n->name, &ports, notes, err);

	*out = (vn_port_rows){0};
	if (rc < 0)
		return rc;
	rc = dump_links(&links, &nlinks, err);
	if (rc == 0)
		rc = rows_of(&ports, links, nlinks, live, out, err);
	if (rc == 0)
		read_learned(out);
	if (rc == 0 && add_leases(paths, n, out, err) < 0) {
		port_rows_free(out);
		rc = -err->code;
	}
	free(links);
	portlist_free(&ports);
	return rc;
}

void port_rows_free(vn_port_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		port_free(rows->v[i].port);
		free(rows->v[i].leases);
	}
	free(rows->v);
	*rows = (vn_port_rows){0};
}
