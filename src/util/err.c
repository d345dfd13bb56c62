#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vn_err_setv(vn_err *e, int code, const char *fmt, va_list ap)
{
	if (code <= 0)
		code = code < 0 ? -code : EINVAL;
	if (e) {
		e->code = code;
		e->line = 0;
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	}
	return -code;
}

int vn_err_set(vn_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vn_err_setv(e, code, fmt, ap);
	va_end(ap);
	return r;
}

void vn_err_prefix(vn_err *e, const char *fmt, ...)
{
	char pre[512], old[sizeof(e->msg)];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	size_t n = strlen(pre);
	if (n > sizeof(e->msg) - 3)
		n = sizeof(e->msg) - 3;
	memcpy(e->msg, pre, n);
	memcpy(e->msg + n, ": ", 2);
	size_t rest = sizeof(e->msg) - n - 3;
	strncpy(e->msg + n + 2, old, rest);
	e->msg[sizeof(e->msg) - 1] = '\0';
}

void vn_err_hint(vn_err *e, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!e)
		return;
	n = strlen(e->msg);
	if (n + 4 >= sizeof(e->msg))
		return;
	memcpy(e->msg + n, " (", 3);
	n += 2;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - n - 1, fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	e->msg[n] = ')';
	e->msg[n + 1] = '\0';
}

void vn_note(vn_notes *notes, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	if (!notes)
		return;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char **nv = realloc(notes->v, (notes->n + 1) * sizeof(char *));
	if (!nv) {
		free(s);
		return;
	}
	notes->v = nv;
	notes->v[notes->n++] = s;
}

void vn_notes_free(vn_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		free(notes->v[i]);
	free(notes->v);
	notes->v = NULL;
	notes->n = 0;
}
