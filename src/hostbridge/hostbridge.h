/* hostbridge.h - a bridge over a physical interface (Xen's network-bridge, Fedora's
 * ifcfg-br0 + BRIDGE=br0): the NIC's addresses and routes move to a new bridge with its MAC
 * and MTU, the NIC becomes the bridge's port, and guests plugged into the bridge sit on the
 * NIC's LAN. delete puts every address and route back exactly as it was.
 *
 * Each host bridge has a step journal (state/journal.h) at
 * <root>/run/virtnet/hostbridges/<BRIDGE>.xml: its payload is what the bridge is made from
 * (the names, the NIC's index, MAC and MTU, the options, the time the NIC was read) and
 * create plans every step first (hostbridge_plan.c, pure): the NIC's whole state is in the
 * file before anything is changed. Each planned step is then journaled as intended before it
 * is made and done after; every undo tolerates a step that was not made, so a create that
 * fails or dies at any instant is undone in reverse from the file alone. Phases: doing (a
 * create), done (active), undoing (a delete). A journal whose process died while doing is
 * undone, while undoing is finished, by the next hostbridge command.
 *
 * Fault points (util/fault.h, from the step kinds): hostbridge-<kind> fails (or stalls) a
 * step after it is journaled, before its change; hostbridge-<kind>-made stalls after it,
 * before it is marked done; hostbridge-<kind>-undo before it is undone. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "kernel/netlink_dump.h"
#include "net/network.h"
#include "state/journal.h"
#include "util/err.h"

typedef enum {
	HB_STEP_BRIDGE,          /* create the bridge (its ifindex in the step once made) */
	HB_STEP_SYSCTL,          /* key := value; old: the value before (--bridge-nf off) */
	HB_STEP_FIREWALL,        /* the bridge's accept rule in inet <table>_hostbridge
				  * (--forward-accept) */
	HB_STEP_ADDRESS,         /* addr added to the bridge */
	HB_STEP_ENSLAVE,         /* the NIC made a port of the bridge */
	HB_STEP_NIC_UP,          /* the NIC brought up (--force on a NIC that was down) */
	HB_STEP_UP,              /* the bridge brought up */
	HB_STEP_ROUTE,           /* route added through the bridge */
	HB_STEP_NIC_ROUTE,       /* route removed from the NIC */
	HB_STEP_NIC_ADDRESS,     /* addr removed from the NIC */
	HB_STEP__COUNT
} vn_hb_step_kind;

typedef struct vn_hb_step {
	vn_hb_step_kind kind;
	int ifindex;             /* BRIDGE: the bridge's, once made (undo deletes only this link) */
	vn_nl_addr addr;         /* ADDRESS, NIC_ADDRESS */
	vn_nl_route route;       /* ROUTE, NIC_ROUTE (the device is the bridge or the NIC) */
	char key[64];            /* SYSCTL: path under /proc/sys */
	char value[16], old[16];
} vn_hb_step;

typedef struct vn_hostbridge {
	vn_journal j;            /* its steps are vn_hb_step; the fields below are its payload */
	char name[16];           /* the bridge */
	int ifindex;             /* the bridge's: its step's once made, else 0 */
	char nic[16];
	int nic_ifindex;
	vn_mac mac;              /* the NIC's, given to the bridge */
	unsigned mtu;
	bool nic_was_down;       /* --force took a NIC that was down */
	bool bridge_nf_off;      /* --bridge-nf off */
	bool forward_accept;     /* --forward-accept */
	long long stamp;         /* CLOCK_BOOTTIME seconds when the NIC was read: lifetimes
				  * count from here */
} vn_hostbridge;

/* A journal is read with this limit; hb_plan refuses a NIC whose journal could grow larger. */
#define HB_FILE_MAX (16u << 20)
/* The only sysctls a hostbridge changes (--bridge-nf off), and so the only ones a journal
 * may name. */
#define HB_BRIDGE_NF_KEYS 3
extern const char *const hb_bridge_nf_keys[HB_BRIDGE_NF_KEYS];
bool hb_sysctl_key_known(const char *key);
/* An interface name we can use: 1 to 15 bytes, none of '/', ':', '"', '\\', blanks or
 * control characters (nft text quotes names), not "." or "..". */
bool hb_valid_ifname(const char *s);

const char *hb_step_kind_to_string(vn_hb_step_kind k);   /* "bridge", "nic-address", ... */
int hb_step_kind_from_string(const char *s);             /* -1 if unknown */

/* ---- the journal (hostbridge_xml.c, pure) ---- */
/* The steps' names, fault points and attributes; "hostbridge" journals. */
extern const vn_jtype hb_journal_type;
/* The payload: <hostbridge name stamp/>, <device .../>, <options .../>, a line each. NULL
 * on out of memory. */
char *hb_payload_format(const vn_hostbridge *hb);
/* The payload of hb->j (read), typed like any input, into hb's fields; the bridge's index
 * from its step. */
int hb_payload_parse(vn_hostbridge *hb, vn_err *err);
/* "creating", "active" or "deleting": the journal's phase as list shows it. */
const char *hb_state_name(const vn_hostbridge *hb);
/* Step i if it is made or being made (intended or done), else NULL (planned, undone). */
const vn_hb_step *hb_live_step(const vn_hostbridge *hb, size_t i);
size_t hb_count(const vn_hostbridge *hb, vn_hb_step_kind k);   /* live steps of a kind */
void hb_free(vn_hostbridge *hb);   /* NULL ok; the journal file stays */

/* ---- the plan (hostbridge_plan.c, pure) ---- */
typedef struct vn_hb_request {
	const char *bridge, *nic;
	bool force, bridge_nf_off, forward_accept;
} vn_hb_request;

typedef struct vn_hb_nic {
	vn_link_info link;
	char master_name[16];            /* when link.master is set */
	const vn_nl_addr *addrs;         /* as nl_addr_dump_dev gave them */
	size_t naddrs;
	const vn_nl_route *routes;       /* as nl_route_dump_dev gave them */
	size_t nroutes;
	bool bridge_exists;              /* an interface named like the bridge exists */
	bool have_bridge_nf;             /* br_netfilter's sysctls exist */
} vn_hb_nic;

/* Refuse what cannot be bridged (with the object, cause and fix), else fill hb (names, MAC,
 * MTU, options) and *plan with the steps in the order create makes them. free(*plan). */
int hb_plan(const vn_hb_request *req, const vn_hb_nic *nic, vn_hostbridge *hb, vn_hb_step **plan,
	    size_t *n, vn_err *err);
/* Whether create copies this address: not the kernel's own link-local (IFA_PROTO
 * kernel_ll, or fe80::/64 made from the MAC on kernels that do not say). */
bool hb_addr_moves(const vn_nl_addr *a, const vn_mac *mac);
/* Whether create copies this route: not the ones the kernel makes from addresses. */
bool hb_route_moves(const vn_nl_route *r);
/* Seconds left of a lifetime (VN_LFT_FOREVER stays) after `elapsed` more. */
unsigned hb_lft_left(unsigned left, long long elapsed);
/* Whether an address recorded by a nic-address step has expired by `now` (CLOCK_BOOTTIME
 * seconds; lifetimes count from hb->stamp): undo does not give it back. */
bool hb_addr_expired(const vn_hostbridge *hb, const vn_nl_addr *a, long long now);
/* The NIC address, expired by `now`, that a route needs (its preferred source, or the
 * subnet of its gateway), else NULL: such a route cannot come back either. */
const vn_nl_addr *hb_route_lost_addr(const vn_hostbridge *hb, const vn_nl_route *r, long long now);
/* The running networks (forward mode bridge) whose <bridge name=> is `bridge`: up to max
 * names into out; the number found. */
size_t hb_networks_using(const vn_netlist *l, const char *bridge, const char **out, size_t max);

/* ---- journal files (hostbridge_store.c) ---- */
int hb_dir(const vn_paths *p, char *out, size_t len);                     /* <run>/hostbridges */
int hb_file(const vn_paths *p, const char *name, char *out, size_t len);  /* <dir>/<name>.xml */
/* A new journal for hb (its payload filled in) with the plan's n steps planned; it stays
 * open in hb->j. */
int hb_journal_create(const vn_paths *p, vn_hostbridge *hb, const vn_hb_step *plan, size_t n,
		      vn_err *err);
/* -ENOENT (only) if there is no journal of that name; -EINVAL for one that is not a host
 * bridge's journal as we write them (the message names the file, the record and the field):
 * nothing of it is acted on. */
int hb_read(const vn_paths *p, const char *name, vn_hostbridge **out, vn_err *err);
/* Every journal, by bridge name; unreadable ones become notes. Free with hb_list_free. */
int hb_load_all(const vn_paths *p, vn_hostbridge ***out, size_t *n, vn_notes *notes, vn_err *err);
void hb_list_free(vn_hostbridge **v, size_t n);
/* A new phase, taken by this process; the journal is rewritten whole (undone steps go). */
int hb_set_phase(vn_hostbridge *hb, vn_jphase phase, vn_err *err);

/* ---- firewall (hostbridge_fw.c) ---- */
/* "<table>_hostbridge": a table of its own, because inet <table> is rebuilt from the networks. */
void hb_fw_table(const char *table, char out[80]);
/* nft text making the table accept frames bridged from each bridge back to itself; none:
 * the table is deleted. Pure; -EINVAL for a bridge that is not an interface name. */
int hb_fw_render(const char *table, const char *const *bridges, size_t n, char **out, vn_err *err);
/* Make the table match the hostbridges on disk that ask for --forward-accept, plus `with`
 * and minus `without` (either NULL). */
int hb_fw_sync(vn_run *r, const char *with, const char *without, vn_err *err);
/* One note (in r->notes) per base chain of another table that drops forwarded packets,
 * naming the fix. */
void hb_fw_drop_notes(vn_run *r, const char *bridge);

/* ---- create, delete, clean up (hostbridge_run.c) ---- */
/* Bridge the NIC; on failure everything made is undone and no journal is left. *out (may
 * be NULL) gets the new host bridge. */
int hb_create(vn_run *r, const vn_hb_request *req, vn_hostbridge **out, vn_err *err);
typedef struct vn_hb_undone {
	size_t addrs, routes;                  /* given back to the NIC */
	size_t expired_addrs, expired_routes;  /* expired while bridged (or needed an address
						* that did) */
	bool nic_gone;                         /* the NIC had gone: nothing could be given back */
} vn_hb_undone;
/* -EBUSY, naming them and the fix, if a running network (forward mode bridge) uses the
 * bridge or interfaces other than the NIC are plugged into it; with force, 0 and a note per
 * such network (hb_delete notes the interfaces it detaches). */
int hb_check_unused(vn_run *r, const vn_netlist *l, const vn_hostbridge *hb, bool force,
		    vn_err *err);
/* Undo a hostbridge's steps in reverse (the journal says undoing first); its journal goes.
 * On failure the steps that could not be undone stay journaled, in the phase the journal
 * had (so an interrupted create or delete is tried again by the next command), and err says
 * so. done (may be NULL) counts what came back. */
int hb_delete(vn_run *r, vn_hostbridge *hb, vn_hb_undone *done, vn_err *err);
/* hostbridge delete: read the journal of bridge `name`, refuse it while in use (as
 * hb_check_unused; l: every network) and delete it. *out gets the host bridge (NULL if none),
 * the caller's to free also on failure. */
int hb_delete_named(vn_run *r, const vn_netlist *l, const char *name, bool force,
		    vn_hostbridge **out, vn_hb_undone *done, vn_err *err);
/* Undo creates whose process died half-way and finish deletes that did (exclusive lock held). */
void hb_cleanup_interrupted(vn_run *r);
