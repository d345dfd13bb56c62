/* firewall_apply.c - talk to the kernel through libnftables: apply, inspect, warn */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>   /* before the kernel's headers (libc-compat) */
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firewall/firewall.h"
#include "firewall/firewall_bridge.h"
#include "kernel/netlink.h"
#include "types/vtype.h"
#include "util/buf.h"
#include "util/cleanup.h"

struct vn_fw {
	struct nft_ctx *ctx;
	vn_nl *raw;     /* our own nfnetlink socket, for reads libnftables makes slow */
	char table[64];
	bool changed;   /* a transaction went through this context */
};

vn_fw *fw_open(const char *table)
{
	vn_fw *fw = calloc(1, sizeof(*fw));

	if (!vt_ok(VT_NFT_NAME, table) || !fw) {
		free(fw);
		return NULL;
	}
	fw->ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	if (!fw->ctx) {
		free(fw);
		return NULL;
	}
	nft_ctx_buffer_output(fw->ctx);
	nft_ctx_buffer_error(fw->ctx);
	snprintf(fw->table, sizeof(fw->table), "%s", table);
	return fw;
}

static bool is_nfnetlink(int fd)
{
	int domain = 0, proto = 0;
	socklen_t len = sizeof(int);

	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_NETLINK &&
	       getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) == 0 &&
	       proto == NETLINK_NETFILTER;
}

/* When the last reference to an nfnetlink socket goes, the kernel first finishes freeing
 * the objects of every earlier transaction, which waits for an RCU grace period (10-20 ms
 * on these machines) although our rules are long in place. A short-lived child takes that
 * wait: it keeps a copy of the nfnetlink socket (and nothing else) until we have closed
 * ours (the pipe tells it), then closes it and exits on its own. */
static int hand_off_close(void)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		char c;
		for (int fd = 0; fd < 1024; fd++)
			if (fd != p[0] && !is_nfnetlink(fd))
				close(fd);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);   /* the exit closes our copy of the socket: the wait happens here */
	}
	close(p[0]);
	return p[1];
}

void fw_close(vn_fw *fw)
{
	int signal_fd = -1;

	if (!fw)
		return;
	if (fw->changed)
		signal_fd = hand_off_close();
	nl_close(fw->raw);
	nft_ctx_free(fw->ctx);
	if (signal_fd >= 0)
		close(signal_fd);
	free(fw);
}

const char *fw_table(const vn_fw *fw)
{
	return fw->table;
}

/* nft's error text: the first message line and the offending input line. */
static void first_error_lines(const char *text, char *out, size_t len)
{
	const char *nl = strchr(text, '\n');
	const char *nl2 = nl ? strchr(nl + 1, '\n') : NULL;
	size_t n = nl2 ? (size_t)(nl2 - text) : strlen(text);

	snprintf(out, len, "%.*s", (int)n, text);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

/* Run commands; on success *output (may be NULL) gets nft's output text. */
static int run(vn_fw *fw, const char *text, char **output, vn_err *err)
{
	struct nft_ctx *ctx = fw->ctx;
	char msg[600];
	int r = fw_text_guard(text, fw->table, err);

	if (r < 0)
		return r;
	if (nft_run_cmd_from_buffer(ctx, text) != 0) {
		const char *e = nft_ctx_get_error_buffer(ctx);
		first_error_lines(e && *e ? e : "unknown error", msg, sizeof(msg));
		r = vn_err_set(err, strstr(msg, "No such file") ? ENOENT : EIO,
			       "nftables refused the change: %s", msg);
	} else if (output) {
		const char *o = nft_ctx_get_output_buffer(ctx);
		*output = strdup(o ? o : "");
		if (!*output)
			r = vn_err_set(err, ENOMEM, "out of memory");
	} else {
		nft_ctx_get_output_buffer(ctx);   /* drop output nobody asked for */
	}
	return r;
}

int fw_apply(vn_fw *fw, const char *text, vn_err *err)
{
	fw->changed = true;
	return run(fw, text, NULL, err);
}

/* On a context of its own, freed at once: a listing fills libnftables' cache with the whole
 * table (3 MB at 100 networks), which a daemon's long-lived context would keep. */
int fw_list_table(vn_fw *fw, char **out, vn_err *err)
{
	_cleanup_free_ char *cmd = NULL;
	vn_fw *own = fw_open(fw->table);
	int rc;

	*out = NULL;
	if (!own || asprintf(&cmd, "list table inet %s", fw->table) < 0) {
		fw_close(own);
		return vn_err_set(err, ENOMEM, "out of memory");
	}
	rc = run(own, cmd, out, err);
	fw_close(own);
	return rc;
}

/* Present means: base dispatch rules, this network's chains with their final rules, and its
 * map elements (a flushed table keeps chains and elements but loses every rule). */
int fw_network_present(vn_fw *fw, const vn_network *n)
{
	_cleanup_free_ char *listing = NULL;
	vn_err ignore = {0};

	if (fw_list_table(fw, &listing, &ignore) < 0)
		return 0;
	return fw_listing_has_network(listing, n) ? 1 : 0;
}

static const char *family_name(int family)
{
	switch (family) {
	case NFPROTO_INET: return "inet";
	case NFPROTO_IPV4: return "ip";
	case NFPROTO_IPV6: return "ip6";
	case NFPROTO_ARP: return "arp";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	default: return "unknown";
	}
}

/* "input", "forward" or NULL, as nft names the chain's hook in its family */
static const char *hook_name(int family, unsigned hook)
{
	if (family == NFPROTO_NETDEV)
		return NULL;
	if (family == NFPROTO_ARP)
		return hook == NF_ARP_IN ? "input" : hook == NF_ARP_FORWARD ? "forward" : NULL;
	return hook == NF_INET_LOCAL_IN ? "input" : hook == NF_INET_FORWARD ? "forward" : NULL;
}

/* One note for a foreign base chain on input or forward with policy drop. */
static void drop_note(const vn_nft_base_chain *c, const char *bridge, vn_notes *notes)
{
	const char *f = family_name(c->family), *t = c->table, *ch = c->chain;
	const char *hook = hook_name(c->family, c->hooknum);

	if (hook && strcmp(hook, "forward") == 0)
		vn_note(notes,
			"table %s %s chain %s drops forwarded packets (policy drop), so "
			"guests on %s cannot reach "
			"beyond the host; let them through with: nft insert rule %s %s %s "
			"iifname \"%s\" accept; "
			"nft insert rule %s %s %s oifname \"%s\" accept",
			f, t, ch, bridge, f, t, ch, bridge, f, t, ch, bridge);
	else if (hook)
		vn_note(notes,
			"table %s %s chain %s drops incoming packets (policy drop), so "
			"guests on %s get no DHCP "
			"or DNS; let them through with: nft insert rule %s %s %s iifname "
			"\"%s\" udp dport { 53, 67, 547 } accept; "
			"nft insert rule %s %s %s iifname \"%s\" tcp dport 53 accept",
			f, t, ch, bridge, f, t, ch, bridge, f, t, ch, bridge);
}

/* The base chains come straight from the kernel (kernel/netlink.h): a listing through
 * libnftables fetched and formatted every table's objects, ours included. */
int fw_foreign_drop_notes(vn_fw *fw, const vn_network *n, vn_notes *notes, vn_err *err)
{
	vn_nft_base_chain *v = NULL;
	size_t k = 0;
	int r = fw->raw ? 0 : nl_open_proto(&fw->raw, NETLINK_NETFILTER, err);

	if (r == 0)
		r = nl_nft_base_chains(fw->raw, &v, &k, err);
	for (size_t i = 0; r == 0 && i < k; i++) {
		bool ours = v[i].family == NFPROTO_INET && strcmp(v[i].table, fw->table) == 0;
		if (v[i].drop && !ours)
			drop_note(&v[i], n->bridge, notes);
	}
	free(v);
	return r;
}

int fw_table_unused(vn_fw *fw)
{
	_cleanup_free_ char *cmd = NULL, *out = NULL;
	vn_err ignore = {0};

	if (asprintf(&cmd, "list map inet %s fwd_in", fw->table) < 0)
		return 0;
	if (run(fw, cmd, &out, &ignore) < 0)
		return 0;
	return strstr(out, "elements") == NULL;
}

int fw_delete_table(vn_fw *fw, vn_err *err)
{
	_cleanup_free_ char *cmd = NULL;

	if (asprintf(&cmd, "add table inet %s\ndelete table inet %s\n", fw->table, fw->table) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	fw->changed = true;
	return run(fw, cmd, NULL, err);
}

int fw_add_bridge_elems(vn_fw *fw, const vn_nft_elem *v, size_t n, vn_err *err)
{
	int r = fw->raw ? 0 : nl_open_proto(&fw->raw, NETLINK_NETFILTER, err);

	if (r == 0)
		r = nl_nft_add_elems(fw->raw, NFPROTO_BRIDGE, fw->table, v, n, err);
	if (r == 0)
		fw->changed = true;
	return r;
}

int fw_bridge_state(vn_fw *fw, vn_fwb_state *st, vn_err *err)
{
	_cleanup_free_ char *cmd = NULL, *out = NULL;
	vn_err missing = {0};

	if (asprintf(&cmd, "list table bridge %s", fw->table) < 0)
		return vn_err_set(err, ENOMEM, "out of memory");
	if (run(fw, cmd, &out, &missing) < 0) {
		*st = (vn_fwb_state){0};
		return missing.code == ENOENT ? 0
					      : vn_err_set(err, missing.code, "%s", missing.msg);
	}
	return fwb_state_parse(out, st) < 0 ? vn_err_set(err, ENOMEM, "out of memory") : 0;
}
