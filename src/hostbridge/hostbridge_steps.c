/* hostbridge_steps.c - make and undo each kind of hostbridge step */
#include <errno.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "hostbridge/hostbridge_internal.h"
#include "kernel/sysctl.h"

long long hb_now(void)
{
	struct timespec ts = {0};

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (long long)ts.tv_sec;
}

static void bridge_alias(const vn_hostbridge *hb, char out[64])
{
	snprintf(out, 64, "virtnet:hostbridge:%s", hb->nic);
}

static int make_bridge(hb_ctx *x, vn_hb_step *s, vn_err *err)
{
	vn_hostbridge *hb = x->hb;
	char alias[64];
	int rc;

	bridge_alias(hb, alias);
	vn_bridge_opts o = { .name = hb->name, .mac = &hb->mac, .mtu = hb->mtu, .stp = false,
			     .alias = alias };
	rc = nl_bridge_create(x->r->nl, &o, &hb->ifindex, err);
	s->ifindex = hb->ifindex;   /* journaled with the step: undo deletes only this link */
	return rc;
}

/* Whether a link other than the NIC is plugged into bridge ifindex: 1 if so (its name into
 * name), 0 if not, or a negative errno. */
static int other_port(hb_ctx *x, int ifindex, char name[16], vn_err *err)
{
	vn_link_info *v = NULL;
	size_t n = 0;
	int rc = nl_link_dump(x->r->nl, &v, &n, err), found = 0;

	for (size_t i = 0; rc == 0 && !found && i < n; i++)
		if (v[i].master == ifindex && v[i].ifindex != x->hb->nic_ifindex) {
			snprintf(name, 16, "%s", v[i].name);
			found = 1;
		}
	free(v);
	return rc < 0 ? rc : found;
}

/* Whether li is the bridge we made: its journaled index, else (we died before journaling it)
 * our alias, else (before the alias, set in a second message) a bridge of our name with the
 * NIC's MAC and no port but the NIC. 1 yes, 0 no, or a negative errno. */
static int is_ours(hb_ctx *x, const vn_link_info *li, vn_err *err)
{
	const vn_hostbridge *hb = x->hb;
	char alias[64], port[16];
	int rc;

	if (hb->ifindex)
		return li->ifindex == hb->ifindex;
	bridge_alias(hb, alias);
	if (strcmp(li->alias, alias) == 0)
		return 1;
	if (strcmp(li->kind, "bridge") != 0 || !mac_equal(&li->mac, &hb->mac) || li->alias[0])
		return 0;
	rc = other_port(x, li->ifindex, port, err);
	if (rc <= 0)
		return rc < 0 ? rc : 1;
	vn_note(x->r->notes,
		"bridge '%s' has the MAC of '%s' but also the port '%s', so it is not taken for "
		"the one virtnet was creating: left alone; delete it yourself if it is (ip link "
		"del %s)",
		li->name, hb->nic, port, li->name);
	return 0;
}

static int undo_bridge(hb_ctx *x, vn_err *err)
{
	vn_link_info li;
	int rc = nl_link_get(x->r->nl, x->hb->name, &li, err);

	if (rc == -ENODEV)
		return 0;
	if (rc < 0)
		return rc;
	rc = is_ours(x, &li, err);
	if (rc <= 0)
		return rc;
	rc = nl_link_delete(x->r->nl, li.ifindex, err);
	return rc == -ENODEV ? 0 : rc;
}

/* The same sysctl step (made) of another hostbridge on disk, or NULL. */
static const vn_hb_step *other_sysctl(vn_hostbridge **all, size_t n, const char *self,
				      const char *key)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i]->name, self) == 0)
			continue;
		for (size_t k = 0; k < all[i]->j.nsteps; k++) {
			const vn_hb_step *s = hb_live_step(all[i], k);
			if (s && s->kind == HB_STEP_SYSCTL && strcmp(s->key, key) == 0)
				return s;
		}
	}
	return NULL;
}

void hb_sysctl_prepare(hb_ctx *x, vn_hb_step *s)
{
	vn_hostbridge **all = NULL;
	size_t n = 0;
	vn_err ignore = {0};
	const vn_hb_step *o;

	hb_load_all(x->r->paths, &all, &n, NULL, &ignore);
	o = other_sysctl(all, n, x->hb->name, s->key);
	if (o)
		snprintf(s->old, sizeof(s->old), "%s", o->old);
	else if (sysctl_read(s->key, s->old, sizeof(s->old)) < 0)
		s->old[0] = '\0';
	hb_list_free(all, n);
}

/* The original value comes back with the last hostbridge that turned the sysctl off. */
static int undo_sysctl(hb_ctx *x, const vn_hb_step *s, vn_err *err)
{
	vn_hostbridge **all = NULL;
	size_t n = 0;
	int rc = hb_load_all(x->r->paths, &all, &n, NULL, err);

	if (rc == 0 && !other_sysctl(all, n, x->hb->name, s->key) && s->old[0])
		rc = sysctl_write(s->key, s->old, err);
	hb_list_free(all, n);
	return rc;
}

/* IPv6 without duplicate address detection: the address is in use on this very link (by
 * this host), and DAD would leave it tentative, unusable, for up to two seconds. NODAD is
 * taken off again at once, so the address ends up with exactly its own flags. */
static int addr_put(vn_nl *nl, int ifindex, const vn_nl_addr *a, vn_err *err)
{
	bool v6 = a->local.family == AF_INET6 && !(a->flags & IFA_F_NODAD);
	int rc = nl_addr_add_full(nl, ifindex, a, v6 ? IFA_F_NODAD : 0, err);

	if (rc == 0 && v6)
		rc = nl_addr_change_full(nl, ifindex, a, err);
	return rc;
}

/* Give an address back to the NIC, with what is left of its lifetimes. */
static int undo_nic_addr(hb_ctx *x, const vn_hb_step *s, vn_err *err)
{
	long long elapsed = hb_now() - x->hb->stamp;
	vn_nl_addr a = s->addr;
	char text[128];
	int rc;

	a.valid_lft = hb_lft_left(a.valid_lft, elapsed);
	a.preferred_lft = hb_lft_left(a.preferred_lft, elapsed);
	if (a.valid_lft == 0) {
		vn_note(x->r->notes,
			"address %s of '%s' expired while it was on the bridge; not restored",
			nl_addr_text(&a, text, sizeof(text)), x->hb->nic);
		x->done.expired_addrs++;
		return 0;
	}
	rc = addr_put(x->r->nl, x->hb->nic_ifindex, &a, err);
	if (rc == 0 || rc == -EEXIST)
		x->done.addrs++;
	return rc == -EEXIST ? 0 : rc;
}

/* The kernel's answers to a gateway or preferred source that is no address's any more. */
static bool unreachable(int rc)
{
	return rc == -ENETUNREACH || rc == -EHOSTUNREACH || rc == -EINVAL || rc == -EADDRNOTAVAIL;
}

static int undo_nic_route(hb_ctx *x, const vn_hb_step *s, vn_err *err)
{
	const vn_nl_addr *lost;
	vn_nl_route r = s->route;
	char text[192], atext[128];
	int rc;

	if (r.expires) {
		r.expires = hb_lft_left(r.expires, hb_now() - x->hb->stamp);
		if (r.expires == 0) {
			x->done.expired_routes++;
			return 0;   /* it would have expired on the NIC as well */
		}
	}
	rc = nl_route_add_full(x->r->nl, x->hb->nic_ifindex, &r, err);
	if (rc == 0 || rc == -EEXIST) {
		x->done.routes++;
		return 0;
	}
	if (!unreachable(rc))
		return rc;
	lost = hb_route_lost_addr(x->hb, &r, hb_now());
	if (!lost)
		return rc;
	vn_note(x->r->notes,
		"route %s of '%s' needs address %s, which expired while it was on the bridge; not "
		"restored",
		nl_route_text(&r, text, sizeof(text)), x->hb->nic,
		nl_addr_text(lost, atext, sizeof(atext)));
	x->done.expired_routes++;
	return 0;
}

static int set_up(hb_ctx *x, int ifindex, bool up, vn_err *err)
{
	int rc = ifindex ? nl_link_set_up(x->r->nl, ifindex, up, err) : 0;

	return !up && rc == -ENODEV ? 0 : rc;
}

/* Take the NIC out of the bridge, if it is still in ours. The bridge goes down first, right
 * before: its routes vanish at once and the NIC's take over the moment it leaves (up and
 * without carrier, the bridge's routes would still attract the traffic). */
static int undo_enslave(hb_ctx *x, vn_err *err)
{
	char name[IF_NAMESIZE];
	vn_link_info li;
	int rc;

	if (!if_indextoname((unsigned)x->hb->nic_ifindex, name))
		return 0;
	rc = nl_link_get(x->r->nl, name, &li, err);
	if (rc < 0)
		return rc == -ENODEV ? 0 : rc;
	if (!li.master || li.master != x->hb->ifindex)
		return 0;
	rc = set_up(x, x->hb->ifindex, false, err);
	if (rc < 0)
		return rc;
	return nl_link_set_master(x->r->nl, li.ifindex, 0, err);
}

int hb_step_make(void *ctx, int kind, void *step, vn_err *err)
{
	hb_ctx *x = ctx;
	vn_hostbridge *hb = x->hb;
	vn_hb_step *s = step;
	vn_nl *nl = x->r->nl;

	switch ((vn_hb_step_kind)kind) {
	case HB_STEP_BRIDGE:
		return make_bridge(x, s, err);
	case HB_STEP_SYSCTL:
		return sysctl_write(s->key, s->value, err);
	case HB_STEP_FIREWALL:
		return hb_fw_sync(x->r, hb->name, NULL, err);
	case HB_STEP_ADDRESS:
		return addr_put(nl, hb->ifindex, &s->addr, err);
	case HB_STEP_ENSLAVE:
		return nl_link_set_master(nl, hb->nic_ifindex, hb->ifindex, err);
	case HB_STEP_NIC_UP:
		return set_up(x, hb->nic_ifindex, true, err);
	case HB_STEP_UP:
		return set_up(x, hb->ifindex, true, err);
	case HB_STEP_ROUTE:
		return nl_route_add_full(nl, hb->ifindex, &s->route, err);
	case HB_STEP_NIC_ROUTE:
		return nl_route_del_full(nl, hb->nic_ifindex, &s->route, err);
	case HB_STEP_NIC_ADDRESS:
		return nl_addr_del_full(nl, hb->nic_ifindex, &s->addr, err);
	default:
		return vn_err_set(err, EINVAL, "unknown hostbridge step %d", kind);
	}
}

static bool nic_step(vn_hb_step_kind k)
{
	return k == HB_STEP_ENSLAVE || k == HB_STEP_NIC_UP || k == HB_STEP_NIC_ROUTE ||
	       k == HB_STEP_NIC_ADDRESS;
}

/* Addresses and routes of the bridge go with it (undo always ends by deleting it). Every
 * undo below is harmless for a step journaled as intended whose change never happened. */
int hb_step_undo(void *ctx, int kind, const void *step, vn_jstate state, vn_err *err)
{
	hb_ctx *x = ctx;
	const vn_hb_step *s = step;

	(void)state;
	if (x->nic_gone && nic_step((vn_hb_step_kind)kind))
		return 0;
	switch ((vn_hb_step_kind)kind) {
	case HB_STEP_BRIDGE:
		return undo_bridge(x, err);
	case HB_STEP_SYSCTL:
		return undo_sysctl(x, s, err);
	case HB_STEP_FIREWALL:
		return hb_fw_sync(x->r, NULL, x->hb->name, err);
	case HB_STEP_ENSLAVE:
		return undo_enslave(x, err);
	case HB_STEP_NIC_UP:
		return set_up(x, x->hb->nic_ifindex, false, err);
	case HB_STEP_UP:
		return set_up(x, x->hb->ifindex, false, err);
	case HB_STEP_NIC_ROUTE:
		return undo_nic_route(x, s, err);
	case HB_STEP_NIC_ADDRESS:
		return undo_nic_addr(x, s, err);
	default:
		return 0;
	}
}
