/* sv_wake_write.c - the wake list, from the supervisor's last pass (the worker's side) */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervise/sv_internal.h"
#include "supervise/sv_wake.h"
#include "util/buf.h"
#include "util/fileio.h"

int sv_wake_list(const vn_sv *sv, char **out)
{
	vn_buf b = {0};

	buf_printf(&b, "table %s\n", sv->s.table);
	for (size_t i = 0; i < sv->nnets; i++) {
		if (sv->nets[i].bridge > 0)
			buf_printf(&b, "bridge %d\n", sv->nets[i].bridge);
		if (sv->nets[i].vxlan > 0)   /* watched as its bridge is */
			buf_printf(&b, "bridge %d\n", sv->nets[i].vxlan);
		if (sv->nets[i].pid > 0)
			buf_printf(&b, "pid %d\n", (int)sv->nets[i].pid);
	}
	for (int d = 0; d < 2; d++)   /* virtnet's FRR, while an evpn network runs */
		if (sv->frr_pid[d] > 0)
			buf_printf(&b, "pid %d\n", (int)sv->frr_pid[d]);
	for (size_t i = 0; i < sv->nseen; i++) {
		const sv_seen *s = &sv->seen[i];
		const sv_net *n = s->active ? sv_net_by_name((vn_sv *)sv, s->name) : NULL;
		for (size_t k = 0; n && n->bridge > 0 && k < s->ports.n; k++)
			buf_printf(&b, "port %s %d\n", s->ports.v[k], n->bridge);
	}
	if (b.oom) {
		buf_free(&b);
		return -ENOMEM;
	}
	*out = buf_steal(&b);
	return 0;
}

int sv_write_wake(const vn_sv *sv, vn_err *err)
{
	char path[PATH_MAX + 16], *text = NULL;
	int rc = sv_wake_list(sv, &text);

	if (rc < 0)
		return vn_err_set(err, -rc, "cannot list what to watch: %s", strerror(-rc));
	snprintf(path, sizeof(path), "%s/virtnetd.wake", sv->paths.run);
	rc = file_write_volatile(path, text, strlen(text), 0600, err);
	free(text);
	return rc;
}

