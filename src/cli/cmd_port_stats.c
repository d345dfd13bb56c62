/* cmd_port_stats.c - port-stats (virsh's domifstat): a port's traffic counters as its
 * guest sees them (port_stats.c), printed as virsh prints them or as JSON */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "port/port_query.h"
#include "util/json.h"

static int on_json(int o, const char *arg, void *d)
{
	(void)o;
	(void)arg;
	*(bool *)d = true;
	return 0;
}

/* virsh's cmdDomIfstat: "<device as given> <counter> <value>" */
static void print_text(const char *key, const vn_port_stats *s)
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

static int print_json(const vn_port_stats *s)
{
	vn_json j = {0};
	char *out;

	json_begin_object(&j, NULL);
	json_str(&j, "interface", s->ifname);
	json_uint(&j, "rx_bytes", s->rx_bytes);
	json_uint(&j, "rx_packets", s->rx_packets);
	json_uint(&j, "rx_errs", s->rx_errors);
	json_uint(&j, "rx_drop", s->rx_dropped);
	json_uint(&j, "tx_bytes", s->tx_bytes);
	json_uint(&j, "tx_packets", s->tx_packets);
	json_uint(&j, "tx_errs", s->tx_errors);
	json_uint(&j, "tx_drop", s->tx_dropped);
	json_end_object(&j);
	out = j.b.oom ? NULL : json_steal(&j);
	if (!out) {
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
	vn_port_stats s;
	vn_err err = {0};
	const char *key;
	int first = cmd_getopt(ctx, c, argc, argv, opts, on_json, &json);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, argc - first >= 2 ? 2 : 1) < 0)
		return 1;
	key = argv[argc - 1];
	if (port_stats(&ctx->paths, key, &s, &err) < 0) {
		if (argc - first == 2)
			return out_fail_err(&err, "Failed to get interface stats %s %s",
					    argv[first], key);
		return out_fail_err(&err, "Failed to get interface stats %s", key);
	}
	if (json)
		return print_json(&s);
	print_text(key, &s);
	return 0;
}
