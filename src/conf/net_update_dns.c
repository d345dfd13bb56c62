/* net_update_dns.c - net-update of dns-host, dns-txt and dns-srv: added or deleted, never
 * modified; libvirt's matching (a host by address, or by a name when deleting; a TXT record
 * by name; an SRV record by every field given) */
#include <errno.h>
#include <string.h>

#include "conf/net_update_internal.h"
#include "conf/parse_internal.h"

static int not_modified(upd_ctx *c, const char *what)
{
	return vn_err_set(c->err, EOPNOTSUPP,
			  "DNS %s records cannot be modified, only added or deleted", what);
}

static bool names_meet(const vn_dns_host *a, const vn_dns_host *b)
{
	for (size_t j = 0; j < a->nnames; j++)
		for (size_t k = 0; k < b->nnames; k++)
			if (strcmp(a->names[j], b->names[k]) == 0)
				return true;
	return false;
}

/* How many records match h (adding: by address only, as several may share a name); the
 * last one's index */
static size_t dns_host_count(const vn_dns_def *dns, const vn_dns_host *h, bool add, size_t *at)
{
	size_t found = 0;

	for (size_t i = 0; i < dns->nhosts; i++)
		if (upd_same_ip(&h->ip, &dns->hosts[i].ip) || (!add && names_meet(h, &dns->hosts[i]))) {
			found++;
			*at = i;
		}
	return found;
}

static int dns_host_apply(upd_ctx *c, vn_dns_host *h)
{
	vn_dns_def *dns = &c->d->dns;
	size_t at = 0, found = dns_host_count(dns, h, upd_is_add(c), &at);

	if (upd_is_add(c) && found)
		return vn_err_set(c->err, EEXIST,
				  "there is already at least one DNS HOST record with a matching "
				  "field in network %s",
				  c->d->name);
	if (upd_is_add(c)) {
		if (upd_insert(&dns->hosts, &dns->nhosts, sizeof(*h), upd_insert_at(c, dns->nhosts),
			       h) < 0)
			return -ENOMEM;
		*h = (vn_dns_host){0};
		return 0;
	}
	if (found != 1)
		return vn_err_set(c->err, found ? EEXIST : EINVAL,
				  found ? "multiple matching DNS HOST records were found in network %s"
					: "couldn't locate a matching DNS HOST record in network %s",
				  c->d->name);
	dns_host_clear(&dns->hosts[at]);
	upd_remove(dns->hosts, &dns->nhosts, sizeof(*h), at);
	return 0;
}

int upd_dns_host(upd_ctx *c)
{
	vn_dns_host h = {0};
	int r;

	if (c->q->cmd == UPD_MODIFY)
		return not_modified(c, "HOST");
	r = upd_element_is(c, "host");
	if (r == 0)
		r = dns_host_parse(c->d->name, c->node, &h, !upd_is_add(c), c->err);
	if (r == 0)
		r = dns_host_apply(c, &h);
	dns_host_clear(&h);
	return r;
}

static size_t txt_find(const vn_dns_def *dns, const vn_dns_txt *t)
{
	size_t i = 0;

	while (i < dns->ntxts && strcmp(t->name, dns->txts[i].name) != 0)
		i++;
	return i;
}

static int txt_apply(upd_ctx *c, vn_dns_txt *t)
{
	vn_dns_def *dns = &c->d->dns;
	size_t i = txt_find(dns, t);

	if (upd_is_add(c) && i < dns->ntxts)
		return vn_err_set(c->err, EEXIST,
				  "there is already a DNS TXT record with name '%s' in network %s",
				  t->name, c->d->name);
	if (upd_is_add(c)) {
		if (upd_insert(&dns->txts, &dns->ntxts, sizeof(*t), upd_insert_at(c, dns->ntxts),
			       t) < 0)
			return -ENOMEM;
		*t = (vn_dns_txt){0};
		return 0;
	}
	if (i == dns->ntxts)
		return vn_err_set(c->err, EINVAL,
				  "couldn't locate a matching DNS TXT record in network %s",
				  c->d->name);
	dns_txt_clear(&dns->txts[i]);
	upd_remove(dns->txts, &dns->ntxts, sizeof(*t), i);
	return 0;
}

int upd_dns_txt(upd_ctx *c)
{
	vn_dns_txt t = {0};
	int r;

	if (c->q->cmd == UPD_MODIFY)
		return not_modified(c, "TXT");
	r = upd_element_is(c, "txt");
	if (r == 0)
		r = dns_txt_parse(c->d->name, c->node, &t, !upd_is_add(c), c->err);
	if (r == 0)
		r = txt_apply(c, &t);
	dns_txt_clear(&t);
	return r;
}

/* A field given must be there and the same; one not given matches anything */
static bool field_fits(const char *given, const char *have)
{
	return !given || (have && strcmp(given, have) == 0);
}

static size_t srv_count(const vn_dns_def *dns, const vn_dns_srv *s, size_t *at)
{
	size_t found = 0;

	for (size_t i = 0; i < dns->nsrvs; i++) {
		const vn_dns_srv *o = &dns->srvs[i];
		if (field_fits(s->domain, o->domain) && field_fits(s->service, o->service) &&
		    field_fits(s->protocol, o->protocol) && field_fits(s->target, o->target)) {
			found++;
			*at = i;
		}
	}
	return found;
}

static int srv_apply(upd_ctx *c, vn_dns_srv *s)
{
	vn_dns_def *dns = &c->d->dns;
	size_t at = 0, found = srv_count(dns, s, &at);

	if (upd_is_add(c) && found)
		return vn_err_set(c->err, EEXIST,
				  "there is already at least one DNS SRV record matching all "
				  "specified fields in network %s",
				  c->d->name);
	if (upd_is_add(c)) {
		if (upd_insert(&dns->srvs, &dns->nsrvs, sizeof(*s), upd_insert_at(c, dns->nsrvs),
			       s) < 0)
			return -ENOMEM;
		*s = (vn_dns_srv){0};
		return 0;
	}
	if (found != 1)
		return vn_err_set(c->err, found ? EEXIST : EINVAL,
				  found ? "multiple DNS SRV records matching all specified fields "
					  "were found in network %s"
					: "couldn't locate a matching DNS SRV record in network %s",
				  c->d->name);
	dns_srv_clear(&dns->srvs[at]);
	upd_remove(dns->srvs, &dns->nsrvs, sizeof(*s), at);
	return 0;
}

int upd_dns_srv(upd_ctx *c)
{
	vn_dns_srv s = {0};
	int r;

	if (c->q->cmd == UPD_MODIFY)
		return not_modified(c, "SRV");
	r = upd_element_is(c, "srv");
	if (r == 0)
		r = dns_srv_parse(c->d->name, c->node, &s, !upd_is_add(c), c->err);
	if (r == 0)
		r = srv_apply(c, &s);
	dns_srv_clear(&s);
	return r;
}
