/* frr_conf.c - an overlay network's BGP EVPN stanza for FRR, and its removal */
#include "overlay/frr_conf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types/vtype.h"

static const vn_addr unset_addr;

const vn_addr *frr_conf_router_id(const vn_evpn_params *p)
{
	return addr_valid(&p->router_id) ? &p->router_id : &p->local;
}

static int check_names(const vn_evpn_params *p, vn_err *err)
{
	int r = vt_check(VT_FILE_NAME, p->network, err, "the overlay's network name");

	if (r == 0)
		r = vt_check(VT_IFNAME, p->bridge, err, "network '%s': the overlay's bridge",
			     p->network);
	if (r == 0)
		r = vt_check(VT_IFNAME, p->vxlan, err, "network '%s': the overlay's VXLAN device",
			     p->network);
	return r;
}

static int check_numbers(const vn_evpn_params *p, vn_err *err)
{
	if (p->vni == 0 || p->vni > VN_EVPN_VNI_MAX)
		return vn_err_set(err, EINVAL, "network '%s': VNI %" PRIu32 " is out of range: "
				  "use 1-%u", p->network, p->vni, VN_EVPN_VNI_MAX);
	if (p->asn == 0 || p->asn == 23456 || p->asn == 65535 || p->asn == UINT32_MAX)
		return vn_err_set(err, EINVAL, "network '%s': AS number %" PRIu32 " is reserved: "
				  "use a private one, 64512-65534 or 4200000000-4294967294",
				  p->network, p->asn);
	if (p->asn > 65535 && p->vni > 65535)   /* RFC 6793's AS4:nn: 16 bits for the VNI */
		return vn_err_set(err, EINVAL, "network '%s': with a 4-byte AS number (%" PRIu32
				  ") the route target has 16 bits for the VNI, and VNI %" PRIu32
				  " does not fit: use an AS number up to 65535 or a VNI up to 65535",
				  p->network, p->asn, p->vni);
	return 0;
}

static int check_addresses(const vn_evpn_params *p, vn_err *err)
{
	if (!addr_valid(&p->local))
		return vn_err_set(err, EINVAL, "network '%s': the overlay needs this host's "
				  "underlay address", p->network);
	if (!addr_is(frr_conf_router_id(p), AF_INET))
		return vn_err_set(err, EINVAL, "network '%s': BGP needs an IPv4 router id and the "
				  "underlay address is IPv6: give one", p->network);
	if (p->nneighbors == 0 || p->nneighbors > VN_EVPN_NEIGHBORS_MAX)
		return vn_err_set(err, EINVAL, "network '%s': EVPN needs 1-%d BGP neighbours, "
				  "not %zu", p->network, VN_EVPN_NEIGHBORS_MAX, p->nneighbors);
	for (size_t i = 0; i < p->nneighbors; i++) {
		char a[VN_ADDR_STRLEN];
		const vn_addr *n = &p->neighbors[i];
		if (!addr_valid(n))
			return vn_err_set(err, EINVAL, "network '%s': BGP neighbour %zu has no "
					  "address", p->network, i + 1);
		if (addr_equal(n, &p->local))
			return vn_err_set(err, EINVAL, "network '%s': BGP neighbour %s is this "
					  "host's own underlay address: leave it out",
					  p->network, addr_format(n, a));
		for (size_t k = 0; k < i; k++)
			if (addr_equal(n, &p->neighbors[k]))
				return vn_err_set(err, EINVAL, "network '%s': BGP neighbour %s "
						  "is given twice", p->network,
						  addr_format(n, a));
	}
	return 0;
}

int frr_conf_check(const vn_evpn_params *p, vn_err *err)
{
	int r = check_names(p, err);

	if (r == 0)
		r = check_numbers(p, err);
	if (r == 0)
		r = check_addresses(p, err);
	return r;
}

static void render_neighbors(const vn_evpn_params *p, vn_buf *b)
{
	char a[VN_ADDR_STRLEN];

	for (size_t i = 0; i < p->nneighbors; i++) {
		addr_format(&p->neighbors[i], a);
		buf_printf(b, " neighbor %s remote-as %" PRIu32 "\n", a, p->asn);
		buf_printf(b, " neighbor %s timers %d %d\n", a, VN_EVPN_KEEPALIVE_S, VN_EVPN_HOLD_S);
		buf_printf(b, " neighbor %s timers connect %d\n", a, VN_EVPN_CONNECT_S);
	}
}

static void render_evpn(const vn_evpn_params *p, vn_buf *b)
{
	char a[VN_ADDR_STRLEN];

	buf_add(b, " address-family l2vpn evpn\n");
	for (size_t i = 0; i < p->nneighbors; i++)
		buf_printf(b, "  neighbor %s activate\n", addr_format(&p->neighbors[i], a));
	buf_add(b, "  advertise-all-vni\n");
	buf_printf(b, "  vni %" PRIu32 "\n", p->vni);
	buf_printf(b, "   route-target import %" PRIu32 ":%" PRIu32 "\n", p->asn, p->vni);
	buf_printf(b, "   route-target export %" PRIu32 ":%" PRIu32 "\n", p->asn, p->vni);
	buf_add(b, "  exit-vni\n");
	buf_add(b, " exit-address-family\n");
}

int frr_conf_render(const vn_evpn_params *p, vn_buf *b, vn_err *err)
{
	char l[VN_ADDR_STRLEN], id[VN_ADDR_STRLEN];
	int r = frr_conf_check(p, err);

	if (r < 0)
		return r;
	buf_printf(b, "! virtnet: VNI %" PRIu32 " on %s in %s, local %s, network %s\n", p->vni,
		   p->vxlan, p->bridge, addr_format(&p->local, l), p->network);
	buf_printf(b, "router bgp %" PRIu32 "\n", p->asn);
	if (addr_valid(&p->router_id))
		buf_printf(b, " bgp router-id %s\n", addr_format(&p->router_id, id));
	else
		buf_printf(b, " bgp router-id %s\n", l);
	buf_add(b, " no bgp default ipv4-unicast\n");
	render_neighbors(p, b);
	render_evpn(p, b);
	buf_add(b, "exit\n");
	return 0;
}

static bool named_by(const vn_addr *a, const vn_evpn_params *others, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < others[i].nneighbors; k++)
			if (addr_equal(a, &others[i].neighbors[k]))
				return true;
	return false;
}

int frr_conf_render_unload(const vn_evpn_params *p, const vn_evpn_params *others, size_t n,
			   vn_buf *b, vn_err *err)
{
	char a[VN_ADDR_STRLEN];
	int r = frr_conf_check(p, err);

	if (r < 0)
		return r;
	if (n == 0) {
		buf_printf(b, "no router bgp %" PRIu32 "\n", p->asn);
		return 0;
	}
	buf_printf(b, "router bgp %" PRIu32 "\n", p->asn);
	buf_add(b, " address-family l2vpn evpn\n");
	buf_printf(b, "  no vni %" PRIu32 "\n", p->vni);
	buf_add(b, " exit-address-family\n");
	for (size_t i = 0; i < p->nneighbors; i++)
		if (!named_by(&p->neighbors[i], others, n))
			buf_printf(b, " no neighbor %s\n", addr_format(&p->neighbors[i], a));
	buf_add(b, "exit\n");
	return 0;
}

int frr_conf_compatible(const vn_evpn_params *p, const vn_evpn_params *others, size_t n,
			vn_err *err)
{
	char a[VN_ADDR_STRLEN], o[VN_ADDR_STRLEN];

	for (size_t i = 0; i < n; i++) {
		const vn_evpn_params *q = &others[i];
		if (q->asn != p->asn)
			return vn_err_set(err, EINVAL, "network '%s': AS %" PRIu32 " differs from "
					  "AS %" PRIu32 " of network '%s', which runs BGP EVPN on "
					  "this host: one host speaks one AS, give both the same",
					  p->network, p->asn, q->asn, q->network);
		if (!addr_equal(frr_conf_router_id(p), frr_conf_router_id(q)))
			return vn_err_set(err, EINVAL, "network '%s': BGP router id %s differs "
					  "from %s of network '%s' on this host: give both the "
					  "same underlay address (or router id)", p->network,
					  addr_format(frr_conf_router_id(p), a),
					  addr_format(frr_conf_router_id(q), o), q->network);
		if (q->vni == p->vni || strcmp(q->bridge, p->bridge) == 0)
			return vn_err_set(err, EINVAL, "network '%s': VNI %" PRIu32 " or bridge %s "
					  "is network '%s''s on this host: give each overlay its "
					  "own", p->network, p->vni, p->bridge, q->network);
	}
	return 0;
}

void frr_conf_base(vn_buf *b)
{
	buf_add(b, "frr defaults traditional\n"
		   "hostname virtnet\n");
}

#define IFNAME_CHARS "A-Za-z0-9_.@+-"

/* frr_conf_read: the fields from our own lines, then the whole text compared with what they
 * render to. A line this does not know is left for the comparison to refuse. */
static int read_header(const char *line, vn_evpn_params *out)
{
	char l[VN_ADDR_STRLEN] = "";
	int used = 0;
	uint32_t vni;

	if (sscanf(line, "! virtnet: VNI %" SCNu32 " on %15[" IFNAME_CHARS "] in %15[" IFNAME_CHARS
			 "], local %45[0-9a-fA-F.:], network %n", &vni, out->vxlan, out->bridge, l,
		   &used) < 4 || used == 0)
		return -EINVAL;
	out->vni = vni;
	snprintf(out->network, sizeof(out->network), "%.*s", (int)strcspn(line + used, "\n"),
		 line + used);
	return addr_parse(l, 0, &out->local);
}

static int read_line(const char *line, vn_evpn_params *out)
{
	char a[VN_ADDR_STRLEN + 1] = "";
	uint32_t asn;

	if (sscanf(line, "router bgp %" SCNu32, &asn) == 1) {
		out->asn = asn;
		return 0;
	}
	if (sscanf(line, " bgp router-id %46s", a) == 1)
		return addr_parse(a, AF_INET, &out->router_id);
	if (sscanf(line, " neighbor %46s remote-as %" SCNu32, a, &asn) == 2) {
		if (out->nneighbors == VN_EVPN_NEIGHBORS_MAX)
			return -EINVAL;
		return addr_parse(a, 0, &out->neighbors[out->nneighbors++]);
	}
	return 0;
}

int frr_conf_read(const char *text, const char *what, vn_evpn_params *out, vn_err *err)
{
	vn_buf again = {0};
	vn_err why = {0};
	int r = read_header(text, out);

	for (const char *l = strchr(text, '\n'); r == 0 && l; l = strchr(l + 1, '\n'))
		r = read_line(l + 1, out);
	/* what the stanza renders of it: a router id equal to local is the default */
	if (r == 0 && addr_equal(&out->router_id, &out->local))
		out->router_id = unset_addr;
	if (r == 0)
		r = frr_conf_render(out, &again, &why);
	if (r == 0 && (again.oom || strcmp(again.s, text) != 0))
		r = -EINVAL;
	buf_free(&again);
	if (r < 0)
		return vn_err_set(err, EINVAL, "%s is not an overlay stanza virtnet wrote%s%s: "
				  "remove it once its network is stopped", what,
				  *why.msg ? ": " : "", why.msg);
	return 0;
}
