/* vtype.h - typed values: every string that leaves the model for another language
 * (dnsmasq configuration and hosts files, nft text, file paths, sysctl names) has one of
 * these types, checked where it is read (XML, CLI option, environment, xenstore, ACL file,
 * our own records) and again by the renderer that writes it. One implementation per type.
 *
 * The rules are allow-lists: what a type accepts can be carried by every language it is
 * written into without escaping (there is no escaping anywhere in virtnet). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

typedef enum {
	VT_IFNAME,           /* a network interface: 1-15 bytes of A-Z a-z 0-9 _ . - @ +, not "."
			      * or ".." */
	VT_IFNAME_TEMPLATE,  /* VT_IFNAME, or such a name with one "%d" (libvirt's bridge name
			      * template) */
	VT_DNS_NAME,         /* a domain name: dot-separated labels of 1-63 bytes of A-Z a-z 0-9
			      * _ -, at most 253 bytes, one trailing dot allowed */
	VT_HOST_NAME,        /* a host name (RFC 1123, and dnsmasq's rule): VT_DNS_NAME starting
			      * with a letter or digit, no trailing dot */
	VT_TXT,              /* a DNS TXT string: at most 255 bytes, no control character, '"',
			      * '\\' or ',', no '#' after a space, no space at either end */
	VT_ABS_PATH,         /* an absolute file path for dnsmasq: '/' then at most 1000 bytes in
			      * all, no control character, '"', '\\' or ',', no '#' after a
			      * space, no space at the end */
	VT_BOOT_FILE,        /* a DHCP boot file name or URL: 1-255 bytes, no control character,
			      * space, '"', '\\' or ',' */
	VT_DUID,             /* a DHCPv6 client id: 1-389 bytes of hex digits and ':' */
	VT_FILE_NAME,        /* one path component: 1-255 bytes, no '/', no control character,
			      * not "." or ".." */
	VT_SYSCTL,           /* a sysctl below /proc/sys: '/'-separated components of A-Z a-z 0-9
			      * _ . - @ +, never "." or "..", at most 255 bytes, not absolute */
	VT_NFT_NAME,         /* an nft table name of ours: 1-48 bytes of A-Z a-z 0-9 _, starting
			      * with a letter */
	VT_DNSMASQ_OPTION,   /* one <dnsmasq:option> line: 1-1000 bytes without a control
			      * character */
	VT_SRV_SERVICE,      /* an SRV service (libvirt's rule): 1-482 bytes of A-Z a-z 0-9 _ - +
			      * / * */
	VT_SRV_PROTOCOL,     /* an SRV protocol (libvirt's rule): 1-482 bytes of A-Z a-z 0-9 - +
			      * / */
	VT_SYSCTL_VALUE,     /* what we write to a sysctl: 1-63 bytes of A-Z a-z 0-9 _ . : - and
			      * space */
	VT_USER_NAME,        /* a user or group name: 1-32 bytes of A-Z a-z 0-9 _ . -, not
			      * starting with '-' */
	VT__COUNT
} vn_vtype;

/* Whether s (not NULL) is a value of type t. */
bool vt_ok(vn_vtype t, const char *s);
/* The rule of type t, as a user reads it ("at most 15 bytes of ..."). */
const char *vt_rule(vn_vtype t);
/* A short noun for type t ("an interface name"). */
const char *vt_noun(vn_vtype t);
/* 0 if s is a value of type t (or NULL), else -EINVAL with an error naming what (printf
 * format: the element and its network), the value (shortened, control characters shown
 * as \xNN) and the rule. */
int vt_check(vn_vtype t, const char *s, vn_err *err, const char *what_fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A printable, shortened copy of s for messages: at most 40 bytes of s, non-printable
 * bytes as \xNN, "..." when cut. */
void vt_shorten(const char *s, char out[200]);

/* Pieces the rules are made of, for renderers that check a whole target line. */
bool vt_ifname_char(unsigned char c);
/* dnsmasq reads its configuration (and dhcp-hostsfile) in pieces of 1024 bytes: a longer
 * line continues as a new option. */
#define VT_DNSMASQ_LINE_MAX 1023
