/* test-leases.c - dnsmasq's lease file as read by leases_parse: each tests/data/leases/NAME.leases
 * gives NAME.txt, the parsed leases one a line in a fixed text form (REGENERATE=1 rewrites
 * them; review the diff) */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "golden.h"

#include "dnsmasq/leases.h"
#include "util/buf.h"

#define DIR TEST_DATA_DIR "/leases/"

/* "leases: N", then one line a lease, every field named (an empty one as "name="). */
static char *leases_text(const vn_lease *v, size_t n)
{
	vn_buf b = {0};

	buf_printf(&b, "leases: %zu\n", n);
	for (size_t i = 0; i < n; i++) {
		const char *family = v[i].family == AF_INET ? "ipv4" : "ipv6";
		buf_printf(&b, "%s expiry=%lld ip=%s mac=%s", family, (long long)v[i].expiry,
			   v[i].ip, v[i].mac);
		buf_printf(&b, " hostname=%s clientid=%s iaid=%u\n", v[i].hostname, v[i].clientid,
			   v[i].iaid);
	}
	assert_false(b.oom);
	return buf_steal(&b);
}

static void lease_files(void **state)
{
	glob_t g;
	char out[4096];

	(void)state;
	assert_int_equal(glob(DIR "*.leases", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 4);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *in = g.gl_pathv[i];
		char *data = golden_read(in), *text;
		vn_lease *v = NULL;
		size_t n = 0;
		assert_int_equal(leases_parse(data, &v, &n), 0);
		text = leases_text(v, n);
		snprintf(out, sizeof(out), "%.*s.txt", (int)(strlen(in) - strlen(".leases")), in);
		golden_check(out, text);
		free(text);
		free(v);
		free(data);
	}
	globfree(&g);
}

/* The MAC inside a client's DUID: ethernet DUID-LLT and DUID-LL only. */
static void duid_macs(void **state)
{
	static const struct { const char *duid, *mac; } cases[] = {
		{ "00:01:00:01:2c:9a:0f:00:52:54:00:12:34:56", "52:54:00:12:34:56" },
		{ "00:03:00:01:52:54:00:ab:cd:ef", "52:54:00:ab:cd:ef" },
		{ "0:3:0:1:52:54:0:ab:cd:ef", "52:54:00:ab:cd:ef" },
		{ "00:03:00:06:52:54:00:ab:cd:ef", "" },        /* not ethernet */
		{ "00:02:00:00:ab:11:01:02:03:04", "" },        /* DUID-EN */
		{ "00:03:00:01:52:54:00:ab:cd", "" },           /* one byte short */
		{ "00:03:00:01:52:54:00:ab:cd:ef:01", "" },     /* one byte long */
		{ "00:03:00:01:52:54:00:ab:cd:zz", "" },
		{ "", "" },
	};
	char mac[18];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		duid_mac(cases[i].duid, mac);
		if (strcmp(mac, cases[i].mac) != 0)
			fail_msg("%s: got '%s', want '%s'", cases[i].duid, mac, cases[i].mac);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lease_files),
		cmocka_unit_test(duid_macs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
