/* netlink_bridge.c - bridge and bridge port attributes (RTM_GETLINK) and forwarding
 * databases (RTM_GETNEIGH, AF_BRIDGE) */
#include "kernel/netlink_bridge.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink_internal.h"
#include "util/cleanup.h"

#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)
#endif

/* An attribute copied into a field of the same size (host byte order, like the kernel
 * sends them); one of another size is ignored, the field stays 0. */
typedef struct attr_field { uint16_t type, size, offset; } attr_field;

#define FIELD(type, st, f) { type, sizeof(((st *)0)->f), offsetof(st, f) }
#define BR(type, f) FIELD(type, vn_nl_bridge_attrs, f)
#define BRPORT(type, f) FIELD(type, vn_nl_brport_attrs, f)

static const attr_field bridge_fields[] = {
	BR(IFLA_BR_BRIDGE_ID, bridge_id),
	BR(IFLA_BR_ROOT_ID, root_id),
	BR(IFLA_BR_STP_STATE, stp_state),
	BR(IFLA_BR_ROOT_PATH_COST, root_path_cost),
	BR(IFLA_BR_ROOT_PORT, root_port),
	BR(IFLA_BR_PRIORITY, priority),
	BR(IFLA_BR_TOPOLOGY_CHANGE, topology_change),
	BR(IFLA_BR_TOPOLOGY_CHANGE_DETECTED, topology_change_detected),
	BR(IFLA_BR_FORWARD_DELAY, forward_delay),
	BR(IFLA_BR_HELLO_TIME, hello_time),
	BR(IFLA_BR_MAX_AGE, max_age),
	BR(IFLA_BR_AGEING_TIME, ageing_time),
	BR(IFLA_BR_HELLO_TIMER, hello_timer),
	BR(IFLA_BR_TCN_TIMER, tcn_timer),
	BR(IFLA_BR_TOPOLOGY_CHANGE_TIMER, topology_change_timer),
	BR(IFLA_BR_GC_TIMER, gc_timer),
};

static const attr_field port_fields[] = {
	BRPORT(IFLA_BRPORT_STATE, state),
	BRPORT(IFLA_BRPORT_MODE, hairpin),
	BRPORT(IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, topology_change_ack),
	BRPORT(IFLA_BRPORT_CONFIG_PENDING, config_pending),
	BRPORT(IFLA_BRPORT_PRIORITY, priority),
	BRPORT(IFLA_BRPORT_ID, port_id),
	BRPORT(IFLA_BRPORT_NO, port_no),
	BRPORT(IFLA_BRPORT_DESIGNATED_PORT, designated_port),
	BRPORT(IFLA_BRPORT_DESIGNATED_COST, designated_cost),
	BRPORT(IFLA_BRPORT_COST, cost),
	BRPORT(IFLA_BRPORT_ROOT_ID, designated_root),
	BRPORT(IFLA_BRPORT_BRIDGE_ID, designated_bridge),
	BRPORT(IFLA_BRPORT_MESSAGE_AGE_TIMER, message_age_timer),
	BRPORT(IFLA_BRPORT_FORWARD_DELAY_TIMER, forward_delay_timer),
	BRPORT(IFLA_BRPORT_HOLD_TIMER, hold_timer),
};

/* The attributes nested in `nest` (up to type max) into obj. */
static void decode(const struct nlattr *nest, unsigned max, const attr_field *f, size_t n,
		   void *obj)
{
	const struct nlattr
		*tb[IFLA_BR_MAX > IFLA_BRPORT_MAX ? IFLA_BR_MAX + 1 : IFLA_BRPORT_MAX + 1] = { 0 };

	nl_parse_nested(nest, tb, max);
	for (size_t i = 0; i < n; i++) {
		const struct nlattr *a = tb[f[i].type];
		if (a && mnl_attr_get_payload_len(a) == f[i].size)
			memcpy((char *)obj + f[i].offset, mnl_attr_get_payload(a), f[i].size);
	}
}

int nl_brlink_parse(const struct nlmsghdr *h, vn_nl_brlink *out)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFLA_MAX + 1] = {0}, *info[IFLA_INFO_MAX + 1] = {0};
	char kind[16];

	if (h->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(h) < sizeof(*ifi))
		return 0;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	nl_parse(h, sizeof(*ifi), tb, IFLA_MAX);
	nl_attr_str(tb[IFLA_IFNAME], out->name, sizeof(out->name));
	out->master = (int)nl_attr_u32(tb[IFLA_MASTER]);
	if (!tb[IFLA_LINKINFO])
		return 1;
	nl_parse_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
	nl_attr_str(info[IFLA_INFO_KIND], kind, sizeof(kind));
	out->is_bridge = strcmp(kind, "bridge") == 0;
	if (out->is_bridge && info[IFLA_INFO_DATA])
		decode(info[IFLA_INFO_DATA], IFLA_BR_MAX, bridge_fields, ELEMENTSOF(bridge_fields),
		       &out->br);
	nl_attr_str(info[IFLA_INFO_SLAVE_KIND], kind, sizeof(kind));
	out->is_port = strcmp(kind, "bridge") == 0;
	if (out->is_port && info[IFLA_INFO_SLAVE_DATA])
		decode(info[IFLA_INFO_SLAVE_DATA], IFLA_BRPORT_MAX, port_fields,
		       ELEMENTSOF(port_fields), &out->port);
	return 1;
}

static struct nlmsghdr *getlink_msg(vn_nl *nl)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, RTM_GETLINK, 0, sizeof(struct ifinfomsg), &hdr);

	((struct ifinfomsg *)hdr)->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(h, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	return h;
}

struct brlink_one { vn_nl_brlink *out; bool found; };

static int brlink_one_cb(const struct nlmsghdr *h, void *data)
{
	struct brlink_one *o = data;

	if (!o->found && nl_brlink_parse(h, o->out))
		o->found = true;
	return 0;
}

int nl_brlink_get(vn_nl *nl, const char *name, vn_nl_brlink *out, vn_err *err)
{
	struct brlink_one one = { out, false };
	nl_call c = { .cb = brlink_one_cb, .data = &one };
	struct nlmsghdr *h;
	int r;

	memset(out, 0, sizeof(*out));
	if (!name[0] || strlen(name) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "'%s' is not a valid interface name (1 to %d characters)", name,
				  IF_NAMESIZE - 1);
	h = getlink_msg(nl);
	mnl_attr_put_strz(h, IFLA_IFNAME, name);
	r = nl_call_run(nl, h, &c);
	if (r == -ENODEV)
		return vn_err_set(err, ENODEV, "interface '%s' does not exist", name);
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL, "cannot read interface '%s'", name);
	if (!one.found)
		return vn_err_set(err, EPROTO,
				  "cannot read interface '%s': the kernel sent no answer", name);
	return 0;
}

struct brlink_dump { nl_vec v; int master; };

static int brlink_dump_cb(const struct nlmsghdr *h, void *data)
{
	struct brlink_dump *d = data;
	vn_nl_brlink l, *slot;

	if (!nl_brlink_parse(h, &l) || (d->master && l.master != d->master))
		return 0;
	slot = nl_vec_add(&d->v);
	if (!slot)
		return -ENOMEM;
	*slot = l;
	return 0;
}

static void brlink_reset(void *data)
{
	((struct brlink_dump *)data)->v.n = 0;
}

int nl_brlink_dump(vn_nl *nl, int master, vn_nl_brlink **out, size_t *n, vn_err *err)
{
	struct brlink_dump d = { { .size = sizeof(vn_nl_brlink) }, master };
	nl_call c = { .cb = brlink_dump_cb, .data = &d };
	struct nlmsghdr *h = getlink_msg(nl);
	char name[32];
	int r;

	*out = NULL;
	*n = 0;
	if (master)   /* the kernel sends only that master's links (`ip link show master BR`) */
		mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)master);
	r = nl_dump_run(nl, h, &c, brlink_reset);
	if (r < 0) {
		free(d.v.v);
		if (master)
			return nl_fail(err, r, c.ext, NULL, "cannot list the ports of %s",
				       nl_ifname(master, name));
		return nl_fail(err, r, c.ext, NULL, "cannot list network interfaces");
	}
	*out = d.v.v;
	*n = d.v.n;
	return 0;
}

int nl_fdb_parse(const struct nlmsghdr *h, vn_nl_fdb *out)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[NDA_MAX + 1] = {0};
	struct nda_cacheinfo ci;

	if (h->nlmsg_type != RTM_NEWNEIGH || mnl_nlmsg_get_payload_len(h) < sizeof(*ndm) ||
	    ndm->ndm_family != AF_BRIDGE)
		return 0;
	nl_parse(h, sizeof(*ndm), tb, NDA_MAX);
	if (!tb[NDA_LLADDR] || mnl_attr_get_payload_len(tb[NDA_LLADDR]) != sizeof(out->mac))
		return 0;
	memset(out, 0, sizeof(*out));
	memcpy(out->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), sizeof(out->mac));
	out->ifindex = ndm->ndm_ifindex;
	out->state = ndm->ndm_state;
	out->flags = ndm->ndm_flags;
	out->master = (int)nl_attr_u32(tb[NDA_MASTER]);
	if (tb[NDA_VLAN] && mnl_attr_get_payload_len(tb[NDA_VLAN]) == sizeof(out->vlan))
		memcpy(&out->vlan, mnl_attr_get_payload(tb[NDA_VLAN]), sizeof(out->vlan));
	if (tb[NDA_CACHEINFO] && mnl_attr_get_payload_len(tb[NDA_CACHEINFO]) >= sizeof(ci)) {
		memcpy(&ci, mnl_attr_get_payload(tb[NDA_CACHEINFO]), sizeof(ci));
		out->has_cacheinfo = true;
		out->updated = ci.ndm_updated;
		out->used = ci.ndm_used;
	}
	return 1;
}

struct fdb_dump { nl_vec v; int master; };

static int fdb_dump_cb(const struct nlmsghdr *h, void *data)
{
	struct fdb_dump *d = data;
	vn_nl_fdb e, *slot;

	if (!nl_fdb_parse(h, &e) || e.master != d->master || (e.flags & NTF_SELF))
		return 0;
	slot = nl_vec_add(&d->v);
	if (!slot)
		return -ENOMEM;
	*slot = e;
	return 0;
}

static void fdb_reset(void *data)
{
	((struct fdb_dump *)data)->v.n = 0;
}

int nl_fdb_dump(vn_nl *nl, int master, vn_nl_fdb **out, size_t *n, vn_err *err)
{
	struct fdb_dump d = { { .size = sizeof(vn_nl_fdb) }, master };
	nl_call c = { .cb = fdb_dump_cb, .data = &d };
	struct nlmsghdr *h;
	void *hdr;
	char name[32];
	int r;

	*out = NULL;
	*n = 0;
	/* An ndmsg and NDA_MASTER: kernels with strict checking on the socket send only this
	 * bridge's entries; the others (legacy parsing) send every bridge's, filtered here. */
	h = nl_msg(nl, RTM_GETNEIGH, 0, sizeof(struct ndmsg), &hdr);
	((struct ndmsg *)hdr)->ndm_family = AF_BRIDGE;
	mnl_attr_put_u32(h, NDA_MASTER, (uint32_t)master);
	r = nl_dump_run(nl, h, &c, fdb_reset);
	if (r < 0) {
		free(d.v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot read the forwarding database of %s",
			       nl_ifname(master, name));
	}
	*out = d.v.v;
	*n = d.v.n;
	return 0;
}
