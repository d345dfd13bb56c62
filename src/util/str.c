#include "str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int str_to_ull(const char *s, int base, unsigned long long *out)
{
	char *end;

	if (!s || !*s || strchr(s, '-'))
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

int str_to_ulong(const char *s, int base, unsigned long *out)
{
	unsigned long long v;
	int r = str_to_ull(s, base, &v);
	if (r < 0)
		return r;
	if (v != (unsigned long)v)
		return -ERANGE;
	*out = (unsigned long)v;
	return 0;
}

int str_to_uint(const char *s, int base, unsigned *out)
{
	unsigned long long v;
	int r = str_to_ull(s, base, &v);
	if (r < 0)
		return r;
	if (v != (unsigned)v)
		return -ERANGE;
	*out = (unsigned)v;
	return 0;
}

int strv_push(char ***v, size_t *n, char *s)
{
	char **nv = realloc(*v, (*n + 2) * sizeof(char *));
	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

const char *shell_word(const char *s, char buf[SHELL_WORD_MAX])
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_.,:/=+@%-";
	size_t n = 0;

	if (*s && strspn(s, safe) == strlen(s))
		return s;
	buf[n++] = '\'';
	for (; *s && n + 6 < SHELL_WORD_MAX; s++) {
		if (*s == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *s;
		}
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return buf;
}

/* The length of the UTF-8 sequence at s (at most n bytes): 0 when it is not one (a stray
 * continuation byte, a sequence cut short, an overlong form, a surrogate, past U+10FFFF) */
static size_t utf8_one(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 :
		     s[0] >= 0xe0 && s[0] < 0xf0 ? 3 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;

	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

bool utf8_valid(const char *s, size_t n)
{
	for (size_t at = 0, l; at < n; at += l)
		if (!(l = utf8_one((const unsigned char *)s + at, n - at)))
			return false;
	return true;
}

size_t text_one_line(const char *in, char *out, size_t size)
{
	size_t n = strlen(in), k = 0;

	for (size_t at = 0, l; at < n; at += l) {
		const unsigned char *c = (const unsigned char *)in + at;
		l = utf8_one(c, n - at);
		if (l == 0 || *c < 0x20 || *c == 0x7f) {   /* a control or a stray byte: one */
			if (k + 2 > size)
				break;
			out[k++] = l == 0 ? '?' : ' ';
			l = 1;
			continue;
		}
		if (k + l + 1 > size)
			break;
		memcpy(out + k, c, l);
		k += l;
	}
	if (size)
		out[k] = '\0';
	return k;
}
