#!/bin/sh
# shellcheck shell=sh disable=SC2016
# pidns.sh - run in a container without the host's PID namespace (here a
# PID namespace of its own with its own /proc: unshare --pid --fork
# --mount-proc, as a container runtime makes one), nsinspect says so in
# one stderr line and in JSON ("host_pid_namespace": false), and --audit
# no longer calls the container's own namespaces the host's: its PID 1 is
# the container's init, not the host's.  The host's namespaces are known
# by the inodes the kernel fixes for the initial ones (pid, user, uts,
# ipc, cgroup, time; mnt and net since Linux 6.18).
# Oracles: the nsfs inodes of /proc/PID/ns/* (stat -L) inside and of the
# host's kthreadd (PID 2, always in the initial namespaces) outside.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq unshare stat promtool
require_nsinspect

# inside OUT ARGS... - run nsinspect ARGS as PID 1 of a new PID namespace
# with its own /proc, a sleep beside it; stdout in OUT, stderr in OUT.err,
# the exit status in $T_RC; the sleep's PID (inside) in $T_TMP/in.pid,
# the PID namespace's inode in $T_TMP/in.pidns, the sleep's namespace
# inodes (TYPE INODE lines) in $T_TMP/in.ns.
inside() {
	_out=$1
	shift
	unshare --pid --fork --mount-proc sh -c '
		d=$1; shift
		sleep 600 &
		echo $! >"$d/in.pid"
		stat -L -c %i /proc/self/ns/pid >"$d/in.pidns"
		for t in mnt net pid user uts ipc cgroup time; do
			echo "$t $(stat -L -c %i /proc/$!/ns/$t)"
		done >"$d/in.ns"
		exec "$@"' sh "$T_TMP" "$NSINSPECT" "$@" >"$_out" 2>"$_out.err" </dev/null
	T_RC=$?
}

# host_ino TYPE - the host's namespace of TYPE: kthreadd's.
host_ino() {
	stat -L -c %i "/proc/2/ns/$1"
}

# in_ino TYPE - the sleep's namespace of TYPE, inside.
in_ino() {
	awk -v t="$1" '$1 == t { print $2 }' "$T_TMP/in.ns"
}

LINE_RE="^nsinspect: not in the host's PID namespace \(pid:\[[0-9]+\]\): only its processes are seen$"

# ---------------------------------------------------------------- -J
inside "$T_TMP/ns.json" -J
PIDNS=$(cat "$T_TMP/in.pidns")
if [ "$T_RC" -eq 0 ] &&
	[ "$(grep -Ec "$LINE_RE" "$T_TMP/ns.json.err")" -eq 1 ] &&
	grep -q "pid:\[$PIDNS\]" "$T_TMP/ns.json.err" &&
	[ -z "$(grep -Ev "$LINE_RE" "$T_TMP/ns.json.err" | t_unexpected_err /dev/stdin)" ]; then
	ok "inside: one stderr line names the PID namespace (pid:[$PIDNS])"
else
	not_ok "inside: one stderr line names the PID namespace" \
		"exit status $T_RC, expected pid:[$PIDNS]"
	diag_file "$T_TMP/ns.json.err" "stderr"
fi
if t_jq "$T_TMP/ns.json" '.host_pid_namespace == false'; then
	ok "inside: -J says \"host_pid_namespace\": false"
else
	not_ok "inside: -J says \"host_pid_namespace\": false"
	diag_file "$T_TMP/ns.json" "output"
fi
t_validate "$T_TMP/ns.json" >"$T_TMP/v" 2>&1
if [ ! -s "$T_TMP/v" ]; then
	ok "inside: -J is valid by the schema"
else
	not_ok "inside: -J is valid by the schema"
	diag_file "$T_TMP/v" "violations"
fi
# only its own PID namespace: the host's and others' are not seen
_pids=$(jq -r '[.namespaces[] | select(.type == "pid") | .ns] | map(tostring) | join(" ")' "$T_TMP/ns.json")
if [ "$_pids" = "$PIDNS" ]; then
	ok "inside: the only pid namespace listed is its own"
else
	not_ok "inside: the only pid namespace listed is its own" \
		"expected $PIDNS, got '$_pids'"
fi

inside "$T_TMP/caps.json" --caps -J
if [ "$T_RC" -eq 0 ] && t_jq "$T_TMP/caps.json" '.host_pid_namespace == false' &&
	grep -Eq "$LINE_RE" "$T_TMP/caps.json.err"; then
	ok "inside: --caps -J says \"host_pid_namespace\": false, and the line"
else
	not_ok "inside: --caps -J says \"host_pid_namespace\": false, and the line" \
		"exit status $T_RC"
	diag_file "$T_TMP/caps.json.err" "stderr"
fi

inside "$T_TMP/metrics.prom" --metrics
if [ "$T_RC" -eq 0 ] && grep -qx 'nsinspect_host_pid_namespace 0' "$T_TMP/metrics.prom" &&
	promtool check metrics <"$T_TMP/metrics.prom" >"$T_TMP/pc" 2>&1 && [ ! -s "$T_TMP/pc" ]; then
	ok "inside: --metrics has nsinspect_host_pid_namespace 0 (promtool clean)"
else
	not_ok "inside: --metrics has nsinspect_host_pid_namespace 0 (promtool clean)" \
		"exit status $T_RC: $(grep host_pid "$T_TMP/metrics.prom")"
	diag_file "$T_TMP/pc" "promtool"
fi

# ------------------------------------------------------------ --audit
# The sleep shares every namespace with the host but pid and mnt
# (--mount-proc).  Before, PID 1 (the container's init) was taken for
# the host's: its own pid and mnt namespaces read "shared with the host".
# expected TYPE - true, false or null: what shared_with_host must be.
expected() {
	_h=$(host_ino "$1")
	_i=$(in_ino "$1")
	case $1 in
	mnt | net)
		# known only by the fixed inode of Linux 6.18 and later, and
		# only when a namespace seen has it
		if [ "$_i" = "$_h" ] && { [ "$_h" = 4026531833 ] || [ "$_h" = 4026531832 ]; }; then
			echo true
		else
			echo null
		fi ;;
	*)
		[ "$_i" = "$_h" ] && echo true || echo false ;;
	esac
}

inside "$T_TMP/audit.json" --audit -p 2 -J
SLEEP=$(cat "$T_TMP/in.pid")
if [ "$SLEEP" != 2 ]; then
	not_ok "set up: the sleep is PID 2 inside" "it is $SLEEP"
fi
if [ "$T_RC" -eq 0 ] && t_jq "$T_TMP/audit.json" '.host_pid_namespace == false'; then
	ok "inside: --audit -J says \"host_pid_namespace\": false"
else
	not_ok "inside: --audit -J says \"host_pid_namespace\": false" "exit status $T_RC"
	diag_file "$T_TMP/audit.json.err" "stderr"
fi
_bad=""
for t in mnt net pid user uts ipc cgroup time; do
	_want=$(expected "$t")
	_got=$(jq -c --arg t "$t" '.audit[0].namespaces[] | select(.type == $t) | .shared_with_host' "$T_TMP/audit.json")
	_ino=$(jq -c --arg t "$t" '.audit[0].namespaces[] | select(.type == $t) | .ns' "$T_TMP/audit.json")
	if [ "$_got" != "$_want" ] || [ "$_ino" != "$(in_ino "$t")" ]; then
		_bad="$_bad $t:$_ino:got=$_got,want=$_want"
	fi
done
if [ -z "$_bad" ]; then
	ok "inside: --audit's shared_with_host is the truth for each type (pid false)"
else
	not_ok "inside: --audit's shared_with_host is the truth for each type" \
		"wrong:$_bad"
	diag_file "$T_TMP/in.ns" "the sleep's namespaces"
fi

inside "$T_TMP/audit.txt" --audit -p 2
PIDNS=$(cat "$T_TMP/in.pidns")
if [ "$T_RC" -eq 0 ] &&
	grep -Eq "^.-pid +$PIDNS own$" "$T_TMP/audit.txt" &&
	! grep -q "^.-pid .*shared with the host" "$T_TMP/audit.txt" &&
	grep -q "^container  *none known (not in the host's PID namespace)$" "$T_TMP/audit.txt"; then
	ok "inside: --audit's text calls its pid namespace its own, its container unknown"
else
	not_ok "inside: --audit's text calls its pid namespace its own, its container unknown" \
		"exit status $T_RC"
	diag_file "$T_TMP/audit.txt" "output"
fi
if [ "$(expected mnt)" = null ]; then
	if grep -Eq "^.-mnt +[0-9]+ unknown \(not in the host's PID namespace\)$" "$T_TMP/audit.txt"; then
		ok "inside: --audit says why the host's mnt namespace is unknown"
	else
		not_ok "inside: --audit says why the host's mnt namespace is unknown"
		diag_file "$T_TMP/audit.txt" "output"
	fi
fi

# a snapshot taken inside, shown on the host: it says whose it is
inside "$T_TMP/in.snap" --snapshot
nsi --input "$T_TMP/in.snap" -J
if [ "$T_RC" -eq 0 ] && t_jq "$T_TMP/out" '.host_pid_namespace == false' &&
	grep -q "^nsinspect: the snapshot was taken outside the host's PID namespace (pid:\[$(cat "$T_TMP/in.pidns")\]): it has only that namespace's processes$" "$T_TMP/err" &&
	! grep -q "^nsinspect: not in the host's PID namespace" "$T_TMP/err"; then
	ok "--input of a snapshot taken inside: says the snapshot's, not this run's, PID namespace"
else
	not_ok "--input of a snapshot taken inside: says the snapshot's, not this run's, PID namespace" \
		"exit status $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi

# ------------------------------------------------------- on the host
nsi --metrics
if grep -qx 'nsinspect_host_pid_namespace 1' "$T_TMP/out"; then
	ok "on the host: nsinspect_host_pid_namespace 1"
else
	not_ok "on the host: nsinspect_host_pid_namespace 1" "$(grep host_pid "$T_TMP/out")"
fi
nsi -J
if [ "$T_RC" -eq 0 ] && t_jq "$T_TMP/out" '.host_pid_namespace == true' &&
	! grep -q "not in the host's PID namespace" "$T_TMP/err"; then
	ok "on the host: \"host_pid_namespace\": true, no line"
else
	not_ok "on the host: \"host_pid_namespace\": true, no line" "exit status $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi

t_finish
