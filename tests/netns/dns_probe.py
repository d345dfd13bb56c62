#!/usr/bin/env python3
"""dns_probe.py SERVER NAME SECONDS: ask SERVER for NAME's A record every 10 ms for SECONDS,
each query bounded to 50 ms; one line per query on stdout: "ok|no NANOSECONDS"."""
import socket, struct, sys, time

server, name, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
query_id = 0
end = time.time() + secs
while time.time() < end:
    query_id = (query_id + 1) & 0xffff
    q = struct.pack(">HHHHHH", query_id, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    q += struct.pack(">HH", 1, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.05)
    ok = False
    try:
        s.sendto(q, (server, 53))
        data = s.recv(512)
        ok = len(data) > 12 and struct.unpack(">H", data[:2])[0] == query_id and \
            struct.unpack(">H", data[6:8])[0] > 0
    except OSError:
        pass
    s.close()
    print("ok" if ok else "no", time.time_ns(), flush=True)
    time.sleep(0.01)
