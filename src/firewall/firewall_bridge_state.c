/* firewall_bridge_state.c - our bridge table read back from its listing, and its removal
 *
 * Removal works from what the kernel holds rather than from what we think we added: the
 * learned MACs and addresses are only known there, and a table that someone flushed or
 * half-deleted must still come out clean. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/firewall_bridge.h"
#include "types/vtype.h"
#include "util/str.h"

static const char *skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

static int add_elem(vn_fwb_state *st, const vn_fwb_elem *e)
{
	vn_fwb_elem *v = realloc(st->elems, (st->nelems + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	st->elems = v;
	v[st->nelems++] = *e;
	return 0;
}

/* The length of the word at p (up to a blank, a comma, a brace or the end) */
static size_t word_len(const char *p)
{
	size_t n = 0;

	while (p[n] && !strchr(" ,}\n", p[n]))
		n++;
	return n;
}

/* One element: "ifname" [. 0xKEY] [: jump CHAIN] [timeout ... expires ...], or a bare key
 * (an overlay's MAC : jump CHAIN), whose text is its name. Returns the text after it (past
 * its comma), or NULL at the end of the list. */
static const char *parse_elem(const char *s, vn_fwb_elem *e)
{
	const char *name, *start = s = skip_blank(s);
	size_t n;

	if (*s == '"') {
		name = s + 1;
		n = strcspn(name, "\"");
		if (!name[n])
			return NULL;
		s = name + n + 1;
	} else {
		name = s;
		n = word_len(name);
		if (!n)
			return NULL;
		s = name + n;
	}
	snprintf(e->ifname, sizeof(e->ifname), "%.*s", (int)n, name);
	if (strncmp(s, " . ", 3) == 0)
		s += 3 + word_len(s + 3);
	snprintf(e->key, sizeof(e->key), "%.*s", (int)(s - start), start);
	e->target[0] = '\0';
	if (strncmp(s, " : jump ", 8) == 0 || strncmp(s, " : goto ", 8) == 0) {
		n = word_len(s + 8);
		snprintf(e->target, sizeof(e->target), "%.*s", (int)n, s + 8);
	}
	s += strcspn(s, ",}");
	return *s == ',' ? s + 1 : NULL;
}

/* Our chains' and sets' names (fw_chain_id's characters) */
#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

static bool only(const char *s, size_t n, const char *allowed)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(allowed, s[i]))
			return false;
	return true;
}

/* What our elements look like, and so all removal may write back: an interface name (or an
 * overlay's MAC), a hex or IPv6 value after " . ", a chain of ours. Anything else in a set of
 * our table someone else put there, and removal leaves it alone. */
static bool elem_sane(const vn_fwb_elem *e)
{
	const char *dot = strstr(e->key, " . ");
	size_t head = dot ? (size_t)(dot - e->key) : strlen(e->key);

	if (!vt_ok(VT_IFNAME, e->ifname) && !only(e->ifname, strlen(e->ifname), "0123456789abcdef:"))
		return false;
	if (e->key[0] == '"' ? head != strlen(e->ifname) + 2 : head != strlen(e->ifname))
		return false;
	if (dot && !only(dot + 3, strlen(dot + 3), "0123456789abcdefABCDEFx:."))
		return false;
	return only(e->target, strlen(e->target), NAME_CHARS);
}

/* The elements of set `set`, from just after "elements = {". */
static int parse_elements(const char *s, const char *set, vn_fwb_state *st)
{
	while (s) {
		vn_fwb_elem e = {0};
		const char *next = parse_elem(s, &e);
		if (!e.key[0])
			break;
		snprintf(e.set, sizeof(e.set), "%s", set);
		if (elem_sane(&e) && add_elem(st, &e) < 0)
			return -ENOMEM;
		s = next;
	}
	return 0;
}

static int add_chain(vn_fwb_state *st, const char *name)
{
	char (*v)[96] = realloc(st->chains, (st->nchains + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	st->chains = v;
	snprintf(v[st->nchains++], sizeof(v[0]), "%s", name);
	return 0;
}

int fwb_state_parse(const char *listing, vn_fwb_state *st)
{
	char set[16] = "";
	int r = 0;

	*st = (vn_fwb_state){ .exists = strncmp(skip_blank(listing), "table bridge ", 13) == 0 };
	for (const char *line = listing; r == 0 && line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *l = line, *el;

		while (*l == ' ' || *l == '\t')
			l++;
		char name[96];
		if (sscanf(l, "set %15s {", set) == 1 || sscanf(l, "map %15s {", set) == 1) {
			if (!only(set, strlen(set), NAME_CHARS))
				set[0] = '\0';   /* not a name of ours: its elements are not either */
			continue;
		}
		if (sscanf(l, "chain %95s {", name) == 1) {
			set[0] = '\0';
			if (only(name, strlen(name), NAME_CHARS))
				r = add_chain(st, name);
		} else if (set[0] && strncmp(l, "elements = {", 12) == 0) {
			el = l;
			r = parse_elements(el + strlen("elements = {"), set, st);
		}
	}
	if (r < 0)
		fwb_state_free(st);
	return r;
}

void fwb_state_free(vn_fwb_state *st)
{
	free(st->elems);
	free(st->chains);
	*st = (vn_fwb_state){0};
}

int fwb_state_port_mac(const vn_fwb_state *st, const char *ifname, vn_mac *out)
{
	for (size_t i = 0; i < st->nelems; i++) {
		const vn_fwb_elem *e = &st->elems[i];
		const char *hex = strstr(e->key, " . 0x");
		char *end;
		if (!streq(e->set, "port_mac") || !streq(e->ifname, ifname) || !hex)
			continue;
		errno = 0;
		unsigned long long v = strtoull(hex + 5, &end, 16);
		if (errno || end == hex + 5 || v >> 48)
			return -ENOENT;
		for (int k = 5; k >= 0; k--, v >>= 8)
			out->b[k] = (uint8_t)(v & 0xff);
		return 0;
	}
	return -ENOENT;
}

static bool among(const char *ifname, const char *const *ifnames, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (streq(ifname, ifnames[i]))
			return true;
	return false;
}

/* postrouting: where a table of an older virtnet learns leases, until fwb_render_base next
 * runs (deleting it here would stop that table learning). */
static bool base_chain(const char *c)
{
	return streq(c, "prerouting") || streq(c, "output") || streq(c, "postrouting") ||
	       streq(c, "learn") || streq(c, "forward") || streq(c, "egress");
}

/* A chain some element that stays jumps to. */
static bool still_used(const vn_fwb_state *st, const char *chain, const char *const *ifnames,
		       size_t n)
{
	for (size_t i = 0; i < st->nelems; i++)
		if (streq(st->elems[i].target, chain) && !among(st->elems[i].ifname, ifnames, n))
			return true;
	return false;
}

static bool any_port_left(const vn_fwb_state *st, const char *const *ifnames, size_t n)
{
	for (size_t i = 0; i < st->nelems; i++)
		if (st->elems[i].target[0] && !among(st->elems[i].ifname, ifnames, n))
			return true;
	return false;
}

/* Added (a no-op while it is there) before it is deleted: a learned address may time out
 * between our listing and this transaction, which must not fail for it. */
static void delete_elem(vn_buf *b, const char *t, const vn_fwb_elem *e)
{
	if (e->target[0])
		buf_printf(b, "add element bridge %s %s { %s : jump %s }\n", t, e->set, e->key,
			   e->target);
	else
		buf_printf(b, "add element bridge %s %s { %s }\n", t, e->set, e->key);
	buf_printf(b, "delete element bridge %s %s { %s }\n", t, e->set, e->key);
}

char *fwb_render_remove(const char *t, const vn_fwb_state *st, const char *const *ifnames, size_t n)
{
	vn_buf b = {0};

	buf_add(&b, "");
	if (!st->exists)
		return buf_steal(&b);
	if (!any_port_left(st, ifnames, n)) {
		buf_printf(&b, "delete table bridge %s\n", t);
		return buf_steal(&b);
	}
	for (size_t i = 0; i < st->nelems; i++)
		if (among(st->elems[i].ifname, ifnames, n))
			delete_elem(&b, t, &st->elems[i]);
	for (size_t i = 0; i < st->nchains; i++)
		if (!base_chain(st->chains[i]) && !still_used(st, st->chains[i], ifnames, n))
			buf_printf(&b, "flush chain bridge %s %s\ndelete chain bridge %s %s\n", t,
				   st->chains[i], t, st->chains[i]);
	return buf_steal(&b);
}
