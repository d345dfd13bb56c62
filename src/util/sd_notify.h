/* sd_notify.h - tell the service manager we are ready ($NOTIFY_SOCKET, systemd's protocol:
 * one datagram on a unix socket); nothing when it is not set */
#pragma once

/* 0, also when there is no service manager to tell; -errno when sending failed. */
int notify_ready(void);
