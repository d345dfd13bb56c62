/* hostbridge_store.c - hostbridge journals: <root>/run/virtnet/hostbridges/<BRIDGE>.xml
 *
 * No fsync (journal.c writes them like that): /run does not outlive a reboot, and neither
 * does the kernel state they describe. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostbridge/hostbridge.h"
#include "util/cleanup.h"
#include "util/fileio.h"

int hb_dir(const vn_paths *p, char *out, size_t len)
{
	return snprintf(out, len, "%s/hostbridges", p->run) >= (int)len ? -ENAMETOOLONG : 0;
}

int hb_file(const vn_paths *p, const char *name, char *out, size_t len)
{
	char dir[PATH_MAX];

	if (hb_dir(p, dir, sizeof(dir)) < 0)
		return -EINVAL;
	if (!name[0] || strchr(name, '/') || name[0] == '.')
		return -EINVAL;
	return state_path_xml(out, len, dir, name);
}

static int journal_path(const vn_paths *p, const vn_hostbridge *hb, char *path, size_t len,
			vn_err *err)
{
	char dir[PATH_MAX];
	int r;

	if (hb_dir(p, dir, sizeof(dir)) < 0)
		return vn_err_set(err, ENAMETOOLONG,
				  "cannot record host bridge '%s': path too long", hb->name);
	if (hb_file(p, hb->name, path, len) < 0)
		return vn_err_set(err, ENAMETOOLONG,
				  "cannot record host bridge '%s': path too long", hb->name);
	r = mkdir_p(dir, 0755);
	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", dir, strerror(-r));
	return 0;
}

/* The whole plan is in the file before any step is made: nothing the NIC had is ever only
 * in memory. */
int hb_journal_create(const vn_paths *p, vn_hostbridge *hb, const vn_hb_step *plan, size_t n,
		      vn_err *err)
{
	_cleanup_free_ char *payload = hb_payload_format(hb);
	char path[PATH_MAX];
	int r;

	if (!payload)
		return vn_err_set(err, ENOMEM, "out of memory recording host bridge '%s'",
				  hb->name);
	r = journal_path(p, hb, path, sizeof(path), err);
	if (r == 0)
		r = journal_create(&hb->j, &hb_journal_type, path, payload, err);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = journal_plan(&hb->j, (int)plan[i].kind, &plan[i], err);
	return r;
}

/* A journal of the bridge `name` (its file's name): read, then its payload, typed. */
static int read_path(const char *path, const char *name, vn_hostbridge **out, vn_err *err)
{
	vn_hostbridge *hb = calloc(1, sizeof(*hb));
	int r;

	*out = NULL;
	if (!hb)
		return vn_err_set(err, ENOMEM, "out of memory");
	r = journal_read(&hb->j, &hb_journal_type, path, HB_FILE_MAX, err);
	if (r == 0)
		r = hb_payload_parse(hb, err);
	if (r == 0 && strcmp(hb->name, name) != 0)
		r = vn_err_set(err, EINVAL,
			       "journal %s: record 2: the bridge '%s' is not the one the file is "
			       "named for",
			       path, hb->name);
	if (r < 0) {
		hb_free(hb);
		return r;
	}
	*out = hb;
	return 0;
}

int hb_read(const vn_paths *p, const char *name, vn_hostbridge **out, vn_err *err)
{
	char path[PATH_MAX];

	*out = NULL;
	if (hb_file(p, name, path, sizeof(path)) < 0)
		return vn_err_set(err, EINVAL, "'%s' is not a valid host bridge name", name);
	if (access(path, F_OK) < 0) {
		if (errno != ENOENT)
			return vn_err_set(err, errno, "cannot read %s: %s", path, strerror(errno));
		return vn_err_set(err, ENOENT,
				  "host bridge '%s' is not managed by virtnet (no %s); 'virtnet "
				  "hostbridge list' shows the ones it manages",
				  name, path);
	}
	return read_path(path, name, out, err);
}

int hb_set_phase(vn_hostbridge *hb, vn_jphase phase, vn_err *err)
{
	int r = journal_set_phase(&hb->j, phase, err);

	if (r == 0)
		r = journal_compact(&hb->j, NULL, err);
	return r;
}

void hb_list_free(vn_hostbridge **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hb_free(v[i]);
	free(v);
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(vn_hostbridge *const *)a)->name, (*(vn_hostbridge *const *)b)->name);
}

/* "br0.xml" -> "br0"; false for what is not a journal's name. */
static bool journal_name(const char *file, char name[256])
{
	size_t n = strlen(file);

	if (file[0] == '.' || n <= 4 || strcmp(file + n - 4, ".xml") != 0)
		return false;
	snprintf(name, 256, "%.*s", (int)(n - 4), file);
	return true;
}

static int append(vn_hostbridge ***v, size_t *n, vn_hostbridge *hb, vn_err *err)
{
	vn_hostbridge **nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv) {
		hb_free(hb);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	*v = nv;
	(*v)[(*n)++] = hb;
	return 0;
}

static int load_dir(DIR *d, const char *dir, vn_hostbridge ***v, size_t *n, vn_notes *notes,
		    vn_err *err)
{
	char path[PATH_MAX + 256], name[256];
	struct dirent *e;
	int r = 0;

	while (r == 0 && (e = readdir(d))) {
		vn_hostbridge *hb = NULL;
		vn_err e2 = {0};
		if (!journal_name(e->d_name, name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (read_path(path, name, &hb, &e2) < 0)
			vn_note(notes, "ignoring %s: %s", path, e2.msg);
		else
			r = append(v, n, hb, err);
	}
	return r;
}

int hb_load_all(const vn_paths *p, vn_hostbridge ***out, size_t *n, vn_notes *notes, vn_err *err)
{
	char dir[PATH_MAX];
	vn_hostbridge **v = NULL;
	DIR *d;
	int r;

	*out = NULL;
	*n = 0;
	if (hb_dir(p, dir, sizeof(dir)) < 0)
		return vn_err_set(err, ENAMETOOLONG,
				  "the folder of host bridge journals under %s is too long a path",
				  p->run);
	d = opendir(dir);
	if (!d && errno == ENOENT)
		return 0;
	if (!d)
		return vn_err_set(err, errno, "cannot read %s: %s", dir, strerror(errno));
	r = load_dir(d, dir, &v, n, notes, err);
	closedir(d);
	if (r < 0) {
		hb_list_free(v, *n);
		*n = 0;
		return r;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), by_name);
	*out = v;
	return 0;
}
