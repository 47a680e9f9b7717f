#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# reads.sh - the namespace view reads what it shows (issue 18): each
# process's /proc/PID/stat and the owner of /proc/PID, no status, whose
# capabilities it does not show; its USER is still the effective UID,
# which the owner of the /proc/PID directory is also for a process that is
# not dumpable, whose files (/proc/PID/fd, /proc/PID/stat) root owns.
#   - --ns net and -o NS,TYPE,PID,COMMAND open every process's stat and
#     no status;
#   - a row whose process is the first in its namespace, and one that
#     only an open file of another process holds, both processes nobody's
#     and not dumpable: USER nobody, as ps -o euser says; PPID as ps -o
#     ppid says.
# Everything runs in private mount and PID namespaces (unshare -m -p
# --mount-proc): nsinspect sees only the processes the test made, however
# busy the machine is.
# Oracles: ps -o euser,ppid (procps), stat(1), strace.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd unshare setpriv ps stat jq strace timeout
require_file /usr/bin/python3
require_nsinspect

# nobody reads the script and writes its PID in a directory of its own
chmod 711 "$T_TMP"
mkdir -m 1777 "$T_TMP/nb"

# nobody, not dumpable: python3 PIDFILE [hold]: with "hold", it first makes
# a network namespace in a child (in a user namespace of its own), keeps
# an fd of it and lets the child die, so that only that fd holds it
cat >"$T_TMP/nb/nobody.py" <<'EOF'
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
if len(sys.argv) > 2:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        # CLONE_NEWUSER | CLONE_NEWNET
        if libc.unshare(0x10000000 | 0x40000000) != 0:
            os._exit(3)
        os.write(w, b"x")
        time.sleep(60)
        os._exit(0)
    os.close(w)
    if os.read(r, 1) != b"x":       # no user namespace for nobody here
        sys.exit("unshare(CLONE_NEWUSER|CLONE_NEWNET) failed as nobody")
    fd = os.open("/proc/%d/ns/net" % pid, os.O_RDONLY)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
libc.prctl(4, 0, 0, 0, 0)       # PR_SET_DUMPABLE: 0
open(sys.argv[1], "w").write(str(os.getpid()))
time.sleep(120)
EOF

# LeakSanitizer cannot work in a traced process (it ptraces the threads):
# the sanitizer build is run under strace here
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export T_TMP NSINSPECT ASAN_OPTIONS
cat >"$T_TMP/inner.sh" <<'EOF'
set -u
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		/usr/bin/python3 "$T_TMP/nb/nobody.py" "$@"
}
for i in 1 2 3 4 5 6 7 8; do sleep 120 & done
# X holds a network namespace no process is in; Y is alone in its own
nobody "$T_TMP/nb/x.pid" hold &
unshare --net setpriv --reuid=65534 --regid=65534 --clear-groups -- \
	/usr/bin/python3 "$T_TMP/nb/nobody.py" "$T_TMP/nb/y.pid" &
for _ in $(seq 1 300); do
	[ -s "$T_TMP/nb/x.pid" ] && [ -s "$T_TMP/nb/y.pid" ] && break
	sleep 0.1
done
X=$(cat "$T_TMP/nb/x.pid") Y=$(cat "$T_TMP/nb/y.pid")
[ -n "$X" ] && [ -n "$Y" ] || exit 4
{ ps -o euser= -p "$X"; ps -o euser= -p "$Y"; ps -o ppid= -p "$Y"
  stat -c %u "/proc/$X/stat" "/proc/$Y/stat"; } | tr -d ' ' >"$T_TMP/oracle"
ls /proc | grep -c '^[0-9]' >"$T_TMP/nprocs"
strace -f -qq -e trace=openat -o "$T_TMP/opens.net" "$NSINSPECT" --ns net -J \
	>"$T_TMP/net.json" 2>"$T_TMP/net.err"
strace -f -qq -e trace=openat -o "$T_TMP/opens.cols" "$NSINSPECT" \
	-o NS,TYPE,PID,COMMAND >/dev/null 2>&1
echo "$X $Y" >"$T_TMP/xy"
kill $(jobs -p) 2>/dev/null
exit 0
EOF

if ! timeout 120 unshare -m -p --fork --mount-proc sh "$T_TMP/inner.sh" \
	>"$T_TMP/inner.out" 2>&1 || ! [ -s "$T_TMP/xy" ]; then
	not_ok "set up: processes of nobody, not dumpable, in private namespaces"
	diag_file "$T_TMP/inner.out" "its output"
	t_finish
fi
read -r X Y <"$T_TMP/xy"
{ read -r x_user; read -r y_user; read -r y_ppid; read -r x_owner
  read -r y_owner; } <"$T_TMP/oracle"
if [ "$x_user" = nobody ] && [ "$y_user" = nobody ] &&
   [ "$x_owner" = 0 ] && [ "$y_owner" = 0 ]; then
	ok "set up: two processes of nobody whose files in /proc/PID root owns"
else
	not_ok "set up: two processes of nobody whose files in /proc/PID root owns" \
		"ps -o euser: '$x_user' '$y_user'; owners: '$x_owner' '$y_owner'"
fi

nprocs=$(cat "$T_TMP/nprocs")
rows=$(jq '.namespaces | length' "$T_TMP/net.json" 2>/dev/null)
# the processes' files, not /proc/self/status (libcap's)
stats=$(grep -c '/stat", ' "$T_TMP/opens.net")
statuses=$(grep -v self/status "$T_TMP/opens.net" | grep -c '/status", ')
if [ "$stats" -ge $((nprocs - 1)) ] && [ -n "$rows" ] && [ "$statuses" = 0 ]
then
	ok "--ns net: a stat for each of the $nprocs processes, no status"
else
	not_ok "--ns net: a stat for each process, no status" \
		"$nprocs processes, ${rows:-no} rows; opened $stats stat, $statuses status"
fi
is "$(grep -v self/status "$T_TMP/opens.cols" | grep -c '/status", ')" 0 \
	"-o NS,TYPE,PID,COMMAND: no status opened"

row_of() {
	jq -r --argjson p "$1" '.namespaces[] | select(.pid == $p) |
		"\(.user) \(.ppid)"' "$T_TMP/net.json" 2>/dev/null
}
is "$(row_of "$Y")" "nobody $y_ppid" \
	"the first process of a namespace, not dumpable: USER nobody (not root), PPID as ps says"
held=$(jq -r --argjson p "$X" '.namespaces[] |
	select(.nprocs == 0 and .pid == $p) | .user' "$T_TMP/net.json" 2>/dev/null)
is "$held" "nobody" \
	"a namespace only an fd of another not dumpable process holds: USER nobody"
is "$(t_unexpected_err "$T_TMP/net.err")" "" "... nothing unexpected on stderr"

t_finish
