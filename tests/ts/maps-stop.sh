#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# maps-stop.sh - the ID maps of a user namespace no process is in are read
# from a child of root's nsinspect that enters it (setns(2)); once in,
# that child may be signalled by the namespace's owner.  nobody nests 30
# user namespaces (only the innermost has a process) and stops every
# root process that enters one (tests/helpers/stop-entered); root's
# "nsinspect -t user -J", which reads their maps, must still finish each
# time (it waits at most 1 s in all for the children), and say what it
# could not read: one stderr line, JSON unreadable.id_maps.  Before, a
# stopped child held it for ever.  The race is the kernel's to give:
# runs go on until the stopper caught a child in time (or 80 runs).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd setpriv unshare jq timeout pgrep
require_nsinspect
: "${STOP_ENTERED:=$T_TOP/tests/helpers/stop-entered}"
require_file "$STOP_ENTERED" "the stop-entered test helper"

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
DEPTH=30

# nest.sh N: N nested user namespaces; only the innermost has a process
cat >"$T_TMP/nest.sh" <<'SH'
n=$1
[ "$n" -le 1 ] && exec unshare -Ur sleep 600
exec unshare -Ur sh "$0" $((n - 1))
SH
chmod 755 "$T_TMP"
chmod 644 "$T_TMP/nest.sh"
t_spawn "$T_TMP/nest.log" $NOBODY sh "$T_TMP/nest.sh" "$DEPTH"
NEST=$T_SPAWNED
inner() {
	# the innermost sleep: the descendant of $NEST that is a sleep
	for _p in $(t_descendants "$NEST"); do
		t_comm_is "$_p" sleep && echo "$_p" && return 0
	done
	return 1
}
if ! t_wait 100 inner; then
	not_ok "set up: nobody's $DEPTH nested user namespaces" "$(cat "$T_TMP/nest.log")"
	t_finish
fi
IN=$(inner)
ok "set up: nobody's $DEPTH nested user namespaces, only the innermost (PID $IN) with a process"

t_spawn "$T_TMP/stop.log" $NOBODY "$STOP_ENTERED" 600
STOPPER=$T_SPAWNED

# A run counts the child it could not wait for in unreadable.id_maps (a
# child stopped after it said it was ready changes nothing): runs go on
# until one did, each within 20 s.
hit=0 runs=0 failed=0
while [ "$runs" -lt 80 ] && [ "$hit" = 0 ]; do
	runs=$((runs + 1))
	timeout -s KILL 20 "$NSINSPECT" -t user -J >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	rc=$?
	if [ "$rc" != 0 ]; then
		failed=1
		not_ok "run $runs: nsinspect -t user -J finishes beside nobody's stopper" \
			"exit $rc (137: killed after 20 s)" "$(head -3 "$T_TMP/err")" \
			"root processes nobody stopped: $(grep -c '^stopped' "$T_TMP/stop.log")"
		break
	fi
	t_jq "$T_TMP/out" '(.unreadable.id_maps // 0) >= 1' && hit=1
done
if [ "$failed" = 0 ] && [ "$hit" = 1 ]; then
	ok "run $runs: nsinspect -t user -J finished although nobody stopped a child in its namespace before it was ready"
	if grep -Eq '^nsinspect: could not read the ID maps of [0-9]+ user namespaces?: the child entering (it|them) was not ready within 1000 ms$' "$T_TMP/err"; then
		ok "run $runs: one stderr line says which maps could not be read"
	else
		not_ok "run $runs: one stderr line says which maps could not be read" "$(cat "$T_TMP/err")"
	fi
	check "run $runs: the JSON is valid against the schema" t_validate "$T_TMP/out"
elif [ "$failed" = 0 ]; then
	skip "in $runs runs the stopper never caught a child before it was ready (a race the kernel decides)"
fi
# the maps of the namespace a process is in are still read
if [ "$failed" = 0 ]; then
	want=$(tr -s ' \n' ' ' <"/proc/$IN/uid_map" | sed 's/^ //; s/ $//')
	got=$(jq -r --argjson ino "$(t_ns_ino "$IN" user)" \
		'[.namespaces[] | select(.ns == $ino) | .uid_map][0]' "$T_TMP/out")
	is "$got" "$want" "the innermost namespace's UID_MAP is its process's uid_map"
fi
t_kill "$STOPPER" "$NEST"
t_finish
