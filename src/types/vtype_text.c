/* vtype_text.c - free text that dnsmasq reads: TXT strings, paths, boot files, client ids,
 * option lines; and file names */
#include <stdbool.h>
#include <string.h>

#include "types/vtype_internal.h"

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* dnsmasq's reader: '"' starts a quoted part (with '\\' escapes inside), a '#' at the
 * start or after white space starts a comment, and ',' separates the fields of an
 * option. A value with none of these, and no control character, is read as written. */
static bool dnsmasq_field_ok(const char *s, bool space_ok)
{
	bool after_space = false;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (is_ctl(*p) || *p == '"' || *p == '\\' || *p == ',')
			return false;
		if (*p == ' ' && !space_ok)
			return false;
		if (*p == '#' && after_space)
			return false;
		after_space = *p == ' ';
	}
	return true;
}

static bool no_space_at_ends(const char *s)
{
	size_t n = strlen(s);

	return n == 0 || (s[0] != ' ' && s[n - 1] != ' ');
}

bool vt_txt_ok(const char *s)
{
	return strlen(s) <= 255 && dnsmasq_field_ok(s, true) && no_space_at_ends(s);
}

bool vt_abs_path_ok(const char *s)
{
	return s[0] == '/' && strlen(s) <= 1000 && dnsmasq_field_ok(s, true) && no_space_at_ends(s);
}

bool vt_boot_file_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 255 && dnsmasq_field_ok(s, false);
}

bool vt_duid_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 389 && strspn(s, "0123456789abcdefABCDEF:") == n;
}

bool vt_file_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 255 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || is_ctl((unsigned char)s[i]))
			return false;
	return true;
}

bool vt_dnsmasq_option_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 1000)
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_ctl((unsigned char)s[i]))
			return false;
	return true;
}
