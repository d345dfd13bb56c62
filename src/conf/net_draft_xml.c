/* net_draft_xml.c - the network of a checked draft: a document built with libxml2's tree
 * (which writes every value as XML text), read back by net_parse as define reads one */
#include <errno.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/check_define.h"
#include "conf/net_draft.h"
#include "conf/network_xml.h"

static bool given(const char *s)
{
	return s && *s;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

static void prop(xmlNodePtr node, const char *name, const char *value)
{
	xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

/* <ip address=BRIDGE prefix=P> with the bridge's address: the one given, or the first */
static xmlNodePtr ip_element(xmlNodePtr root, const char *given_text, const vn_addr *net,
			     int prefix)
{
	char a[VN_ADDR_STRLEN], p[8];
	vn_addr given_addr, gw;
	char text[VN_ADDR_STRLEN + 8];
	xmlNodePtr ip = child(root, "ip");

	snprintf(text, sizeof(text), "%s", given_text);
	*strchr(text, '/') = '\0';
	addr_parse(text, net->family, &given_addr);
	gw = given_addr;
	if (addr_equal(&given_addr, net))
		gw.u.bytes[addr_bits(net) / 8 - 1] |= 1;
	if (net->family == AF_INET6)
		prop(ip, "family", "ipv6");
	prop(ip, "address", addr_format(&gw, a));
	snprintf(p, sizeof(p), "%d", prefix);
	prop(ip, "prefix", p);
	return ip;
}

static xmlDocPtr build(const vn_draft *d, const vn_draft_check *c)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"network"), fwd, x;
	const char *mode = given(d->forward) ? d->forward : "nat";

	xmlDocSetRootElement(doc, root);
	xmlNewTextChild(root, NULL, (const xmlChar *)"name", (const xmlChar *)d->name);
	if (strcmp(mode, "none") != 0) {
		fwd = child(root, "forward");
		prop(fwd, "mode", mode);
		if (given(d->dev))
			prop(fwd, "dev", d->dev);
	}
	if (given(d->domain)) {
		x = child(root, "domain");
		prop(x, "name", d->domain);
		prop(x, "localOnly", "yes");
	}
	if (given(d->ipv4)) {
		x = ip_element(root, d->ipv4, &c->v4net, c->v4prefix);
		if (given(d->dhcp_start)) {
			x = child(child(x, "dhcp"), "range");
			prop(x, "start", d->dhcp_start);
			prop(x, "end", d->dhcp_end);
		}
	}
	if (given(d->ipv6))
		ip_element(root, d->ipv6, &c->v6net, c->v6prefix);
	return doc;
}

int draft_network(const vn_draft *d, const vn_draft_check *c, vn_network **out, vn_err *err)
{
	xmlDocPtr doc;
	xmlChar *text = NULL;
	int len = 0, rc;

	if (!draft_ok(c))
		return vn_err_set(err, EINVAL, "the form has errors; correct the fields named");
	doc = build(d, c);
	xmlDocDumpMemory(doc, &text, &len);
	xmlFreeDoc(doc);
	if (!text)
		return vn_err_set(err, ENOMEM, "out of memory");
	rc = net_parse((const char *)text, (size_t)len, "the new network", out, err);
	xmlFree(text);
	if (rc == 0 && (rc = net_check_define(*out, err)) < 0) {
		net_free(*out);
		*out = NULL;
	}
	return rc;
}
