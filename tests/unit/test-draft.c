/* test-draft.c - the create form (conf/net_draft*.c, net/network_draft.c's draft_against):
 * each field's checks against two networks, two routes and two devices, with the message
 * at the field it concerns (tests/data/draft/checks.txt: every case's messages and the
 * suggested DHCP range), and the network each forwarding mode makes (tests/data/draft/
 * NAME.xml). Golden files: REGENERATE=1 rewrites them; review the diff. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "golden.h"

#include "api/api.h"
#include "conf/network_xml.h"
#include "net/network.h"
#include "util/buf.h"

#define DIR TEST_DATA_DIR "/draft/"

static const char *const others[] = {
	"<network><name>busy</name><bridge name='vnbusy'/><forward mode='nat'/>"
	"<ip address='192.168.150.1' prefix='24'/></network>",
	"<network><name>six</name><bridge name='vnsix'/>"
	"<ip address='10.20.0.1' netmask='255.255.0.0'/>"
	"<ip family='ipv6' address='fd00:20::1' prefix='64'/></network>",
};

static const char *fake_ifname(int ifindex, char buf[16])
{
	snprintf(buf, 16, "%s", ifindex == 2 ? "eth0" : "br-ext");
	return buf;
}

typedef struct fixture {
	vn_netobj objs[2];
	vn_netlist nets;
	vn_route routes[3];
	vn_hostdev devs[2];
	vn_draft_host host;
} fixture;

static void route(vn_route *r, int family, const char *dst, int prefix, int oif)
{
	*r = (vn_route){ .prefix = prefix, .oif = oif };
	assert_int_equal(addr_parse(dst, family, &r->dst), 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	for (size_t i = 0; i < 2; i++)
		assert_int_equal(net_parse(others[i], strlen(others[i]), "test", &f->objs[i].def,
					   NULL), 0);
	f->nets = (vn_netlist){ .v = f->objs, .n = 2 };
	route(&f->routes[0], AF_INET, "172.16.5.0", 24, 2);
	route(&f->routes[1], AF_INET, "0.0.0.0", 0, 2);
	route(&f->routes[2], AF_INET6, "fd00:99::", 64, 3);
	snprintf(f->devs[0].name, sizeof(f->devs[0].name), "eth0");
	snprintf(f->devs[1].name, sizeof(f->devs[1].name), "br-ext");
	f->host = (vn_draft_host){ .networks = &f->nets, .routes = f->routes, .nroutes = 3,
				   .devs = f->devs, .ndevs = 2, .ifname = fake_ifname };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	for (size_t i = 0; i < 2; i++)
		net_free(f->objs[i].def);
	free(f);
	return 0;
}

/* A form as GET /v1/draft's query, checked; *n the network when every field is fine */
static void draft(const fixture *f, const char *query, vn_draft_check *c, vn_network **n)
{
	vn_draft_query q;
	vn_err err = {0};
	vn_draft d;

	assert_int_equal(api_draft_query(query, &q, &d, &err), 0);
	if (draft_against(&f->host, &d, c, n, &err) < 0)
		fail_msg("%s: %s", query, err.msg);
	assert_true(draft_ok(c) == (*n != NULL));
}

/* query, the field with the message (NULL: every field fine), a part of the message */
static const struct { const char *query, *field, *says; } cases[] = {
	{ "name=lab&ipv4=192.168.160.0/24", NULL, NULL },
	{ "ipv4=192.168.160.0/24", "name", "needs a name" },
	{ "name=a/b&forward=none", "name", "must not contain '/'" },
	{ "name=.hidden&forward=none", "name", "must not start with '.'" },
	{ "name=busy&forward=none", "name", "'busy' exists already" },
	{ "name=a\x01z&forward=none", "name", "control character" },
	{ "name=caf\xc3&forward=none", "name", "not UTF-8" },
	{ "name=lab&ipv4=8.8.8.0/24", "ipv4", "not a private address space" },
	{ "name=lab&ipv4=192.168.160.0", "ipv4", "write ADDRESS/PREFIX" },
	{ "name=lab&ipv4=192.168.160.0/33", "ipv4", "write ADDRESS/PREFIX" },
	{ "name=lab&ipv4=192.168.160.0/30", "ipv4", "no room for guests" },
	{ "name=lab&ipv4=192.168.160.255/24", "ipv4", "the broadcast address" },
	{ "name=lab&ipv4=192.168.150.0/24", "ipv4", "overlaps 192.168.150.0/24 of network 'busy'" },
	{ "name=lab&ipv4=192.168.0.0/16", "ipv4", "of network 'busy'" },
	{ "name=lab&ipv4=10.20.5.0/24", "ipv4", "overlaps 10.20.0.0/16 of network 'six'" },
	{ "name=lab&ipv4=172.16.0.0/16", "ipv4", "the host's route to 172.16.5.0/24 on eth0" },
	{ "name=lab&ipv4=172.16.5.0/25", NULL, NULL },   /* more specific than the route: ours */
	{ "name=lab&ipv4=192.168.160.0/24&dhcp-start=192.168.161.10&dhcp-end=192.168.161.20", "dhcp",
	  "is not inside the address space 192.168.160.0/24: use addresses from 192.168.160.128 "
	  "to 192.168.160.254" },
	{ "name=lab&ipv4=192.168.160.0/24&dhcp-start=192.168.160.10", "dhcp", "both ends" },
	{ "name=lab&forward=none&dhcp-start=192.168.160.10&dhcp-end=192.168.160.20", "dhcp", "needs an IPv4" },
	{ "name=lab&ipv4=192.168.160.0/24&dhcp-start=192.168.160.20&dhcp-end=192.168.160.10", "dhcp",
	  "192.168.160.20" },
	{ "name=lab&ipv4=192.168.160.0/24&dhcp-start=x&dhcp-end=192.168.160.10", "dhcp",
	  "not a range of IPv4 addresses" },
	{ "name=lab&forward=bridge&ipv4=10.1.0.0/16", "forward", "'bridge' is not a forward mode here" },
	{ "name=lab&forward=open&dev=eth0&ipv4=10.1.0.0/16", "forward", "only nat and route" },
	{ "name=lab&forward=none&dev=eth0", "forward", "an isolated network" },
	{ "name=lab&forward=nat&dev=eth1&ipv4=10.1.0.0/16", "forward", "no device 'eth1'" },
	{ "name=lab&forward=route&dev=a b&ipv4=10.1.0.0/16", "forward", "not an interface name" },
	{ "name=lab&forward=route", "ipv4", "needs an address space" },
	{ "name=lab", "ipv4", "a network that forwards (nat) needs an address space" },
	{ "name=lab&forward=none", NULL, NULL },
	{ "name=lab&forward=none&ipv6=2001:db8::/64", "ipv6", "not a private (unique local) prefix" },
	{ "name=lab&forward=none&ipv6=fd00:1::/48", "ipv6", "must be /64" },
	{ "name=lab&forward=none&ipv6=fd00:20::/64", "ipv6", "of network 'six'" },
	{ "name=lab&forward=none&ipv6=fd00:99::/64", "ipv6", "the host's route to fd00:99::/64 on br-ext" },
	{ "name=lab&forward=none&domain=no_pe!", "domain", "not a DNS domain" },
};

static const char *field_error(const vn_draft_check *c, const char *name)
{
	for (int f = 0; f < DRAFT__COUNT; f++)
		if (strcmp(draft_field_name((vn_draft_field)f), name) == 0)
			return c->error[f];
	fail_msg("no field %s", name);
	return NULL;
}

/* The query in the golden file: a byte that is not printable ASCII as \xNN */
static void add_query(vn_buf *b, const char *q)
{
	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		buf_printf(b, *p >= 0x20 && *p < 0x7f ? "%c" : "\\x%02x", *p);
	buf_printf(b, "\n");
}

/* Each case's message at its field, and only there; every message in checks.txt */
static void field_checks(void **state)
{
	const fixture *f = *state;
	vn_buf b = {0};
	char *text;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vn_network *n = NULL;
		vn_draft_check c;
		draft(f, cases[i].query, &c, &n);
		add_query(&b, cases[i].query);
		for (int k = 0; k < DRAFT__COUNT; k++) {
			const char *name = draft_field_name((vn_draft_field)k);
			if (c.error[k][0])
				buf_printf(&b, "  %s: %s\n", name, c.error[k]);
			if (c.error[k][0] && (!cases[i].field || strcmp(cases[i].field, name) != 0))
				fail_msg("%s: a message at %s: %s", cases[i].query, name, c.error[k]);
		}
		if (c.dhcp_start[0])
			buf_printf(&b, "  suggested range: %s - %s\n", c.dhcp_start, c.dhcp_end);
		if (cases[i].field && !strstr(field_error(&c, cases[i].field), cases[i].says))
			fail_msg("%s: %s says '%s', not '%s'", cases[i].query, cases[i].field,
				 field_error(&c, cases[i].field), cases[i].says);
		net_free(n);
	}
	assert_false(b.oom);
	text = buf_steal(&b);
	golden_check(DIR "checks.txt", text);
	free(text);
}

/* The network each forwarding mode makes, as define keeps it (its random UUID masked) */
static const struct { const char *name, *query; } modes[] = {
	{ "isolated", "name=iso&ipv4=10.30.0.0/16&forward=none" },
	{ "nat", "name=lab&ipv4=192.168.160.0/24&dhcp-start=192.168.160.128&dhcp-end=192.168.160.254" },
	{ "nat-dev", "name=lab&ipv4=192.168.160.1/24&dhcp-start=192.168.160.100&dhcp-end=192.168.160.200"
		     "&forward=nat&dev=eth0&domain=lab.test" },
	{ "route", "name=r&ipv4=172.16.6.0/24&forward=route" },
	{ "route-dev", "name=r&ipv4=172.16.6.0/24&dhcp-start=172.16.6.2&dhcp-end=172.16.6.9"
		       "&forward=route&dev=br-ext&ipv6=fd00:30::/64" },
	{ "open", "name=o&ipv4=192.168.170.0/28&forward=open&ipv6=fd00:31::1/64" },
	{ "ipv6-only", "name=v6&ipv6=fd00:32::/64&forward=nat" },
	{ "name-text", "name=caf\xc3\xa9 <x> '\"'&forward=none" },
};

static void xml_of_modes(void **state)
{
	const fixture *f = *state;
	char path[512];

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		vn_network *n = NULL;
		vn_draft_check c;
		char *xml, *u;
		draft(f, modes[i].query, &c, &n);
		if (!n)
			fail_msg("%s: no network", modes[i].query);
		xml = net_format(n, NET_FORMAT_INACTIVE);
		assert_non_null(xml);
		if ((u = strstr(xml, "<uuid>")))
			memcpy(u + 6, "00000000-0000-0000-0000-000000000000", 36);
		snprintf(path, sizeof(path), DIR "%s.xml", modes[i].name);
		golden_check(path, xml);
		free(xml);
		net_free(n);
	}
}

/* The API's query: a field over 256 bytes is refused, naming it */
static void query_limits(void **state)
{
	char query[400] = "name=";
	vn_draft_query q;
	vn_err err = {0};
	vn_draft d;

	(void)state;
	memset(query + 5, 'a', 256);
	assert_int_equal(api_draft_query(query, &q, &d, &err), 0);
	assert_int_equal(strlen(d.name), 256);
	assert_null(d.ipv4);
	strcat(query, "b");
	assert_int_equal(api_draft_query(query, &q, &d, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "name"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(field_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(xml_of_modes, setup, teardown),
		cmocka_unit_test(query_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
