# virtnet's side of ../shared/bench/libvirt_baseline.sh (sourced with --driver).
# Every operation is one virtnet command; with VN_DAEMON=1 (the default) virtnetd runs
# and the commands go through it, with VN_DAEMON=0 there is no daemon and each command
# works directly. All state lives under /run/vnbench, the tmpfs /run of the
# benchmark's private mount namespace.
VN_BIN=${VIRTNET_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/virtnet}
VND_BIN=${VIRTNETD_BIN:-$(dirname "$VN_BIN")/virtnetd}
VN_DAEMON=${VN_DAEMON:-1}
export VIRTNET_ROOT=/run/vnbench
VN_SOCK=$VIRTNET_ROOT/run/virtnet/virtnetd.sock
DRV_TMPFS_DIRS=""
unset -f drv_start_batch drv_destroy_batch     # no client session: one process per command
if [ "$VN_DAEMON" = 1 ]; then
    DRV_LABEL="virtnet $("$VN_BIN" --version | awk '{print $2}') (virtnetd)"
else
    DRV_LABEL="virtnet $("$VN_BIN" --version | awk '{print $2}') (no daemon)"
    export VIRTNET_DIRECT=1
fi

drv_label() { echo "$DRV_LABEL"; }
drv_versions() {
    echo "virtnet: $("$VN_BIN" --version)"
    echo "dnsmasq: $(dnsmasq --version | head -1)"
    echo "libnftables: $(dpkg-query -W -f='${Version}' libnftables1 2>/dev/null)"
    echo "kernel: $(uname -r)"
}
drv_daemon_start() {
    mkdir -p "$VIRTNET_ROOT"; chmod 755 "$VIRTNET_ROOT"; DAEMON_PID=
    [ "$VN_DAEMON" = 1 ] || return 0
    "$VND_BIN" --root "$VIRTNET_ROOT" 2>>"$WORK/virtnetd.log" &
    DAEMON_PID=$!
}
drv_daemon_stop() {
    [ -n "$DAEMON_PID" ] && { kill -TERM "$DAEMON_PID" 2>/dev/null; wait "$DAEMON_PID" 2>/dev/null; }
    DAEMON_PID=
}
# the cheapest request the daemon answers (with no daemon: a bare start of the CLI)
if [ "$VN_DAEMON" = 1 ]; then
    drv_ping() { curl -sf --unix-socket "$VN_SOCK" -o /dev/null http://virtnetd/v1/networks; }
else
    drv_ping() { "$VN_BIN" -q version >/dev/null 2>&1; }
fi
drv_define() {
    cat >"$WORK/net-$1.xml" <<XML
<network>
  <name>$1</name>
  <forward mode='nat'/>
  <bridge name='$2' stp='on' delay='0'/>
  <ip address='$3.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='$3.2' end='$3.254'/>
    </dhcp>
  </ip>
</network>
XML
    "$VN_BIN" -q define "$WORK/net-$1.xml" >/dev/null
}
drv_start() { "$VN_BIN" -q start "$1" >/dev/null; }
drv_destroy() { "$VN_BIN" -q destroy "$1" >/dev/null; }
drv_undefine() { "$VN_BIN" -q undefine "$1" >/dev/null; }
drv_list() { "$VN_BIN" list --all; }
drv_count_active() { "$VN_BIN" -q list --name | grep -c .; }
drv_helper_pids() {
    local p
    for p in $(ns_pids); do
        [ "$(cat /proc/$p/comm 2>/dev/null)" = dnsmasq ] && echo "$p"
    done
}
drv_dump_one() {
    local p f
    echo "### dnsmasq processes for network $1 (pid user ppid : cmdline)"
    for p in $(drv_helper_pids); do
        echo "$p $(stat -c %U /proc/$p) $(awk '/^PPid:/{print $2}' /proc/$p/status) : $(tr '\0' ' ' </proc/$p/cmdline)"
    done
    for f in "$VIRTNET_ROOT"/run/virtnet/dnsmasq/*.conf; do echo; echo "### $f"; cat "$f"; done
    echo; echo "### virtnet dumpxml $1"; "$VN_BIN" dumpxml "$1"
    echo "### nft list table inet virtnet"; nft list table inet virtnet
}
