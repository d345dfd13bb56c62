/* evpn-tool.c - drive the overlay's EVPN primitives (src/overlay/frr_*.h) from a shell test,
 * until the overlay model (<virtnet:overlay control='evpn'>) calls them from a network's start
 *
 *   evpn-tool --root ROOT load|unload|render|unload-render PARAMS   frr_evpn_load, _unload,
 *                                           frr_conf_render, frr_conf_render_unload (no others)
 *   evpn-tool --root ROOT reload                                   frr_evpn_reload
 *   PARAMS: NETWORK VNI BRIDGE VXLAN LOCAL ASN NEIGHBOR... [--router-id A]
 *
 * Prints nothing on success (render: the text); "evpn-tool: <message>" and exit status 1 on
 * failure, 2 on bad usage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overlay/frr_evpn.h"
#include "state/state.h"

static int usage(void)
{
	fprintf(stderr, "usage: evpn-tool --root ROOT load|unload|render|unload-render NETWORK VNI "
			"BRIDGE VXLAN LOCAL ASN NEIGHBOR... [--router-id A]\n"
			"       evpn-tool --root ROOT reload\n");
	return 2;
}

static int number(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int name(char *dst, size_t len, const char *s)
{
	return snprintf(dst, len, "%s", s) < (int)len ? 0 : -1;
}

/* argv: NETWORK VNI BRIDGE VXLAN LOCAL ASN NEIGHBOR... [--router-id A] */
static int parse_params(int argc, char **argv, vn_evpn_params *p)
{
	if (argc < 7 || name(p->network, sizeof(p->network), argv[0]) < 0 ||
	    number(argv[1], &p->vni) < 0 || name(p->bridge, sizeof(p->bridge), argv[2]) < 0 ||
	    name(p->vxlan, sizeof(p->vxlan), argv[3]) < 0 || addr_parse(argv[4], 0, &p->local) < 0 ||
	    number(argv[5], &p->asn) < 0)
		return -1;
	for (int i = 6; i < argc; i++) {
		if (strcmp(argv[i], "--router-id") == 0 && i + 1 < argc)
			return i + 2 == argc ? addr_parse(argv[i + 1], 0, &p->router_id) : -1;
		if (p->nneighbors == VN_EVPN_NEIGHBORS_MAX ||
		    addr_parse(argv[i], 0, &p->neighbors[p->nneighbors++]) < 0)
			return -1;
	}
	return 0;
}

static int render(const char *cmd, const vn_evpn_params *p, vn_err *err)
{
	vn_buf b = {0};
	int r = strcmp(cmd, "render") == 0 ? frr_conf_render(p, &b, err)
					   : frr_conf_render_unload(p, NULL, 0, &b, err);

	if (r == 0)
		fputs(b.s ? b.s : "", stdout);
	buf_free(&b);
	return r;
}

int main(int argc, char **argv)
{
	static vn_evpn_params p;
	vn_paths paths;
	vn_frr f;
	vn_err err = {0};
	int r;

	if (argc < 4 || strcmp(argv[1], "--root") != 0)
		return usage();
	const char *cmd = argv[3];
	if (strcmp(cmd, "reload") != 0 && parse_params(argc - 4, argv + 4, &p) < 0)
		return usage();
	r = state_paths_init(&paths, argv[2], &err);
	if (r == 0)
		r = frr_instance_init(&f, paths.run, &err);
	if (r < 0)
		;
	else if (strcmp(cmd, "load") == 0)
		r = frr_evpn_load(&f, &p, &err);
	else if (strcmp(cmd, "unload") == 0)
		r = frr_evpn_unload(&f, &p, &err);
	else if (strcmp(cmd, "reload") == 0)
		r = frr_evpn_reload(&f, &err);
	else if (strcmp(cmd, "render") == 0 || strcmp(cmd, "unload-render") == 0)
		r = render(cmd, &p, &err);
	else
		return usage();
	if (r < 0) {
		fprintf(stderr, "evpn-tool: %s\n", err.msg);
		return 1;
	}
	return 0;
}
