/* frr_evpn.c - load and unload an overlay network's stanza into virtnet's FRR instance */
#include "overlay/frr_evpn.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "overlay/frr_vty.h"
#include "util/cleanup.h"
#include "util/clock.h"
#include "util/fault.h"
#include "util/fileio.h"

#define STANZA_MAX (64u << 10)
#define STANZAS_MAX 4096
#define VTY_CONNECT_MS 5000
#define VNI_SEEN_MS 5000

/* The loaded networks' stanzas, read from their files. */
typedef struct stanzas {
	vn_evpn_params *v;
	size_t n;
} stanzas;

static int stanza_path(const vn_frr *f, const char *network, char out[PATH_MAX], vn_err *err)
{
	char name[300];

	if (strlen(network) + sizeof(".conf") > 256)
		return vn_err_set(err, ENAMETOOLONG, "network '%.40s...': the name is too long for "
				  "its FRR stanza's file name (at most 250 bytes)", network);
	if (strncmp(network, FILE_TEMP_PREFIX, strlen(FILE_TEMP_PREFIX)) == 0)
		return vn_err_set(err, EINVAL, "network '%s': a name starting with '%s' would "
				  "be taken for a temporary file: rename it", network,
				  FILE_TEMP_PREFIX);
	snprintf(name, sizeof(name), "networks/%s.conf", network);
	frr_path(f, name, out);
	return 0;
}

bool frr_evpn_loaded(const vn_frr *f, const char *network)
{
	char path[PATH_MAX];

	return stanza_path(f, network, path, NULL) == 0 && access(path, F_OK) == 0;
}

static int read_stanza(const char *path, vn_evpn_params *out, vn_err *err)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = file_read_all(path, STANZA_MAX, &text, &len, err);

	if (r == 0 && strlen(text) != len)
		return vn_err_set(err, EINVAL, "%s holds a NUL byte: remove it", path);
	return r < 0 ? r : frr_conf_read(text, path, out, err);
}

/* Whether the file name is network's stanza's. */
static bool names_network(const char *name, const char *network)
{
	size_t k = strlen(network);

	return strncmp(name, network, k) == 0 && strcmp(name + k, ".conf") == 0;
}

/* A stanza's file, not a temporary one of file_write_volatile's. */
static bool is_stanza_file(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".conf") == 0 &&
	       strncmp(name, FILE_TEMP_PREFIX, strlen(FILE_TEMP_PREFIX)) != 0;
}

/* Every stanza but skip's (NULL: all). */
static int read_stanzas(const vn_frr *f, const char *skip, stanzas *out, vn_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];
	struct dirent *e;
	DIR *d;
	int r = 0;

	frr_path(f, "networks", dir);
	if (!(d = opendir(dir)))
		return errno == ENOENT ? 0 : vn_err_set(err, errno, "cannot read %s: %s", dir,
							 strerror(errno));
	while (r == 0 && (e = readdir(d))) {
		if (!is_stanza_file(e->d_name) || (skip && names_network(e->d_name, skip)))
			continue;
		vn_evpn_params *v = out->n < STANZAS_MAX
					    ? realloc(out->v, (out->n + 1) * sizeof(*v)) : NULL;
		if (!v) {
			r = vn_err_set(err, ENOMEM, "out of memory reading %s", dir);
			break;
		}
		out->v = v;
		memset(&v[out->n], 0, sizeof(*v));
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		r = read_stanza(path, &v[out->n++], err);
		if (r == 0 && !names_network(e->d_name, v[out->n - 1].network))
			r = vn_err_set(err, EINVAL, "%s holds network '%s''s stanza: remove it once "
				       "its network is stopped", path, v[out->n - 1].network);
	}
	closedir(d);
	return r;
}

static bool is_comment(const char *line, size_t n)
{
	return n == 0 || line[0] == '!';
}

/* One line of a stanza to bgpd. tolerant (an unload): a "no" FRR finds nothing for is
 * fine; a "router bgp" refused means nothing of ours is there: *stop. */
static int apply_line(int fd, const char *cmd, bool tolerant, bool *stop, vn_err *err)
{
	vn_buf out = {0};
	int status = 0, r = frr_vty_exec(fd, cmd, &out, &status, err);
	const char *c = cmd + strspn(cmd, " ");

	if (r == 0 && status != FRR_CMD_SUCCESS) {
		if (tolerant && strncmp(c, "router bgp ", 11) == 0)
			*stop = true;
		else if (!(tolerant && strncmp(c, "no ", 3) == 0))
			r = vn_err_set(err, EINVAL, "FRR refused '%s': %.*s", c,
				       (int)strcspn(out.s ? out.s : "", "\n"), out.s ? out.s : "");
	}
	buf_free(&out);
	return r;
}

/* text's lines in FRR's configuration mode, on bgpd's vty. */
static int apply_text(const vn_frr *f, const char *text, bool tolerant, vn_err *err)
{
	char vty[PATH_MAX], line[1024];
	int fd = -1, status, r;
	bool stop = false;

	frr_path(f, FRR_DAEMONS_DIR "/bgpd.vty", vty);
	if ((r = frr_vty_open(vty, VTY_CONNECT_MS, &fd, err)) < 0)
		return r;
	r = frr_vty_exec(fd, "enable", NULL, &status, err);
	if (r == 0)
		r = apply_line(fd, "configure terminal", false, &stop, err);
	for (const char *p = text; r == 0 && !stop && *p;) {
		size_t n = strcspn(p, "\n");
		if (n >= sizeof(line))
			r = vn_err_set(err, EINVAL, "a line of FRR configuration is too long");
		else if (!is_comment(p, n)) {
			snprintf(line, sizeof(line), "%.*s", (int)n, p);
			r = apply_line(fd, line, tolerant, &stop, err);
		}
		p += n + (p[n] == '\n');
	}
	if (fd >= 0 && frr_vty_exec(fd, "end", NULL, &status, NULL) < 0 && r == 0)
		r = vn_err_set(err, EIO, "FRR closed its vty while being configured");
	close(fd);
	return r;
}

static int render_text(const vn_evpn_params *p, char **out, vn_err *err)
{
	vn_buf b = {0};
	int r = frr_conf_render(p, &b, err);

	if (r == 0 && b.oom)
		r = vn_err_set(err, ENOMEM, "out of memory");
	if (r < 0) {
		buf_free(&b);
		return r;
	}
	*out = buf_steal(&b);
	return 0;
}

/* Whether zebra's answer about the VNI names vxlan as its device. */
static bool vni_on(const char *answer, const char *vxlan)
{
	json_t *j = json_loads(answer, 0, NULL);
	const char *dev = json_string_value(json_object_get(j, "vxlanInterface"));
	bool yes = dev && strcmp(dev, vxlan) == 0;

	json_decref(j);
	return yes;
}

/* Until zebra knows p's VNI on p's VXLAN device: what EVPN needs from the kernel. */
static int wait_vni_seen(const vn_frr *f, const vn_evpn_params *p, vn_err *err)
{
	char vty[PATH_MAX], cmd[64];
	long long deadline = vn_now_ms() + VNI_SEEN_MS;
	struct timespec nap = { .tv_nsec = 20 * 1000000L };
	int fd = -1, status, r;
	bool seen = false;

	frr_path(f, FRR_DAEMONS_DIR "/zebra.vty", vty);
	if ((r = frr_vty_open(vty, VTY_CONNECT_MS, &fd, err)) < 0)
		return r;
	snprintf(cmd, sizeof(cmd), "show evpn vni %" PRIu32 " json", p->vni);
	while (r == 0 && !seen) {
		vn_buf out = {0};
		r = frr_vty_exec(fd, cmd, &out, &status, err);
		seen = r == 0 && status == FRR_CMD_SUCCESS && out.s && vni_on(out.s, p->vxlan);
		buf_free(&out);
		if (r == 0 && !seen && vn_now_ms() >= deadline)
			r = vn_err_set(err, ENODEV, "network '%s': FRR's zebra does not see VNI %"
				       PRIu32 " on %s within %d s: the VXLAN device must exist "
				       "with that id and a local address, be up and a port of %s",
				       p->network, p->vni, p->vxlan, VNI_SEEN_MS / 1000, p->bridge);
		if (r == 0 && !seen)
			nanosleep(&nap, NULL);
	}
	close(fd);
	return r;
}

static int apply_all(const vn_frr *f, const stanzas *s, vn_err *err)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < s->n; i++) {
		_cleanup_free_ char *text = NULL;
		r = render_text(&s->v[i], &text, err);
		if (r == 0)
			r = apply_text(f, text, false, err);
	}
	return r;
}

/* The instance running; when it had to be started, every other stanza given to it again. */
static int ensure_instance(const vn_frr *f, const stanzas *others, vn_err *err)
{
	bool ran = frr_daemon_pid(f, FRR_BGPD) > 0 && frr_daemon_pid(f, FRR_ZEBRA) > 0;
	int r = frr_instance_start(f, err);

	return r < 0 || ran ? r : apply_all(f, others, err);
}

/* The stanza's file, its folder made first. */
static int record(const vn_frr *f, const char *path, const char *text, vn_err *err)
{
	char dir[PATH_MAX];

	frr_path(f, "networks", dir);
	if (mkdir_p(dir, 0755) < 0)
		return vn_err_set(err, errno, "cannot create %s: %s", dir, strerror(errno));
	return file_write_volatile(path, text, strlen(text), 0644, err);
}

int frr_evpn_load(const vn_frr *f, const vn_evpn_params *p, vn_err *err)
{
	_cleanup_free_ char *text = NULL;
	char path[PATH_MAX];
	stanzas others = {0};
	int r = render_text(p, &text, err);

	if (r == 0)
		r = stanza_path(f, p->network, path, err);
	if (r == 0)
		r = read_stanzas(f, p->network, &others, err);
	if (r == 0)
		r = frr_conf_compatible(p, others.v, others.n, err);
	if (r == 0)
		r = record(f, path, text, err);
	if (r == 0)
		r = fault_point("frr-load");
	if (r == 0)
		r = ensure_instance(f, &others, err);
	if (r == 0)
		r = apply_text(f, text, false, err);
	if (r == 0)
		r = wait_vni_seen(f, p, err);
	free(others.v);
	return r;
}

int frr_evpn_unload(const vn_frr *f, const vn_evpn_params *p, vn_err *err)
{
	char path[PATH_MAX];
	stanzas others = {0};
	vn_buf b = {0};
	int r = stanza_path(f, p->network, path, err);

	if (r == 0)
		r = read_stanzas(f, p->network, &others, err);
	if (r == 0 && frr_daemon_pid(f, FRR_BGPD) > 0)
		r = frr_conf_render_unload(p, others.v, others.n, &b, err);
	if (r == 0 && b.len > 0)
		r = b.oom ? vn_err_set(err, ENOMEM, "out of memory") : apply_text(f, b.s, true, err);
	if (r == 0 && unlink(path) < 0 && errno != ENOENT)
		r = vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	if (r == 0 && others.n == 0)
		r = frr_instance_stop(f, err);
	buf_free(&b);
	free(others.v);
	return r;
}

int frr_evpn_reload(const vn_frr *f, vn_err *err)
{
	stanzas all = {0};
	int r = read_stanzas(f, NULL, &all, err);

	if (r == 0 && all.n > 0)
		r = frr_instance_start(f, err);
	if (r == 0)
		r = apply_all(f, &all, err);
	free(all.v);
	return r;
}

/* The network's stanza does not read back: what FRR was told for it is not known, so its
 * record goes and virtnet's FRR starts again from the stanzas that do read (none: it stays
 * stopped), which leaves nothing of that network in FRR. */
static int unload_untrusted(const vn_frr *f, const char *network, const char *path,
			    vn_err *err)
{
	stanzas others = {0};
	int r = read_stanzas(f, network, &others, err);   /* the others must read, first */

	free(others.v);
	if (r < 0)
		return r;
	if (unlink(path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	r = frr_instance_stop(f, err);
	return r == 0 ? frr_evpn_reload(f, err) : r;
}

int frr_evpn_unload_network(const vn_frr *f, const char *network, vn_err *err)
{
	static vn_evpn_params p;
	char path[PATH_MAX];
	vn_err why = {0};
	int r = stanza_path(f, network, path, err);

	if (r == 0 && access(path, F_OK) < 0)
		return errno == ENOENT ? 0 : vn_err_set(err, errno, "cannot read %s: %s", path,
							 strerror(errno));
	memset(&p, 0, sizeof(p));
	if (r < 0)
		return r;
	r = read_stanza(path, &p, &why);
	if (r == -EINVAL || r == -EFBIG)
		return unload_untrusted(f, network, path, err);
	if (r < 0) {
		*err = why;
		return r;
	}
	return frr_evpn_unload(f, &p, err);
}
