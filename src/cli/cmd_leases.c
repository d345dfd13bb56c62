/* cmd_leases.c - dhcp-leases: virsh's table from dnsmasq's lease file, or JSON */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "cli/commands.h"
#include "dnsmasq/dnsmasq_run.h"
#include "dnsmasq/leases.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/json.h"

struct lease_opts { const char *mac; bool json; };

static int on_lease(int o, const char *arg, void *d)
{
	struct lease_opts *f = d;
	if (o == 'm')
		f->mac = arg;
	else
		f->json = true;
	return 0;
}

static int prefix_for(const vn_network *n, const vn_lease *l)
{
	vn_addr a;

	if (addr_parse(l->ip, 0, &a) < 0)
		return 0;
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].address.family == a.family && addr_in_subnet(&a, &n->ips[i].address, ip_def_prefix(&n->ips[i])))
			return ip_def_prefix(&n->ips[i]);
	return a.family == AF_INET ? 24 : 64;
}

static int by_mac(const void *a, const void *b)
{
	return strcasecmp(((const vn_lease *)a)->mac, ((const vn_lease *)b)->mac);
}

/* Current leases (expired ones dropped, like libvirt), sorted by MAC. */
static int load_leases(const vn_ctx *ctx, const vn_network *n, const char *mac, vn_lease **out, size_t *count)
{
	_cleanup_free_ char *text = NULL;
	vn_dnsmasq_files f;
	vn_lease *v = NULL;
	size_t len, k = 0, total = 0;
	time_t now = time(NULL);

	*out = NULL;
	*count = 0;
	if (dnsmasq_files(&ctx->paths, n, &f, NULL) < 0 || file_read_all(f.leases, 16 << 20, &text, &len, NULL) < 0)
		return 0;   /* no lease file yet: no leases */
	if (leases_parse(text, &v, &total) < 0)
		return -1;
	for (size_t i = 0; i < total; i++)
		if ((v[i].expiry == 0 || v[i].expiry >= now) && (!mac || strcasecmp(mac, v[i].mac) == 0))
			v[k++] = v[i];
	qsort(v, k, sizeof(*v), by_mac);
	*out = v;
	*count = k;
	return 0;
}

static void print_table(vn_ctx *ctx, const vn_network *n, const vn_lease *v, size_t k)
{
	static const char *const hdr[] = { "Expiry Time", "MAC address", "Protocol", "IP address", "Hostname", "Client ID or DUID" };
	vn_table *t = out_table_new(6, hdr);

	for (size_t i = 0; t && i < k; i++) {
		char when[32], ip[64];
		struct tm tm;
		time_t e = v[i].expiry;
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&e, &tm));
		snprintf(ip, sizeof(ip), "%s/%d", v[i].ip, prefix_for(n, &v[i]));
		const char *row[] = { when, v[i].mac[0] ? v[i].mac : "-", v[i].family == AF_INET ? "ipv4" : "ipv6", ip,
				      v[i].hostname[0] ? v[i].hostname : "-", v[i].clientid[0] ? v[i].clientid : "-" };
		out_table_add(t, row);
	}
	if (t)
		out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
}

static void print_json(const vn_network *n, const vn_lease *v, size_t k)
{
	vn_json j = {0};

	json_begin_array(&j, NULL);
	for (size_t i = 0; i < k; i++) {
		json_begin_object(&j, NULL);
		json_int(&j, "expiry", (long long)v[i].expiry);
		json_string(&j, "mac", v[i].mac[0] ? v[i].mac : NULL);
		json_string(&j, "protocol", v[i].family == AF_INET ? "ipv4" : "ipv6");
		json_string(&j, "ip", v[i].ip);
		json_int(&j, "prefix", prefix_for(n, &v[i]));
		json_string(&j, "hostname", v[i].hostname[0] ? v[i].hostname : NULL);
		json_string(&j, "clientid", v[i].clientid[0] ? v[i].clientid : NULL);
		json_end_object(&j);
	}
	json_end_array(&j);
	char *s = json_steal(&j);
	fputs(s ? s : "", stdout);
	free(s);
}

int cmd_dhcp_leases(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "mac", required_argument, NULL, 'm' }, { "json", no_argument, NULL, 'j' }, {0} };
	const vn_cmd *c = cli_find("dhcp-leases");
	struct lease_opts f = {0};
	vn_netlist l = {0};
	vn_lease *v = NULL;
	size_t k = 0;
	vn_netobj *o;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_lease, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0 || ctx_lock_and_load_some(ctx, false, argv[first], &l) < 0)
		return 1;
	o = ctx_lookup(&l, argv[first]);
	if (!o) {
		store_list_free(&l);
		return 1;
	}
	const vn_network *n = store_current(o);
	if (load_leases(ctx, n, f.mac, &v, &k) < 0) {
		store_list_free(&l);
		return out_fail("Failed to get leases info for %s", n->name);
	}
	if (f.json) {
		print_json(n, v, k);
	} else {
		print_table(ctx, n, v, k);
		out_blank(ctx);
	}
	free(v);
	store_list_free(&l);
	return 0;
}
