/* port_store.c - port records, their names and MACs */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/netlink.h"
#include "port/port.h"
#include "state/status.h"
#include "util/cleanup.h"
#include "util/enum.h"
#include "util/fileio.h"
#include "util/str.h"

static int ports_dir(const vn_paths *p, char *out, size_t len)
{
	return snprintf(out, len, "%s/ports", p->run) >= (int)len ? -ENAMETOOLONG : 0;
}

static int port_path(const vn_paths *p, const vn_port *port, char *out, size_t len)
{
	char u[VN_UUID_STRLEN];
	return snprintf(out, len, "%s/ports/%s.xml", p->run, uuid_format(port->uuid, u)) >= (int)len
		       ? -ENAMETOOLONG
		       : 0;
}

static int portlist_add(vn_portlist *l, vn_port *p)
{
	vn_port **nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	l->v = nv;
	l->v[l->n++] = p;
	return 0;
}

static int cmp_port(const void *a, const void *b)
{
	const vn_port *x = *(vn_port *const *)a, *y = *(vn_port *const *)b;
	int c = strcmp(x->network, y->network);
	return c ? c : strcmp(x->ifname, y->ifname);
}

int ports_load(const vn_paths *p, vn_portlist *out, vn_notes *notes, vn_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];
	DIR *d = NULL;
	struct dirent *e;

	*out = (vn_portlist){0};
	if (ports_dir(p, dir, sizeof(dir)) >= 0)
		d = opendir(dir);
	if (!d && errno == ENOENT)
		return 0;
	if (!d)
		return vn_err_set(err, errno, "cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		_cleanup_free_ char *data = NULL;
		vn_port *port = NULL;
		vn_err e2 = {0};
		size_t len, n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n <= 4 || strcmp(e->d_name + n - 4, ".xml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (file_read_all(path, 1 << 20, &data, &len, &e2) < 0 ||
		    port_status_parse(data, len, path, &port, &e2) < 0) {
			vn_note(notes, "ignoring %s: %s", path, e2.msg);
			continue;
		}
		if (portlist_add(out, port) < 0) {
			port_free(port);
			closedir(d);
			portlist_free(out);
			return vn_err_set(err, ENOMEM, "out of memory");
		}
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_port);
	return 0;
}

void portlist_free(vn_portlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		port_free(l->v[i]);
	free(l->v);
	*l = (vn_portlist){0};
}

/* ports/by-name/<ifname> and ports/by-mac/<mac>: symlinks to the record, so a command finds a
 * port or a MAC's owner without reading every record. */
static int index_path(const vn_paths *p, const char *kind, const char *key, char *out, size_t len)
{
	return snprintf(out, len, "%s/ports/%s/%s", p->run, kind, key) >= (int)len ? -ENAMETOOLONG
										   : 0;
}

/* Replace what the name points to at once: a new link beside it, renamed over it */
static int index_replace(const char *dir, const char *key, const char *target,
			 const char *path, vn_err *err)
{
	char tmp[PATH_MAX + 16];
	int r = mkdir_p(dir, 0755);

	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", dir, strerror(-r));
	snprintf(tmp, sizeof(tmp), "%s/" FILE_TEMP_PREFIX "%s", dir, key);
	unlink(tmp);
	if (symlink(target, tmp) < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		return vn_err_set(err, errno, "cannot write %s: %s", path, strerror(errno));
	}
	return 0;
}

static int index_link(const vn_paths *p, const char *kind, const char *key, const vn_port *port,
		      vn_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX], target[128], u[VN_UUID_STRLEN];

	if (snprintf(dir, sizeof(dir), "%s/ports/%s", p->run, kind) >= (int)sizeof(dir) ||
	    index_path(p, kind, key, path, sizeof(path)) < 0)
		return vn_err_set(err, ENAMETOOLONG, "path too long");
	snprintf(target, sizeof(target), "../%s.xml", uuid_format(port->uuid, u));
	if (symlink(target, path) == 0)   /* a new name (the usual case): made whole at once */
		return 0;
	return index_replace(dir, key, target, path, err);
}

/* Remove an index entry only if it still points at this port. */
static void index_unlink(const vn_paths *p, const char *kind, const char *key, const vn_port *port)
{
	char path[PATH_MAX], target[128], u[VN_UUID_STRLEN];
	ssize_t n;

	if (index_path(p, kind, key, path, sizeof(path)) < 0)
		return;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return;
	target[n] = '\0';
	if (strstr(target, uuid_format(port->uuid, u)))
		unlink(path);
}

int port_find(const vn_paths *p, const char *kind, const char *key, vn_port **out, vn_err *err)
{
	_cleanup_free_ char *data = NULL;
	char path[PATH_MAX];
	size_t len;
	int r;

	*out = NULL;
	if (strchr(key, '/') || index_path(p, kind, key, path, sizeof(path)) < 0)
		return -ENOENT;
	r = file_read_all(path, 1 << 20, &data, &len, NULL);
	if (r < 0)
		return r == -ENOENT ? -ENOENT
				    : vn_err_set(err, -r, "cannot read %s: %s", path, strerror(-r));
	return port_status_parse(data, len, path, out, err);
}

int port_lookup(const vn_paths *p, const char *key, vn_port **out, vn_err *err)
{
	char path[PATH_MAX];
	uint8_t u[16];
	int r = port_find(p, "by-name", key, out, err);

	if (r != -ENOENT || uuid_parse(key, u) < 0)
		return r;
	char dir[PATH_MAX], us[VN_UUID_STRLEN];
	_cleanup_free_ char *data = NULL;
	size_t len;
	if (ports_dir(p, dir, sizeof(dir)) < 0)
		return -ENOENT;
	if (state_path_xml(path, sizeof(path), dir, uuid_format(u, us)) < 0)
		return -ENOENT;
	if (file_read_all(path, 1 << 20, &data, &len, NULL) < 0)
		return -ENOENT;
	return port_status_parse(data, len, path, out, err);
}

/* The record, then its index links by name and (when known) by MAC. */
static int write_record(const vn_paths *p, const vn_port *port, const char *path,
			const char *xml, vn_err *err)
{
	char m[VN_MAC_STRLEN];
	int r = file_write_volatile(path, xml, strlen(xml), 0644, err);

	if (r < 0)
		return r;
	r = index_link(p, "by-name", port->ifname, port, err);
	if (r < 0 || !port->mac_known)
		return r;
	return index_link(p, "by-mac", mac_format(&port->mac, m), port, err);
}

int port_record(const vn_paths *p, const vn_port *port, vn_err *err)
{
	_cleanup_free_ char *xml = port_status_format(port);
	char dir[PATH_MAX], path[PATH_MAX];
	int r;

	if (!xml)
		return vn_err_set(err, ENOMEM, "cannot record port %s", port->ifname);
	if (ports_dir(p, dir, sizeof(dir)) < 0)
		return vn_err_set(err, ENOMEM, "cannot record port %s", port->ifname);
	if (port_path(p, port, path, sizeof(path)) < 0)
		return vn_err_set(err, ENOMEM, "cannot record port %s", port->ifname);
	r = mkdir_p(dir, 0755);
	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", dir, strerror(-r));
	r = write_record(p, port, path, xml, err);
	if (r < 0) {
		vn_err ignore = {0};
		port_forget(p, port, &ignore);
	}
	return r;
}

int port_forget(const vn_paths *p, const vn_port *port, vn_err *err)
{
	char path[PATH_MAX], m[VN_MAC_STRLEN];

	index_unlink(p, "by-name", port->ifname, port);
	if (port->mac_known)
		index_unlink(p, "by-mac", mac_format(&port->mac, m), port);
	if (port_path(p, port, path, sizeof(path)) < 0)
		return vn_err_set(err, ENAMETOOLONG, "path too long");
	if (unlink(path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	return 0;
}

static const char *const macgen_names[MACGEN__COUNT] = { "kvm", "xen", "local" };
ENUM_IMPL(macgen_kind, vn_macgen_kind, macgen_names)

/* Who already uses this MAC: "port vnet3 of network 'default'", "the static DHCP host 'db' of
 * network 'lab'". */
static bool mac_owner(const vn_paths *p, const vn_mac *m, const vn_port *self,
		      const vn_netlist *nets, char *who, size_t len)
{
	char s[VN_MAC_STRLEN];
	vn_port *o = NULL;

	if (port_find(p, "by-mac", mac_format(m, s), &o, NULL) == 0 && o &&
	    (!self || memcmp(o->uuid, self->uuid, 16) != 0)) {
		snprintf(who, len, "port %s of network '%s'", o->ifname, o->network);
		port_free(o);
		return true;
	}
	port_free(o);
	for (size_t i = 0; nets && i < nets->n; i++) {
		const vn_network *n = store_current(&nets->v[i]);
		for (size_t j = 0; j < n->nips; j++)
			for (size_t k = 0; k < n->ips[j].nhosts; k++) {
				vn_mac hm;
				const vn_dhcp_host *h = &n->ips[j].hosts[k];
				if (h->mac && mac_parse_libvirt(h->mac, &hm) == 0 && mac_equal(&hm, m))
					return snprintf(who, len,
							"the static DHCP host%s%s%s of network "
							"'%s'",
							h->name ? " '" : "", h->name ? h->name : "",
							h->name ? "'" : "", n->name),
					       true;
			}
	}
	return false;
}

int mac_check_free(const vn_paths *p, const vn_mac *m, const vn_port *self, const vn_netlist *nets,
		   vn_err *err)
{
	char who[512], s[VN_MAC_STRLEN];

	if (mac_owner(p, m, self, nets, who, sizeof(who)))
		return vn_err_set(err, EEXIST,
				  "MAC address %s is already used by %s; choose another or leave "
				  "--mac out",
				  mac_format(m, s), who);
	return 0;
}

/* Xen's rule: 00:16:3e, then a byte in 00-7f, then two random bytes. */
static int mac_random(vn_macgen_kind kind, vn_mac *m)
{
	int r = random_bytes(m->b, 6);

	if (r < 0)
		return r;
	if (kind == MACGEN_KVM) {
		m->b[0] = 0x52, m->b[1] = 0x54, m->b[2] = 0x00;
	} else if (kind == MACGEN_XEN) {
		m->b[0] = 0x00, m->b[1] = 0x16, m->b[2] = 0x3e;
		m->b[3] &= 0x7f;
	} else {
		m->b[0] = (uint8_t)((m->b[0] & 0xfc) | 0x02);   /* locally administered, unicast */
	}
	return 0;
}

int mac_generate_unique(const vn_paths *p, vn_macgen_kind kind, const vn_netlist *nets, vn_mac *out,
			vn_err *err)
{
	char who[8];

	for (int tries = 0; tries < 1000; tries++) {
		int r = mac_random(kind, out);
		if (r < 0)
			return vn_err_set(err, -r, "cannot generate a MAC address: %s",
					  strerror(-r));
		if (!mac_owner(p, out, NULL, nets, who, sizeof(who)))
			return 0;
	}
	return vn_err_set(err, EAGAIN, "no free MAC address found");
}

static bool link_exists(vn_run *r, const char *name)
{
	vn_link_info li;
	return nl_link_get(r->nl, name, &li, NULL) == 0;
}

bool port_name_recorded(const vn_paths *p, const char *name)
{
	char path[PATH_MAX];
	struct stat st;
	return index_path(p, "by-name", name, path, sizeof(path)) == 0 && lstat(path, &st) == 0;
}

/* The first <prefix>N that is neither a link nor a recorded port: one dump, not a request per
 * name. */
static int first_free_name(vn_run *r, const char *prefix, char out[16], vn_err *err)
{
	vn_link_info *links = NULL;
	size_t n = 0;
	int rc = nl_link_dump(r->nl, &links, &n, err);

	for (int i = 0; rc == 0 && i < 100000; i++) {
		bool used = false;
		snprintf(out, 16, "%s%d", prefix, i);
		for (size_t k = 0; k < n && !used; k++)
			used = streq(links[k].name, out);
		if (!used && !port_name_recorded(r->paths, out)) {
			free(links);
			return 0;
		}
	}
	free(links);
	return rc < 0 ? rc : vn_err_set(err, ENOSPC, "no free %sN name", prefix);
}

int port_pick_name(vn_run *r, vn_port *p, vn_err *err)
{
	char name[32];

	if (p->type == PORTDEV_EXTERNAL) {
		if (!p->ifname[0] && p->domid >= 0)
			snprintf(p->ifname, sizeof(p->ifname), "vif%d.%d", p->domid, p->devid);
		return p->ifname[0] ? 0
				    : vn_err_set(err, EINVAL,
						 "an external port needs the name of its device "
						 "(--name IFNAME)");
	}
	if (p->domid >= 0) {
		snprintf(name, sizeof(name), "vif%d.%d%s", p->domid, p->devid,
			 p->hvm && p->type == PORTDEV_TAP ? "-emu" : "");
		if (strlen(name) >= IF_NAMESIZE)
			return vn_err_set(err, EINVAL,
					  "interface name %s would be longer than %d characters",
					  name, IF_NAMESIZE - 1);
		if (link_exists(r, name))
			return vn_err_set(err, EEXIST,
					  "interface %s already exists (domain %d, device %d); "
					  "delete that port first",
					  name, p->domid, p->devid);
		snprintf(p->ifname, sizeof(p->ifname), "%s", name);
		return 0;
	}
	if (p->ifname[0]) {
		if (link_exists(r, p->ifname))
			return vn_err_set(err, EEXIST,
					  "interface %s already exists; choose another --name",
					  p->ifname);
		return 0;
	}
	if (p->type == PORTDEV_TAP) {
		/* the kernel takes the first free number */
		snprintf(p->ifname, sizeof(p->ifname), "vnet%%d");
		return 0;
	}
	if (p->type == PORTDEV_MACVTAP || p->type == PORTDEV_MACVLAN)
		return first_free_name(r, p->type == PORTDEV_MACVTAP ? "macvtap" : "macvlan",
				       p->ifname, err);
	return first_free_name(r, "vnet", p->ifname, err);
}

static bool reserves(const vn_port *p, const char *network)
{
	return streq(p->network, network) && addr_valid(&p->ip) && p->mac_known;
}

int port_reservations_of(const vn_portlist *ports, const char *network, vn_dhcp_reservations *out)
{
	size_t n = 0;

	*out = (vn_dhcp_reservations){0};
	for (size_t i = 0; i < ports->n; i++)
		n += reserves(ports->v[i], network);
	if (n == 0)
		return 0;
	out->v = calloc(n, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	for (size_t i = 0; i < ports->n; i++) {
		const vn_port *p = ports->v[i];
		if (reserves(p, network))
			out->v[out->n++] = (vn_dhcp_reservation){ .mac = p->mac, .ip = p->ip };
	}
	return 0;
}

int port_reservations(const vn_paths *p, const char *network, vn_dhcp_reservations *out,
		      vn_err *err)
{
	vn_portlist ports;
	int r = ports_load(p, &ports, NULL, err);

	if (r < 0)
		return r;
	r = port_reservations_of(&ports, network, out);
	portlist_free(&ports);
	if (r < 0)
		return vn_err_set(err, -r, "out of memory");
	return 0;
}
