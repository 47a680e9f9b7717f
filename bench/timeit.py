#!/usr/bin/python3
"""bench/timeit.py - run a command ROUNDS times and print, for each run, a
line "WALL CPU MAXRSS": its wall time and CPU time (user + sys) in seconds
(microseconds' resolution, where /usr/bin/time gives hundredths) from
wait4(2), and its peak memory (max RSS) in KiB from /usr/bin/time's %M:
a child spawned from Python would count Python's own memory (exec(2)
keeps the largest RSS of the memory it replaces), GNU time's fork does
not.  Its fork and exec are in the wall time (under a millisecond).

Usage: timeit.py [-n ROUNDS] [-t] [-o FILE] -- CMD [ARG...]
  -n  runs (default 1)
  -t  the command keeps this stdin, stdout and stderr (a terminal); else
      they are /dev/null
  -o  write the lines to FILE (written once all runs are done) instead of
      stdout
Exits 1 if a run could not be started or was killed by a signal."""
import os
import sys
import time


def run(argv, keep, rssfile):
    """One run of argv: (wall s, cpu s, maxrss KiB, status)."""
    argv = ["/usr/bin/time", "-f", "%M", "-o", rssfile, "--"] + argv
    fa = None
    if not keep:
        fd = os.open(os.devnull, os.O_RDWR)
        fa = [(os.POSIX_SPAWN_DUP2, fd, 0), (os.POSIX_SPAWN_DUP2, fd, 1),
              (os.POSIX_SPAWN_DUP2, fd, 2)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=fa or ())
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if not keep:
        os.close(fd)
    with open(rssfile) as f:
        # the last line: a line about the exit status may come first
        rss = int(f.read().split()[-1])
    return wall, ru.ru_utime + ru.ru_stime, rss, status


def main(args):
    rounds, keep, out = 1, False, None
    while args and args[0] != "--":
        opt = args.pop(0)
        if opt == "-n":
            rounds = int(args.pop(0))
        elif opt == "-t":
            keep = True
        elif opt == "-o":
            out = args.pop(0)
        else:
            sys.exit("timeit.py: unknown option " + opt)
    if not args[1:]:
        sys.exit(__doc__)
    lines, rc = [], 0
    rssfile = "%s/timeit.%d" % (os.environ.get("TMPDIR", "/tmp"), os.getpid())
    for _ in range(rounds):
        try:
            wall, cpu, rss, status = run(args[1:], keep, rssfile)
        except (OSError, ValueError, IndexError) as e:
            sys.exit("timeit.py: %s: %s" % (args[1], e))
        finally:
            if os.path.exists(rssfile):
                os.unlink(rssfile)
        if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) > 128:
            rc = 1
        lines.append("%.6f %.6f %d\n" % (wall, cpu, rss))
    if out:
        with open(out + ".part", "w") as f:
            f.writelines(lines)
        os.rename(out + ".part", out)
    else:
        sys.stdout.writelines(lines)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
