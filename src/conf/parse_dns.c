/* parse_dns.c - <dns>: forwarders, txt, host and srv records */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/parse_internal.h"
#include "conf/xml.h"
#include "types/vtype.h"
#include "util/cleanup.h"
#include "util/str.h"

#define DNS_SRV_MAX_LEN (512 - 30)   /* RFC 2782: record limit minus overhead */
/* "." is excluded: it separates the fields of an SRV name and cannot be escaped. */
#define PROTOCOL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+/"
#define SERVICE_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/*"

static int forwarder_parse(const char *net, xmlNodePtr node, vn_dns_forwarder *f, vn_err *err)
{
	_cleanup_free_ char *addr = xml_prop(node, "addr");

	if (addr && addr_parse(addr, 0, &f->addr) < 0)
		return vn_err_set(err, EINVAL, "Invalid forwarder IP address '%s' in network '%s'",
				  addr, net);
	f->domain = xml_prop(node, "domain");
	if (vt_check(VT_DNS_NAME, f->domain, err, "network '%s': <forwarder domain>", net) < 0)
		return -EINVAL;
	if (!addr && !f->domain)
		return vn_err_set(err, EINVAL,
				  "Invalid forwarder element in network '%s', must contain at "
				  "least one of addr or domain",
				  net);
	return 0;
}

static int hostname_parse(const char *net, xmlNodePtr node, char **name, vn_err *err)
{
	*name = (char *)xmlNodeGetContent(node);
	if (!*name)
		return -ENOMEM;
	if (**name == '\0')
		return vn_err_set(err, EINVAL, "Missing hostname in network '%s' DNS HOST record",
				  net);
	return 0;
}

int dns_host_parse(const char *net, xmlNodePtr node, vn_dns_host *h, bool partial, vn_err *err)
{
	_cleanup_free_ char *ip = xml_prop(node, "ip");
	int r;

	r = PARSE_CHILDREN(node, "hostname", h->names, h->nnames, sizeof(char *),
			   hostname_parse(net, _node, _elem, err));
	if (r < 0)
		return r;
	if (h->nnames == 0 && !partial)
		return vn_err_set(err, EINVAL, "Missing hostname in network '%s' DNS HOST record",
				  net);
	for (size_t i = 0; i < h->nnames; i++)
		if (vt_check(VT_HOST_NAME, h->names[i], err, "network '%s': DNS <hostname>",
			     net) < 0)
			return -EINVAL;
	if (!ip && !partial)
		return vn_err_set(err, EINVAL, "Missing IP address in network '%s' DNS HOST record",
				  net);
	if (!ip && h->nnames == 0)
		return vn_err_set(err, EINVAL,
				  "Missing ip and hostname in network '%s' DNS HOST record", net);
	if (ip && addr_parse(ip, 0, &h->ip) < 0)
		return vn_err_set(err, EINVAL, "Invalid IP address in network '%s' DNS HOST record",
				  net);
	return 0;
}

/* A name that may be absent (a partial record), as libvirt's messages print it */
static const char *or_null(const char *s)
{
	return s ? s : "(null)";
}

/* port/priority/weight: libvirt treats an empty value as absent and requires a target. */
static int srv_number(const char *net, const vn_dns_srv *s, xmlNodePtr node, const char *attr,
		      unsigned min, unsigned *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop_nonempty(node, attr);

	if (!v)
		return 0;
	if (!s->target)
		return vn_err_set(err, EINVAL,
				  "DNS SRV %s attribute not permitted without target for service "
				  "'%s' in network '%s'",
				  attr, or_null(s->service), net);
	if (str_to_uint(v, 10, out) < 0 || *out < min || *out > 65535)
		return vn_err_set(err, EINVAL,
				  "invalid DNS SRV %s attribute for service '%s' in network '%s'",
				  attr, or_null(s->service), net);
	return 0;
}

static int srv_service_parse(const char *net, xmlNodePtr node, vn_dns_srv *s, bool partial,
			     vn_err *err)
{
	s->service = xml_prop(node, "service");
	if (!s->service && partial)
		return 0;
	if (!s->service)
		return vn_err_set(err, EINVAL,
				  "missing required service attribute in DNS SRV record of network "
				  "'%s'",
				  net);
	if (strlen(s->service) > DNS_SRV_MAX_LEN)
		return vn_err_set(err, EINVAL,
				  "service attribute '%s' in network '%s' is too long, limit is %d "
				  "bytes",
				  s->service, net, DNS_SRV_MAX_LEN);
	if (strspn(s->service, SERVICE_CHARS) < strlen(s->service))
		return vn_err_set(err, EINVAL,
				  "invalid character in service attribute '%s' in DNS SRV record "
				  "of network '%s'",
				  s->service, net);
	if (vt_check(VT_SRV_SERVICE, s->service, err, "network '%s': <srv service>", net) < 0)
		return -EINVAL;
	return 0;
}

static int srv_protocol_parse(const char *net, xmlNodePtr node, vn_dns_srv *s, bool partial,
			      vn_err *err)
{
	s->protocol = xml_prop(node, "protocol");
	if (!s->protocol && partial)
		return 0;
	if (!s->protocol)
		return vn_err_set(err, EINVAL,
				  "missing required protocol attribute in DNS SRV record '%s' of "
				  "network '%s'",
				  or_null(s->service), net);
	if (strspn(s->protocol, PROTOCOL_CHARS) < strlen(s->protocol))
		return vn_err_set(err, EINVAL,
				  "invalid character in protocol attribute '%s' in DNS SRV record "
				  "of network '%s'",
				  s->protocol, net);
	if (vt_check(VT_SRV_PROTOCOL, s->protocol, err, "network '%s': <srv protocol>", net) < 0)
		return -EINVAL;
	return 0;
}

int dns_srv_parse(const char *net, xmlNodePtr node, vn_dns_srv *s, bool partial, vn_err *err)
{
	int r = srv_service_parse(net, node, s, partial, err);

	if (r == 0)
		r = srv_protocol_parse(net, node, s, partial, err);
	if (r < 0)
		return r;
	s->domain = xml_prop(node, "domain");
	s->target = xml_prop(node, "target");
	if (vt_check(VT_DNS_NAME, s->domain, err, "network '%s': <srv domain>", net) < 0)
		return -EINVAL;
	if (!streq(s->target, ".") &&
	    vt_check(VT_DNS_NAME, s->target, err, "network '%s': <srv target>", net) < 0)
		return -EINVAL;
	if (srv_number(net, s, node, "port", 1, &s->port, err) < 0)
		return -EINVAL;
	if (srv_number(net, s, node, "priority", 0, &s->priority, err) < 0)
		return -EINVAL;
	if (srv_number(net, s, node, "weight", 0, &s->weight, err) < 0)
		return -EINVAL;
	return 0;
}

int dns_txt_parse(const char *net, xmlNodePtr node, vn_dns_txt *t, bool partial, vn_err *err)
{
	t->name = xml_prop(node, "name");
	if (!t->name)
		return vn_err_set(err, EINVAL,
				  "missing required name attribute in DNS TXT record of network %s",
				  net);
	if (strcspn(t->name, " ,") != strlen(t->name))
		return vn_err_set(err, EINVAL,
				  "prohibited character in DNS TXT record name '%s' of network %s",
				  t->name, net);
	if (vt_check(VT_DNS_NAME, t->name, err, "network '%s': <txt name>", net) < 0)
		return -EINVAL;
	t->value = xml_prop(node, "value");
	if (!t->value && !partial)
		return vn_err_set(err, EINVAL,
				  "missing required value attribute in DNS TXT record named '%s' "
				  "of network %s",
				  t->name, net);
	if (t->value && vt_check(VT_TXT, t->value, err, "network '%s': <txt value>", net) < 0)
		return -EINVAL;
	return 0;
}

int dns_parse(const char *net, xmlNodePtr node, vn_dns_def *d, vn_err *err)
{
	int r;

	r = xml_prop_tristate(node, "enable", &d->enable, err);
	if (r < 0)
		return r;
	r = xml_prop_tristate(node, "forwardPlainNames", &d->forward_plain_names, err);
	if (r < 0)
		return r;
	r = PARSE_CHILDREN(node, "forwarder", d->forwarders, d->nforwarders,
			   sizeof(vn_dns_forwarder), forwarder_parse(net, _node, _elem, err));
	if (r == 0)
		r = PARSE_CHILDREN(node, "host", d->hosts, d->nhosts, sizeof(vn_dns_host),
				   dns_host_parse(net, _node, _elem, false, err));
	if (r == 0)
		r = PARSE_CHILDREN(node, "srv", d->srvs, d->nsrvs, sizeof(vn_dns_srv),
				   dns_srv_parse(net, _node, _elem, false, err));
	if (r == 0)
		r = PARSE_CHILDREN(node, "txt", d->txts, d->ntxts, sizeof(vn_dns_txt),
				   dns_txt_parse(net, _node, _elem, false, err));
	if (r < 0)
		return r;
	if (d->enable == TRI_NO && (d->nforwarders || d->nhosts || d->nsrvs || d->ntxts))
		return vn_err_set(err, EINVAL,
				  "Extra data in disabled network '%s': <dns enable='no'> must not "
				  "contain forwarders or records",
				  net);
	return 0;
}
