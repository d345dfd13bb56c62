/* vif_main.c - vif-virtnet: Xen's vif hotplug script contract, done by virtnet
 *
 * libxl runs it as the vif's script=: "online|offline type_if=vif" for netback's vif and
 * "add|remove type_if=tap" for an HVM guest's tap twin (see vif_env.h for what it reads).
 * The mode is the name it runs as (vif-virtnet: bridge, vif-virtnet-nat, vif-virtnet-route:
 * links to one program) unless VIRTNET_VIF_MODE says otherwise. Under virtnet's lock every
 * change is journaled in <root>/run/virtnet/vifs/<vif>.xml as intended before it is made and
 * as done after; a failure undoes what was journaled, offline undoes what the journal says
 * (also after a crash: a run killed at any instant is undone or finished by the next). Success
 * of online writes hotplug-status=connected, a failure hotplug-error and
 * hotplug-status=error, through xenstore-write when it is on PATH; a failure exits 1.
 * Every wait is bounded (lock 20 s, xenstore tools 5 s, dnsmasq 5 s): Xen gives up at 40 s. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/xen/vif_ctx.h"
#include "helpers/xen/vif_dhcp.h"
#include "kernel/session.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/fileio.h"

#define PROG "vif-virtnet"
#define LOCK_TIMEOUT_MS 20000

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *env(const char *name)
{
	return getenv(name);
}

static int start_journal(vif_ctx *c, vn_err *err)
{
	snprintf(c->vj.dev, sizeof(c->vj.dev), "%s", c->req->dev);
	c->vj.ifindex = c->link.ifindex;
	c->vj.mode = c->req->mode;
	c->vj.tap = c->req->tap;
	return vif_journal_create(&c->vj, c->journal_path, err);
}

/* A finished online of this very device whose dnsmasq (if any) still runs. */
static bool still_online(const vif_ctx *c, const vif_journal *old)
{
	if (old->j.phase != JPHASE_DONE || old->ifindex != c->link.ifindex ||
	    old->mode != c->req->mode || old->tap != c->req->tap)
		return false;
	for (size_t i = 0; i < old->j.nsteps; i++) {
		const vif_step *s = old->j.steps[i].data;
		if (s->kind == VS_DNSMASQ && !vif_dhcp_alive(c->paths->run, old->dev, s->pid))
			return false;
	}
	return true;
}

/* An online or offline under way is only taken over from a process that died. Under the
 * lock none can be alive; this guards against acting under a live process's feet. */
static int owner_gone(const vif_journal *vj, vn_err *err)
{
	if (vj->j.phase == JPHASE_DONE || journal_orphaned(&vj->j))
		return 0;
	return vn_err_set(err, EBUSY,
			  "%s: vif-virtnet (pid %d) is still %s %s; nothing was changed",
			  vj->j.path, (int)vj->j.pid,
			  vj->j.phase == JPHASE_DOING ? "setting up" : "taking down", vj->dev);
}

/* This vif's journal; one that is refused (changed or damaged) is not acted on at all. */
static int read_own_journal(vif_ctx *c, vif_journal *out, vn_err *err)
{
	int rc = vif_journal_read(c->journal_path, out, err);
	char why[sizeof(err->msg)];

	if (rc == 0) {
		rc = owner_gone(out, err);
		if (rc < 0)
			vif_journal_free(out);
	}
	if (rc != -EINVAL)
		return rc;
	snprintf(why, sizeof(why), "%s", err->msg);
	return vn_err_set(err, EINVAL,
			  "%s; nothing recorded there was undone: correct the file, or undo by "
			  "hand what it lists and remove it",
			  why);
}

/* A journal left for this name: the same vif already online (1), or undone (0). */
static int earlier_journal(vif_ctx *c, vn_err *err)
{
	vif_journal old;
	int rc = read_own_journal(c, &old, err);

	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	if (still_online(c, &old)) {
		vif_journal_free(&old);
		return 1;   /* like vif-nat's "already up" */
	}
	int pid = (int)old.j.pid;
	bool offline = old.j.phase == JPHASE_UNDOING;
	rc = vif_take_down(c->r, c->paths, &old, err);
	if (rc == 0 && offline)
		vn_note(c->r->notes,
			"set %s up again: the earlier offline (pid %d) had not finished",
			c->req->dev, pid);
	else if (rc == 0)
		vn_note(c->r->notes,
			"set %s up again: the earlier online (pid %d) had not finished or its "
			"dnsmasq had stopped",
			c->req->dev, pid);
	vif_journal_free(&old);
	return rc;
}

/* A failed online undoes what it made; what it could not stays journaled for offline. */
static void undo_online(vif_ctx *c)
{
	vn_err ignore = {0};

	if (vif_undo_all(c->r, c->paths, &c->vj, &ignore) < 0)
		vn_note(c->r->notes, "could not undo everything for %s (%s); run offline again",
			c->req->dev, ignore.msg);
}

static int online(vif_ctx *c, vn_err *err)
{
	int rc = vt_check(VT_NFT_NAME, c->table, err,
			  "the vifs' nft table ($VIRTNET_NFT_TABLE, then _vif)");

	if (rc == 0)
		rc = nl_link_get(c->r->nl, c->req->dev, &c->link, err);
	if (rc == -ENODEV)
		return vn_err_set(err, ENODEV,
				  "%s does not exist: the backend (netback, or QEMU for a tap) "
				  "creates it before it runs this script",
				  c->req->dev);
	if (rc < 0)
		return rc;
	rc = earlier_journal(c, err);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	/* as the undo of an earlier journal left it */
	rc = nl_link_get(c->r->nl, c->req->dev, &c->link, err);
	if (rc < 0)
		return rc;
	rc = start_journal(c, err);
	if (rc < 0)
		return rc;
	rc = c->req->mode == VIF_MODE_BRIDGE ? vif_bridge_online(c, err)
					     : vif_routed_online(c, err);
	if (rc < 0) {
		undo_online(c);
		return rc;
	}
	return journal_set_phase(&c->vj.j, JPHASE_DONE, err);
}

static int offline(vif_ctx *c, vn_err *err)
{
	int rc = read_own_journal(c, &c->vj, err);

	if (rc == -ENOENT)
		return 0;   /* nothing journaled (online never ran, or failed and undid itself) */
	return rc < 0 ? rc : vif_take_down(c->r, c->paths, &c->vj, err);
}

/* Under the state lock: the vif's journal path, a kernel session, then online or offline. */
static int run_locked(vif_ctx *c, vn_notes *notes, vn_err *err)
{
	const vif_req *q = c->req;
	const vn_paths *paths = c->paths;
	char dir[PATH_MAX + 8];
	vn_session s;
	int rc;

	snprintf(dir, sizeof(dir), "%s/vifs", paths->run);
	rc = mkdir_p(dir, 0755);
	if (rc < 0)
		return vn_err_set(err, -rc, "cannot create %s: %s", dir, strerror(-rc));
	if (vif_journal_path(paths->run, q->dev, c->journal_path, sizeof(c->journal_path)) < 0)
		return vn_err_set(err, ENAMETOOLONG, "paths under %s are too long", paths->run);
	rc = session_open(&s, err);
	if (rc != 0)
		return rc;
	run_init(c->r, &s, paths, notes);
	snprintf(c->table, sizeof(c->table), "%s_vif", s.table);
	vif_sweep_vanished(c->r, paths, q->dev, notes);
	rc = q->up ? online(c, err) : offline(c, err);
	session_close(&s);
	return rc;
}

static int run(const vif_req *q, vn_notes *notes, vn_err *err)
{
	vn_paths paths;
	vn_run r;
	vif_ctx c = { .req = q, .paths = &paths, .r = &r, .vj = { .j = { .fd = -1 } } };
	int lock, rc;

	rc = state_paths_init(&paths, NULL, err);
	if (rc < 0)
		return rc;
	lock = state_lock_timeout(&paths, true, LOCK_TIMEOUT_MS, err);
	if (lock < 0)
		return lock;
	rc = run_locked(&c, notes, err);
	vif_journal_free(&c.vj);
	close(lock);
	return rc;
}

/* 0, or -1 when xenstore-write failed (said on stderr). Only below a vif backend path: a
 * refused XENBUS_PATH gets no status written anywhere. */
static int xs_status(const char *xenbus_path, const char *status, const char *error)
{
	char sp[320], ep[320];
	const char *kv[4];
	size_t n = 0;
	vn_err err = {0};
	int dom, dev;

	if (!xenbus_path || vif_xenbus_parse(xenbus_path, &dom, &dev) < 0)
		return 0;
	if (!vif_xs_have("xenstore-write"))
		return 0;
	snprintf(sp, sizeof(sp), "%s/hotplug-status", xenbus_path);
	snprintf(ep, sizeof(ep), "%s/hotplug-error", xenbus_path);
	if (error) {
		kv[n++] = ep;
		kv[n++] = error;
	}
	kv[n++] = sp;
	kv[n++] = status;
	if (vif_xs_write(kv, n, &err) == 0)
		return 0;
	say("%s", err.msg);
	return -1;
}

static void usage(void)
{
	fputs("Usage: vif-virtnet online|offline type_if=vif [NAME=VALUE...]\n"
	      "       vif-virtnet add|remove type_if=tap [NAME=VALUE...]\n"
	      "\n"
	      "Xen's vif hotplug script, done by virtnet: libxl runs it when a guest's network\n"
	      "device comes and goes. Its mode is the name it runs as: vif-virtnet (bridge),\n"
	      "vif-virtnet-nat or vif-virtnet-route; VIRTNET_VIF_MODE wins.\n"
	      "\n"
	      "  online, offline  plug netback's vif<domid>.<devid> in, take it out again\n"
	      "                   (type_if=vif)\n"
	      "  add, remove      the same for an HVM guest's QEMU tap, vif<domid>.<devid>-emu\n"
	      "                   (type_if=tap)\n"
	      "  NAME=VALUE       the vif's bridge, ip, mac or rate, as in its xl configuration;\n"
	      "                   they override the environment's, xenstore's override both\n"
	      "  -h, --help       show this help\n"
	      "\n"
	      "Environment:\n"
	      "  vif, INTERFACE   the device: netback's vif, the tap for add and remove\n"
	      "  XENBUS_PATH      backend/vif/<domid>/<devid>, or libxl's\n"
	      "                   /local/domain/<backend>/backend/vif/<domid>/<devid>\n"
	      "  netdev           the vif's gatewaydev (nat: masquerade only out of it; route:\n"
	      "                   the host address comes from it, default eth0)\n"
	      "  bridge, ip, mac, rate\n"
	      "                   the vif's settings, when not in xenstore\n"
	      "  VIRTNET_VIF_MODE\n"
	      "                   bridge, nat or route\n"
	      "  VIRTNET_ROOT     keep virtnet's state under this folder instead of /\n",
	      stdout);
}

int main(int argc, char **argv)
{
	vif_req q;
	vn_notes notes = {0};
	vn_err err = {0};
	int rc;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage();
		return 0;
	}
	umask(022);
	rc = vif_req_parse(argc, argv, env, &q, &err);
	if (rc == 0 && !q.skip && vif_xs_have("xenstore-read"))
		rc = vif_req_read_store(&q, &err);
	if (rc == 0 && !q.skip)
		rc = run(&q, &notes, &err);
	for (size_t i = 0; i < notes.n; i++)
		say("warning: %s", notes.v[i]);
	vn_notes_free(&notes);
	if (rc < 0) {
		say("%s", err.msg);
		xs_status(q.xenbus_path[0] ? q.xenbus_path : getenv("XENBUS_PATH"), "error",
			  err.msg);
	} else if (!q.skip && q.cmd == VIF_CMD_ONLINE &&
		   xs_status(q.xenbus_path, "connected", NULL) < 0) {
		/* like Xen's success(): the toolstack would wait for "connected" in vain */
		rc = -EIO;
	}
	vif_req_free(&q);
	return rc < 0 ? 1 : 0;
}
