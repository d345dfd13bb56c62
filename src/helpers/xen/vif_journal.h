/* vif_journal.h - what vif-virtnet changed for one vif: its step journal (state/journal.h)
 *
 * <root>/run/virtnet/vifs/<device>.xml. The payload says what the steps were made for:
 * <vif device='…' ifindex='…' mode='…' type='…'/>. Each step is journaled as intended
 * before its change and as done after; undoing an intended step whose change never
 * happened is harmless (vif_undo.c). Phases: doing (an online under way), done (online),
 * undoing (an offline under way). A journal whose owner died while doing is undone, while
 * undoing is finished, by the next vif-virtnet run for that device. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "helpers/xen/vif_parse.h"
#include "state/journal.h"
#include "util/addr.h"
#include "util/err.h"

typedef enum {
	VS_LINK_UP,     /* ifindex; value: "up" or "down", the state before */
	VS_MAC,         /* ifindex, mac: the address before */
	VS_MTU,         /* ifindex, mtu: the MTU before */
	VS_MASTER,      /* ifindex; name: the host bridge the vif is enslaved to */
	VS_SYSCTL,      /* name: key under /proc/sys (below net/); value: the value before */
	VS_FORWARDING,  /* name: key; value: the value before (restored when nothing else needs
			 * it) */
	VS_ADDRESS,     /* ifindex, addr/prefix */
	VS_ROUTE,       /* ifindex, addr/prefix (destination), src, metric */
	VS_TC,          /* ifindex: our root qdisc (the guest's downstream limit) */
	VS_FIREWALL,    /* name: "inet <table>" or "bridge <table>" holding this vif's slice */
	VS_DNSMASQ,     /* pid (0 until it runs); its files are <run>/dnsmasq/vif-<device>.* */
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

typedef struct vif_journal {
	vn_journal j;     /* its steps are vif_step */
	char dev[16];     /* the payload: the device the steps were made on, as found */
	int ifindex;
	vif_mode mode;
	bool tap;
} vif_journal;

extern const vn_jtype vif_journal_type;
const char *vif_step_kind_to_string(vif_step_kind k);
int vif_step_kind_from_string(const char *s);

/* <run>/vifs/<dev>.xml (dev an interface name, else -EINVAL; -ENAMETOOLONG). */
int vif_journal_path(const char *run_dir, const char *dev, char *out, size_t len);
/* A new journal at path for vj's payload (dev, ifindex, mode, tap), phase doing, this process. */
int vif_journal_create(vif_journal *vj, const char *path, vn_err *err);
/* Read one like any input: -ENOENT when there is none; -EINVAL (the message naming the file,
 * the record and the field) for a step or payload that is not of its type, a payload of
 * another device than the file is named after, or a file that is not a vif journal (an
 * older vif-virtnet's record): nothing of it may be acted on. Each step's names are typed:
 * the device and a master interface names, a sysctl a VT_SYSCTL below net/ with a
 * VT_SYSCTL_VALUE, a firewall step "inet|bridge <VT_NFT_NAME>", a port step a UUID and a
 * network's file name, address and route steps an address, steps on the device an ifindex. */
int vif_journal_read(const char *path, vif_journal *vj, vn_err *err);
void vif_journal_free(vif_journal *vj);
/* A firewall step's name "inet <table>" or "bridge <table>": 0, or -EINVAL. */
int vif_step_fw_table(const char *name, char family[8], char table[80]);
