/* buf.h - growable text buffer with libvirt-style auto-indentation (first line of each write) */
#pragma once
#include <stdbool.h>
#include <stddef.h>

typedef struct vn_buf {
	char *s;
	size_t len, cap;
	int indent;   /* spaces inserted at the start of each new line */
	bool oom;     /* an allocation failed; contents are unreliable */
} vn_buf;

void buf_add(vn_buf *b, const char *s);
void buf_addn(vn_buf *b, const char *s, size_t n);
void buf_addc(vn_buf *b, char c);
void buf_printf(vn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Like buf_printf with one %s argument, XML-escaped; nothing at all if str is NULL. */
void buf_escape(vn_buf *b, const char *fmt, const char *str);
void buf_indent(vn_buf *b, int delta);
/* Take the content (never NULL unless out of memory); the buffer is reset. */
char *buf_steal(vn_buf *b);
void buf_free(vn_buf *b);
/* XML escape into a new string (control characters other than \t\n\r dropped). */
char *xml_escape(const char *s);
