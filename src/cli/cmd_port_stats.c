/* cmd_port_stats.c - port-stats (virsh's domifstat): a port's traffic counters as its
 * guest sees them (port_stats.c), printed as virsh prints them or as JSON */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api_json.h"
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

	json_port_stats(&j, NULL, s);
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
