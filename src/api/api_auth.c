/* api_auth.c - who may change things, from the peer's credentials */
#include <grp.h>
#include <pwd.h>
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

/* The admin group's gid: the one virtnetd found at start, else one made since */
static bool admin_gid(const vn_api *a, gid_t *out)
{
	struct group gr, *g = NULL;
	char buf[4096];

	if (a->have_admin_gid) {
		*out = a->admin_gid;
		return true;
	}
	if (getgrnam_r(a->admin_group, &gr, buf, sizeof(buf), &g) != 0 || !g)
		return false;
	*out = g->gr_gid;
	return true;
}

/* The peer's user name, for the command that adds it to the group */
static const char *user_name(uid_t uid, char *buf, size_t len)
{
	struct passwd pw, *p = NULL;

	if (getpwuid_r(uid, &pw, buf, len, &p) != 0 || !p)
		return "USER";
	return p->pw_name;
}

bool api_may_change(const vn_api *a, const vn_api_peer *peer, char *why, size_t len)
{
	char buf[4096];
	gid_t g;
	bool have;

	if (peer->uid == 0)   /* before the group: its lookup may cost a walk of NSS */
		return true;
	have = admin_gid(a, &g);
	if (have && in_group(peer, g))
		return true;
	if (have)
		snprintf(why, len,
			 "user %u may only read: changes need root or membership of virtnetd's "
			 "group '%s' (join it with: sudo usermod -aG %s %s, then log in again; "
			 "or use sudo)",
			 (unsigned)peer->uid, a->admin_group, a->admin_group,
			 user_name(peer->uid, buf, sizeof(buf)));
	else
		snprintf(why, len,
			 "user %u may only read: changes need root, or membership of "
			 "virtnetd's group '%s', which does not exist (create it with: sudo "
			 "groupadd --system %s, then join it; or use sudo)",
			 (unsigned)peer->uid, a->admin_group, a->admin_group);
	return false;
}
