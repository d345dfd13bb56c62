/* test-firewall-guard.c - the last check of nft text: every golden ruleset we render passes,
 * anything that reaches beyond our tables or carries a non-name string is refused */
#include <errno.h>
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "firewall/firewall.h"
#include "golden.h"

static void goldens_pass(void **state)
{
	const char *patterns[] = { TEST_DATA_DIR "/port/*.nft", TEST_DATA_DIR "/vif/nft-*.txt",
				   TEST_DATA_DIR "/hostbridge/*.nft", TEST_DATA_DIR "/firewall/*.nft" };
	size_t seen = 0;
	(void)state;

	for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
		glob_t g;
		if (glob(patterns[p], 0, NULL, &g) != 0)
			continue;
		for (size_t i = 0; i < g.gl_pathc; i++, seen++) {
			vn_err err = {0};
			char *text = golden_read(g.gl_pathv[i]);
			if (fw_text_guard(text, "virtnet", &err) < 0)
				fail_msg("%s: %s", g.gl_pathv[i], err.msg);
			free(text);
		}
		globfree(&g);
	}
	assert_true(seen >= 15);
}

static void refusals(void **state)
{
	static const char *const bad[] = {
		"add rule inet virtnet x_in iifname \"x\";insert rule inet hostfw input accept;#\" accept\n",
		"insert rule inet hostfw input accept\n",
		"add table ip pwned\n",
		"add rule inet virtnet c accept; add table ip pwned\n",
		"add rule inet virtnet c accept # comment\n",
		"add rule inet virtnet c iifname \"a b\" accept\n",
		"add rule inet virtnet c iifname \"eth*\" accept\n",
		"add rule inet virtnet c iifname \"\" accept\n",
		"add rule inet virtnet c iifname \"eth0 accept\n",
		"add rule inet virtnet c iifname $x accept\n",
		"add rule inet virtnet c iifname \\\"x accept\n",
		"include \"/etc/nftables.conf\"\n",
		"flush ruleset\n",
		"delete table inet virtnetx\n",
		"add chain inet virtnet c { type filter hook input priority 0; policy drop; } }\n",
		"add chain inet virtnet c { type filter hook input priority 0;\n",
		"add rule inet virtnet c meta mark set 0x1\tcounter\n",
		"add rule inet virtnet c iifname \"\xc3\xa9\" accept\n",
		"add rule inet virtnet c accept\nadd table ip pwned\n",
		"define x = 1\n",
	};
	vn_err err = {0};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (fw_text_guard(bad[i], "virtnet", &err) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
	assert_int_equal(fw_text_guard("add table inet virtnet\n", "virt-net", &err), -EINVAL);
	assert_int_equal(fw_text_guard("list chains\nlist table inet other\nget element inet virtnet s { \"a\" }\n", "virtnet", &err), 0);
	assert_int_equal(fw_text_guard("add table bridge virtnet_vif\ndelete table inet virtnet_hostbridge\n\n", "virtnet", &err), 0);
	assert_int_equal(fw_text_guard("add table ip pwned\n", "virtnet", &err), -EINVAL);
	assert_string_equal(err.msg, "internal error: refusing firewall change: line 1 would change a table that is not virtnet's: add table ip pwned");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(goldens_pass),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
