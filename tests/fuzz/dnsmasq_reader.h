/* dnsmasq_reader.h - dnsmasq 2.90's way of reading a configuration or dhcp-hostsfile, as an
 * oracle for our renderers (test code, written from dnsmasq's documented behaviour):
 * fgets() into a buffer of MAXDNAME+1 = 1026 bytes... here 1025, so at most 1024 bytes a
 * piece (the rest of a longer line is the next piece, read as a line of its own); in each
 * piece '"' starts a quoted part (with \-escapes), a '#' at the start or after white space
 * starts a comment, white space becomes one space, and leading/trailing spaces go. */
#pragma once
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DNSMASQ_PIECE 1025   /* fgets(buff, MAXDNAME, f) with MAXDNAME 1025 */

/* One piece as dnsmasq's option reader turns it into a line; false when dnsmasq would
 * report a missing quote. Empty result: nothing (a comment or a blank line). */
static inline bool dnsmasq_process_piece(const char *in, char *out, size_t len)
{
	bool white = true;
	size_t k = 0;

	for (const char *p = in; *p && *p != '\n' && k + 1 < len; p++) {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				out[k++] = (*p == '\\' && p[1]) ? *++p : *p;
			if (!*p)
				return false;
			white = false;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\v' || *p == '\f') {
			out[k++] = ' ';
			white = true;
			continue;
		}
		if (white && *p == '#')
			break;
		white = false;
		out[k++] = *p;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	size_t lead = strspn(out, " ");
	memmove(out, out + lead, k - lead + 1);
	return true;
}

/* Calls each(line, data) for every line dnsmasq reads from text, in order. */
static inline int dnsmasq_read_lines(const char *text, void (*each)(const char *line, void *data), void *data)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	char piece[DNSMASQ_PIECE], line[DNSMASQ_PIECE];

	if (!f)
		return -1;
	while (fgets(piece, sizeof(piece), f)) {
		if (!dnsmasq_process_piece(piece, line, sizeof(line)))
			strcpy(line, "(missing quote)");
		if (line[0])
			each(line, data);
	}
	fclose(f);
	return 0;
}
