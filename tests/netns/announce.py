#!/usr/bin/env python3
"""announce.py DEV IP: a gratuitous ARP from DEV for IP, broadcast, as a hypervisor announces
a guest that moved (QEMU's self-announce after a migration); run inside the guest."""
import socket, struct, sys

dev, ip = sys.argv[1], socket.inet_aton(sys.argv[2])
mac = bytes.fromhex(open(f"/sys/class/net/{dev}/address").read().strip().replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac, ip, b"\0" * 6, ip)
for _ in range(3):
    s.send(b"\xff" * 6 + mac + b"\x08\x06" + arp)
