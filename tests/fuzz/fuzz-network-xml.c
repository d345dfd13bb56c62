/* fuzz-network-xml.c - libFuzzer target: parse any bytes; what parses must format to a fixed point */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/check_define.h"
#include "conf/network_xml.h"
#include "conf/xml_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vn_network *n = NULL, *again = NULL;
	vn_err err = {0};

	if (net_parse((const char *)data, size, "(fuzz)", &n, &err) < 0)
		return 0;
	net_check_define(n, &err);
	char *xml = net_format(n, 0);
	if (!xml)
		abort();
	if (net_parse(xml, strlen(xml), "(formatted)", &again, &err) < 0)
		abort();   /* our own output must always parse */
	char *xml2 = net_format(again, 0);
	if (!xml2 || strcmp(xml, xml2) != 0)
		abort();   /* and be a fixed point */
	vn_json j = {0};
	if (xml_to_json(&j, NULL, xml, &err) == 0)
		free(json_steal(&j));
	else
		buf_free(&j.b);
	free(xml2);
	free(xml);
	net_free(again);
	net_free(n);
	return 0;
}
