/* netlink_link.c - links: create a bridge, delete, up/down, master, MTU, alias, several of
 * these at once, read back */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink_internal.h"

#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)
#endif
#define IFALIAS_MAX 256   /* the kernel's IFALIASZ, with its terminating NUL */

static struct nlmsghdr *link_msg(vn_nl *nl, uint16_t type, uint16_t flags, int ifindex,
				 struct ifinfomsg **ifi)
{
	void *hdr;
	struct nlmsghdr *h = nl_msg(nl, type, flags, sizeof(struct ifinfomsg), &hdr);

	*ifi = hdr;
	(*ifi)->ifi_family = AF_UNSPEC;
	(*ifi)->ifi_index = ifindex;
	return h;
}

static int link_call(vn_nl *nl, struct nlmsghdr *h, nl_call *c, vn_err *err, const char *hint,
		     const char *what, int ifindex)
{
	char name[32];
	int r = nl_call_run(nl, h, c);

	if (r < 0)
		return nl_fail(err, r, c->ext, hint, what, nl_ifname(ifindex, name));
	return 0;
}

int nl_link_delete(vn_nl *nl, int ifindex, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h = link_msg(nl, RTM_DELLINK, 0, ifindex, &ifi);
	nl_call c = {0};

	return link_call(nl, h, &c, err, NULL, "cannot delete interface %s", ifindex);
}

int nl_link_set_up(vn_nl *nl, int ifindex, bool up, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h = link_msg(nl, RTM_NEWLINK, 0, ifindex, &ifi);
	nl_call c = {0};

	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return link_call(nl, h, &c, err, NULL,
			 up ? "cannot bring interface %s up" : "cannot bring interface %s down",
			 ifindex);
}

/* The bridge is full: the kernel's BR_MAX_PORTS */
static int bridge_full(vn_err *err, const char *port, int master_ifindex)
{
	char b[32];

	return vn_err_set(err, EXFULL,
			  "cannot attach interface %s to %s: the bridge already has the kernel's "
			  "maximum of 1024 ports; delete unused ports or use another network",
			  port, nl_ifname(master_ifindex, b));
}

int nl_link_set_master(vn_nl *nl, int ifindex, int master_ifindex, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h = link_msg(nl, RTM_NEWLINK, 0, ifindex, &ifi);
	nl_call c = {0};
	char a[32], b[32];
	int r;

	mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)master_ifindex);
	r = nl_call_run(nl, h, &c);
	if (r == 0)
		return 0;
	if (master_ifindex && r == -EXFULL)
		return bridge_full(err, nl_ifname(ifindex, a), master_ifindex);
	if (master_ifindex)
		return nl_fail(err, r, c.ext, NULL, "cannot attach interface %s to %s",
			       nl_ifname(ifindex, a), nl_ifname(master_ifindex, b));
	return nl_fail(err, r, c.ext, NULL, "cannot detach interface %s from its master",
		       nl_ifname(ifindex, a));
}

int nl_link_set_mtu(vn_nl *nl, int ifindex, unsigned mtu, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h = link_msg(nl, RTM_NEWLINK, 0, ifindex, &ifi);
	nl_call c = {0};
	char name[32];
	int r;

	mnl_attr_put_u32(h, IFLA_MTU, mtu);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext, NULL, "cannot set the MTU of interface %s to %u",
			       nl_ifname(ifindex, name), mtu);
	return 0;
}

/* What a change asks for, for its error message: "MAC fe:54:00:12:34:56, MTU 1500, ..." */
static void change_text(const vn_link_change *ch, char *s, size_t len)
{
	char m[VN_MAC_STRLEN], b[32];
	size_t n = 0;

	s[0] = '\0';
	if (ch->mac)
		n += (size_t)snprintf(s + n, len - n, "MAC %s, ", mac_format(ch->mac, m));
	if (ch->mtu && n < len)
		n += (size_t)snprintf(s + n, len - n, "MTU %u, ", ch->mtu);
	if (ch->master && n < len)
		n += (size_t)snprintf(s + n, len - n, "master %s, ", nl_ifname(ch->master, b));
	if (ch->up && n < len)
		n += (size_t)snprintf(s + n, len - n, "up, ");
	if (n >= 2 && n < len)
		s[n - 2] = '\0';
}

int nl_link_change(vn_nl *nl, const vn_link_change *ch, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h;
	nl_call c = {0};
	char what[160], name[32];
	int r;

	if (!ch->name[0] || strlen(ch->name) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "'%s' is not a valid interface name (1 to %d characters)",
				  ch->name, IF_NAMESIZE - 1);
	h = link_msg(nl, RTM_NEWLINK, 0, 0, &ifi);
	mnl_attr_put_strz(h, IFLA_IFNAME, ch->name);   /* index 0: the link of that name */
	if (ch->mac)
		mnl_attr_put(h, IFLA_ADDRESS, sizeof(ch->mac->b), ch->mac->b);
	if (ch->mtu)
		mnl_attr_put_u32(h, IFLA_MTU, ch->mtu);
	if (ch->master)
		mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)ch->master);
	if (ch->up) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = IFF_UP;
	}
	r = nl_call_run(nl, h, &c);
	if (r == 0)
		return 0;
	snprintf(name, sizeof(name), "'%s'", ch->name);
	if (ch->master && r == -EXFULL)
		return bridge_full(err, name, ch->master);
	if (r == -ENODEV)
		return vn_err_set(err, ENODEV, "interface %s does not exist", name);
	change_text(ch, what, sizeof(what));
	return nl_fail(err, r, c.ext, NULL, "cannot set up interface %s (%s)", name, what);
}

int nl_link_set_alias(vn_nl *nl, int ifindex, const char *alias, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h;
	nl_call c = {0};

	if (strlen(alias) >= IFALIAS_MAX)
		return vn_err_set(err, EINVAL, "interface alias '%s' is longer than %d characters",
				  alias, IFALIAS_MAX - 1);
	h = link_msg(nl, RTM_NEWLINK, 0, ifindex, &ifi);
	mnl_attr_put(h, IFLA_IFALIAS, strlen(alias), alias);   /* like ip-link: length 0 clears */
	return link_call(nl, h, &c, err, NULL, "cannot set the alias of interface %s", ifindex);
}

static int bridge_check(const vn_bridge_opts *o, vn_err *err)
{
	if (!o->name || !o->name[0])
		return vn_err_set(err, EINVAL, "cannot create a bridge without a name");
	if (strlen(o->name) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "cannot create bridge '%s': the name is longer than %d "
				  "characters; choose a shorter bridge name",
				  o->name, IF_NAMESIZE - 1);
	if (o->forward_delay_s > UINT32_MAX / 100)
		return vn_err_set(err, EINVAL,
				  "cannot create bridge '%s': forward delay %lu s is out of range",
				  o->name, o->forward_delay_s);
	if (o->alias && strlen(o->alias) >= IFALIAS_MAX)
		return vn_err_set(err, EINVAL,
				  "cannot create bridge '%s': alias '%s' is longer than %d "
				  "characters",
				  o->name, o->alias, IFALIAS_MAX - 1);
	return 0;
}

static void bridge_put(struct nlmsghdr *h, const vn_bridge_opts *o)
{
	struct nlattr *info, *data;

	mnl_attr_put_strz(h, IFLA_IFNAME, o->name);
	if (o->mac)
		mnl_attr_put(h, IFLA_ADDRESS, sizeof(o->mac->b), o->mac->b);
	if (o->mtu)
		mnl_attr_put_u32(h, IFLA_MTU, o->mtu);
	info = mnl_attr_nest_start(h, IFLA_LINKINFO);
	mnl_attr_put_strz(h, IFLA_INFO_KIND, "bridge");
	data = mnl_attr_nest_start(h, IFLA_INFO_DATA);
	/* the kernel applies the delay (in clock_t, 1/100 s) before STP, as libvirt does */
	mnl_attr_put_u32(h, IFLA_BR_FORWARD_DELAY, (uint32_t)(o->forward_delay_s * 100));
	mnl_attr_put_u32(h, IFLA_BR_STP_STATE, o->stp ? 1 : 0);
	mnl_attr_nest_end(h, data);
	mnl_attr_nest_end(h, info);
}

static const char *bridge_hint(int r)
{
	switch (r) {
	case -EEXIST:
		return "an interface with this name already exists: choose another bridge name or "
		       "delete that interface";
	case -EOPNOTSUPP:
		return "this kernel has no bridge support: load the bridge module";
	}
	return NULL;
}

struct echo { const char *name; int ifindex; };

/* Kernels that honour NLM_F_ECHO on RTM_NEWLINK send the new link back: take its index
 * (older ones do not; bridge_index() then looks it up by name). */
static int bridge_echo_cb(const struct nlmsghdr *h, void *data)
{
	struct echo *e = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	char name[IF_NAMESIZE];

	if (h->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(h) < sizeof(*ifi))
		return 0;
	nl_parse(h, sizeof(*ifi), tb, IFLA_MAX);
	nl_attr_str(tb[IFLA_IFNAME], name, sizeof(name));
	if (strcmp(name, e->name) == 0)
		e->ifindex = ifi->ifi_index;
	return 0;
}

static int bridge_index(vn_nl *nl, const vn_bridge_opts *o, struct echo *e, vn_err *err)
{
	vn_link_info li;
	int r;

	if (e->ifindex > 0)
		return 0;
	r = nl_link_get(nl, o->name, &li, err);
	if (r < 0)
		return r;
	e->ifindex = li.ifindex;
	return 0;
}

int nl_bridge_create(vn_nl *nl, const vn_bridge_opts *o, int *ifindex, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h;
	struct echo e = { o->name, 0 };
	nl_call c = { .cb = bridge_echo_cb, .data = &e };
	int r;

	r = bridge_check(o, err);
	if (r < 0)
		return r;
	h = link_msg(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, 0, &ifi);
	bridge_put(h, o);
	r = nl_call_run(nl, h, &c);
	if (r < 0)
		return nl_fail(err, r, c.ext, bridge_hint(r), "cannot create bridge '%s'", o->name);
	r = bridge_index(nl, o, &e, err);
	if (r < 0)
		return r;
	/* the kernel ignores IFLA_IFALIAS when it creates a link */
	if (o->alias) {
		r = nl_link_set_alias(nl, e.ifindex, o->alias, err);
		if (r < 0) {
			nl_link_delete(nl, e.ifindex, NULL);
			return r;
		}
	}
	*ifindex = e.ifindex;
	return 0;
}

/* One RTM_NEWLINK message into *out; 1 if it was one, 0 if skipped. */
static int link_parse(const struct nlmsghdr *h, vn_link_info *out)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const struct nlattr *tb[IFLA_MAX + 1] = {0}, *info[IFLA_INFO_MAX + 1] = {0};

	if (h->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(h) < sizeof(*ifi))
		return 0;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	nl_parse(h, sizeof(*ifi), tb, IFLA_MAX);
	nl_attr_str(tb[IFLA_IFNAME], out->name, sizeof(out->name));
	nl_attr_str(tb[IFLA_IFALIAS], out->alias, sizeof(out->alias));
	out->mtu = nl_attr_u32(tb[IFLA_MTU]);
	out->group = nl_attr_u32(tb[IFLA_GROUP]);
	out->master = (int)nl_attr_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == sizeof(out->mac.b))
		memcpy(out->mac.b, mnl_attr_get_payload(tb[IFLA_ADDRESS]), sizeof(out->mac.b));
	if (tb[IFLA_LINKINFO]) {
		nl_parse_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX);
		nl_attr_str(info[IFLA_INFO_KIND], out->kind, sizeof(out->kind));
	}
	return 1;
}

struct link_one { vn_link_info *out; bool found; };

static int link_one_cb(const struct nlmsghdr *h, void *data)
{
	struct link_one *o = data;

	if (!o->found && link_parse(h, o->out))
		o->found = true;
	return 0;
}

int nl_link_get(vn_nl *nl, const char *name, vn_link_info *out, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h;
	struct link_one one = { out, false };
	nl_call c = { .cb = link_one_cb, .data = &one };
	int r;

	if (!name[0] || strlen(name) >= IF_NAMESIZE)
		return vn_err_set(err, EINVAL,
				  "'%s' is not a valid interface name (1 to %d characters)", name,
				  IF_NAMESIZE - 1);
	h = link_msg(nl, RTM_GETLINK, 0, 0, &ifi);
	mnl_attr_put_strz(h, IFLA_IFNAME, name);
	mnl_attr_put_u32(h, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
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

static int link_dump_cb(const struct nlmsghdr *h, void *data)
{
	nl_vec *v = data;
	vn_link_info li;

	if (!link_parse(h, &li))
		return 0;
	vn_link_info *slot = nl_vec_add(v);
	if (!slot)
		return -ENOMEM;
	*slot = li;
	return 0;
}

static void vec_reset(void *data)
{
	((nl_vec *)data)->n = 0;
}

int nl_link_dump(vn_nl *nl, vn_link_info **out, size_t *n, vn_err *err)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *h = link_msg(nl, RTM_GETLINK, 0, 0, &ifi);
	nl_vec v = { .size = sizeof(vn_link_info) };
	nl_call c = { .cb = link_dump_cb, .data = &v };
	int r;

	mnl_attr_put_u32(h, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	r = nl_dump_run(nl, h, &c, vec_reset);
	if (r < 0) {
		free(v.v);
		return nl_fail(err, r, c.ext, NULL, "cannot list network interfaces");
	}
	*out = v.v;
	*n = v.n;
	return 0;
}
