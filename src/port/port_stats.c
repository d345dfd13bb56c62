/* port_stats.c - a port's traffic counters as its guest sees them (virsh's domifstat)
 *
 * libvirt reads the host side of a guest's interface and, for the types whose device
 * does not share the host's view (a tap on a bridge or network: !virDomainNetTypeShares-
 * HostView), swaps rx and tx (virNetDevTapInterfaceStats(..., swapped)): what the tap
 * sent the guest received. Our taps and veths are such devices; a macvtap is not. */
#include <errno.h>
#include <stdio.h>

#include "kernel/netlink.h"
#include "port/port_direct.h"
#include "port/port_query.h"
#include "util/cleanup.h"
#include "util/str.h"

typedef struct stats_dev {
	char ifname[16];   /* the host side */
	bool swapped;      /* the guest's rx is the device's tx */
	vn_port *in_netns; /* a macvlan inside the guest's namespace: read there */
} stats_dev;

/* A recorded port by device name, UUID or MAC: 0, -ENOENT, or another error. */
static int recorded_port(const vn_paths *paths, const char *key, stats_dev *out, vn_err *err)
{
	vn_port *p = NULL;
	vn_mac m;
	char s[VN_MAC_STRLEN];
	int r = port_lookup(paths, key, &p, err);

	if (r == -ENOENT && mac_parse_libvirt(key, &m) == 0)
		r = port_find(paths, "by-mac", mac_format(&m, s), &p, err);
	if (r < 0)
		return r;
	snprintf(out->ifname, sizeof(out->ifname), "%s", p->ifname);
	/* taps, veths and adopted vifs show the host's side; macvtap/macvlan are the guest's NIC */
	out->swapped = p->type != PORTDEV_MACVTAP && p->type != PORTDEV_MACVLAN;
	if (port_in_netns(p))
		out->in_netns = TAKE_PTR(p);
	port_free(p);
	return 0;
}

static int not_a_port(const vn_link_info *li, const char *key, vn_err *err)
{
	if (li->kind[0])
		return vn_err_set(err, EINVAL, "interface '%s' is a %s device, not a guest port "
				  "(a tap, veth or macvtap device)", key, li->kind);
	return vn_err_set(err, EINVAL, "interface '%s' is not a guest port (a tap, veth or macvtap "
			  "device)", key);
}

/* Not a recorded port: any tap, veth or macvtap device of the host, by name. */
static int guest_device(vn_nl *nl, const char *key, stats_dev *out, vn_err *err)
{
	vn_link_info li;
	int r = nl_link_get(nl, key, &li, err);

	if (r == -ENODEV || r == -EINVAL)
		return vn_err_set(err, ENODEV, "port '%s' not found: no port has this device name, "
				  "UUID or MAC address, and no interface this name (list a "
				  "network's ports with: virtnet port-list NETWORK)", key);
	if (r < 0)
		return r;
	if (streq(li.kind, "tun") || streq(li.kind, "veth"))
		out->swapped = true;
	else if (streq(li.kind, "macvtap"))
		out->swapped = false;
	else
		return not_a_port(&li, key, err);
	snprintf(out->ifname, sizeof(out->ifname), "%s", li.name);
	return 0;
}

/* The host's counters of the device key names. */
static int host_stats(vn_nl *nl, const vn_paths *paths, const char *key, stats_dev *dev,
		      vn_link_stats *out, vn_err *err)
{
	int r = recorded_port(paths, key, dev, err);

	if (r == -ENOENT)
		r = guest_device(nl, key, dev, err);
	if (r < 0)
		return r;
	if (dev->in_netns)
		return port_netns_device_stats(dev->in_netns, out, err);
	return nl_link_stats(nl, dev->ifname, out, err);
}

static void guest_view(const vn_link_stats *h, bool swapped, vn_port_stats *out)
{
	if (swapped)
		*out = (vn_port_stats){
			.rx_bytes = h->tx_bytes, .rx_packets = h->tx_packets,
			.rx_errors = h->tx_errors, .rx_dropped = h->tx_dropped,
			.tx_bytes = h->rx_bytes, .tx_packets = h->rx_packets,
			.tx_errors = h->rx_errors, .tx_dropped = h->rx_dropped,
		};
	else
		*out = (vn_port_stats){
			.rx_bytes = h->rx_bytes, .rx_packets = h->rx_packets,
			.rx_errors = h->rx_errors, .rx_dropped = h->rx_dropped,
			.tx_bytes = h->tx_bytes, .tx_packets = h->tx_packets,
			.tx_errors = h->tx_errors, .tx_dropped = h->tx_dropped,
		};
}

int port_stats(const vn_paths *paths, const char *key, vn_port_stats *out, vn_err *err)
{
	stats_dev dev = {0};
	vn_link_stats host;
	vn_nl *nl = NULL;
	int r = nl_open(&nl, err);

	if (r == 0)
		r = host_stats(nl, paths, key, &dev, &host, err);
	port_free(dev.in_netns);
	nl_close(nl);
	if (r < 0)
		return r;
	guest_view(&host, dev.swapped, out);
	snprintf(out->ifname, sizeof(out->ifname), "%s", dev.ifname);
	return 0;
}

int port_row_stats(vn_nl *nl, const vn_port *p, vn_port_stats *out, vn_err *err)
{
	bool swapped = p->type != PORTDEV_MACVTAP && p->type != PORTDEV_MACVLAN;
	vn_link_stats host;
	int r;

	if (port_in_netns(p))
		r = port_netns_device_stats(p, &host, err);
	else
		r = nl_link_stats(nl, p->ifname, &host, err);
	if (r < 0)
		return r;
	guest_view(&host, swapped, out);
	snprintf(out->ifname, sizeof(out->ifname), "%s", p->ifname);
	return 0;
}
