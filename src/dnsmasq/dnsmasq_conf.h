/* dnsmasq_conf.h - dnsmasq configuration, DHCP hosts and DNS hosts text for one network (pure) */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/net_def.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct vn_dnsmasq_paths {
	/* where the conf will be written (for the header comment only) */
	const char *conf_file;
	const char *pid_file;
	/* dhcp-leasefile: dnsmasq's own lease database, kept across restarts */
	const char *lease_file;
	const char *hosts_file;     /* dhcp-hostsfile: static DHCP hosts (reloaded on SIGHUP) */
	const char *addnhosts_file; /* addn-hosts: DNS <host> records (reloaded on SIGHUP) */
	/* unprivileged user dnsmasq drops to, e.g. "nobody" (NULL: dnsmasq's default) */
	const char *user;
	const char *interface;      /* the network's bridge name (NULL: n->bridge) */
} vn_dnsmasq_paths;

typedef struct vn_dnsmasq_conf {
	char *conf;        /* main config text */
	char *hosts;       /* dhcp-hostsfile content ("" when none) */
	char *addnhosts;   /* addn-hosts content ("" when none) */
	/* false when the network needs no dnsmasq at all (no DHCP, DNS disabled, no RA) */
	bool needed;
} vn_dnsmasq_conf;

/* The settings libvirt 10.7's networkDnsmasqConfContents() gives dnsmasq, with our own
 * paths and lease file instead of libvirt's lease helper. pid_file, lease_file, hosts_file
 * and addnhosts_file are required. 0 or a negative errno with err set. *out is overwritten
 * (clear an earlier result first) and left empty on failure. Networks whose bridge is not
 * ours (forward bridge/private/vepa/passthrough/hostdev) get empty texts and needed=false. */
int dnsmasq_conf_render(const vn_network *n, const vn_dnsmasq_paths *p, vn_dnsmasq_conf *out,
			vn_err *err);
void dnsmasq_conf_clear(vn_dnsmasq_conf *c);
/* What dnsmasq_conf_render's `needed` says, without rendering (and whatever the values). */
bool dnsmasq_conf_needed(const vn_network *n);

/* Shared by dnsmasq_conf.c and dnsmasq_hosts.c (and tested directly). */
#define DNSMASQ_LEASE_STRLEN 32
/* libvirt's lease time text: "infinite" for 0, else the number and the unit's first letter
 * ("30m", "2h", "300s"); NULL when l is NULL. */
const char *dnsmasq_lease_time(const vn_lease_time *l, char buf[DNSMASQ_LEASE_STRLEN]);
/* Reverse zone of address/prefix ("122.168.192.in-addr.arpa"); -EINVAL when the prefix is
 * not a whole number of labels (8 bits for IPv4, 4 for IPv6) or is 0 or the full width. */
int dnsmasq_ptr_domain(const vn_addr *a, int prefix, vn_buf *b);
/* dhcp-hostsfile lines for the static hosts of the DHCP <ip> of each family (either may be
 * NULL). Refuses (-EINVAL) a MAC, id or name that is not of its type: a ',' would add fields. */
int dnsmasq_hosts_format(vn_buf *b, const vn_ip_def *v4, const vn_ip_def *v6, vn_err *err);
/* An address a guest port reserves for its MAC (port-create --ip), given by the caller. */
typedef struct vn_dhcp_reservation {
	vn_mac mac;
	vn_addr ip;
} vn_dhcp_reservation;
typedef struct vn_dhcp_reservations {
	vn_dhcp_reservation *v;
	size_t n;
} vn_dhcp_reservations;
void dhcp_reservations_free(vn_dhcp_reservations *res);
/* dhcp-hostsfile lines "MAC,IP" (IPv4) or "MAC,[IP]" (IPv6), one per reservation. */
void dnsmasq_reservations_format(vn_buf *b, const vn_dhcp_reservations *res);
/* addn-hosts lines: "IP<tab>NAME<tab>...<tab>" per address, names of equal addresses merged.
 * Refuses (-EINVAL) a name that is not a host name: white space or '#' would add names. */
int dnsmasq_addnhosts_format(vn_buf *b, const vn_dns_def *d, vn_err *err);
/* dnsmasq reads its configuration and dhcp-hostsfile in pieces of 1024 bytes, the rest of a
 * longer line becoming a line (an option) of its own: -EINVAL for any line over 1023 bytes
 * or any control character but the line break, naming the network, the file and the line. */
int dnsmasq_lines_check(const char *network, const char *what, const char *text, vn_err *err);
