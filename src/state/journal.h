/* journal.h - one step journal for every object virtnet changes the host for: a running
 * network, a host bridge over a NIC, a Xen vif.
 *
 * A journal file holds a header (the object's kind, the phase it is in, the process doing
 * it), the object's payload (what it was made from, written with the file) and its steps.
 * A step is appended as *intended* before its change is made and marked *done* after; an
 * undo walks the steps backwards and marks each *undone*. Every record is one line appended
 * to the file: killing the process at any instant leaves a journal in which every change
 * that may exist is named (a torn last line is a record never written, and the change it
 * would have announced was not begun). Undoing an intended step must therefore be harmless
 * when its change never happened. A journal whose owner died while doing or undoing is
 * undone by the next command that finds it.
 *
 * Steps may also be *planned* ahead (a host bridge records the NIC's whole state before it
 * touches it); planned steps are never undone, and a plan is made intended step by step. */
#pragma once
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/err.h"

typedef enum { JSTEP_PLANNED, JSTEP_INTENDED, JSTEP_DONE, JSTEP_UNDONE, JSTEP__COUNT } vn_jstate;
typedef enum { JPHASE_DOING, JPHASE_DONE, JPHASE_UNDOING, JPHASE__COUNT } vn_jphase;

/* What a user of the journal tells it about its steps. The kind names are the steps' names
 * in the file and, after fault_prefix, their fault points (util/fault.h): VIRTNET_FAIL_AT=P
 * makes a step fail before its change, VIRTNET_STALL_AT=P stops after it is journaled and
 * before its change, P-made after its change and before it is marked done, P-undo before it
 * is undone. */
typedef struct vn_jtype {
	const char *object;                    /* "network", "hostbridge", "vif": the root's name */
	const char *fault_prefix;              /* before a kind's name in its fault points ("vif-"),
						* or NULL */
	const char *const *kinds;              /* step kind names, by kind number */
	int nkinds;
	size_t step_size;                      /* the user's step structure */
	/* Attributes of one step (" name='value'...", XML-escaped), and the step back from them,
	 * typed like any input: a journal is read back as input. */
	void (*format)(vn_buf *b, int kind, const void *step);
	int (*parse)(xmlNodePtr node, int kind, void *step, vn_err *err);
} vn_jtype;

typedef struct vn_jstep {
	int kind;
	vn_jstate state;
	void *data;                            /* type->step_size bytes */
} vn_jstep;

typedef struct vn_journal {
	const vn_jtype *type;
	char path[4096];
	int fd;                                /* open for appending while we write it, else -1 */
	vn_jphase phase;
	pid_t pid;                             /* the process doing or undoing it */
	unsigned long long pid_start;          /* its start time (/proc/PID/stat), against pid
						* reuse */
	xmlDocPtr doc;                         /* as read: the payload is the root's other
						* children */
	char *payload;                         /* as written by this process (create, compact) */
	vn_jstep *steps;
	size_t nsteps;
} vn_journal;

const char *jstate_to_string(vn_jstate s);
const char *jphase_to_string(vn_jphase p);

/* A new journal at path, replacing any file there atomically: header (phase doing, this
 * process) and payload (XML elements, written as they are; NULL for none). It stays open. */
int journal_create(vn_journal *j, const vn_jtype *type, const char *path, const char *payload,
		   vn_err *err);
/* Read one: 0, -ENOENT when there is none, -EINVAL (a message naming the file, the record
 * and the field) when a record is not of its type: nothing of such a journal may be acted on. */
int journal_read(vn_journal *j, const vn_jtype *type, const char *path, size_t max, vn_err *err);
/* The payload's first element (NULL when none), valid until journal_free. */
xmlNodePtr journal_payload(const vn_journal *j);
void journal_free(vn_journal *j);   /* closes, frees; the file stays */
int journal_remove(vn_journal *j, vn_err *err);   /* the file goes (the undo is complete) */

/* Append records (the journal is opened for appending first if it was only read). */
int journal_plan(vn_journal *j, int kind, const void *step, vn_err *err);     /* a planned step */
int journal_intend(vn_journal *j, int kind, const void *step, size_t *n, vn_err *err);
int journal_intend_planned(vn_journal *j, size_t n, vn_err *err);             /* plan -> intended */
/* Step n still intended, recorded again with its data as it is now (what a change under
 * way has learned, such as the pid of a process that is starting). */
int journal_note(vn_journal *j, size_t n, vn_err *err);
int journal_done(vn_journal *j, size_t n, vn_err *err);   /* with the step's data as it is now */
int journal_undone(vn_journal *j, size_t n, vn_err *err);
/* A new phase, taken by this process. */
int journal_set_phase(vn_journal *j, vn_jphase phase, vn_err *err);
/* Rewrite the file whole (atomically) with a new payload (NULL: keep it), dropping undone
 * steps (the others are renumbered, in memory as in the file): for a long-lived journal
 * whose payload changes or that grew. */
int journal_compact(vn_journal *j, const char *payload, vn_err *err);

/* Whether the process that last took the journal is gone (so a phase doing or undoing will
 * never finish by itself). */
bool journal_orphaned(const vn_journal *j);

/* Make one step: record it intended, run make (which may fill in the step, e.g. an index),
 * mark it done. A failure of make (or an injected one) leaves it intended: undo it. */
typedef int (*vn_jmake)(void *ctx, int kind, void *step, vn_err *err);
int journal_step(vn_journal *j, int kind, void *step, vn_jmake make, void *ctx, vn_err *err);
/* A step whose change takes a while, made in two halves so that other steps can be made
 * meanwhile: begin records it intended, runs begin (its fault point as for journal_step)
 * and records it again, still intended, with what begin filled in (a pid); *n gets its
 * number. finish runs finish on it and marks it done (its -made point in between). A step
 * begun and never finished stays intended: undo it like any other. */
int journal_step_begin(vn_journal *j, int kind, void *step, vn_jmake begin, void *ctx, size_t *n,
		       vn_err *err);
int journal_step_finish(vn_journal *j, size_t n, vn_jmake finish, void *ctx, vn_err *err);
/* The same for planned step n: it is marked intended, made (its data in the journal) and
 * marked done; the fault points are its kind's, as for journal_step. */
int journal_step_planned(vn_journal *j, size_t n, vn_jmake make, void *ctx, vn_err *err);
/* Undo every intended and done step, last first, marking each undone. A step whose undo
 * fails stays as it is (to be retried), the walk goes on; the first error is returned. */
typedef int (*vn_jundo)(void *ctx, int kind, const void *step, vn_jstate state, vn_err *err);
int journal_undo(vn_journal *j, vn_jundo undo, void *ctx, vn_err *err);
/* The fault point of a kind: fault_prefix and the kind's name. */
void journal_fault_point(const vn_jtype *type, int kind, const char *suffix, char out[128]);
/* Steps neither planned nor undone, for callers that look at what exists. */
size_t journal_live_steps(const vn_journal *j);
