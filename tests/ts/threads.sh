#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# threads.sh - namespaces and capabilities are per thread (issue 12,
# section 2).  tests/helpers/threads-hold builds the situations:
#   A: a thread unshares net, uts and ipc on its own, a worker thread keeps
#      every capability while the leader drops all (capset(2) on itself),
#      then the leader calls pthread_exit(3): a zombie (State Z) whose
#      /proc/PID/ns links fail with ENOENT while its threads live on;
#   B: the same capability split under a live leader.
# Oracles, all independent of nsinspect: the test's own reads of
# /proc/PID/task/TID/ns/* and /proc/PID/task/TID/status, getpcaps(8) on a
# TID and capsh --decode.  Table and JSON (schema-valid).
. "$(dirname "$0")/lib.sh"

: "${THREADS_HOLD:=$T_TOP/tests/helpers/threads-hold}"
require_root
require_cmd jq getpcaps capsh python3 stat awk sort
require_nsinspect
require_file "$THREADS_HOLD" "the threads-hold test helper"

TYPES="mnt net pid user uts ipc cgroup time"

# task_ns PID TID - "TYPE INODE" of each namespace link of that thread
# that resolves, one a line, sorted.
task_ns() {
	for _t in $TYPES; do
		_i=$(stat -L -c %i "/proc/$1/task/$2/ns/$_t" 2>/dev/null)
		[ -n "$_i" ] && echo "$_t $_i"
	done | sort
}

# task_status PID TID FIELD - a line of /proc/PID/task/TID/status.
task_status() {
	awk -v f="$3:" '$1 == f { print $2; exit }' \
		"/proc/$1/task/$2/status" 2>/dev/null
}

# rows FILE - "TYPE INODE" of every namespace row of nsinspect -J.
rows() {
	jq -r '.namespaces[] | "\(.type) \(.ns)"' "$1" | sort
}

# start LOG ARGS... - start threads-hold; P, U (-u thread) and C (-c
# thread) are set from what it prints (empty on failure).
start() {
	_log=$1
	shift
	t_spawn "$_log" "$THREADS_HOLD" "$@"
	P=$T_SPAWNED
	if ! t_wait 100 grep -qx ready "$_log"; then
		not_ok "set up: threads-hold $*" "$(cat "$_log")"
		t_finish
	fi
	U=$(sed -n 's/^unshare //p' "$_log")
	C=$(sed -n 's/^caps //p' "$_log")
}

# --- A: a zombie leader, its threads in other namespaces ------------------
start "$T_TMP/a.log" -u net,uts,ipc -c -x
t_wait 100 sh -c "grep -q '^State:.Z' /proc/$P/status"
if grep -q '^State:.Z' "/proc/$P/status" &&
   [ "$(t_status "$P" Threads)" = 3 ] &&
   ! readlink "/proc/$P/ns/net" >/dev/null 2>&1 &&
   [ -n "$U" ] && [ -n "$C" ]; then
	ok "set up: leader $P is a zombie with threads $U and $C, its ns/net link fails"
else
	not_ok "set up: a zombie leader with live threads" \
		"$(grep -E 'State|Threads' "/proc/$P/status")"
fi
task_ns "$P" "$U" >"$T_TMP/u.ns"
task_ns "$P" "$C" >"$T_TMP/c.ns"
for t in net uts ipc; do
	if [ "$(grep "^$t " "$T_TMP/u.ns")" = "$(grep "^$t " "$T_TMP/c.ns")" ]; then
		not_ok "set up: thread $U has a $t namespace of its own"
	fi
done

# every namespace of every live thread is listed
nsi_ok "nsinspect -J" -J && cp "$T_TMP/out" "$T_TMP/all.json"
check "nsinspect -J is valid against the schema" t_validate "$T_TMP/all.json"
rows "$T_TMP/all.json" >"$T_TMP/all.rows"
missing=$(sort -u "$T_TMP/u.ns" "$T_TMP/c.ns" | comm -23 - "$T_TMP/all.rows")
is "$missing" "" "every namespace of threads $U and $C of zombie $P is listed"

# -p PID: the process is in one namespace of each type, one its threads are in
nsi_ok "nsinspect -p $P -J" -p "$P" -J && rows "$T_TMP/out" >"$T_TMP/p.rows"
bad=$(sort -u "$T_TMP/u.ns" "$T_TMP/c.ns" | comm -13 - "$T_TMP/p.rows")
types=$(awk '{ print $1 }' "$T_TMP/p.rows" | sort -u | wc -l)
if [ -z "$bad" ] && [ "$types" = "$(wc -l <"$T_TMP/u.ns")" ] &&
   [ "$(wc -l <"$T_TMP/p.rows")" = "$types" ]; then
	ok "-p $P (zombie leader): one namespace of each of its $types types, each one its threads are in"
else
	not_ok "-p $P (zombie leader) lists the namespaces of its threads" \
		"rows: $(tr '\n' ';' <"$T_TMP/p.rows")" "thread $U: $(tr '\n' ';' <"$T_TMP/u.ns")"
fi

# the namespace of the other thread, where the two differ: held by it
for t in net uts ipc; do
	pi=$(awk -v t="$t" '$1 == t { print $2 }' "$T_TMP/p.rows")
	ui=$(awk -v t="$t" '$1 == t { print $2 }' "$T_TMP/u.ns")
	ci=$(awk -v t="$t" '$1 == t { print $2 }' "$T_TMP/c.ns")
	if [ "$pi" = "$ui" ]; then other=$ci tid=$C; else other=$ui tid=$U; fi
	if t_jq "$T_TMP/all.json" --arg t "$t" --argjson i "${other:-0}" \
		--arg h "thread $tid of PID $P" \
		'any(.namespaces[]; .type == $t and .ns == $i and
		     (.held_by // [] | index([$h]) != null) and .nprocs >= 1)'; then
		ok "$t:[$other] of thread $tid is counted, HELD_BY thread $tid of PID $P"
	else
		not_ok "$t:[$other] of thread $tid is counted and held by it" \
			"$(jq -c --arg t "$t" --argjson i "${other:-0}" '.namespaces[] | select(.type == $t and .ns == $i)' "$T_TMP/all.json")"
	fi
done

# -p TID: that thread's own namespaces, and whose thread it is
for tid in "$U" "$C"; do
	nsi -p "$tid" -J
	rows "$T_TMP/out" >"$T_TMP/tid.rows" 2>/dev/null
	task_ns "$P" "$tid" >"$T_TMP/tid.ns"
	if [ "$T_RC" = 0 ] && cmp -s "$T_TMP/tid.rows" "$T_TMP/tid.ns"; then
		ok "-p $tid -J: the namespaces of thread $tid (/proc/$P/task/$tid/ns)"
	else
		not_ok "-p $tid -J: the namespaces of thread $tid" "exit $T_RC" \
			"got: $(tr '\n' ';' <"$T_TMP/tid.rows")" \
			"want: $(tr '\n' ';' <"$T_TMP/tid.ns")" "$(cat "$T_TMP/err")"
	fi
	if grep -qx "nsinspect: $tid is a thread of PID $P" "$T_TMP/err"; then
		ok "-p $tid says it is a thread of PID $P"
	else
		not_ok "-p $tid says it is a thread of PID $P" "$(cat "$T_TMP/err")"
	fi
	nsi -p "$tid" -n -o NS,TYPE
	awk '{ print $2, $1 }' "$T_TMP/out" | sort >"$T_TMP/tid.rows"
	if [ "$T_RC" = 0 ] && cmp -s "$T_TMP/tid.rows" "$T_TMP/tid.ns"; then
		ok "-p $tid (table): the namespaces of thread $tid"
	else
		not_ok "-p $tid (table): the namespaces of thread $tid" \
			"got: $(tr '\n' ';' <"$T_TMP/tid.rows")"
	fi
done

# --caps TID: that thread's own sets (getpcaps TID, its task status)
EFF=$(task_status "$P" "$C" CapEff)
nsi_ok "--caps $C -J" --caps "$C" -J && cp "$T_TMP/out" "$T_TMP/ct.json"
check "--caps $C -J is valid against the schema" t_validate "$T_TMP/ct.json"
want=$(getpcaps "$C" 2>&1 | sed 's/^[0-9]*: *//')
got=$(jq -r '.processes[] | "\(.pid) \(.tid) \(.capeff.mask) \(.captext)"' "$T_TMP/ct.json")
is "$got" "$P $C 0x$EFF $want" "--caps $C -J: PID $P, TID $C, CapEff of its task status, CAPTEXT as getpcaps $C"
t_cap_names "$EFF" >"$T_TMP/want.names"
jq -r '.processes[0].capeff.names[]' "$T_TMP/ct.json" | sort >"$T_TMP/got.names"
if [ -s "$T_TMP/want.names" ] && cmp -s "$T_TMP/got.names" "$T_TMP/want.names"; then
	ok "--caps $C -J: capeff names as capsh --decode=$EFF"
else
	not_ok "--caps $C -J: capeff names as capsh --decode"
fi
nsi_ok "--caps $C (table)" --caps "$C"
if grep -Eq "^PID +$P\$" "$T_TMP/out" && grep -Eq "^TID +$C\$" "$T_TMP/out" &&
   grep -Eq "^CAPTEXT +$want\$" "$T_TMP/out"; then
	ok "--caps $C (table): PID $P, TID $C, CAPTEXT $want"
else
	not_ok "--caps $C (table): PID, TID and CAPTEXT" "$(head -5 "$T_TMP/out")"
fi

# --caps: the process is listed (its leader has none), with thread C under it
LEFF=$(t_status "$P" CapEff)
nsi_ok "--caps -J" --caps -J
check "--caps -J is valid against the schema" t_validate "$T_TMP/out"
nsi_ok "--caps -J -o PID,TID,CAPEFF" --caps -J -o PID,TID,CAPEFF &&
	cp "$T_TMP/out" "$T_TMP/caps.json"
got=$(jq -r --argjson p "$P" '.processes[] | select(.pid == $p) |
	"\(.capeff.mask) \([.threads[]? | "\(.tid)=\(.capeff.mask)"] | join(","))"' "$T_TMP/caps.json")
is "$got" "0x$LEFF $C=0x$EFF" "--caps -J: zombie $P (CapEff $LEFF) listed with thread $C (CapEff $EFF) in threads"
nsi_ok "--caps (table)" --caps -o PID,TID,CAPEFF
if grep -Eq -- "-$P +$C +.*cap_sys_admin" "$T_TMP/out"; then
	ok "--caps (table): thread $C under $P with cap_sys_admin"
else
	not_ok "--caps (table): thread $C under $P" "$(grep -- "$P" "$T_TMP/out" | cut -c1-120)"
fi
t_kill "$P"

# --- B: a live leader that dropped everything, a worker that did not -------
start "$T_TMP/b.log" -c
EFF=$(task_status "$P" "$C" CapEff)
LEFF=$(t_status "$P" CapEff)
if [ "$LEFF" = 0000000000000000 ] && t_cap_names "$EFF" | grep -qx cap_sys_admin; then
	ok "set up: leader $P has no capabilities, worker $C keeps cap_sys_admin"
else
	not_ok "set up: leader without capabilities, worker with" "leader $LEFF worker $EFF"
fi
nsi_ok "--caps -J -o +CAPEFF" --caps -J -o +CAPEFF &&
	cp "$T_TMP/out" "$T_TMP/b.json"
if t_jq "$T_TMP/b.json" --argjson p "$P" --argjson c "$C" \
	'any(.processes[]; .pid == $p and (.capeff.names | index(["cap_sys_admin"]) == null) and
	     any(.threads[]?; .tid == $c and (.capeff.names | index(["cap_sys_admin"]) != null)))'; then
	ok "--caps -J: worker $C's cap_sys_admin is visible under $P"
else
	not_ok "--caps -J: worker $C's cap_sys_admin is visible" \
		"$(jq -c --argjson p "$P" '.processes[] | select(.pid == $p)' "$T_TMP/b.json" | cut -c1-300)"
fi
nsi_ok "--caps $P -J" --caps "$P" -J
if t_jq "$T_TMP/out" --argjson c "$C" --arg m "0x$EFF" \
	'.processes[0].threads | length == 1 and .[0].tid == $c and .[0].capeff.mask == $m'; then
	ok "--caps $P -J: thread $C with its own CapEff"
else
	not_ok "--caps $P -J: thread $C with its own CapEff" "$(cut -c1-300 "$T_TMP/out")"
fi
# a thread is in its process's user namespace (none can leave it alone)
if t_jq "$T_TMP/out" --argjson u "$(t_ns_ino "$P" user)" \
	'.processes[0] | .userns == $u and .threads[0].userns == $u and
	 .threads[0].initial_userns == .initial_userns'; then
	ok "--caps $P -J: thread $C's userns is its process's ($(t_ns_ino "$P" user))"
else
	not_ok "--caps $P -J: thread $C's userns is its process's" \
		"$(jq -c '.processes[0] | [.userns, .initial_userns, (.threads[0] | .userns, .initial_userns)]' "$T_TMP/out")"
fi
nsi_ok "--caps $P (table)" --caps "$P"
if grep -Eq "^TID +$C\$" "$T_TMP/out" && grep -Eq "^CAPEFF +.*cap_sys_admin" "$T_TMP/out"; then
	ok "--caps $P (table): a block for thread $C, with cap_sys_admin"
else
	not_ok "--caps $P (table): a block for thread $C" "$(grep -E '^(PID|TID|CAPEFF)' "$T_TMP/out" | cut -c1-100)"
fi
# --audit -p TID judges that thread: its own sets (getpcaps TID)
nsi --audit -p "$C" -J
if [ "$T_RC" = 0 ] && grep -qx "nsinspect: $C is a thread of PID $P" "$T_TMP/err" &&
	t_jq "$T_TMP/out" --argjson p "$P" --argjson c "$C" \
	'.audit[0].pid == $p and .audit[0].tid == $c and
	 (.audit[0].capabilities.effective | index(["cap_sys_admin"]) != null)'; then
	ok "--audit -p $C -J: thread $C of PID $P, its own effective cap_sys_admin"
else
	not_ok "--audit -p $C -J: thread $C of PID $P, its own effective set" \
		"exit $T_RC" "$(cat "$T_TMP/err")" "$(cut -c1-300 "$T_TMP/out")"
fi
check "--audit -p $C -J is valid against the schema" t_validate "$T_TMP/out"
nsi --audit -p "$C"
if [ "$T_RC" = 0 ] && grep -Eq "^thread +$C\$" "$T_TMP/out" && grep -Eq "^process +$P\$" "$T_TMP/out"; then
	ok "--audit -p $C: process $P, thread $C"
else
	not_ok "--audit -p $C: process $P, thread $C" "$(head -3 "$T_TMP/out")"
fi
t_kill "$P"

# --- a TID that is no thread: one line, exit 1 -------------------------------
N=$(($(cat /proc/sys/kernel/pid_max) - 1))
while [ -e "/proc/$N" ]; do N=$((N - 1)); done
for opt in -p --caps; do
	nsi "$opt" "$N"
	if [ "$T_RC" = 1 ] && [ "$(wc -l <"$T_TMP/err")" = 1 ]; then
		ok "$opt $N (no such task): one stderr line, exit 1"
	else
		not_ok "$opt $N (no such task)" "exit $T_RC" "$(cat "$T_TMP/err")"
	fi
done

t_finish
