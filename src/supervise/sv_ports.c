/* sv_ports.c - the port records the supervisor keeps between passes: a vector with two hash
 * indexes beside it (by device name, by UUID), so that a link event or a port record written
 * costs the same with 1000 ports as with one (each port-create brings about eight link
 * events). Open addressing, linear probing, at most half full; a port that goes takes the
 * vector's last entry into its place, and the indexes are built again (ports go one at a
 * time, rarely while many come). Without memory for an index, lookups walk the vector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port/port.h"
#include "port/port_direct.h"
#include "supervise/sv_internal.h"

typedef const char *(*key_of)(const sv_port *p);

static const char *name_of(const sv_port *p)
{
	return p->ifname;
}

static const char *uuid_of(const sv_port *p)
{
	return p->uuid;
}

/* The slot holding key, or the empty slot where it would go */
static size_t slot_of(const vn_sv *sv, const uint32_t *idx, key_of key, const char *k)
{
	size_t mask = sv->port_cap - 1, i = sv_hash(k) & mask;

	while (idx[i] && strcmp(key(&sv->ports[idx[i] - 1]), k) != 0)
		i = (i + 1) & mask;
	return i;
}

static void index_one(vn_sv *sv, size_t pos)
{
	sv->by_name[slot_of(sv, sv->by_name, name_of, sv->ports[pos].ifname)] = (uint32_t)pos + 1;
	sv->by_uuid[slot_of(sv, sv->by_uuid, uuid_of, sv->ports[pos].uuid)] = (uint32_t)pos + 1;
}

static void index_drop(vn_sv *sv)
{
	free(sv->by_name);
	free(sv->by_uuid);
	sv->by_name = sv->by_uuid = NULL;
	sv->port_cap = 0;
}

/* Both indexes built again with cap slots (a power of two above twice the ports) */
static void index_all(vn_sv *sv, size_t cap)
{
	index_drop(sv);
	sv->by_name = calloc(cap, sizeof(*sv->by_name));
	sv->by_uuid = calloc(cap, sizeof(*sv->by_uuid));
	if (!sv->by_name || !sv->by_uuid) {
		index_drop(sv);
		return;
	}
	sv->port_cap = cap;
	for (size_t i = 0; i < sv->nports; i++)
		index_one(sv, i);
}

static const sv_port *find(const vn_sv *sv, const uint32_t *idx, key_of key, const char *k)
{
	if (!sv->port_cap) {
		for (size_t i = 0; i < sv->nports; i++)
			if (strcmp(key(&sv->ports[i]), k) == 0)
				return &sv->ports[i];
		return NULL;
	}
	uint32_t at = idx[slot_of(sv, idx, key, k)];
	return at ? &sv->ports[at - 1] : NULL;
}

const sv_port *sv_port_by_name(const vn_sv *sv, const char *ifname)
{
	return find(sv, sv->by_name, name_of, ifname);
}

void sv_ports_add(vn_sv *sv, const struct vn_port *p)
{
	sv_port *v = realloc(sv->ports, (sv->nports + 1) * sizeof(*v)), *s;

	if (!v)
		return;
	sv->ports = v;
	s = &v[sv->nports];
	*s = (sv_port){ .network = strdup(p->network), .netns = port_in_netns(p) };
	if (!s->network)
		return;
	uuid_format(p->uuid, s->uuid);
	snprintf(s->ifname, sizeof(s->ifname), "%s", p->ifname);
	sv->nports++;
	if (2 * sv->nports > sv->port_cap)
		index_all(sv, sv->port_cap ? 2 * sv->port_cap : 16);
	else
		index_one(sv, sv->nports - 1);
}

char *sv_ports_forget(vn_sv *sv, const char *uuid)
{
	const sv_port *p = find(sv, sv->by_uuid, uuid_of, uuid);
	char *network;

	if (!p)
		return NULL;
	network = p->network;
	sv->ports[p - sv->ports] = sv->ports[--sv->nports];
	if (sv->port_cap)
		index_all(sv, sv->port_cap);
	return network;
}

void sv_ports_clear(vn_sv *sv)
{
	for (size_t i = 0; i < sv->nports; i++)
		free(sv->ports[i].network);
	free(sv->ports);
	sv->ports = NULL;
	sv->nports = 0;
	index_drop(sv);
}
