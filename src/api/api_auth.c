/* api_auth.c - who may change things, from the peer's credentials */
#include <stdio.h>

#include "api/api.h"

static bool in_group(const vn_api_peer *p, gid_t g)
{
	if (p->gid == g)
		return true;
	for (size_t i = 0; i < p->ngroups; i++)
		if (p->groups[i] == g)
			return true;
	return false;
}

bool api_may_change(const vn_api *a, const vn_api_peer *peer, char *why, size_t len)
{
	if (peer->uid == 0)
		return true;
	if (a->have_admin_gid && in_group(peer, a->admin_gid))
		return true;
	if (a->have_admin_gid)
		snprintf(why, len,
			 "user %u may only read: changes need root or membership of group "
			 "'%s' (virtnetd --group)",
			 (unsigned)peer->uid, a->admin_group);
	else
		snprintf(why, len,
			 "user %u may only read: changes need root (group '%s', which "
			 "would allow its members, does not exist)",
			 (unsigned)peer->uid, a->admin_group);
	return false;
}
