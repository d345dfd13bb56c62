/* journal.c - the step journal's file: created whole, then appended one line a record */
#include "state/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/xml.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

static const char *const state_names[JSTEP__COUNT] = { "planned", "intended", "done", "undone" };
static const char *const phase_names[JPHASE__COUNT] = { "doing", "done", "undoing" };

const char *jstate_to_string(vn_jstate s)
{
	return (unsigned)s < JSTEP__COUNT ? state_names[s] : NULL;
}

const char *jphase_to_string(vn_jphase p)
{
	return (unsigned)p < JPHASE__COUNT ? phase_names[p] : NULL;
}

/* Field 22 of /proc/PID/stat: the start time, which a reused pid does not share; 0 for a
 * process that is gone or a zombie. */
static unsigned long long proc_start(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long start = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');   /* the name may hold spaces and parentheses */
	if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X')
		return 0;   /* a zombie has finished all it will ever do */
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p && sscanf(p + 1, "%llu", &start) != 1)
		start = 0;
	return start;
}

bool journal_orphaned(const vn_journal *j)
{
	if (j->pid <= 0)
		return true;
	return proc_start(j->pid) != j->pid_start;
}

static void owner_attrs(vn_buf *b)
{
	pid_t me = getpid();

	buf_printf(b, " pid='%d' start='%llu'", (int)me, proc_start(me));
}

static int append(vn_journal *j, vn_buf *b, vn_err *err)
{
	int r = 0;

	if (b->oom) {
		buf_free(b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	if (j->fd < 0) {
		j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (j->fd < 0)
			r = vn_err_set(err, errno, "cannot open the journal %s: %s", j->path,
				       strerror(errno));
	}
	for (size_t off = 0; r == 0 && off < b->len;) {
		ssize_t n = write(j->fd, b->s + off, b->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = vn_err_set(err, n < 0 ? errno : EIO, "cannot write the journal %s: %s",
				       j->path, strerror(n < 0 ? errno : EIO));
		else
			off += (size_t)n;
	}
	buf_free(b);
	return r;
}

/* Step i of the journal, written as step number n (a compaction renumbers the steps). */
static void step_line(vn_buf *b, const vn_journal *j, size_t i, size_t n, bool with_data)
{
	const vn_jstep *s = &j->steps[i];

	buf_printf(b, "<step n='%zu' state='%s'", n, jstate_to_string(s->state));
	if (with_data) {
		buf_printf(b, " kind='%s'", j->type->kinds[s->kind]);
		j->type->format(b, s->kind, s->data);
	}
	buf_add(b, "/>\n");
}

/* The payload, ended by a newline. */
static void payload_add(vn_buf *b, const char *payload)
{
	size_t n = strlen(payload);

	buf_printf(b, "%s%s", payload, n && payload[n - 1] != '\n' ? "\n" : "");
}

static void header(vn_buf *b, const vn_journal *j)
{
	buf_printf(b, "<journal object='%s' phase='%s'", j->type->object,
		   jphase_to_string(j->phase));
	owner_attrs(b);
	buf_add(b, "/>\n");
}

static int add_step(vn_journal *j, int kind, vn_jstate state, const void *data, vn_err *err)
{
	vn_jstep *nv = realloc(j->steps, (j->nsteps + 1) * sizeof(*nv));
	void *copy = malloc(j->type->step_size);

	if (!nv || !copy) {
		free(copy);
		if (nv)
			j->steps = nv;
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	j->steps = nv;
	memcpy(copy, data, j->type->step_size);
	j->steps[j->nsteps++] = (vn_jstep){ .kind = kind, .state = state, .data = copy };
	return 0;
}

int journal_create(vn_journal *j, const vn_jtype *type, const char *path, const char *payload,
		   vn_err *err)
{
	vn_buf b = {0};
	int r;

	*j = (vn_journal){ .type = type, .fd = -1, .phase = JPHASE_DOING, .pid = getpid() };
	j->pid_start = proc_start(j->pid);
	if (snprintf(j->path, sizeof(j->path), "%s", path) >= (int)sizeof(j->path))
		return vn_err_set(err, ENAMETOOLONG, "journal path %s is too long", path);
	header(&b, j);
	if (payload)
		payload_add(&b, payload);
	if (b.oom) {
		buf_free(&b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = file_write_volatile(path, b.s, b.len, 0644, err);
	buf_free(&b);
	if (r < 0 || !payload)
		return r;
	j->payload = strdup(payload);
	if (!j->payload)
		return vn_err_set(err, ENOMEM, "out of memory");
	return 0;
}

int journal_plan(vn_journal *j, int kind, const void *step, vn_err *err)
{
	vn_buf b = {0};
	int r = add_step(j, kind, JSTEP_PLANNED, step, err);

	if (r < 0)
		return r;
	step_line(&b, j, j->nsteps - 1, j->nsteps - 1, true);
	return append(j, &b, err);
}

int journal_intend(vn_journal *j, int kind, const void *step, size_t *n, vn_err *err)
{
	vn_buf b = {0};
	int r = add_step(j, kind, JSTEP_INTENDED, step, err);

	if (r < 0)
		return r;
	if (n)
		*n = j->nsteps - 1;
	step_line(&b, j, j->nsteps - 1, j->nsteps - 1, true);
	return append(j, &b, err);
}

static int mark(vn_journal *j, size_t n, vn_jstate state, bool with_data, vn_err *err)
{
	vn_buf b = {0};

	if (n >= j->nsteps)
		return vn_err_set(err, EINVAL, "internal error: journal %s has no step %zu",
				  j->path, n);
	j->steps[n].state = state;
	step_line(&b, j, n, n, with_data);
	return append(j, &b, err);
}

int journal_intend_planned(vn_journal *j, size_t n, vn_err *err)
{
	return mark(j, n, JSTEP_INTENDED, false, err);
}

int journal_note(vn_journal *j, size_t n, vn_err *err)
{
	return mark(j, n, JSTEP_INTENDED, true, err);
}

int journal_done(vn_journal *j, size_t n, vn_err *err)
{
	return mark(j, n, JSTEP_DONE, true, err);
}

int journal_undone(vn_journal *j, size_t n, vn_err *err)
{
	return mark(j, n, JSTEP_UNDONE, false, err);
}

int journal_set_phase(vn_journal *j, vn_jphase phase, vn_err *err)
{
	vn_buf b = {0};

	j->phase = phase;
	j->pid = getpid();
	j->pid_start = proc_start(j->pid);
	buf_printf(&b, "<phase value='%s'", jphase_to_string(phase));
	owner_attrs(&b);
	buf_add(&b, "/>\n");
	return append(j, &b, err);
}

/* The payload as it was read: the elements between the header and the first record. */
static void payload_text(const vn_journal *j, vn_buf *b)
{
	for (xmlNodePtr c = journal_payload(j); c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !strcmp((const char *)c->name, "step") ||
		    !strcmp((const char *)c->name, "phase"))
			continue;
		xmlBufferPtr xb = xmlBufferCreate();
		if (!xb || xmlNodeDump(xb, j->doc, c, 0, 1) < 0)
			b->oom = true;
		else
			buf_printf(b, "%s\n", (const char *)xmlBufferContent(xb));
		xmlBufferFree(xb);
	}
}

/* The undone steps leave memory as they left the file: the others are renumbered alike. */
static void drop_undone(vn_journal *j)
{
	size_t k = 0;

	for (size_t i = 0; i < j->nsteps; i++) {
		if (j->steps[i].state == JSTEP_UNDONE)
			free(j->steps[i].data);
		else
			j->steps[k++] = j->steps[i];
	}
	j->nsteps = k;
}

int journal_compact(vn_journal *j, const char *payload, vn_err *err)
{
	vn_buf b = {0};
	int r;

	header(&b, j);
	if (!payload)
		payload = j->payload;
	if (payload)
		payload_add(&b, payload);
	else
		payload_text(j, &b);
	for (size_t i = 0, n = 0; i < j->nsteps; i++)
		if (j->steps[i].state != JSTEP_UNDONE)
			step_line(&b, j, i, n++, true);
	if (b.oom) {
		buf_free(&b);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	r = file_write_volatile(j->path, b.s, b.len, 0644, err);
	buf_free(&b);
	if (r < 0)
		return r;
	drop_undone(j);
	if (payload != j->payload) {
		free(j->payload);
		j->payload = strdup(payload ? payload : "");
		if (!j->payload)
			return vn_err_set(err, ENOMEM, "out of memory");
	}
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;   /* the next append opens the new file */
	return 0;
}

size_t journal_live_steps(const vn_journal *j)
{
	size_t n = 0;

	for (size_t i = 0; i < j->nsteps; i++)
		n += j->steps[i].state == JSTEP_INTENDED || j->steps[i].state == JSTEP_DONE;
	return n;
}

void journal_free(vn_journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	for (size_t i = 0; i < j->nsteps; i++)
		free(j->steps[i].data);
	free(j->steps);
	if (j->doc)
		xmlFreeDoc(j->doc);
	free(j->payload);
	j->payload = NULL;
	j->steps = NULL;
	j->nsteps = 0;
	j->doc = NULL;
	j->fd = -1;
}

int journal_remove(vn_journal *j, vn_err *err)
{
	if (unlink(j->path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove the journal %s: %s", j->path,
				  strerror(errno));
	return 0;
}
