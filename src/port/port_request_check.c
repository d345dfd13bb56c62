/* port_request_check.c - what port-create can refuse before anything is locked or loaded;
 * the thin CLI checks it too, so nothing here touches the store or the host */
#include <errno.h>

#include "port/port_request.h"

int port_request_check(const vn_port_request *q, vn_err *err)
{
	if (q->count < 1)
		return vn_err_set(err, EINVAL, "--count must be at least 1");
	if (q->count == 1)
		return 0;
	if (q->file || q->doc || q->name || q->mac || q->ip || q->domid >= 0 || q->netns ||
	    q->peer)
		return vn_err_set(err, EINVAL,
				  "--count makes ports that differ only in their generated names "
				  "and MACs: not with FILE, --name, --mac, --ip, --domid, --netns "
				  "or --peer-name");
	return 0;
}
