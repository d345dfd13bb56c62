/* sv_snapshot.c - what changed since the last pass, whoever changed it: networks defined,
 * undefined, started, stopped; leases that came and went; ports added and removed. A pass
 * compares what it loaded with what the one before saw and tells each difference as an
 * event (the first pass only looks). After the first, only the networks whose records a
 * command touched are looked at again: a pass costs what changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnsmasq/dnsmasq_leases.h"
#include "supervise/sv_internal.h"

static void load_leases(vn_sv *sv, const vn_network *live, sv_strs *out)
{
	vn_lease *v = NULL;
	size_t k = 0;
	char line[128];

	if (dnsmasq_leases(&sv->paths, live, NULL, &v, &k, NULL) < 0)
		return;
	for (size_t i = 0; i < k; i++) {
		snprintf(line, sizeof(line), "%s %s", v[i].mac[0] ? v[i].mac : "-", v[i].ip);
		strs_add(out, line);
	}
	free(v);
}

static void load_ports(const vn_sv *sv, const char *network, sv_strs *out)
{
	for (size_t i = 0; i < sv->nports; i++)
		if (strcmp(sv->ports[i].network, network) == 0)
			strs_add(out, sv->ports[i].ifname);
}

static void seen_of(vn_sv *sv, const vn_netobj *o, sv_seen *s)
{
	const vn_network *n = store_current(o);

	*s = (sv_seen){ .defined = o->def != NULL, .active = o->live != NULL };
	snprintf(s->name, sizeof(s->name), "%s", n->name);
	if (o->live)
		load_leases(sv, o->live, &s->leases);
	load_ports(sv, n->name, &s->ports);
}

/* Each of now's strings that was not there before: one event */
static void tell_new(vn_sv *sv, const char *net, const sv_strs *before, const sv_strs *now,
		     const char *type, const char *what)
{
	for (size_t i = 0; i < now->n; i++)
		if (!strs_has(before, now->v[i]))
			sv_event(sv, type, net, "Network %s: %s %s", net, what, now->v[i]);
}

static void tell(vn_sv *sv, const sv_seen *was, const sv_seen *is)
{
	static const sv_seen none;
	const char *net = is ? is->name : was->name;

	was = was ? was : &none;
	is = is ? is : &none;
	if (was->defined != is->defined)
		sv_event(sv, is->defined ? "defined" : "undefined", net, "Network %s %s", net,
			 is->defined ? "defined" : "undefined");
	if (was->active != is->active)
		sv_event(sv, is->active ? "started" : "stopped", net, "Network %s %s", net,
			 is->active ? "started" : "stopped");
	tell_new(sv, net, &was->leases, &is->leases, "lease-added", "lease");
	tell_new(sv, net, &is->leases, &was->leases, "lease-expired", "lease gone:");
	tell_new(sv, net, &was->ports, &is->ports, "port-added", "port");
	tell_new(sv, net, &is->ports, &was->ports, "port-removed", "port removed:");
}

static sv_seen *find(sv_seen *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void seen_clear(sv_seen *s)
{
	strs_free(&s->leases);
	strs_free(&s->ports);
}

static void seen_free(sv_seen *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		seen_clear(&v[i]);
	free(v);
}

/* Every network looked at again (the first pass, or after lost notifications) */
static void look_at_all(vn_sv *sv, const vn_netlist *l)
{
	sv_seen *now = calloc(l->n + 1, sizeof(*now));

	if (!now)
		return;
	for (size_t i = 0; i < l->n; i++)
		seen_of(sv, &l->v[i], &now[i]);
	for (size_t i = 0; sv->snapped && i < l->n; i++)
		tell(sv, find(sv->seen, sv->nseen, now[i].name), &now[i]);
	for (size_t i = 0; sv->snapped && i < sv->nseen; i++)
		if (!find(now, l->n, sv->seen[i].name))
			tell(sv, &sv->seen[i], NULL);
	seen_free(sv->seen, sv->nseen);
	sv->seen = now;
	sv->nseen = l->n;
	sv->snapped = true;
}

static const vn_netobj *entry(const vn_netlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(store_current(&l->v[i])->name, name) == 0)
			return &l->v[i];
	return NULL;
}

static sv_seen *seen_add(vn_sv *sv, const char *name)
{
	sv_seen *v = realloc(sv->seen, (sv->nseen + 1) * sizeof(*v));

	if (!v)
		return NULL;
	sv->seen = v;
	v += sv->nseen++;
	*v = (sv_seen){0};
	snprintf(v->name, sizeof(v->name), "%s", name);
	return v;
}

/* One network looked at again: its differences told, what it is now kept */
static void look_again(vn_sv *sv, const vn_netlist *l, const char *name)
{
	const vn_netobj *o = entry(l, name);
	sv_seen *was = find(sv->seen, sv->nseen, name), is;

	if (o)
		seen_of(sv, o, &is);
	if (o || was)
		tell(sv, was, o ? &is : NULL);
	if (!o && was) {
		seen_clear(was);
		*was = sv->seen[--sv->nseen];
		return;
	}
	if (o && !was)
		was = seen_add(sv, name);
	if (!was) {
		if (o)
			seen_clear(&is);
		return;
	}
	seen_clear(was);
	*was = is;
}

void sv_snapshot(vn_sv *sv, const vn_netlist *l, const sv_strs *touched)
{
	if (!touched || !sv->snapped) {
		look_at_all(sv, l);
		return;
	}
	for (size_t i = 0; i < touched->n; i++)
		look_again(sv, l, touched->v[i]);
}

void sv_snapshot_free(vn_sv *sv)
{
	seen_free(sv->seen, sv->nseen);
	sv->seen = NULL;
	sv->nseen = 0;
}

void sv_changed(vn_sv *sv, const char *type, const char *network)
{
	sv_seen *s = find(sv->seen, sv->nseen, network);
	bool added = strcmp(type, "defined") == 0 || strcmp(type, "started") == 0;

	if (!s && added)
		s = seen_add(sv, network);
	if (!s)
		return;
	if (strcmp(type, "started") == 0)
		s->defined = true;   /* the API starts only defined networks */
	if (strcmp(type, "defined") == 0 || strcmp(type, "undefined") == 0)
		s->defined = type[0] == 'd';
	if (strcmp(type, "started") == 0 || strcmp(type, "stopped") == 0)
		s->active = strcmp(type, "started") == 0;
}
