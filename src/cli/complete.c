/* complete.c - the hidden 'virtnet complete -- WORDS...': what may come next on a command
 * line, one candidate a line, for the shell (data/bash-completion/virtnet asks it on Tab).
 * WORDS are the words after the program's name, the last one the word being completed
 * (empty for a new one). The grammar is each command's usage in the command table (cli.c),
 * so a new option completes as soon as its help names it; names come from the records on
 * disk and sysfs, read without the lock, the daemon or root. Nothing printed: the shell
 * completes file names. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "conf/net_update.h"
#include "util/str.h"

#define MAX_OPTS 32
#define MAX_POS 8

typedef struct gram_opt {
	char name[40];
	char arg[64];           /* "" for a flag; a placeholder (MAC) or values (tap|veth) */
} gram_opt;

typedef struct gram_pos {
	char ph[64];            /* NETWORK, PORT, a subcommand, values a|b */
	bool optional, many;    /* [FILE], PORT... */
} gram_pos;

typedef struct gram {
	gram_opt o[MAX_OPTS];
	size_t no;
	gram_pos p[MAX_POS];
	size_t np;
} gram;

typedef struct compl {
	vn_paths paths;
	const vn_cmd *cmd;
	const char *cur;
	int prefix;             /* the "--opt=" each candidate gets (the word being "--opt=v") */
	char **cands;
	size_t ncands;
} compl;

static void offer(compl *c, const char *cand)
{
	char *s = NULL;

	if (strncmp(cand, c->cur, strlen(c->cur)) != 0 ||
	    asprintf(&s, "%.*s%s", c->prefix, c->cur - c->prefix, cand) < 0)
		return;
	for (size_t i = 0; i < c->ncands; i++)
		if (streq(c->cands[i], s)) {
			free(s);
			return;
		}
	if (strv_push(&c->cands, &c->ncands, s) < 0)
		free(s);
}

/* Each of "a|b|c" */
static void offer_values(compl *c, const char *values)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", values);
	for (char *v = strtok_r(buf, "|", &save); v; v = strtok_r(NULL, "|", &save))
		offer(c, v);
}

/* The entries of dir: with ext, those ending in it (without it); keep(path) decides */
static void offer_dir(compl *c, const char *dir, const char *ext,
		      bool (*keep)(compl *c, const char *path, const void *data), const void *data)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char name[256], path[PATH_MAX + 256];
	size_t n, x = ext ? strlen(ext) : 0;

	if (!d)
		return;
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= x || n >= sizeof(name) ||
		    (ext && strcmp(e->d_name + n - x, ext) != 0))
			continue;
		memcpy(name, e->d_name, n - x);
		name[n - x] = '\0';
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!keep || keep(c, path, data))
			offer(c, name);
	}
	closedir(d);
}

/* A port record names its network: <device network='NAME' ...> */
static bool port_of(compl *c, const char *path, const void *network)
{
	char text[4096], needle[300];
	FILE *f;
	size_t n;

	(void)c;
	if (!network)
		return true;
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	snprintf(needle, sizeof(needle), " network='%s'", (const char *)network);
	return strstr(text, needle) != NULL;
}

static bool is_bridge(compl *c, const char *path, const void *want)
{
	char p[PATH_MAX + 300];

	(void)c;
	snprintf(p, sizeof(p), "%s/bridge", path);
	return (access(p, F_OK) == 0) == (want != NULL);
}

static bool not_lo(compl *c, const char *path, const void *data)
{
	const char *base = strrchr(path, '/');

	return !streq(base ? base + 1 : path, "lo") && is_bridge(c, path, data);
}

/* What a placeholder stands for; network: the command line's NETWORK, if given */
static void offer_ph(compl *c, const char *ph, const char *network)
{
	char dir[PATH_MAX + 32];
	size_t n = 0;

	if (strchr(ph, '|') || (ph[0] >= 'a' && ph[0] <= 'z')) {   /* values: tap|veth, off */
		offer_values(c, ph);
	} else if (streq(ph, "NETWORK")) {
		offer_dir(c, c->paths.networks, ".xml", NULL, NULL);
		offer_dir(c, c->paths.status, ".xml", NULL, NULL);   /* transient ones too */
	} else if (streq(ph, "PORT")) {
		snprintf(dir, sizeof(dir), "%s/ports/by-name", c->paths.run);
		offer_dir(c, dir, NULL, port_of, network);
	} else if (streq(ph, "BRIDGE") && streq(c->cmd->name, "hostbridge")) {
		snprintf(dir, sizeof(dir), "%s/hostbridges", c->paths.run);
		offer_dir(c, dir, ".xml", NULL, NULL);
	} else if (streq(ph, "BRIDGE")) {
		offer_dir(c, "/sys/class/net", NULL, is_bridge, "");
	} else if (streq(ph, "NIC")) {
		offer_dir(c, "/sys/class/net", NULL, not_lo, NULL);
	} else if (streq(ph, "NS")) {
		offer_dir(c, "/run/netns", NULL, NULL, NULL);
	} else if (streq(ph, "SECTION")) {   /* update's, from the model's own table */
		offer_values(c, upd_section_names(dir, sizeof(dir), "|"));
	} else if (streq(ph, "COMMAND") && streq(c->cmd->name, "update")) {
		offer_values(c, upd_cmd_names(dir, sizeof(dir), "|"));
	} else if (streq(ph, "COMMAND")) {
		for (const vn_cmd *t = cli_commands(&n); n--; t++)
			if (!t->hidden)
				offer(c, t->name);
	}
}

/* A usage text: "NETWORK [FILE] [--type tap|veth] [--mac MAC] ..."; of several alternatives
 * ("NETWORK PORT... | NETWORK --all"), the options of all and the operands of the first */
static void gram_parse(gram *g, char **tok, size_t ntok)
{
	char t[128];
	int depth = 0;
	bool first = true;

	*g = (gram){0};
	for (size_t i = 0; i < ntok; i++) {
		const char *raw = tok[i];
		size_t k = 0;
		bool opened = depth > 0 || raw[0] == '[';

		for (const char *s = raw; *s && k < sizeof(t) - 1; s++) {
			if (*s == '[')
				depth++;
			else if (*s == ']')
				depth--;
			else
				t[k++] = *s;
		}
		t[k] = '\0';
		if (depth == 0 && streq(t, "|"))
			first = false;
		if (!k || streq(t, "|") || streq(t, "--"))
			continue;
		if (!strncmp(t, "--", 2)) {
			bool has_arg = raw[strlen(raw) - 1] != ']' && i + 1 < ntok &&
				       strcmp(tok[i + 1], "|") && tok[i + 1][0] != '-' &&
				       strncmp(tok[i + 1], "[-", 2);
			char *save = NULL;

			for (char *o = strtok_r(t, "|", &save); o && g->no < MAX_OPTS;
			     o = strtok_r(NULL, "|", &save)) {
				snprintf(g->o[g->no].name, sizeof(g->o[0].name), "%s", o);
				g->o[g->no++].arg[0] = '\0';
			}
			if (has_arg) {
				size_t a = 0;

				for (const char *s = tok[++i]; *s && a < sizeof(t) - 1; s++)
					if (*s == ']')
						depth--;
					else if (*s != '[')
						t[a++] = *s;
				t[a] = '\0';
				snprintf(g->o[g->no - 1].arg, sizeof(g->o[0].arg), "%s", t);
			}
		} else if (first && g->np < MAX_POS) {
			gram_pos *p = &g->p[g->np++];

			k = strlen(t);
			p->many = k > 3 && !strcmp(t + k - 3, "...");
			if (p->many)
				t[k - 3] = '\0';
			snprintf(p->ph, sizeof(p->ph), "%s", t);
			p->optional = opened;
		}
	}
}

static const gram_opt *gram_opt_find(const gram *g, const char *word)
{
	size_t n = strcspn(word, "=");

	for (size_t i = 0; i < g->no; i++)
		if (strlen(g->o[i].name) == n && !strncmp(g->o[i].name, word, n))
			return &g->o[i];
	return NULL;
}

/* The usage as words; split into alternatives at '|' outside brackets. sub: the
 * alternative whose first word is this subcommand, NULL for all of them together. */
static void gram_of(gram *g, const char *usage, const char *sub)
{
	char buf[1024], *tok[160], *save = NULL;
	size_t n = 0, start = 0;
	int depth = 0;

	snprintf(buf, sizeof(buf), "%s", usage);
	for (char *w = strtok_r(buf, " ", &save); w && n < 160; w = strtok_r(NULL, " ", &save))
		tok[n++] = w;
	if (!sub) {
		gram_parse(g, tok, n);
		return;
	}
	*g = (gram){0};
	for (size_t i = 0; i <= n; i++) {
		if (i < n) {
			for (const char *s = tok[i]; *s; s++)
				depth += *s == '[' ? 1 : *s == ']' ? -1 : 0;
			if (!(depth == 0 && streq(tok[i], "|")))
				continue;
		}
		if (i > start && streq(tok[start], sub)) {
			gram_parse(g, tok + start, i - start);
			return;
		}
		start = i + 1;
	}
}

/* A command with subcommands: each alternative of its usage starts with a lowercase word */
static bool has_subcommands(const vn_cmd *cmd, compl *c)
{
	char buf[1024], *save = NULL;
	bool next = true, any = false;
	int depth = 0;

	snprintf(buf, sizeof(buf), "%s", cmd->usage);
	for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (next) {
			if (w[0] < 'a' || w[0] > 'z')
				return false;
			if (c)
				offer(c, w);
			any = true;
		}
		for (const char *s = w; *s; s++)
			depth += *s == '[' ? 1 : *s == ']' ? -1 : 0;
		next = depth == 0 && streq(w, "|");
	}
	return any;
}

/* words[0] is the command; the last word is being completed */
static void complete_command(compl *c, char **words, size_t n)
{
	const char *pos[MAX_POS + 8];
	const gram_opt *want = NULL;
	size_t npos = 0;
	bool subs = has_subcommands(c->cmd, NULL), rest = false;
	gram g;

	gram_of(&g, c->cmd->usage, NULL);
	for (size_t i = 1; i + 1 < n; i++) {
		const char *w = words[i];

		if (want) {
			if (!streq(w, "="))   /* bash splits --opt=value at '=' */
				want = NULL;
		} else if (!rest && streq(w, "--")) {
			rest = true;
		} else if (!rest && w[0] == '-' && w[1]) {
			const gram_opt *o = gram_opt_find(&g, w);

			if (o && o->arg[0] && !strchr(w, '='))
				want = o;
		} else if (npos < sizeof(pos) / sizeof(pos[0])) {
			pos[npos++] = w;
			if (subs && npos == 1)
				gram_of(&g, c->cmd->usage, w);
		}
	}
	if (want) {
		if (streq(c->cur, "="))   /* "--opt=": bash completes the word after '=' */
			c->cur = "";
		offer_ph(c, want->arg, NULL);
		return;
	}
	if (c->cur[0] == '-' && !rest && strchr(c->cur, '=')) {   /* one word: --opt=v */
		const gram_opt *o = gram_opt_find(&g, c->cur);

		c->prefix = (int)(strchr(c->cur, '=') - c->cur) + 1;
		c->cur += c->prefix;
		if (o && o->arg[0])
			offer_ph(c, o->arg, NULL);
		return;
	}
	if (c->cur[0] == '-' && !rest) {
		for (size_t i = 0; i < g.no; i++)
			offer(c, g.o[i].name);
		offer(c, "--help");
		return;
	}
	if (subs && npos == 0) {
		has_subcommands(c->cmd, c);
		return;
	}
	/* the positional being typed, and the one after it when that one may be left out */
	const char *network = NULL;

	for (size_t i = 0; i < npos && i < g.np; i++)
		if (streq(g.p[i].ph, "NETWORK"))
			network = pos[i];
	for (size_t k = npos; k < g.np; k++) {
		offer_ph(c, g.p[k].ph, network);
		if (!g.p[k].optional)
			return;
	}
	if (g.np && npos >= g.np && g.p[g.np - 1].many)
		offer_ph(c, g.p[g.np - 1].ph, network);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_complete(vn_ctx *ctx, int argc, char **argv)
{
	static const char *const globals[] = { "--root", "--quiet", "-q", "--help", "--version" };
	compl c = {0};
	const char *root = ctx->root_arg;
	vn_err err = {0};
	size_t i = 1, n = 0;

	if (argc > 1 && streq(argv[1], "--"))
		i = 2;
	if (i >= (size_t)argc)
		return 0;
	c.cur = argv[argc - 1];
	/* global options before the command */
	for (; i + 1 < (size_t)argc && argv[i][0] == '-'; i++) {
		if (streq(argv[i], "--root") || streq(argv[i], "-r")) {
			if (i + 2 == (size_t)argc)
				return 0;   /* a folder: the shell's */
			root = argv[++i];
		} else if (!strncmp(argv[i], "--root=", 7)) {
			root = argv[i] + 7;
		}
	}
	if (state_paths_init(&c.paths, root, &err) < 0)
		return 0;
	if (i + 1 == (size_t)argc) {   /* the command itself */
		if (c.cur[0] == '-') {
			for (size_t k = 0; k < sizeof(globals) / sizeof(globals[0]); k++)
				offer(&c, globals[k]);
		} else {
			const vn_cmd *t = cli_commands(&n);

			for (size_t k = 0; k < n; k++)
				if (!t[k].hidden)
					offer(&c, t[k].name);
			for (size_t k = 0; k < n && !c.ncands; k++)   /* virsh's names when asked */
				if (t[k].alias)
					offer(&c, t[k].alias);
		}
	} else if ((c.cmd = cli_find(argv[i])) && !c.cmd->hidden) {
		complete_command(&c, argv + i, (size_t)argc - i);
	}
	if (c.cands)
		qsort(c.cands, c.ncands, sizeof(char *), by_name);
	for (size_t k = 0; k < c.ncands; k++)
		puts(c.cands[k]);
	strv_free(c.cands);
	return 0;
}
