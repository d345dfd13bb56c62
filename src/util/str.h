/* str.h - small string helpers (no policy) */
#pragma once
#include <stdbool.h>
#include <stddef.h>

bool streq(const char *a, const char *b);           /* NULL-safe */
int str_to_uint(const char *s, int base, unsigned *out);            /* 0 / -EINVAL / -ERANGE */
int str_to_ulong(const char *s, int base, unsigned long *out);
int str_to_ull(const char *s, int base, unsigned long long *out);
/* Append to a NULL-terminated string vector; 0 or -ENOMEM. */
int strv_push(char ***v, size_t *n, char *s);
void strv_free(char **v);
/* s as one word of a shell command line: itself when it needs no quoting, else in single
 * quotes (a ' as '\''); cut short (never unbalanced) when buf is too small. For the
 * commands error messages suggest. */
#define SHELL_WORD_MAX 1100
const char *shell_word(const char *s, char buf[SHELL_WORD_MAX]);
/* Whether the n bytes at s are well-formed UTF-8 (RFC 3629: no overlong form, no surrogate,
 * nothing past U+10FFFF); a NUL byte is U+0000, valid. */
bool utf8_valid(const char *s, size_t n);
/* in as one line of UTF-8 in out (size bytes with its NUL): each control character a space,
 * each byte of no valid character '?', cut at a character; its length */
size_t text_one_line(const char *in, char *out, size_t size);
