/* test-dnsmasq-conf.c - dnsmasq conf/hosts goldens, libvirt's xml2conf cases (semantic), errors */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "golden.h"

#include "conf/network_xml.h"
#include "dnsmasq/dnsmasq_conf.h"
#include "util/fileio.h"

#define GOLDEN_DIR TEST_DATA_DIR "/dnsmasq"

/* A golden file that does not exist stands for empty output. */
static vn_network *parse_text(const char *data, const char *what)
{
	vn_network *n = NULL;
	vn_err err = {0};

	if (net_parse(data, strlen(data), what, &n, &err) < 0)
		fail_msg("%s: %s", what, err.msg);
	return n;
}

/* The paths every golden file is rendered with. */
typedef struct fixed_paths {
	char conf[512], pid[512], leases[512], hosts[512], addn[512];
	vn_dnsmasq_paths p;
} fixed_paths;

/* Paths named after the network (ours use its UUID), with what a path cannot carry as '_'. */
static void fixed_paths_init(fixed_paths *f, const vn_network *n)
{
	char name[256];

	snprintf(name, sizeof(name), "%s", n->name);
	for (char *c = name; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *c))
			*c = '_';
	snprintf(f->conf, sizeof(f->conf), "/run/virtnet/dnsmasq/%s.conf", name);
	snprintf(f->pid, sizeof(f->pid), "/run/virtnet/dnsmasq/%s.pid", name);
	snprintf(f->leases, sizeof(f->leases), "/var/lib/virtnet/dnsmasq/%s.leases", name);
	snprintf(f->hosts, sizeof(f->hosts), "/run/virtnet/dnsmasq/%s.hostsfile", name);
	snprintf(f->addn, sizeof(f->addn), "/run/virtnet/dnsmasq/%s.addnhosts", name);
	f->p = (vn_dnsmasq_paths){ .conf_file = f->conf, .pid_file = f->pid, .lease_file = f->leases,
				   .hosts_file = f->hosts, .addnhosts_file = f->addn, .user = "nobody",
				   .interface = n->bridge };
}

/* ---- golden files: tests/data/dnsmasq/NAME.xml -> NAME.conf, NAME.hostsfile, NAME.addnhosts ---- */

/* First line <!-- error: MESSAGE -->: rendering must fail with exactly that message ('\x2d'
 * stands for '-': a comment cannot hold "--"). */
static void expect_error(const vn_network *n, const char *data, const char *file)
{
	const char *s = data + strlen("<!-- error: "), *e = strstr(s, " -->\n");
	char want[1024];
	size_t k = 0;
	fixed_paths f;
	vn_dnsmasq_conf c;
	vn_err err = {0};

	assert_non_null(e);
	for (const char *p = s; p < e && k + 1 < sizeof(want); p++)
		want[k++] = strncmp(p, "\\x2d", 4) == 0 ? (p += 3, '-') : *p;
	want[k] = '\0';
	fixed_paths_init(&f, n);
	if (dnsmasq_conf_render(n, &f.p, &c, &err) == 0)
		fail_msg("%s: rendered, expected error: %s", file, want);
	if (strcmp(err.msg, want) != 0)
		fail_msg("%s:\n  expected: %s\n  got:      %s", file, want, err.msg);
	assert_null(c.conf);
	assert_null(c.hosts);
	assert_null(c.addnhosts);
}

static void golden_one(const char *file)
{
	char path[4096];
	fixed_paths f;
	vn_dnsmasq_conf c;
	vn_err err = {0};
	int base = (int)(strlen(file) - 4);

	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, file);
	char *data = golden_read(path);
	vn_network *n = parse_text(data, file);
	if (!strncmp(data, "<!-- error: ", 12)) {
		expect_error(n, data, file);
	} else {
		fixed_paths_init(&f, n);
		if (dnsmasq_conf_render(n, &f.p, &c, &err) < 0)
			fail_msg("%s: %s", file, err.msg);
		/* <!-- needed: no ... --> marks the networks that need no dnsmasq */
		assert_int_equal(c.needed, strncmp(data, "<!-- needed: no", 15) != 0);
		const char *ext[] = { "conf", "hostsfile", "addnhosts" };
		const char *got[] = { c.conf, c.hosts, c.addnhosts };
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "%s/%.*s.%s", GOLDEN_DIR, base, file, ext[i]);
			golden_check(path, got[i]);
		}
		dnsmasq_conf_clear(&c);
	}
	net_free(n);
	free(data);
}

/* ---- libvirt's xml2conf cases, compared semantically ----
 * Both texts become a set of option lines. Not compared:
 *   - comments and blank lines (libvirt's header names virsh, ours virtnet);
 *   - pid-file: libvirt's test renders without one, we always write ours;
 *   - user: libvirt leaves dnsmasq's built-in default, we name the user;
 *   - dhcp-leasefile, dhcp-script, leasefile-ro: libvirt keeps leases through its
 *     leases helper (given on the command line), we let dnsmasq keep its own file.
 * Compared by presence only (the value is a path of ours, replaced by "<path>"):
 *   - dhcp-hostsfile, addn-hosts.
 * Listening mode: libvirt writes bind-dynamic, we write bind-interfaces (both bind only
 * to the bridge's addresses; bind-dynamic also follows address changes, which makes every
 * dnsmasq on the host re-scan its interfaces whenever any address changes anywhere: with
 * one dnsmasq per network, start time then grows with the number of networks. Our bridge
 * addresses are all in place, IPv6 without DAD, before dnsmasq starts). Both are compared
 * as "bind-to-interface".
 * Every other line, with its value, must be in both sets (except-interface=lo and
 * interface=BRIDGE included). */
static const char *const ignored_keys[] = { "pid-file", "user", "dhcp-leasefile", "dhcp-script", "leasefile-ro" };
static const char *const path_keys[] = { "dhcp-hostsfile", "addn-hosts" };
#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

static bool key_in(const char *line, size_t keylen, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(keys[i]) == keylen && !strncmp(line, keys[i], keylen))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct line_set { char **v; size_t n; } line_set;

static void line_set_free(line_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static void line_set_add(line_set *s, char *line)
{
	s->v = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	assert_non_null(s->v);
	s->v[s->n++] = line;
}

/* Sorted, without duplicates; conf_keys applies the rules above (hosts files: verbatim). */
static line_set normalize(const char *text, bool conf_keys)
{
	line_set s = {0};

	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t keylen = strcspn(p, "=\n");
		bool skip = len == 0 || (conf_keys && (*p == '#' || key_in(p, keylen, ignored_keys, NKEYS(ignored_keys))));
		char *line = NULL;
		if (!skip && conf_keys && key_in(p, keylen, path_keys, NKEYS(path_keys)))
			assert_true(asprintf(&line, "%.*s=<path>", (int)keylen, p) > 0);
		else if (!skip && conf_keys && (!strncmp(p, "bind-dynamic", len) || !strncmp(p, "bind-interfaces", len)))
			line = strdup("bind-to-interface");
		else if (!skip)
			line = strndup(p, len);
		if (line)
			line_set_add(&s, line);
		p += len + (e != NULL);
	}
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (k && !strcmp(s.v[k - 1], s.v[i]))
			free(s.v[i]);
		else
			s.v[k++] = s.v[i];
	}
	s.n = k;
	return s;
}

/* Lines only in a ("-") or only in b ("+"), appended to out. */
static void set_diff(const line_set *a, const line_set *b, char *out, size_t len)
{
	size_t i = 0, j = 0, used = strlen(out);

	while ((i < a->n || j < b->n) && used + 1 < len) {
		int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i], b->v[j]);
		if (c == 0) {
			i++, j++;
			continue;
		}
		used += (size_t)snprintf(out + used, len - used, "\n  %s %s", c < 0 ? "libvirt only:" : "virtnet only:",
					 c < 0 ? a->v[i++] : b->v[j++]);
		if (used >= len)
			break;
	}
}

static bool same_sets(const char *want, const char *got, bool conf_keys, char *diff, size_t len)
{
	line_set a = normalize(want, conf_keys), b = normalize(got, conf_keys);

	set_diff(&a, &b, diff, len);
	line_set_free(&a);
	line_set_free(&b);
	return diff[0] == '\0';
}

typedef struct conformance_case {
	char dir[2048];
	char name[256], xml[512], conf[512], hosts[512];   /* hosts: "" when the manifest says "-" */
} conformance_case;

static void conformance_one(const conformance_case *k)
{
	char path[4096], diff[8192] = "";
	fixed_paths f;
	vn_dnsmasq_conf c;
	vn_err err = {0};

	snprintf(path, sizeof(path), "%s/%s", k->dir, k->xml);
	char *data = golden_read(path);
	vn_network *n = parse_text(data, k->xml);
	n->dnsmasq_options_trusted = true;   /* libvirt's cases: as an admin defines them with --trust-dnsmasq-options */
	fixed_paths_init(&f, n);
	if (dnsmasq_conf_render(n, &f.p, &c, &err) < 0)
		fail_msg("%s: %s", k->name, err.msg);
	snprintf(path, sizeof(path), "%s/%s", k->dir, k->conf);
	char *want = golden_read(path);
	if (!same_sets(want, c.conf, true, diff, sizeof(diff)))
		fail_msg("%s: dnsmasq settings differ from libvirt's %s:%s\n--- ours:\n%s", k->name, k->conf, diff, c.conf);
	free(want);
	if (!k->hosts[0]) {
		if (c.hosts[0])
			fail_msg("%s: libvirt writes no DHCP hosts, we wrote:\n%s", k->name, c.hosts);
	} else {
		snprintf(path, sizeof(path), "%s/%s", k->dir, k->hosts);
		want = golden_read(path);
		if (!same_sets(want, c.hosts, false, diff, sizeof(diff)))
			fail_msg("%s: DHCP hosts differ from libvirt's %s:%s", k->name, k->hosts, diff);
		free(want);
	}
	dnsmasq_conf_clear(&c);
	net_free(n);
	free(data);
}

/* ---- direct tests ---- */

static void lease_time_text(void **state)
{
	char buf[DNSMASQ_LEASE_STRLEN];
	const struct { vn_lease_time l; const char *want; } cases[] = {
		{ { 0, LEASE_MINUTES }, "infinite" }, { { 0, LEASE_HOURS }, "infinite" },
		{ { 120, LEASE_SECONDS }, "120s" }, { { 30, LEASE_MINUTES }, "30m" },
		{ { 24, LEASE_HOURS }, "24h" }, { { 18446744073709551615ull, LEASE_SECONDS }, "18446744073709551615s" },
	};
	(void)state;

	assert_null(dnsmasq_lease_time(NULL, buf));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(dnsmasq_lease_time(&cases[i].l, buf), cases[i].want);
}

static void ptr_domain_one(const char *addr, int prefix, const char *want)
{
	vn_addr a;
	vn_buf b = {0};

	assert_int_equal(addr_parse(addr, 0, &a), 0);
	int r = dnsmasq_ptr_domain(&a, prefix, &b);
	char *got = buf_steal(&b);
	if (want) {
		assert_int_equal(r, 0);
		assert_string_equal(got, want);
	} else {
		assert_int_equal(r, -EINVAL);
	}
	free(got);
}

static void ptr_domains(void **state)
{
	(void)state;
	ptr_domain_one("10.1.2.3", 8, "10.in-addr.arpa");
	ptr_domain_one("10.1.2.3", 16, "1.10.in-addr.arpa");
	ptr_domain_one("192.168.122.1", 24, "122.168.192.in-addr.arpa");
	ptr_domain_one("2001:db8::1", 32, "8.b.d.0.1.0.0.2.ip6.arpa");
	ptr_domain_one("2001:db8:ac10:fe01::1", 64, "1.0.e.f.0.1.c.a.8.b.d.0.1.0.0.2.ip6.arpa");
	ptr_domain_one("fd00:abcd::1", 20, "a.0.0.d.f.ip6.arpa");
	ptr_domain_one("10.1.2.3", 0, NULL);
	ptr_domain_one("10.1.2.3", 12, NULL);
	ptr_domain_one("10.1.2.3", 32, NULL);
	ptr_domain_one("2001:db8::1", 128, NULL);
	ptr_domain_one("2001:db8::1", 66, NULL);
}

static bool needed_for(const char *xml)
{
	vn_network *n = parse_text(xml, "inline");
	fixed_paths f;
	vn_dnsmasq_conf c;
	vn_err err = {0};

	fixed_paths_init(&f, n);
	if (dnsmasq_conf_render(n, &f.p, &c, &err) < 0)
		fail_msg("%s", err.msg);
	bool needed = c.needed;
	dnsmasq_conf_clear(&c);
	net_free(n);
	return needed;
}

static void needed_rules(void **state)
{
	(void)state;
	/* DNS on by default */
	assert_true(needed_for("<network><name>a</name><bridge name='b0'/><ip address='10.0.0.1' prefix='24'/></network>"));
	/* DNS off: only DHCP, TFTP or an IPv6 address (router advertisements) need dnsmasq */
	assert_false(needed_for("<network><name>a</name><bridge name='b0'/><dns enable='no'/>"
				"<ip address='10.0.0.1' prefix='24'/></network>"));
	assert_true(needed_for("<network><name>a</name><bridge name='b0'/><dns enable='no'/>"
			       "<ip address='10.0.0.1' prefix='24'><tftp root='/srv'/></ip></network>"));
	assert_true(needed_for("<network><name>a</name><bridge name='b0'/><dns enable='no'/><ip address='10.0.0.1' prefix='24'>"
			       "<dhcp><host mac='52:54:00:00:00:01' ip='10.0.0.5'/></dhcp></ip></network>"));
	assert_true(needed_for("<network><name>a</name><bridge name='b0'/><dns enable='no'/>"
			       "<ip family='ipv6' address='fd00::1' prefix='64'/></network>"));
	/* no address on the bridge, or not a bridge of ours */
	assert_false(needed_for("<network><name>a</name><bridge name='b0'/></network>"));
	assert_false(needed_for("<network><name>a</name><forward mode='bridge'/><bridge name='br0'/></network>"));
	assert_false(needed_for("<network><name>a</name><forward mode='passthrough' dev='eth9'/></network>"));
}

static void interface_and_paths(void **state)
{
	vn_network *n = parse_text("<network><name>a</name><bridge name='virbr0'/><ip address='10.0.0.1' prefix='24'>"
				   "<dhcp><range start='10.0.0.2' end='10.0.0.3'/></dhcp></ip></network>", "inline");
	fixed_paths f;
	vn_dnsmasq_conf c;
	vn_err err = {0};
	(void)state;

	fixed_paths_init(&f, n);
	f.p.interface = "vnbr7";
	f.p.user = NULL;
	f.p.conf_file = NULL;
	assert_int_equal(dnsmasq_conf_render(n, &f.p, &c, &err), 0);
	assert_non_null(strstr(c.conf, "\ninterface=vnbr7\n"));
	assert_null(strstr(c.conf, "virbr0"));
	assert_null(strstr(c.conf, "user="));
	assert_non_null(strstr(c.conf, "\ndhcp-leasefile=/var/lib/virtnet/dnsmasq/a.leases\n"));
	assert_string_equal(c.hosts, "");
	assert_string_equal(c.addnhosts, "");
	dnsmasq_conf_clear(&c);
	dnsmasq_conf_clear(&c);
	dnsmasq_conf_clear(NULL);

	f.p.lease_file = NULL;
	assert_int_equal(dnsmasq_conf_render(n, &f.p, &c, &err), -EINVAL);
	assert_string_equal(err.msg, "internal error: dnsmasq file paths of network 'a' are incomplete");
	assert_null(c.conf);
	f.p.lease_file = "/var/lib/x\n.leases";
	assert_int_equal(dnsmasq_conf_render(n, &f.p, &c, &err), -EINVAL);
	assert_string_equal(err.msg, "network 'a': the dnsmasq file '/var/lib/x\\x0a.leases' is not an absolute path: use '/' and at most 1000 bytes in all, no control character, '\"', '\\', ',' or ' #', no space at either end");
	net_free(n);
}


/* Whoever built the model (not only our parser), the renderer refuses every string field
 * holding what dnsmasq would read as something else: a value of 2000 bytes (split into a
 * new option at 1024), a field separator, a line break. */
static char **field_slot(vn_network *n, int i)
{
	char **slots[] = { &n->domain, &n->dns.forwarders[0].domain, &n->dns.txts[0].name, &n->dns.txts[0].value,
			   &n->dns.hosts[0].names[0], &n->dns.srvs[0].service, &n->dns.srvs[0].protocol,
			   &n->dns.srvs[0].domain, &n->dns.srvs[0].target, &n->ips[0].tftp_root, &n->ips[0].boot_file,
			   &n->ips[0].hosts[0].mac, &n->ips[0].hosts[0].name, &n->ips[1].hosts[0].id,
			   &n->ips[1].hosts[0].name, &n->dnsmasq_options[0], &n->bridge, &n->name };
	return i < (int)(sizeof(slots) / sizeof(slots[0])) ? slots[i] : NULL;
}

/* Which of the hostile values below each slot must refuse: TXT strings and paths may hold
 * spaces, an option line anything but a line break, the name sits in a comment. */
static const unsigned refuses[18] = { 0x3f, 0x3f, 0x3f, 0x1f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x1f, 0x3f,
				      0x3f, 0x3f, 0x3f, 0x3f, 0x05, 0x3f, 0x05 };

static void refuse_one(const char *data, int i, const char *v)
{
	vn_network *n = parse_text(data, "every-field.xml");
	char **slot = field_slot(n, i);
	fixed_paths f;
	vn_dnsmasq_conf c;
	vn_err err = {0};

	free(*slot);
	*slot = strdup(v);
	fixed_paths_init(&f, n);
	if (dnsmasq_conf_render(n, &f.p, &c, &err) != -EINVAL)
		fail_msg("field %d holding '%.60s' was rendered:\n%s\n%s", i, v, c.conf, c.hosts);
	assert_null(c.conf);
	net_free(n);
}

static void renderer_refuses_every_field(void **state)
{
	static const char *const hostile[] = { NULL /* 2000 bytes */, "a,dhcp-script=/x", "a\ndhcp-script=/x",
					       "a #x", "a\"b", "a b" };
	char big[2001], path[4096];
	(void)state;

	memset(big, 'A', 2000);
	big[2000] = '\0';
	snprintf(path, sizeof(path), "%s/dnsmasq/every-field.xml", TEST_DATA_DIR);
	char *data = golden_read(path);
	for (int i = 0; i < 18; i++)
		for (unsigned h = 0; h < sizeof(hostile) / sizeof(hostile[0]); h++)
			if (refuses[i] & (1u << h))
				refuse_one(data, i, hostile[h] ? hostile[h] : big);
	free(data);
}

/* ---- registration: one cmocka test per data file and per manifest row ---- */

struct data_case { int kind; char file[256]; conformance_case k; };
enum { CASE_GOLDEN, CASE_CONFORMANCE, CASE_SKIP };

static void data_case_run(void **state)
{
	struct data_case *c = *state;

	if (c->kind == CASE_GOLDEN)
		golden_one(c->file);
	else if (c->kind == CASE_CONFORMANCE)
		conformance_one(&c->k);
	else
		skip();
}

static size_t add_case(struct CMUnitTest **tests, size_t n, struct data_case *c, const char *label)
{
	char *name = NULL;

	if (asprintf(&name, "%s", label) < 0)
		abort();
	*tests = realloc(*tests, (n + 1) * sizeof(**tests));
	(*tests)[n] = (struct CMUnitTest){ .name = name, .test_func = data_case_run, .initial_state = c };
	return n + 1;
}

static size_t add_golden_cases(struct CMUnitTest **tests, size_t n)
{
	DIR *d = opendir(GOLDEN_DIR);
	struct dirent *e;
	char label[512];

	if (!d)
		return n;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || len >= 200 || strcmp(e->d_name + len - 4, ".xml"))
			continue;
		struct data_case *c = calloc(1, sizeof(*c));
		c->kind = CASE_GOLDEN;
		snprintf(c->file, sizeof(c->file), "%s", e->d_name);
		snprintf(label, sizeof(label), "%s %s", strncmp(e->d_name, "error-", 6) ? "golden" : "error", e->d_name);
		n = add_case(tests, n, c, label);
	}
	closedir(d);
	return n;
}

/* MANIFEST.tsv: suite, name, input, "conf;hostsfile" (hostsfile "-" for none), flags, result */
static bool manifest_row(char *line, const char *dir, conformance_case *k)
{
	char *f[6] = {0}, *save = NULL, *semi;
	int i = 0;

	for (char *t = strtok_r(line, "\t", &save); t && i < 6; t = strtok_r(NULL, "\t", &save))
		f[i++] = t;
	if (i < 4 || strcmp(f[0], "xml2conf") || !(semi = strchr(f[3], ';')))
		return false;
	*semi = '\0';
	snprintf(k->dir, sizeof(k->dir), "%s", dir);
	snprintf(k->name, sizeof(k->name), "%s", f[1]);
	snprintf(k->xml, sizeof(k->xml), "%s", f[2]);
	snprintf(k->conf, sizeof(k->conf), "%s", f[3]);
	snprintf(k->hosts, sizeof(k->hosts), "%s", strcmp(semi + 1, "-") ? semi + 1 : "");
	return true;
}

static size_t add_conformance_cases(struct CMUnitTest **tests, size_t n)
{
	const char *dir = getenv("VIRTNET_CONFORMANCE");
	char path[4096], label[512];
	size_t before = n;

	if (!dir || !*dir)
		dir = TEST_DATA_DIR "/libvirt";
	snprintf(path, sizeof(path), "%s/MANIFEST.tsv", dir);
	if (access(path, R_OK) != 0) {
		struct data_case *c = calloc(1, sizeof(*c));
		c->kind = CASE_SKIP;
		return add_case(tests, n, c, "conformance xml2conf (no conformance data: skipped)");
	}
	char *data = golden_read(path), *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct data_case *c = calloc(1, sizeof(*c));
		if (!manifest_row(line, dir, &c->k)) {
			free(c);
			continue;
		}
		c->kind = CASE_CONFORMANCE;
		snprintf(label, sizeof(label), "conformance xml2conf %s", c->k.name);
		n = add_case(tests, n, c, label);
	}
	free(data);
	if (n == before)
		fprintf(stderr, "no xml2conf rows in %s\n", path);
	return n;
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(lease_time_text), cmocka_unit_test(ptr_domains),
		cmocka_unit_test(needed_rules), cmocka_unit_test(interface_and_paths),
		cmocka_unit_test(renderer_refuses_every_field),
	};
	const size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	struct CMUnitTest *tests = NULL;
	size_t n = 0;

	for (size_t i = 0; i < nfixed; i++) {
		tests = realloc(tests, (n + 1) * sizeof(*tests));
		tests[n++] = fixed[i];
	}
	n = add_golden_cases(&tests, n);
	if (n < nfixed + 20)
		fprintf(stderr, "only %zu golden cases: is TEST_DATA_DIR right?\n", n - nfixed);
	n = add_conformance_cases(&tests, n);
	int r = _cmocka_run_group_tests("dnsmasq-conf", tests, n, NULL, NULL);
	for (size_t i = nfixed; i < n; i++) {
		free((char *)tests[i].name);
		free(tests[i].initial_state);
	}
	free(tests);
	return r;
}
