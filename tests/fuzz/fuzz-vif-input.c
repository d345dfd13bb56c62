/* fuzz-vif-input.c - libFuzzer target: vif-virtnet's inputs, typed where they are read.
 *
 * Input starting with '<': a vif journal (<root>/run/virtnet/vifs/<vif>.xml, here vif3.0's in a
 * folder of the fuzzer's own). What the reader accepts has every name of its type, undoes
 * only below our own folders and tables, and each step and the payload format to a fixed
 * point.
 * Any other input: one item a line, "e NAME=VALUE" (environment), "a WORD" (argument),
 * "0 NAME" (the program's name), "x KEY=VALUE" (a xenstore key below $XENBUS_PATH), "b KEY"
 * (listed but unreadable), "L" (xenstore-list fails), "n" (no xenstore-list). What the
 * request parser accepts has every name of its type, reads xenstore only below its own
 * backend path, and renders nft and dnsmasq text the types would accept (no dnsmasq line
 * of 1024 bytes or more); what the renderers refuse is only what the types refuse. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf/xml.h"
#include "helpers/xen/vif_dhcp.h"
#include "helpers/xen/vif_env.h"
#include "helpers/xen/vif_fw.h"
#include "helpers/xen/vif_journal.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/fileio.h"

#define RUN "/run/virtnet"
#define MAX_ITEMS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond) do { if (!(cond)) { fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

/* ---- nft text: only our commands on our table, every string an interface name ---- */
static void check_nft_line(const char *l, size_t n, const char *table)
{
	char fam[16] = "", tab[80] = "";
	int depth = 0;

	require(!strncmp(l, "add ", 4) || !strncmp(l, "flush ", 6) || !strncmp(l, "delete ", 7));
	require(sscanf(l, "%*s %*s %15s %79s", fam, tab) == 2);
	require((!strcmp(fam, "inet") || !strcmp(fam, "bridge")) && !strcmp(tab, table));
	for (size_t i = 0; i < n; i++) {
		if (l[i] == '"') {
			const char *end = memchr(l + i + 1, '"', n - i - 1);
			char s[64];
			require(end && end - (l + i + 1) < (long)sizeof(s));
			snprintf(s, sizeof(s), "%.*s", (int)(end - (l + i + 1)), l + i + 1);
			require(vt_ok(VT_IFNAME, s));
			i = (size_t)(end - l);
			continue;
		}
		require((unsigned char)l[i] >= 0x20 && (unsigned char)l[i] < 0x7f && !strchr("#\\$'`", l[i]));
		depth += l[i] == '{' ? 1 : l[i] == '}' ? -1 : 0;
		require(depth >= 0 && (l[i] != ';' || depth > 0));
	}
	require(depth == 0);
}

static void check_nft(const char *text, const char *table)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		check_nft_line(p, n, table);
		p += n + (p[n] == '\n');
	}
}

/* ---- dnsmasq text: short lines of known options, names and paths of their types ---- */
static void check_dnsmasq(const char *text, const char *dev)
{
	static const char *const keys[] = { "port", "pid-file", "user", "except-interface", "bind-interfaces", "interface",
					    "dhcp-range", "shared-network", "dhcp-host", "dhcp-option", "dhcp-authoritative",
					    "dhcp-leasefile", NULL };
	char want[32];

	snprintf(want, sizeof(want), "interface=%s\n", dev);
	require(strstr(text, want) != NULL);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n"), k = strcspn(p, "=\n");
		size_t i = 0;
		require(n <= VT_DNSMASQ_LINE_MAX);
		for (size_t j = 0; j < n; j++)
			require((unsigned char)p[j] >= 0x20 && (unsigned char)p[j] < 0x7f);
		if (p[0] != '#') {
			while (keys[i] && (strlen(keys[i]) != k || strncmp(p, keys[i], k) != 0))
				i++;
			require(keys[i] != NULL);
		}
		p += n + (p[n] == '\n');
	}
}

/* ---- the request's items ---- */
typedef struct item { char kind; const char *key, *value; } item;
typedef struct items { item v[MAX_ITEMS]; size_t n; } items;

static items in;
static const char *xenbus;   /* the accepted request's backend path */

static void split_items(char *text)
{
	in.n = 0;
	for (char *line = strtok(text, "\n"); line && in.n < MAX_ITEMS; line = strtok(NULL, "\n")) {
		char *eq;
		item it = { .kind = line[0], .key = line[0] && line[1] ? line + 2 : "" };
		if ((it.kind == 'e' || it.kind == 'x') && (eq = strchr(line + 1, '='))) {
			*eq = '\0';
			it.value = eq + 1;
		}
		in.v[in.n++] = it;
	}
}

static const item *find(char kind, const char *key)
{
	for (size_t i = 0; i < in.n; i++)
		if (in.v[i].kind == kind && (!key || !strcmp(in.v[i].key, key)) && (kind != 'e' || in.v[i].value))
			return &in.v[i];
	return NULL;
}

static const char *env_get(const char *name)
{
	const item *it = find('e', name);

	return it ? it->value : NULL;
}

static int fake_read(const char *path, char **out, vn_err *err)
{
	size_t n = strlen(xenbus);
	const item *it;

	require(strncmp(path, xenbus, n) == 0 && path[n] == '/');   /* only below its own backend path */
	if (find('b', path + n + 1) || !(it = find('x', path + n + 1)) || !it->value)
		return vn_err_set(err, EIO, "xenstore-read %s: exited with status 1", path);
	*out = strdup(it->value);
	return *out ? 0 : -ENOMEM;
}

static int fake_list(const char *path, char **out, vn_err *err)
{
	char buf[4096] = "";
	size_t k = 0;

	require(strcmp(path, xenbus) == 0);
	if (find('L', NULL))
		return vn_err_set(err, EIO, "xenstore-list %s: exited with status 1", path);
	for (size_t i = 0; i < in.n && k < sizeof(buf); i++)
		if (in.v[i].kind == 'x' || in.v[i].kind == 'b')
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s\n", in.v[i].key);
	*out = strdup(buf);
	return *out ? 0 : -ENOMEM;
}

/* ---- what an accepted request renders ---- */
typedef struct plan {
	vif_ip ips[VIF_IP_MAX];
	size_t nips;
	vif_guest_opts o;
	vif_nat_addr nat;
	vn_addr local, guest;
	int prefix;
	bool dhcp;
} plan;

/* As vif_routed.c and vif_bridge.c plan it (route mode's own address from netlink there). */
static int make_plan(const vif_req *q, plan *p, vn_err *err)
{
	int rc = vif_ip_list_parse(q->ip, p->ips, &p->nips, err);

	if (rc < 0 || (rc = vif_guest_opts_parse(q->mac, q->rate, &p->o, err)) < 0 || q->mode == VIF_MODE_BRIDGE)
		return rc;
	addr_parse("192.0.2.1", AF_INET, &p->local);
	if (q->mode == VIF_MODE_ROUTE) {
		for (size_t i = 0; i < p->nips && !p->dhcp; i++)
			if (p->ips[i].prefix < 0 || p->ips[i].prefix == 32)
				p->dhcp = true, p->guest = p->ips[i].addr, p->prefix = 32;
		return 0;
	}
	if (p->nips > 1 || (p->nips == 0 && q->domid < 0))
		return vn_err_set(err, EINVAL, "refused");
	rc = p->nips ? vif_nat_from_ip(&p->ips[0], &p->nat, err) : vif_nat_default(q->domid, q->devid, &p->nat, err);
	p->local = p->nat.gateway, p->guest = p->nat.guest, p->prefix = p->nat.prefix, p->dhcp = true;
	p->ips[0] = (vif_ip){ .addr = p->nat.guest, .prefix = 32 };
	p->nips = 1;
	return rc;
}

static void render_nft(const vif_req *q, const plan *p)
{
	const char *t = env_get("VIRTNET_NFT_TABLE");
	vif_fw_spec fs = { .dev = q->dev, .mode = q->mode, .ips = p->ips, .nips = p->nips, .nat_guest = p->nat.guest,
			   .nat_prefix = p->nat.prefix, .netdev = q->netdev, .rate = p->o.has_rate ? &p->o.rate : NULL };
	/* the family vif_bridge.c and vif_routed.c apply their text in */
	const char *family = q->mode == VIF_MODE_BRIDGE ? "bridge" : "inet";
	char table[128], *text = NULL;
	vn_err err = {0};
	int rc;

	snprintf(table, sizeof(table), "%s_vif", t && *t ? t : "virtnet");
	rc = vif_fw_render_add(table, &fs, &text, &err);
	require((rc == 0) == vt_ok(VT_NFT_NAME, table));   /* refused only for the table */
	if (rc < 0) {
		require(err.msg[0] && !text);
		return;
	}
	check_nft(text, table);
	free(text);
	require(vif_fw_render_remove(family, table, q->dev, false, &text, &err) == 0);
	check_nft(text, table);
	free(text);
}

static void render_dnsmasq(const vif_req *q, const plan *p)
{
	const char *user = env_get("VIRTNET_DNSMASQ_USER");
	vif_dhcp_spec ds = { .dev = q->dev, .guest = p->guest, .prefix = p->prefix, .router = p->local,
			     .mac = p->o.has_mac ? &p->o.mac : NULL, .user = user && *user ? user : "nobody" };
	vif_dhcp_files f;
	char *text = NULL;
	vn_err err = {0};
	int rc;

	require(vif_dhcp_files_of(RUN, q->dev, &f) == 0);
	ds.conf = f.conf, ds.pid = f.pid, ds.leases = f.leases;
	rc = vif_dhcp_render(&ds, &text, &err);
	require((rc == 0) == vt_ok(VT_USER_NAME, ds.user));   /* refused only for the user */
	if (rc == 0)
		check_dnsmasq(text, q->dev);
	else
		require(err.msg[0] && !text);
	free(text);
}

static void check_request(vif_req *q)
{
	vif_xs_ops ops = { .read = fake_read, .list = find('n', NULL) ? NULL : fake_list };
	vn_err err = {0};
	plan p = {0};
	int dom, dev;

	require(vt_ok(VT_IFNAME, q->dev));
	require(!q->xenbus_path[0] || vif_xenbus_parse(q->xenbus_path, &dom, &dev) == 0);
	xenbus = q->xenbus_path;
	if (vif_req_apply_store(q, &ops, &err) < 0) {
		require(err.msg[0]);
		return;
	}
	require(!q->bridge || !*q->bridge || vt_ok(VT_IFNAME, q->bridge));
	require(!q->netdev || !*q->netdev || vt_ok(VT_IFNAME, q->netdev));
	if (make_plan(q, &p, &err) < 0) {
		require(err.msg[0]);
		return;
	}
	render_nft(q, &p);
	if (p.dhcp)
		render_dnsmasq(q, &p);
}

static void fuzz_request(char *text)
{
	char *argv[MAX_ITEMS + 2];   /* the name, the arguments, NULL */
	const item *name;
	int argc = 1;
	vif_req q;
	vn_err err = {0};

	split_items(text);
	name = find('0', NULL);
	argv[0] = (char *)(name ? name->key : "vif-virtnet");
	for (size_t i = 0; i < in.n; i++)
		if (in.v[i].kind == 'a')
			argv[argc++] = (char *)in.v[i].key;
	argv[argc] = NULL;
	if (vif_req_parse(argc, argv, env_get, &q, &err) < 0) {
		require(err.msg[0]);
		return;
	}
	if (!q.skip)
		check_request(&q);
	vif_req_free(&q);
}

/* ---- journals ---- */
static void check_step(const vif_journal *vj, const vif_step *s)
{
	char family[8], table[80], *text = NULL;
	vn_err err = {0};
	uint8_t u[16];

	if (s->kind == VS_SYSCTL || s->kind == VS_FORWARDING)
		require(vt_ok(VT_SYSCTL, s->name) && !strncmp(s->name, "net/", 4) &&
			vt_ok(VT_SYSCTL_VALUE, s->value));
	if (s->kind == VS_MASTER)
		require(vt_ok(VT_IFNAME, s->name));
	if (s->kind == VS_DNSMASQ)
		require(!s->name[0]);   /* its files are named after the device alone */
	if (s->kind == VS_PORT)
		require(vt_ok(VT_FILE_NAME, s->value) && uuid_parse(s->name, u) == 0 &&
			!strchr(s->name, '/'));
	if (s->kind != VS_FIREWALL)
		return;
	require(vif_step_fw_table(s->name, family, table) == 0);
	for (int whole = 0; whole < 2; whole++) {
		require(vif_fw_render_remove(family, table, vj->dev, whole, &text, &err) == 0);
		check_nft(text, table);
		free(text);
	}
}

static char *step_text(int kind, const vif_step *s)
{
	vn_buf b = {0};

	buf_add(&b, "<step");
	vif_journal_type.format(&b, kind, s);
	buf_add(&b, "/>");
	return buf_steal(&b);
}

/* A step formats to what parses back to the same text. */
static void step_fixed_point(int kind, const vif_step *s)
{
	char *text = step_text(kind, s), *again;
	xmlDocPtr doc = NULL;
	vif_step back;
	vn_err err = {0};

	require(text && xml_read(text, strlen(text), "(formatted)", "step", &doc, &err) == 0);
	require(vif_journal_type.parse(xmlDocGetRootElement(doc), kind, &back, &err) == 0);
	again = step_text(kind, &back);
	require(again && strcmp(text, again) == 0);
	xmlFreeDoc(doc);
	free(again);
	free(text);
}

static char dir[64], vifs[80], path[128];

static void remove_dir(void)
{
	unlink(path);
	rmdir(vifs);
	rmdir(dir);
}

/* The input as vif3.0's journal in the fuzzer's own run folder (made once). */
static bool journal_file(const char *data, size_t size)
{
	vn_err err = {0};

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz-vif-input.XXXXXX");
		require(mkdtemp(dir));
		snprintf(vifs, sizeof(vifs), "%s/vifs", dir);
		require(mkdir_p(vifs, 0755) == 0);
		require(vif_journal_path(dir, "vif3.0", path, sizeof(path)) == 0);
		atexit(remove_dir);
	}
	return file_write_volatile(path, data, size, 0644, &err) == 0;
}

/* The payload, written again, reads back as it was. */
static void payload_fixed_point(const vif_journal *vj)
{
	vif_journal copy = { .ifindex = vj->ifindex, .mode = vj->mode, .tap = vj->tap,
			     .j = { .fd = -1 } }, back;
	vn_err err = {0};

	snprintf(copy.dev, sizeof(copy.dev), "%s", vj->dev);
	require(vif_journal_create(&copy, path, &err) == 0);
	require(vif_journal_read(path, &back, &err) == 0);
	require(!strcmp(back.dev, vj->dev) && back.ifindex == vj->ifindex);
	require(back.mode == vj->mode && back.tap == vj->tap);
	vif_journal_free(&back);
	vif_journal_free(&copy);
}

static void fuzz_journal(const char *data, size_t size)
{
	vif_journal vj;
	vn_err err = {0};

	if (!journal_file(data, size))
		return;
	if (vif_journal_read(path, &vj, &err) < 0) {
		require(err.msg[0] && !vj.j.doc && !vj.j.nsteps);
		return;
	}
	require(vt_ok(VT_IFNAME, vj.dev) && vj.ifindex > 0);
	for (size_t i = 0; i < vj.j.nsteps; i++) {
		check_step(&vj, vj.j.steps[i].data);
		step_fixed_point(vj.j.steps[i].kind, vj.j.steps[i].data);
	}
	payload_fixed_point(&vj);
	vif_journal_free(&vj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (size && data[0] == '<')
		fuzz_journal(text, size);
	else
		fuzz_request(text);
	free(text);
	return 0;
}
