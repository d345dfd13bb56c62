/* sv_strs.c - a small set of strings (names, UUIDs, lease lines) */
#include <stdlib.h>
#include <string.h>

#include "supervise/sv_internal.h"

bool strs_has(const sv_strs *s, const char *text)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], text) == 0)
			return true;
	return false;
}

void strs_add(sv_strs *s, const char *text)
{
	char **v;

	if (strs_has(s, text))
		return;
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v)
		return;
	s->v = v;
	s->v[s->n] = strdup(text);
	if (s->v[s->n])
		s->n++;
}

void strs_free(sv_strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	*s = (sv_strs){0};
}
