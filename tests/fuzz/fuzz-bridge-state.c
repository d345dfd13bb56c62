/* fuzz-bridge-state.c - libFuzzer target: our bridge table's listing read back (fwb_state_parse,
 * firewall_bridge_state.c) from any bytes, as `nft list table bridge` could print a table
 * someone else changed. Invariants: parsing never crashes or leaks; removal of the first
 * elements' ports and of fixed names runs on whatever was parsed; every
 * line removal writes is one of its own commands on our table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/firewall_bridge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const verbs[] = {
	"add element bridge virtnet ", "delete element bridge virtnet ",
	"flush chain bridge virtnet ", "delete chain bridge virtnet ",
	"delete table bridge virtnet\n",
};

static void check_lines(const char *text)
{
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		size_t k = 0;
		while (k < sizeof(verbs) / sizeof(verbs[0]) && strncmp(l, verbs[k], strlen(verbs[k])))
			k++;
		if (k == sizeof(verbs) / sizeof(verbs[0]) || !strchr(l, '\n'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *listing = malloc(size + 1);
	const char *names[4] = { "vnet0", "vnx4242", "", "" };
	vn_fwb_state st;
	vn_mac m;

	if (!listing)
		return 0;
	memcpy(listing, data, size);
	listing[size] = '\0';
	if (fwb_state_parse(listing, &st) == 0) {
		for (size_t i = 0; i < 2 && i < st.nelems; i++)
			names[2 + i] = st.elems[i].ifname;
		char *text = fwb_render_remove("virtnet", &st, names, 4);
		if (text)
			check_lines(text);
		free(text);
		(void)fwb_state_port_mac(&st, names[2], &m);
		fwb_state_free(&st);
	}
	free(listing);
	return 0;
}
