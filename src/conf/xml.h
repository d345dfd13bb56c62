/* xml.h - small libxml2 helpers with libvirt-compatible attribute semantics */
#pragma once
#include <libxml/tree.h>
#include <stdbool.h>

#include "conf/net_def.h"
#include "util/err.h"

/* Attribute as written (may be ""), or NULL when absent. Caller frees. */
char *xml_prop(xmlNodePtr node, const char *name);
/* Attribute, NULL when absent or empty (libvirt's XPath string() semantics). */
char *xml_prop_nonempty(xmlNodePtr node, const char *name);
/* Text content of an element, NULL when empty. */
char *xml_text_nonempty(xmlNodePtr node);
/* First child element with this name and no namespace. */
xmlNodePtr xml_child(xmlNodePtr node, const char *name);
/* All such children; returns count (array in *out, caller frees) or -ENOMEM. */
int xml_children(xmlNodePtr node, const char *name, xmlNodePtr **out);

/* Typed attributes: 1 present, 0 absent, negative errno with err set on bad values. */
int xml_prop_tristate(xmlNodePtr node, const char *name, vn_tristate *out, vn_err *err);
int xml_prop_uint(xmlNodePtr node, const char *name, int base, bool nonzero, unsigned *out,
		  vn_err *err);
int xml_prop_ull(xmlNodePtr node, const char *name, unsigned long long *out, vn_err *err);
int xml_prop_enum(xmlNodePtr node, const char *name, int (*from)(const char *), bool nonzero,
		  int *out, vn_err *err);

/* Parse a document from memory: no network, no DTD, errors with line numbers.
 * `what` names the input in messages (a file name or "(input)"). */
int xml_read(const char *data, size_t len, const char *what, const char *root, xmlDocPtr *out,
	     vn_err *err);
