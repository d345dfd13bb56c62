/* api_draft.c - GET /v1/draft's query: the create form's fields (api.h) */
#include <errno.h>

#include "api/api.h"

static const char *const draft_keys[DRAFT_QUERY_FIELDS] = {
	"name", "ipv4", "dhcp-start", "dhcp-end", "forward", "dev", "ipv6", "domain",
};

int api_draft_query(const char *query, vn_draft_query *q, vn_draft *d, vn_err *err)
{
	const char *f[DRAFT_QUERY_FIELDS];

	for (int i = 0; i < DRAFT_QUERY_FIELDS; i++) {
		f[i] = api_query(query, draft_keys[i], q->v[i], sizeof(q->v[i]));
		if (!f[i] && api_query_has(query, draft_keys[i]))
			return vn_err_set(err, EINVAL, "the form's field %s is longer than %zu "
					  "bytes, or not of a query's form", draft_keys[i],
					  sizeof(q->v[i]) - 1);
	}
	*d = (vn_draft){ .name = f[0], .ipv4 = f[1], .dhcp_start = f[2], .dhcp_end = f[3],
			 .forward = f[4], .dev = f[5], .ipv6 = f[6], .domain = f[7] };
	return 0;
}
