/* vif_parse.c - pure parsing for vif-virtnet (see vif_parse.h) */
#include "helpers/xen/vif_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "types/vtype.h"
#include "util/enum.h"
#include "util/str.h"

static const char *const mode_names[VIF_MODE__COUNT] = { "bridge", "nat", "route" };

ENUM_IMPL(vif_mode, vif_mode, mode_names)

int vif_mode_from_progname(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL;

	base = base ? base + 1 : argv0;
	if (streq(base, "vif-virtnet"))
		return VIF_MODE_BRIDGE;
	if (base && strncmp(base, "vif-virtnet-", 12) == 0)
		return vif_mode_from_string(base + 12) > VIF_MODE_BRIDGE
			       ? vif_mode_from_string(base + 12)
			       : -1;
	return -1;
}

/* A decimal number below limit at *p (no sign, no leading zero unless it is 0); advances *p. */
static int take_number(const char **p, unsigned long limit, int *out)
{
	const char *s = *p;
	unsigned long v = 0;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
		return -EINVAL;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (unsigned long)(*s++ - '0');
		if (v >= limit)
			return -EINVAL;
	}
	*out = (int)v;
	*p = s;
	return 0;
}

int vif_name_parse(const char *name, int *domid, int *devid, bool *emu)
{
	const char *p = name;

	if (!name || strncmp(p, "vif", 3) != 0)
		return -EINVAL;
	p += 3;
	if (take_number(&p, 65536, domid) < 0 || *p++ != '.' || take_number(&p, 65536, devid) < 0)
		return -EINVAL;
	*emu = streq(p, "-emu");
	return *p && !*emu ? -EINVAL : 0;
}

/* "backend/vif/<domid>/<devid>" (udev's form) or
 * "/local/domain/<backend>/backend/vif/<domid>/<devid>" (libxl's): nothing before, between or
 * after, so a path below a guest's own area is refused. */
int vif_xenbus_parse(const char *path, int *domid, int *devid)
{
	const char *p = path;
	int backend;

	if (!p)
		return -EINVAL;
	if (strncmp(p, "/local/domain/", 14) == 0) {
		p += 14;
		if (take_number(&p, 65536, &backend) < 0 || *p++ != '/')
			return -EINVAL;
	}
	if (strncmp(p, "backend/vif/", 12) != 0)
		return -EINVAL;
	p += 12;
	if (take_number(&p, 65536, domid) < 0 || *p++ != '/' || take_number(&p, 65536, devid) < 0)
		return -EINVAL;
	return *p ? -EINVAL : 0;
}

/* xl's "<n>[GMK](B|b)/s": bytes per second. */
static int rate_amount(const char *s, size_t len, unsigned long long *out)
{
	unsigned long long v = 0, mul = 1;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (unsigned long long)(s[i] - '0');
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	if (i == 0 || v == 0)
		return i == 0 ? -EINVAL : -ERANGE;
	if (i < len && strchr("GMK", s[i])) {
		mul = s[i] == 'G' ? 1000000000ULL : s[i] == 'M' ? 1000000ULL : 1000ULL;
		i++;
	}
	if (len - i != 3 || (s[i] != 'B' && s[i] != 'b') || s[i + 1] != '/' || s[i + 2] != 's')
		return -EINVAL;
	v *= mul;
	*out = s[i] == 'b' ? v / 8 : v;
	return *out ? 0 : -ERANGE;
}

/* xl's "<n>[m|u][s]": microseconds (no unit or "s": seconds). */
static int rate_interval(const char *s, unsigned *out)
{
	unsigned long long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long long)(*p - '0');
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	if (p == s || v == 0)
		return p == s ? -EINVAL : -ERANGE;
	if (streq(p, "") || streq(p, "s"))
		v *= 1000000;
	else if (streq(p, "m") || streq(p, "ms"))
		v *= 1000;
	else if (!streq(p, "u") && !streq(p, "us"))
		return -EINVAL;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (unsigned)v;
	return 0;
}

/* libxl's "<bytes per interval>,<interval us>" in xenstore. */
static int rate_xenstore(const char *s, vif_rate *out)
{
	unsigned long long bytes, us;
	const char *comma = strchr(s, ',');
	char first[32];

	if (!comma || (size_t)(comma - s) >= sizeof(first))
		return -EINVAL;
	snprintf(first, sizeof(first), "%.*s", (int)(comma - s), s);
	if (str_to_ull(first, 10, &bytes) < 0 || str_to_ull(comma + 1, 10, &us) < 0 || !bytes ||
	    !us || us > UINT32_MAX)
		return -EINVAL;
	if (bytes > UINT64_MAX / 1000000)
		return -ERANGE;
	out->bytes_per_sec = bytes * 1000000 / us;
	out->interval_us = (unsigned)us;
	return out->bytes_per_sec ? 0 : -ERANGE;
}

int vif_rate_parse(const char *s, vif_rate *out)
{
	const char *at;
	int r;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] >= '0' && s[0] <= '9' && strchr(s, ','))
		return rate_xenstore(s, out);
	at = strchr(s, '@');
	out->interval_us = 50000;
	r = rate_amount(s, at ? (size_t)(at - s) : strlen(s), &out->bytes_per_sec);
	if (r < 0)
		return r;
	return at ? rate_interval(at + 1, &out->interval_us) : 0;
}

void vif_rate_to_bw(const vif_rate *r, vn_bw_rate *out)
{
	unsigned long long credit = r->bytes_per_sec * r->interval_us / 1000000;
	unsigned long long burst = (credit + 1023) / 1024;

	*out = (vn_bw_rate){ .average = (r->bytes_per_sec + 999) / 1000,
			     .burst = burst < 2 ? 2 : burst };
}

int vif_guest_opts_parse(const char *mac, const char *rate, vif_guest_opts *out, vn_err *err)
{
	char shown[200];

	*out = (vif_guest_opts){ .has_mac = mac && *mac, .has_rate = rate && *rate };
	if (out->has_mac && mac_parse(mac, &out->mac) < 0) {
		vt_shorten(mac, shown);
		return vn_err_set(err, EINVAL, "mac='%s' is not a MAC address", shown);
	}
	if (out->has_rate && vif_rate_parse(rate, &out->rate) < 0) {
		vt_shorten(rate, shown);
		return vn_err_set(err, EINVAL,
				  "rate='%s' is not a rate like 10Mb/s, 250KB/s or 1MB/s@20ms",
				  shown);
	}
	return 0;
}

static int ip_entry(const char *tok, vif_ip *out, vn_err *err)
{
	char buf[64], shown[200];
	const char *slash = strchr(tok, '/');
	unsigned prefix;

	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - tok) : (int)strlen(tok), tok);
	out->prefix = -1;
	vt_shorten(tok, shown);
	if (addr_parse(buf, AF_INET, &out->addr) < 0)
		return vn_err_set(err, EINVAL,
				  "ip='%s' is not an IPv4 address (write a.b.c.d or "
				  "a.b.c.d/prefix)",
				  shown);
	if (slash && (str_to_uint(slash + 1, 10, &prefix) < 0 || prefix > 32))
		return vn_err_set(err, EINVAL, "ip='%s' has an invalid prefix length (0 to 32)",
				  shown);
	if (slash)
		out->prefix = (int)prefix;
	return 0;
}

int vif_ip_list_parse(const char *s, vif_ip out[VIF_IP_MAX], size_t *n, vn_err *err)
{
	*n = 0;
	for (const char *p = s ? s : ""; *p;) {
		size_t len = strcspn(p, " \t\n,");
		char tok[64], shown[200];
		int r;
		if (len == 0) {
			p++;
			continue;
		}
		snprintf(tok, len >= sizeof(tok) ? 21 : sizeof(tok), "%.*s", (int)len, p);
		if (len >= sizeof(tok)) {
			vt_shorten(tok, shown);
			return vn_err_set(err, EINVAL,
					  "ip= entry '%s...' is too long for an IPv4 address",
					  shown);
		}
		if (*n == VIF_IP_MAX)
			return vn_err_set(err, E2BIG, "ip= lists more than %d addresses",
					  VIF_IP_MAX);
		r = ip_entry(tok, &out[*n], err);
		if (r < 0)
			return r;
		(*n)++;
		p += len;
	}
	return 0;
}

static void v4(vn_addr *a, unsigned b1, unsigned b2, unsigned b3, unsigned b4)
{
	*a = (vn_addr){ .family = AF_INET };
	a->u.bytes[0] = (uint8_t)b1, a->u.bytes[1] = (uint8_t)b2, a->u.bytes[2] = (uint8_t)b3,
	a->u.bytes[3] = (uint8_t)b4;
}

int vif_nat_default(int domid, int devid, vif_nat_addr *out, vn_err *err)
{
	if (domid < 0 || domid > 65535 || devid < 0 || devid > 126)
		return vn_err_set(err, EINVAL,
				  "no default vif-nat address for domain %d device %d (device "
				  "numbers 0 to 126 have one); set ip=",
				  domid, devid);
	v4(&out->guest, 10, (unsigned)domid / 256, (unsigned)domid % 256, (unsigned)devid + 1);
	v4(&out->gateway, 10, (unsigned)domid / 256, (unsigned)domid % 256, (unsigned)devid + 128);
	out->prefix = 16;
	return 0;
}

int vif_nat_from_ip(const vif_ip *ip, vif_nat_addr *out, vn_err *err)
{
	char s[VN_ADDR_STRLEN];
	unsigned last = ip->addr.u.bytes[3];
	vn_addr net, bcast;

	out->guest = ip->addr;
	out->prefix = ip->prefix < 0 ? 24 : ip->prefix;
	out->gateway = ip->addr;
	out->gateway.u.bytes[3] = (uint8_t)(last + 127);
	addr_mask(&ip->addr, out->prefix, &net);
	addr_broadcast(&net, out->prefix, &bcast);
	if (last == 0 || last + 127 > 254 || out->prefix > 24 || addr_equal(&ip->addr, &net) ||
	    addr_equal(&ip->addr, &bcast))
		return vn_err_set(err, EINVAL,
				  "ip=%s/%d cannot be a vif-nat guest: its gateway is the guest's "
				  "last octet + 127, so use a host address with a last octet from "
				  "1 to 127 and a prefix of 24 or less",
				  addr_format(&ip->addr, s), out->prefix);
	return 0;
}
