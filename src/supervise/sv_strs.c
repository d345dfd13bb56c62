/* sv_strs.c - a small set of strings (names, UUIDs, lease lines): a vector in insertion
 * order with a hash index beside it, so that a pass over 1000 ports does not compare each
 * name with every other (open addressing, linear probing, at most half full). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "supervise/sv_internal.h"

uint32_t sv_hash(const char *text)
{
	uint32_t h = 2166136261u;   /* FNV-1a */

	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		h = (h ^ *c) * 16777619u;
	return h;
}

/* The slot holding text, or the empty slot where it would go */
static size_t slot_of(const sv_strs *s, const char *text)
{
	size_t mask = s->cap - 1, i = sv_hash(text) & mask;

	while (s->idx[i] && strcmp(s->v[s->idx[i] - 1], text) != 0)
		i = (i + 1) & mask;
	return i;
}

static void index_all(sv_strs *s)
{
	memset(s->idx, 0, s->cap * sizeof(*s->idx));
	for (size_t i = 0; i < s->n; i++)
		s->idx[slot_of(s, s->v[i])] = (uint32_t)(i + 1);
}

static int grow_index(sv_strs *s)
{
	size_t cap = s->cap ? 2 * s->cap : 16;
	uint32_t *idx = realloc(s->idx, cap * sizeof(*idx));

	if (!idx)
		return -1;
	s->idx = idx;
	s->cap = cap;
	index_all(s);
	return 0;
}

bool strs_has(const sv_strs *s, const char *text)
{
	return s->cap && s->idx[slot_of(s, text)];
}

void strs_add(sv_strs *s, const char *text)
{
	char **v;

	if (strs_has(s, text))
		return;
	if (2 * (s->n + 1) > s->cap && grow_index(s) < 0)
		return;
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v)
		return;
	s->v = v;
	s->v[s->n] = strdup(text);
	if (!s->v[s->n])
		return;
	s->idx[slot_of(s, text)] = (uint32_t)(s->n + 1);
	s->n++;
}

void strs_remove(sv_strs *s, const char *text)
{
	size_t at;

	if (!strs_has(s, text))
		return;
	at = s->idx[slot_of(s, text)] - 1;
	free(s->v[at]);
	s->v[at] = s->v[--s->n];
	index_all(s);   /* removals are rare: rebuilding beats tombstones */
}

void strs_free(sv_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->idx);
	*s = (sv_strs){0};
}
