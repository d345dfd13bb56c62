/* journal_run.c - making and undoing journaled steps, with a fault point at each instant */
#include <errno.h>
#include <stdio.h>

#include "state/journal.h"
#include "util/fault.h"

void journal_fault_point(const vn_jtype *type, int kind, const char *suffix, char out[128])
{
	snprintf(out, 128, "%s%s%s", type->fault_prefix ? type->fault_prefix : "",
		 type->kinds[kind], suffix);
}

static void stall_at(const vn_journal *j, int kind, const char *suffix)
{
	char point[128];

	journal_fault_point(j->type, kind, suffix, point);
	fault_stall(point);
}

/* Step n is journaled as intended: its fault point, then make (or begin) it. */
static int make_step(vn_journal *j, size_t n, vn_jmake make, void *ctx, vn_err *err)
{
	int kind = j->steps[n].kind;
	char point[128];

	journal_fault_point(j->type, kind, "", point);
	if (fault_point(point) < 0)
		return vn_err_set(err, EIO, "injected failure at step '%s'", point);
	return make(ctx, kind, j->steps[n].data, err);
}

/* Step n's change is made: mark it done. */
static int made(vn_journal *j, size_t n, vn_err *err)
{
	stall_at(j, j->steps[n].kind, "-made");
	return journal_done(j, n, err);
}

/* Step n is journaled as intended: make it and mark it done. */
static int make_intended(vn_journal *j, size_t n, vn_jmake make, void *ctx, vn_err *err)
{
	int r = make_step(j, n, make, ctx, err);

	return r < 0 ? r : made(j, n, err);
}

int journal_step(vn_journal *j, int kind, void *step, vn_jmake make, void *ctx, vn_err *err)
{
	size_t n;
	int r = journal_intend(j, kind, step, &n, err);

	if (r < 0)
		return r;
	return make_intended(j, n, make, ctx, err);
}

int journal_step_begin(vn_journal *j, int kind, void *step, vn_jmake begin, void *ctx, size_t *n,
		       vn_err *err)
{
	int r = journal_intend(j, kind, step, n, err);

	if (r == 0)
		r = make_step(j, *n, begin, ctx, err);
	if (r == 0)
		r = journal_note(j, *n, err);
	return r;
}

int journal_step_finish(vn_journal *j, size_t n, vn_jmake finish, void *ctx, vn_err *err)
{
	int r;

	if (n >= j->nsteps || j->steps[n].state != JSTEP_INTENDED)
		return vn_err_set(err, EINVAL,
				  "internal error: step %zu of journal %s is not begun", n, j->path);
	r = finish(ctx, j->steps[n].kind, j->steps[n].data, err);
	return r < 0 ? r : made(j, n, err);
}

int journal_step_planned(vn_journal *j, size_t n, vn_jmake make, void *ctx, vn_err *err)
{
	int r;

	if (n >= j->nsteps || j->steps[n].state != JSTEP_PLANNED)
		return vn_err_set(err, EINVAL,
				  "internal error: step %zu of journal %s is not planned", n,
				  j->path);
	r = journal_intend_planned(j, n, err);
	if (r < 0)
		return r;
	return make_intended(j, n, make, ctx, err);
}

int journal_undo(vn_journal *j, vn_jundo undo, void *ctx, vn_err *err)
{
	int first = 0;

	for (size_t i = j->nsteps; i-- > 0;) {
		vn_jstep *s = &j->steps[i];
		vn_err e = {0};
		if (s->state != JSTEP_INTENDED && s->state != JSTEP_DONE)
			continue;
		stall_at(j, s->kind, "-undo");
		int r = undo(ctx, s->kind, s->data, s->state, &e);
		if (r == 0)
			r = journal_undone(j, i, &e);
		if (r < 0 && !first) {
			first = r;
			*err = e;
		}
	}
	return first;
}
