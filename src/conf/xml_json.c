#include "conf/xml_json.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "conf/xml.h"
#include "util/cleanup.h"
#include "util/str.h"

/* parent/child pairs whose child may repeat, so they are always arrays */
static const char *const repeated[][2] = {
	{ "network", "ip" },        { "network", "route" },   { "network", "portgroup" },
	{ "forward", "interface" }, { "forward", "address" }, { "dhcp", "range" },
	{ "dhcp", "host" },         { "dns", "host" },        { "dns", "forwarder" },
	{ "dns", "txt" },           { "dns", "srv" },         { "host", "hostname" },
	{ "vlan", "tag" },          { "options", "option" },
};

static bool always_array(xmlNodePtr parent, xmlNodePtr child)
{
	for (size_t i = 0; i < ELEMENTSOF(repeated); i++)
		if (streq((const char *)parent->name, repeated[i][0]) &&
		    streq((const char *)child->name, repeated[i][1]))
			return true;
	return false;
}

static void qualified_name(xmlNodePtr n, char *out, size_t len)
{
	if (n->ns && n->ns->prefix)
		snprintf(out, len, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
	else
		snprintf(out, len, "%s", (const char *)n->name);
}

static bool text_only(xmlNodePtr n)
{
	if (n->properties)
		return false;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return false;
	return n->children != NULL;
}

static void element_json(vn_json *j, const char *key, xmlNodePtr n);

static void metadata_json(vn_json *j, xmlNodePtr n)
{
	xmlBufferPtr xb = xmlBufferCreate();
	if (!xb)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next)
		xmlNodeDump(xb, n->doc, c, 0, 0);
	json_str(j, "metadata", (const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
}

static bool seen_before(xmlNodePtr c, const char *name)
{
	char q[256];
	for (xmlNodePtr p = c->parent->children; p != c; p = p->next) {
		qualified_name(p, q, sizeof(q));
		if (p->type == XML_ELEMENT_NODE && streq(q, name))
			return true;
	}
	return false;
}

static bool repeats(xmlNodePtr c, const char *name)
{
	char q[256];
	for (xmlNodePtr p = c->next; p; p = p->next) {
		qualified_name(p, q, sizeof(q));
		if (p->type == XML_ELEMENT_NODE && streq(q, name))
			return true;
	}
	return false;
}

static void children_json(vn_json *j, xmlNodePtr n)
{
	char name[256];

	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		qualified_name(c, name, sizeof(name));
		if (streq(name, "metadata")) {
			metadata_json(j, c);
			continue;
		}
		if (!always_array(n, c) && !repeats(c, name) && !seen_before(c, name)) {
			element_json(j, name, c);
			continue;
		}
		if (seen_before(c, name))
			continue;
		json_begin_array(j, name);
		for (xmlNodePtr s = c; s; s = s->next) {
			char q[256];
			qualified_name(s, q, sizeof(q));
			if (s->type == XML_ELEMENT_NODE && streq(q, name))
				element_json(j, NULL, s);
		}
		json_end_array(j);
	}
}

static void element_json(vn_json *j, const char *key, xmlNodePtr n)
{
	if (text_only(n)) {
		_cleanup_free_ char *t = (char *)xmlNodeGetContent(n);
		json_str(j, key, t);
		return;
	}
	json_begin_object(j, key);
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		_cleanup_free_ char *v = (char *)xmlNodeGetContent((xmlNodePtr)a);
		json_str(j, (const char *)a->name, v);
	}
	children_json(j, n);
	json_end_object(j);
}

int xml_to_json(vn_json *j, const char *key, const char *xml, vn_err *err)
{
	xmlDocPtr doc = NULL;
	int r = xml_read(xml, strlen(xml), "(generated XML)", NULL, &doc, err);

	if (r < 0)
		return r;
	element_json(j, key, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return 0;
}
