/* bridge_info.c - bridges, their ports and forwarding database, read from sysfs the way
 * brctl (bridge-utils' libbridge) reads them */
#include "bridge_info.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/str.h"

#define FDB_RECORD 16             /* sizeof(struct __fdb_entry) in <linux/if_bridge.h> */
#define FDB_MAX_BYTES (64u << 20)

/* The kernel's dev_valid_name(); it also keeps a name from leaving <sysfs>/class/net. */
static bool ifname_valid(const char *s)
{
	if (!s[0] || strlen(s) >= IF_NAMESIZE || streq(s, ".") || streq(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return false;
	return true;
}

/* An attribute's text: 1, 0 when the file cannot be opened, -1 when it cannot be read. */
static int attr_text(int dirfd, const char *path, char *buf, size_t len)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return 0;
	if ((n = read(fd, buf, len - 1)) < 0)
		return -1;
	buf[n] = '\0';
	return 1;
}

/* brctl's fetch_int(): fscanf("%i"), 0 if the file cannot be opened, -1 if it does not parse. */
static int attr_int(int dirfd, const char *path)
{
	char buf[64], *end;
	int r = attr_text(dirfd, path, buf, sizeof(buf));
	long v;

	if (r <= 0)
		return r;
	v = strtol(buf, &end, 0);
	return end == buf ? -1 : (int)v;
}

/* brctl's fetch_id(): what does not parse stays zero. */
static void attr_id(int dirfd, const char *path, vn_br_id *id)
{
	char buf[64];

	memset(id, 0, sizeof(*id));
	if (attr_text(dirfd, path, buf, sizeof(buf)) > 0)
		(void)sscanf(buf, "%2hhx%2hhx.%2hhx%2hhx%2hhx%2hhx%2hhx%2hhx", &id->prio[0], &id->prio[1],
			     &id->addr[0], &id->addr[1], &id->addr[2], &id->addr[3], &id->addr[4], &id->addr[5]);
}

typedef struct int_attr { const char *file; size_t offset; } int_attr;

static const int_attr bridge_ints[] = {
	{ "bridge/root_path_cost", offsetof(vn_bridge, root_path_cost) },
	{ "bridge/max_age", offsetof(vn_bridge, max_age) },
	{ "bridge/hello_time", offsetof(vn_bridge, hello_time) },
	{ "bridge/forward_delay", offsetof(vn_bridge, forward_delay) },
	{ "bridge/ageing_time", offsetof(vn_bridge, ageing_time) },
	{ "bridge/hello_timer", offsetof(vn_bridge, hello_timer) },
	{ "bridge/tcn_timer", offsetof(vn_bridge, tcn_timer) },
	{ "bridge/topology_change_timer", offsetof(vn_bridge, topology_change_timer) },
	{ "bridge/gc_timer", offsetof(vn_bridge, gc_timer) },
	{ "bridge/root_port", offsetof(vn_bridge, root_port) },
	{ "bridge/stp_state", offsetof(vn_bridge, stp_state) },
	{ "bridge/topology_change", offsetof(vn_bridge, topology_change) },
	{ "bridge/topology_change_detected", offsetof(vn_bridge, topology_change_detected) },
};

static const int_attr port_ints[] = {
	{ "port_no", offsetof(vn_br_port, port_no) },
	{ "port_id", offsetof(vn_br_port, port_id) },
	{ "designated_port", offsetof(vn_br_port, designated_port) },
	{ "path_cost", offsetof(vn_br_port, path_cost) },
	{ "designated_cost", offsetof(vn_br_port, designated_cost) },
	{ "state", offsetof(vn_br_port, state) },
	{ "change_ack", offsetof(vn_br_port, change_ack) },
	{ "config_pending", offsetof(vn_br_port, config_pending) },
	{ "message_age_timer", offsetof(vn_br_port, message_age_timer) },
	{ "forward_delay_timer", offsetof(vn_br_port, forward_delay_timer) },
	{ "hold_timer", offsetof(vn_br_port, hold_timer) },
	{ "hairpin_mode", offsetof(vn_br_port, hairpin_mode) },
};

static void read_ints(int dirfd, const int_attr *t, size_t n, void *obj)
{
	for (size_t i = 0; i < n; i++)
		*(int *)((char *)obj + t[i].offset) = attr_int(dirfd, t[i].file);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_bridge(int dirfd, const char *name)
{
	char path[NAME_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/bridge", name);
	return fstatat(dirfd, path, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/* The names in folder `path` of dirfd but . and .. (and those keep(folder fd, name)
 * refuses), sorted with strcmp: brctl's scandir(alphasort) in the C locale. A missing
 * folder is empty. */
static int list_names(int dirfd, const char *path, bool (*keep)(int dfd, const char *name), char ***out, size_t *n)
{
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;
	char **v = NULL;
	struct dirent *e;
	int r = 0;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!(d = fdopendir(fd))) {
		r = -errno;
		close(fd);
		return r;
	}
	while (r == 0 && (e = readdir(d))) {
		if (streq(e->d_name, ".") || streq(e->d_name, "..") || (keep && !keep(fd, e->d_name)))
			continue;
		char *s = strdup(e->d_name);
		if (!s || strv_push(&v, n, s) < 0) {
			free(s);
			r = -ENOMEM;
		}
	}
	closedir(d);
	if (r < 0) {
		strv_free(v);
		*n = 0;
		return r;
	}
	if (*n)
		qsort(v, *n, sizeof(*v), by_name);
	*out = v;
	return 0;
}

static void read_port(int brfd, vn_br_port *p, unsigned flags)
{
	char path[NAME_MAX + 8];
	_cleanup_close_ int fd = -1;

	if (!(flags & BRIDGE_READ_PORT_DETAILS))
		return;
	/* brif/PORT is the port's brport folder, which brctl reads as class/net/PORT/brport */
	snprintf(path, sizeof(path), "brif/%s", p->name);
	if ((fd = openat(brfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;   /* gone meanwhile: zeros, like missing files */
	read_ints(fd, port_ints, ELEMENTSOF(port_ints), p);
	attr_id(fd, "designated_root", &p->designated_root);
	attr_id(fd, "designated_bridge", &p->designated_bridge);
}

static int read_ports(int brfd, vn_bridge *b, unsigned flags)
{
	char **names = NULL;
	size_t n = 0;
	int r = list_names(brfd, "brif", NULL, &names, &n);

	if (r < 0)
		return r;
	if (n && !(b->ports = calloc(n, sizeof(*b->ports)))) {
		strv_free(names);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		b->ports[i].name = names[i];   /* taken over */
		read_port(brfd, &b->ports[i], flags);
	}
	b->nports = n;
	free(names);
	return 0;
}

static int bridge_fill(int brfd, const char *name, unsigned flags, vn_bridge *out, vn_err *err)
{
	int r;

	memset(out, 0, sizeof(*out));
	if (!(out->name = strdup(name)))
		return vn_err_set(err, ENOMEM, "out of memory");
	read_ints(brfd, bridge_ints, ELEMENTSOF(bridge_ints), out);
	attr_id(brfd, "bridge/bridge_id", &out->id);
	attr_id(brfd, "bridge/root_id", &out->root_id);
	if ((r = read_ports(brfd, out, flags)) < 0) {
		bridge_clear(out);
		return vn_err_set(err, -r, "cannot list the ports of bridge '%s': %s", name, strerror(-r));
	}
	return 0;
}

static int open_class_net(const char *sysfs, vn_err *err)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/class/net", sysfs) >= sizeof(path))
		return vn_err_set(err, ENAMETOOLONG, "sysfs path '%s' is too long", sysfs);
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return vn_err_set(err, errno, "cannot read %s: %s", path, strerror(errno));
	return fd;
}

/* The folder of bridge `name` in class/net. */
static int open_bridge(int netfd, const char *name, vn_err *err)
{
	int fd;

	if (!ifname_valid(name))
		return vn_err_set(err, EINVAL, "'%s' is not a valid bridge name (1 to %d characters, no '/', ':' or spaces)",
				  name, IF_NAMESIZE - 1);
	fd = openat(netfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return vn_err_set(err, ENODEV, "bridge '%s' not found", name);
	if (fd < 0 && errno != ENOTDIR)
		return vn_err_set(err, errno, "cannot read interface '%s': %s", name, strerror(errno));
	if (fd < 0 || !is_bridge(fd, ".")) {
		if (fd >= 0)
			close(fd);
		return vn_err_set(err, ENOTDIR, "interface '%s' is not a bridge", name);
	}
	return fd;
}

int bridge_read(const char *sysfs, const char *name, unsigned flags, vn_bridge *out, vn_err *err)
{
	_cleanup_close_ int netfd = open_class_net(sysfs, err), brfd = -1;

	memset(out, 0, sizeof(*out));
	if (netfd < 0)
		return netfd;
	if ((brfd = open_bridge(netfd, name, err)) < 0)
		return brfd;
	return bridge_fill(brfd, name, flags, out, err);
}

int bridge_read_all(const char *sysfs, unsigned flags, vn_bridge **out, size_t *n, vn_err *err)
{
	_cleanup_close_ int netfd = open_class_net(sysfs, err);
	char **names = NULL;
	vn_bridge *v = NULL;
	size_t count = 0, k = 0;
	int r = 0;

	*out = NULL;
	*n = 0;
	if (netfd < 0)
		return netfd;
	if ((r = list_names(netfd, ".", is_bridge, &names, &count)) < 0)
		return vn_err_set(err, -r, "cannot list the bridges in %s/class/net: %s", sysfs, strerror(-r));
	if (count && !(v = calloc(count, sizeof(*v))))
		r = vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; r == 0 && i < count; i++) {
		_cleanup_close_ int brfd = openat(netfd, names[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (brfd < 0)
			continue;   /* deleted since the listing */
		if ((r = bridge_fill(brfd, names[i], flags, &v[k], err)) == 0)
			k++;
	}
	strv_free(names);
	if (r < 0) {
		bridge_list_free(v, k);
		return r;
	}
	*out = v;
	*n = k;
	return 0;
}

void bridge_clear(vn_bridge *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nports; i++)
		free(b->ports[i].name);
	free(b->ports);
	free(b->name);
	memset(b, 0, sizeof(*b));
}

void bridge_list_free(vn_bridge *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		bridge_clear(&v[i]);
	free(v);
}

/* The whole file. The kernel hands out whole records per read, and reading in sequence
 * keeps every offset a multiple of the record size, as it requires. */
static int read_bytes(int fd, uint8_t **out, size_t *len)
{
	_cleanup_free_ uint8_t *buf = NULL;
	size_t cap = 0, n = 0;
	ssize_t got;

	for (;;) {
		if (cap - n < 4096) {
			uint8_t *p = cap < FDB_MAX_BYTES ? realloc(buf, cap + 65536) : NULL;
			if (!p)
				return cap < FDB_MAX_BYTES ? -ENOMEM : -EFBIG;
			buf = p;
			cap += 65536;
		}
		if ((got = read(fd, buf + n, 4096)) == 0)
			break;
		if (got < 0 && errno != EINTR)
			return -errno;
		if (got > 0)
			n += (size_t)got;
	}
	*out = TAKE_PTR(buf);
	*len = n;
	return 0;
}

static void fdb_parse(const uint8_t *r, vn_fdb_entry *e)
{
	/* struct __fdb_entry: mac[6], port_no (low byte), is_local, u32 ageing timer in host
	 * byte order, port_hi, pad, u16 unused */
	memcpy(e->mac, r, 6);
	e->port_no = r[6] | (unsigned)r[12] << 8;
	e->is_local = r[7] != 0;
	memcpy(&e->ageing_timer, r + 8, sizeof(e->ageing_timer));
}

static int fdb_from_bytes(const uint8_t *bytes, size_t len, vn_fdb_entry **out, size_t *n)
{
	size_t count = len / FDB_RECORD;
	vn_fdb_entry *v = count ? calloc(count, sizeof(*v)) : NULL;

	if (count && !v)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++)
		fdb_parse(bytes + i * FDB_RECORD, &v[i]);
	*out = v;
	*n = count;
	return 0;
}

int bridge_read_fdb(const char *sysfs, const char *name, vn_fdb_entry **out, size_t *n, vn_err *err)
{
	_cleanup_close_ int netfd = open_class_net(sysfs, err), brfd = -1, fd = -1;
	_cleanup_free_ uint8_t *bytes = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (netfd < 0)
		return netfd;
	if ((brfd = open_bridge(netfd, name, err)) < 0)
		return brfd;
	if ((fd = openat(brfd, "brforward", O_RDONLY | O_CLOEXEC)) < 0)
		return vn_err_set(err, errno, "cannot read the forwarding table of bridge '%s': %s", name, strerror(errno));
	if ((r = read_bytes(fd, &bytes, &len)) < 0 || (r = fdb_from_bytes(bytes, len, out, n)) < 0)
		return vn_err_set(err, -r, "cannot read the forwarding table of bridge '%s': %s", name, strerror(-r));
	return 0;
}
