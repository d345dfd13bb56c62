/* port_direct.c - ports of a forward mode 'bridge' network without a bridge: macvtap (a VM
 * opens /dev/tapN) or macvlan (a namespace or container: created straight into it) in bridge
 * mode on one of the network's NICs. The device is the guest's NIC and carries its MAC. A
 * macvlan given to a namespace lives there only, so it is looked up there. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel/netlink.h"
#include "port/port.h"
#include "port/port_direct.h"
#include "kernel/tc.h"
#include "util/cleanup.h"
#include "util/str.h"

bool port_in_netns(const vn_port *p)
{
	return p->type == PORTDEV_MACVLAN && p->netns;
}

int port_open_netns(const char *ns, vn_err *err)
{
	char path[PATH_MAX], w[SHELL_WORD_MAX];
	int fd;

	snprintf(path, sizeof(path), strchr(ns, '/') ? "%s" : "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && !strchr(ns, '/'))
		return vn_err_set(err, errno,
				  "cannot open network namespace %s: %s (create it with: ip netns "
				  "add %s)",
				  path, strerror(errno), shell_word(ns, w));
	if (fd < 0)
		return vn_err_set(err, errno, "cannot open network namespace %s: %s", path,
				  strerror(errno));
	return fd;
}

struct ns_open {
	int fd;
	vn_nl *nl;
	vn_err *err;
	int rc;
};

/* A thread enters the namespace and opens the socket there: setns changes only the calling
 * thread's namespace, so ours never leaves its own, whatever fails. */
static void *open_in_netns(void *arg)
{
	struct ns_open *o = arg;

	if (setns(o->fd, CLONE_NEWNET) < 0)
		o->rc = vn_err_set(o->err, errno, "cannot enter a network namespace: %s",
				   strerror(errno));
	else
		o->rc = nl_open(&o->nl, o->err);
	return NULL;
}

/* fn with a netlink socket opened inside namespace ns (a socket stays in the namespace it
 * was made in). */
static int in_netns(const char *ns, int (*fn)(vn_nl *, const vn_port *, void *, vn_err *),
		    const vn_port *p, void *arg, vn_err *err)
{
	_cleanup_close_ int target = port_open_netns(ns, err);
	struct ns_open o = { .fd = target, .err = err };
	pthread_t t;
	int rc;

	if (target < 0)
		return target;
	rc = pthread_create(&t, NULL, open_in_netns, &o);
	if (rc != 0)
		return vn_err_set(err, rc,
				  "cannot start a thread to enter network namespace %s: %s", ns,
				  strerror(rc));
	pthread_join(t, NULL);
	if (o.rc == 0)
		o.rc = fn(o.nl, p, arg, err);
	nl_close(o.nl);
	return o.rc;
}

static int guest_link_get(vn_nl *nl, const vn_port *p, void *arg, vn_err *err)
{
	vn_link_info li;
	(void)arg;
	return nl_link_get(nl, p->peer_name, &li, err);
}

static int guest_link_stats(vn_nl *nl, const vn_port *p, void *out, vn_err *err)
{
	return nl_link_stats(nl, p->peer_name, out, err);
}

static int guest_link_delete(vn_nl *nl, const vn_port *p, void *arg, vn_err *err)
{
	vn_link_info li;
	int rc = nl_link_get(nl, p->peer_name, &li, err);

	(void)arg;
	if (rc == -ENODEV)
		return 0;
	return rc < 0 ? rc : nl_link_delete(nl, li.ifindex, err);
}

bool port_netns_device_exists(const vn_port *p)
{
	vn_err ignore = {0};
	return in_netns(p->netns, guest_link_get, p, NULL, &ignore) == 0;
}

int port_netns_device_delete(const vn_port *p, vn_err *err)
{
	vn_err missing = {0};
	int fd = port_open_netns(p->netns, &missing);

	if (fd < 0)
		return 0;   /* the namespace went, and the device with it */
	close(fd);
	return in_netns(p->netns, guest_link_delete, p, NULL, err);
}

int port_netns_device_stats(const vn_port *p, vn_link_stats *out, vn_err *err)
{
	return in_netns(p->netns, guest_link_stats, p, out, err);
}

int port_direct_create(vn_run *r, vn_port *p, vn_err *err)
{
	_cleanup_close_ int fd = -1;
	vn_link_info lower;
	int rc;

	if (!p->plug_dev)
		return vn_err_set(err, EINVAL, "port %s has no NIC to sit on", p->ifname);
	rc = nl_link_get(r->nl, p->plug_dev, &lower, err);
	if (rc < 0)
		return rc;
	if (port_in_netns(p)) {
		fd = port_open_netns(p->netns, err);
		if (fd < 0)
			return fd;
	}
	if (p->netns && !p->peer_name[0])
		snprintf(p->peer_name, sizeof(p->peer_name), "eth0");
	vn_macvlan_opts o = { .name = port_in_netns(p) ? p->peer_name : p->ifname,
			      .lower_ifindex = lower.ifindex,
			      .tap = p->type == PORTDEV_MACVTAP,
			      .mac = p->mac_known ? &p->mac : NULL,
			      .netns_fd = fd,
			      .up = port_in_netns(p) };   /* handed over up, like a veth's end */
	return nl_macvlan_create(r->nl, &o, err);
}

/* What plugging means without a bridge: what the guest receives is shaped, and it is up. */
int attach_direct(vn_run *r, const vn_network *n, const vn_port *p, vn_err *err)
{
	const vn_bandwidth *bw = p->bandwidth ? p->bandwidth : n->bandwidth;
	vn_link_info li;
	int rc;

	if (port_in_netns(p) || p->type == PORTDEV_EXTERNAL)
		return 0;   /* made up in its namespace (port_direct_create); adopted: as it is */
	rc = nl_link_get(r->nl, p->ifname, &li, err);
	if (rc < 0)
		return rc;
	rc = tc_set_inbound(r->nl, li.ifindex, bw ? bw->in : NULL, err);
	if (rc < 0)
		return rc;
	return nl_link_set_up(r->nl, li.ifindex, true, err);
}
