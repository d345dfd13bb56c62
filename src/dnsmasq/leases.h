/* leases.h - dnsmasq's lease file as a list of leases (pure parsing) */
#pragma once
#include <stddef.h>
#include <time.h>

#include "util/err.h"

typedef struct vn_lease {
	time_t expiry;        /* 0: infinite */
	int family;           /* AF_INET or AF_INET6 */
	char mac[18];         /* "" when unknown (IPv6 without a MAC-based DUID) */
	char ip[46];
	char hostname[256];   /* "" when none */
	char clientid[256];   /* client id (IPv4) or DUID (IPv6), "" when none */
	unsigned iaid;
} vn_lease;

/* Parse the text of a dnsmasq lease file. Lines that do not parse are skipped. */
int leases_parse(const char *text, vn_lease **out, size_t *n);
/* The MAC inside a DUID-LLT or DUID-LL (ethernet), or "" */
void duid_mac(const char *duid, char mac[18]);
