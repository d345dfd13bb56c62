/* api_events.h - the events virtnetd tells its subscribers (virtnet event, a browser page):
 * a ring of the last EVENTS_KEPT, each one line of JSON with a sequence number
 *
 *   {"seq":7,"time":1765100000,"type":"repaired","network":"default","text":"..."}
 *
 * A subscriber keeps the sequence number it wants next; one that falls more than
 * EVENTS_KEPT behind skips to the oldest kept (and sees the gap in seq). */
#pragma once
#include <stddef.h>

#define EVENTS_KEPT 1024

typedef struct vn_events {
	char *line[EVENTS_KEPT];
	unsigned long long next;   /* the sequence number of the next event */
} vn_events;

/* 0, or -ENOMEM (the event is lost; the sequence numbers show it). */
int events_emit(vn_events *e, const char *type, const char *network, const char *text);
/* The line of event seq (with its newline), or NULL when it is not yet, or no longer, kept;
 * *seq moves to the oldest kept when it fell behind. */
const char *events_get(const vn_events *e, unsigned long long *seq);
void events_free(vn_events *e);
