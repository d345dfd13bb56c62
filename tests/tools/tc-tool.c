/* tc-tool.c - drive tc_set/tc_clear from a shell test
 *
 *   tc-tool IFNAME [in AVG PEAK BURST] [out AVG BURST]   set (none given: remove both)
 *   tc-tool IFNAME clear                                 tc_clear
 *
 * AVG and PEAK in kB/s, BURST in KiB, as libvirt's <bandwidth>; 0 means "not given".
 * IFNAME "#N" uses interface index N as it is (to test a missing interface).
 * Prints nothing on success; "tc-tool: <message>" and exit status 1 on failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netlink.h"
#include "tc.h"

static int usage(void)
{
	fprintf(stderr, "usage: tc-tool IFNAME [in AVG PEAK BURST] [out AVG BURST]\n"
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

/* in AVG PEAK BURST / out AVG BURST from argv[i..]; the index after them, or -1. */
static int parse_dir(int argc, char **argv, int i, vn_bandwidth *bw, vn_bw_rate *in, vn_bw_rate *out)
{
	if (strcmp(argv[i], "in") == 0 && i + 3 < argc && !number(argv[i + 1], &in->average) &&
	    !number(argv[i + 2], &in->peak) && !number(argv[i + 3], &in->burst)) {
		bw->in = in;
		return i + 4;
	}
	if (strcmp(argv[i], "out") == 0 && i + 2 < argc && !number(argv[i + 1], &out->average) &&
	    !number(argv[i + 2], &out->burst)) {
		bw->out = out;
		return i + 3;
	}
	return -1;
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
	vn_bw_rate in = {0}, out = {0};
	vn_bandwidth bw = {0};
	vn_err err = {0};
	vn_nl *nl = NULL;
	bool clear = argc == 3 && strcmp(argv[2], "clear") == 0;
	int ifindex, r = 0;

	if (argc < 2)
		return usage();
	for (int i = 2; !clear && i < argc;)
		if ((i = parse_dir(argc, argv, i, &bw, &in, &out)) < 0)
			return usage();
	if ((r = nl_open(&nl, &err)) < 0 || (r = ifindex = ifindex_of(nl, argv[1], &err)) < 0)
		goto out;
	r = clear ? tc_clear(nl, ifindex, &err) : tc_set(nl, ifindex, bw.in || bw.out ? &bw : NULL, &err);
out:
	nl_close(nl);
	if (r < 0) {
		fprintf(stderr, "tc-tool: %s\n", err.msg);
		return 1;
	}
	return 0;
}
