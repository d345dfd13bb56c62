/* journal_read.c - a journal read back like any input: every record of its type */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/xml.h"
#include "state/journal.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

#define ROOT "journalfile"

static int names_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static int bad(const vn_journal *j, unsigned line, const char *what, vn_err *err)
{
	return vn_err_set(err, EINVAL,
			  "journal %s: record %u: %s; it is not acted on (remove it once the host "
			  "is put right by hand)",
			  j->path, line, what);
}

static int owner_parse(vn_journal *j, xmlNodePtr n, unsigned line, vn_err *err)
{
	unsigned pid = 0;
	unsigned long long start = 0;

	if (xml_prop_uint(n, "pid", 10, true, &pid, err) != 1)
		return bad(j, line, "no owner process", err);
	if (xml_prop_ull(n, "start", &start, err) < 0)
		return bad(j, line, "no owner process", err);
	j->pid = (pid_t)pid;
	j->pid_start = start;
	return 0;
}

static int phase_parse(vn_journal *j, xmlNodePtr n, const char *attr, unsigned line, vn_err *err)
{
	static const char *const phases[] = { "doing", "done", "undoing" };
	_cleanup_free_ char *v = xml_prop(n, attr);
	int p = names_index(phases, 3, v);

	if (p < 0)
		return bad(j, line, "an unknown phase", err);
	j->phase = (vn_jphase)p;
	return owner_parse(j, n, line, err);
}

static int header_parse(vn_journal *j, xmlNodePtr n, vn_err *err)
{
	_cleanup_free_ char *object = xml_prop(n, "object");

	if (!n || strcmp((const char *)n->name, "journal") != 0 || !streq(object, j->type->object))
		return bad(j, 1, "not a journal of this kind of object", err);
	return phase_parse(j, n, "phase", 1, err);
}

static int new_step(vn_journal *j, xmlNodePtr n, int kind, vn_jstate state, unsigned line,
		    vn_err *err)
{
	vn_jstep *nv = realloc(j->steps, (j->nsteps + 1) * sizeof(*nv));
	void *data = calloc(1, j->type->step_size);

	if (nv)
		j->steps = nv;
	if (!nv || !data) {
		free(data);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	j->steps[j->nsteps++] = (vn_jstep){ .kind = kind, .state = state, .data = data };
	if (j->type->parse(n, kind, data, err) < 0) {
		vn_err_prefix(err, "journal %s: record %u (a '%s' step)", j->path, line,
			      j->type->kinds[kind]);
		return -EINVAL;
	}
	return 0;
}

/* <step n='N' state='S' [kind='K' ...data]>: a new step (n is the next one, with its kind)
 * or a new state for an earlier one, with its data again when a kind is given. */
static int step_parse(vn_journal *j, xmlNodePtr n, unsigned line, vn_err *err)
{
	static const char *const states[] = { "planned", "intended", "done", "undone" };
	_cleanup_free_ char *kind_s = xml_prop(n, "kind"), *state_s = xml_prop(n, "state");
	int kind = names_index(j->type->kinds, j->type->nkinds, kind_s);
	int state = names_index(states, 4, state_s);
	unsigned idx;

	if (xml_prop_uint(n, "n", 10, false, &idx, err) != 1 || idx > j->nsteps || state < 0)
		return bad(j, line, "a step without its number or state", err);
	if (kind_s && kind < 0)
		return bad(j, line, "a step of an unknown kind", err);
	if (idx == j->nsteps)
		return kind < 0 ? bad(j, line, "a new step without its kind", err)
				: new_step(j, n, kind, (vn_jstate)state, line, err);
	if (kind >= 0 && kind != j->steps[idx].kind)
		return bad(j, line, "a step that changes its kind", err);
	j->steps[idx].state = (vn_jstate)state;
	if (kind >= 0 && j->type->parse(n, kind, j->steps[idx].data, err) < 0) {
		vn_err_prefix(err, "journal %s: record %u", j->path, line);
		return -EINVAL;
	}
	return 0;
}

static bool is_record(xmlNodePtr n)
{
	return !strcmp((const char *)n->name, "step") || !strcmp((const char *)n->name, "phase");
}

static int records_parse(vn_journal *j, xmlNodePtr first, vn_err *err)
{
	unsigned line = 2;
	bool records = false;

	for (xmlNodePtr n = first; n; n = n->next, line++) {
		int r = 0;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!is_record(n) && records)
			return bad(j, line, "a payload element after the first step", err);
		records |= is_record(n);
		if (!strcmp((const char *)n->name, "step"))
			r = step_parse(j, n, line, err);
		else if (!strcmp((const char *)n->name, "phase"))
			r = phase_parse(j, n, "value", line, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The file up to its last line break, inside a root of our own: a torn last line (a record
 * whose write never finished) is not part of it. */
static int parse_file(vn_journal *j, const char *data, size_t len, vn_err *err)
{
	size_t keep = len;
	vn_buf b = {0};
	int r;

	while (keep > 0 && data[keep - 1] != '\n')
		keep--;
	buf_add(&b, "<" ROOT ">");
	buf_addn(&b, data, keep);
	buf_add(&b, "</" ROOT ">");
	if (b.oom) {
		buf_free(&b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = xml_read(b.s, b.len, j->path, ROOT, &j->doc, err);
	buf_free(&b);
	return r;
}

static xmlNodePtr first_element(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

int journal_read(vn_journal *j, const vn_jtype *type, const char *path, size_t max, vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r;

	*j = (vn_journal){ .type = type, .fd = -1 };
	snprintf(j->path, sizeof(j->path), "%s", path);
	r = file_read_all(path, max, &data, &len, err);
	if (r == -ENOENT)
		return r;
	if (r == 0)
		r = parse_file(j, data, len, err);
	xmlNodePtr head = r == 0 ? first_element(xmlDocGetRootElement(j->doc)->children) : NULL;
	if (r == 0)
		r = header_parse(j, head, err);
	if (r == 0)
		r = records_parse(j, head->next, err);
	if (r < 0)
		journal_free(j);
	return r;
}

xmlNodePtr journal_payload(const vn_journal *j)
{
	if (!j->doc)
		return NULL;
	xmlNodePtr head = first_element(xmlDocGetRootElement(j->doc)->children);
	xmlNodePtr p = head ? first_element(head->next) : NULL;
	return p && !is_record(p) ? p : NULL;
}
