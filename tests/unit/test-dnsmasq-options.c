/* test-dnsmasq-options.c - which <dnsmasq:option>s need the admin's trust, and how trust is kept */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"

static void classes(void **state)
{
	(void)state;
	assert_int_equal(dnsmasq_option_class("log-queries"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("cname=*.apps.example,master.example"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("dhcp-option=option:ntp-server,10.0.0.1"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("  dhcp-host = 52:54:00:00:00:01,10.0.0.5"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("dhcp-script=/x"), DOPT_PROGRAM);
	assert_int_equal(dnsmasq_option_class("dhcp-luascript=/x.lua"), DOPT_PROGRAM);
	assert_int_equal(dnsmasq_option_class("dhcp-scriptuser=root"), DOPT_PROGRAM);
	assert_int_equal(dnsmasq_option_class("conf-file=/etc/x"), DOPT_FILES);
	assert_int_equal(dnsmasq_option_class("conf-dir=/etc/x"), DOPT_FILES);
	assert_int_equal(dnsmasq_option_class("addn-hosts=/etc/shadow"), DOPT_FILES);
	assert_int_equal(dnsmasq_option_class("tftp-no-blocksize"), DOPT_FILES);
	assert_int_equal(dnsmasq_option_class("interface=eth0"), DOPT_BEYOND);
	assert_int_equal(dnsmasq_option_class("user=root"), DOPT_BEYOND);
	assert_int_equal(dnsmasq_option_class("nftset=/example/4#inet#fw#allow"), DOPT_BEYOND);
	assert_int_equal(dnsmasq_option_class("auth-server=ocp.example,"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("auth-server=ocp.example"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("auth-server=ocp.example,eth0"), DOPT_BEYOND);
	assert_int_equal(dnsmasq_option_class("auth-zone=ocp.example"), DOPT_SAFE);
	assert_int_equal(dnsmasq_option_class("foo=bar"), DOPT_UNKNOWN);
	assert_int_equal(dnsmasq_option_class("dhcp-scriptx=/x"), DOPT_UNKNOWN);
	assert_int_equal(dnsmasq_option_class(""), DOPT_UNKNOWN);
}

static vn_network *net_with(const char *opts)
{
	char xml[1024];
	vn_network *n = NULL;
	vn_err err = {0};

	snprintf(xml, sizeof(xml), "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'><name>o</name>"
		 "<dnsmasq:options>%s</dnsmasq:options></network>", opts);
	assert_int_equal(net_parse(xml, strlen(xml), "t", &n, &err), 0);
	return n;
}

static void admit(void **state)
{
	vn_network *safe = net_with("<dnsmasq:option value='log-queries'/>");
	vn_network *evil = net_with("<dnsmasq:option value='log-queries'/><dnsmasq:option value='dhcp-script=/x'/>");
	vn_network *evil2 = net_with("<dnsmasq:option value='conf-file=/y'/>");
	vn_notes notes = {0};
	vn_err err = {0};
	(void)state;

	assert_int_equal(dnsmasq_options_admit(safe, false, NULL, &notes, &err), 0);
	assert_false(safe->dnsmasq_options_trusted);
	assert_int_equal(notes.n, 1);
	assert_string_equal(notes.v[0], "network 'o' gives dnsmasq 1 option as they are (<dnsmasq:options>): log-queries");
	assert_int_equal(dnsmasq_options_admit(evil, false, NULL, &notes, &err), -EPERM);
	assert_non_null(strstr(err.msg, "<dnsmasq:option value='dhcp-script=/x'> runs a program as root"));
	assert_int_equal(dnsmasq_options_admit(evil, true, NULL, &notes, &err), 0);
	assert_true(evil->dnsmasq_options_trusted);
	/* the same unsafe options again: the trust carries over; a new one does not */
	vn_network *again = net_with("<dnsmasq:option value='dhcp-script=/x'/>");
	assert_int_equal(dnsmasq_options_admit(again, false, evil, &notes, &err), 0);
	assert_true(again->dnsmasq_options_trusted);
	assert_int_equal(dnsmasq_options_admit(evil2, false, evil, &notes, &err), -EPERM);
	/* a document that says it is trusted is not believed */
	vn_network *claims = NULL;
	const char *xml = "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0' xmlns:virtnet='urn:virtnet:network:1'>"
			  "<name>o</name><dnsmasq:options virtnet:trusted='yes'><dnsmasq:option value='dhcp-script=/x'/>"
			  "</dnsmasq:options></network>";
	assert_int_equal(net_parse(xml, strlen(xml), "t", &claims, &err), 0);
	assert_true(claims->dnsmasq_options_trusted);   /* a record says so: read as written */
	assert_int_equal(dnsmasq_options_admit(claims, false, NULL, &notes, &err), -EPERM);
	assert_false(claims->dnsmasq_options_trusted);
	net_free(claims);
	net_free(again);
	vn_notes_free(&notes);
	net_free(safe);
	net_free(evil);
	net_free(evil2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classes),
		cmocka_unit_test(admit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
