# nsfs-binds.py N DIR [SECONDS] - bind mount our network namespace
# (/proc/self/ns/net) N times on files of a tmpfs mounted on DIR, print
# "ready", then wait SECONDS (600).  Run as nobody inside
# "unshare -Urmn" (a user and mount namespace of its own): the attack of
# tests/ts/unpriv-cost.sh and of the bench's bind-mount table.
import ctypes, os, sys, time
n, d = int(sys.argv[1]), sys.argv[2]
wait = int(sys.argv[3]) if len(sys.argv) > 3 else 600
libc = ctypes.CDLL(None, use_errno=True)
def mount(src, dst, fstype, flags):
    if libc.mount(src, dst, fstype, flags, None) != 0:
        sys.exit("mount %s: %s" % (dst, os.strerror(ctypes.get_errno())))
os.makedirs(d, exist_ok=True)
mount(b"t", d.encode(), b"tmpfs", 0)
for i in range(n):
    p = ("%s/%d" % (d, i)).encode()
    os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o600))
    mount(b"/proc/self/ns/net", p, None, 4096)      # MS_BIND
print("ready", flush=True)
time.sleep(wait)
