#include "kernel/tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int tap_fail(int fd, const char *name, const char *what, vn_err *err)
{
	int e = errno;
	close(fd);
	return vn_err_set(err, e, "cannot create tap %s: %s: %s%s", name, what, strerror(e),
			  e == EBUSY || e == EEXIST ? "; pick another name" : "");
}

int tap_create(const vn_tap_opts *o, char name_out[16], int *fd_out, vn_err *err)
{
	struct ifreq ifr = {0};
	int fd;

	if (!o->name || strlen(o->name) >= IFNAMSIZ)
		return vn_err_set(err, EINVAL,
				  "cannot create tap '%s': names are 1 to %d characters",
				  o->name ? o->name : "", IFNAMSIZ - 1);
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return vn_err_set(err, errno,
				  "cannot open /dev/net/tun: %s (is the tun module available?)",
				  strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", o->name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (o->vnet_hdr ? IFF_VNET_HDR : 0) |
			(o->excl ? IFF_TUN_EXCL : 0);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		return tap_fail(fd, o->name, "TUNSETIFF", err);
	if (o->set_owner && ioctl(fd, TUNSETOWNER, (unsigned long)o->owner) < 0)
		return tap_fail(fd, ifr.ifr_name, "TUNSETOWNER", err);
	if (o->set_group && ioctl(fd, TUNSETGROUP, (unsigned long)o->group) < 0)
		return tap_fail(fd, ifr.ifr_name, "TUNSETGROUP", err);
	if (o->persist && ioctl(fd, TUNSETPERSIST, 1UL) < 0)
		return tap_fail(fd, ifr.ifr_name, "TUNSETPERSIST", err);
	snprintf(name_out, 16, "%s", ifr.ifr_name);
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	return 0;
}
