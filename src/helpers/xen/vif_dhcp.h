/* vif_dhcp.h - one small dnsmasq per routed vif: DHCP only, for the one guest behind it
 *
 * It listens on the vif alone, serves no DNS (port=0), hands out one address (reserved for
 * the guest's MAC when it is known) with the vif's gateway as router, and runs unprivileged
 * like the networks' dnsmasq (VIRTNET_DNSMASQ, VIRTNET_DNSMASQ_USER apply). Its files are
 * <root>/run/virtnet/dnsmasq/vif-<device>.{conf,pid,leases,log}. */
#pragma once
#include <stdbool.h>
#include <sys/types.h>

#include "util/addr.h"
#include "state/state.h"
#include "util/err.h"

typedef struct vif_dhcp_spec {
	const char *dev;
	vn_addr guest;        /* the address handed out */
	int prefix;           /* the subnet the guest is told */
	vn_addr router;       /* its default gateway (the vif's own address) */
	const vn_mac *mac;    /* the guest's MAC; NULL: whoever asks gets the address */
	const char *conf, *pid, *leases, *user;
} vif_dhcp_spec;

/* The config text in *out (pure; caller frees). A router outside the guest's subnet (route
 * mode: the guest gets a /32) is reached through classless static routes (option 121: the
 * router on-link, then the default route through it), and the guest's subnet is declared on
 * the vif with shared-network. Refused (-EINVAL, never escaped): a dev that is not VT_IFNAME,
 * file paths that are not VT_ABS_PATH, a user that is not VT_USER_NAME, and any line longer
 * than VT_DNSMASQ_LINE_MAX bytes (dnsmasq would read the rest as another option). */
int vif_dhcp_render(const vif_dhcp_spec *s, char **out, vn_err *err);

typedef struct vif_dhcp_files {
	char dir[PATH_MAX], conf[PATH_MAX], pid[PATH_MAX], leases[PATH_MAX], log[PATH_MAX];
} vif_dhcp_files;
/* From the run folder and the device (VT_IFNAME): -EINVAL, -ENAMETOOLONG. */
int vif_dhcp_files_of(const char *run, const char *dev, vif_dhcp_files *f);
/* Write the config (spec's file fields are filled in here), start dnsmasq, wait (bounded)
 * until it serves; *pid gets its pid. */
int vif_dhcp_start(const vn_paths *p, vif_dhcp_spec *s, pid_t *pid, vn_err *err);
/* Whether pid (else the pid in its pid file) is a dnsmasq running with dev's config file. */
bool vif_dhcp_alive(const char *run, const char *dev, pid_t pid);
/* Stop the dnsmasq running with dev's config file (pid, else its pid file; checked against
 * its command line) and remove its files. Nothing running is fine. A dev that is not an
 * interface name is refused (-EINVAL): nothing is stopped or removed. */
int vif_dhcp_stop(const char *run, const char *dev, pid_t pid, vn_err *err);
