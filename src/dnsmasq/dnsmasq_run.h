/* dnsmasq_run.h - one supervised dnsmasq per network: files, spawn, readiness, stop, reload */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "conf/net_def.h"
#include "dnsmasq/dnsmasq_conf.h"
#include "state/state.h"
#include "util/err.h"

typedef struct vn_dnsmasq_files {
	char dir[PATH_MAX];        /* <root>/run/virtnet/dnsmasq */
	char conf[PATH_MAX], pid[PATH_MAX], hosts[PATH_MAX], addnhosts[PATH_MAX], log[PATH_MAX];
	/* <root>/var/lib/virtnet/dnsmasq/<uuid>.leases: survives restarts */
	char leases[PATH_MAX];
} vn_dnsmasq_files;

/* Files are named by the network's UUID: stable across restarts, safe whatever the name. */
int dnsmasq_files(const vn_paths *p, const vn_network *n, vn_dnsmasq_files *f, vn_err *err);
/* Whether the network needs a dnsmasq at all (DHCP, DNS or router advertisements). */
bool dnsmasq_needed(const vn_network *n);
/* Write the config and hosts files (the static hosts, then the ports' reservations), start
 * dnsmasq, wait until it serves; *pid gets its pid. */
int dnsmasq_start(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
		  pid_t *pid, vn_err *err);
/* dnsmasq_start in two halves: write the files and start it (*pid gets the pid of the
 * process started, which dnsmasq makes exit once its daemon serves), then wait until it serves
 * (*pid then gets the daemon's pid); on failure its files are removed (the log stays). */
int dnsmasq_begin(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
		  pid_t *pid, vn_err *err);
int dnsmasq_finish(const vn_paths *p, const vn_network *n, pid_t *pid, vn_err *err);
/* Stop the dnsmasq we started (checked by its command line), remove its files but the leases.
 * pid is its daemon's (when that no longer runs: the pid file's), or with launcher the pid
 * dnsmasq_begin gave of a start never finished (what it started is waited for, then
 * stopped). */
int dnsmasq_stop(const vn_paths *p, const vn_network *n, pid_t pid, bool launcher, vn_err *err);
/* Filter the rtnetlink socket of dnsmasq pid so that changes on interfaces other than
 * ifindex no longer wake it (dnsmasq_quiet.c). 0, or -errno (it then works as before). */
int dnsmasq_quiet(pid_t pid, unsigned ifindex);
/* 1 when pid is a live dnsmasq running with this network's config, else 0. */
int dnsmasq_alive(const vn_paths *p, const vn_network *n, pid_t pid);
/* Rewrite the hosts files and have dnsmasq re-read them (no restart, leases and guests
 * untouched). */
int dnsmasq_reload_hosts(const vn_paths *p, const vn_network *n, const vn_dhcp_reservations *res,
			 pid_t pid, vn_err *err);
