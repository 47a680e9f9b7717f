#!/usr/bin/env python3
"""fuse-stall.py DIR READY - holders whose files a FUSE daemon that never
answers serves (run as root under "unshare -m": every mount stays in that
private mount namespace, and goes with it).

  1. DIR/sub/n: the bind mount of a network namespace that nothing else
     holds (a child unshares it, bind mounts /proc/self/ns/net, exits);
  2. a FUSE file system mounted over DIR, whose INIT request is never
     read: any lookup under DIR, or any attribute request to it, waits
     for ever (until this process dies and the connection is aborted);
  3. an O_PATH fd of the root of a second such FUSE mount, then detached
     (umount -l): its /proc/PID/fd link reads "/", as a detached nsfs
     mount's does.

Writes "INODE\n" (the network namespace's) to READY, then sleeps.
"""
import ctypes
import os
import sys
import time

CLONE_NEWNET = 0x40000000
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

libc = ctypes.CDLL(None, use_errno=True)


def mount(src, target, fstype, flags, data):
    if libc.mount(src.encode(), target.encode(),
                  fstype.encode() if fstype else None, flags,
                  data.encode() if data else None) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), target)


def stalled_fuse(target):
    """Mount a FUSE file system on target; its /dev/fuse fd is kept open
    and never read."""
    fd = os.open("/dev/fuse", os.O_RDWR)
    mount("nsi-stall", target, "fuse", 0,
          "fd=%d,rootmode=40000,user_id=0,group_id=0" % fd)
    return fd


def main():
    top, ready = sys.argv[1], sys.argv[2]
    mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    os.makedirs(top + "/sub", exist_ok=True)
    os.makedirs(top + "-fd", exist_ok=True)
    with open(top + "/sub/n", "w"):
        pass
    pid = os.fork()
    if pid == 0:
        try:
            if libc.unshare(CLONE_NEWNET) != 0:
                os._exit(1)
            mount("/proc/self/ns/net", top + "/sub/n", None, MS_BIND, None)
        except OSError:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status:
        sys.exit("fuse-stall: could not bind mount a network namespace")
    ino = os.stat(top + "/sub/n").st_ino
    keep = [stalled_fuse(top), stalled_fuse(top + "-fd")]
    keep.append(os.open(top + "-fd", os.O_PATH))
    if libc.umount2((top + "-fd").encode(), MNT_DETACH) != 0:
        sys.exit("fuse-stall: umount -l failed")
    with open(ready + ".tmp", "w") as f:
        f.write("%d\n" % ino)
    os.rename(ready + ".tmp", ready)
    while True:
        time.sleep(3600)


main()
