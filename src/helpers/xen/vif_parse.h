/* vif_parse.h - vif-virtnet, the pure parts of Xen's hotplug contract: modes, vif names,
 * XENBUS paths, Xen's rate strings, ip= lists and vif-nat's address arithmetic */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/addr.h"
#include "conf/net_def.h"
#include "util/err.h"

typedef enum { VIF_MODE_BRIDGE, VIF_MODE_NAT, VIF_MODE_ROUTE, VIF_MODE__COUNT } vif_mode;

const char *vif_mode_to_string(vif_mode m);
int vif_mode_from_string(const char *s);   /* -1 when unknown */
/* The mode a program name stands for: basename "vif-virtnet" (bridge), "vif-virtnet-nat",
 * "vif-virtnet-route"; -1 for any other name. */
int vif_mode_from_progname(const char *argv0);

/* "vif<domid>.<devid>" or, for the HVM tap twin, "vif<domid>.<devid>-emu" (decimal, no sign,
 * domid < 65536, devid < 65536). 0 or -EINVAL. */
int vif_name_parse(const char *name, int *domid, int *devid, bool *emu);
/* Exactly "backend/vif/<domid>/<devid>" or
 * "/local/domain/<backend domid>/backend/vif/<domid>/<devid>" (decimal, no sign or leading
 * zero, each below 65536). 0 or -EINVAL. */
int vif_xenbus_parse(const char *path, int *domid, int *devid);

/* Xen's rate: what xl accepts ("10Mb/s", "250KB/s", "1MB/s@20ms": bytes or bits per second
 * with an optional K/M/G (powers of 1000) and a credit interval, default 50 ms) or what libxl
 * writes to xenstore ("<bytes per interval>,<interval in us>"). */
typedef struct vif_rate {
	unsigned long long bytes_per_sec;
	unsigned interval_us;
} vif_rate;
int vif_rate_parse(const char *s, vif_rate *out);   /* 0, -EINVAL or -ERANGE */
/* As a libvirt <inbound>/<outbound> rate: average in kB/s (1000 bytes, rounded up), burst in
 * KiB: the credit of one interval, at least 2 KiB so a full-size frame always fits. */
void vif_rate_to_bw(const vif_rate *r, vn_bw_rate *out);

/* A vif's mac= and rate= (NULL or "": none), as every mode takes them. */
typedef struct vif_guest_opts {
	vn_mac mac;           /* the guest's MAC */
	bool has_mac;
	vif_rate rate;
	bool has_rate;
} vif_guest_opts;
int vif_guest_opts_parse(const char *mac, const char *rate, vif_guest_opts *out, vn_err *err);

/* One entry of ip= ("a.b.c.d" or "a.b.c.d/n"; IPv4 only, like Xen's scripts). prefix is -1
 * when none was written. */
typedef struct vif_ip {
	vn_addr addr;
	int prefix;
} vif_ip;
#define VIF_IP_MAX 16
/* Entries separated by blanks or commas; none is fine (*n = 0). */
int vif_ip_list_parse(const char *s, vif_ip out[VIF_IP_MAX], size_t *n, vn_err *err);

/* vif-nat's addresses: the guest's and the gateway's (the guest's last octet + 127), and the
 * subnet the guest is told (prefix). */
typedef struct vif_nat_addr {
	vn_addr guest, gateway;
	int prefix;
} vif_nat_addr;
/* No ip=: 10.<domid/256>.<domid%256>.<devid+1>/16. */
int vif_nat_default(int domid, int devid, vif_nat_addr *out, vn_err *err);
/* From ip= (one address, prefix default 24); refused when the gateway would not be a usable
 * address of that subnet. */
int vif_nat_from_ip(const vif_ip *ip, vif_nat_addr *out, vn_err *err);
