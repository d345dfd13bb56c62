/* cmd_leases.c - dhcp-leases: virsh's table, or JSON, of the leases virtnetd sends or (none
 * answers) of dnsmasq's lease file (direct_read.c) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "api/api_rows.h"
#include "cli/commands.h"
#include "cli/direct.h"
#include "cli/remote.h"

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

static void print_table(vn_ctx *ctx, const vn_lease_row *v, size_t k)
{
	static const char *const hdr[] = { "Expiry Time", "MAC address", "Protocol",
					   "IP address",  "Hostname",    "Client ID or DUID" };
	vn_table *t = out_table_new(6, hdr);

	for (size_t i = 0; t && i < k; i++) {
		const vn_lease *l = &v[i].lease;
		char when[32], ip[64];
		struct tm tm;
		time_t e = l->expiry;
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&e, &tm));
		snprintf(ip, sizeof(ip), "%s/%d", l->ip, v[i].prefix);
		const char *row[] = { when,
				      l->mac[0] ? l->mac : "-",
				      l->family == AF_INET ? "ipv4" : "ipv6",
				      ip,
				      l->hostname[0] ? l->hostname : "-",
				      l->clientid[0] ? l->clientid : "-" };
		out_table_add(t, row);
	}
	if (t)
		out_table_print(t, stdout, !ctx->quiet);
	out_table_free(t);
}

static void print_rows(vn_ctx *ctx, const struct lease_opts *f, const vn_lease_row *v, size_t k)
{
	char *s;

	if (!f->json) {
		print_table(ctx, v, k);
		out_blank(ctx);
		return;
	}
	s = lease_rows_json(v, k);
	fputs(s ? s : "", stdout);
	free(s);
}

static int rows_remote(int fd, const char *key, const char *mac, vn_lease_row **rows, size_t *k)
{
	char path[2400], rest[1100] = "/leases", *body, why[1024];
	vn_err err = {0};
	int status, rc = 0;

	if (mac) {
		strcat(rest, "?mac=");
		rc = remote_escape(rest + strlen(rest), sizeof(rest) - strlen(rest), mac);
	}
	if (rc < 0 || remote_path(path, sizeof(path), key, rest) < 0) {
		out_fail("the network name or MAC address is too long");
		return -1;
	}
	rc = remote_call(fd, "GET", path, NULL, 0, &body, &status, why, sizeof(why));
	if (rc == -1 && status == 404)
		out_fail("failed to get network '%s'", key);
	if (rc == -1 && status != 404)
		out_fail("Failed to get leases info for %s", key);
	if (rc == -1)
		out_fail("%s", why);
	if (rc < 0)
		return -1;
	rc = lease_rows_from_json(body, rows, k, &err);
	free(body);
	if (rc < 0)
		out_fail_err(&err, NULL);
	return rc;
}

int cmd_dhcp_leases(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "mac", required_argument, NULL, 'm' },
					      { "json", no_argument, NULL, 'j' },
					      { 0 } };
	const vn_cmd *c = cli_find("dhcp-leases");
	struct lease_opts f = {0};
	vn_lease_row *rows = NULL;
	size_t k = 0;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_lease, &f), fd, rc;

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	fd = remote_connect(ctx);
	if (fd == -2)
		return 1;
	if (fd >= 0)
		rc = rows_remote(fd, argv[first], f.mac, &rows, &k);
	else
		rc = leases_rows_direct(ctx, argv[first], f.mac, &rows, &k);
	if (rc == 0)
		print_rows(ctx, &f, rows, k);
	free(rows);
	return rc < 0 ? 1 : 0;
}
