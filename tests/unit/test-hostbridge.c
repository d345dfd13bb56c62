/* test-hostbridge.c - the pure parts of host bridges: the plan of steps (order and
 * refusals), the state file's XML (golden files, round trip, errors), which addresses and
 * routes move, the nft text of --forward-accept, and the name tables.
 * Goldens in tests/data/hostbridge (REGENERATE=1 rewrites them; review the diff). */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#define IFNAME_RULE "use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"
#include "golden.h"

#include "firewall/firewall.h"
#include "hostbridge/hostbridge.h"
#include "util/fileio.h"

#define DIR TEST_DATA_DIR "/hostbridge/"

/* ---- a NIC as the kernel would describe it ---- */

static vn_addr A(const char *s)
{
	vn_addr a = {0};
	if (addr_parse(s, 0, &a) < 0)
		fail_msg("bad address %s", s);
	return a;
}

static vn_nl_addr addr4(const char *a, int prefix, const char *brd, const char *label, unsigned flags)
{
	vn_nl_addr x = { .local = A(a), .prefix = prefix, .flags = flags, .valid_lft = VN_LFT_FOREVER,
			 .preferred_lft = VN_LFT_FOREVER };
	if (brd)
		x.broadcast = A(brd);
	snprintf(x.label, sizeof(x.label), "%s", label);
	return x;
}

static vn_nl_addr addr6(const char *a, int prefix, int scope, int proto, unsigned flags)
{
	return (vn_nl_addr){ .local = A(a), .prefix = prefix, .scope = scope, .proto = proto, .flags = flags,
			     .valid_lft = VN_LFT_FOREVER, .preferred_lft = VN_LFT_FOREVER };
}

static vn_nl_route route(int family, const char *dst, int len, const char *gw, int table, int proto, unsigned metric)
{
	vn_nl_route r = { .family = family, .dst_len = len, .table = table, .protocol = proto, .type = RTN_UNICAST,
			  .metric = metric, .pref = -1, .oif = 2 };
	if (dst)
		r.dst = A(dst);
	if (gw)
		r.gw = A(gw);
	else
		r.scope = RT_SCOPE_LINK;
	return r;
}

struct nic {
	vn_nl_addr addrs[8];
	vn_nl_route routes[12];
	vn_hb_nic nic;
};

static void make_nic(struct nic *n)
{
	size_t a = 0, r = 0;

	memset(n, 0, sizeof(*n));
	n->nic.link = (vn_link_info){ .ifindex = 2, .name = "eth0", .kind = "veth", .mtu = 9000,
				      .flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST };
	mac_parse("52:54:00:12:34:56", &n->nic.link.mac);
	n->addrs[a++] = addr4("192.0.2.1", 24, "192.0.2.255", "eth0", IFA_F_PERMANENT);
	n->addrs[a++] = addr4("192.0.2.50", 24, NULL, "eth0:1", IFA_F_PERMANENT | IFA_F_SECONDARY);
	n->addrs[a++] = addr6("2001:db8:1::5", 64, 0, 0, IFA_F_PERMANENT);
	n->addrs[a++] = addr6("2001:db8:1::1", 64, 0, 0, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE);
	n->addrs[a] = addr6("2001:db8:2::9", 64, 0, IFAPROT_KERNEL_RA, IFA_F_MANAGETEMPADDR);
	n->addrs[a].valid_lft = 86400;
	n->addrs[a++].preferred_lft = 14400;
	n->addrs[a++] = addr6("fe80::1", 64, RT_SCOPE_LINK, 0, IFA_F_PERMANENT);                  /* set by hand: moves */
	n->addrs[a++] = addr6("fe80::5054:ff:fe12:3456", 64, RT_SCOPE_LINK, IFAPROT_KERNEL_LL, IFA_F_PERMANENT);
	n->routes[r++] = route(AF_INET, "192.0.2.0", 24, NULL, RT_TABLE_MAIN, RTPROT_KERNEL, 0);   /* the kernel's */
	n->routes[r] = route(AF_INET, "10.98.0.0", 16, "192.0.2.2", 100, RTPROT_BOOT, 0);
	n->routes[r].metrics[RTAX_MTU] = 1400;
	n->routes[r].metrics[RTAX_LOCK] = 1u << RTAX_MTU;
	snprintf(n->routes[r].cc_algo, sizeof(n->routes[r].cc_algo), "cubic");
	n->routes[r++].metrics_mask = 1u << RTAX_MTU | 1u << RTAX_LOCK | 1u << RTAX_CC_ALGO;
	n->routes[r] = route(AF_INET, NULL, 0, "192.0.2.2", RT_TABLE_MAIN, RTPROT_BOOT, 100);
	n->routes[r++].prefsrc = A("192.0.2.1");
	n->routes[r++] = route(AF_INET, "10.1.0.0", 16, NULL, RT_TABLE_MAIN, RTPROT_STATIC, 0);  /* no gateway */
	n->routes[r++] = route(AF_INET, "192.0.2.1", 32, NULL, RT_TABLE_LOCAL, RTPROT_KERNEL, 0);
	n->routes[r] = route(AF_INET6, "2001:db8:99::", 48, "2001:db8:1::2", RT_TABLE_MAIN, RTPROT_BOOT, 1024);
	n->routes[r].src = A("2001:db8:1::");
	n->routes[r++].src_len = 64;
	n->routes[r++] = route(AF_INET6, "fe80::", 64, NULL, RT_TABLE_MAIN, RTPROT_KERNEL, 256);
	n->routes[r] = route(AF_INET6, NULL, 0, "fe80::1", RT_TABLE_MAIN, RTPROT_RA, 1024);
	n->routes[r].pref = 1;
	n->routes[r++].expires = 1800;
	n->nic.addrs = n->addrs;
	n->nic.naddrs = a;
	n->nic.routes = n->routes;
	n->nic.nroutes = r;
	n->nic.have_bridge_nf = true;
}

static const vn_hb_request full_request = { "br0", "eth0", false, true, true };

static vn_hostbridge *planned(const vn_hb_request *q, const vn_hb_nic *nic)
{
	vn_hostbridge *hb = calloc(1, sizeof(*hb));
	vn_hb_step *plan = NULL;
	size_t n = 0;
	vn_err err = {0};

	assert_non_null(hb);
	if (hb_plan(q, nic, hb, &plan, &n, &err) < 0)
		fail_msg("%s", err.msg);
	hb->steps = plan;
	hb->nsteps = n;
	hb->phase = HB_ACTIVE;
	hb->ifindex = 7;
	hb->stamp = 1234;
	return hb;
}

/* What the state file of a finished create over that NIC says: every step, in order. */
static void test_plan_golden(void **state)
{
	struct nic n;
	(void)state;

	make_nic(&n);
	vn_hostbridge *hb = planned(&full_request, &n.nic);
	char *xml = hb_format(hb);
	assert_non_null(xml);
	golden_check(DIR "plan-full.xml", xml);
	free(xml);
	hb_free(hb);
}

/* Each reverse half mirrors the forward half, so undo gives the kernel back its order. */
static void test_plan_order(void **state)
{
	struct nic n;
	size_t add[HB_STEP__COUNT] = {0};
	(void)state;

	make_nic(&n);
	vn_hostbridge *hb = planned(&full_request, &n.nic);
	const vn_hb_step *s = hb->steps;
	size_t first_route = 0, first_nic_route = 0, nroutes = 0;
	for (size_t i = 0; i < hb->nsteps; i++) {
		add[s[i].kind]++;
		if (s[i].kind == HB_STEP_ROUTE && !nroutes++)
			first_route = i;
		if (s[i].kind == HB_STEP_NIC_ROUTE && !first_nic_route)
			first_nic_route = i;
	}
	assert_int_equal(s[0].kind, HB_STEP_BRIDGE);
	assert_int_equal(add[HB_STEP_SYSCTL], 3);
	assert_int_equal(add[HB_STEP_ADDRESS], 6);     /* not the kernel's link-local */
	assert_int_equal(add[HB_STEP_ROUTE], 5);       /* not the three proto kernel ones */
	assert_int_equal(add[HB_STEP_NIC_ROUTE], 5);
	assert_int_equal(add[HB_STEP_NIC_ADDRESS], 6);
	assert_int_equal(add[HB_STEP_NIC_UP], 0);
	for (size_t k = 0; k < nroutes; k++)
		assert_memory_equal(&s[first_route + k].route, &s[first_nic_route + nroutes - 1 - k].route, sizeof(vn_nl_route));
	assert_false(addr_valid(&s[first_route].route.gw));   /* the route without a gateway goes first */
	assert_string_equal(hb->name, "br0");
	assert_string_equal(hb->nic, "eth0");
	assert_int_equal(hb->mtu, 9000);
	hb_free(hb);
}

static void test_plan_minimal(void **state)
{
	struct nic n;
	static const vn_hb_step_kind want[] = { HB_STEP_BRIDGE, HB_STEP_UP, HB_STEP_ENSLAVE, HB_STEP_NIC_UP };
	vn_hb_request q = { "br1", "eth0", true, true, false };
	(void)state;

	make_nic(&n);
	n.nic.naddrs = n.nic.nroutes = 0;
	n.nic.link.flags &= ~(unsigned)IFF_UP;
	n.nic.have_bridge_nf = false;   /* --bridge-nf off without br_netfilter: nothing to do */
	vn_hostbridge *hb = planned(&q, &n.nic);
	assert_int_equal(hb->nsteps, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(hb->steps[i].kind, want[i]);
	assert_true(hb->nic_was_down);
	hb_free(hb);
}

static void refuse(const vn_hb_request *q, const vn_hb_nic *nic, const char *msg)
{
	vn_hostbridge hb = {0};
	vn_hb_step *plan = (void *)1;
	size_t n = 9;
	vn_err err = {0};

	assert_true(hb_plan(q, nic, &hb, &plan, &n, &err) < 0);
	assert_null(plan);
	assert_int_equal(n, 0);
	assert_string_equal(err.msg, msg);
}

static void test_plan_refusals(void **state)
{
	struct nic n;
	vn_hb_request q = full_request;
	(void)state;

	make_nic(&n);
	n.nic.bridge_exists = true;
	refuse(&q, &n.nic, "cannot create host bridge 'br0': an interface with this name already exists; choose another bridge name");
	make_nic(&n);
	snprintf(n.nic.link.kind, sizeof(n.nic.link.kind), "bridge");
	refuse(&q, &n.nic, "cannot create host bridge 'br0': interface 'eth0' is itself a bridge; give --dev the physical "
	       "interface that is (or should be) its port");
	make_nic(&n);
	n.nic.link.master = 9;
	snprintf(n.nic.master_name, sizeof(n.nic.master_name), "virbr3");
	refuse(&q, &n.nic, "cannot create host bridge 'br0': interface 'eth0' is already a port of 'virbr3'; take it out "
	       "first (ip link set eth0 nomaster) or use that bridge");
	make_nic(&n);
	n.nic.link.flags &= ~(unsigned)IFF_UP;
	refuse(&q, &n.nic, "cannot create host bridge 'br0': interface 'eth0' is down; bring it up first (ip link set eth0 "
	       "up), or pass --force to bridge it anyway and bring it up");
	make_nic(&n);
	memset(&n.nic.link.mac, 0, sizeof(n.nic.link.mac));
	refuse(&q, &n.nic, "cannot create host bridge 'br0': interface 'eth0' has no Ethernet address; only an Ethernet "
	       "interface can be a bridge port");
	make_nic(&n);
	n.routes[2].unsupported = "it is a multipath route";
	refuse(&q, &n.nic, "cannot create host bridge 'br0': route default via 192.0.2.2 metric 100 of 'eth0' cannot be "
	       "moved to the bridge: it is a multipath route; delete it (and add it to the bridge afterwards)");
	make_nic(&n);
	n.addrs[3].flags |= IFA_F_DADFAILED;
	refuse(&q, &n.nic, "cannot create host bridge 'br0': address 2001:db8:1::1/64 of 'eth0' failed duplicate address "
	       "detection; delete it first");
	make_nic(&n);
	q.bridge = "br/0";
	refuse(&q, &n.nic, "cannot create host bridge: the name 'br/0' is not an interface name: " IFNAME_RULE);
	/* nft text quotes the name: these would be dropped from our table, or break it */
	q.bridge = "br\"0";
	refuse(&q, &n.nic, "cannot create host bridge: the name 'br\"0' is not an interface name: " IFNAME_RULE);
	q.bridge = "br\\0";
	refuse(&q, &n.nic, "cannot create host bridge: the name 'br\\0' is not an interface name: " IFNAME_RULE);
	q.bridge = "bridge-over-e0";   /* 14 characters: "eth0:1" would be "bridge-over-e0:1" */
	refuse(&q, &n.nic, "cannot create host bridge 'bridge-over-e0': address label 'eth0:1' of 'eth0' would become "
	       "longer than 15 characters on the bridge; choose a shorter bridge name");
}

static void test_what_moves(void **state)
{
	vn_mac mac;
	(void)state;

	mac_parse("52:54:00:12:34:56", &mac);
	assert_true(hb_addr_moves(&(vn_nl_addr){ .local = A("192.0.2.1") }, &mac));
	assert_true(hb_addr_moves(&(vn_nl_addr){ .local = A("fe80::1"), .prefix = 64 }, &mac));
	assert_false(hb_addr_moves(&(vn_nl_addr){ .local = A("fe80::1"), .prefix = 64, .proto = IFAPROT_KERNEL_LL }, &mac));
	/* a kernel that does not report IFA_PROTO: the EUI-64 link-local is the kernel's */
	assert_false(hb_addr_moves(&(vn_nl_addr){ .local = A("fe80::5054:ff:fe12:3456"), .prefix = 64 }, &mac));
	assert_true(hb_addr_moves(&(vn_nl_addr){ .local = A("fe80::5054:ff:fe12:3456"), .prefix = 10 }, &mac));
	assert_false(hb_route_moves(&(vn_nl_route){ .protocol = RTPROT_KERNEL }));
	assert_true(hb_route_moves(&(vn_nl_route){ .protocol = RTPROT_RA }));
	assert_true(hb_route_moves(&(vn_nl_route){ .protocol = RTPROT_BOOT }));
}

static void test_state_roundtrip(void **state)
{
	static const char *const files[] = { DIR "plan-full.xml", DIR "state-creating.xml" };
	(void)state;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *in = golden_read(files[i]), *out;
		vn_hostbridge *hb = NULL;
		vn_err err = {0};
		if (hb_parse(in, strlen(in), files[i], &hb, &err) < 0)
			fail_msg("%s", err.msg);
		assert_non_null(out = hb_format(hb));
		golden_check(files[i], out);
		free(out);
		free(in);
		hb_free(hb);
	}
}

/* The parsed plan is the plan: the same bytes for every step. */
static void test_state_values(void **state)
{
	struct nic n;
	char *xml;
	vn_hostbridge *back = NULL;
	vn_err err = {0};
	(void)state;

	make_nic(&n);
	vn_hostbridge *hb = planned(&full_request, &n.nic);
	assert_non_null(xml = hb_format(hb));
	assert_int_equal(hb_parse(xml, strlen(xml), "t", &back, &err), 0);
	assert_int_equal(back->nsteps, hb->nsteps);
	for (size_t i = 0; i < hb->nsteps; i++) {
		hb->steps[i].route.oif = 0;   /* dump only, not recorded */
		assert_memory_equal(&back->steps[i], &hb->steps[i], sizeof(vn_hb_step));
	}
	assert_true(back->bridge_nf_off && back->forward_accept);
	assert_true(mac_equal(&back->mac, &hb->mac));
	free(xml);
	hb_free(back);
	hb_free(hb);
}

static void test_state_errors(void **state)
{
	static const struct { const char *xml, *msg; } cases[] = {
		{ "<hostbridge name='br0' state='active'/>", "t: no <device>" },
		{ "<hostbridge state='active'><device name='eth0' mac='52:54:00:00:00:01'/></hostbridge>",
		  "t: missing or bad bridge name" },
		{ "<hostbridge name='br0' state='up'><device name='eth0' mac='52:54:00:00:00:01'/></hostbridge>",
		  "t: bad state 'up' in a hostbridge step" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='nope'/></hostbridge>",
		  "t: bad mac 'nope' in a hostbridge step" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/><step kind='jump'/></hostbridge>",
		  "t: unknown step kind 'jump'" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='address' address='300.1.1.1' prefix='24'/></hostbridge>", "t: bad address '300.1.1.1' in a hostbridge step" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='route' family='ipv5'/></hostbridge>", "t: bad family 'ipv5' in a hostbridge step" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='route' family='ipv4' dst='10.0.0.0' prefix='8' metrics='speed=9'/></hostbridge>",
		  "t: bad metrics 'speed=9' in a hostbridge step" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='sysctl' key='net/x'/></hostbridge>", "t: a sysctl step needs a key and a value" },
		{ "<hostbridge name='../x' state='active'><device name='eth0' mac='52:54:00:00:00:01'/></hostbridge>",
		  "t: missing or bad bridge name" },
		{ "<hostbridge name='b\"r' state='active'><device name='eth0' mac='52:54:00:00:00:01'/></hostbridge>",
		  "t: missing or bad bridge name" },
		/* undo writes a sysctl step's old value back as root: only the keys create changes */
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='sysctl' key='kernel/core_pattern' value='0' old='|/tmp/x'/></hostbridge>",
		  "t: sysctl 'kernel/core_pattern' in a hostbridge step is not one a host bridge changes (only "
		  "net/bridge/bridge-nf-call-iptables, -ip6tables and -arptables)" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='sysctl' key='net/bridge/../../kernel/x' value='0'/></hostbridge>",
		  "t: sysctl 'net/bridge/../../kernel/x' in a hostbridge step is not one a host bridge changes (only "
		  "net/bridge/bridge-nf-call-iptables, -ip6tables and -arptables)" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='sysctl' key='net/bridge/bridge-nf-call-iptables' value='0' old='7'/></hostbridge>",
		  "t: bad old '7' in a hostbridge step" },
		{ "<hostbridge name='br0' state='active'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='sysctl' key='net/bridge/bridge-nf-call-arptables' value='x'/></hostbridge>",
		  "t: bad value 'x' in a hostbridge step" },
		{ "<hostbridge name='br0' state='creating' made='0000000002'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='bridge'/></hostbridge>",
		  "t: bad made='2': the record is not creating or lists fewer steps (1)" },
		{ "<hostbridge name='br0' state='active' made='1'><device name='eth0' mac='52:54:00:00:00:01'/>"
		  "<step kind='bridge'/></hostbridge>",
		  "t: bad made='1': the record is not creating or lists fewer steps (1)" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vn_hostbridge *hb = (void *)1;
		vn_err err = {0};
		assert_true(hb_parse(cases[i].xml, strlen(cases[i].xml), "t", &hb, &err) < 0);
		assert_null(hb);
		assert_string_equal(err.msg, cases[i].msg);
	}
}

/* While creating, the file holds the whole plan and made='N': reading it keeps the first N. */
static void test_state_made(void **state)
{
	struct nic n;
	vn_hostbridge *back = NULL;
	vn_err err = {0};
	char *xml;
	(void)state;

	make_nic(&n);
	vn_hostbridge *hb = planned(&full_request, &n.nic);
	hb->phase = HB_CREATING;
	hb->pid = 77;
	hb->nplanned = hb->nsteps;
	hb->nsteps = 3;
	assert_non_null(xml = hb_format(hb));
	assert_non_null(strstr(xml, "state='creating' made='0000000003' pid='77'"));
	assert_int_equal(hb_parse(xml, strlen(xml), "t", &back, &err), 0);
	assert_int_equal(back->nsteps, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(back->steps[i].kind, hb->steps[i].kind);
	free(xml);
	assert_non_null(xml = hb_format(back));   /* the steps never started are gone */
	assert_non_null(strstr(xml, "made='0000000003'"));
	assert_null(strstr(xml, "kind='address'"));
	free(xml);
	hb_free(back);
	hb->phase = HB_ACTIVE;   /* only a create has a plan beyond what is made */
	hb->nsteps = hb->nplanned;
	assert_non_null(xml = hb_format(hb));
	assert_null(strstr(xml, "made="));
	free(xml);
	hb_free(hb);
}

struct tmp_root {
	char dir[64];
	vn_paths paths;
};

static void tmp_root_init(struct tmp_root *t)
{
	vn_err err = {0};

	snprintf(t->dir, sizeof(t->dir), "/tmp/test-hostbridge-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	assert_int_equal(state_paths_init(&t->paths, t->dir, &err), 0);
}

static void tmp_root_free(struct tmp_root *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* The counter is rewritten in place; what is read back is what was made. */
static void test_store_made(void **state)
{
	struct nic n;
	struct tmp_root t;
	vn_hostbridge *back = NULL;
	vn_err err = {0};
	(void)state;

	tmp_root_init(&t);
	make_nic(&n);
	vn_hostbridge *hb = planned(&full_request, &n.nic);
	hb->phase = HB_CREATING;
	hb->nplanned = hb->nsteps;
	hb->nsteps = 0;
	assert_int_equal(hb_write(&t.paths, hb, &err), 0);
	assert_true(hb->made_at > 0);
	for (size_t k = 1; k <= 5; k++) {
		hb->nsteps = k;
		if (hb_write_made(&t.paths, hb, &err) < 0)
			fail_msg("%s", err.msg);
		assert_int_equal(hb_read(&t.paths, "br0", &back, &err), 0);
		assert_int_equal(back->nsteps, k);
		assert_int_equal(back->steps[k - 1].kind, hb->steps[k - 1].kind);
		hb_free(back);
	}
	assert_int_equal(hb_read(&t.paths, "nope", &back, &err), -ENOENT);
	hb_free(hb);
	tmp_root_free(&t);
}

/* n routes through a NIC, each with a gateway, a source and every metric. */
static vn_nl_route *many_routes(size_t n)
{
	vn_nl_route *v = calloc(n, sizeof(*v));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		char dst[64];
		snprintf(dst, sizeof(dst), "2001:db8:%zx:%zx::", i / 65536, i % 65536);
		v[i] = route(AF_INET6, dst, 64, "2001:db8:1::2", 4000000000u, RTPROT_STATIC, 4000000000u);
		v[i].prefsrc = A("2001:db8:1::1");
		for (int t = 1; t < VN_RTAX_COUNT; t++)
			v[i].metrics[t] = 4000000000u;
		snprintf(v[i].cc_algo, sizeof(v[i].cc_algo), "cubic");
		v[i].metrics_mask = ((1u << VN_RTAX_COUNT) - 1) & ~1u;
	}
	return v;
}

/* A record must be readable back: one of a few thousand routes (over the old 1 MiB) is,
 * and a NIC whose record would not be is refused by the plan, before anything is made. */
static void test_plan_size(void **state)
{
	struct nic n;
	struct tmp_root t;
	vn_hostbridge *back = NULL;
	vn_err err = {0};
	(void)state;

	make_nic(&n);
	n.nic.routes = many_routes(20000);
	n.nic.nroutes = 1500;
	vn_hostbridge *hb = planned(&full_request, &n.nic);
	char *xml = hb_format(hb);
	assert_true(strlen(xml) > (1u << 20));
	free(xml);
	tmp_root_init(&t);
	if (hb_write(&t.paths, hb, &err) < 0 || hb_read(&t.paths, "br0", &back, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(back->nsteps, hb->nsteps);
	for (size_t i = 0; i < hb->nsteps; i++)   /* table 4000000000 (a u32) comes back as it went */
		assert_int_equal(back->steps[i].route.table, hb->steps[i].route.table);
	hb_free(back);
	hb_free(hb);
	tmp_root_free(&t);
	n.nic.nroutes = 20000;
	vn_hostbridge big = {0};
	vn_hb_step *plan = (void *)1;
	size_t np = 9;
	assert_int_equal(hb_plan(&full_request, &n.nic, &big, &plan, &np, &err), -EFBIG);
	assert_null(plan);
	assert_non_null(strstr(err.msg, "cannot create host bridge 'br0': the record of 6 addresses and 20000 routes of "
				"'eth0' would take "));
	assert_non_null(strstr(err.msg, " bytes, more than the 16777216 virtnet reads back; delete routes of 'eth0' that are "
				"not needed (or replace many with a few wider ones) first"));
	free((void *)n.nic.routes);
}

static vn_hb_step nic_addr_step(const char *a, int prefix, unsigned valid)
{
	vn_hb_step s = { .kind = HB_STEP_NIC_ADDRESS, .route.pref = -1 };
	s.addr = addr4(a, prefix, NULL, "", 0);
	s.addr.valid_lft = s.addr.preferred_lft = valid;
	return s;
}

/* A route that needs an address which expired while bridged cannot come back either. */
static void test_route_lost_addr(void **state)
{
	vn_hostbridge hb = { .stamp = 1000 };
	vn_hb_step s[] = { nic_addr_step("203.0.113.5", 24, 30), nic_addr_step("198.51.100.9", 24, VN_LFT_FOREVER) };
	vn_nl_route via = route(AF_INET, "198.18.0.0", 16, "203.0.113.1", RT_TABLE_MAIN, RTPROT_BOOT, 0);
	vn_nl_route src = route(AF_INET, "198.19.0.0", 16, NULL, RT_TABLE_MAIN, RTPROT_BOOT, 0);
	vn_nl_route other = route(AF_INET, "198.20.0.0", 16, "198.51.100.1", RT_TABLE_MAIN, RTPROT_BOOT, 0);
	(void)state;

	src.prefsrc = A("203.0.113.5");
	hb.steps = s;
	hb.nsteps = hb.nplanned = 2;
	assert_false(hb_addr_expired(&hb, &s[0].addr, 1029));
	assert_true(hb_addr_expired(&hb, &s[0].addr, 1030));
	assert_false(hb_addr_expired(&hb, &s[1].addr, 999999));
	assert_null(hb_route_lost_addr(&hb, &via, 1029));       /* not expired yet */
	assert_ptr_equal(hb_route_lost_addr(&hb, &via, 1031), &s[0].addr);
	assert_ptr_equal(hb_route_lost_addr(&hb, &src, 1031), &s[0].addr);
	assert_null(hb_route_lost_addr(&hb, &other, 1031));     /* its gateway's address is forever */
	assert_int_equal(hb_lft_left(30, 10), 20);
	assert_int_equal(hb_lft_left(VN_LFT_FOREVER, 10), VN_LFT_FOREVER);
}

static void test_networks_using(void **state)
{
	vn_network a = { .name = "lan", .bridge = "br0", .forward.mode = FWD_BRIDGE };
	vn_network b = { .name = "nat", .bridge = "br0", .forward.mode = FWD_NAT };
	vn_network c = { .name = "other", .bridge = "br1", .forward.mode = FWD_BRIDGE };
	vn_network d = { .name = "lan2", .bridge = "br0", .forward.mode = FWD_BRIDGE };
	vn_netobj v[] = { { .live = &a }, { .live = &b }, { .live = &c }, { .def = &d }, { .live = &d } };
	vn_netlist l = { v, 5 };
	const char *names[1];
	(void)state;

	assert_int_equal(hb_networks_using(&l, "br0", names, 1), 2);   /* only running ones, forward mode bridge */
	assert_string_equal(names[0], "lan");
	assert_int_equal(hb_networks_using(&l, "br9", names, 1), 0);
	assert_int_equal(hb_networks_using(NULL, "br0", names, 1), 0);
}

static void test_valid_ifname(void **state)
{
	static const char *const good[] = { "br0", "a", "lan-0_x.y", "123456789012345" };
	static const char *const bad[] = { "", ".", "..", "a/b", "a:b", "a b", "a\"b", "a\\b", "a\tb", "1234567890123456" };
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(hb_valid_ifname(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(hb_valid_ifname(bad[i]));
	assert_true(hb_sysctl_key_known("net/bridge/bridge-nf-call-ip6tables"));
	assert_false(hb_sysctl_key_known("net/ipv4/ip_forward"));
	assert_false(hb_sysctl_key_known(NULL));
}

static void test_fw_render(void **state)
{
	const char *const two[] = { "br0", "lan1" }, *const bad[] = { "br0", "x\";add table ip pwned;#" };
	vn_err err = {0};
	char *s;
	(void)state;

	assert_int_equal(hb_fw_render("virtnet", two, 2, &s, &err), 0);
	assert_int_equal(fw_text_guard(s, "virtnet", &err), 0);
	golden_check(DIR "fw-two.nft", s);
	free(s);
	assert_int_equal(hb_fw_render("vnt", NULL, 0, &s, &err), 0);
	assert_string_equal(s, "add table inet vnt_hostbridge\ndelete table inet vnt_hostbridge\n");
	free(s);
	assert_int_equal(hb_fw_render("virtnet", bad, 2, &s, &err), -EINVAL);
	assert_null(s);
	assert_non_null(strstr(err.msg, "is not an interface name"));
}

/* Every enum value has a name, and the names come back as the values. */
static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < HB_STEP__COUNT; k++) {
		assert_non_null(hb_step_kind_to_string((vn_hb_step_kind)k));
		assert_int_equal(hb_step_kind_from_string(hb_step_kind_to_string((vn_hb_step_kind)k)), k);
	}
	for (int p = 0; p < HB_PHASE__COUNT; p++)
		assert_int_equal(hb_phase_from_string(hb_phase_to_string((vn_hb_phase)p)), p);
	for (int t = 1; t < VN_RTAX_COUNT; t++) {
		assert_non_null(rtax_name(t));
		assert_int_equal(rtax_from_name(rtax_name(t)), t);
	}
	assert_null(hb_step_kind_to_string(HB_STEP__COUNT));
	assert_int_equal(hb_step_kind_from_string("nope"), -1);
	assert_null(rtax_name(0));
	assert_int_equal(rtax_from_name("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_golden),
		cmocka_unit_test(test_plan_order),
		cmocka_unit_test(test_plan_minimal),
		cmocka_unit_test(test_plan_refusals),
		cmocka_unit_test(test_what_moves),
		cmocka_unit_test(test_state_roundtrip),
		cmocka_unit_test(test_state_values),
		cmocka_unit_test(test_state_errors),
		cmocka_unit_test(test_state_made),
		cmocka_unit_test(test_store_made),
		cmocka_unit_test(test_plan_size),
		cmocka_unit_test(test_route_lost_addr),
		cmocka_unit_test(test_networks_using),
		cmocka_unit_test(test_valid_ifname),
		cmocka_unit_test(test_fw_render),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
