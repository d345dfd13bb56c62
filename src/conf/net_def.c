#include "conf/net_def.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/cleanup.h"
#include "util/enum.h"
#include "util/str.h"

static const char *const fwd_mode_names[FWD__COUNT] = {
	"none", "nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev",
};
static const char *const mtm_names[MTM__COUNT] = { "default", "kernel", "libvirt" };
static const char *const lease_unit_names[LEASE__COUNT] = { "seconds", "minutes", "hours" };
static const char *const fwdif_names[FWDIF__COUNT] = { "none", "pci", "netdev" };
static const char *const pci_driver_names[PCIDRV__COUNT] = { "default", "kvm", "vfio", "xen" };
static const char *const vport_names[VPORT__COUNT] = {
	"none", "802.1Qbg", "802.1Qbh", "openvswitch", "midonet",
};
static const char *const vlan_native_names[VLAN_NATIVE__COUNT] = { "default", "tagged",
								   "untagged" };

ENUM_IMPL(fwd_mode, vn_fwd_mode, fwd_mode_names)
ENUM_IMPL(mac_table_manager, vn_mac_table_manager, mtm_names)
ENUM_IMPL(lease_unit, vn_lease_unit, lease_unit_names)
ENUM_IMPL(fwdif_type, vn_fwdif_type, fwdif_names)
ENUM_IMPL(pci_driver, vn_pci_driver, pci_driver_names)
ENUM_IMPL(vport_type, vn_vport_type, vport_names)
ENUM_IMPL(vlan_native, vn_vlan_native, vlan_native_names)

static const char *const ovl_type_names[OVL_TYPE__COUNT] = { "vxlan" };
static const char *const ovl_control_names[OVL_CONTROL__COUNT] = { "static", "evpn" };

ENUM_IMPL(ovl_type, vn_ovl_type, ovl_type_names)
ENUM_IMPL(ovl_control, vn_ovl_control, ovl_control_names)

const char *tristate_to_string(vn_tristate t)
{
	return t == TRI_YES ? "yes" : t == TRI_NO ? "no" : NULL;
}

int tristate_from_string(const char *s)
{
	if (streq(s, "yes"))
		return TRI_YES;
	if (streq(s, "no"))
		return TRI_NO;
	return -1;
}

void bandwidth_free(vn_bandwidth *b)
{
	if (!b)
		return;
	free(b->in);
	free(b->out);
	free(b);
}

void vlan_clear(vn_vlan *v)
{
	free(v->tags);
	*v = (vn_vlan){0};
}

void dhcp_host_clear(vn_dhcp_host *h)
{
	free(h->mac);
	free(h->id);
	free(h->name);
	free(h->lease);
	*h = (vn_dhcp_host){0};
}

void dns_host_clear(vn_dns_host *h)
{
	for (size_t j = 0; j < h->nnames; j++)
		free(h->names[j]);
	free(h->names);
	*h = (vn_dns_host){0};
}

void dns_txt_clear(vn_dns_txt *t)
{
	free(t->name);
	free(t->value);
	*t = (vn_dns_txt){0};
}

void dns_srv_clear(vn_dns_srv *s)
{
	free(s->service);
	free(s->protocol);
	free(s->domain);
	free(s->target);
	*s = (vn_dns_srv){0};
}

void portgroup_clear(vn_portgroup *pg)
{
	free(pg->name);
	free(pg->vport);
	bandwidth_free(pg->bandwidth);
	vlan_clear(&pg->vlan);
	*pg = (vn_portgroup){0};
}

static void ip_def_clear(vn_ip_def *ip)
{
	free(ip->family);
	for (size_t i = 0; i < ip->nranges; i++)
		free(ip->ranges[i].lease);
	free(ip->ranges);
	for (size_t i = 0; i < ip->nhosts; i++)
		dhcp_host_clear(&ip->hosts[i]);
	free(ip->hosts);
	free(ip->tftp_root);
	free(ip->boot_file);
}

static void dns_clear(vn_dns_def *d)
{
	for (size_t i = 0; i < d->nforwarders; i++)
		free(d->forwarders[i].domain);
	free(d->forwarders);
	for (size_t i = 0; i < d->ntxts; i++)
		dns_txt_clear(&d->txts[i]);
	free(d->txts);
	for (size_t i = 0; i < d->nhosts; i++)
		dns_host_clear(&d->hosts[i]);
	free(d->hosts);
	for (size_t i = 0; i < d->nsrvs; i++)
		dns_srv_clear(&d->srvs[i]);
	free(d->srvs);
}

static void forward_clear(vn_forward *f)
{
	free(f->driver_model);
	for (size_t i = 0; i < f->nifs; i++)
		free(f->ifs[i].dev);
	free(f->ifs);
	free(f->pf_dev);
}

void overlay_free(vn_overlay *o)
{
	if (!o)
		return;
	free(o->dev);
	free(o->peers);
	free(o->neighbors);
	free(o);
}

void net_free(vn_network *n)
{
	if (!n)
		return;
	free(n->name);
	free(n->title);
	free(n->description);
	if (n->metadata_doc)
		xmlFreeDoc(n->metadata_doc);
	forward_clear(&n->forward);
	free(n->bridge);
	free(n->bridge_zone);
	free(n->domain);
	dns_clear(&n->dns);
	vlan_clear(&n->vlan);
	bandwidth_free(n->bandwidth);
	for (size_t i = 0; i < n->nips; i++)
		ip_def_clear(&n->ips[i]);
	free(n->ips);
	for (size_t i = 0; i < n->nroutes; i++)
		free(n->routes[i].family);
	free(n->routes);
	free(n->vport);
	for (size_t i = 0; i < n->nportgroups; i++)
		portgroup_clear(&n->portgroups[i]);
	free(n->portgroups);
	for (size_t i = 0; i < n->ndnsmasq_options; i++)
		free(n->dnsmasq_options[i]);
	free(n->dnsmasq_options);
	overlay_free(n->overlay);
	free(n);
}

int ip_def_prefix(const vn_ip_def *ip)
{
	return addr_prefix_of(&ip->address, &ip->netmask, ip->prefix);
}

bool net_has_bridge(const vn_network *n)
{
	switch (n->forward.mode) {
	case FWD_NONE: case FWD_NAT: case FWD_ROUTE: case FWD_OPEN:
		return true;
	default:
		return false;
	}
}

const char *net_forward_dev(const vn_network *n, size_t idx)
{
	if (idx < n->forward.nifs && n->forward.ifs[idx].type == FWDIF_NETDEV)
		return n->forward.ifs[idx].dev;
	return NULL;
}
