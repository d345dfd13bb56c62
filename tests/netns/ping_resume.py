#!/usr/bin/env python3
"""ping_resume.py ADDR SECONDS [READY_FILE [SINCE_FILE]]: an ICMP echo request to ADDR every
10 ms for SECONDS; prints "sent N received M lost L longest_gap_ms G resumed_ms R", G being
the longest time without a reply between the first and the last one, R the time from the
moment SINCE_FILE holds (seconds since the epoch, written while the stream runs) to the
first reply after it (-1 without one). READY_FILE is created once the first reply came."""
import os, select, socket, struct, sys, time

addr, secs = sys.argv[1], float(sys.argv[2])
ready = sys.argv[3] if len(sys.argv) > 3 else None
since_file = sys.argv[4] if len(sys.argv) > 4 else None
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
ident = os.getpid() & 0xffff

def csum(b):
    b += b"\0" * (len(b) & 1)
    t = sum(struct.unpack(f"!{len(b) // 2}H", b))
    t = (t >> 16) + (t & 0xffff)
    return ~(t + (t >> 16)) & 0xffff

sent, got, replies = 0, set(), []
end = time.monotonic() + secs
nxt = time.monotonic()
while time.monotonic() < end:
    now = time.monotonic()
    if now >= nxt:
        hdr = struct.pack("!BBHHH", 8, 0, 0, ident, sent & 0xffff)
        s.sendto(struct.pack("!BBHHH", 8, 0, csum(hdr + b"x" * 16), ident, sent & 0xffff) + b"x" * 16,
                 (addr, 0))
        sent += 1
        nxt += 0.01
    r, _, _ = select.select([s], [], [], max(0, nxt - time.monotonic()))
    if r:
        data = s.recv(2048)
        ihl = (data[0] & 0xf) * 4
        typ, _, _, rid, seq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
        if typ == 0 and rid == ident and seq not in got:
            got.add(seq)
            replies.append((time.monotonic(), time.time()))
            if ready and len(replies) == 1:
                open(ready, "w").close()
gap = max((b[0] - a[0] for a, b in zip(replies, replies[1:])), default=0)
resumed = -1
try:
    since = float(open(since_file).read()) if since_file else None
    after = [t for _, t in replies if t >= since] if since is not None else []
    resumed = round((after[0] - since) * 1000) if after else -1
except (OSError, ValueError):
    pass
print(f"sent {sent} received {len(got)} lost {sent - len(got)} longest_gap_ms {gap * 1000:.0f}"
      f" resumed_ms {resumed}")
