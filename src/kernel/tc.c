/* tc.c - a guest port's inbound bandwidth limit through rtnetlink traffic control: the same
 * qdiscs and class that libvirt makes with tc(8), built here with libmnl.
 *
 *   qdisc htb 1: root default 1
 *   class htb 1:1 parent 1: rate AVG ceil PEAK|AVG [burst BURST] quantum Q
 *   qdisc sfq 2: parent 1:1 perturb 10             (skipped if the kernel has no sfq)
 *
 * (libvirt also adds "filter fw handle 1 flowid 1" under 1:; it matters only for <floor>,
 * which needs libvirt's hierarchy of classes on the bridge, not done here. Outbound is an
 * nft limit in firewall_bridge.c, see tc.h.)
 *
 * Rates are libvirt's kB/s passed to tc as "kbps" (tc reads that as 1000 bytes/s), bursts
 * KiB passed as "kb" (1024 bytes). Times go to the kernel in psched ticks and every rate
 * with a 256-entry transmit-time table, computed the way iproute2's tc_core.c does, but
 * rounded up exactly (iproute2 before 6.15 truncated to whole microseconds). */
#include <errno.h>
#include <limits.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/netlink_internal.h"
#include "kernel/tc.h"

#define HTB_HANDLE      0x00010000U   /* 1:   */
#define HTB_CLASS       0x00010001U   /* 1:1, also htb's default class */
#define SFQ_HANDLE      0x00020000U   /* 2:   */
#define HTB_MTU         1600U         /* tc's default packet size for htb rate tables */
#define SFQ_PERTURB     10            /* libvirt's "perturb 10" (seconds) */
#define RTAB_SIZE       256
#define NODEV_HINT      "the interface does not exist (any more)"

/* From /proc/net/psched: num / den scheduler ticks make a second; hz is the timer frequency
 * tc uses for its default htb burst. */
typedef struct tc_clock { uint64_t num, den, hz; } tc_clock;

typedef struct htb_params {
	uint64_t rate, ceil;              /* bytes/s */
	struct tc_htb_opt opt;
	uint32_t rtab[RTAB_SIZE], ctab[RTAB_SIZE];
} htb_params;

/* The kernel's values since 2.6.31 (64 ns ticks, high-resolution timers) unless
 * /proc/net/psched says otherwise; read as iproute2's tc_core_init and get_hz do. */
static void clock_read(tc_clock *c)
{
	unsigned t2us = 0, us2t = 0, res = 0, hz = 0;
	FILE *f = fopen("/proc/net/psched", "re");
	int n = f ? fscanf(f, "%08x%08x%08x%08x", &t2us, &us2t, &res, &hz) : 0;

	if (f)
		fclose(f);
	*c = (tc_clock){ .num = 1000ULL * 1000000, .den = 64, .hz = 1000000000 };
	if (n != 4 || !t2us || !us2t || !res)
		return;
	if (res == 1000000000)   /* old kernels' way of saying "nanoseconds" */
		t2us = us2t;
	c->num = (uint64_t)t2us * res;   /* ticks per second: t2us / us2t * res */
	c->den = us2t;
	c->hz = res == 1000000 && hz ? hz : 100;
}

/* Ticks to send size bytes at rate bytes/s, rounded up (iproute2 computes it in floating
 * point); UINT32_MAX when out of range. */
static uint32_t xmit_ticks(const tc_clock *c, uint64_t rate, uint64_t size)
{
	unsigned __int128 n = (unsigned __int128)size * c->num,
			  d = (unsigned __int128)rate * c->den;
	unsigned __int128 t = (n + d - 1) / d;

	return t >= UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

/* The transmit time of packets up to HTB_MTU bytes, in cells of 1 << cell_log bytes. */
static void rtab_fill(const tc_clock *c, struct tc_ratespec *r, uint64_t rate,
		      uint32_t rtab[RTAB_SIZE])
{
	uint8_t cell_log = 0;

	while ((HTB_MTU >> cell_log) >= RTAB_SIZE)
		cell_log++;
	for (unsigned i = 0; i < RTAB_SIZE; i++)
		rtab[i] = xmit_ticks(c, rate, (uint64_t)(i + 1) << cell_log);
	r->cell_log = cell_log;
	r->cell_align = -1;
	r->linklayer = TC_LINKLAYER_ETHERNET;
}

static uint32_t rate32(uint64_t rate)
{
	return rate > UINT32_MAX ? UINT32_MAX : (uint32_t)rate;
}

/* libvirt's class quantum: average * 1024 / 8 / 1500, at least 1. */
static uint32_t htb_quantum(unsigned long long average)
{
	unsigned long long q = average > ULLONG_MAX / 1024 ? ULLONG_MAX : average * 1024 / 8 / 1500;

	return q == 0 ? 1 : q > UINT32_MAX ? UINT32_MAX : (uint32_t)q;
}

static int kbytes(unsigned long long kb, unsigned long long unit, uint64_t *out)
{
	if (kb > UINT64_MAX / unit)
		return -ERANGE;
	*out = kb * unit;
	return 0;
}

static int range_fail(vn_err *err, int ifindex, const char *fmt, ...)
{
	char name[32], what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return vn_err_set(err, EINVAL, "cannot limit inbound bandwidth of %s: %s",
			  nl_ifname(ifindex, name), what);
}

#define BURST_FIX "use a smaller burst or a higher average"

static int htb_compute(const tc_clock *c, const vn_bw_rate *in, int ifindex, htb_params *p,
		       vn_err *err)
{
	uint64_t buffer, cbuffer;

	memset(p, 0, sizeof(*p));
	if (kbytes(in->average, 1000, &p->rate) < 0)
		return range_fail(err, ifindex, "average %llu kB/s is out of range", in->average);
	if (kbytes(in->peak ? in->peak : in->average, 1000, &p->ceil) < 0)
		return range_fail(err, ifindex, "peak %llu kB/s is out of range", in->peak);
	if (kbytes(in->burst, 1024, &buffer) < 0)
		return range_fail(err, ifindex, "burst %llu KiB is out of range", in->burst);
	if (!buffer)   /* tc's default: what the rate sends in a timer tick, plus a packet */
		buffer = p->rate / c->hz + HTB_MTU;
	cbuffer = p->ceil / c->hz + HTB_MTU;
	p->opt.rate.rate = rate32(p->rate);
	p->opt.ceil.rate = rate32(p->ceil);
	rtab_fill(c, &p->opt.rate, p->opt.rate.rate, p->rtab);
	rtab_fill(c, &p->opt.ceil, p->opt.ceil.rate, p->ctab);
	p->opt.buffer = xmit_ticks(c, p->rate, buffer);
	p->opt.cbuffer = xmit_ticks(c, p->ceil, cbuffer);
	if (p->opt.buffer == UINT32_MAX)
		return range_fail(err, ifindex,
				  "burst %llu KiB at %llu kB/s is out of range; " BURST_FIX,
				  in->burst, in->average);
	p->opt.quantum = htb_quantum(in->average);
	return 0;
}

static struct nlmsghdr *tc_msg(vn_nl *nl, uint16_t type, uint16_t flags, int ifindex,
			       uint32_t parent, uint32_t handle, struct tcmsg **tcm)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct tcmsg), &hdr);

	*tcm = hdr;
	(*tcm)->tcm_family = AF_UNSPEC;
	(*tcm)->tcm_ifindex = ifindex;
	(*tcm)->tcm_parent = parent;
	(*tcm)->tcm_handle = handle;
	return h;
}

/* hint_enoent: what a missing kernel feature means for this request. */
static int tc_call(vn_nl *nl, struct nlmsghdr *h, vn_err *err, const char *hint_enoent, int ifindex)
{
	nl_call c = {0};
	char name[32];
	const char *hint = NULL;
	int r = nl_call_run(nl, h, &c);

	if (r == 0)
		return 0;
	if (r == -ENODEV)
		hint = NODEV_HINT;
	else if (r == -ENOENT || r == -EOPNOTSUPP)
		hint = hint_enoent;
	return nl_fail(err, r, c.ext, hint, "cannot limit inbound bandwidth of %s",
		       nl_ifname(ifindex, name));
}

/* Delete our root qdisc; one that is absent (or is not ours) is fine. */
int tc_clear(vn_nl *nl, int ifindex, vn_err *err)
{
	struct tcmsg *t;
	struct nlmsghdr *h = tc_msg(nl, RTM_DELQDISC, 0, ifindex, TC_H_ROOT, HTB_HANDLE, &t);
	nl_call c = {0};
	char name[32];
	int r = nl_call_run(nl, h, &c);

	if (r == 0 || r == -ENOENT || r == -EINVAL)
		return 0;
	return nl_fail(err, r, c.ext, r == -ENODEV ? NODEV_HINT : NULL,
		       "cannot remove the inbound bandwidth limit of %s", nl_ifname(ifindex, name));
}

/* The root qdisc: is it our htb (handle 1:, default class 1)? */
typedef struct root_info { bool htb_ours, handle_taken; } root_info;

static int root_cb(const struct nlmsghdr *h, void *data)
{
	root_info *ri = data;
	const struct tcmsg *t = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[TCA_MAX + 1] = {0}, *opt[TCA_HTB_MAX + 1] = {0};
	char kind[16];

	if (h->nlmsg_type != RTM_NEWQDISC || mnl_nlmsg_get_payload_len(h) < sizeof(*t) ||
	    t->tcm_handle != HTB_HANDLE)
		return 0;
	ri->handle_taken = true;
	nl_parse(h, sizeof(*t), tb, TCA_MAX);
	nl_attr_str(tb[TCA_KIND], kind, sizeof(kind));
	if (strcmp(kind, "htb") != 0 || !tb[TCA_OPTIONS])
		return 0;
	nl_parse_nested(tb[TCA_OPTIONS], opt, TCA_HTB_MAX);
	if (opt[TCA_HTB_INIT] &&
	    mnl_attr_get_payload_len(opt[TCA_HTB_INIT]) >= sizeof(struct tc_htb_glob)) {
		const struct tc_htb_glob *g = mnl_attr_get_payload(opt[TCA_HTB_INIT]);
		ri->htb_ours = g->defcls == TC_H_MIN(HTB_CLASS);
	}
	return 0;
}

static int root_get(vn_nl *nl, int ifindex, root_info *ri, vn_err *err)
{
	struct tcmsg *t;
	/* kernels answer a qdisc get through their change notification: only with NLM_F_ECHO
	 * does it come back to the asker */
	struct nlmsghdr *h = tc_msg(nl, RTM_GETQDISC, NLM_F_ECHO, ifindex, TC_H_ROOT, 0, &t);
	nl_call c = { .cb = root_cb, .data = ri };
	char name[32];
	int r = nl_call_run(nl, h, &c);

	if (r < 0)
		return nl_fail(err, r, c.ext, r == -ENODEV ? NODEV_HINT : NULL,
			       "cannot limit inbound bandwidth of %s: cannot read its queueing "
			       "discipline",
			       nl_ifname(ifindex, name));
	return 0;
}

#define HTB_HINT "this kernel has no htb scheduler: load the sch_htb module (CONFIG_NET_SCH_HTB)"

static int htb_root_add(vn_nl *nl, int ifindex, vn_err *err)
{
	struct tcmsg *t;
	struct nlmsghdr *h = tc_msg(nl, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex,
				    TC_H_ROOT, HTB_HANDLE, &t);
	struct tc_htb_glob g = { .version = 3, .rate2quantum = 10, .defcls = TC_H_MIN(HTB_CLASS) };

	mnl_attr_put_strz(h, TCA_KIND, "htb");
	struct nlattr *opt = mnl_attr_nest_start(h, TCA_OPTIONS);
	mnl_attr_put(h, TCA_HTB_INIT, sizeof(g), &g);
	mnl_attr_nest_end(h, opt);
	return tc_call(nl, h, err, HTB_HINT, ifindex);
}

/* Attributes in tc's order: 64-bit rates, parameters, rate and ceil tables. */
static int htb_class_set(vn_nl *nl, int ifindex, const htb_params *p, vn_err *err)
{
	struct tcmsg *t;
	struct nlmsghdr *h = tc_msg(nl, RTM_NEWTCLASS, NLM_F_CREATE | NLM_F_REPLACE, ifindex,
				    HTB_HANDLE, HTB_CLASS, &t);

	mnl_attr_put_strz(h, TCA_KIND, "htb");
	struct nlattr *opt = mnl_attr_nest_start(h, TCA_OPTIONS);
	if (p->rate > UINT32_MAX)
		mnl_attr_put_u64(h, TCA_HTB_RATE64, p->rate);
	if (p->ceil > UINT32_MAX)
		mnl_attr_put_u64(h, TCA_HTB_CEIL64, p->ceil);
	mnl_attr_put(h, TCA_HTB_PARMS, sizeof(p->opt), &p->opt);
	mnl_attr_put(h, TCA_HTB_RTAB, sizeof(p->rtab), p->rtab);
	mnl_attr_put(h, TCA_HTB_CTAB, sizeof(p->ctab), p->ctab);
	mnl_attr_nest_end(h, opt);
	return tc_call(nl, h, err, NULL, ifindex);
}

/* sfq shares the class fairly between flows; a kernel without it (-ENOENT: unknown kind)
 * keeps htb's default fifo leaf, which limits the rate just as well. */
static int sfq_set(vn_nl *nl, int ifindex, vn_err *err)
{
	struct tcmsg *t;
	struct nlmsghdr *h = tc_msg(nl, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, ifindex,
				    HTB_CLASS, SFQ_HANDLE, &t);
	struct tc_sfq_qopt_v1 opt = { .v0.perturb_period = SFQ_PERTURB };
	nl_call c = {0};
	char name[32];
	int r;

	mnl_attr_put_strz(h, TCA_KIND, "sfq");
	mnl_attr_put(h, TCA_OPTIONS, sizeof(opt), &opt);
	r = nl_call_run(nl, h, &c);
	if (r == 0 || r == -ENOENT)
		return 0;
	return nl_fail(err, r, c.ext, NULL,
		       "cannot limit inbound bandwidth of %s: cannot add its sfq queue",
		       nl_ifname(ifindex, name));
}

/* The htb root (unless it is ours already), its class and the sfq under it. */
static int htb_setup(vn_nl *nl, int ifindex, const htb_params *p, bool htb_ours, vn_err *err)
{
	int r;

	if (!htb_ours) {
		r = htb_root_add(nl, ifindex, err);
		if (r < 0)
			return r;
	}
	r = htb_class_set(nl, ifindex, p, err);
	if (r < 0)
		return r;
	return sfq_set(nl, ifindex, err);
}

/* A failed step leaves the port without a limit rather than half set up. */
static int inbound_set(vn_nl *nl, int ifindex, const htb_params *p, vn_err *err)
{
	root_info ri = {0};
	int r;

	r = root_get(nl, ifindex, &ri, err);
	if (r < 0)
		return r;
	if (ri.handle_taken && !ri.htb_ours) {
		r = tc_clear(nl, ifindex, err);
		if (r < 0)
			return r;
	}
	r = htb_setup(nl, ifindex, p, ri.htb_ours, err);
	if (r < 0) {
		tc_clear(nl, ifindex, NULL);
		return r;
	}
	return 0;
}

int tc_set_inbound(vn_nl *nl, int ifindex, const vn_bw_rate *in, vn_err *err)
{
	htb_params hp;
	tc_clock clk;
	int r;

	if (!in || !in->average)
		return tc_clear(nl, ifindex, err);
	clock_read(&clk);
	r = htb_compute(&clk, in, ifindex, &hp, err);
	if (r < 0)
		return r;
	return inbound_set(nl, ifindex, &hp, err);
}
