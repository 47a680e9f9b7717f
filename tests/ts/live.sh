#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# live.sh - the live view's incremental scan (live.c), one refresh at a
# time through the live-probe helper, with the kernel's process events
# (as root) and without them (NSI_LIVE_NO_EVENTS, the way of a user who
# may not listen).  What a refresh must see at once: a new process, one
# that exited, one that renamed itself, one that exec'd.  What it may see
# only at the process's turn (one refresh in 20, documented): unshare(2)
# and capset(2) without an exec, which no event reports.  The oracle is
# /proc itself (stat -L of the ns link, the CapEff line of the status).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd stat awk sed mkfifo
: "${LIVE_PROBE:=$T_TOP/tests/helpers/live-probe}"
: "${NS_CHANGE:=$T_TOP/tests/helpers/ns-change}"
require_file "$LIVE_PROBE" "the live-probe test helper"
require_file "$NS_CHANGE" "the ns-change test helper"

R=0		# the last refresh number used
PROBE_LINES=0	# lines the probe has printed

# next_round MODE PID... - the next refresh number after R at which none
# (MODE not) or the first (MODE turn) of the PIDs has its turn.
next_round() {
	_mode=$1
	shift
	while :; do
		R=$((R + 1))
		_hit=0
		for _p in "$@"; do
			[ $((_p % 20)) = $((R % 20)) ] && _hit=1
			[ "$_mode" = turn ] && break
		done
		[ "$_mode" = turn ] && [ $_hit = 1 ] && return
		[ "$_mode" = not ] && [ $_hit = 0 ] && return
	done
}

# probe_start [--no-events] - start the probe; its first line is "events N".
probe_start() {
	rm -f "$T_TMP/in" "$T_TMP/out"
	mkfifo "$T_TMP/in"
	"$LIVE_PROBE" "$@" <"$T_TMP/in" >"$T_TMP/out" 2>"$T_TMP/err" &
	T_PIDS="$T_PIDS $!"
	PROBE=$!
	exec 3>"$T_TMP/in"
	PROBE_LINES=1
	t_wait 100 test -s "$T_TMP/out"
}

probe_stop() {
	exec 3>&-
	wait "$PROBE" 2>/dev/null
}

# scan PID - one refresh at R; sets GOT to what the probe holds of PID.
scan() {
	echo "$R $1" >&3
	PROBE_LINES=$((PROBE_LINES + 1))
	t_wait 300 sh -c "[ \$(wc -l <'$T_TMP/out') -ge $PROBE_LINES ]"
	GOT=$(sed -n "${PROBE_LINES}p" "$T_TMP/out")
}

uts_of() { t_ns_ino "$1" uts; }
capeff_of() {
	awk '/^CapEff:/ { sub(/^0+/, "", $2); print ($2 == "" ? "0" : $2) }' \
		"/proc/$1/status"
}

# await_line FILE TEXT - wait until FILE has a line TEXT.
await_line() {
	t_wait 100 grep -qx "$2" "$1"
}

run_mode() {
	mode=$1	# events or no-events
	flag=
	[ "$mode" = no-events ] && flag=--no-events

	t_spawn "$T_TMP/x.$mode" "$NS_CHANGE"
	X=$T_SPAWNED
	await_line "$T_TMP/x.$mode" ready
	probe_start $flag
	ev=$(head -1 "$T_TMP/out")
	if [ "$mode" = events ]; then
		is "$ev" "events 0" "$mode: the probe listens to the process events (the proc connector)"
	else
		case $ev in
		"events 0"|"") not_ok "$mode: the probe does without events" "got: $ev" ;;
		*) ok "$mode: the probe does without events ($ev)" ;;
		esac
	fi

	uts0=$(uts_of "$X")
	cap0=$(capeff_of "$X")
	next_round not "$X"; scan "$X"
	is "$GOT" "$X ns-change $uts0 $cap0" "$mode: first scan: comm, uts inode and CapEff of the process"

	# unshare(2) without exec: no event; seen at the process's turn
	kill -USR1 "$X"
	await_line "$T_TMP/x.$mode" unshared
	uts1=$(uts_of "$X")
	if [ -n "$uts1" ] && [ "$uts1" != "$uts0" ]; then
		ok "$mode: the helper entered a new uts namespace ($uts1)"
	else
		not_ok "$mode: the helper entered a new uts namespace" "before $uts0, after $uts1"
	fi
	next_round not "$X"; scan "$X"
	is "$GOT" "$X ns-change $uts0 $cap0" "$mode: unshare without exec: not its turn, the last reading is kept"
	next_round turn "$X"; scan "$X"
	is "$GOT" "$X ns-change $uts1 $cap0" "$mode: unshare without exec: at its turn the new uts namespace"

	# capset(2): no event either
	kill -HUP "$X"
	await_line "$T_TMP/x.$mode" dropped
	cap1=$(capeff_of "$X")
	if [ "$cap1" != "$cap0" ]; then
		ok "$mode: the helper dropped cap_sys_admin ($cap0 -> $cap1)"
	else
		not_ok "$mode: the helper dropped cap_sys_admin" "CapEff still $cap1"
	fi
	next_round turn "$X"; scan "$X"
	is "$GOT" "$X ns-change $uts1 $cap1" "$mode: capset without exec: at its turn the new CapEff"

	# PR_SET_NAME: a comm event (with events), a new comm in stat (without)
	kill -USR2 "$X"
	await_line "$T_TMP/x.$mode" renamed
	next_round not "$X"; scan "$X"
	is "$GOT" "$X renamed $uts1 $cap1" "$mode: renamed (PR_SET_NAME): seen at the next refresh"

	# a new process, then its exec, then its exit: each at the next refresh
	rm -f "$T_TMP/go"
	t_spawn "$T_TMP/e.$mode" sh -c "while [ ! -e '$T_TMP/go' ]; do sleep 0.05; done; exec sleep 999"
	E=$T_SPAWNED
	next_round not "$X" "$E"; scan "$E"
	is "$GOT" "$E sh $(uts_of "$E") $(capeff_of "$E")" "$mode: a new process: seen at the next refresh"
	touch "$T_TMP/go"
	t_wait 100 t_comm_is "$E" sleep
	next_round not "$X" "$E"; scan "$E"
	is "$GOT" "$E sleep $(uts_of "$E") $(capeff_of "$E")" "$mode: exec: the new command at the next refresh"
	t_kill "$E"
	next_round not "$X" "$E"; scan "$E"
	is "$GOT" "$E gone" "$mode: exit: gone at the next refresh"
	# and the process that was there all along is still there
	next_round not "$X"; scan "$X"
	is "$GOT" "$X renamed $uts1 $cap1" "$mode: the unchanged process is kept"

	probe_stop
	if [ -s "$T_TMP/err" ]; then
		not_ok "$mode: the probe printed nothing on stderr"
		diag_file "$T_TMP/err"
	else
		ok "$mode: the probe printed nothing on stderr"
	fi
	t_kill "$X"
}

run_mode events
run_mode no-events
t_finish
