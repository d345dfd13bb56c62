#include "dnsmasq/leases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/str.h"

/* DUID-LLT: 00:01 hw(2) time(4) mac; DUID-LL: 00:03 hw(2) mac; hw 00:01 = ethernet. */
void duid_mac(const char *duid, char mac[18])
{
	unsigned b[32];
	int n = 0;

	mac[0] = '\0';
	for (const char *p = duid; n < 32 && *p;) {
		unsigned v;
		int k;
		if (sscanf(p, "%2x%n", &v, &k) != 1)
			return;
		b[n++] = v;
		p += k;
		if (*p == ':')
			p++;
		else if (*p)
			return;
	}
	int off = (n == 14 && b[1] == 1) ? 8 : (n == 10 && b[1] == 3) ? 4 : -1;
	if (off < 0 || b[0] != 0 || b[2] != 0 || b[3] != 1)
		return;
	snprintf(mac, 18, "%02x:%02x:%02x:%02x:%02x:%02x", b[off], b[off + 1], b[off + 2],
		 b[off + 3], b[off + 4], b[off + 5]);
}

static int parse_line(const char *line, int family, vn_lease *l)
{
	long long expiry;
	char f2[256];

	*l = (vn_lease){0};
	if (sscanf(line, "%lld %255s %45s %255s %255s", &expiry, f2, l->ip, l->hostname,
		   l->clientid) < 4)
		return -1;
	l->expiry = (time_t)expiry;
	l->family = family;
	if (strcmp(l->hostname, "*") == 0)
		l->hostname[0] = '\0';
	if (strcmp(l->clientid, "*") == 0)
		l->clientid[0] = '\0';
	if (family == AF_INET) {
		snprintf(l->mac, sizeof(l->mac), "%.17s", f2);
	} else {
		l->iaid = (unsigned)strtoul(f2, NULL, 10);
		duid_mac(l->clientid, l->mac);
	}
	return 0;
}

int leases_parse(const char *text, vn_lease **out, size_t *n)
{
	int family = AF_INET;
	vn_lease *v = NULL;
	size_t k = 0;

	for (const char *line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		vn_lease l;
		if (strncmp(line, "duid ", 5) == 0) {
			family = AF_INET6;   /* everything after the server DUID line is DHCPv6 */
			continue;
		}
		if (parse_line(line, family, &l) < 0)
			continue;
		vn_lease *nv = realloc(v, (k + 1) * sizeof(*v));
		if (!nv) {
			free(v);
			return -1;
		}
		v = nv;
		v[k++] = l;
	}
	*out = v;
	*n = k;
	return 0;
}
