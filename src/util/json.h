/* json.h - a tiny streaming JSON writer (pretty-printed, UTF-8 passed through) */
#pragma once
#include <stdbool.h>

#include "util/buf.h"

typedef struct vn_json {
	vn_buf b;
	int depth;
	bool first[64];   /* no member written yet at this depth */
} vn_json;

/* key is NULL for array members and the top-level value. */
void json_begin_object(vn_json *j, const char *key);
void json_end_object(vn_json *j);
void json_begin_array(vn_json *j, const char *key);
void json_end_array(vn_json *j);
void json_str(vn_json *j, const char *key, const char *value);   /* NULL writes null */
void json_uint(vn_json *j, const char *key, unsigned long long value);
void json_int(vn_json *j, const char *key, long long value);
void json_bool(vn_json *j, const char *key, bool value);
/* Finish: returns the text with a trailing newline (caller frees). */
char *json_steal(vn_json *j);
