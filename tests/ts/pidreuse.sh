#!/bin/sh
# shellcheck shell=sh disable=SC2016
# pidreuse.sh - a PID given to a new process while nsinspect is reading
# the old one must not mix the two.  In a new PID namespace (so that the
# PID can be chosen, with ns_last_pid), the pid-reuse helper runs
# nsinspect under ptrace(2); right after nsinspect has read the first
# thing of a "victim" process, the victim is killed and reaped and a
# "newcomer" in a new UTS namespace gets its PID.  nsinspect must show
# either the victim whole or nothing of it: never the victim counted in
# the newcomer's UTS namespace, nor the newcomer's name on the victim's
# data.  (nsinspect before its scan read each process through one pinned
# /proc/PID fd showed the victim's PID in the newcomer's UTS namespace.)
. "$(dirname "$0")/lib.sh"

require_root
require_cmd unshare jq
: "${PID_REUSE:=$T_TOP/tests/helpers/pid-reuse}"
require_file "$PID_REUSE" "the pid-reuse test helper"
require_nsinspect

if [ "$(uname -m)" != x86_64 ]; then
	skip "pid-reuse reads x86_64 syscall registers; this is $(uname -m)"
	t_finish
fi

# LeakSanitizer cannot work in a traced process (it ptraces the threads).
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS

# reuse NAME ARGS... - run nsinspect ARGS under the helper; its output in
# $T_TMP/NAME.json, the helper's in $T_TMP/NAME.log; REUSED_UTS is set to
# the newcomer's UTS inode ("" when the PID was not reused).
reuse() {
	_n=$1
	shift
	unshare --pid --fork --mount-proc "$PID_REUSE" "$T_TMP/$_n.json" \
		"$NSINSPECT" "$@" >"$T_TMP/$_n.log" 2>"$T_TMP/$_n.err"
	REUSED_UTS=$(sed -n 's/^reused 2 uts:\[\([0-9]*\)\]$/\1/p' "$T_TMP/$_n.log")
	if [ -n "$REUSED_UTS" ]; then
		ok "$_n: PID 2 was given to the newcomer (uts:[$REUSED_UTS]) mid-scan"
	else
		not_ok "$_n: the PID was not reused: the test did not happen"
		diag_file "$T_TMP/$_n.log" "helper"
		diag_file "$T_TMP/$_n.err" "stderr"
	fi
	is "$(sed -n 's/^exit //p' "$T_TMP/$_n.log")" 0 "$_n: nsinspect $* exits 0"
	check "$_n: its output is JSON" jq -e . "$T_TMP/$_n.json"
}

# --- the namespace view ---------------------------------------------------
reuse ns -J
if [ -n "$REUSED_UTS" ]; then
	is "$(jq --argjson i "$REUSED_UTS" '[.namespaces[] | select(.type == "uts" and .ns == $i)] | length' "$T_TMP/ns.json")" 0 \
		"-J: the newcomer's UTS namespace is not shown (nsinspect never read the newcomer)"
fi
# The victim was read in part only: it must be left out, so each of the
# PID namespace's namespaces holds the helper (PID 1) and nsinspect.
is "$(jq -c '[.namespaces[] | select(.type == "pid" and .pid == 1) | .nprocs]' "$T_TMP/ns.json")" "[2]" \
	"-J: the victim, gone mid-read, is not counted in its PID namespace"
is "$(jq -c '[.namespaces[] | select(.pid == 2)] | length' "$T_TMP/ns.json")" 0 \
	"-J: no namespace is shown with PID 2 as its process"

# --- the process view ------------------------------------------------------
reuse caps --caps -J -o PID,COMMAND
is "$(jq -c '[.processes[] | select(.pid == 2)] | length' "$T_TMP/caps.json")" 0 \
	"--caps -J: the victim, gone mid-read, is left out (not shown with the newcomer's data)"

t_finish
