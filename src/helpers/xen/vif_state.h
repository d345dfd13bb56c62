/* vif_state.h - what vif-virtnet changed for one vif, step by step
 *
 * <root>/run/virtnet/vifs/<device>.xml. Each step is written *before* its change is made
 * (and dropped again if the change fails), so after a crash at any point the file names at
 * least every change that exists; undoing a step whose change never happened is harmless
 * (see vif_undo.c). offline undoes the steps in reverse and removes the file. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/addr.h"
#include "helpers/xen/vif_parse.h"
#include "util/err.h"

typedef enum {
	VS_LINK_UP,     /* ifindex; value: "up" or "down", the state before */
	VS_MAC,         /* ifindex, mac: the address before */
	VS_MTU,         /* ifindex, mtu: the MTU before */
	VS_MASTER,      /* ifindex; name: the host bridge the vif was enslaved to */
	VS_SYSCTL,      /* name: key under /proc/sys; value: the value before */
	VS_FORWARDING,  /* name: key; value: the value before (restored only when nothing else needs it) */
	VS_ADDRESS,     /* ifindex, addr/prefix */
	VS_ROUTE,       /* ifindex, addr/prefix (destination), src, metric */
	VS_TC,          /* ifindex: our root qdisc (the guest's downstream limit) */
	VS_FIREWALL,    /* name: "inet <table>" or "bridge <table>" holding this vif's slice */
	VS_DNSMASQ,     /* name: its config file; pid (0 until it runs) */
	VS_PORT,        /* name: the port's UUID; value: its network (a vif adopted as a port) */
	VS__COUNT
} vif_step_kind;

typedef struct vif_step {
	vif_step_kind kind;
	int ifindex;
	vn_addr addr, src;
	int prefix;
	unsigned metric, mtu;
	vn_mac mac;
	pid_t pid;
	char name[256];
	char value[64];
} vif_step;

typedef struct vif_state {
	char dev[16];
	int ifindex;
	vif_mode mode;
	bool tap;
	bool online;      /* false: an online that has not finished (or died half-way) */
	pid_t pid;        /* the process doing (or that did) it */
	vif_step *steps;
	size_t nsteps;
} vif_state;

const char *vif_step_kind_to_string(vif_step_kind k);
int vif_step_kind_from_string(const char *s);

vif_state *vif_state_new(const char *dev);   /* NULL: out of memory */
void vif_state_free(vif_state *st);          /* NULL ok */
int vif_state_add(vif_state *st, const vif_step *s);   /* 0 or -ENOMEM */

/* Pure XML conversion. parse reads a record like any input (-EINVAL, the message naming what,
 * the step and the field): the device and a master an interface name, a sysctl a VT_SYSCTL
 * below net/, a firewall step "inet|bridge <VT_NFT_NAME>", a dnsmasq step
 * <run>/dnsmasq/vif-<device>.conf, a port step a UUID and a network's file name, address and
 * route steps an address, steps on the device an ifindex. Nothing of a refused record is
 * acted on. */
char *vif_state_format(const vif_state *st);
int vif_state_parse(const char *xml, size_t len, const char *what, const char *run, vif_state **out, vn_err *err);
/* A firewall step's name "inet <table>" or "bridge <table>": 0, or -EINVAL. */
int vif_step_fw_table(const char *name, char family[8], char table[80]);

/* Files: <run>/vifs/<dev>.xml (dev an interface name, else -EINVAL), replaced atomically.
 * read: -ENOENT when there is none; a record of another device than its name is refused. */
int vif_state_path(const char *run_dir, const char *dev, char *out, size_t len);
int vif_state_write(const char *path, const vif_state *st, vn_err *err);
int vif_state_read(const char *path, const char *run, vif_state **out, vn_err *err);
