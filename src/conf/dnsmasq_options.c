/* dnsmasq_options.c - which <dnsmasq:option>s a definition may carry without trust */
#include "conf/dnsmasq_options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

/* dnsmasq 2.90's options that act only on the answers this network's dnsmasq gives its guests. */
static const char *const safe_keys[] = {
	"add-cpe-id",
	"add-mac",
	"add-subnet",
	"address",
	"alias",
	"all-servers",
	"auth-peer",
	"auth-sec-servers",
	"auth-soa",
	"auth-ttl",
	"auth-zone",
	"bogus-nxdomain",
	"bogus-priv",
	"caa-record",
	"cache-size",
	"clear-on-reload",
	"cname",
	"dhcp-authoritative",
	"dhcp-boot",
	"dhcp-broadcast",
	"dhcp-circuitid",
	"dhcp-client-update",
	"dhcp-duid",
	"dhcp-fqdn",
	"dhcp-generate-names",
	"dhcp-host",
	"dhcp-ignore",
	"dhcp-ignore-clid",
	"dhcp-ignore-names",
	"dhcp-lease-max",
	"dhcp-mac",
	"dhcp-match",
	"dhcp-name-match",
	"dhcp-no-override",
	"dhcp-option",
	"dhcp-option-force",
	"dhcp-proxy",
	"dhcp-pxe-vendor",
	"dhcp-range",
	"dhcp-rapid-commit",
	"dhcp-remoteid",
	"dhcp-reply-delay",
	"dhcp-sequential-ip",
	"dhcp-subscrid",
	"dhcp-ttl",
	"dhcp-userclass",
	"dhcp-vendorclass",
	"dns-forward-max",
	"dns-loop-detect",
	"dns-rr",
	"dnssec",
	"dnssec-check-unsigned",
	"dnssec-no-timecheck",
	"domain",
	"domain-needed",
	"edns-packet-max",
	"enable-ra",
	"expand-hosts",
	"fast-dns-retry",
	"filter-A",
	"filter-AAAA",
	"filter-rr",
	"filterwin2k",
	"host-record",
	"ignore-address",
	"interface-name",
	"local",
	"local-service",
	"local-ttl",
	"localise-queries",
	"log-async",
	"log-dhcp",
	"log-queries",
	"max-cache-ttl",
	"max-ttl",
	"min-cache-ttl",
	"mx-host",
	"mx-target",
	"naptr-record",
	"neg-ttl",
	"no-negcache",
	"no-ping",
	"no-resolv",
	"no-round-robin",
	"proxy-dnssec",
	"ptr-record",
	"pxe-prompt",
	"pxe-service",
	"quiet-dhcp",
	"quiet-dhcp6",
	"quiet-ra",
	"ra-param",
	"rebind-domain-ok",
	"rebind-localhost-ok",
	"rev-server",
	"selfmx",
	"server",
	"srv-host",
	"stop-dns-rebind",
	"strict-order",
	"strip-mac",
	"strip-subnet",
	"synth-domain",
	"tag-if",
	"trust-anchor",
	"txt-record",
	"umbrella",
	"use-stale-cache",
	NULL,
};
static const char *const program_keys[] = {
	"dhcp-luascript", "dhcp-script", "dhcp-scriptuser", "script-arp", "script-on-renewal",
	"conf-script",    NULL,
};
static const char *const file_keys[] = {
	"addn-hosts",     "conf-dir",       "conf-file",    "dhcp-hostsdir",
	"dhcp-hostsfile", "dhcp-leasefile", "dhcp-optsdir", "dhcp-optsfile",
	"dumpfile",       "enable-tftp",    "hostsdir",     "leasefile-ro",
	"log-facility",   "pid-file",       "read-ethers",  "resolv-file",
	"servers-file",   "tftp-root",      NULL,
};
static const char *const beyond_keys[] = {
	"bind-dynamic",
	"bind-interfaces",
	"connmark-allowlist",
	"connmark-allowlist-enable",
	"dhcp-alternate-port",
	"dhcp-relay",
	"except-interface",
	"group",
	"interface",
	"ipset",
	"listen-address",
	"max-port",
	"min-port",
	"nftset",
	"no-dhcp-interface",
	"no-dhcpv4-interface",
	"no-dhcpv6-interface",
	"port",
	"query-port",
	"user",
	NULL,
};

static bool listed(const char *key, size_t n, const char *const *keys)
{
	for (; *keys; keys++)
		if (strlen(*keys) == n && strncmp(*keys, key, n) == 0)
			return true;
	return false;
}

/* auth-server=DOMAIN[,INTERFACE|ADDRESS...]: with none listed it answers where dnsmasq
 * already listens (the network's bridge); a listed one makes it listen there too. */
static vn_dopt_class auth_server_class(const char *rest)
{
	const char *comma = strchr(rest, ',');

	if (!comma)
		return DOPT_SAFE;
	return comma[1 + strspn(comma + 1, " \t")] ? DOPT_BEYOND : DOPT_SAFE;
}

vn_dopt_class dnsmasq_option_class(const char *line)
{
	const char *key = line + strspn(line, " \t");
	size_t n = strcspn(key, "=");

	while (n > 0 && (key[n - 1] == ' ' || key[n - 1] == '\t'))
		n--;
	if (listed(key, n, program_keys))
		return DOPT_PROGRAM;
	if (listed(key, n, file_keys) || (n > 5 && strncmp(key, "tftp-", 5) == 0))
		return DOPT_FILES;
	if (listed(key, n, beyond_keys))
		return DOPT_BEYOND;
	if (n == 11 && strncmp(key, "auth-server", 11) == 0)
		return auth_server_class(key + n);
	return listed(key, n, safe_keys) ? DOPT_SAFE : DOPT_UNKNOWN;
}

const char *dnsmasq_option_risk(vn_dopt_class c)
{
	switch (c) {
	case DOPT_PROGRAM:
		return "runs a program as root";
	case DOPT_FILES:
		return "reads, writes or serves files of the host";
	case DOPT_BEYOND:
		return "acts beyond the network's own bridge (other interfaces, ports, users or "
		       "firewall sets)";
	case DOPT_UNKNOWN:
		return "is not an option virtnet knows to be harmless";
	default:
		return "shapes only this network's DHCP and DNS answers";
	}
}

const char *dnsmasq_options_first_unsafe(const vn_network *n)
{
	for (size_t i = 0; i < n->ndnsmasq_options; i++)
		if (dnsmasq_option_class(n->dnsmasq_options[i]) != DOPT_SAFE)
			return n->dnsmasq_options[i];
	return NULL;
}

static bool has_option(const vn_network *n, const char *line)
{
	for (size_t i = 0; n && i < n->ndnsmasq_options; i++)
		if (streq(n->dnsmasq_options[i], line))
			return true;
	return false;
}

/* prev was trusted and already carried every option of n that needs trust */
static bool trust_carries_over(const vn_network *n, const vn_network *prev)
{
	if (!prev || !prev->dnsmasq_options_trusted)
		return false;
	for (size_t i = 0; i < n->ndnsmasq_options; i++)
		if (dnsmasq_option_class(n->dnsmasq_options[i]) != DOPT_SAFE &&
		    !has_option(prev, n->dnsmasq_options[i]))
			return false;
	return true;
}

void dnsmasq_options_note(const vn_network *n, vn_notes *notes)
{
	size_t total = 0;
	char *list;

	if (!n->ndnsmasq_options)
		return;
	for (size_t i = 0; i < n->ndnsmasq_options; i++)
		total += strlen(n->dnsmasq_options[i]) + 2;
	list = calloc(1, total + 1);
	if (!list)
		return;
	for (size_t i = 0; i < n->ndnsmasq_options; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, n->dnsmasq_options[i]);
	}
	vn_note(notes,
		"network '%s' gives dnsmasq %zu option%s as they are (<dnsmasq:options>): %s",
		n->name, n->ndnsmasq_options, n->ndnsmasq_options == 1 ? "" : "s", list);
	free(list);
}

int dnsmasq_options_admit(vn_network *n, bool trust, const vn_network *prev, vn_notes *notes,
			  vn_err *err)
{
	const char *unsafe = dnsmasq_options_first_unsafe(n);

	n->dnsmasq_options_trusted = false;
	if (!n->ndnsmasq_options)
		return 0;
	dnsmasq_options_note(n, notes);
	if (!unsafe)
		return 0;
	if (!trust && !trust_carries_over(n, prev))
		return vn_err_set(err, EPERM,
				  "network '%s': <dnsmasq:option value='%s'> %s; virtnet passes "
				  "such options only "
				  "to a definition its admin trusts: define it with "
				  "--trust-dnsmasq-options, or remove the option",
				  n->name, unsafe,
				  dnsmasq_option_risk(dnsmasq_option_class(unsafe)));
	n->dnsmasq_options_trusted = true;
	return 0;
}
