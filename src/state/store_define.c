/* store_define.c - define, undefine and autostart with libvirt's rules */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/check_define.h"
#include "conf/overlay.h"
#include "conf/dnsmasq_options.h"
#include "conf/network_xml.h"
#include "state/status.h"
#include "state/store.h"
#include "util/cleanup.h"
#include "util/fileio.h"
#include "util/str.h"

#define MAX_BRIDGE_ID 256

static const vn_network *other_with_bridge(const vn_netlist *l, const char *bridge,
					   const char *skip)
{
	for (size_t i = 0; i < l->n; i++) {
		const vn_network *defs[2] = { l->v[i].def,
					      l->v[i].status ? l->v[i].status->live : NULL };
		for (int k = 0; k < 2; k++)
			if (defs[k] && !streq(defs[k]->name, skip) &&
			    streq(defs[k]->bridge, bridge))
				return defs[k];
	}
	return NULL;
}

/* First virbr%d (or the name's own %d template) used by no network and no host interface. */
static int assign_bridge(const vn_netlist *l, vn_network *n, vn_err *err)
{
	const char *templ = "virbr%d";
	const char *pct = n->bridge ? strchr(n->bridge, '%') : NULL;
	char name[IF_NAMESIZE + 16];

	if (n->bridge && !pct) {
		const vn_network *o = other_with_bridge(l, n->bridge, n->name);
		if (o)
			return vn_err_set(err, EEXIST,
					  "bridge name '%s' is already used by network '%s'; "
					  "choose another <bridge name=...> or leave it out",
					  n->bridge, o->name);
		if (strlen(n->bridge) >= IF_NAMESIZE)
			return vn_err_set(err, EINVAL,
					  "bridge name '%s' is longer than %d characters",
					  n->bridge, IF_NAMESIZE - 1);
		return 0;
	}
	if (pct && pct == strrchr(n->bridge, '%') && pct[1] == 'd')
		templ = n->bridge;
	for (int id = 0; id <= MAX_BRIDGE_ID; id++) {
		snprintf(name, sizeof(name), templ, id);   /* templ has exactly one %d */
		if (strlen(name) >= IF_NAMESIZE)
			return vn_err_set(err, EINVAL,
					  "bridge name template '%s' gives names longer than %d "
					  "characters",
					  templ, IF_NAMESIZE - 1);
		if (other_with_bridge(l, name, n->name) || if_nametoindex(name) > 0)
			continue;
		char *s = strdup(name);
		if (!s)
			return -ENOMEM;
		free(n->bridge);
		n->bridge = s;
		return 0;
	}
	return vn_err_set(err, ENOSPC, "Bridge generation exceeded max id %d", MAX_BRIDGE_ID);
}

static bool mac_in_use(const vn_netlist *l, const vn_mac *m)
{
	for (size_t i = 0; i < l->n; i++) {
		const vn_network *d = store_current(&l->v[i]);
		if (d->mac_specified && mac_equal(&d->mac, m))
			return true;
	}
	return false;
}

static int assign_mac(const vn_netlist *l, vn_network *n)
{
	static const uint8_t kvm[3] = { 0x52, 0x54, 0x00 };
	int r;

	if (n->mac_specified)
		return 0;
	if (n->overlay) {
		/* the gateway has the same MAC on every host that defines the same file */
		overlay_gateway_mac(n->overlay, &n->mac);
		n->mac_specified = true;
		return 0;
	}
	do {
		r = mac_generate(kvm, &n->mac);
		if (r < 0)
			return r;
	} while (mac_in_use(l, &n->mac));
	n->mac_specified = true;
	return 0;
}

static int check_overlaps(const vn_netlist *l, const vn_network *n, bool strict, vn_notes *notes,
			  vn_err *err)
{
	for (size_t i = 0; i < l->n; i++) {
		const vn_network *o = store_current(&l->v[i]);
		if (streq(o->name, n->name))
			continue;
		for (size_t a = 0; a < n->nips; a++)
			for (size_t b = 0; b < o->nips; b++) {
				int pa = ip_def_prefix(&n->ips[a]), pb = ip_def_prefix(&o->ips[b]);
				char s[VN_ADDR_STRLEN];
				vn_addr net;
				if (pa < 0 || pb < 0 ||
				    !addr_subnets_overlap(&n->ips[a].address, pa,
							  &o->ips[b].address, pb))
					continue;
				addr_mask(&o->ips[b].address, pb, &net);
				addr_format(&net, s);
				if (strict)
					return vn_err_set(err, EEXIST,
							  "network '%s' overlaps %s/%d of network "
							  "'%s' (choose another <ip address=...>; "
							  "without --strict this is a warning)",
							  n->name, s, pb, o->name);
				vn_note(notes, "network '%s' overlaps %s/%d of network '%s'",
					n->name, s, pb, o->name);
			}
	}
	return 0;
}

/* libvirt: same uuid must mean same name; same name must mean same uuid. */
static int check_identity(const vn_netlist *l, const vn_network *n, vn_netobj **existing,
			  vn_err *err)
{
	char u[VN_UUID_STRLEN];

	*existing = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const vn_network *o = store_current(&l->v[i]);
		bool same_uuid = !memcmp(o->uuid, n->uuid, 16), same_name = streq(o->name, n->name);
		if (same_uuid && !same_name)
			return vn_err_set(err, EEXIST,
					  "network '%s' is already defined with uuid %s (leave "
					  "<uuid> out for a new network)",
					  o->name, uuid_format(o->uuid, u));
		if (same_name && !same_uuid)
			return vn_err_set(err, EEXIST,
					  "network '%s' already exists with uuid %s (give that "
					  "<uuid> to replace it, or choose another <name>)",
					  n->name, uuid_format(o->uuid, u));
		if (same_name)
			*existing = &l->v[i];
	}
	return 0;
}

static int save_def(const vn_paths *p, const vn_network *n, vn_err *err)
{
	_cleanup_free_ char *xml = net_format(n, NET_FORMAT_INACTIVE), *text = NULL;
	char path[PATH_MAX];
	int r;

	if (!xml || asprintf(&text,
			     "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE "
			     "LIKELY TO BE\n"
			     "OVERWRITTEN AND LOST. Changes to this xml configuration should be "
			     "made using:\n  virtnet edit %s\n-->\n%s",
			     n->name, xml) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	r = mkdir_p(p->autostart, 0755);
	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", p->autostart, strerror(-r));
	if (state_path_xml(path, sizeof(path), p->networks, n->name) < 0)
		return vn_err_set(err, ENAMETOOLONG, "path for network '%s' is too long", n->name);
	return file_write_atomic(path, text, strlen(text), 0600, err);
}

static int prepare_def(const vn_netlist *l, vn_network *def, const vn_define_opts *o,
		       vn_netobj **existing, vn_notes *notes, vn_err *err)
{
	int r;

	r = net_check_define(def, err);
	if (r < 0)
		return r;
	r = store_check_name(def->name, err);
	if (r < 0)
		return r;
	r = check_identity(l, def, existing, err);
	if (r < 0)
		return r;
	r = dnsmasq_options_admit(def, o && o->trust_options,
				  *existing ? store_current(*existing) : NULL, notes, err);
	if (r < 0)
		return r;
	if (net_has_bridge(def)) {
		r = assign_bridge(l, def, err);
		if (r < 0)
			return r;
		r = assign_mac(l, def);
		if (r < 0)
			return vn_err_set(err, -r, "cannot generate a MAC address: %s",
					  strerror(-r));
	}
	return check_overlaps(l, def, o && o->strict, notes, err);
}

/* *existing, or (NULL) a new empty entry at the end of l */
static int entry_for(vn_netlist *l, vn_netobj **existing, vn_err *err)
{
	vn_netobj *nv;

	if (*existing)
		return 0;
	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (!nv)
		return vn_err_set(err, ENOMEM, "out of memory");
	l->v = nv;
	*existing = &l->v[l->n++];
	**existing = (vn_netobj){0};
	return 0;
}

int store_prepare_transient(vn_netlist *l, vn_network *def, const vn_define_opts *o,
			    vn_netobj **obj, vn_notes *notes, vn_err *err)
{
	vn_netobj *existing = NULL;
	int r;

	r = prepare_def(l, def, o, &existing, notes, err);
	if (r == 0)
		r = entry_for(l, &existing, err);
	if (r < 0) {
		net_free(def);
		return r;
	}
	*obj = existing;
	return 0;
}

void store_drop_empty(vn_netlist *l)
{
	size_t k = 0;

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].def || l->v[i].status)
			l->v[k++] = l->v[i];
	l->n = k;
}

static int prepare_save(const vn_paths *p, vn_netlist *l, vn_network *def,
			const vn_define_opts *o, vn_netobj **existing, vn_notes *notes, vn_err *err)
{
	int r = prepare_def(l, def, o, existing, notes, err);

	if (r < 0)
		return r;
	return save_def(p, def, err);
}

int store_define(const vn_paths *p, vn_netlist *l, vn_network *def, const vn_define_opts *o,
		 vn_netobj **saved, vn_notes *notes, vn_err *err)
{
	vn_netobj *existing = NULL;
	int r;

	r = prepare_save(p, l, def, o, &existing, notes, err);
	if (r == 0)
		r = entry_for(l, &existing, err);
	if (r < 0) {
		net_free(def);
		return r;
	}
	net_free(existing->def);
	existing->def = def;
	*saved = existing;
	return 0;
}

int store_replace_def(const vn_paths *p, vn_netobj *o, vn_network *def, vn_err *err)
{
	int r = save_def(p, def, err);

	if (r < 0) {
		net_free(def);
		return r;
	}
	net_free(o->def);
	o->def = def;
	return 0;
}

int store_set_autostart(const vn_paths *p, vn_netobj *o, bool on, vn_err *err)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *name = store_current(o)->name;
	char w[SHELL_WORD_MAX];
	int r;

	if (!o->def)
		return vn_err_set(err, EINVAL,
				  "cannot set autostart for transient network '%s' (define it "
				  "first with: virtnet dumpxml %s | virtnet define -)",
				  name, shell_word(name, w));
	if (state_path_xml(link, sizeof(link), p->autostart, name) < 0 ||
	    snprintf(target, sizeof(target), "../%s.xml", name) >= (int)sizeof(target))
		return vn_err_set(err, ENAMETOOLONG, "path for network '%s' is too long", name);
	r = mkdir_p(p->autostart, 0755);
	if (r < 0)
		return vn_err_set(err, -r, "cannot create %s: %s", p->autostart, strerror(-r));
	if (!on) {
		if (unlink(link) < 0 && errno != ENOENT)
			return vn_err_set(err, errno, "cannot remove autostart link %s: %s", link,
					  strerror(errno));
	} else if (symlink(target, link) < 0 && errno != EEXIST) {
		return vn_err_set(err, errno, "cannot create autostart link %s: %s", link,
				  strerror(errno));
	}
	fsync_parent(link);
	o->autostart = on;
	return 0;
}

int store_undefine(const vn_paths *p, vn_netlist *l, vn_netobj *o, vn_err *err)
{
	char path[PATH_MAX], w[SHELL_WORD_MAX];
	int r;

	if (!o->def)
		return vn_err_set(err, EINVAL,
				  "can't undefine transient network '%s' (destroying it removes "
				  "it: virtnet destroy %s)",
				  store_current(o)->name, shell_word(store_current(o)->name, w));
	r = store_set_autostart(p, o, false, err);
	if (r < 0)
		return r;
	if (state_path_xml(path, sizeof(path), p->networks, o->def->name) < 0)
		return vn_err_set(err, ENAMETOOLONG, "path for network '%s' is too long",
				  o->def->name);
	if (unlink(path) < 0 && errno != ENOENT)
		return vn_err_set(err, errno, "cannot remove %s: %s", path, strerror(errno));
	fsync_parent(path);
	net_free(o->def);
	o->def = NULL;
	if (!o->status) {
		size_t i = (size_t)(o - l->v);
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*o));
		l->n--;
	}
	return 0;
}
