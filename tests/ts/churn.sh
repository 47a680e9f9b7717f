#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# churn.sh - nsinspect on a machine that moves: while a loop starts and
# kills short-lived processes (some of them in new namespaces, via
# unshare(1)), CHURN_RUNS runs (default 40) of each of nsinspect,
# nsinspect -J and nsinspect --caps must all exit 0, print no error but
# the documented unreadable-links line, and the JSON must parse and match
# the schema.  lsns(8) fails this now and then (exit 1, no output, when a
# process dies mid-scan).  By hand: CHURN_RUNS=5000 sh tests/ts/churn.sh
# (the issue's figure); CI runs the small count in well under 2 minutes.
. "$(dirname "$0")/lib.sh"

require_cmd jq python3 unshare
require_nsinspect
RUNS=${CHURN_RUNS:-40}

# The churn: 2 loops, each starting batches of short-lived processes; as
# root one batch in two is in new namespaces of every type it may make.
NEWNS=
[ "$(id -u)" = 0 ] && NEWNS="unshare --mount --uts --ipc --net --pid --fork --cgroup"
churn() {
	i=0
	while [ ! -e "$T_TMP/stop" ]; do
		i=$((i + 1))
		for j in 1 2 3 4 5 6 7 8; do
			if [ $((i % 2)) = 0 ] && [ -n "$NEWNS" ]; then
				$NEWNS sleep 0.0$j &
			else
				sleep 0.0$j &
			fi
		done
		# some die by a signal mid-life, the rest by themselves
		kill -KILL $! 2>/dev/null
		wait
		echo >>"$T_TMP/batches.$1"
	done
}
churn 1 >/dev/null 2>&1 &
C1=$!
churn 2 >/dev/null 2>&1 &
C2=$!
T_PIDS="$T_PIDS $C1 $C2"

fails=0
badjson=0
errs=0
n=0
for k in $(seq 1 "$RUNS"); do
	for args in "" "-J" "--caps"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		"$NSINSPECT" $args >"$T_TMP/o" 2>"$T_TMP/e"
		rc=$?
		if [ "$rc" -ne 0 ] || [ ! -s "$T_TMP/o" ]; then
			fails=$((fails + 1))
			[ "$fails" -le 3 ] && diag "run $k: nsinspect $args exited $rc" && diag_file "$T_TMP/e"
		fi
		if t_unexpected_err "$T_TMP/e" >/dev/null; then
			errs=$((errs + 1))
			[ "$errs" -le 3 ] && diag_file "$T_TMP/e" "run $k: nsinspect $args stderr"
		fi
		if [ "$args" = -J ] && ! jq -e '.namespaces | length > 0' "$T_TMP/o" >/dev/null 2>&1; then
			badjson=$((badjson + 1))
			cp "$T_TMP/o" "$T_TMP/bad.json"
		fi
		[ "$args" = -J ] && [ "$k" -le 3 ] && cp "$T_TMP/o" "$T_TMP/j$k.json"
	done
done
touch "$T_TMP/stop"
wait "$C1" "$C2" 2>/dev/null
# the processes the churn started, 8 a batch (PIDs may wrap: count them)
made=$(( $(cat "$T_TMP"/batches.* 2>/dev/null | wc -l) * 8 ))
if [ "$made" -gt "$n" ]; then
	ok "the churn started $made processes during the $n runs"
else
	not_ok "the churn started processes during the runs" "only $made"
fi
is "$fails" 0 "$n runs under churn (nsinspect, -J, --caps, $RUNS each): all exit 0 with output"
is "$errs" 0 "$n runs under churn: nothing on stderr but the documented line"
is "$badjson" 0 "$RUNS runs of -J under churn: every output is JSON with namespaces"
check "a -J output under churn is valid against the schema" t_validate "$T_TMP/j1.json"
check "another -J output under churn is valid against the schema" t_validate "$T_TMP/j3.json"

t_finish
