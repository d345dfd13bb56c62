/* bridge_info.c - bridges, their ports and forwarding database as brctl shows them, read
 * through rtnetlink: one RTM_GETLINK for the bridge, one dump of its ports (IFLA_MASTER),
 * one RTM_GETNEIGH dump for its forwarding database */
#include "brctl/bridge_info.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <linux/neighbour.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/str.h"

/* The kernel's dev_valid_name(), checked first so a path or an empty name gets a clear
 * message (brctl, reading sysfs, refuses them too). */
static bool ifname_valid(const char *s)
{
	if (!s[0] || strlen(s) >= IF_NAMESIZE || streq(s, ".") || streq(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return false;
	return true;
}

static void id_copy(vn_br_id *id, const uint8_t raw[8])
{
	memcpy(id->prio, raw, sizeof(id->prio));
	memcpy(id->addr, raw + sizeof(id->prio), sizeof(id->addr));
}

/* A clock_t timer as brctl reads the sysfs number into an int. */
static int ticks(uint64_t v)
{
	return v > INT_MAX ? INT_MAX : (int)v;
}

static void port_fill(vn_br_port *p, const vn_nl_brport_attrs *a)
{
	p->port_no = a->port_no;
	p->port_id = a->port_id;
	p->state = a->state;
	p->path_cost = (int)a->cost;   /* sysfs prints the u32 with %d: the same narrowing */
	id_copy(&p->designated_root, a->designated_root);
	id_copy(&p->designated_bridge, a->designated_bridge);
	p->designated_port = a->designated_port;
	p->designated_cost = a->designated_cost;
	p->change_ack = a->topology_change_ack;
	p->config_pending = a->config_pending;
	p->hairpin_mode = a->hairpin;
	p->message_age_timer = ticks(a->message_age_timer);
	p->forward_delay_timer = ticks(a->forward_delay_timer);
	p->hold_timer = ticks(a->hold_timer);
}

static void bridge_fill(vn_bridge *b, const vn_nl_bridge_attrs *a)
{
	id_copy(&b->id, a->bridge_id);
	id_copy(&b->root_id, a->root_id);
	b->stp_state = (int)a->stp_state;
	b->root_port = a->root_port;
	b->root_path_cost = (int)a->root_path_cost;
	b->topology_change = a->topology_change;
	b->topology_change_detected = a->topology_change_detected;
	b->max_age = (int)a->max_age;
	b->hello_time = (int)a->hello_time;
	b->forward_delay = (int)a->forward_delay;
	b->ageing_time = (int)a->ageing_time;
	b->hello_timer = ticks(a->hello_timer);
	b->tcn_timer = ticks(a->tcn_timer);
	b->topology_change_timer = ticks(a->topology_change_timer);
	b->gc_timer = ticks(a->gc_timer);
}

/* brctl lists brif/ with scandir(alphasort): strcmp order in the C locale */
static int port_by_name(const void *a, const void *b)
{
	return strcmp(((const vn_br_port *)a)->name, ((const vn_br_port *)b)->name);
}

static int bridge_by_name(const void *a, const void *b)
{
	return strcmp(((const vn_bridge *)a)->name, ((const vn_bridge *)b)->name);
}

/* The bridge's name and room for its count ports: 0 or -ENOMEM. */
static int bridge_alloc(vn_bridge *out, const char *name, size_t count)
{
	out->name = strdup(name);
	if (!out->name)
		return -ENOMEM;
	if (count == 0)
		return 0;
	out->ports = calloc(count, sizeof(*out->ports));
	return out->ports ? 0 : -ENOMEM;
}

int bridge_from_links(const vn_nl_brlink *br, const vn_nl_brlink *links, size_t n, vn_bridge *out)
{
	size_t count = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		count += links[i].master == br->ifindex && links[i].ifindex != br->ifindex;
	if (bridge_alloc(out, br->name, count) < 0) {
		bridge_clear(out);
		return -ENOMEM;
	}
	bridge_fill(out, &br->br);
	for (size_t i = 0; i < n; i++) {
		if (links[i].master != br->ifindex || links[i].ifindex == br->ifindex)
			continue;
		vn_br_port *p = &out->ports[out->nports];
		p->name = strdup(links[i].name);
		if (!p->name) {
			bridge_clear(out);
			return -ENOMEM;
		}
		out->nports++;
		port_fill(p, &links[i].port);
	}
	if (out->nports)
		qsort(out->ports, out->nports, sizeof(*out->ports), port_by_name);
	return 0;
}

/* The bridge named: its link, checked to be a bridge. */
static int bridge_link(vn_nl *nl, const char *name, vn_nl_brlink *out, vn_err *err)
{
	int r;

	if (!ifname_valid(name))
		return vn_err_set(err, EINVAL,
				  "'%s' is not a valid bridge name (1 to %d characters, no '/', "
				  "':' or spaces)",
				  name, IF_NAMESIZE - 1);
	r = nl_brlink_get(nl, name, out, err);
	if (r == -ENODEV)
		return vn_err_set(err, ENODEV,
				  "bridge '%s' not found (list them with: virtnet bridge show)", name);
	if (r < 0)
		return r;
	if (!out->is_bridge)
		return vn_err_set(err, ENOTDIR, "interface '%s' is not a bridge", name);
	return 0;
}

int bridge_read(vn_nl *nl, const char *name, vn_bridge *out, vn_err *err)
{
	_cleanup_free_ vn_nl_brlink *ports = NULL;
	vn_nl_brlink br;
	size_t n = 0;
	int r;

	memset(out, 0, sizeof(*out));
	r = bridge_link(nl, name, &br, err);
	if (r < 0)
		return r;
	r = nl_brlink_dump(nl, br.ifindex, &ports, &n, err);
	if (r < 0)
		return r;
	r = bridge_from_links(&br, ports, n, out);
	if (r < 0)
		return vn_err_set(err, -r, "out of memory reading bridge '%s'", name);
	return 0;
}

int bridge_read_all(vn_nl *nl, vn_bridge **out, size_t *n, vn_err *err)
{
	_cleanup_free_ vn_nl_brlink *links = NULL;
	vn_bridge *v = NULL;
	size_t nlinks = 0, count = 0, k = 0;
	int r;

	*out = NULL;
	*n = 0;
	r = nl_brlink_dump(nl, 0, &links, &nlinks, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < nlinks; i++)
		count += links[i].is_bridge;
	if (count) {
		v = calloc(count, sizeof(*v));
		if (!v)
			return vn_err_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < nlinks; i++) {
		if (!links[i].is_bridge)
			continue;
		if (bridge_from_links(&links[i], links, nlinks, &v[k]) < 0) {
			bridge_list_free(v, k);
			return vn_err_set(err, ENOMEM, "out of memory");
		}
		k++;
	}
	if (k)
		qsort(v, k, sizeof(*v), bridge_by_name);
	*out = v;
	*n = k;
	return 0;
}

void bridge_clear(vn_bridge *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nports; i++)
		free(b->ports[i].name);
	free(b->ports);
	free(b->name);
	memset(b, 0, sizeof(*b));
}

void bridge_list_free(vn_bridge *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		bridge_clear(&v[i]);
	free(v);
}

static const vn_nl_brlink *port_by_index(const vn_nl_brlink *ports, size_t n, int ifindex)
{
	for (size_t i = 0; i < n; i++)
		if (ports[i].ifindex == ifindex)
			return &ports[i];
	return NULL;
}

/* One kernel entry as brforward (br_fdb_fillbuf) gives it; false for those it leaves out. */
static bool fdb_entry(const vn_nl_brlink *br, const vn_nl_brlink *ports, size_t nports,
		      const vn_nl_fdb *f, vn_fdb_entry *e)
{
	const vn_nl_brlink *p;

	if (f->master != br->ifindex || (f->flags & NTF_SELF) || f->ifindex == br->ifindex)
		return false;   /* not this bridge's, a device's own address list, or no port */
	if (f->state & NUD_STALE)
		return false;   /* expired, not yet collected */
	p = port_by_index(ports, nports, f->ifindex);
	if (!p)
		return false;   /* a port that joined after the port list was read */
	memcpy(e->mac, f->mac, sizeof(e->mac));
	e->port_no = p->port.port_no;
	e->is_local = (f->state & NUD_PERMANENT) != 0;
	e->ageing_timer = (f->state & (NUD_PERMANENT | NUD_NOARP)) ? 0 : f->updated;
	return true;
}

int bridge_fdb_from_nl(const vn_nl_brlink *br, const vn_nl_brlink *ports, size_t nports,
		       const vn_nl_fdb *v, size_t n, vn_fdb_entry **out, size_t *count)
{
	vn_fdb_entry *e = n ? calloc(n, sizeof(*e)) : NULL;
	size_t k = 0;

	*out = NULL;
	*count = 0;
	if (n && !e)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		k += fdb_entry(br, ports, nports, &v[i], &e[k]);
	*out = e;
	*count = k;
	return 0;
}

int bridge_read_fdb(vn_nl *nl, const char *name, vn_fdb_entry **out, size_t *n, vn_err *err)
{
	_cleanup_free_ vn_nl_brlink *ports = NULL;
	_cleanup_free_ vn_nl_fdb *fdb = NULL;
	vn_nl_brlink br;
	size_t nports = 0, nfdb = 0;
	int r;

	*out = NULL;
	*n = 0;
	/* entries first, then the ports: a port listed is then at least as new as its entries */
	r = bridge_link(nl, name, &br, err);
	if (r < 0)
		return r;
	r = nl_fdb_dump(nl, br.ifindex, &fdb, &nfdb, err);
	if (r < 0)
		return r;
	r = nl_brlink_dump(nl, br.ifindex, &ports, &nports, err);
	if (r < 0)
		return r;
	if (bridge_fdb_from_nl(&br, ports, nports, fdb, nfdb, out, n) < 0)
		return vn_err_set(err, ENOMEM,
				  "out of memory reading the forwarding database of bridge '%s'",
				  name);
	return 0;
}
