/* cmd_validate.c - validate: a file checked as define would check it, or printed as libvirt's
 * formatter writes it */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "conf/check_define.h"
#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"
#include "util/cleanup.h"
#include "util/fileio.h"

struct flags { bool print, inactive, trust; };

static int set_flag(int o, const char *arg, void *d)
{
	struct flags *f = d;

	(void)arg;
	if (o == 'a')
		f->print = true;
	else if (o == 'b')
		f->inactive = true;
	else
		f->trust = true;
	return 0;
}

/* Read and parse FILE; prints virsh's two-line error on failure. */
static vn_network *load_file(const char *file)
{
	_cleanup_free_ char *data = NULL;
	vn_network *def = NULL;
	vn_err err = {0};
	size_t len;

	if (file_read_all(file, NET_XML_MAX_SIZE, &data, &len, &err) < 0 ||
	    net_parse(data, len, strcmp(file, "-") ? file : "standard input", &def, &err) < 0) {
		out_fail_err(&err, "Failed to validate network from %s", file);
		return NULL;
	}
	return def;
}

int cmd_validate(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "print", no_argument, NULL, 'a' }, { "inactive", no_argument, NULL, 'b' },
		{ "trust-dnsmasq-options", no_argument, NULL, 't' }, {0},
	};
	const vn_cmd *c = cli_find("validate");
	struct flags f = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_network *def;
	int first = cmd_getopt(ctx, c, argc, argv, opts, set_flag, &f);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 1) < 0)
		return 1;
	def = load_file(argv[first]);
	if (!def)
		return 1;
	int r = dnsmasq_options_admit(def, f.trust, NULL, &notes, &err);
	out_notes(&notes);
	if (r < 0 || net_check_define(def, &err) < 0 || store_check_name(def->name, &err) < 0) {
		/* --print mirrors libvirt's parser+formatter; define-time problems are only
		 * warnings then */
		if (!f.print) {
			net_free(def);
			return out_fail_err(&err, "Failed to validate network from %s",
					    argv[first]);
		}
		fflush(stdout);
		fprintf(stderr, "warning: define would refuse %s: %s\n", argv[first], err.msg);
	}
	if (f.print) {
		_cleanup_free_ char *xml = net_format(def, f.inactive ? NET_FORMAT_INACTIVE : 0);
		if (!xml) {
			net_free(def);
			return out_fail("out of memory");
		}
		fputs(xml, stdout);
	} else {
		out_info(ctx, "Network %s in %s is valid\n", def->name, argv[first]);
	}
	net_free(def);
	return 0;
}
