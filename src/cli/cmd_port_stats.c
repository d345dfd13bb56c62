/* cmd_port_stats.c - port-stats (virsh's domifstat): a port's traffic counters as its
 * guest sees them
 *
 * libvirt reads the host side of a guest's interface and, for the types whose device
 * does not share the host's view (a tap on a bridge or network: !virDomainNetTypeShares-
 * HostView), swaps rx and tx (virNetDevTapInterfaceStats(..., swapped)): what the tap
 * sent the guest received. Our taps and veths are such devices; a macvtap is not. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "kernel/netlink.h"
#include "port/port.h"
#include "port/port_direct.h"
#include "util/cleanup.h"
#include "util/json.h"
#include "util/str.h"

typedef struct stats_dev {
	char ifname[16];   /* the host side */
	bool swapped;      /* the guest's rx is the device's tx */
	vn_port *in_netns; /* a macvlan inside the guest's namespace: read there */
} stats_dev;

static int on_json(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

/* A recorded port by device name, UUID or MAC: 0, -ENOENT, or another error. */
static int recorded_port(const vn_paths *paths, const char *key, stats_dev *out, vn_err *err)
{
	vn_port *p = NULL;
	vn_mac m;
	char s[VN_MAC_STRLEN];
	int r = port_lookup(paths, key, &p, err);

	if (r == -ENOENT && mac_parse(key, &m) == 0)
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

/* Not a recorded port: any tap, veth or macvtap device of the host, by name. */
static int guest_device(vn_nl *nl, const char *key, stats_dev *out, vn_err *err)
{
	vn_link_info li;
	int r = nl_link_get(nl, key, &li, err);

	if (r == -ENODEV || r == -EINVAL)
		return vn_err_set(err, ENODEV, "port '%s' not found: no port has this device name, UUID or MAC address, "
				  "and no interface this name", key);
	if (r < 0)
		return r;
	if (streq(li.kind, "tun") || streq(li.kind, "veth"))
		out->swapped = true;
	else if (streq(li.kind, "macvtap"))
		out->swapped = false;
	else if (li.kind[0])
		return vn_err_set(err, EINVAL, "interface '%s' is a %s device, not a guest port (a tap, veth or macvtap device)",
				  key, li.kind);
	else
		return vn_err_set(err, EINVAL, "interface '%s' is not a guest port (a tap, veth or macvtap device)", key);
	snprintf(out->ifname, sizeof(out->ifname), "%s", li.name);
	return 0;
}

/* The counters from the guest's side. */
static int read_stats(vn_ctx *ctx, const char *key, stats_dev *dev, vn_link_stats *out, vn_err *err)
{
	vn_nl *nl = NULL;
	vn_link_stats host;
	int r;

	if ((r = nl_open(&nl, err)) < 0)
		return r;
	if ((r = recorded_port(&ctx->paths, key, dev, err)) == -ENOENT)
		r = guest_device(nl, key, dev, err);
	if (r == 0 && dev->in_netns)
		r = port_netns_device_stats(dev->in_netns, &host, err);
	else if (r == 0)
		r = nl_link_stats(nl, dev->ifname, &host, err);
	port_free(dev->in_netns);
	dev->in_netns = NULL;
	nl_close(nl);
	if (r < 0)
		return r;
	*out = host;
	if (dev->swapped)
		*out = (vn_link_stats){
			.rx_bytes = host.tx_bytes, .rx_packets = host.tx_packets, .rx_errors = host.tx_errors, .rx_dropped = host.tx_dropped,
			.tx_bytes = host.rx_bytes, .tx_packets = host.rx_packets, .tx_errors = host.rx_errors, .tx_dropped = host.rx_dropped,
		};
	return 0;
}

/* virsh's cmdDomIfstat: "<device as given> <counter> <value>" */
static void print_text(const char *key, const vn_link_stats *s)
{
	printf("%s rx_bytes %llu\n", key, (unsigned long long)s->rx_bytes);
	printf("%s rx_packets %llu\n", key, (unsigned long long)s->rx_packets);
	printf("%s rx_errs %llu\n", key, (unsigned long long)s->rx_errors);
	printf("%s rx_drop %llu\n", key, (unsigned long long)s->rx_dropped);
	printf("%s tx_bytes %llu\n", key, (unsigned long long)s->tx_bytes);
	printf("%s tx_packets %llu\n", key, (unsigned long long)s->tx_packets);
	printf("%s tx_errs %llu\n", key, (unsigned long long)s->tx_errors);
	printf("%s tx_drop %llu\n", key, (unsigned long long)s->tx_dropped);
}

static int print_json(const char *ifname, const vn_link_stats *s)
{
	vn_json j = {0};
	char *out;

	json_begin_object(&j, NULL);
	json_string(&j, "interface", ifname);
	json_uint(&j, "rx_bytes", s->rx_bytes);
	json_uint(&j, "rx_packets", s->rx_packets);
	json_uint(&j, "rx_errs", s->rx_errors);
	json_uint(&j, "rx_drop", s->rx_dropped);
	json_uint(&j, "tx_bytes", s->tx_bytes);
	json_uint(&j, "tx_packets", s->tx_packets);
	json_uint(&j, "tx_errs", s->tx_errors);
	json_uint(&j, "tx_drop", s->tx_dropped);
	json_end_object(&j);
	if (j.b.oom || !(out = json_steal(&j))) {
		buf_free(&j.b);
		return out_fail("out of memory");
	}
	fputs(out, stdout);
	free(out);
	return 0;
}

/* port-stats PORT, or domifstat DOMAIN IFACE (the domain is virsh's; ours are ports). */
int cmd_port_stats(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' }, {0} };
	const vn_cmd *c = cli_find("port-stats");
	bool json = false;
	stats_dev dev = {0};
	vn_link_stats s;
	vn_err err = {0};
	const char *key;
	int first = cmd_getopt(c, argc, argv, opts, on_json, &json);

	if (first < 0)
		return first == -2 ? 0 : 1;
	if (need_operands(c, argc, argv, first, argc - first >= 2 ? 2 : 1) < 0)
		return 1;
	key = argv[argc - 1];
	if (read_stats(ctx, key, &dev, &s, &err) < 0) {
		if (argc - first == 2)
			return out_fail_err(&err, "Failed to get interface stats %s %s", argv[first], key);
		return out_fail_err(&err, "Failed to get interface stats %s", key);
	}
	if (json)
		return print_json(dev.ifname, &s);
	print_text(key, &s);
	return 0;
}
