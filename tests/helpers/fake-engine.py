#!/usr/bin/env python3
# fake-engine.py - a test helper of nsinspect: a hostile container
# engine API service on a Unix socket, for tests/ts/podman.sh (and the
# recorded machines' Docker engine of tests/golden/replay).
#
# Usage: fake-engine.py DIR NAME UID GID DELAY BYTES LOG
#        fake-engine.py DIR NAME UID GID DELAY @FILE LOG
#   Binds DIR/NAME (made by UID:GID: the process that listens is of UID,
#   SO_PEERCRED), then for each connection appends what the client sent
#   (its first line, or "(nothing)") to LOG (opened before the UID is
#   taken), waits DELAY seconds, and answers 200 with a JSON array of
#   BYTES bytes: entries of made-up 64-hex IDs, names and 60 labels each,
#   none of them a real container's; with @FILE, that file's content (a
#   recorded engine answer: tests/golden/replay).  Serves until killed.
#   The process changes neither groups nor IDs when it has UID and GID
#   already (in a user namespace, setgroups(2) is denied).
import os
import socket
import sys
import time

d, name, uid, gid, delay, size, log = sys.argv[1:8]
uid, gid, delay = int(uid), int(gid), float(delay)
logf = open(log, "a", buffering=1)
os.chdir(d)
if os.getuid() != uid or os.getgid() != gid:
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)

if size.startswith("@"):
    with open(size[1:], "rb") as f:
        body = f.read()
else:
    size = int(size)
    # many small members: what costs a JSON parser most per byte
    labels = ",".join('"l%d":%d' % (k, k) for k in range(60))
    entry = ('{"Id":"%064x","Names":["/fake%d"],"Image":"fake:latest",'
             '"Labels":{%s}}')
    parts, total, i = [], 2, 0
    while True:
        e = entry % (i, i, labels)
        if total + len(e) + 1 > size:
            break
        parts.append(e)
        total += len(e) + 1
        i += 1
    body = ("[" + ",".join(parts) + "]").encode()
    body += b" " * max(0, size - len(body))

srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(name)
srv.listen(8)
print("listening", flush=True)
while True:
    c, _ = srv.accept()
    c.settimeout(5)
    req = b""
    try:
        while b"\r\n\r\n" not in req and len(req) < 65536:
            got = c.recv(4096)
            if not got:
                break
            req += got
    except OSError:
        pass
    logf.write((req.split(b"\r\n")[0].decode(errors="replace")
                or "(nothing)") + "\n")
    if req:
        time.sleep(delay)
        try:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json"
                      b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                      % len(body))
            c.sendall(body)
        except OSError:
            pass
    c.close()
