/* fuzz-port-xml.c - libFuzzer target: any bytes as libvirt's <networkport> and as our port
 * record (<portstatus>). What parses formats to a fixed point, holds only typed names, and
 * its protection rules pass the nft guard. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/network_xml.h"
#include "conf/port_def.h"
#include "firewall/firewall_bridge.h"
#include "types/vtype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fixed_point(char *(*format)(const vn_port *),
			int (*parse)(const char *, size_t, const char *, vn_port **, vn_err *), const vn_port *p)
{
	char *xml = format(p), *xml2;
	vn_port *again = NULL;
	vn_err err = {0};

	if (!xml || parse(xml, strlen(xml), "(formatted)", &again, &err) < 0)
		abort();   /* our own output must parse */
	if (!(xml2 = format(again)) || strcmp(xml, xml2) != 0)
		abort();
	free(xml2);
	free(xml);
	port_free(again);
}

/* A record's device names go into nft text and paths: typed, and the guard agrees. */
static void record_checks(const vn_port *p)
{
	static const char net[] = "<network><name>n</name><forward mode='nat'/><bridge name='virbr0'/>"
				  "<ip address='192.168.122.1' prefix='24'/></network>";
	vn_fwb_opts o = { .protect = true, .lease_s = 60 };
	vn_network *n = NULL;
	vn_err err = {0};

	if (!vt_ok(VT_IFNAME, p->ifname) || (p->netns && !vt_ok(VT_FILE_NAME, p->netns)))
		abort();
	if (net_parse(net, sizeof(net) - 1, "n", &n, &err) < 0)
		abort();
	char *text = fwb_render_port_add("virtnet", p, n, &o);
	if (text && fw_text_guard(text, "virtnet", &err) < 0)
		abort();
	free(text);
	net_free(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vn_port *p = NULL;
	vn_err err = {0};

	if (port_parse((const char *)data, size, "(fuzz)", &p, &err) == 0) {
		fixed_point(port_format, port_parse, p);
		port_free(p);
		p = NULL;
	}
	if (port_status_parse((const char *)data, size, "(fuzz)", &p, &err) == 0) {
		fixed_point(port_status_format, port_status_parse, p);
		record_checks(p);
		port_free(p);
	}
	return 0;
}
