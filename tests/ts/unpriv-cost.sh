#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# unpriv-cost.sh - what an unprivileged user adds costs root's nsinspect
# O(1) each, and what one namespace records is bounded (issue 11).
#   - nobody, in a user and mount namespace of its own (unshare -Urmn),
#     bind mounts its network namespace 40,000 times: root's nsinspect
#     must not slow down much (the old list scan took seconds, quadratic),
#     must not look at them at all for -t uts, and records at most 1024
#     holders of that namespace, saying how many it left out (stderr line,
#     JSON "omitted", HELD_BY's last line);
#   - nobody holds 1,100 fds of a network namespace it is not in: the
#     same limit, the same count;
#   - nobody gives 30 processes, each in a uts namespace of its own, the
#     same command line of 6 MB (shared after fork): root's nsinspect
#     reads none when no column shows them, and keeps at most 32 MiB.
# Oracles: the counts nobody's helper made, and stat(1) of the namespace.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd setpriv unshare python3 jq stat date head tr
require_file /usr/bin/time "GNU time (package time)"
require_nsinspect

N=40000
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all -- "$@"
}

# nobody's python: not one from root's PATH (pyenv shims below /root)
PY=/usr/bin/python3
require_file "$PY" "python3 of Debian"

# best_ms ARGS... - run nsinspect ARGS three times (see nsi; the last
# run's output stays); BEST is the smallest wall time, in ms.
best_ms() {
	BEST=
	for _i in 1 2 3; do
		_t0=$(date +%s%N)
		nsi "$@"
		_v=$((($(date +%s%N) - _t0) / 1000000))
		if [ -z "$BEST" ] || [ "$_v" -lt "$BEST" ]; then BEST=$_v; fi
	done
}

best_ms -t uts
BASE_UTS=$BEST
best_ms -t net
BASE_NET=$BEST

# --- 40,000 bind mounts of one netns, made by nobody ------------------------
# a copy nobody may read (the tree may be below a directory of root's)
cp "$T_TOP/tests/helpers/nsfs-binds.py" "$T_TMP/mounts.py"
chmod 755 "$T_TMP"
chmod 644 "$T_TMP/mounts.py"
t_spawn "$T_TMP/mounts.out" as_nobody unshare -Urmn "$PY" \
	"$T_TMP/mounts.py" "$N" "/tmp/$T_NAME-m"
MP=$T_SPAWNED
t_wait 1800 grep -qx ready "$T_TMP/mounts.out"
# the python process: the only child of unshare (same PID after exec)
MINO=
for p in $(t_descendants "$MP") "$MP"; do
	if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = python3 ]; then
		MINO=$(stat -L -c %i "/proc/$p/ns/net" 2>/dev/null)
	fi
done
if grep -qx ready "$T_TMP/mounts.out" && [ -n "$MINO" ]; then
	ok "nobody made $N bind mounts of net:[$MINO] in its own mount namespace"
else
	not_ok "nobody's bind mounts" "$(cat "$T_TMP/mounts.out")"
	t_finish
fi

# -t uts: the net bind mounts are not looked at, and cost next to nothing
best_ms -t uts -J
T=$BEST
if [ "$T_RC" -eq 0 ] && ! t_jq "$T_TMP/out" 'has("omitted")' &&
   [ "$T" -le $((BASE_UTS * 3 + 1000)) ]; then
	ok "-t uts ignores them: ${T} ms (${BASE_UTS} ms without them)"
else
	not_ok "-t uts with $N net bind mounts" "exit $T_RC, ${T} ms (${BASE_UTS} ms without them)"
	diag_file "$T_TMP/err" "stderr"
fi

# -t net: O(1) per mount, so about the time of reading them once
best_ms -t net -J
T=$BEST
if [ "$T" -le $((BASE_NET * 3 + 1500)) ]; then
	ok "-t net with $N bind mounts of one netns: ${T} ms (${BASE_NET} ms without them)"
else
	not_ok "-t net with $N bind mounts: ${T} ms (${BASE_NET} ms without them): not linear"
fi

# what is recorded: 1024 holders, the rest counted, in JSON and on stderr
OMIT=$((N - 1024))
if [ "$T_RC" -eq 0 ] &&
   t_jq "$T_TMP/out" --argjson i "$MINO" \
	'[.namespaces[] | select(.ns == $i) | .held_by | length] == [1024]' &&
   t_jq "$T_TMP/out" --argjson o "$OMIT" \
	'.omitted | .holders == $o and .namespaces == 1 and .limit_per_namespace == 1024'; then
	ok "JSON: 1024 holders of net:[$MINO] recorded, omitted.holders $OMIT"
else
	not_ok "JSON: the holders of net:[$MINO] and the omitted count" "exit $T_RC"
	diag "$(jq -c '.omitted' "$T_TMP/out" 2>&1)"
	diag_file "$T_TMP/err" "stderr"
fi
if out=$(t_validate "$T_TMP/out"); then
	ok "JSON with an omitted count is valid against the schema"
else
	not_ok "JSON against the schema" "$out"
fi
if grep -qx "nsinspect: $OMIT holders of 1 namespace not recorded: each namespace records at most 1024 (threads, fds, sockets, bind mounts)" "$T_TMP/err"; then
	ok "one stderr line says $OMIT holders were not recorded"
else
	not_ok "the stderr line of the omitted holders"
	diag_file "$T_TMP/err" "stderr"
fi
nsi -t net -o NS,HELD_BY "$MINO"
if [ "$T_RC" -eq 0 ] && [ "$(grep -c ' in mnt:\[' "$T_TMP/out")" -eq 1024 ] &&
   tail -n 1 "$T_TMP/out" | grep -q " $OMIT more not recorded\$"; then
	ok "table: 1024 HELD_BY lines, then '$OMIT more not recorded'"
else
	not_ok "table: HELD_BY of net:[$MINO]" "exit $T_RC"
	tail -n 3 "$T_TMP/out" | diag_file /dev/stdin "last lines"
fi
t_kill "$MP"

# --- 1,100 fds of a netns nobody's process is not in ------------------------
cat >"$T_TMP/fds.py" <<'EOF'
import os, resource, subprocess, sys, time
n = int(sys.argv[1])
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 100), hard))
c = subprocess.Popen(["unshare", "-Urn", "sleep", "600"])
own = os.stat("/proc/self/ns/net").st_ino
for _ in range(100):
    try:
        if os.stat("/proc/%d/ns/net" % c.pid).st_ino != own:
            break
    except OSError:
        pass
    time.sleep(0.1)
fds = [os.open("/proc/%d/ns/net" % c.pid, os.O_RDONLY) for _ in range(n)]
print("ready %d" % os.fstat(fds[0]).st_ino, flush=True)
time.sleep(600)
EOF
chmod 644 "$T_TMP/fds.py"
t_spawn "$T_TMP/fds.out" as_nobody "$PY" "$T_TMP/fds.py" 1100
FP=$T_SPAWNED
t_wait 300 grep -q '^ready' "$T_TMP/fds.out"
FINO=$(sed -n 's/^ready //p' "$T_TMP/fds.out")
if [ -z "$FINO" ]; then
	not_ok "nobody holds 1100 fds of another netns" "$(cat "$T_TMP/fds.out")"
	t_finish
fi
nsi -t net -J "$FINO"
if [ "$T_RC" -eq 0 ] &&
   t_jq "$T_TMP/out" '[.namespaces[0].held_by | length] == [1024]' &&
   t_jq "$T_TMP/out" '.omitted.holders == 76 and .omitted.namespaces == 1' &&
   grep -q "^nsinspect: 76 holders of 1 namespace not recorded" "$T_TMP/err"; then
	ok "1100 fds of net:[$FINO]: 1024 recorded, 76 counted"
else
	not_ok "1100 fds of net:[$FINO]" "exit $T_RC"
	diag "$(jq -c '.omitted' "$T_TMP/out" 2>&1)"
	diag_file "$T_TMP/err" "stderr"
fi
t_kill "$FP"

# --- 30 processes sharing a 6 MB command line, each in its own uts ns ---------
# Forked children share their parent's arguments: 180 MB of command lines
# cost nobody little.  Root's nsinspect reads no command line when no
# column shows one, and keeps at most 32 MiB of them when one does (the
# rest: the first 4096 bytes of each, counted).
cat >"$T_TMP/argv.py" <<'EOF'
import ctypes, os, sys, time
n = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
for _ in range(n):
    if os.fork() == 0:
        if libc.unshare(0x04000000) != 0:       # CLONE_NEWUTS
            os._exit(1)
        time.sleep(600)
        os._exit(0)
print("ready", flush=True)
time.sleep(600)
EOF
chmod 644 "$T_TMP/argv.py"
# 60 arguments of 100,000 bytes: an unlimited stack allows 6 MB of them
cat >"$T_TMP/argv.sh" <<'EOF'
ulimit -s unlimited || exit 1
A=$(head -c 100000 /dev/zero | tr '\0' A)
set --
i=0
while [ $i -lt 60 ]; do set -- "$@" "$A"; i=$((i + 1)); done
exec "$PY" "$T_TMP/argv.py" 30 "$@"
EOF
chmod 644 "$T_TMP/argv.sh"
export PY T_TMP
t_spawn "$T_TMP/argv.out" as_nobody unshare -Ur sh "$T_TMP/argv.sh"
AP=$T_SPAWNED
t_wait 300 grep -qx ready "$T_TMP/argv.out"
sleep 1	# the children's unshare
if ! grep -qx ready "$T_TMP/argv.out"; then
	not_ok "nobody's 30 processes with a 6 MB command line" "$(head -c 300 "$T_TMP/argv.out")"
else
	# the bounds of max RSS, in KiB: an AddressSanitizer build (.ci/run)
	# keeps up to 256 MiB of freed memory in quarantine, and its shadow
	RSS_NONE=65536
	RSS_SOME=204800
	if grep -qa __asan_init "$NSINSPECT"; then
		RSS_NONE=$((RSS_NONE + 524288))
		RSS_SOME=$((RSS_SOME + 524288))
	fi
	# peak_kib ARGS... - run nsinspect ARGS (see nsi); PEAK its max RSS in KiB
	peak_kib() {
		/usr/bin/time -f %M -o "$T_TMP/rss" "$NSINSPECT" "$@" \
			>"$T_TMP/out" 2>"$T_TMP/err" </dev/null
		T_RC=$?
		PEAK=$(tail -n 1 "$T_TMP/rss")
	}
	peak_kib -t uts -o NS,PID
	if [ "$T_RC" -eq 0 ] && [ "$PEAK" -lt "$RSS_NONE" ] &&
	   ! grep -q "command line" "$T_TMP/err"; then
		ok "-t uts -o NS,PID reads no command line: max RSS $PEAK KiB"
	else
		not_ok "-t uts -o NS,PID with 30 command lines of 6 MB" "exit $T_RC, max RSS $PEAK KiB"
		diag_file "$T_TMP/err" "stderr"
	fi
	peak_kib -t uts -J
	if [ "$T_RC" -eq 0 ] && [ "$PEAK" -lt "$RSS_SOME" ] &&
	   t_jq "$T_TMP/out" '.omitted.command_lines >= 20 and .omitted.command_line_budget == 33554432' &&
	   grep -Eq "^nsinspect: [0-9]+ command lines shown only in part: past 32 MiB of command lines, each keeps its first 4096 bytes$" "$T_TMP/err"; then
		ok "-t uts -J keeps 32 MiB of command lines: max RSS $PEAK KiB, $(jq .omitted.command_lines "$T_TMP/out") shown in part"
	else
		not_ok "-t uts -J with 30 command lines of 6 MB" "exit $T_RC, max RSS $PEAK KiB"
		diag "$(jq -c .omitted "$T_TMP/out" 2>&1)"
		diag_file "$T_TMP/err" "stderr"
	fi
	if out=$(t_validate "$T_TMP/out"); then
		ok "JSON with command lines shown in part is valid against the schema"
	else
		not_ok "JSON with command lines shown in part, against the schema" "$out"
	fi
	nsi --caps -o PID,COMMAND -J
	if [ "$T_RC" -eq 0 ] && t_jq "$T_TMP/out" '.omitted.command_lines >= 20' &&
	   out=$(t_validate "$T_TMP/out"); then
		ok "--caps -o PID,COMMAND -J: command lines shown in part, counted, schema-valid"
	else
		not_ok "--caps -o PID,COMMAND -J with 30 command lines of 6 MB" "exit $T_RC" "$out"
	fi
	peak_kib -t uts
	if [ "$T_RC" -eq 0 ] && [ "$PEAK" -lt "$RSS_SOME" ]; then
		ok "-t uts (table) with them: max RSS $PEAK KiB"
	else
		not_ok "-t uts (table) with 30 command lines of 6 MB" "exit $T_RC, max RSS $PEAK KiB"
	fi
fi
t_kill "$AP"

t_finish
