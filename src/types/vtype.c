/* vtype.c - the table of value types: check, rule, and the error a user reads */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "types/vtype_internal.h"

typedef struct vt_def {
	bool (*ok)(const char *s);
	const char *noun, *rule;
} vt_def;

static const vt_def types[VT__COUNT] = {
	[VT_IFNAME] = { vt_ifname_ok, "an interface name",
			"1-15 bytes of letters, digits, '_', '.', '-', '@' and '+', not '.' or "
			"'..'" },
	[VT_IFNAME_TEMPLATE] = { vt_ifname_template_ok, "an interface name",
				 "1-15 bytes of letters, digits, '_', '.', '-', '@' and '+' (or a "
				 "template with one '%d'), not '.' or '..'" },
	[VT_DNS_NAME] = { vt_dns_name_ok, "a DNS name",
			  "labels of 1-63 letters, digits, '_' or '-' joined by dots, at most 253 "
			  "bytes" },
	[VT_HOST_NAME] = { vt_host_name_ok, "a host name",
			   "a letter or digit, then labels of 1-63 letters, digits, '_' or '-' "
			   "joined by dots, at most 253 bytes" },
	[VT_TXT] = { vt_txt_ok, "a TXT string",
		     "at most 255 bytes, no control character, '\"', '\\', ',' or ' #', no space "
		     "at either end" },
	[VT_ABS_PATH] = { vt_abs_path_ok, "an absolute path",
			  "'/' and at most 1000 bytes in all, no control character, '\"', '\\', "
			  "',' or ' #', no space at either end" },
	[VT_BOOT_FILE] = { vt_boot_file_ok, "a boot file name",
			   "1-255 bytes, no control character, space, '\"', '\\' or ','" },
	[VT_DUID] = { vt_duid_ok, "a DHCP client id", "1-389 hex digits and ':'" },
	[VT_FILE_NAME] = { vt_file_name_ok, "a file name",
			   "1-255 bytes, no '/' or control character, not '.' or '..'" },
	[VT_SYSCTL] = { vt_sysctl_ok, "a sysctl name",
			"components of letters, digits, '_', '.', '-', '@' and '+' joined by '/', "
			"no '.' or '..', at most 255 bytes" },
	[VT_NFT_NAME] = { vt_nft_name_ok, "an nft table name",
			  "a letter, then letters, digits and '_', at most 48 bytes" },
	[VT_SRV_SERVICE] = { vt_srv_service_ok, "an SRV service",
			     "1-482 letters, digits, '_', '-', '+', '/' or '*'" },
	[VT_SRV_PROTOCOL] = { vt_srv_protocol_ok, "an SRV protocol",
			      "1-482 letters, digits, '-', '+' or '/'" },
	[VT_SYSCTL_VALUE] = { vt_sysctl_value_ok, "a sysctl value",
			      "1-63 letters, digits, '_', '.', ':', '-' or spaces" },
	[VT_USER_NAME] = { vt_user_name_ok, "a user name",
			   "1-32 letters, digits, '_', '.' or '-', not starting with '-'" },
	[VT_DNSMASQ_OPTION] = { vt_dnsmasq_option_ok, "a dnsmasq option",
				"1-1000 bytes, no control character (such as a line break)" },
};

bool vt_ok(vn_vtype t, const char *s)
{
	return (unsigned)t < VT__COUNT && s && types[t].ok(s);
}

const char *vt_rule(vn_vtype t)
{
	return (unsigned)t < VT__COUNT ? types[t].rule : "";
}

const char *vt_noun(vn_vtype t)
{
	return (unsigned)t < VT__COUNT ? types[t].noun : "a value";
}

void vt_shorten(const char *s, char out[200])
{
	size_t k = 0, i;

	for (i = 0; s[i] && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f)
			k += (size_t)snprintf(out + k, 200 - k, "\\x%02x", c);
		else
			out[k++] = (char)c;
	}
	out[k] = '\0';
	if (s[i])
		snprintf(out + k, 200 - k, "... (%zu bytes)", strlen(s));
}

int vt_check(vn_vtype t, const char *s, vn_err *err, const char *what_fmt, ...)
{
	char what[256], shown[200];
	va_list ap;

	if (!s || vt_ok(t, s))
		return 0;
	va_start(ap, what_fmt);
	vsnprintf(what, sizeof(what), what_fmt, ap);
	va_end(ap);
	vt_shorten(s, shown);
	return vn_err_set(err, EINVAL, "%s '%s' is not %s: use %s", what, shown, vt_noun(t),
			  vt_rule(t));
}
