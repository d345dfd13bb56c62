/* tc-tool.c - drive tc_set_inbound/tc_clear from a shell test
 *
 *   tc-tool IFNAME [in AVG PEAK BURST]   tc_set_inbound (none given: remove the limit)
 *   tc-tool IFNAME clear                 tc_clear
 *
 * AVG and PEAK in kB/s, BURST in KiB, as libvirt's <inbound>; 0 means "not given".
 * IFNAME "#N" uses interface index N as it is (to test a missing interface).
 * Prints nothing on success; "tc-tool: <message>" and exit status 1 on failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/netlink.h"
#include "kernel/tc.h"

static int usage(void)
{
	fprintf(stderr, "usage: tc-tool IFNAME [in AVG PEAK BURST]\n"
			"       tc-tool IFNAME clear\n");
	return 2;
}

static int number(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || end == s || *end || *s == '-' ? -1 : 0;
}

/* "in AVG PEAK BURST" in argv[2..5] */
static int parse_in(int argc, char **argv, vn_bw_rate *in)
{
	return argc == 6 && strcmp(argv[2], "in") == 0 && !number(argv[3], &in->average) &&
	       !number(argv[4], &in->peak) && !number(argv[5], &in->burst) ? 0 : -1;
}

static int ifindex_of(vn_nl *nl, const char *name, vn_err *err)
{
	unsigned long long n;
	vn_link_info li;
	int r;

	if (name[0] == '#')
		return number(name + 1, &n) == 0 && n <= 0x7fffffff ? (int)n : vn_err_set(err, EINVAL, "bad index '%s'", name);
	if ((r = nl_link_get(nl, name, &li, err)) < 0)
		return r;
	return li.ifindex;
}

int main(int argc, char **argv)
{
	vn_bw_rate in = {0};
	vn_err err = {0};
	vn_nl *nl = NULL;
	bool clear = argc == 3 && strcmp(argv[2], "clear") == 0;
	int ifindex, r = 0;

	if (argc < 2 || (!clear && argc > 2 && parse_in(argc, argv, &in) < 0))
		return usage();
	if ((r = nl_open(&nl, &err)) < 0 || (r = ifindex = ifindex_of(nl, argv[1], &err)) < 0)
		goto out;
	r = clear ? tc_clear(nl, ifindex, &err) : tc_set_inbound(nl, ifindex, argc > 2 ? &in : NULL, &err);
out:
	nl_close(nl);
	if (r < 0) {
		fprintf(stderr, "tc-tool: %s\n", err.msg);
		return 1;
	}
	return 0;
}
