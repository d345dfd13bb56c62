/* sv_watch.c - the running networks the supervisor knows: their bridge and their dnsmasq,
 * watched through a pidfd (which works for a dnsmasq another process started) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dnsmasq/dnsmasq_run.h"
#include "dnsmasq/dnsmasq_spawn.h"
#include "net/network.h"
#include "conf/overlay.h"
#include "overlay/frr_daemon.h"
#include "overlay/overlay.h"
#include "state/status.h"
#include "supervise/sv_internal.h"
#include "util/clock.h"

sv_net *sv_net_by_name(vn_sv *sv, const char *name)
{
	for (size_t i = 0; i < sv->nnets; i++)
		if (strcmp(sv->nets[i].name, name) == 0)
			return &sv->nets[i];
	return NULL;
}

sv_net *sv_net_by_pid(vn_sv *sv, pid_t pid)
{
	for (size_t i = 0; i < sv->nnets; i++)
		if (sv->nets[i].pid == pid && sv->nets[i].pidfd >= 0)
			return &sv->nets[i];
	return NULL;
}

sv_net *sv_net_by_bridge(vn_sv *sv, int ifindex)
{
	for (size_t i = 0; i < sv->nnets && ifindex > 0; i++)
		if (sv->nets[i].bridge == ifindex || sv->nets[i].vxlan == ifindex)
			return &sv->nets[i];
	return NULL;
}

static void unwatch(sv_net *n)
{
	if (n->pidfd >= 0)
		close(n->pidfd);   /* which also takes it out of the epoll set */
	n->pidfd = -1;
}

static sv_net *add_net(vn_sv *sv, const char *name)
{
	sv_net *v = realloc(sv->nets, (sv->nnets + 1) * sizeof(*v)), *n;

	if (!v)
		return NULL;
	sv->nets = v;
	n = v + sv->nnets++;
	*n = (sv_net){ .pidfd = -1 };
	strncpy(n->name, name, sizeof(n->name) - 1);
	return n;
}

/* Watch pid when it is this network's dnsmasq; when it is not running, a repair is due. */
static void watch_dnsmasq(vn_sv *sv, sv_net *n, const vn_paths *p, const vn_network *def,
			  pid_t pid)
{
	struct epoll_event ev = { .events = EPOLLIN };

	if (n->pid == pid && n->pidfd >= 0)
		return;
	unwatch(n);
	n->pid = pid;
	if (!dnsmasq_alive(p, def, pid)) {
		sv_net_due(n, NET_CHECK_DNSMASQ, 0);
		return;
	}
	n->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	ev.data.u64 = (unsigned long long)SV_SRC_PIDFD << 32 | (uint32_t)pid;
	if (n->pidfd >= 0 && epoll_ctl(sv->ep, EPOLL_CTL_ADD, n->pidfd, &ev) < 0)
		unwatch(n);
	if (n->pidfd < 0)
		sv_net_due(n, NET_CHECK_DNSMASQ, 1000);   /* it just died, or no fd now: soon */
}

static void refresh_one(vn_sv *sv, const vn_netobj *o)
{
	const vn_network *def = o->status->live;
	sv_net *n = sv_net_by_name(sv, def->name);
	const vn_step *bridge = status_find(o->status, STEP_BRIDGE, NULL);
	const vn_step *dnsmasq = status_find(o->status, STEP_DNSMASQ, NULL);
	const vn_step *vxlan = status_find(o->status, STEP_VXLAN, NULL);
	vn_dnsmasq_files f;

	if (!n)
		n = add_net(sv, def->name);
	if (!n)
		return;
	n->seen = true;
	n->bridge = bridge ? bridge->ifindex : 0;
	n->vxlan = vxlan ? vxlan->ifindex : 0;
	uuid_format(def->uuid, n->uuid);
	if (dnsmasq_files(&sv->paths, def, &f, NULL) == 0)
		snprintf(n->log, sizeof(n->log), "%s", f.log);
	n->authority = def->overlay && vxlan && net_serves_dhcp(def) &&
		       overlay_is_authority(def->overlay, &vxlan->addr);
	n->underlay = n->authority ? vxlan->addr : (vn_addr){0};
	n->evpn = def->overlay && def->overlay->control == OVL_CONTROL_EVPN &&
		  status_find(o->status, STEP_OVERLAY_CONTROL, NULL);
	if (dnsmasq)
		watch_dnsmasq(sv, n, &sv->paths, def, dnsmasq->pid);
	else
		unwatch(n);
}

static bool running(const vn_netobj *o)
{
	return o->status && o->status->active && o->status->live;
}

/* Those not seen are dropped; loaded: only these names could have been (NULL: all) */
static void drop_unseen(vn_sv *sv, const sv_strs *loaded)
{
	size_t k = 0;

	for (size_t i = 0; i < sv->nnets; i++) {
		sv_net *n = &sv->nets[i];
		if (!n->seen && (!loaded || strs_has(loaded, n->name))) {
			unwatch(n);
			continue;
		}
		sv->nets[k++] = *n;
	}
	sv->nnets = k;
}

static void unwatch_frr(vn_sv *sv, int d)
{
	if (sv->frr_pidfd[d] >= 0)
		close(sv->frr_pidfd[d]);
	sv->frr_pidfd[d] = -1;
	sv->frr_pid[d] = 0;
}

/* pending: also those with a repair due already (else they keep its time: a control that
 * keeps failing waits as a dnsmasq that keeps exiting does) */
static void evpn_due(vn_sv *sv, long long delay_ms, bool pending)
{
	for (size_t i = 0; i < sv->nnets; i++)
		if (sv->nets[i].evpn && (pending || !sv->nets[i].due_ms))
			sv_net_due(&sv->nets[i], NET_CHECK_CONTROL, delay_ms);
}

/* While an evpn network runs, virtnet's zebra and bgpd are watched through pidfds as dnsmasq
 * is; one that does not run makes the evpn networks' control due. */
static void watch_frr(vn_sv *sv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	bool any = false;
	vn_frr f;

	for (size_t i = 0; i < sv->nnets; i++)
		any |= sv->nets[i].evpn;
	for (int d = 0; d < FRR__DAEMONS; d++) {
		pid_t pid = any && frr_instance_init(&f, sv->paths.run, NULL) == 0
				    ? frr_daemon_pid(&f, (vn_frr_daemon)d) : 0;
		if (pid == sv->frr_pid[d] && (pid == 0 || sv->frr_pidfd[d] >= 0))
			continue;
		unwatch_frr(sv, d);
		if (!pid) {
			if (any)   /* not running at a refresh: a start that failed, or one killed
				    * while no pidfd watched it */
				evpn_due(sv, 1000, false);
			continue;
		}
		sv->frr_pid[d] = pid;
		sv->frr_pidfd[d] = (int)syscall(SYS_pidfd_open, pid, 0);
		ev.data.u64 = (unsigned long long)SV_SRC_FRR << 32 | (uint32_t)pid;
		if (sv->frr_pidfd[d] >= 0 &&
		    epoll_ctl(sv->ep, EPOLL_CTL_ADD, sv->frr_pidfd[d], &ev) < 0)
			unwatch_frr(sv, d);
		if (sv->frr_pidfd[d] < 0)
			evpn_due(sv, 1000, false);
	}
}

void sv_frr_exited(vn_sv *sv)
{
	for (int d = 0; d < FRR__DAEMONS; d++) {
		if (sv->frr_pidfd[d] < 0)
			continue;
		/* a pidfd is readable once its process exited */
		struct pollfd p = { .fd = sv->frr_pidfd[d], .events = POLLIN };
		if (poll(&p, 1, 0) == 1) {
			sv_log(sv, "failing", NULL, "FRR's %s (pid %d) exited",
			       d == FRR_ZEBRA ? "zebra" : "bgpd", (int)sv->frr_pid[d]);
			unwatch_frr(sv, d);
		}
	}
	evpn_due(sv, 0, true);
}

void sv_watch_refresh(vn_sv *sv, const vn_netlist *l, const sv_strs *loaded)
{
	for (size_t i = 0; i < sv->nnets; i++)
		sv->nets[i].seen = false;
	for (size_t i = 0; i < l->n; i++)
		if (running(&l->v[i]))
			refresh_one(sv, &l->v[i]);
	drop_unseen(sv, loaded);
	watch_frr(sv);
}

/* Its dnsmasq exited: restart it now, or after a delay when it keeps exiting. */
void sv_dnsmasq_exited(vn_sv *sv, sv_net *n)
{
	long long now = vn_now_ms(), delay = 0;
	char why[512];

	waitpid(n->pid, NULL, WNOHANG);   /* ours (we restarted it): reap it */
	unwatch(n);
	/* within SV_STREAK_MS of its last restart: the streak goes on */
	n->streak = n->restart_ms && now - n->restart_ms < SV_STREAK_MS ? n->streak + 1 : 1;
	if (n->streak > SV_FREE_RESTARTS) {
		unsigned shift = n->streak - SV_FREE_RESTARTS - 1;
		delay = shift > 6 ? SV_MAX_DELAY_MS : 1000LL << shift;
		delay = delay > SV_MAX_DELAY_MS ? SV_MAX_DELAY_MS : delay;
		dnsmasq_last_message(n->log, why, sizeof(why));
		sv_log(sv, "failing", n->name,
		       "Network %s: dnsmasq exited %u times in a row (its last message: %s); "
		       "next restart in %lld s",
		       n->name, n->streak, why, delay / 1000);
	}
	n->due_ms = now + delay;
	n->due_what |= NET_CHECK_DNSMASQ;
	n->restart_ms = n->due_ms;
}

size_t sv_lease_addrs(const vn_sv *sv, vn_addr *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sv->nnets && n < max; i++)
		if (sv->nets[i].authority && !addr_among(&sv->nets[i].underlay, out, n))
			out[n++] = sv->nets[i].underlay;
	return n;
}

void sv_watch_free(vn_sv *sv)
{
	for (size_t i = 0; i < sv->nnets; i++)
		unwatch(&sv->nets[i]);
	for (int d = 0; d < FRR__DAEMONS; d++)
		unwatch_frr(sv, d);
	free(sv->nets);
	sv->nets = NULL;
	sv->nnets = 0;
}
