/* sv_inotify.c - the directories commands write (journals, definitions, autostart marks,
 * port records, lease files) and what each notification names: the next pass reloads only
 * those records. Lost notifications (the queue overflowed) mean all of them. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "supervise/sv_internal.h"
#include "util/fileio.h"

int sv_watch_dirs(vn_sv *sv, vn_err *err)
{
	uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE;
	char ports[PATH_MAX + 8], leases[PATH_MAX + 16];
	const char *dirs[SV_NDIRS] = {
		[SV_DIR_STATUS] = sv->paths.status, [SV_DIR_NETWORKS] = sv->paths.networks,
		[SV_DIR_AUTOSTART] = sv->paths.autostart, [SV_DIR_PORTS] = ports,
		[SV_DIR_LEASES] = leases,
	};

	snprintf(ports, sizeof(ports), "%s/ports", sv->paths.run);
	snprintf(leases, sizeof(leases), "%s/dnsmasq", sv->paths.lib);
	for (size_t i = 0; i < SV_NDIRS; i++) {
		int rc = mkdir_p(dirs[i], 0755);
		if (rc < 0)
			return vn_err_set(err, -rc, "cannot create %s: %s", dirs[i], strerror(-rc));
		/* dnsmasq rewrites its lease file in place, never closing it */
		uint32_t m = i == SV_DIR_LEASES ? mask | IN_MODIFY : mask;
		sv->wd[i] = inotify_add_watch(sv->ino, dirs[i], m);
		if (sv->wd[i] < 0)
			return vn_err_set(err, errno, "cannot watch %s: %s", dirs[i],
					  strerror(errno));
	}
	return 0;
}

/* name without its suffix into out, when it has that suffix and nothing else odd: a
 * temporary file being written, a directory and anything else are not records */
static bool stem(const char *name, const char *suffix, char *out, size_t len)
{
	size_t n = strlen(name), k = strlen(suffix);

	if (n <= k || n - k >= len || name[0] == '.' || strcmp(name + n - k, suffix) != 0)
		return false;
	memcpy(out, name, n - k);
	out[n - k] = '\0';
	return true;
}

static int dir_of(const vn_sv *sv, int wd)
{
	for (int i = 0; i < SV_NDIRS; i++)
		if (sv->wd[i] == wd)
			return i;
	return -1;
}

static void note(vn_sv *sv, const struct inotify_event *ev)
{
	char name[NAME_MAX + 1];
	uint8_t u[16];
	int dir = dir_of(sv, ev->wd);

	if (ev->mask & IN_Q_OVERFLOW) {
		sv->dirty.all = true;
		return;
	}
	if (dir < 0 || !ev->len || (ev->mask & IN_ISDIR))
		return;
	if (dir == SV_DIR_LEASES) {
		if (stem(ev->name, ".leases", name, sizeof(name)) && uuid_parse(name, u) == 0)
			strs_add(&sv->dirty.leases, name);
	} else if (dir == SV_DIR_PORTS) {
		if (stem(ev->name, ".xml", name, sizeof(name)) && uuid_parse(name, u) == 0)
			strs_add(&sv->dirty.ports, name);
	} else if (stem(ev->name, ".xml", name, sizeof(name)) &&
		   store_check_name(name, NULL) == 0) {
		strs_add(&sv->dirty.nets, name);
	}
}

/* A record written, renamed into place or removed: a command changed something. */
int sv_on_inotify(vn_sv *sv)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;

	for (;;) {
		n = read(sv->ino, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			note(sv, ev);
		}
	}
	if (n < 0 && errno != EAGAIN)
		return -errno;
	sv_due(&sv->refresh_due, SV_SETTLE_MS);
	return 0;
}

void sv_dirty_free(sv_dirty *d)
{
	strs_free(&d->nets);
	strs_free(&d->leases);
	strs_free(&d->ports);
	d->all = false;
}
