/* fuzz-draft.c - libFuzzer target: GET /v1/draft, the create form's fields. The input is the
 * query as the daemon hands it over (api_draft_query), checked against two networks, three
 * routes and two devices (draft_against, what network_draft does with the host's).
 * Properties: every message is UTF-8 text without a control character (the page shows it);
 * a form whose every field is fine makes a network that define's checks accept (else the
 * page would offer Create and define would refuse), with the name and forward mode given,
 * private addresses that neither the other networks nor the routes have, and XML that reads
 * back as itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "api/api.h"
#include "conf/network_xml.h"
#include "net/network_internal.h"
#include "util/str.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const others[] = {
	"<network><name>busy</name><bridge name='vnbusy'/><forward mode='nat'/>"
	"<ip address='192.168.150.1' prefix='24'/></network>",
	"<network><name>six</name><bridge name='vnsix'/>"
	"<ip address='10.20.0.1' netmask='255.255.0.0'/>"
	"<ip family='ipv6' address='fd00:20::1' prefix='64'/></network>",
};
static vn_netobj objs[2];
static vn_netlist nets = { .v = objs, .n = 2 };
static vn_route routes[3];
static const vn_hostdev devs[2] = { { .name = "eth0" }, { .name = "br-ext", .kind = "bridge" } };

static const char *fake_ifname(int ifindex, char buf[16])
{
	snprintf(buf, 16, "%s", ifindex == 2 ? "eth0" : "br-ext");
	return buf;
}

static const vn_draft_host host = { .networks = &nets, .routes = routes, .nroutes = 3,
				    .devs = devs, .ndevs = 2, .ifname = fake_ifname };

static void route(vn_route *r, int family, const char *dst, int prefix, int oif)
{
	*r = (vn_route){ .prefix = prefix, .oif = oif };
	if (addr_parse(dst, family, &r->dst) < 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < 2; i++)
		if (net_parse(others[i], strlen(others[i]), "fuzz", &objs[i].def, NULL) < 0)
			abort();
	route(&routes[0], AF_INET, "172.16.5.0", 24, 2);
	route(&routes[1], AF_INET, "0.0.0.0", 0, 2);       /* the default route takes nothing */
	route(&routes[2], AF_INET6, "fd00:99::", 64, 3);
	return 0;
}

static bool plain(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return utf8_valid(s, strlen(s));
}

static bool private_space(const vn_addr *a)
{
	static const char *const v4[] = { "10.0.0.0", "172.16.0.0", "192.168.0.0" };
	static const int p4[] = { 8, 12, 16 };
	vn_addr n;

	if (a->family == AF_INET6)
		return (a->u.bytes[0] & 0xfe) == 0xfc;
	for (int i = 0; i < 3; i++)
		if (addr_parse(v4[i], AF_INET, &n) == 0 && addr_in_subnet(a, &n, p4[i]))
			return true;
	return false;
}

/* An address of the new network: private, and no one else's */
static void check_ip(const vn_ip_def *ip)
{
	int p = ip_def_prefix(ip);

	if (p < 0 || !private_space(&ip->address))
		abort();
	for (size_t i = 0; i < nets.n; i++)
		for (size_t k = 0; k < objs[i].def->nips; k++)
			if (addr_subnets_overlap(&ip->address, p, &objs[i].def->ips[k].address,
						 ip_def_prefix(&objs[i].def->ips[k])))
				abort();
	for (size_t i = 0; i < host.nroutes; i++)
		if (route_takes_subnet(&routes[i], &ip->address, p))
			abort();
	for (size_t r = 0; r < ip->nranges; r++)
		if (!addr_in_subnet(&ip->ranges[r].start, &ip->address, p) ||
		    !addr_in_subnet(&ip->ranges[r].end, &ip->address, p))
			abort();
}

/* The network a fine form made: what the form said, and XML that reads back as itself */
static void check_network(const vn_draft *d, const vn_network *n)
{
	const char *mode = d->forward && *d->forward ? d->forward : "nat";
	char *xml = net_format(n, NET_FORMAT_INACTIVE), *again;
	vn_network *back = NULL;

	if (strcmp(n->name, d->name) != 0 || !xml ||
	    strcmp(fwd_mode_to_string(n->forward.mode), mode) != 0)
		abort();
	for (size_t i = 0; i < n->nips; i++)
		check_ip(&n->ips[i]);
	if (net_parse(xml, strlen(xml), "fuzz", &back, NULL) < 0)
		abort();
	again = net_format(back, NET_FORMAT_INACTIVE);
	if (!again || strcmp(xml, again) != 0)
		abort();
	free(again);
	free(xml);
	net_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *query = strndup((const char *)data, size);
	vn_network *n = NULL;
	vn_draft_query q;
	vn_draft_check c;
	vn_err err = {0};
	vn_draft d;
	int rc;

	if (!query || api_draft_query(query, &q, &d, &err) < 0) {
		free(query);
		return 0;
	}
	rc = draft_against(&host, &d, &c, &n, &err);
	for (int f = 0; f < DRAFT__COUNT; f++)
		if (!plain(c.error[f]))
			abort();
	if (draft_ok(&c) != (n != NULL) || (draft_ok(&c) && rc < 0)) {
		fprintf(stderr, "a fine form makes no network: %s\n", err.msg);
		abort();
	}
	if (n)
		check_network(&d, n);
	net_free(n);
	free(query);
	return 0;
}
