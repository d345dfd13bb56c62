#!/usr/bin/env python3
"""ping_stream.py ADDR INTERVAL_MS DURATION_S: ICMP echo requests to ADDR every INTERVAL_MS
for DURATION_S seconds (run inside a test namespace, as root); then one line:
  sent=N received=N lost=N longest_gap_ms=G
longest_gap_ms: the longest time between two consecutive replies (or from the first request
to the first reply), what an outage in the middle of the stream costs."""
import os, select, socket, struct, sys, time

def checksum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff

def main():
    addr, interval, duration = sys.argv[1], int(sys.argv[2]) / 1000.0, float(sys.argv[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xffff
    start = time.monotonic()
    next_send, seq, got, last_reply, gap = start, 0, set(), start, 0.0
    end = start + duration
    while True:
        now = time.monotonic()
        if now >= end + 0.5:
            break
        if now >= next_send and now < end:
            hdr = struct.pack('!BBHHH', 8, 0, 0, ident, seq & 0xffff)
            pkt = hdr + b'virtnet-evpn'
            pkt = struct.pack('!BBHHH', 8, 0, checksum(pkt), ident, seq & 0xffff) + b'virtnet-evpn'
            s.sendto(pkt, (addr, 0))
            seq += 1
            next_send += interval
        r, _, _ = select.select([s], [], [], max(0.0, min(next_send, end + 0.5) - time.monotonic()))
        if not r:
            continue
        data, _ = s.recvfrom(2048)
        ihl = (data[0] & 0xf) * 4
        typ, _, _, rid, rseq = struct.unpack('!BBHHH', data[ihl:ihl + 8])
        if typ == 0 and rid == ident and rseq not in got:
            got.add(rseq)
            t = time.monotonic()
            gap = max(gap, t - last_reply)
            last_reply = t
    gap = max(gap, end - interval - last_reply)
    print('sent=%d received=%d lost=%d longest_gap_ms=%d' % (seq, len(got), seq - len(got), gap * 1000))

main()
