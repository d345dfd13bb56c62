/* bridge_helper.c - virtnet-bridge-helper: a drop-in for qemu-bridge-helper
 *
 * QEMU (-netdev bridge,br=BR,helper=PATH) runs "PATH --use-vnet --fd=N --br=BR" with one end
 * of a socketpair as descriptor N, receives the tap's descriptor over it (SCM_RIGHTS with one
 * byte of payload) and then takes exit status 0 as success. Installed setuid root, this
 * helper keeps only CAP_NET_ADMIN (see privs.h), plugs into a bridge only when
 * <root>/etc/virtnet/bridge.conf allows it and a running virtnet network owns it, and
 * registers the tap as a port of that network (name vnetN, isolation and protection as for
 * port-create). The tap is not persistent: it goes when QEMU closes it, and the next
 * `virtnet reconcile` removes the port. QEMU does not tell the guest's MAC; the port's
 * protection learns it from the guest's first frame and holds the guest to it.
 *
 * Any failure leaves nothing behind (no tap, no record) and exits 1 with a message on stderr.
 * Nothing goes to stdout: it is QEMU's (often the guest's serial console). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/qemu/bridge_acl.h"
#include "helpers/qemu/privs.h"
#include "kernel/session.h"
#include "net/network.h"
#include "port/port.h"
#include "state/state.h"
#include "state/status.h"
#include "state/store.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/str.h"

#define PROG "virtnet-bridge-helper"
#define ACL_FILE "etc/virtnet/bridge.conf"   /* below the root */

typedef struct helper_args {
	bool vnet_hdr;
	const char *bridge;
	int fd;
	uid_t caller;   /* the real uid we were started with (QEMU's user) */
} helper_args;

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void usage(FILE *f, bool full)
{
	fputs("Usage: " PROG " [--use-vnet] --br=BRIDGE --fd=UNIXFD\n", f);
	if (full)
		fputs("\n"
		      "QEMU's bridge helper for virtnet: creates a tap, plugs it as a port into the\n"
		      "running virtnet network whose bridge is BRIDGE, if <root>/etc/virtnet/bridge.conf\n"
		      "allows that bridge, and sends its descriptor over the socket UNIXFD. QEMU runs it\n"
		      "for -netdev bridge,br=BRIDGE,helper=" PROG " (the full path). It prints\n"
		      "nothing on standard output and, on any failure, leaves nothing behind.\n"
		      "\n"
		      "  --use-vnet     give the tap a virtio-net header (QEMU adds it for virtio-net)\n"
		      "  --br=BRIDGE    the bridge of a running virtnet network, or the host bridge of a\n"
		      "                 running forward mode bridge network\n"
		      "  --fd=UNIXFD    the unix socket to send the tap's descriptor over (SCM_RIGHTS,\n"
		      "                 one byte of payload)\n"
		      "  -h, --help     show this help\n",
		      f);
}

static int parse_fd(const char *s)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	return errno || *end || v > INT_MAX ? -1 : (int)v;
}

/* One argument: 0, or -1 with the message printed. */
static int parse_arg(const char *s, helper_args *a)
{
	vn_err err = {0};

	if (streq(s, "--use-vnet")) {   /* QEMU adds it to a helper command that may have it */
		a->vnet_hdr = true;
		return 0;
	}
	if (!strncmp(s, "--br=", 5) && !a->bridge) {
		if (vt_check(VT_IFNAME, s + 5, &err, "--br") < 0) {
			fail("%s", err.msg);
			return -1;
		}
		a->bridge = s + 5;
		return 0;
	}
	if (!strncmp(s, "--fd=", 5) && a->fd < 0) {
		a->fd = parse_fd(s + 5);
		if (a->fd >= 0)
			return 0;
	}
	fail("unexpected argument '%s' (a repeated option or a bad descriptor?)", s);
	return -1;
}

/* 0, 1 when --help was shown, -1 (message printed) on anything QEMU would not pass. */
static int parse_args(int argc, char **argv, helper_args *a)
{
	*a = (helper_args){ .fd = -1, .caller = getuid() };
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--help") || streq(argv[i], "-h")) {
			usage(stdout, true);
			return 1;
		}
		if (parse_arg(argv[i], a) < 0) {
			usage(stderr, false);
			return -1;
		}
	}
	if (!a->bridge || a->fd < 0) {
		fail("%s is missing", a->bridge ? "--fd=UNIXFD" : "--br=BRIDGE");
		usage(stderr, false);
		return -1;
	}
	return 0;
}

/* A setuid program must not let its first files become stdin/out/err. */
static void ensure_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF && open("/dev/null", O_RDWR) != fd)
			_exit(1);
}

/* How to make this program setuid root: the package-managed way for the package's copy */
static int not_setuid(void)
{
	char exe[PATH_MAX] = "PATH", w[SHELL_WORD_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *path;

	if (n > 0)
		exe[n] = '\0';
	path = shell_word(exe, w);

	if (streq(path, VIRTNET_LIBEXECDIR "/virtnet/virtnet-bridge-helper"))
		return fail("not running as root (make it setuid root with: dpkg-statoverride "
			    "--update --add root kvm 4750 %s; or run it as root)", path);
	return fail("not running as root (make it setuid root with: chown root:kvm %s && "
		    "chmod 4750 %s; or run it as root)", path, path);
}

/* Root only, keeping CAP_NET_ADMIN; the caller's environment is not trusted, except for a
 * root folder that passes privs_check_root. *root gets its real location (NULL: "/"). */
static int take_privileges(uid_t caller, char **root)
{
	const char *env = getenv("VIRTNET_ROOT");
	vn_err err = {0};

	*root = NULL;
	if (geteuid() != 0)
		return not_setuid();
	if (privs_keep_net_admin(&err) < 0)
		return fail("%s", err.msg);
	umask(022);
	if (env && *env && privs_check_root(env, root, &err) < 0)
		return fail("%s", err.msg);
	if (caller != 0)
		clearenv();   /* VIRTNET_NFT_TABLE, VIRTNET_DNSMASQ, fault hooks: root's to set */
	return 0;
}

static int check_acl(const vn_paths *paths, const char *bridge)
{
	_cleanup_free_ char *file = NULL, *text = NULL;
	const vn_acl_rule *why = NULL;
	vn_acl acl = {0};
	vn_err err = {0};
	size_t len = 0;
	bool ok;

	if (asprintf(&file, "%s/" ACL_FILE, paths->root) < 0) {
		file = NULL;
		return fail("out of memory");
	}
	if (privs_read_trusted(paths->root, ACL_FILE, ACL_MAX_BYTES, &text, &len, &err) < 0)
		return fail("%s%s%s%s", err.msg,
			    err.code == ENOENT ? "; create it with a line 'allow " : "",
			    err.code == ENOENT ? bridge : "",
			    err.code == ENOENT ? "' for each bridge QEMU may use" : "");
	if (acl_parse(&acl, file, text, len, acl_load_under_root, (void *)paths->root, &err) < 0) {
		acl_free(&acl);
		return fail("%s", err.msg);
	}
	ok = acl_allows(&acl, bridge, &why);
	if (!ok && why)
		fail("bridge %s is denied by %s:%u (deny %s)", bridge, why->file, why->line,
		     why->all ? "all" : why->name);
	else if (!ok)
		fail("bridge %s is not allowed by %s: add 'allow %s' to it", bridge, file, bridge);
	acl_free(&acl);
	return ok ? 0 : 1;
}

/* The running network whose bridge this is. */
static vn_netobj *find_network(vn_netlist *l, const char *bridge)
{
	char w[SHELL_WORD_MAX];

	for (size_t i = 0; i < l->n; i++) {
		vn_netobj *o = &l->v[i];
		if (o->live && o->status && o->status->active && streq(o->live->bridge, bridge))
			return o;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].def && streq(l->v[i].def->bridge, bridge)) {
			fail("bridge %s belongs to network '%s', which is not running (start it "
			     "with: virtnet start %s)",
			     bridge, l->v[i].def->name, shell_word(l->v[i].def->name, w));
			return NULL;
		}
	}
	fail("bridge %s is not the bridge of a running virtnet network (list them with: virtnet "
	     "list)",
	     bridge);
	return NULL;
}

/* The port's uuid, network and bridge; < 0 on failure. */
static int new_port_ids(vn_port *p, const vn_network *n)
{
	int rc = uuid_generate(p->uuid);

	if (rc < 0)
		return rc;
	p->network = strdup(n->name);
	if (!p->network)
		return -ENOMEM;
	p->plug_bridge = strdup(n->bridge);
	if (!p->plug_bridge)
		return -ENOMEM;
	return 0;
}

static vn_port *new_port(const vn_network *n, uid_t caller)
{
	vn_port *p = port_new();

	if (!p)
		return NULL;
	if (new_port_ids(p, n) < 0) {
		port_free(p);
		return NULL;
	}
	p->type = PORTDEV_TAP;
	p->plug = n->forward.mode == FWD_BRIDGE ? PLUG_BRIDGE : PLUG_NETWORK;
	p->plug_mtm = n->mac_table_manager;
	p->mac_known = false;    /* learned from the guest's first frame */
	p->uid = caller;         /* who ran QEMU, for port-dumpxml --status */
	p->uid_set = true;
	return p;
}

static int send_fd(int sock, int fd)
{
	char payload = 0, control[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = { .iov_base = &payload, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	ssize_t n;

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	while ((n = sendmsg(sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	return n == 1 ? 0 : -1;
}

/* Create, register, hand over; on failure the port is deleted again. */
static int plug_port(vn_run *r, vn_netobj *o, const helper_args *a)
{
	vn_port *p = new_port(o->live, a->caller);
	vn_err err = {0};
	int fd = -1, rc = 1;

	if (!p)
		return fail("out of memory");
	if (port_pick_name(r, p, &err) < 0 ||
	    port_create_open_tap(r, o->status, p, a->vnet_hdr, &fd, &err) < 0) {
		fail("cannot plug a tap into bridge %s of network '%s': %s", a->bridge,
		     o->live->name, err.msg);
	} else if (send_fd(a->fd, fd) < 0) {
		fail("cannot send the tap's descriptor over --fd=%d: %s", a->fd, strerror(errno));
		close(fd);   /* first: a tap that is not persistent goes with its last descriptor */
		port_delete(r, o->status, p, &err);
	} else {
		close(fd);
		rc = 0;
	}
	port_free(p);
	return rc;
}

static void print_notes(vn_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		fprintf(stderr, PROG ": warning: %s\n", notes->v[i]);
	vn_notes_free(notes);
}

static int plug_on_session(const vn_paths *paths, vn_netobj *o, const helper_args *a,
			   vn_notes *notes)
{
	vn_session s;
	vn_run r;
	vn_err err = {0};
	int rc = session_open(&s, &err);

	if (rc < 0)
		return fail("%s", err.msg);
	run_init(&r, &s, paths, notes);
	rc = plug_port(&r, o, a);
	session_close(&s);
	return rc;
}

static int plug(const vn_paths *paths, const helper_args *a)
{
	vn_netlist l = {0};
	vn_notes notes = {0};
	vn_err err = {0};
	vn_netobj *o = NULL;
	int rc = 1;
	int lock = state_lock(paths, true, &err);

	if (lock < 0)
		return fail("%s", err.msg);
	if (store_load(paths, &l, &notes, &err) < 0) {
		fail("%s", err.msg);
	} else {
		o = find_network(&l, a->bridge);
		if (o)
			rc = plug_on_session(paths, o, a, &notes);
	}
	print_notes(&notes);
	store_list_free(&l);
	close(lock);
	return rc;
}

static int check_socket(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return fail("--fd=%d is not an open socket: QEMU passes its end of a socketpair",
			    fd);
	return 0;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *root = NULL;
	helper_args a;
	vn_paths paths;
	vn_err err = {0};
	int r;

	ensure_std_fds();
	r = parse_args(argc, argv, &a);
	if (r != 0)
		return r > 0 ? 0 : 1;
	if (check_socket(a.fd) || take_privileges(a.caller, &root))
		return 1;
	if (state_paths_init(&paths, root ? root : "/", &err) < 0)
		return fail("%s", err.msg);
	if (check_acl(&paths, a.bridge))
		return 1;
	return plug(&paths, &a);
}
