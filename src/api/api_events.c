/* api_events.c - the ring of events, each a line of compact JSON (jansson) */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api_events.h"

static char *event_line(unsigned long long seq, const char *type, const char *network,
			const char *text)
{
	json_t *o = json_pack("{s:I,s:I,s:s,s:s?,s:s?}", "seq", (json_int_t)seq, "time",
			      (json_int_t)time(NULL), "type", type, "network", network, "text",
			      text);
	char *s, *line;

	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return NULL;
	line = malloc(strlen(s) + 2);
	if (line) {
		strcpy(line, s);
		strcat(line, "\n");
	}
	free(s);
	return line;
}

int events_emit(vn_events *e, const char *type, const char *network, const char *text)
{
	char *line = event_line(e->next, type, network, text);
	size_t slot = e->next % EVENTS_KEPT;

	e->next++;
	free(e->line[slot]);
	e->line[slot] = line;   /* NULL when lost: readers skip it */
	return line ? 0 : -ENOMEM;
}

const char *events_get(const vn_events *e, unsigned long long *seq)
{
	if (e->next > EVENTS_KEPT && *seq < e->next - EVENTS_KEPT)
		*seq = e->next - EVENTS_KEPT;
	while (*seq < e->next && !e->line[*seq % EVENTS_KEPT])
		(*seq)++;
	if (*seq >= e->next)
		return NULL;
	return e->line[*seq % EVENTS_KEPT];
}

void events_free(vn_events *e)
{
	for (size_t i = 0; i < EVENTS_KEPT; i++)
		free(e->line[i]);
	memset(e, 0, sizeof(*e));
}
