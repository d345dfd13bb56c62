#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool buf_reserve(vn_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

static void buf_raw(vn_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Like libvirt's virBuffer: indent once when a write starts at the beginning of a line;
 * newlines inside the written text are kept verbatim. */
void buf_addn(vn_buf *b, const char *s, size_t n)
{
	if (n > 0 && b->indent > 0 && (b->len == 0 || b->s[b->len - 1] == '\n')) {
		if (!buf_reserve(b, (size_t)b->indent))
			return;
		memset(b->s + b->len, ' ', (size_t)b->indent);
		b->len += (size_t)b->indent;
		b->s[b->len] = '\0';
	}
	buf_raw(b, s, n);
}

void buf_add(vn_buf *b, const char *s)
{
	if (s)
		buf_addn(b, s, strlen(s));
}

void buf_addc(vn_buf *b, char c)
{
	buf_addn(b, &c, 1);
}

void buf_printf(vn_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	char *big = NULL;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n >= sizeof(small)) {
		big = malloc((size_t)n + 1);
		if (!big) {
			b->oom = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	buf_addn(b, big ? big : small, (size_t)n);
	free(big);
}

char *xml_escape(const char *s)
{
	vn_buf b = {0};
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '<': buf_raw(&b, "&lt;", 4); break;
		case '>': buf_raw(&b, "&gt;", 4); break;
		case '&': buf_raw(&b, "&amp;", 5); break;
		case '"': buf_raw(&b, "&quot;", 6); break;
		case '\'': buf_raw(&b, "&apos;", 6); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				buf_raw(&b, (const char *)&c, 1);
		}
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s ? b.s : strdup("");
}

void buf_escape(vn_buf *b, const char *fmt, const char *str)
{
	if (!str)
		return;
	char *esc = xml_escape(str);
	if (!esc) {
		b->oom = true;
		return;
	}
	buf_printf(b, fmt, esc);
	free(esc);
}

void buf_indent(vn_buf *b, int delta)
{
	b->indent += delta;
	if (b->indent < 0)
		b->indent = 0;
}

char *buf_steal(vn_buf *b)
{
	char *s = b->oom ? NULL : (b->s ? b->s : strdup(""));
	if (b->oom)
		free(b->s);
	*b = (vn_buf){0};
	return s;
}

void buf_free(vn_buf *b)
{
	free(b->s);
	*b = (vn_buf){0};
}
