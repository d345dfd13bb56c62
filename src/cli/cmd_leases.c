/* cmd_leases.c - dhcp-leases: virsh's table from dnsmasq's lease file, or JSON */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "cli/commands.h"
#include "dnsmasq/dnsmasq_leases.h"
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

static void print_table(vn_ctx *ctx, const vn_network *n, const vn_lease *v, size_t k)
{
	static const char *const hdr[] = { "Expiry Time", "MAC address", "Protocol",
					   "IP address",  "Hostname",    "Client ID or DUID" };
	vn_table *t = out_table_new(6, hdr);

	for (size_t i = 0; t && i < k; i++) {
		char when[32], ip[64];
		struct tm tm;
		time_t e = v[i].expiry;
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&e, &tm));
		snprintf(ip, sizeof(ip), "%s/%d", v[i].ip, dnsmasq_lease_prefix(n, &v[i]));
		const char *row[] = { when,
				      v[i].mac[0] ? v[i].mac : "-",
				      v[i].family == AF_INET ? "ipv4" : "ipv6",
				      ip,
				      v[i].hostname[0] ? v[i].hostname : "-",
				      v[i].clientid[0] ? v[i].clientid : "-" };
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
		json_int(&j, "prefix", dnsmasq_lease_prefix(n, &v[i]));
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
	static const struct option opts[] = { { "mac", required_argument, NULL, 'm' },
					      { "json", no_argument, NULL, 'j' },
					      { 0 } };
	const vn_cmd *c = cli_find("dhcp-leases");
	struct lease_opts f = {0};
	vn_netlist l = {0};
	vn_lease *v = NULL;
	size_t k = 0;
	vn_err err = {0};
	vn_netobj *o;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_lease, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	if (ctx_lock_and_load_some(ctx, false, argv[first], &l) < 0)
		return 1;
	o = ctx_lookup(&l, argv[first]);
	if (!o) {
		store_list_free(&l);
		return 1;
	}
	const vn_network *n = store_current(o);
	if (dnsmasq_leases(&ctx->paths, n, f.mac, &v, &k, &err) < 0) {
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
