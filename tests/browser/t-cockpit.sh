#!/bin/bash
# virtnet's Cockpit page in a real browser: headless Chromium (Debian's, through chromedriver
# and python3-selenium) against cockpit-ws and virtnetd, all inside this test's namespaces.
# An admin creates a NAT network through the form and sees it start, plugs a guest in
# (port-create --netns, then busybox udhcpc) and sees its lease within 1 s of the event, adds
# a static host live, sees an XML error at its line, stops and deletes the network; bad input
# in the form (a name with a slash, a space another network has, a range outside the space)
# is shown at its field and creates nothing; a user who may only read sees no action button,
# and sees root's destroy and start of a network within 1 s of their events, without a reload;
# both pages' event streams stay open the whole run; keyboard and a narrow window work. Screenshots of each step: build/test-logs/browser/.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../netns/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
PAGE=${VIRTNET_COCKPIT_PAGE:-$(dirname "$VIRTNET")/cockpit}
[ -f "$PAGE/manifest.json" ] || PAGE=$top/build/cockpit
SHOTS=${VIRTNET_SHOTS:-$top/build/test-logs/browser}
WS=/usr/lib/cockpit/cockpit-ws
for need in "$WS" /usr/bin/cockpit-bridge /usr/bin/chromium /usr/bin/chromedriver; do
	[ -x "$need" ] || { skip "the Cockpit page in a browser" "$need is missing (scripts/setup.sh --browser)"; exit 0; }
done
/usr/bin/python3 -c 'import selenium' 2>/dev/null ||
	{ skip "the Cockpit page in a browser" "python3-selenium is missing (scripts/setup.sh --browser)"; exit 0; }
[ -f "$PAGE/patternfly.css" ] ||
	{ skip "the Cockpit page in a browser" "the page is not built ($PAGE; meson -Dcockpit)"; exit 0; }

setup_host_inet
others_copy virtnet virtnet-direct
daemon_start
check "virtnetd runs" test -S "$ROOT/run/virtnet/virtnetd.sock"
# a network whose space the form must refuse, and which the read-only user looks at
net_xml busy nat vnbusy 192.168.150 100-120 >"$T_TMP/busy.xml"
vn define "$T_TMP/busy.xml" >/dev/null
vn start busy >/dev/null

# The page as Cockpit finds a package (XDG_DATA_DIRS), told our daemon's socket by an
# override (XDG_CONFIG_DIRS), readable by nobody too
mkdir -p "$T_TMP/share/cockpit" "$T_TMP/conf/cockpit" "$T_TMP/nobody"
cp -r "$PAGE" "$T_TMP/share/cockpit/virtnet"
printf '{ "config": { "socket": "%s" } }\n' "$ROOT/run/virtnet/virtnetd.sock" >"$T_TMP/conf/cockpit/virtnet.override.json"
chmod -R a+rX "$T_TMP/share" "$T_TMP/conf"
chmod 777 "$T_TMP/nobody"
# cockpit-ws with a bridge in the local session (no login), each in a pid namespace of its
# own: the bridge's dbus-daemon and ssh-agent end with it
ws() { # PORT [setpriv args...]
	local port=$1
	shift
	spawn_pid "$NS_HOST" env XDG_DATA_DIRS="$T_TMP/share:/usr/share" XDG_CONFIG_DIRS="$T_TMP/conf" \
		unshare --pid --fork --kill-child=SIGKILL "$@" "$WS" --local-session=cockpit-bridge \
		--port "$port" --address 127.0.0.1 >>"$T_TMP/ws-$port.log" 2>&1
}
ws 9090
ws 9091 env HOME="$T_TMP/nobody" XDG_RUNTIME_DIR="$T_TMP/nobody" setpriv --reuid=65534 --regid=65534 --clear-groups
ws_up() { in_host curl -sf -o /dev/null "http://127.0.0.1:$1/cockpit/@localhost/virtnet/manifest.json"; }
wait_until 10 ws_up 9090
wait_until 10 ws_up 9091
check "cockpit-ws answers, as root" ws_up 9090
check "cockpit-ws answers, as nobody" ws_up 9091

mkguest g1
rm -rf "$SHOTS"
mkdir -p "$SHOTS"
in_host env NS_HOST="$NS_HOST" VIRTNET="$VIRTNET" ROOT="$ROOT" GUEST_NS="$(gns g1)" \
	UDHCPC_SCRIPT="$T_TMP/udhcpc.sh" LEASE_FILE="$T_TMP/lease-g1" SHOTS="$SHOTS" \
	ADMIN_URL=http://127.0.0.1:9090 RO_URL=http://127.0.0.1:9091 HOME="$T_TMP" \
	timeout 600 /usr/bin/python3 "$top/tests/browser/cockpit_page.py" 2>"$T_TMP/driver.err"
rc=$?
[ $rc -eq 0 ] || { not_ok "the browser's driver ended with status $rc"; tail -30 "$T_TMP/driver.err" | diag; }
is "nothing but busy is left defined" "$(vn list --all --name | sed '/^$/d')" "busy"
check "lab's bridge is gone" no_link virbr0
daemon_log_clean
check "screenshots were kept ($SHOTS)" test "$(ls "$SHOTS"/*.png 2>/dev/null | wc -l)" -ge 10
done_testing
