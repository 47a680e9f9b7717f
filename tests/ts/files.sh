#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# files.sh - what nsinspect opens can neither block it nor make it read a
# device, and every write error is one line:
#   - a FIFO or a device node bind-mounted over an nsfs mount point ("ip
#     netns add" in a private mount namespace, so the host is untouched):
#     nsinspect finishes (timeout 5 s), skips it with a counted line on
#     stderr and "not_nsfs" in JSON, never opens the device (inotify);
#     the same through the --detail and HOSTNAME children;
#   - a FIFO over /proc/PID/status, /dev/zero and a 2 GiB file over
#     /proc/PID/cmdline: refused or capped, not waited on or read whole;
#   - /proc that is not procfs (a tmpfs, as nobody in unshare -Urmn):
#     refused at start with one line, exit 1, also by --tui;
#   - --help, --version, -J and --graph to /dev/full or a closed stdout:
#     exit 1 and exactly one line "write error: ...".
. "$(dirname "$0")/lib.sh"

require_root
require_cmd unshare setpriv ip jq python3 jsonschema mount mknod timeout
require_nsinspect

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
# An AddressSanitizer build (.ci/run) cannot run under "ulimit -v" (its
# shadow memory is terabytes of address space), and says on stderr when
# it finds no /proc: those lines are the sanitizer's, not nsinspect's.
SAN=0
grep -qa __asan_init "$NSINSPECT" && SAN=1
export SAN
# no_san FILE - FILE without the sanitizer runtime's own lines
no_san() {
	if [ "$SAN" = 1 ]; then
		grep -vE '^(==[0-9]+==|False positive error reports|For details see https://github.com/google/sanitizers)' "$1"
	else
		cat "$1"
	fi
}
export T_TMP	# for the scripts run in private namespaces

# Each case runs in private mount and PID namespaces (unshare -m -p
# --mount-proc): nsinspect sees only what the case made, however busy the
# machine is, and the host is untouched.
#
# The script run in a private mount namespace (unshare -m): /run/netns
# becomes a tmpfs of that namespace, "ip netns add" makes a network
# namespace bound there, and $KIND is mounted over its mount point; then
# each "ARGS" line of $T_TMP/runs is one nsinspect run (timeout 5 s):
# stdout, stderr and the exit status in $T_TMP/run.N.{out,err,rc}.
# KIND: fifo, dev (a /dev/zero node: $T_TMP/zero, watched with inotify
# by $T_TMP/watch.py) or uts (a FIFO over a uts namespace's bind mount).
cat >"$T_TMP/inner.sh" <<'EOF'
set -u
KIND=$1
mount --make-rprivate / || exit 3
mkdir -p /run/netns && mount -t tmpfs nsi-files /run/netns || exit 3
if [ "$KIND" = uts ]; then
	touch /run/netns/nsi-uts && unshare --uts=/run/netns/nsi-uts true &&
		target=/run/netns/nsi-uts || exit 3
else
	ip netns add nsi-files || exit 3
	target=/run/netns/nsi-files
fi
case $KIND in
fifo | uts) mkfifo "$T_TMP/fifo" && mount --bind "$T_TMP/fifo" "$target" ;;
dev) mknod "$T_TMP/zero" c 1 5 && mount --bind "$T_TMP/zero" "$target" ;;
esac || exit 3
n=0
while read -r args; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	if [ "$KIND" = dev ]; then
		python3 "$T_TMP/watch.py" "$T_TMP/zero" "$T_TMP/run.$n.opened" \
			timeout 5 "$NSINSPECT" $args
	else
		timeout 5 "$NSINSPECT" $args
	fi >"$T_TMP/run.$n.out" 2>"$T_TMP/run.$n.err" </dev/null
	echo $? >"$T_TMP/run.$n.rc"
done <"$T_TMP/runs"
exit 0
EOF

# watch.py FILE RESULT CMD... - run CMD while inotify watches FILE; write
# to RESULT how many times FILE was opened meanwhile (O_PATH opens do
# not count: they reach no driver); exit with CMD's status.
cat >"$T_TMP/watch.py" <<'EOF'
import ctypes, os, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
IN_OPEN, IN_ACCESS = 0x20, 0x01
fd = libc.inotify_init1(os.O_NONBLOCK)
if fd < 0 or libc.inotify_add_watch(fd, sys.argv[1].encode(), IN_OPEN | IN_ACCESS) < 0:
    sys.exit(99)
rc = subprocess.call(sys.argv[3:])
opened = 0
try:
    data = os.read(fd, 65536)
except BlockingIOError:
    data = b""
while data:
    mask = int.from_bytes(data[4:8], sys.byteorder)
    size = int.from_bytes(data[12:16], sys.byteorder)
    opened += 1 if mask & (IN_OPEN | IN_ACCESS) else 0
    data = data[16 + size:]
open(sys.argv[2], "w").write("%d\n" % opened)
sys.exit(rc)
EOF

NOTE='^nsinspect: skipped 1 nsfs mount point: something other than an nsfs file is mounted over it$'

# in_private KIND ARGS-LINE... - run the private-namespace script with
# these nsinspect runs; false when it could not set itself up.
in_private() {
	_k=$1
	shift
	printf '%s\n' "$@" >"$T_TMP/runs"
	rm -f "$T_TMP"/run.* "$T_TMP/fifo" "$T_TMP/zero"
	timeout 60 unshare -m -p --fork --mount-proc sh "$T_TMP/inner.sh" "$_k"
}

# ran N DESC - run N exited 0 in time, with the counted note on stderr
# (once) and nothing else but the documented warning.
ran() {
	_rc=$(cat "$T_TMP/run.$1.rc" 2>/dev/null)
	_notes=$(grep -cE "$NOTE" "$T_TMP/run.$1.err")
	_other=$(grep -vE "$NOTE" "$T_TMP/run.$1.err" | t_unexpected_err /dev/stdin)
	if [ "$_rc" = 0 ] && [ "$_notes" = 1 ] && [ -z "$_other" ]; then
		ok "$2"
	else
		not_ok "$2" "exit status ${_rc:-none} (124: still running after 5 s), $_notes counted notes"
		diag_file "$T_TMP/run.$1.err" "stderr"
	fi
}

# --------------------------------------------- nsfs mount points covered
if in_private fifo "--ns net" "--ns net -J" "--ns net --detail" \
	"--ns net --detail -J" "--ns net --graph"; then
	ran 1 "a FIFO over an 'ip netns add' mount point: --ns net finishes, one counted note"
	ran 2 "... -J finishes"
	# the schema on the "unreadable" object only: the rows are
	# whatever else runs on this machine
	jq '{namespaces: [], unreadable}' "$T_TMP/run.2.out" >"$T_TMP/unr.json" 2>&1
	if [ "$(jq .unreadable.not_nsfs "$T_TMP/run.2.out" 2>&1)" = 1 ] &&
	   t_validate "$T_TMP/unr.json" >"$T_TMP/v.out" 2>&1; then
		ok "... -J: unreadable.not_nsfs is 1, valid against the schema"
	else
		not_ok "... -J: unreadable.not_nsfs is 1, valid against the schema"
		diag_file "$T_TMP/v.out" "schema"
		diag "unreadable: $(jq -c .unreadable "$T_TMP/run.2.out" 2>&1)"
	fi
	ran 3 "... --detail finishes (the child skips it too)"
	ran 4 "... --detail -J finishes"
	is "$(jq .unreadable.not_nsfs "$T_TMP/run.4.out" 2>&1)" 1 \
		"... --detail -J: unreadable.not_nsfs is 1"
	ran 5 "... --graph finishes"
else
	not_ok "a private mount namespace with a FIFO over a netns mount point could be set up"
fi

if in_private dev "--ns net" "--ns net --detail -J"; then
	ran 1 "a /dev/zero node over an 'ip netns add' mount point: --ns net finishes, one counted note"
	is "$(cat "$T_TMP/run.1.opened" 2>&1)" 0 "... the device is never opened"
	ran 2 "... --detail -J finishes"
	is "$(cat "$T_TMP/run.2.opened" 2>&1)" 0 "... --detail: the device is never opened"
	is "$(jq .unreadable.not_nsfs "$T_TMP/run.2.out" 2>&1)" 1 \
		"... --detail -J: unreadable.not_nsfs is 1"
else
	not_ok "a private mount namespace with a device over a netns mount point could be set up"
fi

if in_private uts "-t uts -o NS,TYPE,NSFS,HOSTNAME"; then
	ran 1 "a FIFO over a uts namespace's bind mount: -o HOSTNAME finishes (its child skips it), one counted note"
else
	not_ok "a private mount namespace with a FIFO over a uts mount point could be set up"
fi

# ------------------------------------------------ proc files replaced
cat >"$T_TMP/procfile.sh" <<'EOF'
set -u
mount --make-rprivate / || exit 3
# its own uts namespace: the row of which it is the PID
unshare --uts sleep 300 </dev/null >/dev/null 2>&1 &
P=$!
echo "$P" >"$T_TMP/proc.pid"
mkfifo "$T_TMP/pfifo" && truncate -s 2G "$T_TMP/big" || exit 3
case $1 in
status) mount --bind "$T_TMP/pfifo" "/proc/$P/status" ;;
zero) mount --bind /dev/zero "/proc/$P/cmdline" ;;
big) mount --bind "$T_TMP/big" "/proc/$P/cmdline" ;;
esac || { kill "$P"; exit 3; }
# the process view reads every status; the namespace view the command
# line of the row's process.  A build that reads all of a 2 GiB file
# would need gigabytes: stop it at 1 GiB.
case $1 in
status) set -- --caps ;;
*) set -- -o NS,TYPE,PID,COMMAND -t uts ;;
esac
(if [ "$SAN" = 0 ]; then ulimit -v 1048576; fi
 exec timeout 5 "$NSINSPECT" "$@") \
	>"$T_TMP/proc.out" 2>"$T_TMP/proc.err" </dev/null
echo $? >"$T_TMP/proc.rc"
kill "$P"
exit 0
EOF
for kind in status zero big; do
	rm -f "$T_TMP"/proc.* "$T_TMP/pfifo" "$T_TMP/big"
	if ! timeout 60 unshare -m -p --fork --mount-proc sh "$T_TMP/procfile.sh" "$kind"; then
		not_ok "$kind: a private mount namespace with a file over a proc file could be set up"
		continue
	fi
	rc=$(cat "$T_TMP/proc.rc")
	P=$(cat "$T_TMP/proc.pid")
	case $kind in
	status)
		d="a FIFO over /proc/PID/status: finishes, the status counted as unreadable"
		want='^nsinspect: could not read the status of 1 process: Wrong medium type$' ;;
	zero)
		d="/dev/zero over /proc/PID/cmdline: finishes, not read"
		want='' ;;
	big)
		# read up to the run's budget of command lines, then cut
		d="a 2 GiB file over /proc/PID/cmdline: finishes, cut at the budget and said"
		want='^nsinspect: 1 command line shown only in part: past 32 MiB of command lines' ;;
	esac
	other=$(grep -vE "${want:-^$}" "$T_TMP/proc.err" | t_unexpected_err /dev/stdin)
	[ -z "$other" ] || diag "unexpected on stderr: $other"
	if [ "$rc" = 0 ] && [ -z "$other" ] &&
	   { [ -z "$want" ] || grep -qE "$want" "$T_TMP/proc.err"; } &&
	   { [ "$kind" = status ] ||
	     grep -Eq "^ *[0-9]+ +uts +$P( |\$)" "$T_TMP/proc.out"; }; then
		ok "$d"
	else
		not_ok "$d" "exit status $rc (124: still running after 5 s)"
		diag_file "$T_TMP/proc.err" "stderr"
	fi
done

# ---------------------------------------------------- a long uid_map
# 340 extents (the kernel's most), written in one write(2) of less than a
# page; the kernel reads them back as lines of 33 bytes: 11 KiB
t_spawn "$T_TMP/userns.out" unshare -U sleep 300
U=$T_SPAWNED
t_wait 50 sh -c "[ \"\$(readlink /proc/$U/ns/user)\" != \"\$(readlink /proc/self/ns/user)\" ]"
i=0
while [ $i -lt 340 ]; do
	echo "$i $((1000 + i)) 1"
	i=$((i + 1))
done >"$T_TMP/uid_map"
if cat "$T_TMP/uid_map" >"/proc/$U/uid_map" &&
   [ "$(wc -c <"/proc/$U/uid_map")" -gt 4096 ]; then
	nsi_ok "-t user -o NS,UID_MAP -J" -t user -o NS,UID_MAP -J
	got=$(jq -r --argjson ns "$(t_ns_ino "$U" user)" \
		'.namespaces[] | select(.ns == $ns) | .uid_map' "$T_TMP/out" |
		tr ',' '\n' | grep -c .)
	is "$got" 340 "a uid_map of 340 extents (over 4 KiB) is read whole"
else
	not_ok "a uid_map of 340 extents could be written"
fi
t_kill "$U"

# ---------------------------------------------- /proc that is not procfs
# as nobody, in its own user and mount namespaces: a tmpfs over /proc
run $NOBODY unshare -Urmn sh -c 'mount -t tmpfs nsi /proc && exec timeout 5 "$0" "$@"' "$NSINSPECT"
is "$T_RC:$(no_san "$T_TMP/err")" "1:nsinspect: '/proc' is not a proc file system" \
	"nobody: a tmpfs over /proc is refused at start, one line, exit 1"
run $NOBODY unshare -Urmn sh -c 'mount -t tmpfs nsi /proc && exec timeout 5 "$0" "$@"' "$NSINSPECT" --caps -J
is "$T_RC:$(no_san "$T_TMP/err")" "1:nsinspect: '/proc' is not a proc file system" \
	"nobody: ... also for --caps -J"
if command -v tmux >/dev/null 2>&1; then
	t_tmux_trap
	t_tui_start 100 20 "$NOBODY unshare -Urmn sh -c 'mount -t tmpfs nsi /proc && exec timeout 5 $NSINSPECT --tui'"
	if t_tui_await 50 '^EXITED:1$' &&
	   t_tui_has "^nsinspect: '/proc' is not a proc file system\$"; then
		ok "nobody: --tui refuses a tmpfs over /proc, one line, exit 1"
	else
		not_ok "nobody: --tui refuses a tmpfs over /proc, one line, exit 1"
		diag_file "$T_TMP/screen" "screen"
	fi
else
	not_ok "required: command tmux is missing" "install the Debian package tmux"
fi

# ------------------------------------------------------- write errors
# one_line DESC WANT CMD... - CMD (as nobody) exits 1 with exactly the
# line WANT on stderr.
one_line() {
	_d=$1 _w=$2
	shift 2
	$NOBODY sh -c "$*" >/dev/null 2>"$T_TMP/w.err" </dev/null
	_rc=$?
	is "$_rc:$(cat "$T_TMP/w.err")" "1:$_w" "$_d"
}
FULL="nsinspect: write error: No space left on device"
CLOSED="nsinspect: write error: Bad file descriptor"
for a in --help -h --version -V; do
	one_line "nobody: $a >/dev/full: exit 1, one line" "$FULL" \
		"'$NSINSPECT' $a >/dev/full"
	one_line "nobody: $a >&-: exit 1, one line" "$CLOSED" \
		"'$NSINSPECT' $a >&-"
done
for a in "-J" "--caps -J" "--ns net --graph" "-t uts"; do
	# shellcheck disable=SC2086
	$NOBODY "$NSINSPECT" $a >/dev/full 2>"$T_TMP/w.err" </dev/null
	rc=$?
	# nobody may not ask the engine: that line is not the point here
	is "$rc:$(t_unexpected_err "$T_TMP/w.err" | grep -v 'cannot ask the Docker engine')" "1:$FULL" \
		"nobody: $a >/dev/full: exit 1, one line"
done

# ----------------------------------- a FUSE daemon that never answers
# Files of a FUSE file system whose daemon never answers (any user may
# mount one in a user namespace of its own): a lookup under it, or a
# stat(2) that asks it, waits for ever.  tests/helpers/fuse-stall.py puts
# a network namespace's only bind mount under such a mount, and holds an
# fd of the root of another one, detached (its fd link reads "/", as a
# detached nsfs mount's does).  nsinspect must finish, and list the
# namespace.
if [ -c /dev/fuse ] && grep -qw fuse /proc/filesystems; then
	FS="$T_TMP/fs"
	t_spawn "$T_TMP/fuse.log" unshare -m python3 "$T_TOP/tests/helpers/fuse-stall.py" \
		"$FS" "$T_TMP/fuse.ready"
	FUSEP=$T_SPAWNED
	if t_wait 100 test -s "$T_TMP/fuse.ready"; then
		FINO=$(cat "$T_TMP/fuse.ready")
		ok "set up: net:[$FINO] bind mounted only under a FUSE mount that never answers, and an fd of another's root"
		for a in "-t net -J" "-J" "-t net --detail -J"; do
			# shellcheck disable=SC2086
			timeout -s KILL 20 "$NSINSPECT" $a >"$T_TMP/fuse.out" 2>"$T_TMP/fuse.err" </dev/null
			rc=$?
			if [ "$rc" = 0 ] && t_jq "$T_TMP/fuse.out" --argjson ino "$FINO" \
				'[.namespaces[] | select(.ns == $ino and .type == "net")] |
				 length == 1 and (.[0].holder | index(["bind mount"]) != null)'; then
				ok "nsinspect $a finishes beside the stalled FUSE mounts and lists net:[$FINO] (bind mount)"
			else
				not_ok "nsinspect $a finishes beside the stalled FUSE mounts and lists net:[$FINO]" \
					"exit $rc (137: killed after 20 s)" "$(no_san "$T_TMP/fuse.err" | head -3)"
			fi
		done
	else
		not_ok "set up: tests/helpers/fuse-stall.py" "$(cat "$T_TMP/fuse.log")"
	fi
	t_kill "$FUSEP"
else
	not_ok "required: /dev/fuse and the fuse file system" \
		"load the fuse module (modprobe fuse)"
fi

t_finish
