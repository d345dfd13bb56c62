/* err.h - error context passed down the library: code + user-facing message */
#pragma once
#include <stdarg.h>
#include <stddef.h>

typedef struct vn_err {
	int code;        /* positive errno */
	int line;        /* the line of a document it concerns, when known (XML), else 0 */
	char msg[1024];  /* what failed, on what, and what to do */
} vn_err;

/* Record an error; returns -code so callers can `return vn_err_set(...)`. */
int vn_err_set(vn_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vn_err_setv(vn_err *e, int code, const char *fmt, va_list ap);
/* Prefix the current message with "context: ". */
void vn_err_prefix(vn_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append " (what)" to the current message: the fix a caller knows and the callee did not. */
void vn_err_hint(vn_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Warnings collected by the library for the caller to show (the library never prints). */
typedef struct vn_notes {
	char **v;
	size_t n;
} vn_notes;

void vn_note(vn_notes *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vn_notes_free(vn_notes *notes);
