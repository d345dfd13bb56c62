/* test-firewall.c - the network ruleset text (fw_render_add, _remove, _full) against golden
 * files in tests/data/firewall (REGENERATE=1 rewrites them; review the diff); what a listing
 * of the table says of a network (fw_listing_has_network) on nft's own listing of two
 * networks in tests/data/firewall-listing, whole and with parts taken away
 *
 * Each NAME.xml there is a network; those with rules give NAME.add.nft and NAME.remove.nft.
 * full.nft is the whole table for all of them, full-open.nft for the open one alone (the
 * table goes and nothing comes back), full-empty.nft for no network at all. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "golden.h"

#include "conf/network_xml.h"
#include "firewall/firewall.h"

#define DIR TEST_DATA_DIR "/firewall/"

typedef struct networks {
	glob_t files;
	vn_network **v;
	size_t n;
} networks;

static vn_network *load(const char *path)
{
	char *data = golden_read(path);
	vn_network *n = NULL;
	vn_err err = {0};

	if (net_parse(data, strlen(data), path, &n, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	free(data);
	return n;
}

static int setup(void **state)
{
	networks *nets = calloc(1, sizeof(*nets));

	assert_non_null(nets);
	assert_int_equal(glob(DIR "*.xml", 0, NULL, &nets->files), 0);
	nets->n = nets->files.gl_pathc;
	assert_non_null(nets->v = calloc(nets->n, sizeof(*nets->v)));
	for (size_t i = 0; i < nets->n; i++)
		nets->v[i] = load(nets->files.gl_pathv[i]);
	*state = nets;
	return 0;
}

static int teardown(void **state)
{
	networks *nets = *state;

	for (size_t i = 0; i < nets->n; i++)
		net_free(nets->v[i]);
	free(nets->v);
	globfree(&nets->files);
	free(nets);
	return 0;
}

/* Compare text with DIR/NAME and free it. */
static void check(const char *name, char *text)
{
	char path[4096];

	assert_non_null(text);
	snprintf(path, sizeof(path), "%s%s", DIR, name);
	golden_check(path, text);
	free(text);
}

/* The golden of a network's file, "nat.xml" -> "nat.add.nft". */
static void check_for(const char *xml_path, const char *what, char *text)
{
	const char *base = strrchr(xml_path, '/') + 1;
	char name[512];

	snprintf(name, sizeof(name), "%.*s.%s.nft", (int)(strlen(base) - 4), base, what);
	check(name, text);
}

static void add_and_remove(void **state)
{
	networks *nets = *state;
	size_t with_rules = 0;

	assert_true(nets->n >= 6);
	for (size_t i = 0; i < nets->n; i++) {
		const char *path = nets->files.gl_pathv[i];
		if (!fw_network_has_rules(nets->v[i])) {
			assert_non_null(strstr(path, "/open"));
			continue;
		}
		with_rules++;
		check_for(path, "add", fw_render_add(FW_DEFAULT_TABLE, nets->v[i]));
		check_for(path, "remove", fw_render_remove(FW_DEFAULT_TABLE, nets->v[i]));
	}
	assert_int_equal(with_rules, nets->n - 1);
}

static void full_table(void **state)
{
	networks *nets = *state;
	const vn_network *const *all = (const vn_network *const *)nets->v;
	const vn_network *open = NULL;

	check("full.nft", fw_render_full(FW_DEFAULT_TABLE, all, nets->n));
	for (size_t i = 0; i < nets->n; i++)
		if (!fw_network_has_rules(nets->v[i]))
			open = nets->v[i];
	assert_non_null(open);
	check("full-open.nft", fw_render_full(FW_DEFAULT_TABLE, &open, 1));
	check("full-empty.nft", fw_render_full(FW_DEFAULT_TABLE, NULL, 0));
}

/* Chain names keep [A-Za-z0-9] and write anything else as _xx. */
static void chain_ids(void **state)
{
	char id[64];

	(void)state;
	fw_chain_id("virbr0", id);
	assert_string_equal(id, "virbr0");
	fw_chain_id("vn-v6.0", id);
	assert_string_equal(id, "vn_2dv6_2e0");
	fw_chain_id("a_b", id);
	assert_string_equal(id, "a_5fb");
}

#define LDIR TEST_DATA_DIR "/firewall-listing/"

/* text with the first `from` after `after` replaced by `to` */
static char *edit(const char *text, const char *after, const char *from, const char *to)
{
	const char *a = strstr(text, after), *f = a ? strstr(a, from) : NULL;
	char *out;

	assert_non_null(f);
	out = malloc(strlen(text) + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(f - text), text, to, f + strlen(from));
	return out;
}

static void listing_case(const char *listing, const char *after, const char *from,
			 const char *to, bool want1, bool want10)
{
	vn_network *n1 = load(LDIR "vnl1.xml"), *n10 = load(LDIR "vnl10.xml");
	char *text = edit(listing, after, from, to);

	if (fw_listing_has_network(text, n1) != want1 ||
	    fw_listing_has_network(text, n10) != want10)
		fail_msg("after %s: %s -> %s: want vnl1 %d, vnl10 %d", after, from, to, want1,
			 want10);
	free(text);
	net_free(n1);
	net_free(n10);
}

/* Whole, both are there; without a network's final rule, chain, element or the dispatch
 * rules, it is not (and only it: vnl1's name is a prefix of vnl10's) */
static void listing(void **state)
{
	char *l = golden_read(LDIR "listing.nft");

	(void)state;
	listing_case(l, "table", "table", "table", true, true);
	listing_case(l, "chain vnl1_in {", "counter packets 0 bytes 0 reject", "", false, true);
	listing_case(l, "chain vnl1_out {", "counter packets 0 bytes 0 reject", "", false, true);
	listing_case(l, "table", "chain vnl1_nat {", "chain vnl1_gone {", false, true);
	/* a chain left empty (a flush): the next chain's rules do not count */
	listing_case(l, "chain vnl1_in {\n", "\t\tudp", "\t}\n\n\tchain x {\n\t\tudp", false,
		     true);
	listing_case(l, "chain vnl10_out {", "vnl10_out", "vnl10_gone", true, false);
	listing_case(l, "map fwd_in {", "\"vnl1\" : jump vnl1_in,", "", false, true);
	listing_case(l, "map fwd_out {", "\"vnl10\" : jump vnl10_out", "\"vnl9\" : jump x", true,
		     false);
	listing_case(l, "set cross {", "\"vnl1\" . \"vnl1\",", "", false, true);
	listing_case(l, "chain forward {", "oifname vmap @fwd_in", "", false, false);
	listing_case(l, "chain postrouting {", "iifname vmap @nat", "", false, false);
	free(l);
}

static void no_listing(void **state)
{
	vn_network *n = load(LDIR "vnl1.xml");

	(void)state;
	assert_false(fw_listing_has_network(NULL, n));
	assert_false(fw_listing_has_network("", n));
	net_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(add_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(full_table, setup, teardown),
		cmocka_unit_test(chain_ids),
		cmocka_unit_test(listing),
		cmocka_unit_test(no_listing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
