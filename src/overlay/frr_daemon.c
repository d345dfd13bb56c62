/* frr_daemon.c - start and stop virtnet's zebra and bgpd */
#include "overlay/frr_daemon.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "overlay/frr_conf.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/fileio.h"
#include "util/proc.h"

#define FRR_USER "frr"
#define FRR_START_TIMEOUT_MS 10000

static const char *const daemon_names[FRR__DAEMONS] = { "zebra", "bgpd" };

void frr_path(const vn_frr *f, const char *name, char out[PATH_MAX])
{
	snprintf(out, PATH_MAX, "%.*s/%s", PATH_MAX - 64, f->dir, name);
}

int frr_instance_init(vn_frr *f, const char *run_dir, vn_err *err)
{
	if (strlen(run_dir) + sizeof("/frr/" FRR_DAEMONS_DIR "/zserv.api") >
	    sizeof(((struct sockaddr_un *)0)->sun_path))
		return vn_err_set(err, ENAMETOOLONG, "FRR's sockets would be under %s/frr, too "
				  "long a path for a unix socket: use a shorter --root", run_dir);
	snprintf(f->dir, sizeof(f->dir), "%s/frr", run_dir);
	return 0;
}

const char *frr_bin_dir(void)
{
	const char *d = getenv("VIRTNET_FRR_DIR");
	return d && *d && vt_ok(VT_ABS_PATH, d) ? d : "/usr/lib/frr";
}

static void pidfile_of(const vn_frr *f, vn_frr_daemon d, char out[PATH_MAX])
{
	char name[32];

	snprintf(name, sizeof(name), FRR_DAEMONS_DIR "/%s.pid", daemon_names[d]);
	frr_path(f, name, out);
}

pid_t frr_daemon_pid(const vn_frr *f, vn_frr_daemon d)
{
	char pidfile[PATH_MAX];
	pid_t pid;

	pidfile_of(f, d, pidfile);
	pid = proc_pidfile_pid(pidfile);
	return proc_has_arg(pid, pidfile) ? pid : 0;   /* ours: -i names our pid file */
}

/* Another zebra in this network namespace, not ours: its pid, else 0. */
static pid_t foreign_zebra(const vn_frr *f)
{
	struct stat self, other;
	struct dirent *e;
	pid_t found = 0, ours = frr_daemon_pid(f, FRR_ZEBRA);
	DIR *d = opendir("/proc");

	if (!d || stat("/proc/self/ns/net", &self) < 0) {
		if (d)
			closedir(d);
		return 0;
	}
	while (!found && (e = readdir(d))) {
		char path[300], comm[32] = "";
		pid_t pid = (pid_t)atoi(e->d_name);
		FILE *c;
		if (pid <= 0 || pid == ours)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		if (!(c = fopen(path, "re")))
			continue;
		if (!fgets(comm, sizeof(comm), c))
			comm[0] = '\0';
		fclose(c);
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
		if (strcmp(comm, "zebra\n") == 0 && stat(path, &other) == 0 &&
		    other.st_ino == self.st_ino && other.st_dev == self.st_dev)
			found = pid;
	}
	closedir(d);
	return found;
}

/* The daemons' folder, owned by FRR's user (they create their sockets, pid files and logs
 * in it), and base.conf beside it. What virtnet writes stays out of the daemons' folder: a
 * daemon taken over could otherwise put a link where we write as root. */
static int prepare_dir(const vn_frr *f, vn_err *err)
{
	struct passwd *pw = getpwnam(FRR_USER);
	char path[PATH_MAX];
	vn_buf base = {0};
	int r;

	if (!pw)
		return vn_err_set(err, ENOENT, "FRR's user '%s' does not exist: install Debian's "
				  "frr package", FRR_USER);
	frr_path(f, FRR_DAEMONS_DIR, path);
	if (mkdir_p(path, 0755) < 0)
		return vn_err_set(err, errno, "cannot create %s: %s", path, strerror(errno));
	if (chown(path, pw->pw_uid, pw->pw_gid) < 0 || chmod(path, 0750) < 0)
		return vn_err_set(err, errno, "cannot hand %s to FRR's user: %s", path,
				  strerror(errno));
	frr_conf_base(&base);
	frr_path(f, "base.conf", path);
	r = base.oom ? vn_err_set(err, ENOMEM, "out of memory")
		     : file_write_volatile(path, base.s, base.len, 0644, err);
	buf_free(&base);
	return r;
}

/* The launcher exits once its daemon is set up (0), or with FRR's message in the log. */
static int start_one(const vn_frr *f, vn_frr_daemon d, vn_err *err)
{
	char bin[PATH_MAX], pidfile[PATH_MAX], conf[PATH_MAX], zserv[PATH_MAX], log[PATH_MAX];
	char logarg[PATH_MAX + 8], name[32], why[512], vtydir[PATH_MAX];
	char *argv[] = { (char *)daemon_names[d], "-d", "-u", FRR_USER, "-g", FRR_USER,
			 "--vty_socket", vtydir, "-z", zserv, "-i", pidfile, "-f", conf,
			 "--log", logarg, "-A", "127.0.0.1", "-P", "0", NULL };
	pid_t launcher;
	int status = 0, r;

	snprintf(bin, sizeof(bin), "%.*s/%s", PATH_MAX - 64, frr_bin_dir(), daemon_names[d]);
	pidfile_of(f, d, pidfile);
	frr_path(f, "base.conf", conf);
	frr_path(f, FRR_DAEMONS_DIR "/zserv.api", zserv);
	frr_path(f, FRR_DAEMONS_DIR, vtydir);
	snprintf(name, sizeof(name), FRR_DAEMONS_DIR "/%s.log", daemon_names[d]);
	frr_path(f, name, log);
	snprintf(logarg, sizeof(logarg), "file:%s", log);
	unlink(pidfile);
	if ((r = proc_spawn(bin, argv, log, &launcher, err)) < 0)
		return r;
	r = proc_wait_exit(launcher, vn_now_ms() + FRR_START_TIMEOUT_MS, &status);
	if (r == -ETIMEDOUT) {
		kill(launcher, SIGKILL);
		waitpid(launcher, &status, 0);
	}
	if (frr_daemon_pid(f, d) > 0)
		return 0;
	proc_last_line(log, why, sizeof(why));
	return vn_err_set(err, EIO, "FRR's %s could not start: %s; its log is %s",
			  daemon_names[d], r == -ETIMEDOUT ? "it did not get ready in time" : why,
			  log);
}

int frr_instance_start(const vn_frr *f, vn_err *err)
{
	pid_t other;
	int r = 0;

	if (frr_daemon_pid(f, FRR_ZEBRA) > 0 && frr_daemon_pid(f, FRR_BGPD) > 0)
		return 0;
	if ((other = foreign_zebra(f)) > 0)
		return vn_err_set(err, EBUSY, "another FRR zebra (pid %d) runs in this network "
				  "namespace: virtnet's own would remove its routes, and both "
				  "would speak for the same VNIs; stop it, or run the overlay with "
				  "control='static'", (int)other);
	r = prepare_dir(f, err);
	for (int d = 0; r == 0 && d < FRR__DAEMONS; d++)
		if (frr_daemon_pid(f, (vn_frr_daemon)d) == 0)
			r = start_one(f, (vn_frr_daemon)d, err);
	return r;
}

int frr_instance_stop(const vn_frr *f, vn_err *err)
{
	int r = 0;

	for (int d = FRR__DAEMONS - 1; d >= 0; d--) {
		char pidfile[PATH_MAX], what[PATH_MAX + 64];
		pid_t pid = frr_daemon_pid(f, (vn_frr_daemon)d);
		pidfile_of(f, (vn_frr_daemon)d, pidfile);
		snprintf(what, sizeof(what), "FRR's %s (pid %d, %s)", daemon_names[d], (int)pid,
			 pidfile);
		if (pid > 0 && r == 0)
			r = proc_stop(pid, pidfile, what, err);
	}
	return r;
}
