/* api_rows_parse.c - list and dhcp-leases rows from virtnetd's JSON (jansson), typed like
 * any input */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "api/api_rows.h"
#include "types/vtype.h"

/* A string member checked as type t (or absent/null when optional). */
static int member(json_t *o, const char *key, vn_vtype t, bool optional, char **out, vn_err *err)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	*out = NULL;
	if ((!v || json_is_null(v)) && optional)
		return 0;
	if (!s)
		return vn_err_set(err, EPROTO, "virtnetd's answer: '%s' is not a string", key);
	if (t != VT__COUNT && vt_check(t, s, err, "virtnetd's answer: '%s'", key) < 0)
		return -EPROTO;
	*out = strdup(s);
	return *out ? 0 : vn_err_set(err, ENOMEM, "out of memory");
}

static int row_from(json_t *o, vn_net_row *r, vn_err *err)
{
	char *uuid = NULL, *state = NULL;
	uint8_t u[16];
	int rc = member(o, "name", VT_FILE_NAME, false, &r->name, err);

	if (rc == 0)
		rc = member(o, "bridge", VT_IFNAME, true, &r->bridge, err);
	if (rc == 0)
		rc = member(o, "title", VT__COUNT, true, &r->title, err);
	if (rc == 0)
		rc = member(o, "uuid", VT__COUNT, false, &uuid, err);
	if (rc == 0)
		rc = member(o, "state", VT__COUNT, false, &state, err);
	if (rc == 0 &&
	    (uuid_parse(uuid, u) < 0 || !json_is_boolean(json_object_get(o, "autostart")) ||
	     !json_is_boolean(json_object_get(o, "persistent"))))
		rc = vn_err_set(err, EPROTO, "virtnetd's answer: a network without its uuid, "
				"autostart or persistent");
	if (rc == 0) {
		uuid_format(u, r->uuid);
		r->active = strcmp(state, "active") == 0;
		r->autostart = json_is_true(json_object_get(o, "autostart"));
		r->persistent = json_is_true(json_object_get(o, "persistent"));
	}
	free(uuid);
	free(state);
	return rc;
}

int net_rows_from_json(const char *text, vn_net_rows *out, vn_err *err)
{
	json_t *a = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	int rc = 0;

	*out = (vn_net_rows){0};
	if (!json_is_array(a)) {
		json_decref(a);
		return vn_err_set(err, EPROTO, "virtnetd's answer is not a list of networks");
	}
	out->v = calloc(json_array_size(a) + 1, sizeof(vn_net_row));
	if (!out->v)
		rc = vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < json_array_size(a); i++, out->n++)
		rc = row_from(json_array_get(a, i), &out->v[i], err);
	json_decref(a);
	if (rc < 0) {
		out->n++;   /* the row that failed half-way is freed too */
		net_rows_free(out);
	}
	return rc;
}

/* A string member copied into buf ("" when absent or null), at most len - 1 bytes. */
static int text(json_t *o, const char *key, char *buf, size_t len, vn_err *err)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	buf[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (!s || strlen(s) >= len || strpbrk(s, "\n\r\t"))
		return vn_err_set(err, EPROTO, "virtnetd's answer: a lease's '%s' is not valid",
				  key);
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static int lease_from(json_t *o, vn_lease_row *r, vn_err *err)
{
	vn_lease *v = &r->lease;
	json_t *exp = json_object_get(o, "expiry"), *prefix = json_object_get(o, "prefix");
	const char *proto = json_string_value(json_object_get(o, "protocol"));
	vn_addr a;
	int rc = text(o, "mac", v->mac, sizeof(v->mac), err);

	if (rc == 0)
		rc = text(o, "ip", v->ip, sizeof(v->ip), err);
	if (rc == 0)
		rc = text(o, "hostname", v->hostname, sizeof(v->hostname), err);
	if (rc == 0)
		rc = text(o, "clientid", v->clientid, sizeof(v->clientid), err);
	if (rc < 0)
		return rc;
	rc = addr_parse(v->ip, AF_UNSPEC, &a);
	if (rc < 0 || !json_is_integer(exp) || !json_is_integer(prefix) ||
	    json_integer_value(prefix) < 0 || json_integer_value(prefix) > 128 || !proto)
		return vn_err_set(err, EPROTO, "virtnetd's answer: a lease without its expiry, "
				  "prefix, protocol or address");
	v->expiry = (time_t)json_integer_value(exp);
	v->family = strcmp(proto, "ipv4") == 0 ? AF_INET : AF_INET6;
	r->prefix = (int)json_integer_value(prefix);
	return 0;
}

int lease_rows_from_json(const char *text_in, vn_lease_row **out, size_t *n, vn_err *err)
{
	json_t *a = json_loads(text_in, JSON_REJECT_DUPLICATES, NULL);
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!json_is_array(a)) {
		json_decref(a);
		return vn_err_set(err, EPROTO, "virtnetd's answer is not a list of leases");
	}
	*out = calloc(json_array_size(a) + 1, sizeof(**out));
	if (!*out)
		rc = vn_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < json_array_size(a); i++) {
		rc = lease_from(json_array_get(a, i), &(*out)[i], err);
		*n = i + 1;
	}
	json_decref(a);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
