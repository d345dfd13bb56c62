/* sv_events.c - from the kernel's notifications to repairs that are due
 *
 * Only what can mean damage counts: a bridge of ours deleted, downed or losing an address,
 * a link deleted (it may be a guest's port), a port of ours off its bridge, and a transaction of another process that
 * deleted or flushed anything of our nftables table. Our own repairs are recognised by the
 * transaction's pid and do not count. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "supervise/sv_internal.h"

/* A port of a running network taken off its bridge (by name: the last pass's ports) */
static bool port_unplugged(vn_sv *sv, const vn_nlev *ev)
{
	for (size_t i = 0; i < sv->nseen; i++) {
		const sv_seen *s = &sv->seen[i];
		sv_net *n = s->active ? sv_net_by_name(sv, s->name) : NULL;
		if (!n || !n->bridge)
			continue;
		for (size_t k = 0; k < s->ports.n; k++)
			if (strcmp(s->ports.v[k], ev->ifname) == 0)
				return ev->master != n->bridge;
	}
	return false;
}

static void on_link(vn_sv *sv, const vn_nlev *ev)
{
	sv_net *n = sv_net_by_bridge(sv, ev->ifindex);

	if (ev->type == NLEV_LINK_GONE || (ev->type == NLEV_LINK && port_unplugged(sv, ev)))
		sv_due(&sv->ports_due, SV_SETTLE_MS);
	if (n && (ev->type != NLEV_LINK || !ev->up))
		sv_due(&n->due_ms, SV_SETTLE_MS);
}

static void rtnl_event(void *data, const vn_nlev *ev)
{
	vn_sv *sv = data;
	sv_net *n;

	switch (ev->type) {
	case NLEV_LINK:
	case NLEV_LINK_GONE:
		on_link(sv, ev);
		break;
	case NLEV_ADDR_GONE:
		n = sv_net_by_bridge(sv, ev->ifindex);
		if (n)
			sv_due(&n->due_ms, SV_SETTLE_MS);
		break;
	case NLEV_OVERRUN:
		for (size_t i = 0; i < sv->nnets; i++)
			sv_due(&sv->nets[i].due_ms, SV_SETTLE_MS);
		sv_due(&sv->ports_due, SV_SETTLE_MS);
		break;
	default:
		break;
	}
}

static void nft_event(void *data, const vn_nlev *ev)
{
	vn_sv *sv = data;

	if (ev->type == NLEV_NFT_DEL && strcmp(ev->table, sv->s.table) == 0)
		sv->nft_touched = true;
	if (ev->type == NLEV_NFT_GEN && sv->nft_touched && ev->pid != getpid())
		sv_due(&sv->fw_due, SV_SETTLE_MS);
	if (ev->type == NLEV_NFT_GEN)
		sv->nft_touched = false;
	if (ev->type == NLEV_OVERRUN)
		sv_due(&sv->fw_due, SV_SETTLE_MS);
}

int sv_on_rtnl(vn_sv *sv)
{
	return nlwatch_read(sv->rtnl, rtnl_event, sv);
}

int sv_on_nft(vn_sv *sv)
{
	return nlwatch_read(sv->nft, nft_event, sv);
}

/* A journal written, renamed into place or removed: a command changed a network. */
int sv_on_inotify(vn_sv *sv)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	do
		n = read(sv->ino, buf, sizeof(buf));
	while (n > 0);
	if (n < 0 && errno != EAGAIN)
		return -errno;
	sv_due(&sv->refresh_due, SV_SETTLE_MS);
	return 0;
}
