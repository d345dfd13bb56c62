/* sv_events.c - from the kernel's notifications to repairs that are due, each naming what
 * it concerns
 *
 * Only what can mean damage counts: a bridge of ours deleted, downed or losing an address
 * (that network's bridge), a link deleted or a port of ours off its bridge (the port of that
 * name, if there is one), and a transaction of another process that deleted or flushed
 * anything of our nftables table (the firewall, of every network). Our own repairs are
 * recognised by the transaction's pid and do not count. */
#include <string.h>
#include <unistd.h>

#include "net/network.h"
#include "supervise/sv_internal.h"

/* A port of a running network taken off its bridge (by name: the ports of the records) */
static bool port_unplugged(vn_sv *sv, const vn_nlev *ev)
{
	const sv_port *p = sv_port_by_name(sv, ev->ifname);
	sv_net *n = p ? sv_net_by_name(sv, p->network) : NULL;

	return n && n->bridge && ev->master != n->bridge;
}

/* The ports of these devices are looked at: one gone may have been a guest's */
static void port_due(vn_sv *sv, const char *ifname)
{
	strs_add(&sv->ports_named, ifname);
	sv_due(&sv->ports_due, SV_SETTLE_MS);
}

static void on_link(vn_sv *sv, const vn_nlev *ev)
{
	sv_net *n = sv_net_by_bridge(sv, ev->ifindex);

	if (ev->type == NLEV_LINK_GONE || (ev->type == NLEV_LINK && port_unplugged(sv, ev)))
		port_due(sv, ev->ifname);
	if (n && (ev->type != NLEV_LINK || !ev->up))
		sv_net_due(n, NET_CHECK_BRIDGE, SV_SETTLE_MS);
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
			sv_net_due(n, NET_CHECK_BRIDGE, SV_SETTLE_MS);
		break;
	case NLEV_OVERRUN:
		for (size_t i = 0; i < sv->nnets; i++)
			sv_net_due(&sv->nets[i], NET_CHECK_ALL, SV_SETTLE_MS);
		sv->ports_all = true;
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
