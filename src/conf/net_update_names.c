/* net_update_names.c - virsh's names of net-update's commands and sections (no libxml2: the
 * thin CLI checks them before asking virtnetd) */
#include <stdio.h>
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

/* libvirt refuses to update these (virNetworkDefUpdateSection), and so does virtnet */
bool upd_section_supported(vn_upd_section s)
{
	return s != UPD_SEC_NONE && s != UPD_SEC_BRIDGE && s != UPD_SEC_DOMAIN &&
	       s != UPD_SEC_IP && s != UPD_SEC_FORWARD && s != UPD_SEC_FORWARD_PF &&
	       s < UPD_SEC__COUNT;
}

static void join(char *buf, size_t len, size_t *n, const char *sep, const char *word)
{
	int k = snprintf(buf + *n, len - *n, "%s%s", *n ? sep : "", word);

	if (k > 0 && (size_t)k < len - *n)
		*n += (size_t)k;
}

const char *upd_cmd_names(char *buf, size_t len, const char *sep)
{
	size_t n = 0;

	buf[0] = '\0';
	join(buf, len, &n, sep, "add");
	for (int c = UPD_NONE + 1; c < UPD__COUNT; c++)
		join(buf, len, &n, sep, cmd_names[c]);
	return buf;
}

const char *upd_section_names(char *buf, size_t len, const char *sep)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int s = UPD_SEC_NONE + 1; s < UPD_SEC__COUNT; s++)
		if (upd_section_supported((vn_upd_section)s))
			join(buf, len, &n, sep, section_names[s]);
	return buf;
}
