/* vif_routed.c - nat and route modes: the vif is a routed link of its own
 *
 * nat (Xen's vif-nat): the guest is 10.<domid/256>.<domid%256>.<devid+1>/16 unless ip= says
 * otherwise; the vif gets the gateway (the guest's last octet + 127) as a /32, a host route
 * to the guest, proxy ARP; forwarding on; a DHCP reservation with that gateway as router;
 * masquerade beyond the guest's subnet (only out of $netdev when it is set).
 * route (Xen's vif-route): the vif gets the host's address (the first IPv4 address of
 * $netdev, default eth0) as a /32, a route per ip= entry, proxy ARP; forwarding on; the
 * first host address of ip= is handed out by DHCP; no NAT.
 * Both: the guest may only send from its addresses (when known); rate= limits both ways.
 * Route metric 1 for the HVM tap twin, 2 for the vif, as vif-route does, so both can exist. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "firewall/firewall.h"
#include "helpers/xen/vif_ctx.h"
#include "helpers/xen/vif_dhcp.h"
#include "helpers/xen/vif_fw.h"
#include "util/cleanup.h"

typedef struct routed_plan {
	vn_addr local;                 /* the vif's own address (a /32) */
	vif_ip dests[VIF_IP_MAX];      /* routes to the guest */
	size_t ndests;
	vif_nat_addr nat;              /* nat only */
	bool dhcp;                     /* an address to hand out: guest/prefix */
	vn_addr guest;
	int prefix;
	vif_guest_opts o;              /* mac=, rate= */
} routed_plan;

static int plan_nat(const vif_req *q, routed_plan *p, vn_err *err)
{
	size_t n;
	int rc;

	rc = vif_ip_list_parse(q->ip, p->dests, &n, err);
	if (rc < 0)
		return rc;
	if (n > 1)
		return vn_err_set(err, EINVAL,
				  "ip='%s': vif-nat gives a guest one address; list only one",
				  q->ip);
	if (n == 1)
		rc = vif_nat_from_ip(&p->dests[0], &p->nat, err);
	else if (q->domid < 0)
		return vn_err_set(err, EINVAL,
				  "%s: cannot tell the domain and device numbers for the default "
				  "vif-nat address; set XENBUS_PATH (backend/vif/<domid>/<devid>) "
				  "or ip=",
				  q->dev);
	else
		rc = vif_nat_default(q->domid, q->devid, &p->nat, err);
	if (rc < 0)
		return rc;
	p->local = p->nat.gateway;
	p->dests[0] = (vif_ip){ .addr = p->nat.guest, .prefix = 32 };
	p->ndests = 1;
	p->dhcp = true;
	p->guest = p->nat.guest;
	p->prefix = p->nat.prefix;
	return 0;
}

/* The first IPv4 address of netdev, like vif-common.sh's dom0_ip. */
static int host_address(vif_ctx *c, const char *netdev, vn_addr *out, vn_err *err)
{
	_cleanup_free_ vn_addr_info *addrs = NULL;
	vn_link_info li;
	size_t n = 0;
	int rc;

	rc = nl_link_get(c->r->nl, netdev, &li, err);
	if (rc == -ENODEV)
		return vn_err_set(err, ENODEV,
				  "netdev %s does not exist: name the host's outside interface "
				  "with netdev= (gatewaydev in the vif configuration)",
				  netdev);
	if (rc < 0)
		return rc;
	rc = nl_addr_dump(c->r->nl, AF_INET, &addrs, &n, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (addrs[i].ifindex == li.ifindex) {
			*out = addrs[i].addr;
			return 0;
		}
	return vn_err_set(err, EADDRNOTAVAIL,
			  "%s has no IPv4 address: bring it up or name another interface with "
			  "netdev=",
			  netdev);
}

static int plan_route(vif_ctx *c, routed_plan *p, vn_err *err)
{
	const vif_req *q = c->req;
	int rc;

	rc = host_address(c, q->netdev && *q->netdev ? q->netdev : "eth0", &p->local, err);
	if (rc < 0)
		return rc;
	rc = vif_ip_list_parse(q->ip, p->dests, &p->ndests, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < p->ndests && !p->dhcp; i++)
		if (p->dests[i].prefix < 0 || p->dests[i].prefix == 32) {
			p->dhcp = true;
			p->guest = p->dests[i].addr;
			p->prefix = 32;
		}
	return 0;
}

static int plan(vif_ctx *c, routed_plan *p, vn_err *err)
{
	const vif_req *q = c->req;
	int rc = q->mode == VIF_MODE_NAT ? plan_nat(q, p, err) : plan_route(c, p, err);

	return rc < 0 ? rc : vif_guest_opts_parse(q->mac, q->rate, &p->o, err);
}

static int act_address(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	(void)data;
	return nl_addr_add(c->r->nl, s->ifindex, &s->addr, s->prefix, err);
}

static int act_route(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	vn_route rt = { .dst = s->addr, .prefix = s->prefix, .oif = s->ifindex, .metric = s->metric,
			.prefsrc = s->src };

	(void)data;
	return nl_route_add(c->r->nl, &rt, err);
}

static int addresses_and_routes(vif_ctx *c, const routed_plan *p, vn_err *err)
{
	vif_step s = { .kind = VS_ADDRESS, .ifindex = c->link.ifindex, .addr = p->local,
		       .prefix = 32 };
	int rc = vif_step_do(c, &s, act_address, NULL, err);

	for (size_t i = 0; rc == 0 && i < p->ndests; i++) {
		int prefix = p->dests[i].prefix < 0 ? 32 : p->dests[i].prefix;
		s = (vif_step){ .kind = VS_ROUTE, .ifindex = c->link.ifindex, .prefix = prefix,
				.src = p->local, .metric = c->req->tap ? 1 : 2 };
		addr_mask(&p->dests[i].addr, prefix, &s.addr);
		rc = vif_step_do(c, &s, act_route, NULL, err);
	}
	return rc;
}

/* Another table's forward chain with policy drop (Docker's) stops the guest whatever our
 * table accepts: say so, with the rule that fixes it (the networks' warning, for the vif). */
static void foreign_drop_notes(vif_ctx *c)
{
	vn_network as_network = { .bridge = (char *)c->req->dev };
	vn_err ignore = {0};

	fw_foreign_drop_notes(c->r->fw, &as_network, c->r->notes, &ignore);
}

static int firewall(vif_ctx *c, const routed_plan *p, vn_err *err)
{
	vif_fw_spec fs = { .dev = c->req->dev, .mode = c->req->mode, .ips = p->dests,
			   .nips = p->ndests, .nat_guest = p->nat.guest,
			   .nat_prefix = p->nat.prefix, .netdev = c->req->netdev,
			   .rate = p->o.has_rate ? &p->o.rate : NULL };
	_cleanup_free_ char *text = NULL;
	int rc = vif_fw_render_add(c->table, &fs, &text, err);

	if (rc == 0)
		rc = vif_apply_firewall(c, "inet", text, err);
	if (rc == 0)
		foreign_drop_notes(c);
	return rc;
}

static int act_dnsmasq(vif_ctx *c, vif_step *s, void *data, vn_err *err)
{
	return vif_dhcp_start(c->paths, data, &s->pid, err);   /* the pid is journaled with done */
}

static int dhcp(vif_ctx *c, const routed_plan *p, vn_err *err)
{
	vif_dhcp_spec ds = { .dev = c->req->dev, .guest = p->guest, .prefix = p->prefix,
			     .router = p->local, .mac = p->o.has_mac ? &p->o.mac : NULL };
	vif_step s = { .kind = VS_DNSMASQ };

	if (!p->dhcp)
		return 0;
	return vif_step_do(c, &s, act_dnsmasq, &ds, err);
}

int vif_routed_online(vif_ctx *c, vn_err *err)
{
	char key[128];
	routed_plan p = {0};
	int rc;

	snprintf(key, sizeof(key), "net/ipv4/conf/%s/proxy_arp", c->req->dev);
	rc = plan(c, &p, err);
	if (rc < 0)
		return rc;
	rc = vif_set_link_up(c, true, err);
	if (rc < 0)
		return rc;
	rc = vif_set_sysctl(c, VS_SYSCTL, key, "1", err);
	if (rc < 0)
		return rc;
	rc = vif_set_sysctl(c, VS_FORWARDING, "net/ipv4/ip_forward", "1", err);
	if (rc < 0)
		return rc;
	rc = addresses_and_routes(c, &p, err);
	if (rc < 0)
		return rc;
	rc = vif_set_rate(c, p.o.has_rate ? &p.o.rate : NULL, err);
	if (rc < 0)
		return rc;
	rc = firewall(c, &p, err);
	if (rc < 0)
		return rc;
	return dhcp(c, &p, err);
}
