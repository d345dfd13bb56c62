#!/bin/bash
# Errors that have an obvious fix say it, as "(start it with: virtnet start lab)", and the fix
# works: for most of them this test runs the command the message names and sees the failed
# one pass (or the situation end). Through virtnetd the messages are the same as directly.
# Also: 'virtnet' alone prints the short help, and every listing command has --json.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
setup_host_inet
others_copy virtnet virtnet-direct   # what nobody runs: not from the clone, which may be private
NVIRTNET=$T_TMP/bin/virtnet
nobody() { ip netns exec "$NS_HOST" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
member() { ip netns exec "$NS_HOST" setpriv --reuid=65534 --regid=65534 --groups=100 "$@"; }

# The command the last error line suggests: what follows "with: " or "it: ", up to ';', ')'
# or ','; follow runs it (virtnet as this test's vn, ip in the host namespace, but ip netns
# where namespaces are named, outside ip netns exec's mount namespace)
hint() { tail -n 1 <<<"$ERR" | grep -o '\(with\|it\): [^;),]*' | tail -n 1 | sed 's/^[a-z]*: //'; }
virtnet() { vn "$@"; }
follow() {
	local h
	h=$(hint)
	case $h in
	virtnet\ *) eval "$h" ;;
	ip\ netns\ *) eval "$h" ;;
	ip\ *) eval "in_host $h" ;;
	*) echo "no command to follow in: $ERR" >&2; return 1 ;;
	esac
}
# says DESC WANT: the last run failed and its last line ends with the hint WANT
says() {
	local last
	last=$(tail -n 1 <<<"$ERR")
	if [ "$RC" != 0 ] && [ "${last% ("$2")}" != "$last" ]; then
		ok "$1"
	else
		not_ok "$1"
		{ echo "exit $RC; want the hint ($2) at the end of:"; echo "$ERR"; } | diag
	fi
}

net_xml hn nat vnhn0 10.231.0 100-150 >"$T_TMP/hn.xml"
net_xml hp "" vnhp0 10.232.0 "" >"$T_TMP/hp.xml"
net_xml hq "" vnhq0 10.232.0 "" >"$T_TMP/hq.xml"
net_xml tr "" vntr0 10.233.0 "" >"$T_TMP/tr.xml"
for n in hn hp hq; do direct define "$T_TMP/$n.xml" >/dev/null 2>&1; done

run vn
check "virtnet alone prints the short help" grep -q '^Common commands:' <<<"$OUT"
is "...and succeeds, saying nothing else" "$RC|$ERR" "0|"

# --- not found, unknown names, bad options
run direct start nosuch
says "a network that does not exist" "list them with: virtnet list --all"
follow >"$T_TMP/list"
check "...and the command it names lists the networks" grep -q '^ hn ' "$T_TMP/list"
run direct name 00000000-0000-4000-8000-000000000000
says "name of a UUID no network has" "list them with: virtnet list --all --uuid"
run direct port-delete hn vnet9
says "a port that does not exist" "list them with: virtnet port-list hn"
run follow
is "...and the command it names lists the network's ports" "$RC" 0
run direct dumpxml hn --bogus
says "an unknown option" "list its options with: virtnet dumpxml --help"
run follow
check "...and the command it names shows them" grep -q -- '--inactive' <<<"$OUT"
run direct port-create hn --mac
expect "an option without its value says so (it is not 'unknown')" 1 "" \
	"error: option --mac needs a value (usage: virtnet port-create $(vn help port-create | sed -n 's/^Usage: virtnet port-create //p'))"
run direct frobnicate
says "an unknown command" "list them with: virtnet help"
in_host ip link add vnhintbr type bridge
run direct bridge show vnnone0
says "a bridge that does not exist" "list them with: virtnet bridge show"
run follow
check "...and the command it names lists the bridges" grep -q '^vnhintbr' <<<"$OUT"
in_host ip link del vnhintbr

# --- define: a name or UUID another network has
sed 's|</name>|</name><uuid>0d5b0f3c-8a9e-4b7c-9d1e-2f3a4b5c6d7e</uuid>|' "$T_TMP/hq.xml" >"$T_TMP/hq-uuid.xml"
run direct define "$T_TMP/hq-uuid.xml"
says "define: a name another network has" "give that <uuid> to replace it, or choose another <name>"
sed "s|<name>hq</name>|<name>hq2</name><uuid>$(direct -q uuid hq)</uuid>|" "$T_TMP/hq.xml" >"$T_TMP/hq2.xml"
run direct define "$T_TMP/hq2.xml"
says "define: a UUID another network has" "leave <uuid> out for a new network"

# --- update: names, sections it cannot change, a network not running, a duplicate
run direct update hn insert dns-host "<host/>"
says "update: an unknown command names the known ones" \
	"use one of: add, modify, delete, add-last, add-first"
run direct update hn add frob "<host/>"
listed=$(tail -n 1 <<<"$ERR" | sed -n 's/.*(use one of: \(.*\))$/\1/p' | sed 's/, /\n/g' | sort |
	paste -sd' ' -)
is "update: an unknown section names the ones it can change, those Tab offers" "$listed" \
	"$(vn complete -- update hn add "" | paste -sd' ' -)"
is "...and those virtnet update --help names" "$listed" \
	"$(vn update --help | sed -n '/^  SECTION/,/^  XML/p' | tr '\n' ' ' | sed 's/(bridge.*//' |
		grep -o '[a-z][a-z-]*' | grep -vx 'or' | sort | paste -sd' ' -)"
run direct update hn add dns-host "<host ip='10.231.0.61'><hostname>h61</hostname></host>" --live
says "update --live of a network not running" "start it with: virtnet start hn; or change only its definition: --config"
follow >/dev/null
run direct update hn add dns-host "<host ip='10.231.0.61'><hostname>h61</hostname></host>" --live
expect "...started as it says, the update passes" 0 "Updated network hn live state" ""
run direct update hn add bridge "<bridge name='x'/>"
says "update of a section it cannot change" \
	"change it in the definition with: virtnet edit hn; a running network takes it when started again"
run direct update hn add ip-dhcp-host "<host mac='52:54:00:23:10:05' ip='10.231.0.5'/>"
run direct update hn add ip-dhcp-host "<host mac='52:54:00:23:10:05' ip='10.231.0.6'/>"
says "update add of a host that is there" "change it with: virtnet update hn modify ip-dhcp-host XML"
run eval "$(hint | sed "s|XML\$|\"<host mac='52:54:00:23:10:05' ip='10.231.0.6'/>\"|")"
expect "...modify, as it says, changes it" 0 "Updated network hn live state" ""

# --- a port into a namespace that does not exist
GNS=vnt-hintns-$$
on_exit ip netns del "$GNS"
run direct port-create hn --type veth --netns "$GNS" --name vphint1
says "port-create into a namespace that does not exist" "create it with: ip netns add $GNS"
follow
run direct port-create hn --type veth --netns "$GNS" --name vphint1
check "...made as it says, the port is created" test "$RC" = 0
check "...with its guest end in that namespace" ip netns exec "$GNS" ip link show eth0

# --- transient networks
direct create "$T_TMP/tr.xml" >/dev/null
run direct update tr add dns-host "<host ip='10.233.0.7'><hostname>t7</hostname></host>" --config
says "update --config of a transient network" \
	"change the running network: --live; or make it persistent with: virtnet dumpxml tr | virtnet define -"
run direct autostart tr
says "autostart of a transient network" "define it first with: virtnet dumpxml tr | virtnet define -"
follow >/dev/null
run direct autostart tr
expect "...defined as it says, it can be autostarted" 0 "Network tr marked as autostarted" ""
run direct info tr
check "...and it kept running, persistent now" grep -qz "Active:         yes.*Persistent:     yes" <<<"$OUT"
direct autostart tr --disable >/dev/null
direct undefine tr >/dev/null
run direct undefine tr
says "undefine of a transient network" "destroying it removes it: virtnet destroy tr"
follow >/dev/null
is "...destroyed as it says, it is gone" "$(direct -q list --all --name | grep -c '^tr$')" 0

# --- start: a bridge name taken, a route of another network, no dnsmasq
in_host ip link add vnhp0 type veth peer name vnhp0-peer
run direct start hp
says "start: an interface has the bridge's name" \
	"choose another <bridge name=...>, or remove the interface if nothing uses it: ip link delete vnhp0"
follow
run direct start hp
expect "...removed as it says, the network starts" 0 "Network hp started" ""
run direct start hq
says "start: another network's route on the subnet names that network" \
	"stop that one with: virtnet destroy hp; or choose another subnet"
follow >/dev/null
run direct start hq
expect "...stopped as it says, this one starts" 0 "Network hq started" ""
direct destroy hq >/dev/null
direct destroy hn >/dev/null
run ip netns exec "$NS_HOST" unshare -m sh -c 'mount -t tmpfs none /usr/sbin && exec "$@"' - \
	env VIRTNET_DIRECT=1 "$VIRTNET" --root "$ROOT" start hn
says "start without dnsmasq installed" "install it with: apt-get install dnsmasq-base"
run env VIRTNET_DNSMASQ="$T_TMP/none" VIRTNET_DIRECT=1 \
	ip netns exec "$NS_HOST" "$VIRTNET" --root "$ROOT" start hn
says "start with VIRTNET_DNSMASQ naming no program" "\$VIRTNET_DNSMASQ names no program"
check "...and nothing is left of either start" sh -c "! ip netns exec $NS_HOST ip link show vnhn0 2>/dev/null"

# --- events without virtnetd
run direct event --timeout 1
says "event without virtnetd" "start it with: virtnetd --root $ROOT"

# --- who may change: root only without virtnetd; a member of its group through it
run nobody env VIRTNET_DIRECT=1 "$NVIRTNET" --root "$ROOT" list --all
says "a user without virtnetd" "run it as root, with sudo; or start virtnetd, through which every user may read: sudo systemctl start virtnetd"
VIRTNETD_ARGS="--group users" daemon_start
run nobody "$NVIRTNET" --root "$ROOT" list --all
expect "...with virtnetd running, as it says, the user reads" 0 "$(direct list --all)" ""
run nobody "$NVIRTNET" --root "$ROOT" start hn
says "a user outside virtnetd's group may not change" \
	"join it with: sudo usermod -aG users nobody, then log in again; or use sudo"
run member "$NVIRTNET" --root "$ROOT" start hn
expect "...a member of the group (as after joining it) may" 0 "Network hn started" ""

# --- the same messages through virtnetd as directly
run vn event --timeout 1
expect "...with virtnetd started as it said, event waits" 0 "event loop timed out" ""
same_both "through virtnetd: a network that does not exist" start nosuch
same_both "through virtnetd: define of a name another network has" define "$T_TMP/hq-uuid.xml"
same_both "through virtnetd: define of a UUID another network has" define "$T_TMP/hq2.xml"
same_both "through virtnetd: dumpxml of one" dumpxml nosuch
same_both "through virtnetd: port-create on one" port-create nosuch --type veth
same_both "through virtnetd: a port that does not exist" port-delete hn vnet9
same_both "through virtnetd: update --live of a network not running" \
	update hq add dns-host "<host ip='10.232.0.9'><hostname>q</hostname></host>" --live
same_both "through virtnetd: update of a section it cannot change" \
	update hn add bridge "<bridge name='x'/>"
direct update hn add ip-dhcp-host "<host mac='52:54:00:23:10:05' ip='10.231.0.6'/>" >/dev/null
same_both "through virtnetd: update add of a host that is there" \
	update hn add ip-dhcp-host "<host mac='52:54:00:23:10:05' ip='10.231.0.6'/>"
direct create "$T_TMP/tr.xml" >/dev/null
same_both "through virtnetd: autostart of a transient network" autostart tr
same_both "through virtnetd: undefine of a transient network" undefine tr
same_both "through virtnetd: update --config of a transient network" \
	update tr add dns-host "<host ip='10.233.0.7'><hostname>t7</hostname></host>" --config

# --- every listing command has --json, and it is JSON
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)'; }
for c in "list --all" "info hn" "dhcp-leases hn" "port-list hn" "bridge show" \
	"bridge showmacs vnhn0" "bridge showstp vnhn0" "hostbridge list" "dumpxml hn"; do
	# shellcheck disable=SC2086 # c: a command and its operands
	run vn $c --json
	check "$c --json is JSON" json_ok <<<"$OUT"
done
direct port-create hn --type veth --name vphint0 >/dev/null
run vn port-stats vphint0 --json
check "port-stats --json is JSON" json_ok <<<"$OUT"
daemon_log_clean

done_testing
