/* test-journal.c - the step journal: records appended in order, read back typed, a torn last
 * line ignored, undo in reverse, planned steps, compaction, an orphaned owner, a step begun
 * and finished later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/xml.h"
#include "state/journal.h"
#include "util/fileio.h"

typedef struct toy { unsigned value; } toy;
static const char *const toy_kinds[] = { "one", "two" };

static void toy_format(vn_buf *b, int kind, const void *step)
{
	(void)kind;
	buf_printf(b, " value='%u'", ((const toy *)step)->value);
}

static int toy_parse(xmlNodePtr node, int kind, void *step, vn_err *err)
{
	(void)kind;
	if (xml_prop_uint(node, "value", 10, false, &((toy *)step)->value, err) != 1)
		return vn_err_set(err, EINVAL, "no value");
	return ((toy *)step)->value > 1000 ? vn_err_set(err, EINVAL, "value out of range") : 0;
}

static const vn_jtype toy_type = { .object = "toy", .fault_prefix = "toy-", .kinds = toy_kinds, .nkinds = 2,
				   .step_size = sizeof(toy), .format = toy_format, .parse = toy_parse };

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vn-journal-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/j.xml", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static int make_ok(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx, (void)kind, (void)err;
	((toy *)step)->value += 100;   /* make learns something, as a bridge learns its index */
	return 0;
}

static int make_fail(void *ctx, int kind, void *step, vn_err *err)
{
	(void)ctx, (void)kind, (void)step;
	return vn_err_set(err, EBUSY, "busy");
}

static char undone[64];

static int undo_log(void *ctx, int kind, const void *step, vn_jstate st, vn_err *err)
{
	(void)ctx, (void)err;
	size_t n = strlen(undone);
	snprintf(undone + n, sizeof(undone) - n, "%s%u%c ", toy_kinds[kind], ((const toy *)step)->value,
		 st == JSTEP_DONE ? 'd' : 'i');
	return 0;
}

static void steps_and_undo(void **state)
{
	vn_journal j, r;
	vn_err err = {0};
	toy a = { 1 }, b = { 2 };
	(void)state;

	assert_int_equal(journal_create(&j, &toy_type, path, "<toy name='x'/>", &err), 0);
	assert_int_equal(journal_step(&j, 0, &a, make_ok, NULL, &err), 0);
	assert_int_equal(journal_step(&j, 1, &b, make_fail, NULL, &err), -EBUSY);
	journal_free(&j);
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(r.nsteps, 2);
	assert_int_equal(r.steps[0].state, JSTEP_DONE);
	assert_int_equal(((toy *)r.steps[0].data)->value, 101);   /* what make learned is kept */
	assert_int_equal(r.steps[1].state, JSTEP_INTENDED);
	assert_string_equal((const char *)journal_payload(&r)->name, "toy");
	assert_false(journal_orphaned(&r));   /* we are its owner */
	undone[0] = '\0';
	assert_int_equal(journal_undo(&r, undo_log, NULL, &err), 0);
	assert_string_equal(undone, "two2i one101d ");
	assert_int_equal(journal_live_steps(&r), 0);
	journal_free(&r);
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(journal_live_steps(&r), 0);   /* the undo was journaled too */
	journal_free(&r);
}

static void append_raw(const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void torn_and_hostile(void **state)
{
	vn_journal j, r;
	vn_err err = {0};
	toy a = { 7 };
	(void)state;

	assert_int_equal(journal_create(&j, &toy_type, path, NULL, &err), 0);
	assert_int_equal(journal_intend(&j, 0, &a, NULL, &err), 0);
	journal_free(&j);
	append_raw("<step n='1' state='intended' kind='two' val");   /* killed mid-write */
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(r.nsteps, 1);
	journal_free(&r);
	static const char *const bad[] = {
		"\n<step n='1' state='intended' kind='three' value='1'/>\n",
		"\n<step n='5' state='intended' kind='one' value='1'/>\n",
		"\n<step n='1' state='intended'/>\n",
		"\n<step n='0' state='maybe'/>\n",
		"\n<step n='0' state='done' kind='two' value='1'/>\n",
		"\n<step n='1' state='done' kind='one' value='5000'/>\n",
		"\n<payload/>\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(journal_create(&j, &toy_type, path, NULL, &err), 0);
		assert_int_equal(journal_intend(&j, 0, &a, NULL, &err), 0);
		journal_free(&j);
		append_raw(bad[i]);
		if (journal_read(&r, &toy_type, path, 1 << 20, &err) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(strstr(err.msg, path));
	}
}

static void plan_phase_compact(void **state)
{
	vn_journal j, r;
	vn_err err = {0};
	toy a = { 1 }, b = { 2 }, c = { 3 };
	(void)state;

	assert_int_equal(journal_create(&j, &toy_type, path, "<toy name='p'/>", &err), 0);
	assert_int_equal(journal_plan(&j, 0, &a, &err), 0);
	assert_int_equal(journal_plan(&j, 1, &b, &err), 0);
	assert_int_equal(journal_intend_planned(&j, 0, &err), 0);
	assert_int_equal(journal_done(&j, 0, &err), 0);
	assert_int_equal(journal_set_phase(&j, JPHASE_DONE, &err), 0);
	assert_int_equal(journal_intend(&j, 0, &c, NULL, &err), 0);
	assert_int_equal(journal_undone(&j, 2, &err), 0);
	assert_int_equal(journal_compact(&j, NULL, &err), 0);
	journal_free(&j);
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(r.phase, JPHASE_DONE);
	assert_int_equal(r.nsteps, 2);   /* the undone step is gone, the plan stays */
	assert_int_equal(r.steps[0].state, JSTEP_DONE);
	assert_int_equal(r.steps[1].state, JSTEP_PLANNED);
	assert_string_equal((const char *)journal_payload(&r)->name, "toy");
	undone[0] = '\0';
	assert_int_equal(journal_undo(&r, undo_log, NULL, &err), 0);
	assert_string_equal(undone, "one1d ");   /* planned steps are never undone */
	r.pid = 1;   /* another process (init, say) that is not the one that wrote it */
	r.pid_start = 1;
	assert_true(journal_orphaned(&r));
	journal_free(&r);
}

/* Planned steps made one by one: each marked intended, made (what make learns journaled)
 * and done; a failed make leaves its step intended; a step not planned is refused. */
static void planned_steps(void **state)
{
	vn_journal j, r;
	vn_err err = {0};
	toy a = { 1 }, b = { 2 };
	(void)state;

	assert_int_equal(journal_create(&j, &toy_type, path, NULL, &err), 0);
	assert_int_equal(journal_plan(&j, 0, &a, &err), 0);
	assert_int_equal(journal_plan(&j, 1, &b, &err), 0);
	assert_int_equal(journal_step_planned(&j, 0, make_ok, NULL, &err), 0);
	assert_int_equal(journal_step_planned(&j, 0, make_ok, NULL, &err), -EINVAL);
	assert_int_equal(journal_step_planned(&j, 1, make_fail, NULL, &err), -EBUSY);
	assert_int_equal(journal_step_planned(&j, 2, make_ok, NULL, &err), -EINVAL);
	journal_free(&j);
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(r.nsteps, 2);
	assert_int_equal(r.steps[0].state, JSTEP_DONE);
	assert_int_equal(((toy *)r.steps[0].data)->value, 101);
	assert_int_equal(r.steps[1].state, JSTEP_INTENDED);
	assert_int_equal(((toy *)r.steps[1].data)->value, 2);
	journal_free(&r);
}

/* An undone step in the middle: the file and the memory are renumbered alike, so the next
 * record names the step it means and the journal reads back. */
static void compact_renumbers(void **state)
{
	vn_journal j, r;
	vn_err err = {0};
	toy a = { 1 }, b = { 2 }, c = { 3 };
	(void)state;

	assert_int_equal(journal_create(&j, &toy_type, path, NULL, &err), 0);
	assert_int_equal(journal_intend(&j, 0, &a, NULL, &err), 0);
	assert_int_equal(journal_intend(&j, 1, &b, NULL, &err), 0);
	assert_int_equal(journal_intend(&j, 0, &c, NULL, &err), 0);
	assert_int_equal(journal_undone(&j, 1, &err), 0);
	assert_int_equal(journal_compact(&j, NULL, &err), 0);
	assert_int_equal(j.nsteps, 2);
	assert_int_equal(((toy *)j.steps[1].data)->value, 3);
	assert_int_equal(journal_done(&j, 1, &err), 0);
	journal_free(&j);
	if (journal_read(&r, &toy_type, path, 1 << 20, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.nsteps, 2);
	assert_int_equal(r.steps[0].state, JSTEP_INTENDED);
	assert_int_equal(r.steps[1].state, JSTEP_DONE);
	assert_int_equal(((toy *)r.steps[1].data)->value, 3);
	journal_free(&r);
}

/* A step in two halves with another made in between: begun, it is journaled intended with
 * what begin learned (a process's pid) before anything else happens, so a process killed
 * before finish leaves it to be undone with that data; finished, it is done; undo walks the
 * steps by their numbers, whatever order they were finished in. */
static void begun_and_finished(void **state)
{
	vn_journal j, r;
	vn_err err = {0};
	toy a = { 1 }, b = { 2 };
	size_t n = 9;
	(void)state;

	assert_int_equal(journal_create(&j, &toy_type, path, NULL, &err), 0);
	assert_int_equal(journal_step_begin(&j, 0, &a, make_ok, NULL, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(r.steps[0].state, JSTEP_INTENDED);   /* killed here: undo knows 101 */
	assert_int_equal(((toy *)r.steps[0].data)->value, 101);
	journal_free(&r);
	assert_int_equal(journal_step(&j, 1, &b, make_ok, NULL, &err), 0);
	assert_int_equal(journal_step_finish(&j, n, make_ok, NULL, &err), 0);
	assert_int_equal(journal_step_finish(&j, n, make_ok, NULL, &err), -EINVAL);   /* done */
	assert_int_equal(journal_step_begin(&j, 1, &b, make_fail, NULL, &n, &err), -EBUSY);
	journal_free(&j);
	assert_int_equal(journal_read(&r, &toy_type, path, 1 << 20, &err), 0);
	assert_int_equal(r.nsteps, 3);
	assert_int_equal(r.steps[0].state, JSTEP_DONE);
	assert_int_equal(((toy *)r.steps[0].data)->value, 201);
	assert_int_equal(r.steps[1].state, JSTEP_DONE);
	assert_int_equal(r.steps[2].state, JSTEP_INTENDED);
	undone[0] = '\0';
	assert_int_equal(journal_undo(&r, undo_log, NULL, &err), 0);
	assert_string_equal(undone, "two2i two102d one201d ");
	journal_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(steps_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(torn_and_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(plan_phase_compact, setup, teardown),
		cmocka_unit_test_setup_teardown(planned_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(compact_renumbers, setup, teardown),
		cmocka_unit_test_setup_teardown(begun_and_finished, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
