/* fuzz-dnsmasq-render.c - libFuzzer property: for any document the parser accepts, the
 * dnsmasq configuration and dhcp-hostsfile, read the way dnsmasq reads them (1024-byte
 * pieces, quotes, comments), give exactly the lines the renderer wrote (no option split
 * off, none cut by a comment or a quote), and every hosts-file line has exactly the fields
 * of its host; addn-hosts lines hold exactly the address and the names of their hosts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/network_xml.h"
#include "dnsmasq/dnsmasq_conf.h"
#include "dnsmasq_reader.h"
#include "util/addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct expect {
	char **lines;
	size_t n, at;
} expect;

static void split_lines(const char *text, expect *e)
{
	char *copy = strdup(text), *save = NULL;

	e->lines = calloc(strlen(text) + 1, sizeof(char *));
	if (!copy || !e->lines)
		abort();
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (l[0] != '#')
			e->lines[e->n++] = strdup(l);
	free(copy);
}

static void expect_free(expect *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->lines[i]);
	free(e->lines);
}

static bool is_option_line(const vn_network *n, const char *line)
{
	for (size_t i = 0; i < n->ndnsmasq_options; i++)
		if (!strcmp(n->dnsmasq_options[i], line))
			return true;
	return false;
}

/* (a) dnsmasq reads line i exactly as rendered: <dnsmasq:option> lines are the admin's text
 * (quotes in them are theirs), but they too must not be split or followed by a piece. */
static void check_read(const char *line, void *data)
{
	void **ctx = data;
	expect *e = ctx[0];
	const vn_network *n = ctx[1];

	if (e->at >= e->n)
		abort();   /* dnsmasq would read a line we never wrote */
	if (strcmp(line, e->lines[e->at]) != 0 && !is_option_line(n, e->lines[e->at]))
		abort();   /* read differently from what we meant */
	e->at++;
}

static void check_text(const char *text, const vn_network *n)
{
	expect e = {0};
	void *ctx[2] = { &e, (void *)n };

	split_lines(text, &e);
	if (dnsmasq_read_lines(text, check_read, ctx) < 0 || e.at != e.n)
		abort();
	expect_free(&e);
}

/* (b) one dhcp-hostsfile line per host of the DHCP <ip> of each family, holding exactly
 * that host's fields: split at every ',' it gives them back one for one. */
static const vn_ip_def *dhcp_ip(const vn_network *n, int family)
{
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].address.family == family && (n->ips[i].nranges || n->ips[i].nhosts))
			return &n->ips[i];
	return NULL;
}

static size_t host_fields(const vn_dhcp_host *h, bool v6, char f[4][512])
{
	char a[VN_ADDR_STRLEN], lt[DNSMASQ_LEASE_STRLEN];
	vn_mac m;
	size_t k = 0;

	addr_format(&h->ip, a);
	if (v6) {
		if (h->id)
			snprintf(f[k++], 512, "id:%s", h->id);
		if (h->name)
			snprintf(f[k++], 512, "%s", h->name);
		snprintf(f[k++], 512, "[%s]", a);
	} else {
		if (h->mac && mac_parse_libvirt(h->mac, &m) == 0)   /* as the network XML reads it */
			mac_format(&m, f[k++]);
		else if (!h->name)
			f[k++][0] = '\0';
		if (h->name && !h->mac)
			snprintf(f[k++], 512, "%s", h->name);
		snprintf(f[k++], 512, "%s", a);
		if (h->name && h->mac)
			snprintf(f[k++], 512, "%s", h->name);
	}
	if (h->lease)
		snprintf(f[k++], 512, "%s", dnsmasq_lease_time(h->lease, lt));
	return k;
}

static const char *check_host_line(const char *line, const vn_dhcp_host *h, bool v6)
{
	char f[4][512];
	size_t n = host_fields(h, v6, f);

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(f[i]);
		if (strncmp(line, f[i], len) != 0 || line[len] != (i + 1 < n ? ',' : '\n'))
			abort();
		line += len + 1;
	}
	return line;
}

static void check_hosts(const char *hosts, const vn_network *n)
{
	const vn_ip_def *ips[2] = { dhcp_ip(n, AF_INET), dhcp_ip(n, AF_INET6) };
	const char *line = hosts;

	for (int f = 0; f < 2; f++)
		for (size_t k = 0; ips[f] && k < ips[f]->nhosts; k++)
			if (addr_valid(&ips[f]->hosts[k].ip))
				line = check_host_line(line, &ips[f]->hosts[k], f == 1);
	if (*line)
		abort();   /* a line no host asked for */
}

/* addn-hosts: "IP\tNAME\t..." and no character dnsmasq would read as more */
static void check_addnhosts(const char *text)
{
	for (const char *p = text; *p; p++)
		if (*p == '#' || *p == ' ' || *p == ',' || (*p < 0x20 && *p != '\t' && *p != '\n'))
			abort();
}

static void render_and_check(vn_network *n)
{
	vn_dnsmasq_paths p = { .conf_file = "/run/virtnet/dnsmasq/x.conf", .pid_file = "/run/virtnet/dnsmasq/x.pid",
			       .lease_file = "/var/lib/virtnet/dnsmasq/x.leases", .hosts_file = "/run/virtnet/dnsmasq/x.hostsfile",
			       .addnhosts_file = "/run/virtnet/dnsmasq/x.addnhosts", .user = "nobody", .interface = "virbr0" };
	vn_dnsmasq_conf c;
	vn_err err = {0};

	if (dnsmasq_conf_render(n, &p, &c, &err) < 0)
		return;
	check_text(c.conf, n);
	check_text(c.hosts, n);
	check_hosts(c.hosts, n);
	check_addnhosts(c.addnhosts);
	dnsmasq_conf_clear(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vn_network *n = NULL;
	vn_err err = {0};

	if (net_parse((const char *)data, size, "(fuzz)", &n, &err) < 0)
		return 0;
	render_and_check(n);
	n->dnsmasq_options_trusted = true;   /* what an admin trusts must not break lines either */
	render_and_check(n);
	net_free(n);
	return 0;
}
