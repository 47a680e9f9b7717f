#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# unpriv.sh - nsinspect run as an ordinary user (setpriv(1) to nobody) on
# a machine where root's processes are not its to read: it shows what it
# can (its own process's namespaces, with the right inodes), says in one
# stderr line and in the JSON ("unreadable") how many processes it could
# not read and why (Permission denied), exits 0, and EACCES on the others
# hides nothing of its own process.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd setpriv jq python3
require_nsinspect

U=nobody
uid=$(id -u "$U" 2>/dev/null) || { not_ok "user $U exists"; t_finish; }
# nobody needs to run the binary: the build tree may be private
case "$NSINSPECT" in
/root/*) skip "the build is under /root, which $U may not enter"; t_finish ;;
esac
as_user() {
	setpriv --reuid="$uid" --regid="$(id -g "$U")" --clear-groups \
		--inh-caps=-all --bounding-set=-all -- "$@"
}
if ! as_user test -x "$NSINSPECT"; then
	skip "$U cannot run $NSINSPECT (a parent directory is not searchable)"
	t_finish
fi

# a process of the user's own, in a namespace of its own (a new user ns)
t_spawn "$T_TMP/s.out" as_user unshare --user --uts sleep 300
S=$T_SPAWNED
t_wait 50 t_comm_is "$S" sleep || t_wait 50 sh -c "pgrep -u $uid -x sleep >/dev/null"
SP=$(pgrep -u "$uid" -n -x sleep)
SUTS=$(t_ns_ino "$SP" uts)

as_user "$NSINSPECT" -J >"$T_TMP/u.json" 2>"$T_TMP/u.err" </dev/null
rc=$?
is "$rc" 0 "as $U: nsinspect -J exits 0"
check "as $U: the JSON is valid against the schema" t_validate "$T_TMP/u.json"
nroot=$(ps -e -o uid= | awk '$1 != '"$uid"' { n++ } END { print n + 0 }')
# (the Docker engine's socket is root's too: a line of its own may say so)
if [ "$(grep -c 'could not' "$T_TMP/u.err")" -eq 1 ] &&
   grep -Eq '^nsinspect: could not read the namespaces of ([0-9]+ process(es)?|PIDs? [0-9]+((, [0-9]+)* and [0-9]+)?)(, nor the open files of [0-9]+)?: Permission denied$' "$T_TMP/u.err"; then
	ok "as $U: one stderr line says how many processes could not be read, and why"
else
	not_ok "as $U: one stderr line says how many processes could not be read, and why"
	diag_file "$T_TMP/u.err" "stderr"
fi
n_err=$(sed -n 's/.*namespaces of \([0-9]*\) process.*/\1/p' "$T_TMP/u.err")
if t_jq "$T_TMP/u.json" --argjson n "${n_err:-0}" '.unreadable.namespaces == $n and .unreadable.reason == "Permission denied" and $n > 0'; then
	ok "as $U: JSON \"unreadable\" says the same (${n_err} processes, Permission denied; $nroot processes are other users')"
else
	not_ok "as $U: JSON \"unreadable\" says the same" "$(jq -c .unreadable "$T_TMP/u.json")"
fi
# what it could read is all there: the user's own uts namespace, right
if t_jq "$T_TMP/u.json" --argjson i "$SUTS" --argjson p "$SP" \
	'[.namespaces[] | select(.type == "uts" and .ns == $i and .pid == $p and .nprocs == 1)] | length == 1'; then
	ok "as $U: its own sleep's uts namespace ($SUTS) is listed with its PID"
else
	not_ok "as $U: its own sleep's uts namespace ($SUTS) is listed with its PID" \
		"$(jq -c '[.namespaces[] | select(.type == "uts")]' "$T_TMP/u.json")"
fi
# the unreadable ones are counted in the unknown rows, not dropped
if t_jq "$T_TMP/u.json" --argjson n "${n_err:-0}" \
	'[.namespaces[] | select(.type == "net" and .ns == null)] | (length == 1 and .[0].nprocs == $n)'; then
	ok "as $U: the $n_err unreadable processes are counted in the net row with ns null"
else
	not_ok "as $U: the unreadable processes are counted in the net row with ns null"
fi
as_user "$NSINSPECT" --caps -J >"$T_TMP/c.json" 2>"$T_TMP/c.err" </dev/null
is "$?" 0 "as $U: --caps -J exits 0 (status files are world-readable)"
if t_jq "$T_TMP/c.json" '[.processes[] | select(.pid == 1)] | length == 1'; then
	ok "as $U: --caps still lists root's PID 1 (its status is readable)"
else
	not_ok "as $U: --caps still lists root's PID 1"
fi
as_user "$NSINSPECT" --caps "$SP" -J >"$T_TMP/c.json" 2>"$T_TMP/c.err" </dev/null
if t_jq "$T_TMP/c.json" --argjson p "$SP" '[.processes[] | select(.pid == $p)] | length == 1'; then
	ok "as $U: --caps PID shows its own sleep"
else
	not_ok "as $U: --caps PID shows its own sleep"
	diag_file "$T_TMP/c.err"
fi

t_kill "$S"
t_finish
