/* hostbridge_plan.c - what bridging a NIC takes, in order, and what cannot be bridged (pure)
 *
 * The order keeps the host reachable: the bridge gets the NIC's addresses and is up before
 * the NIC becomes its port (a port of a bridge that is down drops what it receives), and
 * gets the routes (appended next to the NIC's) before the NIC loses them, so at every
 * moment one of the two carries the traffic. Within a family the order also
 * makes undo (the reverse) restore the kernel's lists in their original order: IPv4
 * addresses are appended to their list, IPv6 ones put first among those of their scope. */
#include <errno.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hostbridge/hostbridge.h"
#include "types/vtype.h"

bool hb_addr_moves(const vn_nl_addr *a, const vn_mac *mac)
{
	const uint8_t *m = mac->b;
	const uint8_t eui64[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
				    m[0] ^ 2, m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5] };

	if (a->local.family != AF_INET6 || a->proto == IFAPROT_KERNEL_LL)
		return a->local.family != AF_INET6;
	/* kernels before 5.18 do not say who made an address: the kernel's is fe80::/64 from
	 * the MAC */
	return a->proto != 0 || a->prefix != 64 ||
	       memcmp(a->local.u.bytes, eui64, sizeof(eui64)) != 0;
}

bool hb_route_moves(const vn_nl_route *r)
{
	return r->protocol != RTPROT_KERNEL;   /* the kernel makes those again from the addresses */
}

unsigned hb_lft_left(unsigned left, long long elapsed)
{
	if (left == VN_LFT_FOREVER || elapsed <= 0)
		return left;
	return elapsed >= (long long)left ? 0 : left - (unsigned)elapsed;
}

bool hb_addr_expired(const vn_hostbridge *hb, const vn_nl_addr *a, long long now)
{
	return hb_lft_left(a->valid_lft, now - hb->stamp) == 0;
}

static bool needs(const vn_nl_route *r, const vn_nl_addr *a)
{
	if (addr_valid(&r->prefsrc) && addr_equal(&r->prefsrc, &a->local))
		return true;
	if (!addr_valid(&r->gw))
		return false;
	return addr_in_subnet(&r->gw, addr_valid(&a->peer) ? &a->peer : &a->local, a->prefix);
}

/* Among the steps made (undone ones too: an undo gives the addresses back before the routes). */
const vn_nl_addr *hb_route_lost_addr(const vn_hostbridge *hb, const vn_nl_route *r, long long now)
{
	for (size_t i = 0; i < hb->j.nsteps; i++) {
		const vn_hb_step *s = hb->j.steps[i].data;
		if (hb->j.steps[i].state == JSTEP_PLANNED || s->kind != HB_STEP_NIC_ADDRESS)
			continue;
		if (hb_addr_expired(hb, &s->addr, now) && needs(r, &s->addr))
			return &s->addr;
	}
	return NULL;
}

size_t hb_networks_using(const vn_netlist *l, const char *bridge, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; l && i < l->n; i++) {
		const vn_network *live = l->v[i].live;
		if (!live || live->forward.mode != FWD_BRIDGE || !live->bridge ||
		    strcmp(live->bridge, bridge) != 0)
			continue;
		if (n < max)
			out[n] = live->name;
		n++;
	}
	return n;
}

static int check_link(const vn_hb_request *q, const vn_hb_nic *nic, vn_err *err)
{
	const vn_link_info *l = &nic->link;
	static const vn_mac zero;

	if (strcmp(l->kind, "bridge") == 0)
		return vn_err_set(err, EINVAL,
				  "cannot create host bridge '%s': interface '%s' is itself a "
				  "bridge; give --dev the physical interface that is (or should "
				  "be) its port",
				  q->bridge, q->nic);
	if (l->master)
		return vn_err_set(err, EBUSY,
				  "cannot create host bridge '%s': interface '%s' is already a "
				  "port of '%s'; take it out first (ip link set %s nomaster) or "
				  "use that bridge",
				  q->bridge, q->nic,
				  nic->master_name[0] ? nic->master_name : "another device",
				  q->nic);
	if ((l->flags & IFF_LOOPBACK) || mac_equal(&l->mac, &zero))
		return vn_err_set(err, EINVAL,
				  "cannot create host bridge '%s': interface '%s' has no Ethernet "
				  "address; only an Ethernet interface can be a bridge port",
				  q->bridge, q->nic);
	if (!(l->flags & IFF_UP) && !q->force)
		return vn_err_set(err, ENETDOWN,
				  "cannot create host bridge '%s': interface '%s' is down; bring "
				  "it up first (ip link set %s up), or pass --force to bridge it "
				  "anyway and bring it up",
				  q->bridge, q->nic, q->nic);
	return 0;
}

static int check_request(const vn_hb_request *q, const vn_hb_nic *nic, vn_err *err)
{
	if (vt_check(VT_IFNAME, q->bridge, err, "cannot create host bridge: the name") < 0)
		return -EINVAL;
	if (vt_check(VT_IFNAME, q->nic, err, "cannot create host bridge '%s': --dev",
		     q->bridge) < 0)
		return -EINVAL;
	if (nic->bridge_exists)
		return vn_err_set(err, EEXIST,
				  "cannot create host bridge '%s': an interface with this name "
				  "already exists; choose another bridge name",
				  q->bridge);
	return check_link(q, nic, err);
}

/* The label an IPv4 address gets on the bridge: "eth0:1" becomes "br0:1"; the plain one goes. */
static int bridge_label(const vn_hb_request *q, const vn_nl_addr *a, char out[16], vn_err *err)
{
	size_t n = strlen(q->nic);

	memset(out, 0, 16);
	if (!a->label[0] || strcmp(a->label, q->nic) == 0)
		return 0;
	if (strncmp(a->label, q->nic, n) != 0 || a->label[n] != ':') {
		snprintf(out, 16, "%s", a->label);
		return 0;
	}
	if (snprintf(out, 16, "%s%s", q->bridge, a->label + n) < 16)
		return 0;
	return vn_err_set(err, ENAMETOOLONG,
			  "cannot create host bridge '%s': address label '%s' of '%s' would become "
			  "longer than 15 characters on the bridge; choose a shorter bridge name",
			  q->bridge, a->label, q->nic);
}

static int check_moves(const vn_hb_request *q, const vn_hb_nic *nic, vn_err *err)
{
	char text[192];

	for (size_t i = 0; i < nic->nroutes; i++) {
		const vn_nl_route *r = &nic->routes[i];
		if (hb_route_moves(r) && r->unsupported)
			return vn_err_set(err, EOPNOTSUPP,
					  "cannot create host bridge '%s': route %s of '%s' cannot "
					  "be moved to the bridge: %s; delete it (and add it to "
					  "the bridge afterwards)",
					  q->bridge, nl_route_text(r, text, sizeof(text)), q->nic,
					  r->unsupported);
	}
	for (size_t i = 0; i < nic->naddrs; i++)
		if (nic->addrs[i].flags & IFA_F_DADFAILED)
			return vn_err_set(err, EADDRINUSE,
					  "cannot create host bridge '%s': address %s of '%s' "
					  "failed duplicate address detection; delete it first",
					  q->bridge,
					  nl_addr_text(&nic->addrs[i], text, sizeof(text)), q->nic);
	return 0;
}

struct plan {
	vn_hb_step *v;
	size_t n, cap;
	int rc;
};

static void push(struct plan *p, const vn_hb_step *s)
{
	vn_hb_step *nv;

	if (p->rc < 0)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		nv = realloc(p->v, cap * sizeof(*nv));
		if (!nv) {
			p->rc = -ENOMEM;
			return;
		}
		p->v = nv;
		p->cap = cap;
	}
	p->v[p->n++] = *s;
}

static void push_kind(struct plan *p, vn_hb_step_kind kind)
{
	push(p, &(vn_hb_step){ .kind = kind, .route.pref = -1 });
}

static void plan_options(struct plan *p, const vn_hb_request *q, const vn_hb_nic *nic)
{
	for (int i = 0; q->bridge_nf_off && nic->have_bridge_nf && i < HB_BRIDGE_NF_KEYS; i++) {
		vn_hb_step s = { .kind = HB_STEP_SYSCTL, .route.pref = -1, .value = "0" };
		snprintf(s.key, sizeof(s.key), "%s", hb_bridge_nf_keys[i]);
		push(p, &s);
	}
	if (q->forward_accept)
		push_kind(p, HB_STEP_FIREWALL);
}

/* Addresses of one family, forward or backward, as `kind` steps. */
static int plan_addrs(struct plan *p, const vn_hb_request *q, const vn_hb_nic *nic,
		      vn_hb_step_kind kind, int family, bool backward, vn_err *err)
{
	for (size_t k = 0; k < nic->naddrs && p->rc == 0; k++) {
		const vn_nl_addr *a = &nic->addrs[backward ? nic->naddrs - 1 - k : k];
		vn_hb_step s = { .kind = kind, .addr = *a, .route.pref = -1 };
		if (a->local.family != family || !hb_addr_moves(a, &nic->link.mac))
			continue;
		if (kind == HB_STEP_ADDRESS && bridge_label(q, a, s.addr.label, err) < 0)
			return -EINVAL;
		push(p, &s);
	}
	return 0;
}

/* Routes through the bridge: those without a gateway first (a gateway must be reachable
 * when its route is added), each group in the kernel's order; undo runs backward. */
static void plan_routes(struct plan *p, const vn_hb_nic *nic, vn_hb_step_kind kind, bool backward)
{
	size_t n = nic->nroutes;

	for (size_t k = 0; k < 2 * n; k++) {
		size_t j = backward ? 2 * n - 1 - k : k;
		const vn_nl_route *r = &nic->routes[j % n];
		bool gw_pass = j >= n;
		if (!hb_route_moves(r) || addr_valid(&r->gw) != gw_pass)
			continue;
		push(p, &(vn_hb_step){ .kind = kind, .route = *r });
	}
}

static int plan_steps(struct plan *p, const vn_hb_request *q, const vn_hb_nic *nic, vn_err *err)
{
	push_kind(p, HB_STEP_BRIDGE);
	plan_options(p, q, nic);
	if (plan_addrs(p, q, nic, HB_STEP_ADDRESS, AF_INET, false, err) < 0 ||
	    plan_addrs(p, q, nic, HB_STEP_ADDRESS, AF_INET6, true, err) < 0)
		return -EINVAL;
	push_kind(p, HB_STEP_UP);        /* before the NIC joins: its port forwards at once */
	push_kind(p, HB_STEP_ENSLAVE);
	if (!(nic->link.flags & IFF_UP))
		push_kind(p, HB_STEP_NIC_UP);
	plan_routes(p, nic, HB_STEP_ROUTE, false);
	plan_routes(p, nic, HB_STEP_NIC_ROUTE, true);
	plan_addrs(p, q, nic, HB_STEP_NIC_ADDRESS, AF_INET6, false, err);
	plan_addrs(p, q, nic, HB_STEP_NIC_ADDRESS, AF_INET, true, err);
	return p->rc < 0 ? vn_err_set(err, ENOMEM, "out of memory") : 0;
}

static size_t count_kind(const struct plan *p, vn_hb_step_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->v[i].kind == k;
	return n;
}

/* The longest a step's journal line gets without its data: "<step n='4294967295'
 * state='intended' kind='nic-address'" and "/>\n". */
#define STEP_LINE_MAX 64

/* The journal, as large as it gets (every step planned with its data, intended, done with
 * its data and undone; the widest numbers), must be readable back: a NIC with more routes
 * than that cannot be bridged by us. 0 when out of memory. */
static size_t journal_size_max(const vn_hostbridge *hb, const struct plan *p)
{
	vn_hostbridge v = *hb;
	vn_buf b = {0};
	size_t len = 0;

	v.stamp = LLONG_MAX;
	v.nic_ifindex = INT_MAX;
	char *payload = hb_payload_format(&v);
	for (size_t i = 0; i < p->n; i++) {
		vn_hb_step s = p->v[i];
		if (s.kind == HB_STEP_BRIDGE)
			s.ifindex = INT_MAX;
		hb_journal_type.format(&b, (int)s.kind, &s);
	}
	if (payload && !b.oom)   /* the sysctls' old values come later; the header and phases too */
		len = strlen(payload) + 2 * b.len + 4 * STEP_LINE_MAX * (p->n + 1) +
		      16 * HB_BRIDGE_NF_KEYS;
	buf_free(&b);
	free(payload);
	return len;
}

static int check_size(const vn_hb_request *q, const vn_hostbridge *hb, const struct plan *p,
		      vn_err *err)
{
	size_t len = journal_size_max(hb, p);

	if (len == 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (len <= HB_FILE_MAX)
		return 0;
	return vn_err_set(err, EFBIG,
			  "cannot create host bridge '%s': the record of %zu addresses and %zu "
			  "routes of '%s' would take %zu bytes, more than the %u virtnet reads "
			  "back; delete routes of '%s' that are not needed (or replace many with a "
			  "few wider ones) first",
			  q->bridge, count_kind(p, HB_STEP_NIC_ADDRESS),
			  count_kind(p, HB_STEP_NIC_ROUTE), q->nic, len, HB_FILE_MAX, q->nic);
}

static void fill(const vn_hb_request *req, const vn_hb_nic *nic, vn_hostbridge *hb)
{
	snprintf(hb->name, sizeof(hb->name), "%s", req->bridge);
	snprintf(hb->nic, sizeof(hb->nic), "%s", nic->link.name);
	hb->nic_ifindex = nic->link.ifindex;
	hb->mac = nic->link.mac;
	hb->mtu = nic->link.mtu;
	hb->nic_was_down = !(nic->link.flags & IFF_UP);
	hb->bridge_nf_off = req->bridge_nf_off;
	hb->forward_accept = req->forward_accept;
}

int hb_plan(const vn_hb_request *req, const vn_hb_nic *nic, vn_hostbridge *hb, vn_hb_step **plan,
	    size_t *n, vn_err *err)
{
	struct plan p = {0};
	int rc;

	*plan = NULL;
	*n = 0;
	rc = check_request(req, nic, err);
	if (rc < 0)
		return rc;
	rc = check_moves(req, nic, err);
	if (rc < 0)
		return rc;
	rc = plan_steps(&p, req, nic, err);
	if (rc < 0) {
		free(p.v);
		return rc;
	}
	fill(req, nic, hb);
	rc = check_size(req, hb, &p, err);
	if (rc < 0) {
		free(p.v);
		return rc;
	}
	*plan = p.v;
	*n = p.n;
	return 0;
}
