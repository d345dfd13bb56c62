/* net_update.c - net-update's frame: the names, the element read, the section's handler run
 * on a copy, and the copy checked by formatting and parsing it again (libvirt does the same
 * with virNetworkDefCopy) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/net_update_internal.h"
#include "conf/network_xml.h"
#include "conf/xml.h"

int upd_element_is(const upd_ctx *c, const char *name)
{
	if (strcmp((const char *)c->node->name, name) == 0)
		return 0;
	return vn_err_set(c->err, EINVAL,
			  "unexpected element <%s>, expecting <%s>, while updating network '%s'",
			  (const char *)c->node->name, name, c->d->name);
}

bool upd_is_add(const upd_ctx *c)
{
	return c->q->cmd == UPD_ADD_FIRST || c->q->cmd == UPD_ADD_LAST;
}

size_t upd_insert_at(const upd_ctx *c, size_t n)
{
	return c->q->cmd == UPD_ADD_FIRST ? 0 : n;
}

int upd_insert(void *arrp, size_t *n, size_t size, size_t at, const void *elem)
{
	char *v = realloc(*(void **)arrp, (*n + 1) * size);

	if (!v)
		return -ENOMEM;
	memmove(v + (at + 1) * size, v + at * size, (*n - at) * size);
	memcpy(v + at * size, elem, size);
	*(void **)arrp = v;
	(*n)++;
	return 0;
}

void upd_remove(void *arr, size_t *n, size_t size, size_t at)
{
	char *v = arr;

	memmove(v + at * size, v + (at + 1) * size, (*n - at - 1) * size);
	(*n)--;
}

bool upd_same_ip(const vn_addr *a, const vn_addr *b)
{
	return addr_valid(a) && addr_equal(a, b);
}

bool net_dhcp4_active(const vn_network *n)
{
	for (size_t i = 0; i < n->nips; i++)
		if (n->ips[i].address.family == AF_INET && (n->ips[i].nranges || n->ips[i].nhosts))
			return true;
	return false;
}

static int unsupported(upd_ctx *c, const char *what)
{
	return vn_err_set(c->err, EOPNOTSUPP, "can't update '%s' section of network '%s'", what,
			  c->d->name);
}

static int run_section(upd_ctx *c)
{
	switch (c->q->section) {
	case UPD_SEC_BRIDGE: return unsupported(c, "bridge");
	case UPD_SEC_DOMAIN: return unsupported(c, "domain");
	case UPD_SEC_IP: return unsupported(c, "ip");
	case UPD_SEC_FORWARD: return unsupported(c, "forward");
	case UPD_SEC_FORWARD_PF: return unsupported(c, "forward pf");
	case UPD_SEC_IP_DHCP_HOST: return upd_dhcp_host(c);
	case UPD_SEC_IP_DHCP_RANGE: return upd_dhcp_range(c);
	case UPD_SEC_FORWARD_INTERFACE: return upd_forward_interface(c);
	case UPD_SEC_PORTGROUP: return upd_portgroup(c);
	case UPD_SEC_DNS_HOST: return upd_dns_host(c);
	case UPD_SEC_DNS_TXT: return upd_dns_txt(c);
	case UPD_SEC_DNS_SRV: return upd_dns_srv(c);
	default:
		return vn_err_set(c->err, EOPNOTSUPP,
				  "can't update unrecognized section of network");
	}
}

/* A definition through its XML: what a reader of the formatted text gets */
static int reparse(const vn_network *n, unsigned flags, vn_network **out, vn_err *err)
{
	char *xml = net_format(n, flags);
	int r;

	if (!xml)
		return vn_err_set(err, ENOMEM, "out of memory");
	r = net_parse(xml, strlen(xml), n->name, out, err);
	free(xml);
	return r;
}

static int update_copy(vn_network *d, const vn_upd_req *q, vn_err *err)
{
	xmlDocPtr doc = NULL;
	upd_ctx c = { .d = d, .q = q, .err = err };
	int r = xml_read(q->xml, q->len, "network_update_xml", NULL, &doc, err);

	if (r < 0)
		return r;
	c.node = xmlDocGetRootElement(doc);
	if (q->cmd <= UPD_NONE || q->cmd >= UPD__COUNT)
		r = vn_err_set(err, EOPNOTSUPP, "unrecognized network update command code %d",
			       (int)q->cmd);
	else
		r = run_section(&c);
	xmlFreeDoc(doc);
	if (r == -ENOMEM)
		vn_err_set(err, ENOMEM, "out of memory");
	return r;
}

int net_update(const vn_network *n, const vn_upd_req *q, unsigned flags, vn_network **out,
	       vn_err *err)
{
	vn_network *copy = NULL;
	int r = reparse(n, flags, &copy, err);

	*out = NULL;
	if (r == 0)
		r = update_copy(copy, q, err);
	if (r == 0)
		r = reparse(copy, flags, out, err);
	net_free(copy);
	return r;
}
