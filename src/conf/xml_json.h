/* xml_json.h - JSON rendering of canonical XML (network, port) for --json output */
#pragma once
#include "util/err.h"
#include "util/json.h"

/* Render an XML document as a JSON value under `key` (NULL at top level).
 * Attributes become string members, repeatable elements become arrays,
 * text-only elements become strings, <metadata> stays XML text. */
int xml_to_json(vn_json *j, const char *key, const char *xml, vn_err *err);
