#include "dnsmasq/dnsmasq_run.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dnsmasq/dnsmasq_conf.h"
#include "dnsmasq/dnsmasq_spawn.h"
#include "util/cleanup.h"
#include "util/fault.h"
#include "util/fileio.h"
#include "util/str.h"

#define READY_TIMEOUT_MS 10000

static const char *dnsmasq_user(void)
{
	const char *u = getenv("VIRTNET_DNSMASQ_USER");
	return u && *u ? u : "nobody";
}

int dnsmasq_files(const vn_paths *p, const vn_network *n, vn_dnsmasq_files *f, vn_err *err)
{
	char u[VN_UUID_STRLEN];
	int k = 0;

	uuid_format(n->uuid, u);
	k |= snprintf(f->dir, sizeof(f->dir), "%s/dnsmasq", p->run) >= (int)sizeof(f->dir);
	k |= snprintf(f->conf, sizeof(f->conf), "%s/%s.conf", f->dir, u) >= (int)sizeof(f->conf);
	k |= snprintf(f->pid, sizeof(f->pid), "%s/%s.pid", f->dir, u) >= (int)sizeof(f->pid);
	k |= snprintf(f->hosts, sizeof(f->hosts), "%s/%s.hostsfile", f->dir, u) >=
	     (int)sizeof(f->hosts);
	k |= snprintf(f->addnhosts, sizeof(f->addnhosts), "%s/%s.addnhosts", f->dir, u) >=
	     (int)sizeof(f->addnhosts);
	k |= snprintf(f->log, sizeof(f->log), "%s/%s.log", f->dir, u) >= (int)sizeof(f->log);
	k |= snprintf(f->leases, sizeof(f->leases), "%s/dnsmasq/%s.leases", p->lib, u) >=
	     (int)sizeof(f->leases);
	return k ? vn_err_set(err, ENAMETOOLONG, "paths under %s are too long", p->root) : 0;
}

static int render(const vn_network *n, const vn_dnsmasq_files *f, vn_dnsmasq_conf *c, vn_err *err)
{
	vn_dnsmasq_paths dp = {
		.conf_file = f->conf,
		.pid_file = f->pid,
		.lease_file = f->leases,
		.hosts_file = f->hosts,
		.addnhosts_file = f->addnhosts,
		.user = dnsmasq_user(),
		.interface = n->bridge,
	};
	return dnsmasq_conf_render(n, &dp, c, err);
}

/* Whether the network needs dnsmasq at all, whatever its values: one that cannot be
 * rendered fails at dnsmasq_start with the reason, never passes as "not needed". */
bool dnsmasq_needed(const vn_network *n)
{
	return dnsmasq_conf_needed(n);
}

/* Addresses reserved by the network's ports (port-create --ip) follow the static hosts. */
static int add_reservations(const vn_dhcp_reservations *res, vn_dnsmasq_conf *c, vn_err *err)
{
	vn_buf b = {0};

	buf_add(&b, c->hosts);
	dnsmasq_reservations_format(&b, res);
	char *text = buf_steal(&b);
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	free(c->hosts);
	c->hosts = text;
	return 0;
}

static int write_files(const vn_network *n, const vn_dhcp_reservations *res,
		       const vn_dnsmasq_files *f, vn_err *err)
{
	vn_dnsmasq_conf c = {0};
	char leasedir[PATH_MAX];
	int r;

	snprintf(leasedir, sizeof(leasedir), "%.*s", (int)(strrchr(f->leases, '/') - f->leases),
		 f->leases);
	r = mkdir_p(f->dir, 0755);
	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", f->dir, strerror(-r));
	r = mkdir_p(leasedir, 0755);
	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", f->dir, strerror(-r));
	r = render(n, f, &c, err);
	if (r < 0)
		return r;
	r = add_reservations(res, &c, err);
	if (r < 0) {
		dnsmasq_conf_clear(&c);
		return r;
	}
	/* hosts files are re-read by dnsmasq after it dropped its privileges: world-readable */
	r = file_write_volatile(f->hosts, c.hosts, strlen(c.hosts), 0644, err);
	if (r == 0) {
		r = file_write_volatile(f->addnhosts, c.addnhosts, strlen(c.addnhosts), 0644, err);
		if (r == 0)
			r = file_write_volatile(f->conf, c.conf, strlen(c.conf), 0644, err);
	}
	dnsmasq_conf_clear(&c);
	return r;
}

/* n's file names, and its configuration and hosts files written */
static int files_written(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
			 vn_dnsmasq_files *f, vn_err *err)
{
	int r = dnsmasq_files(p, n, f, err);

	if (r < 0)
		return r;
	return write_files(n, res, f, err);
}

static void remove_files(const vn_dnsmasq_files *f)
{
	unlink(f->conf);
	unlink(f->hosts);
	unlink(f->addnhosts);
	unlink(f->pid);
}

int dnsmasq_begin(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
		  pid_t *pid_out, vn_err *err)
{
	vn_dnsmasq_files f;
	int r = files_written(p, n, res, &f, err);

	if (r < 0)
		return r;
	r = fault_point("dnsmasq");
	if (r < 0)
		return vn_err_set(err, EIO, "injected failure at step 'dnsmasq'");
	r = dnsmasq_launch(f.conf, f.pid, f.log, pid_out, err);
	if (r < 0)
		remove_files(&f);
	return r;
}

int dnsmasq_finish(const vn_paths *p, const vn_network *n, pid_t *pid, vn_err *err)
{
	vn_dnsmasq_files f;
	pid_t daemon = 0;
	int r = dnsmasq_files(p, n, &f, err);

	if (r == 0)
		r = dnsmasq_wait_ready(*pid, f.conf, f.pid, f.log, READY_TIMEOUT_MS, &daemon, err);
	if (r < 0) {
		remove_files(&f);
		return r;
	}
	*pid = daemon;
	unsigned ifindex = n->bridge ? if_nametoindex(n->bridge) : 0;
	if (ifindex)
		dnsmasq_quiet(daemon, ifindex);   /* on failure it works as before */
	return 0;
}

int dnsmasq_start(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
		  pid_t *pid_out, vn_err *err)
{
	int r = dnsmasq_begin(p, n, res, pid_out, err);

	return r < 0 ? r : dnsmasq_finish(p, n, pid_out, err);
}

int dnsmasq_alive(const vn_paths *p, const vn_network *n, pid_t pid)
{
	vn_dnsmasq_files f;

	if (dnsmasq_files(p, n, &f, NULL) < 0)
		return 0;
	return dnsmasq_runs_conf(pid, f.conf);
}

/* dnsmasq's daemon writes its pid file as soon as it runs: a start or restart that died
 * before journaling the daemon's pid still finds it there. 0 when there is none. */
static pid_t pid_from_file(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long v;

	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || sscanf(buf, "%ld", &v) != 1 || v <= 0 || v > INT_MAX)
		return 0;
	return (pid_t)v;
}

int dnsmasq_stop(const vn_paths *p, const vn_network *n, pid_t pid, bool launcher, vn_err *err)
{
	vn_dnsmasq_files f;
	int r = dnsmasq_files(p, n, &f, err);

	if (r < 0)
		return r;
	if (!launcher && !dnsmasq_runs_conf(pid, f.conf))
		pid = pid_from_file(f.pid);   /* a restart that died before it was recorded */
	if (launcher)
		r = dnsmasq_stop_launched(pid, f.conf, f.pid, READY_TIMEOUT_MS, err);
	else
		r = pid > 0 ? dnsmasq_stop_pid(pid, f.conf, err) : 0;
	if (r < 0) {
		vn_err_prefix(err, "network '%s'", n->name);
		return r;
	}
	const char *files[] = { f.conf, f.hosts, f.addnhosts, f.pid, f.log };
	for (size_t i = 0; i < ELEMENTSOF(files); i++)
		unlink(files[i]);
	return 0;
}

int dnsmasq_reload_hosts(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
			 pid_t pid, vn_err *err)
{
	vn_dnsmasq_files f;
	char w[SHELL_WORD_MAX];
	int r = files_written(p, n, res, &f, err);

	if (r < 0)
		return r;
	if (!dnsmasq_alive(p, n, pid))
		return vn_err_set(err, ESRCH,
				  "dnsmasq of network '%s' is not running (start it again with: "
				  "virtnet reconcile %s)",
				  n->name, shell_word(n->name, w));
	return kill(pid, SIGHUP) < 0
		       ? vn_err_set(err, errno, "cannot signal dnsmasq: %s", strerror(errno))
		       : 0;
}
