/* vtype_names.c - names: interfaces, DNS and host names, nft tables, sysctls */
#include <stdbool.h>
#include <string.h>

#include "types/vtype_internal.h"

bool vt_ifname_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-' || c == '@' || c == '+';
}

/* The kernel's rule (dev_valid_name: 1-15 bytes, no '/', ':' or white space, not "." or
 * "..") narrowed to characters that nft strings, dnsmasq's interface= and our file names
 * carry as they are: no quote, '*' (an nft wildcard), ',' (a dnsmasq list) or '%'. */
bool vt_ifname_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!vt_ifname_char((unsigned char)s[i]))
			return false;
	return true;
}

/* libvirt's "virbr%d": the name with its one %d replaced by a number of up to 3 digits
 * (MAX_BRIDGE_ID is 256) must still be a name. */
bool vt_ifname_template_ok(const char *s)
{
	const char *pct = strchr(s, '%');
	char probe[32];
	size_t head;

	if (!pct)
		return vt_ifname_ok(s);
	if (pct[1] != 'd' || strchr(pct + 1, '%') || strlen(s) > 16)
		return false;
	head = (size_t)(pct - s);
	memcpy(probe, s, head);
	strcpy(probe + head, "0");
	strcat(probe, pct + 2);
	return vt_ifname_ok(probe);
}

static bool label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Labels of 1-63 bytes of letters, digits, '_' and '-', joined by single dots; at most
 * 253 bytes without the trailing dot, which only a domain may have. */
static bool dns_labels_ok(const char *s, bool trailing_dot)
{
	size_t n = strlen(s), label = 0;

	if (trailing_dot && n > 1 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.' && (label == 0 || i + 1 == n))
			return false;
		if (c == '.') {
			label = 0;
			continue;
		}
		if (!label_char(c) || ++label > 63)
			return false;
	}
	return true;
}

bool vt_dns_name_ok(const char *s)
{
	return dns_labels_ok(s, true);
}

/* dnsmasq's legal_hostname: the first character is a letter or digit */
bool vt_host_name_ok(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
		return false;
	return dns_labels_ok(s, false);
}

bool vt_nft_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 48 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return false;
	}
	return true;
}

/* net/ipv4/conf/virbr0/forwarding: each component an interface-name-like word */
bool vt_sysctl_ok(const char *s)
{
	size_t n = strlen(s), comp = 0;

	if (n == 0 || n > 255 || s[0] == '/' || s[n - 1] == '/')
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '/') {
			if (comp == 0 || (comp == 1 && s[i - 1] == '.') ||
			    (comp == 2 && s[i - 1] == '.' && s[i - 2] == '.'))
				return false;
			comp = 0;
			continue;
		}
		if (!vt_ifname_char((unsigned char)s[i]))
			return false;
		comp++;
	}
	return true;
}

static bool all_of(const char *s, const char *set, size_t max)
{
	size_t n = strlen(s);

	return n >= 1 && n <= max && strspn(s, set) == n;
}

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/* libvirt's DNS_SRV_MAX_LEN and character sets; "." would separate the name's fields */
bool vt_srv_service_ok(const char *s)
{
	return all_of(s, ALNUM "_-+/*", 482);
}

bool vt_srv_protocol_ok(const char *s)
{
	return all_of(s, ALNUM "-+/", 482);
}

bool vt_user_name_ok(const char *s)
{
	return s[0] != '-' && all_of(s, ALNUM "_.-", 32);
}

bool vt_sysctl_value_ok(const char *s)
{
	return all_of(s, ALNUM "_.:- ", 63);
}
