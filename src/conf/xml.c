#include "conf/xml.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/str.h"

char *xml_prop(xmlNodePtr node, const char *name)
{
	return node ? (char *)xmlGetNoNsProp(node, BAD_CAST name) : NULL;
}

char *xml_prop_nonempty(xmlNodePtr node, const char *name)
{
	char *v = xml_prop(node, name);
	if (v && !*v) {
		xmlFree(v);
		return NULL;
	}
	return v;
}

char *xml_text_nonempty(xmlNodePtr node)
{
	char *v = node ? (char *)xmlNodeGetContent(node) : NULL;
	if (v && !*v) {
		xmlFree(v);
		return NULL;
	}
	return v;
}

static bool is_plain_element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !n->ns && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr xml_child(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next)
		if (is_plain_element(c, name))
			return c;
	return NULL;
}

int xml_children(xmlNodePtr node, const char *name, xmlNodePtr **out)
{
	int n = 0;
	xmlNodePtr *v = NULL;

	for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next) {
		if (!is_plain_element(c, name))
			continue;
		xmlNodePtr *nv = realloc(v, sizeof(*v) * (size_t)(n + 1));
		if (!nv) {
			free(v);
			return -ENOMEM;
		}
		v = nv;
		v[n++] = c;
	}
	*out = v;
	return n;
}

static int bad_value(xmlNodePtr node, const char *name, const char *v, const char *expect,
		     vn_err *err)
{
	int rc = vn_err_set(err, EINVAL,
			    "Invalid value for attribute '%s' in element '%s': '%s'.%s%s", name,
			    (const char *)node->name, v, expect ? " " : "", expect ? expect : "");

	if (err)
		err->line = (int)xmlGetLineNo(node);
	return rc;
}

int xml_prop_enum(xmlNodePtr node, const char *name, int (*from)(const char *), bool nonzero,
		  int *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(node, name);

	if (!v)
		return 0;
	int r = from(v);
	if (r < 0 || (nonzero && r == 0))
		return bad_value(node, name, v, NULL, err);
	*out = r;
	return 1;
}

int xml_prop_tristate(xmlNodePtr node, const char *name, vn_tristate *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(node, name);

	*out = TRI_ABSENT;
	if (!v)
		return 0;
	int t = tristate_from_string(v);
	if (t < 0)
		return bad_value(node, name, v, "Expected 'yes' or 'no'", err);
	*out = (vn_tristate)t;
	return 1;
}

int xml_prop_uint(xmlNodePtr node, const char *name, int base, bool nonzero, unsigned *out,
		  vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(node, name);

	if (!v)
		return 0;
	if (str_to_uint(v, base, out) < 0)
		return bad_value(node, name, v, "Expected non-negative integer value", err);
	if (nonzero && *out == 0)
		return vn_err_set(err, EINVAL,
				  "Invalid value for attribute '%s' in element '%s': Zero is not "
				  "permitted",
				  name, (const char *)node->name);
	return 1;
}

int xml_prop_ull(xmlNodePtr node, const char *name, unsigned long long *out, vn_err *err)
{
	_cleanup_free_ char *v = xml_prop(node, name);

	if (!v)
		return 0;
	if (str_to_ull(v, 10, out) < 0)
		return bad_value(node, name, v, "Expected non-negative integer value", err);
	return 1;
}

struct first_error {
	int line;
	char msg[512];
};

/* libxml2 reports every error; the first one is the useful one. */
static void keep_first_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct first_error *fe = ctxt ? ctxt->_private : NULL;

	if (!fe || fe->msg[0] || !e || !e->message || e->level < XML_ERR_ERROR)
		return;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message);
}

static int parse_error(xmlParserCtxtPtr ctxt, const struct first_error *fe, const char *what,
		       vn_err *err)
{
	const xmlError *e = xmlCtxtGetLastError(ctxt);
	char msg[512] = "unknown error";
	int line = e ? e->line : 0;

	if (fe->msg[0]) {
		snprintf(msg, sizeof(msg), "%s", fe->msg);
		line = fe->line;
	} else if (e && e->message) {
		snprintf(msg, sizeof(msg), "%s", e->message);
	}
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (line > 0) {
		vn_err_set(err, EINVAL, "malformed XML in %s at line %d: %s", what, line, msg);
		if (err)
			err->line = line;
		return -EINVAL;
	}
	return vn_err_set(err, EINVAL, "malformed XML in %s: %s", what, msg);
}

int xml_read(const char *data, size_t len, const char *what, const char *root, xmlDocPtr *out,
	     vn_err *err)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	struct first_error fe = {0};
	xmlDocPtr doc;
	int r = 0;

	if (!ctxt)
		return vn_err_set(err, ENOMEM, "out of memory parsing %s", what);
	ctxt->_private = &fe;
	ctxt->sax->serror = keep_first_error;
	if (len > (size_t)INT32_MAX) {
		xmlFreeParserCtxt(ctxt);
		return vn_err_set(err, EFBIG, "%s is too large to be a network definition", what);
	}
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
					XML_PARSE_NOWARNING);
	if (!doc)
		r = parse_error(ctxt, &fe, what, err);
	else if (doc->intSubset || doc->extSubset)
		r = vn_err_set(err, EINVAL,
			       "%s: a DOCTYPE is not allowed in a network definition; remove it",
			       what);
	else if (!xmlDocGetRootElement(doc))
		r = vn_err_set(err, EINVAL, "%s: missing root element", what);
	else if (root && strcmp((const char *)xmlDocGetRootElement(doc)->name, root) != 0)
		r = vn_err_set(err, EINVAL, "%s: expecting root element of '%s', not '%s'", what,
			       root, (const char *)xmlDocGetRootElement(doc)->name);
	xmlFreeParserCtxt(ctxt);
	if (r < 0) {
		if (doc)
			xmlFreeDoc(doc);
		return r;
	}
	*out = doc;
	return 0;
}
