/* session.c - open and close a kernel session (netlink, libnftables, our table's name) */
#include "kernel/session.h"

#include <errno.h>
#include <stdlib.h>

#include "firewall/firewall.h"
#include "kernel/netlink.h"
#include "types/vtype.h"

int session_table(const char **out, vn_err *err)
{
	const char *t = getenv("VIRTNET_NFT_TABLE");

	*out = t && *t ? t : FW_DEFAULT_TABLE;
	if (vt_check(VT_NFT_NAME, *out, err, "VIRTNET_NFT_TABLE") < 0)
		return -EINVAL;
	return 0;
}

int session_open(vn_session *s, vn_err *err)
{
	int rc;

	*s = (vn_session){0};
	rc = session_table(&s->table, err);
	if (rc < 0)
		return rc;
	s->fw = fw_open(s->table);
	if (!s->fw)
		return vn_err_set(err, ENOMEM, "cannot create an nftables context");
	rc = nl_open(&s->nl, err);
	if (rc < 0)
		session_close(s);
	return rc;
}

void session_close(vn_session *s)
{
	nl_close(s->nl);
	fw_close(s->fw);   /* last: the kernel's clean-up of our transactions had time to finish */
	s->nl = NULL;
	s->fw = NULL;
}
