#include "util/json.h"

#include <stdio.h>

static void json_quote(vn_buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_add(b, "\\n");
		else if (c == '\t')
			buf_add(b, "\\t");
		else if (c == '\r')
			buf_add(b, "\\r");
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

static void json_member(vn_json *j, const char *key)
{
	if (j->depth > 0) {
		buf_add(&j->b, j->first[j->depth] ? "\n" : ",\n");
		j->first[j->depth] = false;
		for (int i = 0; i < j->depth; i++)
			buf_add(&j->b, "  ");
	}
	if (key) {
		json_quote(&j->b, key);
		buf_add(&j->b, ": ");
	}
}

static void json_open(vn_json *j, const char *key, char c)
{
	json_member(j, key);
	buf_addc(&j->b, c);
	if (j->depth < 63)
		j->depth++;
	j->first[j->depth] = true;
}

static void json_close(vn_json *j, char c)
{
	bool empty = j->first[j->depth];
	j->depth--;
	if (!empty) {
		buf_addc(&j->b, '\n');
		for (int i = 0; i < j->depth; i++)
			buf_add(&j->b, "  ");
	}
	buf_addc(&j->b, c);
}

void json_begin_object(vn_json *j, const char *key) { json_open(j, key, '{'); }
void json_end_object(vn_json *j) { json_close(j, '}'); }
void json_begin_array(vn_json *j, const char *key) { json_open(j, key, '['); }
void json_end_array(vn_json *j) { json_close(j, ']'); }

void json_str(vn_json *j, const char *key, const char *value)
{
	json_member(j, key);
	if (value)
		json_quote(&j->b, value);
	else
		buf_add(&j->b, "null");
}

void json_uint(vn_json *j, const char *key, unsigned long long value)
{
	json_member(j, key);
	buf_printf(&j->b, "%llu", value);
}

void json_int(vn_json *j, const char *key, long long value)
{
	json_member(j, key);
	buf_printf(&j->b, "%lld", value);
}

void json_bool(vn_json *j, const char *key, bool value)
{
	json_member(j, key);
	buf_add(&j->b, value ? "true" : "false");
}

char *json_steal(vn_json *j)
{
	buf_addc(&j->b, '\n');
	return buf_steal(&j->b);
}
