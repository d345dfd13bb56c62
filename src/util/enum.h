/* enum.h - enum <-> string tables: one array of names per enum, indexed by its values and
 * sized by its __COUNT, and ENUM_IMPL for the two functions over it. tests/unit/test-enum.c
 * checks every value of every table has a name and round-trips. */
#pragma once
#include <stddef.h>
#include <string.h>

/* The name of value v in a table of n names; NULL out of range. */
static inline const char *enum_name(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : NULL;
}

/* The value named s; -1 when none is (or s is NULL). */
static inline int enum_value(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* const char *PREFIX_to_string(TYPE v) and int PREFIX_from_string(const char *s) over the
 * static array TABLE. */
#define ENUM_IMPL(prefix, type, table) \
	const char *prefix##_to_string(type v) \
	{ \
		return enum_name(table, sizeof(table) / sizeof((table)[0]), (int)v); \
	} \
	int prefix##_from_string(const char *s) \
	{ \
		return enum_value(table, sizeof(table) / sizeof((table)[0]), s); \
	}
