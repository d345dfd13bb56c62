#include "state/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/network_xml.h"
#include "state/status.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"


int store_check_name(const char *name, vn_err *err)
{
	if (!name || !*name)
		return vn_err_set(err, EINVAL, "a network name cannot be empty");
	if (name[0] == '.')
		return vn_err_set(err, EINVAL, "network name '%s' must not start with '.'", name);
	if (strchr(name, '/'))
		return vn_err_set(err, EINVAL, "network name '%s' must not contain '/'", name);
	if (strchr(name, '\n'))
		return vn_err_set(err, EINVAL, "a network name cannot contain a newline");
	if (strlen(name) > NAME_MAX - 4)
		return vn_err_set(err, ENAMETOOLONG,
				  "network name is %zu bytes long; at most %d are allowed",
				  strlen(name), NAME_MAX - 4);
	return 0;
}

static int netlist_append(vn_netlist *l, vn_netobj **out)
{
	vn_netobj *nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	l->v = nv;
	*out = &l->v[l->n++];
	**out = (vn_netobj){0};
	return 0;
}

const vn_network *store_current(const vn_netobj *o)
{
	if (o->live)
		return o->live;
	if (o->def)
		return o->def;
	return o->status ? o->status->live : NULL;
}

static vn_netobj *find_by_name(vn_netlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (store_current(&l->v[i]) && streq(store_current(&l->v[i])->name, name))
			return &l->v[i];
	return NULL;
}

/* One definition file into l: a new entry, or the entry its status made (attach) */
static int load_def(const vn_paths *p, const char *file, vn_netlist *l, vn_notes *notes,
		    bool attach)
{
	char path[PATH_MAX], link[PATH_MAX];
	_cleanup_free_ char *data = NULL;
	size_t len;
	vn_network *def = NULL;
	vn_netobj *o;
	vn_err err = {0};
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", p->networks, file) >= (int)sizeof(path))
		return 0;
	if (file_read_all(path, NET_XML_MAX_SIZE, &data, &len, &err) < 0 ||
	    net_parse(data, len, path, &def, &err) < 0) {
		vn_note(notes, "ignoring %s: %s", path, err.msg);
		return 0;
	}
	if (strlen(file) != strlen(def->name) + 4 ||
	    strncmp(file, def->name, strlen(def->name)) != 0) {
		vn_note(notes, "ignoring %s: the file name does not match network name '%s'", path,
			def->name);
		net_free(def);
		return 0;
	}
	o = attach ? find_by_name(l, def->name) : NULL;
	if (!o && netlist_append(l, &o) < 0) {
		net_free(def);
		return -ENOMEM;
	}
	o->def = def;
	o->autostart = state_path_xml(link, sizeof(link), p->autostart, def->name) == 0 &&
		       lstat(link, &st) == 0;
	return 0;
}

static int load_one(const vn_paths *p, const char *file, vn_netlist *l, vn_notes *notes)
{
	return load_def(p, file, l, notes, false);
}

/* The definition of a network whose status says it runs is not read (store_load_current) */
static int load_one_unless_running(const vn_paths *p, const char *file, vn_netlist *l,
				   vn_notes *notes)
{
	for (size_t i = 0; i < l->n; i++) {
		const vn_status *st = l->v[i].status;
		if (st && st->active && strlen(file) == strlen(st->live->name) + 4 &&
		    strncmp(file, st->live->name, strlen(file) - 4) == 0)
			return 0;
	}
	return load_def(p, file, l, notes, true);
}

/* Does the journal say a start or destroy is under way? (its first line is enough) */
static bool status_is_starting(const char *path)
{
	char head[96] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (n > 0)
		head[n] = '\0';
	return status_head_unfinished(head);
}

/* Attach one status file to its network, or add a transient network for it. */
static int load_status(const vn_paths *p, const char *file, vn_netlist *l, vn_notes *notes)
{
	char path[PATH_MAX];
	vn_status *st = NULL;
	vn_netobj *o;
	vn_err err = {0};

	if (snprintf(path, sizeof(path), "%s/%s", p->status, file) >= (int)sizeof(path))
		return 0;
	if (status_read(path, &st, &err) < 0) {
		vn_note(notes, "ignoring %s: %s", path, err.msg);
		return 0;
	}
	if (strlen(file) != strlen(st->live->name) + 4 ||
	    strncmp(file, st->live->name, strlen(st->live->name)) != 0) {
		vn_note(notes, "ignoring %s: the file name does not match network name '%s'", path,
			st->live->name);
		status_free(st);
		return 0;
	}
	o = find_by_name(l, st->live->name);
	if (!o) {
		if (netlist_append(l, &o) < 0) {
			status_free(st);
			return -ENOMEM;
		}
	}
	o->status = st;
	o->live = st->active ? st->live : NULL;
	return 0;
}

static int load_dir(const char *dir, const vn_paths *p, vn_netlist *l, vn_notes *notes,
		    int (*one)(const vn_paths *, const char *, vn_netlist *, vn_notes *))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int r = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (r == 0 && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= 4 || strcmp(e->d_name + n - 4, ".xml") != 0)
			continue;
		r = one(p, e->d_name, l, notes);
	}
	closedir(d);
	return r;
}

struct marked {
	const vn_paths *p;
	vn_netlist *l;
	vn_notes *notes;
};

/* load_status for interrupted starts only: the marked journals (state/status.h) are peeked
 * at and those still doing or undoing read; how many networks run does not matter. */
static int load_interrupted(const char *file, void *ctx)
{
	const struct marked *m = ctx;
	const vn_paths *p = m->p;
	vn_netlist *l = m->l;
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", p->status, file) >= (int)sizeof(path) ||
	    !status_is_starting(path))
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].status && strlen(file) == strlen(l->v[i].status->live->name) + 4 &&
		    strncmp(file, l->v[i].status->live->name, strlen(file) - 4) == 0)
			return 0;   /* already loaded */
	return load_status(p, file, l, m->notes);
}

static int cmp_obj(const void *a, const void *b)
{
	return strcmp(store_current(a)->name, store_current(b)->name);
}

/* The list loaded (r == 0), sorted by name; or, after a failure, freed and the error said */
static int loaded(int r, vn_netlist *out, vn_err *err)
{
	if (r < 0) {
		store_list_free(out);
		return vn_err_set(err, -r, "cannot load network definitions: %s", strerror(-r));
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_obj);
	return 0;
}

/* Every definition and status; current: the statuses first, and no definition of a
 * running network */
static int load_all(const vn_paths *p, bool current, vn_netlist *out, vn_notes *notes,
		    vn_err *err)
{
	int r;

	*out = (vn_netlist){0};
	if (current) {
		r = load_dir(p->status, p, out, notes, load_status);
		if (r == 0)
			r = load_dir(p->networks, p, out, notes, load_one_unless_running);
	} else {
		r = load_dir(p->networks, p, out, notes, load_one);
		if (r == 0)
			r = load_dir(p->status, p, out, notes, load_status);
	}
	return loaded(r, out, err);
}

/* One network's status and definition (current: the status first, and no definition when it
 * runs) */
static int load_key(const vn_paths *p, const char *file, bool have_def, bool have_status,
		    bool current, vn_netlist *out, vn_notes *notes)
{
	int r = 0;

	if (have_def && !current)
		r = load_one(p, file, out, notes);
	if (r == 0 && have_status)
		r = load_status(p, file, out, notes);
	if (r == 0 && have_def && current)
		r = load_one_unless_running(p, file, out, notes);
	return r;
}

static int load_some(const vn_paths *p, const char *key, bool current, vn_netlist *out,
		     vn_notes *notes, vn_err *err)
{
	char file[NAME_MAX + 1], path[PATH_MAX];
	bool have_def, have_status;
	int r;

	*out = (vn_netlist){0};
	if (store_check_name(key, NULL) < 0 ||
	    snprintf(file, sizeof(file), "%s.xml", key) >= (int)sizeof(file))
		return load_all(p, current, out, notes, err);
	have_def = state_path_xml(path, sizeof(path), p->networks, key) == 0 &&
		   access(path, F_OK) == 0;
	have_status = state_path_xml(path, sizeof(path), p->status, key) == 0 &&
		      access(path, F_OK) == 0;
	if (!have_def && !have_status)
		return load_all(p, current, out, notes, err);   /* maybe a UUID */
	r = load_key(p, file, have_def, have_status, current, out, notes);
	if (r == 0)
		r = status_marked_each(p->status, load_interrupted,
				       &(struct marked){ .p = p, .l = out, .notes = notes });
	return loaded(r, out, err);
}

int store_load_some(const vn_paths *p, const char *key, vn_netlist *out, vn_notes *notes,
		    vn_err *err)
{
	return load_some(p, key, false, out, notes, err);
}

int store_load_some_current(const vn_paths *p, const char *key, vn_netlist *out,
			    vn_notes *notes, vn_err *err)
{
	return load_some(p, key, true, out, notes, err);
}

int store_load(const vn_paths *p, vn_netlist *out, vn_notes *notes, vn_err *err)
{
	return load_all(p, false, out, notes, err);
}

int store_load_current(const vn_paths *p, vn_netlist *out, vn_notes *notes, vn_err *err)
{
	return load_all(p, true, out, notes, err);
}

/* One network's files into l, unless it is there already or no record can have that name */
static int load_named(const vn_paths *p, const char *name, vn_netlist *l, vn_notes *notes)
{
	char file[NAME_MAX + 1], path[PATH_MAX];
	int r = 0;

	if (store_check_name(name, NULL) < 0 || find_by_name(l, name) ||
	    snprintf(file, sizeof(file), "%s.xml", name) >= (int)sizeof(file))
		return 0;
	if (state_path_xml(path, sizeof(path), p->networks, name) == 0 && access(path, F_OK) == 0)
		r = load_one(p, file, l, notes);
	if (r == 0 && state_path_xml(path, sizeof(path), p->status, name) == 0 &&
	    access(path, F_OK) == 0)
		r = load_status(p, file, l, notes);
	return r;
}

int store_load_named(const vn_paths *p, char *const *names, size_t n, vn_netlist *out,
		     vn_notes *notes, vn_err *err)
{
	int r = 0;

	*out = (vn_netlist){0};
	for (size_t i = 0; r == 0 && i < n; i++)
		r = load_named(p, names[i], out, notes);
	return loaded(r, out, err);
}

void store_list_free(vn_netlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		status_free(l->v[i].status);
		net_free(l->v[i].def);
	}
	free(l->v);
	*l = (vn_netlist){0};
}

vn_netobj *store_lookup(vn_netlist *l, const char *key)
{
	uint8_t u[16];

	vn_netobj *o = find_by_name(l, key);

	if (o)
		return o;
	if (uuid_parse(key, u) < 0)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (!memcmp(store_current(&l->v[i])->uuid, u, 16))
			return &l->v[i];
	return NULL;
}

vn_netobj *store_find(vn_netlist *l, const char *key, vn_err *err)
{
	vn_netobj *o = store_lookup(l, key);

	if (!o)
		vn_err_set(err, ENOENT,
			   "Network not found: no network with matching name or uuid '%s' "
			   "(list them with: virtnet list --all)",
			   key);
	return o;
}

void store_sweep_temp(const vn_paths *p)
{
	DIR *d = opendir(p->networks);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, FILE_TEMP_PREFIX, strlen(FILE_TEMP_PREFIX)) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}
