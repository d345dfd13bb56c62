/* hostbridge_store.c - hostbridge state files: <root>/run/virtnet/hostbridges/<BRIDGE>.xml */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

	if (hb_dir(p, dir, sizeof(dir)) < 0 || !name[0] || strchr(name, '/') || name[0] == '.')
		return -EINVAL;
	return state_path_xml(out, len, dir, name);
}

/* No fsync: /run does not outlive a reboot, and neither does the kernel state it describes;
 * the rename still means a reader sees the old or the new file, never a mix. */
int hb_write(const vn_paths *p, vn_hostbridge *hb, vn_err *err)
{
	_cleanup_free_ char *xml = hb_format(hb);
	char dir[PATH_MAX], path[PATH_MAX];
	const char *made;
	size_t len;
	int r;

	hb->made_at = 0;
	if (!xml)
		return vn_err_set(err, ENOMEM, "out of memory recording host bridge '%s'", hb->name);
	if ((len = strlen(xml)) > HB_FILE_MAX)   /* hb_plan keeps a record below this */
		return vn_err_set(err, EFBIG, "cannot record host bridge '%s': %zu bytes, more than the %u virtnet reads back",
				  hb->name, len, HB_FILE_MAX);
	if (hb_dir(p, dir, sizeof(dir)) < 0 || hb_file(p, hb->name, path, sizeof(path)) < 0)
		return vn_err_set(err, ENAMETOOLONG, "cannot record host bridge '%s': path too long", hb->name);
	if ((r = mkdir_p(dir, 0755)) < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", dir, strerror(-r));
	if ((r = file_write_volatile(path, xml, len, 0644, err)) < 0)
		return r;
	if ((made = strstr(xml, " made='")))   /* in the root element: names are escaped, no quote before it */
		hb->made_at = (long)(made - xml) + 7;
	return 0;
}

/* One pwrite of ten digits within the file's first bytes: no reader (they take the same
 * lock) sees it half done, and a crash leaves the old number or the new one. */
int hb_write_made(const vn_paths *p, vn_hostbridge *hb, vn_err *err)
{
	char path[PATH_MAX], digits[16];
	int fd, saved;
	ssize_t w;

	if (hb->made_at <= 0 || hb->phase != HB_CREATING)
		return hb_write(p, hb, err);
	if (hb_file(p, hb->name, path, sizeof(path)) < 0)
		return vn_err_set(err, ENAMETOOLONG, "cannot record host bridge '%s': path too long", hb->name);
	snprintf(digits, sizeof(digits), "%010zu", hb->nsteps);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return vn_err_set(err, errno, "cannot record the progress of host bridge '%s' in %s: %s", hb->name, path,
				  strerror(errno));
	w = pwrite(fd, digits, 10, hb->made_at);
	saved = w < 0 ? errno : EIO;
	close(fd);
	if (w != 10)
		return vn_err_set(err, saved, "cannot record the progress of host bridge '%s' in %s: %s", hb->name, path,
				  strerror(saved));
	return 0;
}

static int read_path(const char *path, vn_hostbridge **out, vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = file_read_all(path, HB_FILE_MAX, &data, &len, err);

	return r < 0 ? r : hb_parse(data, len, path, out, err);
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
		return vn_err_set(err, ENOENT, "host bridge '%s' is not managed by virtnet (no %s); 'virtnet hostbridge list' "
				  "shows the ones it manages", name, path);
	}
	return read_path(path, out, err);
}

int hb_remove(const vn_paths *p, const char *name, vn_err *err)
{
	char path[PATH_MAX];

	if (hb_file(p, name, path, sizeof(path)) < 0)
		return vn_err_set(err, EINVAL, "'%s' is not a valid host bridge name", name);
	if (unlink(path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	return 0;
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

static bool is_state_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

int hb_load_all(const vn_paths *p, vn_hostbridge ***out, size_t *n, vn_notes *notes, vn_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	vn_hostbridge **v = NULL;
	struct dirent *e;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (hb_dir(p, dir, sizeof(dir)) < 0 || !(d = opendir(dir)))
		return errno == ENOENT ? 0 : vn_err_set(err, errno, "cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		vn_hostbridge *hb = NULL, **nv;
		vn_err e2 = {0};
		if (!is_state_file(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (read_path(path, &hb, &e2) < 0) {
			vn_note(notes, "ignoring %s: %s", path, e2.msg);
			continue;
		}
		if (!(nv = realloc(v, (*n + 1) * sizeof(*nv)))) {
			hb_free(hb);
			closedir(d);
			hb_list_free(v, *n);
			*n = 0;
			return vn_err_set(err, ENOMEM, "out of memory");
		}
		v = nv;
		v[(*n)++] = hb;
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), by_name);
	*out = v;
	return 0;
}
