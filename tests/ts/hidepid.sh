#!/bin/sh
# shellcheck shell=sh disable=SC2016
# hidepid.sh - nsinspect as an ordinary user (nobody) on a /proc mounted
# with hidepid=invisible (proc(5)), where the other users' processes are
# not even listed.  In a private mount namespace of its own (the host's
# /proc is left alone) a new proc instance is mounted with the option;
# nsinspect must show what it can see (nobody's own processes, no other
# PID), exit 0, and say in one stderr line and in the JSON ("unreadable":
# "hidepid" and "hidden_tasks") how many tasks it could not see and why.
# The oracle for the count is root's own count of the tasks in /proc
# (every /proc/PID/task/TID), taken just before and after.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd setpriv unshare mount jq python3
require_nsinspect

U=nobody
uid=$(id -u "$U" 2>/dev/null) || { not_ok "user $U exists"; t_finish; }
gid=$(id -g "$U")
case "$NSINSPECT" in
/root/*) skip "the build is under /root, which $U may not enter"; t_finish ;;
esac

# tasks - root's count of every task in /proc
tasks() { find /proc/[0-9]*/task -maxdepth 1 -mindepth 1 2>/dev/null | grep -c .; }

before=$(tasks)
# In the new mount namespace: a hidepid=invisible proc on /proc, then
# nobody runs nsinspect -J (output), nsinspect (table) and a list of the
# PIDs nobody itself sees there (the oracle of what may be shown).
cat >"$T_TMP/inner.sh" <<EOF
mount -t proc -o hidepid=invisible proc /proc || exit 99
as() { setpriv --reuid=$uid --regid=$gid --clear-groups --inh-caps=-all --bounding-set=-all -- "\$@"; }
as "$NSINSPECT" -J >"$T_TMP/hp.json" 2>"$T_TMP/hp.err"; echo \$? >"$T_TMP/hp.rc"
as "$NSINSPECT" --caps -J >"$T_TMP/hpc.json" 2>"$T_TMP/hpc.err"; echo \$? >"$T_TMP/hpc.rc"
as sh -c 'ls /proc | grep "^[0-9]"' >"$T_TMP/hp.pids"
"$NSINSPECT" -J >"$T_TMP/hpr.json" 2>"$T_TMP/hpr.err"
grep -c . "$T_TMP/hp.pids" >"$T_TMP/hp.npids"
EOF
chmod 755 "$T_TMP" "$T_TMP/inner.sh"
unshare --mount --propagation private sh "$T_TMP/inner.sh"
rc=$?
after=$(tasks)
if [ "$rc" = 99 ]; then
	not_ok "mount -t proc -o hidepid=invisible in a private mount namespace"
	t_finish
fi

is "$(cat "$T_TMP/hp.rc")" 0 "hidepid=invisible, as $U: nsinspect -J exits 0"
check "hidepid=invisible, as $U: -J output is valid JSON" jq -e . "$T_TMP/hp.json"
if [ -n "$SCHEMA" ]; then
	check "hidepid=invisible, as $U: -J output follows the schema" t_validate "$T_TMP/hp.json"
fi
is "$(jq -r '.unreadable.hidepid' "$T_TMP/hp.json")" invisible \
	"-J says \"hidepid\": \"invisible\""

# The count: between root's counts before and after (the machine may be
# busy: a slack of 50 tasks on each side), less what nobody saw.
hidden=$(jq -r '.unreadable.hidden_tasks' "$T_TMP/hp.json")
lo=$(( (before < after ? before : after) - 50 ))
hi=$(( (before > after ? before : after) + 50 ))
if [ "$hidden" -ge "$lo" ] 2>/dev/null && [ "$hidden" -le "$hi" ]; then
	ok "-J: hidden_tasks $hidden is about what root counts ($before before, $after after)"
else
	not_ok "-J: hidden_tasks is about the tasks root counts" \
		"hidden_tasks: $hidden" "root's count: $before before, $after after"
fi

# One stderr line, saying how many and why; the same count as the JSON
# (what nobody could read of what it saw, if anything, on the same line).
if [ "$(grep -c . "$T_TMP/hp.err")" = 1 ] &&
   grep -Eq "^nsinspect: could not see $hidden tasks? \(processes and threads\): /proc is mounted with hidepid=invisible(; could not .*)?$" "$T_TMP/hp.err"; then
	ok "one stderr line gives the count ($hidden) and the reason (hidepid=invisible)"
else
	not_ok "one stderr line gives the count and the reason"
	diag_file "$T_TMP/hp.err" "stderr"
fi

# What is shown is only what nobody may see: nobody's own processes (the
# PIDs its /proc lists, and nsinspect itself, gone by then), and at least
# one row (its own namespaces).
rows=$(jq -r '.namespaces[] | select(.pid != null) | "\(.pid) \(.user) \(.command)"' "$T_TMP/hp.json")
bad=$(printf '%s\n' "$rows" | while read -r p user cmd; do
	[ -z "$p" ] && continue
	if [ "$user" != "$U" ]; then
		echo "$p ($user)"
	elif ! grep -qx "$p" "$T_TMP/hp.pids" && [ "${cmd#"$NSINSPECT"}" = "$cmd" ]; then
		echo "$p ($cmd)"
	fi
done)
if [ -n "$rows" ] && [ -z "$bad" ]; then
	ok "the rows show only processes of $U ($(printf '%s\n' "$rows" | cut -d' ' -f1 | sort -u | wc -l) PIDs; $(cat "$T_TMP/hp.npids") listed)"
else
	not_ok "the rows show only processes of $U" "not $U's to see: $bad" "rows: $rows"
fi

is "$(cat "$T_TMP/hpc.rc")" 0 "hidepid=invisible, as $U: --caps -J exits 0"
is "$(jq -r '.unreadable.hidepid' "$T_TMP/hpc.json")" invisible \
	"--caps -J says \"hidepid\": \"invisible\" too"

# Root (CAP_SYS_PTRACE) on the same hidepid=invisible /proc: nothing is
# hidden from it, so nothing is reported.
if t_jq "$T_TMP/hpr.json" '(.unreadable.hidepid // null) == null' &&
   ! grep -q "could not see" "$T_TMP/hpr.err"; then
	ok "root on the hidepid=invisible /proc: nothing hidden, nothing reported"
else
	not_ok "root on the hidepid=invisible /proc: nothing hidden, nothing reported" \
		"$(jq -c .unreadable "$T_TMP/hpr.json")" "$(cat "$T_TMP/hpr.err")"
fi

# Without hidepid (the host's /proc), as root: no such report.
nsi -J
if t_jq "$T_TMP/out" '(.unreadable.hidepid // null) == null'; then
	ok "as root on a /proc without hidepid: no \"hidepid\" in -J"
else
	not_ok "as root on a /proc without hidepid: no \"hidepid\" in -J" "$(jq -c .unreadable "$T_TMP/out")"
fi

t_finish
