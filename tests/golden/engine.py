#!/usr/bin/env python3
# engine.py - the Docker engine of a recorded machine (tests/ts/golden.sh):
# answers every request on a Unix socket with the recorded answer to
# GET /containers/json, until killed.
#
# Usage: engine.py ANSWER.json SOCKET
#   Prints "listening" once the socket is bound.
import os
import socket
import sys

answer, path = sys.argv[1:3]
with open(answer, "rb") as f:
    body = f.read()
if os.path.exists(path):
    os.unlink(path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
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
        if req:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json"
                      b"\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                      % len(body) + body)
    except OSError:
        pass
    c.close()
