/* fuzz-update.c - libFuzzer target: net-update's element (anything after two selector bytes:
 * the command and the section) applied to a network with some of everything. What an
 * update makes parses again and formats to a fixed point; the original is never changed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/net_update.h"
#include "conf/network_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char net_xml[] =
	"<network><name>f</name><forward mode='nat'/><bridge name='vnf0'/>"
	"<dns><txt name='t' value='v'/><host ip='10.0.0.50'><hostname>db</hostname></host>"
	"<srv service='ldap' protocol='tcp' target='db' port='389'/></dns>"
	"<portgroup name='a' default='yes'/>"
	"<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.100' end='10.0.0.200'/>"
	"<host mac='52:54:00:00:00:01' name='h' ip='10.0.0.10'/></dhcp></ip>"
	"<ip family='ipv6' address='fd00::1' prefix='64'/></network>";

static void fixed_point(const vn_network *n)
{
	char *xml = net_format(n, 0), *xml2;
	vn_network *again = NULL;
	vn_err err = {0};

	if (!xml || net_parse(xml, strlen(xml), "(formatted)", &again, &err) < 0)
		abort();
	xml2 = net_format(again, 0);
	if (!xml2 || strcmp(xml, xml2) != 0)
		abort();
	free(xml2);
	free(xml);
	net_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vn_network *n = NULL, *out = NULL;
	vn_err err = {0};
	char *before;

	if (size < 2 || net_parse(net_xml, sizeof(net_xml) - 1, "f", &n, &err) < 0)
		return 0;
	vn_upd_req q = { .cmd = (vn_upd_cmd)(1 + data[0] % (UPD__COUNT - 1)),
			 .section = (vn_upd_section)(1 + data[1] % (UPD_SEC__COUNT - 1)),
			 .parent_index = (int)(data[0] >> 4) - 1,
			 .xml = (const char *)data + 2, .len = size - 2 };
	before = net_format(n, 0);
	if (net_update(n, &q, 0, &out, &err) == 0)
		fixed_point(out);
	char *after = net_format(n, 0);
	if (!before || !after || strcmp(before, after) != 0)
		abort();   /* the original is never changed */
	free(before);
	free(after);
	net_free(out);
	net_free(n);
	return 0;
}
