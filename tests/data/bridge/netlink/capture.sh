#!/bin/bash
# Re-capture the files next to this script (needs root, iproute2, bridge-utils, python3):
# in a namespace of its own, bridges like tests/netns/t-bridge-show.sh makes; then one
# RTM_GETLINK dump (links.hex) and one RTM_GETNEIGH AF_BRIDGE dump (fdb.hex), one message
# per line in hex, and right after them what brctl prints (brctl-*.txt). test-bridge-format
# decodes the messages and compares the text with brctl's, running timers masked.
set -eu
out=$(cd "$(dirname "$0")" && pwd)
ns=vncap-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip netns exec "$ns" bash -eu <<'SH'
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link set lo up
port() { ip link add "$2" type veth peer name "$2-p"; ip link set "$2" master "$1"; ip link set "$2" up; [ -z "${3:-}" ] || ip link set "$2-p" up; }
ip link add br0 type bridge stp_state 0
ip link set br0 up
port br0 vnet10 up
port br0 vnet9 up
port br0 Port-A up
port br0 port-a
bridge fdb add 02:00:00:00:00:0d dev vnet10 master static
bridge fdb add 02:00:00:00:00:0e dev vnet9 master dynamic
bridge fdb add 02:00:00:00:00:0f dev vnet10 master permanent
bridge fdb add 02:00:00:00:00:10 dev Port-A master extern_learn
bridge fdb add 02:00:00:00:00:0b dev br0 self local
ip link add br1 type bridge stp_state 1 forward_delay 3000 hello_time 300 max_age 1200 ageing_time 12345 priority 4096
ip link set br1 up
port br1 stp0 up
port br1 stp1 up
ip link set dev stp1 type bridge_slave cost 7 priority 3 hairpin on
ip link add brEmpty type bridge
ip tuntap add mode tap name tap0
sleep 1
SH
ip netns exec "$ns" python3 - "$out" <<'PY'
import socket, struct, subprocess, sys
out = sys.argv[1]
def dump(s, msgtype, payload, seq):
    s.send(struct.pack('=IHHII', 16 + len(payload), msgtype, 0x301, seq, 0) + payload)  # REQUEST|DUMP
    msgs = []
    while True:
        data, off = s.recv(1 << 20), 0
        while off < len(data):
            ln, t = struct.unpack_from('=IH', data, off)
            if t == 3:      # NLMSG_DONE
                return msgs
            if t == 2:      # NLMSG_ERROR
                raise SystemExit('netlink error')
            msgs.append(data[off:off + ln])
            off += (ln + 3) & ~3
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 0))
# RTM_GETLINK, AF_UNSPEC, IFLA_EXT_MASK = RTEXT_FILTER_SKIP_STATS (as nl_brlink_dump asks)
links = dump(s, 18, struct.pack('=BxHiII', 0, 0, 0, 0, 0) + struct.pack('=HHI', 8, 29, 8), 1)
# RTM_GETNEIGH, a bare ndmsg of AF_BRIDGE: every entry of every device, unfiltered
fdb = dump(s, 30, struct.pack('=BxxxiHBB', 7, 0, 0, 0, 0), 2)
brctl = {k: subprocess.run(['brctl'] + a, capture_output=True, check=True).stdout
         for k, a in [('show', ['show']), ('showstp-br1', ['showstp', 'br1']),
                      ('showstp-br0', ['showstp', 'br0']), ('showmacs-br0', ['showmacs', 'br0'])]}
for name, msgs in [('links', links), ('fdb', fdb)]:
    with open(f'{out}/{name}.hex', 'w') as f:
        f.writelines(m.hex() + '\n' for m in msgs)
for k, v in brctl.items():
    open(f'{out}/brctl-{k}.txt', 'wb').write(v)
PY
