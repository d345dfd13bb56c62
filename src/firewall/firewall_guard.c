/* firewall_guard.c - the last check before nft text reaches libnftables: every command
 * changes only our own tables, and every string in it is an interface name (pure) */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "firewall/firewall.h"
#include "types/vtype.h"

#define GUARD_TOKENS 5

typedef struct guard_line {
	const char *s;
	size_t len;
	unsigned no;
	char tok[GUARD_TOKENS][72];   /* the first words, for the table check */
} guard_line;

static int refuse(const guard_line *l, const char *why, vn_err *err)
{
	char shown[200], line[512];

	snprintf(line, sizeof(line), "%.*s", (int)(l->len < 400 ? l->len : 400), l->s);
	vt_shorten(line, shown);
	return vn_err_set(err, EINVAL, "internal error: refusing firewall change: line %u %s: %s",
			  l->no, why, shown);
}

/* Characters nft could read as more than a word of ours: a command separator outside a
 * block, a comment, an escape, a variable, a string that is not an interface name. */
static int check_chars(const guard_line *l, vn_err *err)
{
	int depth = 0;

	for (size_t i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)l->s[i];
		if (c == '"') {
			size_t j = i + 1;
			while (j < l->len && l->s[j] != '"' &&
			       vt_ifname_char((unsigned char)l->s[j]))
				j++;
			if (j >= l->len || l->s[j] != '"' || j == i + 1)
				return refuse(l, "holds a string that is not an interface name",
					      err);
			i = j;
			continue;
		}
		if (c < 0x20 || c >= 0x7f || strchr("#\\$'`", c))
			return refuse(l, "holds a character nft would read as more than text", err);
		depth += c == '{' ? 1 : c == '}' ? -1 : 0;
		if (depth < 0 || (c == ';' && depth == 0))
			return refuse(l, "holds a second command", err);
	}
	return depth == 0 ? 0 : refuse(l, "leaves a block open", err);
}

static void split_words(guard_line *l)
{
	size_t i = 0;

	for (int k = 0; k < GUARD_TOKENS; k++) {
		size_t n = 0;
		while (i < l->len && l->s[i] == ' ')
			i++;
		while (i < l->len && l->s[i] != ' ' && n + 1 < sizeof(l->tok[k]))
			l->tok[k][n++] = l->s[i++];
		l->tok[k][n] = '\0';
		while (i < l->len && l->s[i] != ' ')
			i++;
	}
}

static bool is_ours(const char *name, const char *table)
{
	size_t n = strlen(table);

	return strncmp(name, table, n) == 0 &&
	       (!name[n] || !strcmp(name + n, "_vif") || !strcmp(name + n, "_hostbridge"));
}

static bool one_of(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(w, *set))
			return true;
	return false;
}

/* VERB OBJECT FAMILY TABLE ...: reads (list, get) may look anywhere, changes only at ours */
static int check_command(guard_line *l, const char *table, vn_err *err)
{
	static const char *const reads[] = { "list", "get", NULL };
	static const char *const writes[] = { "add",    "create",  "insert", "replace",
					      "delete", "destroy", "flush",  NULL };
	static const char *const objects[] = { "table", "chain",   "set", "map",
					       "rule",  "element", NULL };
	static const char *const families[] = {
		"inet", "ip", "ip6", "bridge", "arp", "netdev", NULL
	};

	split_words(l);
	if (one_of(l->tok[0], reads))
		return 0;
	if (!one_of(l->tok[0], writes) || !one_of(l->tok[1], objects) ||
	    !one_of(l->tok[2], families))
		return refuse(l, "is not a command virtnet makes", err);
	if (!is_ours(l->tok[3], table))
		return refuse(l, "would change a table that is not virtnet's", err);
	return 0;
}

int fw_text_guard(const char *text, const char *table, vn_err *err)
{
	guard_line l = { .s = text, .no = 1 };

	if (!vt_ok(VT_NFT_NAME, table))
		return vt_check(VT_NFT_NAME, table, err, "the nft table");
	while (*l.s) {
		const char *nl = strchr(l.s, '\n');
		l.len = nl ? (size_t)(nl - l.s) : strlen(l.s);
		if (l.len && (check_chars(&l, err) < 0 || check_command(&l, table, err) < 0))
			return -EINVAL;
		l.s += l.len + (nl ? 1 : 0);
		l.no++;
	}
	return 0;
}
