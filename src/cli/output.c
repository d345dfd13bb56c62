/* output.c - virsh-style messages, errors and tables */
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli/cli.h"

int out_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* virsh prints what failed, then the reason, each as an error line. */
int out_fail_err(const vn_err *e, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (fmt) {
		fputs("error: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "error: %s\n", e->msg[0] ? e->msg : "unknown error");
	return 1;
}

void out_notes(vn_notes *notes)
{
	fflush(stdout);
	for (size_t i = 0; i < notes->n; i++)
		fprintf(stderr, "warning: %s\n", notes->v[i]);
	vn_notes_free(notes);
}

void out_info(vn_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void out_blank(vn_ctx *ctx)
{
	if (!ctx->quiet)
		putchar('\n');
}

struct vn_table {
	size_t ncols, nrows;
	char ***rows;   /* rows[0] is the header */
};

vn_table *out_table_new(size_t ncols, const char *const *headers)
{
	vn_table *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ncols = ncols;
	out_table_add(t, headers);
	return t;
}

void out_table_add(vn_table *t, const char *const *cells)
{
	char ***nr = realloc(t->rows, (t->nrows + 1) * sizeof(char **));
	if (!nr)
		return;
	t->rows = nr;
	char **row = calloc(t->ncols, sizeof(char *));
	for (size_t i = 0; row && i < t->ncols; i++)
		row[i] = strdup(cells[i] ? cells[i] : "");
	t->rows[t->nrows++] = row;
}

/* Columns as the terminal shows them, in the user's character set: the locale is read the
 * first time a table needs it (a command that prints none, such as port-create, does not
 * pay for reading it) */
static size_t display_width(const char *s)
{
	static bool ctype_set;

	if (!ctype_set) {
		setlocale(LC_CTYPE, "");
		ctype_set = true;
	}
	size_t n = mbstowcs(NULL, s, 0);
	if (n == (size_t)-1)
		return strlen(s);
	wchar_t *w = calloc(n + 1, sizeof(wchar_t));
	if (!w)
		return strlen(s);
	mbstowcs(w, s, n + 1);
	int width = wcswidth(w, n);
	free(w);
	return width < 0 ? strlen(s) : (size_t)width;
}

void out_table_print(vn_table *t, FILE *f, bool header)
{
	size_t *maxw = calloc(t->ncols, sizeof(size_t));

	if (!maxw)
		return;
	for (size_t r = header ? 0 : 1; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			if (t->rows[r] && display_width(t->rows[r][c]) > maxw[c])
				maxw[c] = display_width(t->rows[r][c]);
	for (size_t r = header ? 0 : 1; r < t->nrows; r++) {
		for (size_t c = 0; t->rows[r] && c < t->ncols; c++) {
			fprintf(f, " %s", t->rows[r][c]);
			if (c + 1 < t->ncols)
				fprintf(f, "%*s", (int)(maxw[c] - display_width(t->rows[r][c]) + 2),
					"");
		}
		fputc('\n', f);
		if (r == 0) {
			for (size_t c = 0; c < t->ncols; c++)
				for (size_t k = 0; k < maxw[c] + 3; k++)
					fputc('-', f);
			fputc('\n', f);
		}
	}
	free(maxw);
}

void out_table_free(vn_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; t->rows[r] && c < t->ncols; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t);
}
