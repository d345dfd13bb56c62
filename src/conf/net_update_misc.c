/* net_update_misc.c - net-update of forward-interface (added or deleted; never one guests
 * use) and portgroup (by name; at most one default) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/net_update_internal.h"
#include "conf/netdev_xml.h"
#include "conf/xml.h"
#include "util/cleanup.h"

static size_t fwd_if_find(const vn_forward *f, const char *dev)
{
	size_t i = 0;

	while (i < f->nifs && !(f->ifs[i].type == FWDIF_NETDEV && f->ifs[i].dev &&
				strcmp(f->ifs[i].dev, dev) == 0))
		i++;
	return i;
}

static unsigned dev_users(const upd_ctx *c, const vn_fwd_if *fi)
{
	return c->q->dev_users ? c->q->dev_users(fi->dev, c->q->ctx) : fi->connections;
}

static int fwd_if_delete(upd_ctx *c, vn_forward *f, size_t i, const char *dev)
{
	unsigned users;

	if (i == f->nifs)
		return vn_err_set(c->err, EINVAL,
				  "couldn't find an interface entry in network '%s' matching "
				  "<interface dev='%s'>",
				  c->d->name, dev);
	users = dev_users(c, &f->ifs[i]);
	if (users > 0)
		return vn_err_set(c->err, EBUSY,
				  "unable to delete interface '%s' in network '%s'. It is currently "
				  "being used by %u domains.",
				  dev, c->d->name, users);
	free(f->ifs[i].dev);
	upd_remove(f->ifs, &f->nifs, sizeof(*f->ifs), i);
	return 0;
}

int upd_forward_interface(upd_ctx *c)
{
	vn_forward *f = &c->d->forward;
	_cleanup_free_ char *dev = NULL;
	vn_fwd_if fi = { .type = FWDIF_NETDEV };
	size_t i;
	int r = upd_element_is(c, "interface");

	if (r < 0)
		return r;
	if (c->q->cmd == UPD_MODIFY)
		return vn_err_set(c->err, EOPNOTSUPP,
				  "forward interface entries cannot be modified, only added or "
				  "deleted");
	dev = xml_prop(c->node, "dev");
	if (!dev)
		return vn_err_set(c->err, EINVAL, "missing dev attribute in <interface> element");
	i = fwd_if_find(f, dev);
	if (c->q->cmd == UPD_DELETE)
		return fwd_if_delete(c, f, i, dev);
	if (i < f->nifs)
		return vn_err_set(c->err, EEXIST,
				  "there is an existing interface entry in network '%s' that matches "
				  "\"<interface dev='%s'>\"",
				  c->d->name, dev);
	fi.dev = dev;
	if (upd_insert(&f->ifs, &f->nifs, sizeof(fi), upd_insert_at(c, f->nifs), &fi) < 0)
		return -ENOMEM;
	dev = NULL;   /* the list has it */
	return 0;
}

typedef struct pg_found {
	int name, dflt;   /* the index of the one of that name, of the default; -1: none */
} pg_found;

static pg_found pg_find(const vn_network *d, const char *name)
{
	pg_found f = { -1, -1 };

	for (size_t i = 0; i < d->nportgroups; i++) {
		if (strcmp(d->portgroups[i].name, name) == 0)
			f.name = (int)i;
		if (d->portgroups[i].is_default)
			f.dflt = (int)i;
	}
	return f;
}

static int pg_check(upd_ctx *c, const vn_portgroup *pg, pg_found f)
{
	if (f.name < 0 && !upd_is_add(c))
		return vn_err_set(c->err, EINVAL,
				  "couldn't find a portgroup entry in network '%s' matching "
				  "<portgroup name='%s'>",
				  c->d->name, pg->name);
	if (f.name >= 0 && upd_is_add(c))
		return vn_err_set(c->err, EEXIST,
				  "there is an existing portgroup entry in network '%s' that matches "
				  "\"<portgroup name='%s'>\"",
				  c->d->name, pg->name);
	if (c->q->cmd != UPD_DELETE && pg->is_default && f.dflt >= 0 && f.dflt != f.name)
		return vn_err_set(c->err, EINVAL,
				  "a different portgroup entry in network '%s' is already set as the "
				  "default. Only one default is allowed.",
				  c->d->name);
	return 0;
}

static int pg_apply(upd_ctx *c, vn_portgroup *pg, pg_found f)
{
	vn_network *d = c->d;

	if (c->q->cmd == UPD_MODIFY) {
		portgroup_clear(&d->portgroups[f.name]);
		d->portgroups[f.name] = *pg;
	} else if (c->q->cmd == UPD_DELETE) {
		portgroup_clear(&d->portgroups[f.name]);
		upd_remove(d->portgroups, &d->nportgroups, sizeof(*pg), (size_t)f.name);
		return 0;
	} else if (upd_insert(&d->portgroups, &d->nportgroups, sizeof(*pg),
			      upd_insert_at(c, d->nportgroups), pg) < 0) {
		return -ENOMEM;
	}
	*pg = (vn_portgroup){0};
	return 0;
}

int upd_portgroup(upd_ctx *c)
{
	vn_portgroup pg = {0};
	pg_found f;
	int r = upd_element_is(c, "portgroup");

	if (r == 0)
		r = portgroup_parse(c->node, &pg, c->err);
	if (r == 0) {
		f = pg_find(c->d, pg.name);
		r = pg_check(c, &pg, f);
	}
	if (r == 0)
		r = pg_apply(c, &pg, f);
	portgroup_clear(&pg);
	return r;
}
