/* test-hostbridge.c - the pure parts of host bridges: the plan of steps (order and
 * refusals), the journal a create writes (golden files, read back step for step), hostile
 * journals refused with the file, the record and the field named, which addresses and
 * routes move, the nft text of --forward-accept, and the name tables.
 * Goldens in tests/data/hostbridge (REGENERATE=1 rewrites them; review the diff). */
#include <errno.h>
#include <limits.h>
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
#include <unistd.h>
#include <cmocka.h>

#define IFNAME_RULE "use 1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or '..'"
#include "golden.h"

#include "firewall/firewall.h"
#include "hostbridge/hostbridge.h"
#include "util/cleanup.h"
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

/* A plan: hb filled in (as create fills it), its steps in *plan. */
struct planned {
	vn_hostbridge hb;
	vn_hb_step *plan;
	size_t n;
};

static void plan_of(const vn_hb_request *q, const vn_hb_nic *nic, struct planned *p)
{
	vn_err err = {0};

	memset(p, 0, sizeof(*p));
	if (hb_plan(q, nic, &p->hb, &p->plan, &p->n, &err) < 0)
		fail_msg("%s", err.msg);
	p->hb.stamp = 1234;
}

/* Each reverse half mirrors the forward half, so undo gives the kernel back its order. */
static void test_plan_order(void **state)
{
	struct nic n;
	struct planned p;
	size_t add[HB_STEP__COUNT] = {0};
	(void)state;

	make_nic(&n);
	plan_of(&full_request, &n.nic, &p);
	const vn_hb_step *s = p.plan;
	size_t first_route = 0, first_nic_route = 0, nroutes = 0;
	for (size_t i = 0; i < p.n; i++) {
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
	assert_string_equal(p.hb.name, "br0");
	assert_string_equal(p.hb.nic, "eth0");
	assert_int_equal(p.hb.mtu, 9000);
	free(p.plan);
}

static void test_plan_minimal(void **state)
{
	struct nic n;
	struct planned p;
	static const vn_hb_step_kind want[] = { HB_STEP_BRIDGE, HB_STEP_UP, HB_STEP_ENSLAVE, HB_STEP_NIC_UP };
	vn_hb_request q = { "br1", "eth0", true, true, false };
	(void)state;

	make_nic(&n);
	n.nic.naddrs = n.nic.nroutes = 0;
	n.nic.link.flags &= ~(unsigned)IFF_UP;
	n.nic.have_bridge_nf = false;   /* --bridge-nf off without br_netfilter: nothing to do */
	plan_of(&q, &n.nic, &p);
	assert_int_equal(p.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(p.plan[i].kind, want[i]);
	assert_true(p.hb.nic_was_down);
	free(p.plan);
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

/* What making a step learns: the bridge's index. */
static int made(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx, (void)err;
	if (kind == HB_STEP_BRIDGE)
		((vn_hb_step *)step)->ifindex = 7;
	return 0;
}

/* The plan journaled, its first `count` steps made, the last of them only intended when
 * `last_intended`. */
static vn_hostbridge *journaled(const struct tmp_root *t, struct planned *p, size_t count, bool last_intended)
{
	vn_hostbridge *hb = calloc(1, sizeof(*hb));
	vn_err err = {0};

	assert_non_null(hb);
	*hb = p->hb;
	if (hb_journal_create(&t->paths, hb, p->plan, p->n, &err) < 0)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < count; i++) {
		int r = i + 1 == count && last_intended ? journal_intend_planned(&hb->j, i, &err)
							: journal_step_planned(&hb->j, i, made, NULL, &err);
		if (r < 0)
			fail_msg("%s", err.msg);
	}
	return hb;
}

/* The journal's text with its owner's pid and start time (ours, differing at each run) masked. */
static char *journal_text(const vn_hostbridge *hb)
{
	return golden_read_journal(hb->j.path);
}

static vn_hostbridge *golden_and_back(const struct tmp_root *t, const vn_hostbridge *hb, const char *golden)
{
	char *text = journal_text(hb);
	vn_hostbridge *back = NULL;
	vn_err err = {0};

	golden_check(golden, text);
	free(text);
	if (hb_read(&t->paths, hb->name, &back, &err) < 0)
		fail_msg("%s", err.msg);
	return back;
}

/* The same payload, and every step with the same state and the same bytes. */
static void same_journal(const vn_hostbridge *a, const vn_hostbridge *b)
{
	assert_string_equal(b->name, a->name);
	assert_string_equal(b->nic, a->nic);
	assert_int_equal(b->nic_ifindex, a->nic_ifindex);
	assert_true(mac_equal(&b->mac, &a->mac));
	assert_int_equal(b->mtu, a->mtu);
	assert_int_equal(b->stamp, a->stamp);
	assert_int_equal(b->nic_was_down, a->nic_was_down);
	assert_int_equal(b->bridge_nf_off, a->bridge_nf_off);
	assert_int_equal(b->forward_accept, a->forward_accept);
	assert_int_equal(b->j.phase, a->j.phase);
	assert_int_equal(b->j.nsteps, a->j.nsteps);
	for (size_t i = 0; i < a->j.nsteps; i++) {
		vn_hb_step want = *(const vn_hb_step *)a->j.steps[i].data;
		want.route.oif = 0;   /* dump only, not journaled */
		assert_int_equal(b->j.steps[i].state, a->j.steps[i].state);
		assert_memory_equal(b->j.steps[i].data, &want, sizeof(want));
	}
}

/* A create over the NIC above that finished: every step made, the phase done. */
static void test_journal_active(void **state)
{
	struct nic n;
	struct planned p;
	struct tmp_root t;
	vn_err err = {0};
	(void)state;

	make_nic(&n);
	plan_of(&full_request, &n.nic, &p);
	tmp_root_init(&t);
	vn_hostbridge *hb = journaled(&t, &p, p.n, false);
	assert_int_equal(hb_set_phase(hb, JPHASE_DONE, &err), 0);
	vn_hostbridge *back = golden_and_back(&t, hb, DIR "active.journal");
	same_journal(hb, back);
	assert_string_equal(hb_state_name(back), "active");
	assert_int_equal(back->ifindex, 7);   /* from the bridge step */
	assert_int_equal(hb_count(back, HB_STEP_NIC_ROUTE), 5);
	assert_int_equal(hb_count(back, HB_STEP_NIC_ADDRESS), 6);
	hb_free(back);
	hb_free(hb);
	free(p.plan);
	tmp_root_free(&t);
}

static char undone[256];

static int undo_log(void *ctx, int kind, const void *step, vn_jstate st, vn_err *err)
{
	size_t len = strlen(undone);

	(void)ctx, (void)step, (void)err;
	snprintf(undone + len, sizeof(undone) - len, "%s%s ", hb_step_kind_to_string((vn_hb_step_kind)kind),
		 st == JSTEP_DONE ? "" : "?");
	return 0;
}

/* A create of a NIC that is down, with --bridge-nf off, that died after journaling its
 * third step as intended: the rest of the plan is in the file, and only the three are
 * undone, last first. */
static void test_journal_creating(void **state)
{
	static const vn_hb_request q = { "lan0", "eth0", true, true, false };
	struct nic n;
	struct planned p;
	struct tmp_root t;
	vn_err err = {0};
	(void)state;

	make_nic(&n);
	n.nic.link.flags &= ~(unsigned)IFF_UP;
	n.nic.naddrs = 1;
	n.nic.nroutes = 3;
	plan_of(&q, &n.nic, &p);
	snprintf(p.plan[1].old, sizeof(p.plan[1].old), "1");
	tmp_root_init(&t);
	vn_hostbridge *hb = journaled(&t, &p, 3, true);
	vn_hostbridge *back = golden_and_back(&t, hb, DIR "creating.journal");
	same_journal(hb, back);
	assert_string_equal(hb_state_name(back), "creating");
	assert_false(journal_orphaned(&back->j));   /* we are its owner */
	assert_int_equal(back->j.nsteps, p.n);
	assert_null(hb_live_step(back, 3));          /* only planned */
	undone[0] = '\0';
	assert_int_equal(journal_undo(&back->j, undo_log, NULL, &err), 0);
	assert_string_equal(undone, "sysctl? sysctl bridge ");
	hb_free(back);
	hb_free(hb);
	free(p.plan);
	tmp_root_free(&t);
}

/* Never trust a journal because we wrote it: one that was tampered with is refused whole,
 * its file, record and field named (and so nothing of it is acted on). */
static const struct { const char *text, *msg; } hostile[] = {
	{ "<hostbridge name='br0' state='active' stamp='0'><device name='eth0' mac='52:54:00:00:00:01'/></hostbridge>\n",
	  "record 1: not a journal of this kind of object" },
	{ "<journal object='network' phase='done' pid='1' start='1'/>\n",
	  "record 1: not a journal of this kind of object" },
	{ "@HEAD<hostbridge name='br0' stamp='5'/>\n<options bridge-nf='on' forward-accept='no'/>\n",
	  "record 3: no <device> (the bridged interface)" },
	{ "@HEAD<hostbridge name='br\"0' stamp='5'/>\n@DEV@OPT",
	  "record 2: the bridge's name 'br\"0' is not an interface name" },
	{ "@HEAD<hostbridge name='eth0' stamp='5'/>\n@DEV@OPT",
	  "record 2: the bridge 'eth0' is not the one the file is named for" },
	{ "@HEAD<hostbridge name='br0'/>\n@DEV@OPT", "record 2: no stamp" },
	{ "@HEAD@BR<device name='a;b' ifindex='2' mac='52:54:00:00:00:01' mtu='1500'/>\n@OPT",
	  "record 3: the interface's name 'a;b' is not an interface name" },
	{ "@HEAD@BR<device name='eth0' ifindex='0' mac='52:54:00:00:00:01' mtu='1500'/>\n@OPT",
	  "record 3: no ifindex" },
	{ "@HEAD@BR<device name='eth0' ifindex='2' mac='nope' mtu='1500'/>\n@OPT", "record 3: bad mac 'nope'" },
	{ "@HEAD@BR@DEV<options bridge-nf='maybe' forward-accept='no'/>\n", "record 4: bad bridge-nf 'maybe'" },
	{ "@HEAD@BR@DEV@OPT<x/>\n", "record 5: <x>, which a host bridge's journal never has" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='planned' kind='jump'/>\n", "record 5: a step of an unknown kind" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='up' address='192.0.2.1'/>\n",
	  "record 5 (a 'up' step): field 'address', which a 'up' step never has" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-address' address='192.0.2.1' prefix='33'/>\n",
	  "record 5 (a 'nic-address' step): prefix '33' is longer than the address" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-address' address='300.1.1.1' prefix='24'/>\n",
	  "record 5 (a 'nic-address' step): bad address '300.1.1.1'" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-address' address='192.0.2.1' prefix='24' scope='256'/>\n",
	  "record 5 (a 'nic-address' step): scope '256' is out of range (at most 255)" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-route' family='ipv5'/>\n",
	  "record 5 (a 'nic-route' step): bad family 'ipv5'" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-route' family='ipv4' prefix='8' dst='10.0.0.0' "
	  "protocol='300'/>\n", "record 5 (a 'nic-route' step): protocol '300' is out of range (at most 255)" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-route' family='ipv4' dst='10.0.0.0' prefix='8' "
	  "metrics='speed=9'/>\n", "record 5 (a 'nic-route' step): bad metrics 'speed=9'" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='nic-route' family='ipv4' prefix='8'/>\n",
	  "record 5 (a 'nic-route' step): prefix or src-prefix does not fit its address" },
	/* undo writes a sysctl step's old value back as root: only the keys create changes */
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='sysctl' key='kernel/core_pattern' value='0' old='|/tmp/x'/>\n",
	  "record 5 (a 'sysctl' step): sysctl 'kernel/core_pattern' is not one a host bridge changes" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='sysctl' key='net/bridge/../../kernel/x' value='0'/>\n",
	  "record 5 (a 'sysctl' step): sysctl 'net/bridge/../../kernel/x' is not one a host bridge changes" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='done' kind='sysctl' key='net/bridge/bridge-nf-call-iptables' value='0' "
	  "old='7'/>\n", "record 5 (a 'sysctl' step): bad old '7'" },
	{ "@HEAD@BR@DEV@OPT<step n='0' state='planned' kind='bridge'/>\n<step n='0' state='done' kind='bridge' "
	  "ifindex='-1'/>\n", "record 6: Invalid value for attribute 'ifindex' in element 'step': '-1'" },
	{ "@HEAD@BR@DEV@OPT<step n='1' state='planned' kind='bridge'/>\n",
	  "record 5: a step without its number or state" },
};

/* @HEAD, @BR, @DEV and @OPT: the records of a good journal of br0 over eth0. */
static void expand(const char *text, char *out, size_t len)
{
	static const char *const parts[][2] = {
		{ "@HEAD", "<journal object='hostbridge' phase='doing' pid='2147483647' start='1'/>\n" },
		{ "@BR", "<hostbridge name='br0' stamp='5'/>\n" },
		{ "@DEV", "<device name='eth0' ifindex='2' mac='52:54:00:00:00:01' mtu='1500'/>\n" },
		{ "@OPT", "<options bridge-nf='on' forward-accept='no'/>\n" },
	};
	size_t used = 0;

	while (*text && used + 1 < len) {
		size_t k = 0;
		while (k < ELEMENTSOF(parts) && strncmp(text, parts[k][0], strlen(parts[k][0])) != 0)
			k++;
		if (k < ELEMENTSOF(parts)) {
			used += (size_t)snprintf(out + used, len - used, "%s", parts[k][1]);
			text += strlen(parts[k][0]);
		} else {
			out[used++] = *text++;
		}
	}
	out[used < len ? used : len - 1] = '\0';
}

static void test_journal_hostile(void **state)
{
	struct tmp_root t;
	char dir[PATH_MAX], path[PATH_MAX], text[2048], want[PATH_MAX + 512];
	vn_hostbridge *hb = NULL;
	vn_err err = {0};
	(void)state;

	tmp_root_init(&t);
	assert_int_equal(hb_dir(&t.paths, dir, sizeof(dir)), 0);
	assert_int_equal(mkdir_p(dir, 0755), 0);
	assert_int_equal(hb_file(&t.paths, "br0", path, sizeof(path)), 0);
	for (size_t i = 0; i < ELEMENTSOF(hostile); i++) {
		expand(hostile[i].text, text, sizeof(text));
		assert_int_equal(file_write_atomic(path, text, strlen(text), 0644, &err), 0);
		if (hb_read(&t.paths, "br0", &hb, &err) != -EINVAL)
			fail_msg("accepted:\n%s", text);
		assert_null(hb);
		snprintf(want, sizeof(want), "journal %s: %s", path, hostile[i].msg);
		if (strncmp(err.msg, want, strlen(want)) != 0)
			fail_msg("%s\n  expected: %s...\n  got:      %s", text, want, err.msg);
	}
	expand("@HEAD@BR@DEV@OPT<step n='0' state='planned' kind='bridge'/>\n", text, sizeof(text));
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644, &err), 0);
	if (hb_read(&t.paths, "br0", &hb, &err) < 0)   /* and the good one is read */
		fail_msg("%s", err.msg);
	assert_true(journal_orphaned(&hb->j));   /* no process 2147483647 */
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

/* A journal must be readable back: one of a few thousand routes (over the old 1 MiB) is,
 * and a NIC whose journal could not be is refused by the plan, before anything is made. */
static void test_plan_size(void **state)
{
	struct nic n;
	struct planned p;
	struct tmp_root t;
	vn_hostbridge *back = NULL;
	vn_err err = {0};
	(void)state;

	make_nic(&n);
	n.nic.routes = many_routes(20000);
	n.nic.nroutes = 1500;
	plan_of(&full_request, &n.nic, &p);
	tmp_root_init(&t);
	vn_hostbridge *hb = journaled(&t, &p, p.n, false);
	assert_true(lseek(hb->j.fd, 0, SEEK_END) > (1 << 20));
	if (hb_read(&t.paths, "br0", &back, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(back->j.nsteps, p.n);
	for (size_t i = 0; i < p.n; i++)   /* table 4000000000 (a u32) comes back as it went */
		assert_int_equal(((vn_hb_step *)back->j.steps[i].data)->route.table, p.plan[i].route.table);
	hb_free(back);
	hb_free(hb);
	free(p.plan);
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
	vn_hb_step s[] = { nic_addr_step("203.0.113.5", 24, 30), nic_addr_step("198.51.100.9", 24, VN_LFT_FOREVER),
			   nic_addr_step("203.0.113.6", 24, 1) };
	vn_jstep js[] = { { HB_STEP_NIC_ADDRESS, JSTEP_UNDONE, &s[0] }, { HB_STEP_NIC_ADDRESS, JSTEP_DONE, &s[1] },
			  { HB_STEP_NIC_ADDRESS, JSTEP_PLANNED, &s[2] } };
	vn_nl_route via = route(AF_INET, "198.18.0.0", 16, "203.0.113.1", RT_TABLE_MAIN, RTPROT_BOOT, 0);
	vn_nl_route src = route(AF_INET, "198.19.0.0", 16, NULL, RT_TABLE_MAIN, RTPROT_BOOT, 0);
	vn_nl_route other = route(AF_INET, "198.20.0.0", 16, "198.51.100.1", RT_TABLE_MAIN, RTPROT_BOOT, 0);
	(void)state;

	src.prefsrc = A("203.0.113.5");
	hb.j.steps = js;
	hb.j.nsteps = 3;
	assert_false(hb_addr_expired(&hb, &s[0].addr, 1029));
	assert_true(hb_addr_expired(&hb, &s[0].addr, 1030));
	assert_false(hb_addr_expired(&hb, &s[1].addr, 999999));
	assert_null(hb_route_lost_addr(&hb, &via, 1029));       /* not expired yet */
	assert_ptr_equal(hb_route_lost_addr(&hb, &via, 1031), &s[0].addr);   /* given back already: undone */
	assert_ptr_equal(hb_route_lost_addr(&hb, &src, 1031), &s[0].addr);
	assert_null(hb_route_lost_addr(&hb, &other, 1031));     /* its gateway's address is forever */
	s[0].addr.valid_lft = VN_LFT_FOREVER;
	assert_null(hb_route_lost_addr(&hb, &via, 1031));       /* a planned step's address never left the NIC */
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
	vn_hostbridge hb = {0};
	(void)state;

	for (int k = 0; k < HB_STEP__COUNT; k++) {
		assert_non_null(hb_step_kind_to_string((vn_hb_step_kind)k));
		assert_int_equal(hb_step_kind_from_string(hb_step_kind_to_string((vn_hb_step_kind)k)), k);
	}
	for (int p = 0; p < JPHASE__COUNT; p++) {
		hb.j.phase = (vn_jphase)p;
		assert_string_not_equal(hb_state_name(&hb), "?");
	}
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
		cmocka_unit_test(test_plan_order),
		cmocka_unit_test(test_plan_minimal),
		cmocka_unit_test(test_plan_refusals),
		cmocka_unit_test(test_what_moves),
		cmocka_unit_test(test_journal_active),
		cmocka_unit_test(test_journal_creating),
		cmocka_unit_test(test_journal_hostile),
		cmocka_unit_test(test_plan_size),
		cmocka_unit_test(test_route_lost_addr),
		cmocka_unit_test(test_networks_using),
		cmocka_unit_test(test_valid_ifname),
		cmocka_unit_test(test_fw_render),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
