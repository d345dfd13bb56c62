/* cli.c - the command table, global options, help and shared plumbing */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/str.h"

static const vn_cmd commands[] = {
	{ "define", "net-define", cmd_define, "FILE [--strict] [--trust-dnsmasq-options]",
	  "define (but don't start) a persistent network from an XML file",
	  "  FILE        libvirt network XML ('-' reads standard input)\n"
	  "  --strict    refuse a subnet that overlaps another network's (default: warn)\n"
	  "  --trust-dnsmasq-options\n"
	  "              accept <dnsmasq:option>s that run programs, use the host's files\n"
	  "              or act beyond the network's bridge (refused otherwise; the\n"
	  "              definition is marked virtnet:trusted='yes')\n"
	  "A missing bridge name becomes the first free virbrN, a missing MAC a random\n"
	  "52:54:00:xx:xx:xx; both are saved. Defining an existing name with the same\n"
	  "UUID replaces its definition.\n" },
	{ "undefine", "net-undefine", cmd_undefine, "NETWORK",
	  "remove a persistent network's definition", "  NETWORK     name or UUID\n" },
	{ "autostart", "net-autostart", cmd_autostart, "NETWORK [--disable]",
	  "start a network when autostart-all runs (at boot)",
	  "  --disable   stop autostarting it\n" },
	{ "update", "net-update", cmd_update,
	  "NETWORK COMMAND SECTION XML [--parent-index N] [--live] [--config] [--current]",
	  "change one part of a network, also while it runs (virsh's net-update)",
	  "  COMMAND     add (= add-last), add-first, add-last, delete or modify\n"
	  "  SECTION     ip-dhcp-host, ip-dhcp-range, dns-host, dns-txt, dns-srv,\n"
	  "              forward-interface or portgroup (bridge, domain, ip, forward and\n"
	  "              forward-pf are refused, as libvirt refuses them)\n"
	  "  XML         the element itself (<host .../>), or a file holding it\n"
	  "  --parent-index N  the Nth <ip> (from 0) for a DHCP host or range (default:\n"
	  "              the one with DHCP, else the first IPv4, else the first IPv6)\n"
	  "  --live      the running network      --config  its definition\n"
	  "  --current   the running network if it runs, else its definition (the default)\n"
	  "A running network keeps its guests: DHCP hosts and DNS names are re-read by its\n"
	  "dnsmasq (SIGHUP), a range, TXT or SRV record restarts dnsmasq with its leases.\n"
	  "Matching is libvirt's: modify finds a host by MAC, name or IP, delete by all\n"
	  "attributes given, a range by both ends.\n" },
	{ "validate", "net-validate", cmd_validate,
	  "FILE [--print] [--inactive] [--trust-dnsmasq-options]",
	  "check a network XML file without defining it",
	  "  --print     write the canonical XML (libvirt's formatter output) to stdout;\n"
	  "              what define would still refuse is then only a warning\n"
	  "  --inactive  print the inactive (persistent config) form\n"
	  "  --trust-dnsmasq-options  check it as define --trust-dnsmasq-options would\n"
	  "Without --print, FILE is checked as define would check it (all but conflicts\n"
	  "with other networks) and the exit status says whether it passed.\n" },
	{ "dumpxml", "net-dumpxml", cmd_dumpxml, "NETWORK [--inactive] [--json]",
	  "print a network's XML: the live form while it runs",
	  "  --inactive  the stored definition, even while the network runs\n"
	  "  --json      the same document as JSON\n" },
	{ "list", "net-list", cmd_list,
	  "[--all|--inactive] [--persistent|--transient] [--autostart|--no-autostart] "
	  "[--name|--uuid|--table] [--title] [--json]",
	  "list networks (active ones unless --all or --inactive)",
	  "  --all            active and inactive networks\n"
	  "  --inactive       inactive networks only\n"
	  "  --persistent     only networks with a definition\n"
	  "  --transient      only networks without one\n"
	  "  --autostart      only networks marked for autostart\n"
	  "  --no-autostart   only networks not marked\n"
	  "  --name, --uuid   one name or UUID per line instead of the table\n"
	  "  --title          add a Title column\n"
	  "The table is virsh's (Name, State, Autostart, Persistent) with the bridge last.\n"
	  "  --json           an array of objects\n" },
	{ "info", "net-info", cmd_info, "NETWORK [--json]",
	  "show a network's name, UUID, state, autostart and bridge", "" },
	{ "uuid", "net-uuid", cmd_uuid, "NETWORK", "print a network's UUID", "" },
	{ "name", "net-name", cmd_name, "UUID", "print the name of the network with this UUID",
	  "" },
	{ "edit", "net-edit", cmd_edit, "NETWORK [--trust-dnsmasq-options]",
	  "edit a network's definition with $VISUAL or $EDITOR (default vi)",
	  "The edited copy is checked like define; an invalid edit is refused with\n"
	  "the error and the old definition stays as it was. A trusted definition stays\n"
	  "trusted while its untrusted-class <dnsmasq:option>s are ones it already had;\n"
	  "a new one needs --trust-dnsmasq-options.\n" },
	{ "start", "net-start", cmd_start, "NETWORK",
	  "start a defined network: bridge, addresses, routes, firewall, dnsmasq",
	  "Every change is recorded in <root>/run/virtnet/networks/NAME.xml as it is made;\n"
	  "if one fails, the ones before it are undone in reverse. Starting an active\n"
	  "network does nothing.\n" },
	{ "destroy", "net-destroy", cmd_destroy, "NETWORK",
	  "stop a network and remove everything it created (a transient one disappears)",
	  "Destroying an inactive network does nothing. IP forwarding stays on, like libvirt.\n" },
	{ "create", "net-create", cmd_create, "FILE [--trust-dnsmasq-options]",
	  "start a transient network from an XML file, without defining it",
	  "  --trust-dnsmasq-options  as for define\n" },
	{ "autostart-all", NULL, cmd_autostart_all, "",
	  "start every network marked for autostart (the boot path)", "" },
	{ "reconcile", NULL, cmd_reconcile, "[NETWORK]",
	  "compare running networks with the kernel and repair what drifted",
	  "Checks the bridge, its addresses and link state, our nftables objects and\n"
	  "dnsmasq of each active network (or just NETWORK); restores what is missing and\n"
	  "prints one line per repair (\"ok\" when nothing was needed). Also cleans up a\n"
	  "start that was interrupted.\n" },
	{ "event", "net-event", cmd_event, "[--loop] [--timeout SECONDS] [--json]",
	  "wait for virtnetd's events and print them",
	  "  --loop         go on after the first event (until --timeout, or Ctrl-C)\n"
	  "  --timeout S    stop after S seconds\n"
	  "  --json         each event as virtnetd sends it: a line of JSON\n"
	  "Events: defined, undefined, started, stopped, autostart-on, autostart-off,\n"
	  "repaired (what virtnetd repaired), failing (a repair that failed). They come from\n"
	  "virtnetd (doc/api.md), which must run.\n" },
	{ "dhcp-leases", "net-dhcp-leases", cmd_dhcp_leases, "NETWORK [--mac MAC] [--json]",
	  "list the current DHCP leases of a network",
	  "  --mac MAC   only the leases of this MAC address\n"
	  "  --json      an array of objects\n" },
	{ "port-create", "net-port-create", cmd_port_create,
	  "NETWORK [FILE] [--type tap|veth|macvtap|macvlan|external] [--name IFNAME | --domid N "
	  "[--devid M] [--hvm]] [--mac MAC] [--oui xen|kvm|local] "
	  "[--netns NS] [--peer-name IFNAME] [--ip ADDR] [--isolated] [--inbound A,P,B] "
	  "[--outbound A,P,B] [--owner UID] [--group GID] [--count N]",
	  "create a guest port (tap, veth, macvtap/macvlan, or an existing device) and plug it in",
	  "  FILE           libvirt <networkport> XML (uuid, mac, bandwidth, port isolated);\n"
	  "                 options given as well override it\n"
	  "  --type         tap (default; persistent, for QEMU's -netdev "
	  "tap,ifname=...,script=no)\n"
	  "                 or veth (a pair: the guest end for a namespace or container);\n"
	  "                 on a network sharing a NIC (<forward mode='bridge'> with\n"
	  "                 <interface dev=...>) a tap is a macvtap (QEMU opens /dev/tapN)\n"
	  "                 and a veth a macvlan, both in bridge mode on the NIC;\n"
	  "                 external adopts a device that exists (a Xen vif): never deleted\n"
	  "  --name         the host-side device name (default: the first free vnetN,\n"
	  "                 macvtapN or macvlanN)\n"
	  "  --domid/--devid  Xen naming: vif<domid>.<devid>; --hvm adds -emu (a tap)\n"
	  "  --mac          the guest's MAC (default: generated, unique on the host;\n"
	  "                 --oui picks 00:16:3e (xen, default with --domid), 52:54:00 (kvm,\n"
	  "                 default) or a random locally administered one)\n"
	  "  --netns        veth/macvlan: put the guest end into this namespace (named as with\n"
	  "                 ip netns, or a path), as eth0 unless --peer-name says otherwise,\n"
	  "                 and up (as CNI's bridge plugin hands it over): a DHCP client\n"
	  "                 can run there at once\n"
	  "  --ip           reserve this address for the port's MAC in the network's DHCP\n"
	  "                 (takes effect at once, dnsmasq keeps running)\n"
	  "  --isolated     the port reaches the gateway but no other isolated port\n"
	  "  --count        make N such ports in one go (generated names and MACs only)\n"
	  "  --inbound/--outbound  bandwidth towards / from the guest: average[,peak[,burst]]\n"
	  "                 in kilobytes/s and KiB, as virsh attach-interface\n"
	  "  --owner/--group  tap: user and group allowed to open it (name or number)\n"
	  "On nat, route and isolated networks the port is protected: the guest may only\n"
	  "send from its MAC and the addresses it leased or reserved, may not answer ARP\n"
	  "for others and may not act as a DHCP server or router. The host side gets a MAC\n"
	  "starting with fe and the network's MTU. A port on an inactive network is\n"
	  "plugged in when the network starts; destroy unplugs it.\n" },
	{ "port-delete", "net-port-delete", cmd_port_delete, "NETWORK PORT... | NETWORK --all",
	  "delete guest ports: device, protection, bandwidth and reservation",
	  "  PORT        device name or UUID (several are deleted in one batch)\n"
	  "  --all       every port of the network\n" },
	{ "port-list", "net-port-list", cmd_port_list, "NETWORK [--json]",
	  "list a network's ports: UUID, device, type, MAC, IP address, state",
	  "IP address: the address reserved for the port (--ip), else the addresses its MAC\n"
	  "holds a DHCP lease on, as ADDRESS/PREFIX (leased), as virsh domifaddr shows them.\n"
	  "State: attached (on the running network's bridge), detached (the network is\n"
	  "stopped) or gone (the device vanished: reconcile removes the port).\n"
	  "  --json      an array of objects: uuid, device, type, mac, ip (the reservation),\n"
	  "              leases (each: expiry, protocol, ip, prefix), state\n" },
	{ "port-dumpxml", "net-port-dumpxml", cmd_port_dumpxml, "NETWORK PORT [--status]",
	  "print a port as libvirt's <networkport> XML",
	  "  --status    our whole record: the host device (type, name, namespace, Xen\n"
	  "              ids, owner, reservation) around the <networkport>\n" },
	{ "port-stats", "domifstat", cmd_port_stats, "[DOMAIN] PORT [--json]",
	  "print a port's traffic counters as its guest sees them, like virsh domifstat",
	  "  PORT        a port's device name, UUID or MAC address, or the name of any tap,\n"
	  "              veth or macvtap device of the host\n"
	  "  DOMAIN      accepted (and ignored) so virsh's 'domifstat DOMAIN IFACE' works\n"
	  "  --json      one object {interface, rx_bytes, rx_packets, rx_errs, rx_drop,\n"
	  "              tx_bytes, tx_packets, tx_errs, tx_drop}; interface is the device\n"
	  "Lines '<PORT> rx_bytes N' ... '<PORT> tx_drop N' in virsh's order, PORT as given.\n"
	  "Like libvirt for bridge and network interfaces, rx and tx are the guest's: for a\n"
	  "tap, veth or adopted device the host side's counters swapped (the guest's rx is\n"
	  "what the host side sent); a macvtap or macvlan is the guest's NIC and is not\n"
	  "swapped (a macvlan inside a namespace is read there).\n" },
	{ "macgen", NULL, cmd_macgen, "[--oui xen|kvm|local]",
	  "print a MAC address no port or static DHCP host on this host uses",
	  "  --oui xen    00:16:3e then a byte in 00-7f then two random bytes (Xen's rule, "
	  "default)\n  --oui kvm    52:54:00:xx:xx:xx\n"
	  "  --oui local  random, locally administered, unicast\n" },
	{ "bridge", NULL, cmd_bridge,
	  "show [BRIDGE...] [--json] | showmacs BRIDGE [--json] | showstp BRIDGE [--json]",
	  "show bridges, their forwarding databases and spanning tree state, like brctl",
	  "  show [BRIDGE...] [--json]\n"
	  "              bridges with their ID, STP state and interfaces (brctl show);\n"
	  "              only the BRIDGEs named, in that order (default: every bridge);\n"
	  "              --json: an array of objects {bridge, id, stp, interfaces}\n"
	  "  showmacs BRIDGE [--json]\n"
	  "              the forwarding database: port number, MAC address, whether it is\n"
	  "              local and the seconds since it was last seen (brctl showmacs)\n"
	  "  showstp BRIDGE [--json]\n"
	  "              spanning tree parameters, timers and flags of the bridge and of\n"
	  "              each port (brctl showstp)\n"
	  "Any bridge of the host, not only virtnet's, read through netlink; the text is\n"
	  "brctl's byte for byte. A bridge that does not exist is an error; show still\n"
	  "shows the others. 'virtnet bridge SUBCOMMAND --help' describes one.\n" },
	{ "hostbridge", NULL, cmd_hostbridge,
	  "create BRIDGE --dev NIC [--force] [--bridge-nf off] [--forward-accept] | delete BRIDGE "
	  "[--force] | list [--json]",
	  "put a physical interface into a new bridge, moving its addresses and routes",
	  "  create BRIDGE --dev NIC [--force] [--bridge-nf off] [--forward-accept]\n"
	  "              bridge BRIDGE gets NIC's MAC, MTU, addresses and routes, and NIC\n"
	  "              becomes its port, so guests on BRIDGE sit on NIC's LAN; --force\n"
	  "              takes a NIC that is down; --bridge-nf off keeps bridged frames out\n"
	  "              of the IP firewall; --forward-accept adds an accept rule for them\n"
	  "  delete BRIDGE [--force]\n"
	  "              give NIC its addresses and routes back, exactly, and remove BRIDGE;\n"
	  "              refused while a running network (forward mode bridge) uses BRIDGE\n"
	  "              or other interfaces are plugged into it, unless --force\n  list [--json]\n"
	  "              the host bridges virtnet manages\n"
	  "Each step is recorded before it is made and any failure undoes the steps made\n"
	  "so far. 'virtnet hostbridge SUBCOMMAND --help' describes one.\n" },
	{ "help", NULL, cmd_help, "[COMMAND]", "list commands, or describe one", "" },
	{ "version", NULL, cmd_version, "", "print the version", "" },
	{ "complete", NULL, cmd_complete, "-- WORDS...",
	  "print what may come next on a command line (the shell's completion)",
	  "WORDS are the words after 'virtnet', the last one being completed.\n", true },
};

const vn_cmd *cli_commands(size_t *n)
{
	*n = sizeof(commands) / sizeof(commands[0]);
	return commands;
}

const vn_cmd *cli_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (streq(commands[i].name, name) || streq(commands[i].alias, name))
			return &commands[i];
	return NULL;
}

void cli_usage(FILE *f, const char *prog)
{
	fprintf(f, "Usage: %s [--root DIR] [-q] COMMAND [ARGS...]\n\n"
		"Virtual networks for virtual machines: libvirt network XML, Linux bridges,\n"
		"nftables and dnsmasq; through virtnetd when it answers, directly otherwise.\n\n"
		"Global options:\n"
		"  --root DIR   keep all state under DIR (also $VIRTNET_ROOT); default /\n"
		"  -q, --quiet  only print results and errors\n"
		"  -h, --help   this help;  -V, --version  the version\n\nCommands:\n", prog);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!commands[i].hidden)
			fprintf(f, "  %-14s %-16s %s\n", commands[i].name,
				commands[i].alias ? commands[i].alias : "", commands[i].summary);
	fprintf(f, "\nRun '%s COMMAND --help' for a command's options.\n", prog);
}

/* What `virtnet` alone prints: the usage, the commands most runs need, where the rest is */
static void cli_short_usage(FILE *f, const char *prog)
{
	static const char *const common[] = { "list", "define", "start", "destroy", "autostart",
					      "dhcp-leases", "port-create", "edit" };

	fprintf(f, "Usage: %s [--root DIR] [-q] COMMAND [ARGS...]\n\n"
		"Virtual networks for virtual machines, defined in libvirt's network XML.\n"
		"Common commands:\n", prog);
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		const vn_cmd *c = cli_find(common[i]);

		if (c)
			fprintf(f, "  %-14s %s\n", c->name, c->summary);
	}
	fprintf(f, "\nRun '%s help' for every command, '%s COMMAND --help' for one's options,\n"
		"'man virtnet' for the manual.\n", prog, prog);
}

int cli_command_help(const vn_cmd *c, FILE *f)
{
	fprintf(f, "Usage: virtnet %s %s\n\n%s.\n", c->name, c->usage, c->summary);
	if (c->alias)
		fprintf(f, "Also available as '%s'.\n", c->alias);
	if (c->details && *c->details)
		fprintf(f, "\n%s", c->details);
	return 0;
}

int cmd_getopt(vn_ctx *ctx, const vn_cmd *c, int argc, char **argv, const struct option *opts,
	       int (*on_opt)(int opt, const char *arg, void *data), void *data)
{
	struct option all[32];
	size_t n = 0;
	int o;

	for (; opts && opts[n].name && n < 30; n++)
		all[n] = opts[n];
	all[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	all[n] = (struct option){0};
	optind = 0;   /* 0 makes glibc re-read the option string (permutation mode) */
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":h", all, NULL)) != -1) {
		if (o == 'h') {
			cli_command_help(c, stdout);
			ctx->help_shown = true;
			return -1;
		}
		if (o == ':') {
			out_fail("option %s needs a value (usage: virtnet %s %s)", argv[optind - 1],
				 c->name, c->usage);
			return -1;
		}
		if (o == '?') {
			out_fail("command '%s' doesn't support option %s (list its options with: "
				 "virtnet %s --help)",
				 c->name, argv[optind - 1], c->name);
			return -1;
		}
		if (on_opt(o, optarg, data) < 0)
			return -1;
	}
	return optind;
}

int need_operands(const vn_cmd *c, int argc, char **argv, int first, int n)
{
	if (argc - first < n) {
		out_fail("command '%s' requires %s (usage: virtnet %s %s)", c->name,
		     n == 1 ? "an argument" : "more arguments", c->name, c->usage);
		return -1;
	}
	if (argc - first > n) {
		out_fail("unexpected data '%s' (usage: virtnet %s %s)", argv[first + n], c->name,
			 c->usage);
		return -1;
	}
	return 0;
}

void ctx_unlock(vn_ctx *ctx)
{
	if (ctx->lock_fd >= 0)
		close(ctx->lock_fd);
	ctx->lock_fd = -1;
}

int cmd_help(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c;
	int first = cmd_getopt(ctx, cli_find("help"), argc, argv, NULL, NULL, NULL);

	if (first < 0)
		return 1;
	argc -= first - 1;
	argv += first - 1;
	if (argc < 2) {
		cli_usage(stdout, "virtnet");
		return 0;
	}
	c = cli_find(argv[1]);
	if (!c)
		return out_fail("command '%s' doesn't exist (list them with: virtnet help)",
				argv[1]);
	return cli_command_help(c, stdout);
}

int cmd_version(vn_ctx *ctx, int argc, char **argv)
{
	const vn_cmd *c = cli_find("version");
	int first = cmd_getopt(ctx, c, argc, argv, NULL, NULL, NULL);

	if (first < 0)
		return 1;
	if (need_operands(c, argc, argv, first, 0) < 0)
		return 1;
	printf("virtnet %s\n", VIRTNET_VERSION);
	return 0;
}

static int parse_global(vn_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, {0},
	};
	int o;

	opterr = 0;
	while ((o = getopt_long(argc, argv, "+:r:qhV", opts, NULL)) != -1) {
		switch (o) {
		case 'r': ctx->root_arg = optarg; break;
		case 'q': ctx->quiet = true; break;
		case 'h':
			cli_usage(stdout, ctx->prog);
			ctx->help_shown = true;
			return -1;
		case 'V':
			printf("virtnet %s\n", VIRTNET_VERSION);
			ctx->help_shown = true;
			return -1;
		case ':':
			out_fail("option %s needs a value (usage: %s --root DIR COMMAND ...)",
				 argv[optind - 1], ctx->prog);
			return -1;
		default:
			out_fail("unknown option '%s' (list the options with: %s --help)",
				 argv[optind - 1], ctx->prog);
			return -1;
		}
	}
	return optind;
}

int cli_main(int argc, char **argv)
{
	vn_ctx ctx = { .prog = "virtnet", .lock_fd = -1, .argv = argv };
	vn_err err = {0};
	const vn_cmd *c;
	int first, r;

	first = parse_global(&ctx, argc, argv);
	if (first < 0)
		return ctx.help_shown ? 0 : 1;
	if (first >= argc) {
		cli_short_usage(stdout, ctx.prog);
		return 0;
	}
	c = cli_find(argv[first]);
	if (!c)
		return out_fail("unknown command: '%s' (list them with: virtnet help)",
				argv[first]);
	if (state_paths_init(&ctx.paths, ctx.root_arg, &err) < 0)
		return out_fail_err(&err, NULL);
	r = c->fn(&ctx, argc - first, argv + first);
	ctx_unlock(&ctx);
	return ctx.help_shown ? 0 : r;
}
