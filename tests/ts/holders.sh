#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# holders.sh - namespaces that no process's /proc/PID/ns link shows, made
# for real and compared with /proc and the mount table (the oracles):
#   - a network namespace held only by an open fd ("ip netns add; sleep
#     </run/netns/X; ip netns del": the fd links to net:[INODE]);
#   - uts and net namespaces that only a thread is in (unshare(2) in a
#     thread: /proc/PID/task/TID/ns);
#   - a network namespace held only by a socket created in it;
#   - a network namespace bind mounted only inside another mount
#     namespace (unshare --net=FILE in a private mount namespace).
# Each must be listed with HOLDER and HELD_BY saying so (table and JSON,
# schema-valid), counted (NPROCS 0 for fd/socket/mount, 1 for the thread);
# lsns(8), which reads only the processes' links, is shown to miss them.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq unshare stat nsenter python3 lsns
: "${NS_HOLD:=$T_TOP/tests/helpers/ns-hold}"
require_file "$NS_HOLD" "the ns-hold test helper"
require_nsinspect

# row_of FILE TYPE INO - the JSON row of that namespace, or nothing.
row_of() {
	jq -c --arg t "$2" --argjson i "$3" \
		'.namespaces[] | select(.type == $t and .ns == $i)' "$1"
}

# --- held by an fd ---------------------------------------------------------
NS1="$T_NAME-fd"
ip netns add "$NS1" && t_add_netns "$NS1"
t_fd_netns "$NS1"
if [ -n "$FDINO" ] && [ ! -e "/run/netns/$NS1" ]; then
	ok "a network namespace held only by fd 0 of $FDP (net:[$FDINO])"
else
	not_ok "a network namespace held only by an fd" "inode '$FDINO'"
fi

# --- only a thread is in it -----------------------------------------------
t_thread_holder
if [ -n "$TID" ] && [ "$THUTS" != "$(t_ns_ino "$THP" uts)" ] &&
   [ "$THNET" != "$(t_ns_ino "$THP" net)" ]; then
	ok "thread $TID of $THP is in uts:[$THUTS] and net:[$THNET], its process is not"
else
	not_ok "a thread in its own namespaces" "tid '$TID' uts '$THUTS' net '$THNET'"
fi

# --- held by a socket -----------------------------------------------------
NS2="$T_NAME-sock"
ip netns add "$NS2" && t_add_netns "$NS2"
SKINO=$(stat -L -c %i "/run/netns/$NS2")
t_spawn "$T_TMP/sock.out" "$NS_HOLD" socket "/run/netns/$NS2"
SKP=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/sock.out"
SKFD=$(sed -n 's/^socket //p' "$T_TMP/sock.out")
ip netns del "$NS2"
if [ -n "$SKFD" ] && readlink "/proc/$SKP/fd/$SKFD" | grep -q '^socket:' &&
   [ "$(t_ns_ino "$SKP" net)" != "$SKINO" ]; then
	ok "a network namespace (net:[$SKINO]) held only by socket fd $SKFD of $SKP"
else
	not_ok "a network namespace held only by a socket" "fd '$SKFD' cat: $(cat "$T_TMP/sock.out")"
fi

# --- bind mounted in another mount namespace only ---------------------------
BM="$T_TMP/netns-file"
t_spawn "$T_TMP/bm.out" unshare --mount --propagation private sh -c \
	"touch '$BM' && unshare --net='$BM' true && echo ready && exec sleep 1000"
BMP=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/bm.out"
t_wait 50 t_comm_is "$BMP" sleep
BMINO=$(nsenter -t "$BMP" -m stat -L -c %i "$BM" 2>/dev/null)
BMMNT=$(t_ns_ino "$BMP" mnt)
HOSTINO=$(stat -c %i "$BM" 2>/dev/null)
if [ -n "$BMINO" ] && [ "$BMINO" != "$HOSTINO" ]; then
	ok "net:[$BMINO] is bind mounted at $BM only inside mnt:[$BMMNT]"
else
	not_ok "a bind mount inside another mount namespace" "inside '$BMINO' here '$HOSTINO'"
fi

# --- nsinspect finds them all ---------------------------------------------
if nsi_ok "nsinspect -J exits 0" -J; then
	ok "nsinspect -J exits 0"
fi
cp "$T_TMP/out" "$T_TMP/all.json"
check "the JSON is valid against the schema" t_validate "$T_TMP/all.json"

# expect TYPE INO NPROCS HOLDER HELD_BY DESC
expect() {
	row=$(row_of "$T_TMP/all.json" "$1" "$2")
	if [ -z "$row" ]; then
		not_ok "$6: listed" "no $1 row with ns $2"
		return
	fi
	got=$(printf '%s' "$row" | jq -r '[.nprocs, (.holder | join(",")), (.held_by // [] | join(";"))] | join("|")')
	is "$got" "$3|$4|$5" "$6"
}
expect net "$FDINO" 0 fd "fd 0 of PID $FDP" "fd-held net namespace: NPROCS 0, HOLDER fd, HELD_BY fd 0 of PID $FDP"
expect uts "$THUTS" 1 thread "thread $TID of PID $THP" "thread-only uts namespace: NPROCS 1 (the thread), HOLDER thread"
expect net "$THNET" 1 thread "thread $TID of PID $THP" "thread-only net namespace: NPROCS 1 (the thread), HOLDER thread"
expect net "$SKINO" 0 socket "socket fd $SKFD of PID $SKP" "socket-held net namespace: HOLDER socket, HELD_BY socket fd $SKFD of PID $SKP"
expect net "$BMINO" 0 "bind mount" "$BM in mnt:[$BMMNT]" "net namespace bind mounted in another mount namespace: HOLDER bind mount, HELD_BY $BM in mnt:[$BMMNT]"

# "holders": the same, each fact in a field of its own
# hexpect TYPE INO JSON DESC - the row's holders array is [JSON]
hexpect() {
	got=$(row_of "$T_TMP/all.json" "$1" "$2" | jq -c '.holders')
	is "$got" "[$3]" "$4"
}
hexpect net "$FDINO" "{\"kind\":\"fd\",\"pid\":$FDP,\"tid\":null,\"fd\":0,\"path\":null,\"mntns\":null,\"via\":null}" \
	"-J holders: fd 0 of PID $FDP, field by field"
hexpect uts "$THUTS" "{\"kind\":\"thread\",\"pid\":$THP,\"tid\":$TID,\"fd\":null,\"path\":null,\"mntns\":null,\"via\":null}" \
	"-J holders: thread $TID of PID $THP, field by field"
hexpect net "$SKINO" "{\"kind\":\"socket\",\"pid\":$SKP,\"tid\":null,\"fd\":$SKFD,\"path\":null,\"mntns\":null,\"via\":null}" \
	"-J holders: socket fd $SKFD of PID $SKP, field by field"
got=$(row_of "$T_TMP/all.json" net "$BMINO" | jq -c '[.holders[] | {kind, path, mntns, tid, fd}]')
is "$got" "[{\"kind\":\"bind mount\",\"path\":\"$BM\",\"mntns\":$BMMNT,\"tid\":null,\"fd\":null}]" \
	"-J holders: bind mount $BM in mnt:[$BMMNT], field by field"

# a namespace a process is in says so
HOSTNET=$(t_ns_ino $$ net)
is "$(row_of "$T_TMP/all.json" net "$HOSTNET" | jq -r '.holder[0]')" process "our own net namespace: HOLDER process"

# the table shows the HOLDER and HELD_BY columns by default when any
nsi_ok "nsinspect --ns net (table)" --ns net
if head -1 "$T_TMP/out" | grep -q 'HOLDER' && head -1 "$T_TMP/out" | grep -q 'HELD_BY' &&
   grep -E "^ *$FDINO net " "$T_TMP/out" | grep -q "fd 0 of PID $FDP"; then
	ok "table: HOLDER and HELD_BY columns, the fd-held row says fd 0 of PID $FDP"
else
	not_ok "table: HOLDER and HELD_BY columns" "$(head -1 "$T_TMP/out")"
	diag_file "$T_TMP/out"
fi

# --ns net alone finds them too (the mount namespaces are read anyway)
nsi_ok "nsinspect --ns net -J" --ns net -J
for ino in "$FDINO" "$SKINO" "$BMINO" "$THNET"; do
	if [ -n "$(row_of "$T_TMP/out" net "$ino")" ]; then
		ok "--ns net -J lists net:[$ino]"
	else
		not_ok "--ns net -J lists net:[$ino]"
	fi
done

# lsns reads only the processes' links: it misses the fd, socket and
# mount holders (what makes this test worth having)
lsns -J -t net >"$T_TMP/lsns.json" 2>/dev/null
missed=0
for ino in "$FDINO" "$SKINO" "$BMINO"; do
	jq -e --argjson i "$ino" '.namespaces[] | select(.ns == $i)' \
		"$T_TMP/lsns.json" >/dev/null 2>&1 || missed=$((missed + 1))
done
is "$missed" 3 "lsns -t net misses the 3 namespaces no process is in"

t_finish
