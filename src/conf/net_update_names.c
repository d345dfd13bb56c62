/* net_update_names.c - virsh's names of net-update's commands and sections (no libxml2: the
 * thin CLI checks them before asking virtnetd) */
#include <string.h>

#include "conf/net_update.h"
#include "util/enum.h"

static const char *const cmd_names[UPD__COUNT] = { NULL, "modify", "delete", "add-last",
						   "add-first" };
static const char *const section_names[UPD_SEC__COUNT] = {
	NULL,		  "bridge",  "domain",		  "ip",		"ip-dhcp-host",
	"ip-dhcp-range", "forward", "forward-interface", "forward-pf", "portgroup",
	"dns-host",	  "dns-txt", "dns-srv"
};

/* Value 0 is virsh's "none", which no command names: not an ENUM_IMPL table */
const char *upd_section_to_string(vn_upd_section s)
{
	return enum_name(section_names, UPD_SEC__COUNT, (int)s);
}

int upd_section_from_string(const char *s)
{
	return enum_value(section_names, UPD_SEC__COUNT, s);
}

const char *upd_cmd_to_string(vn_upd_cmd c)
{
	return enum_name(cmd_names, UPD__COUNT, (int)c);
}

int upd_cmd_from_string(const char *s)
{
	if (s && strcmp(s, "add") == 0)
		return UPD_ADD_LAST;
	return enum_value(cmd_names, UPD__COUNT, s);
}
