/* network_run.c - a command's context (vn_run) over a kernel session */
#include "net/network.h"

void run_init(vn_run *r, vn_session *s, const vn_paths *paths, vn_notes *notes)
{
	*r = (vn_run){ .paths = paths, .notes = notes };
	r->table = s->table;
	r->nl = s->nl;
	r->fw = s->fw;
	r->tap_next = &s->tap_next;
}

int run_open(vn_run *r, const vn_paths *paths, vn_notes *notes, vn_err *err)
{
	vn_session s;
	int rc = session_open(&s, err);

	run_init(r, &s, paths, notes);   /* on failure too: nothing is open */
	r->tap_next = NULL;              /* s is gone with this call */
	return rc;
}

void run_close(vn_run *r)
{
	vn_session s = { .nl = r->nl, .fw = r->fw, .table = r->table };

	session_close(&s);
	r->nl = NULL;
	r->fw = NULL;
}
