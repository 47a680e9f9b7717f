#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# reach.sh - a namespace that no process is in is described as fully as
# one a process is in: opened through what holds it, asked the same
# questions, each answer compared with an oracle that does not use
# nsinspect (Python ioctl_ns(2) on the same file, ip, nsenter, the map a
# user namespace was made with):
#   - net and uts namespaces only a thread is in: PID is its process, TID
#     the thread, HOSTNAME, ONS;
#   - a network namespace held only by an fd: NETNSID, ONS, --detail
#     interfaces;
#   - a network namespace held only by a socket: ONS, --detail interfaces;
#   - a network namespace bind mounted only in another mount namespace:
#     ONS, --detail interfaces;
#   - pid and time namespaces held only by pid_for_children and
#     time_for_children (unshare(2) without a fork): listed, HOLDER, PNS;
#   - a user namespace no process is in, between a process's and the
#     initial one (unshare -U, then unshare -Ur inside): listed as
#     "parent", UID_MAP/GID_MAP, PNS, and --tree=parent nests the
#     process's under it.
# Table and JSON (-J), schema-valid.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq unshare stat nsenter python3 hostname
: "${NS_HOLD:=$T_TOP/tests/helpers/ns-hold}"
require_file "$NS_HOLD" "the ns-hold test helper"
require_nsinspect

# row_of FILE TYPE INO - the JSON row of that namespace, or nothing.
row_of() {
	jq -c --arg t "$2" --argjson i "$3" \
		'.namespaces[] | select(.type == $t and .ns == $i)' "$1"
}

# field FILE TYPE INO KEY - one field of that row ("null" when null).
field() {
	row_of "$1" "$2" "$3" | jq -r --arg k "$4" '.[$k] | if type == "array" then join(",") else tostring end'
}

# nsioctl FILE WHAT - the inode of the namespace ioctl NS_GET_USERNS
# ("owner") or NS_GET_PARENT ("parent") returns for nsfs file FILE
# (ioctl_ns(2); Python, not nsinspect).
nsioctl() {
	timeout 10 python3 - "$1" "$2" <<'EOF'
import fcntl, os, sys
NS_GET_USERNS, NS_GET_PARENT = 0xb701, 0xb702
fd = os.open(sys.argv[1], os.O_RDONLY)
nfd = fcntl.ioctl(fd, NS_GET_USERNS if sys.argv[2] == "owner" else NS_GET_PARENT)
print(os.fstat(nfd).st_ino)
EOF
}

# ifnames NSENTER-ARGS... - the interface names ip lists in that network
# namespace, sorted, comma separated.
ifnames() {
	nsenter "$@" ip -j link 2>/dev/null | jq -r '[.[].ifname] | sort | join(",")'
}

# --- held only by an fd: NETNSID and interfaces -----------------------------
NS1="$T_NAME-fd"
ip netns add "$NS1" && t_add_netns "$NS1"
ip -n "$NS1" link add r12f0 type veth peer name r12f1
ip netns set "$NS1" 121 2>/dev/null
NSID1=$(ip -j netns list-id | jq -r --arg n "$NS1" '.[] | select(.name == $n) | .nsid')
t_fd_netns "$NS1"
FDONS=$(nsioctl "/proc/$FDP/fd/0" owner)
FDIF=$(ifnames --net="/proc/$FDP/fd/0")
if [ -n "$FDINO" ] && [ -n "$NSID1" ] && [ -n "$FDIF" ]; then
	ok "net:[$FDINO] held only by fd 0 of $FDP, netnsid $NSID1, interfaces $FDIF"
else
	not_ok "an fd-held network namespace" "ino '$FDINO' nsid '$NSID1' if '$FDIF'"
fi

# --- only a thread is in them: PID, TID, HOSTNAME ----------------------------
t_thread_holder
nsenter --uts="/proc/$THP/task/$TID/ns/uts" hostname "r12-thread-$TID"
THHOST=$(nsenter --uts="/proc/$THP/task/$TID/ns/uts" hostname)
THONS=$(nsioctl "/proc/$THP/task/$TID/ns/net" owner)
if [ -n "$TID" ] && [ "$THUTS" != "$(t_ns_ino "$THP" uts)" ] &&
   [ "$THHOST" = "r12-thread-$TID" ]; then
	ok "thread $TID of $THP alone in uts:[$THUTS] (hostname $THHOST) and net:[$THNET]"
else
	not_ok "a thread in its own namespaces" "tid '$TID' uts '$THUTS' host '$THHOST'"
fi

# --- held only by a socket -------------------------------------------------
NS2="$T_NAME-sock"
ip netns add "$NS2" && t_add_netns "$NS2"
ip -n "$NS2" link add r12s0 type veth peer name r12s1
SKINO=$(stat -L -c %i "/run/netns/$NS2")
SKONS=$(nsioctl "/run/netns/$NS2" owner)
SKIF=$(ifnames --net="/run/netns/$NS2")
t_spawn "$T_TMP/sock.out" "$NS_HOLD" socket "/run/netns/$NS2"
SKP=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/sock.out"
SKFD=$(sed -n 's/^socket //p' "$T_TMP/sock.out")
ip netns del "$NS2"
if [ -n "$SKFD" ] && [ -n "$SKIF" ] && [ ! -e "/run/netns/$NS2" ]; then
	ok "net:[$SKINO] held only by socket fd $SKFD of $SKP, interfaces $SKIF"
else
	not_ok "a socket-held network namespace" "fd '$SKFD' if '$SKIF'"
fi

# --- bind mounted only in another mount namespace ----------------------------
BM="$T_TMP/netns-file"
t_spawn "$T_TMP/bm.out" unshare --mount --propagation private sh -c \
	"touch '$BM' && unshare --net='$BM' ip link add r12b0 type veth peer name r12b1 && echo ready && exec sleep 1000"
BMP=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/bm.out"
t_wait 50 t_comm_is "$BMP" sleep
BMINO=$(nsenter -t "$BMP" -m stat -L -c %i "$BM" 2>/dev/null)
BMONS=$(nsenter -t "$BMP" -m python3 -c '
import fcntl, os, sys
print(os.fstat(fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0xb701)).st_ino)' "$BM")
BMIF=$(nsenter -t "$BMP" -m nsenter --net="$BM" ip -j link | jq -r '[.[].ifname] | sort | join(",")')
if [ -n "$BMINO" ] && [ -n "$BMIF" ]; then
	ok "net:[$BMINO] bind mounted at $BM only in mnt:[$(t_ns_ino "$BMP" mnt)], interfaces $BMIF"
else
	not_ok "a bind mount in another mount namespace" "ino '$BMINO' if '$BMIF'"
fi

# --- pid_for_children and time_for_children ----------------------------------
t_spawn "$T_TMP/ch.out" "$NS_HOLD" children
CHP=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/ch.out"
CHPID=$(stat -L -c %i "/proc/$CHP/ns/pid_for_children" 2>/dev/null)
CHTIME=$(stat -L -c %i "/proc/$CHP/ns/time_for_children" 2>/dev/null)
CHPNS=$(nsioctl "/proc/$CHP/ns/pid_for_children" parent)
if [ -n "$CHPID" ] && [ "$CHPID" != "$(t_ns_ino "$CHP" pid)" ] &&
   [ -n "$CHTIME" ] && [ "$CHTIME" != "$(t_ns_ino "$CHP" time)" ]; then
	ok "pid:[$CHPID] and time:[$CHTIME] held only as $CHP's *_for_children"
else
	not_ok "*_for_children namespaces" "pid '$CHPID' time '$CHTIME'"
fi

# --- a user namespace no process is in -----------------------------------------
t_spawn "$T_TMP/anc.out" unshare -U --map-user=1000 --map-group=1000 \
	unshare -Ur sleep 1000
ANP=$T_SPAWNED
t_wait 50 t_comm_is "$ANP" sleep
ANUSER=$(t_ns_ino "$ANP" user)
MID=$(nsioctl "/proc/$ANP/ns/user" parent)
MIDPNS=$(python3 -c '
import fcntl, os, sys
fd = fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0xb702)
print(os.fstat(fcntl.ioctl(fd, 0xb702)).st_ino)' "/proc/$ANP/ns/user")
# its maps, read by Python through a child that entered it (setns(2))
MIDUID=$(timeout 10 python3 - "/proc/$ANP/ns/user" <<'EOF'
import ctypes, fcntl, os, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0xb702)
ready_r, ready_w = os.pipe()
hold_r, hold_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(ready_r)
    os.close(hold_w)
    if libc.setns(fd, 0x10000000) == 0:   # CLONE_NEWUSER
        os.write(ready_w, b"x")
    os.read(hold_r, 1)
    os._exit(0)
os.close(ready_w)
os.close(hold_r)
out = []
if os.read(ready_r, 1) == b"x":
    for m in ("uid_map", "gid_map"):
        with open("/proc/%d/%s" % (pid, m)) as f:
            out.append(", ".join(" ".join(l.split()) for l in f if l.strip()))
os.close(hold_w)
os.waitpid(pid, 0)
print("|".join(out))
EOF
)
if [ -n "$MID" ] && [ "$MID" != "$ANUSER" ] &&
   [ "$(t_ns_members user "$MID")" = "0 -" ] &&
   [ "$MIDUID" = "1000 0 1|1000 0 1" ]; then
	ok "user:[$MID] (maps $MIDUID) has no process, user:[$ANUSER] of $ANP is its child"
else
	not_ok "a user namespace with no process" "mid '$MID' maps '$MIDUID' members '$(t_ns_members user "$MID")'"
fi

# --- nsinspect, JSON -----------------------------------------------------------
COLS=NS,TYPE,NPROCS,PID,TID,USER,NETNSID,PNS,ONS,HOSTNAME,UID_MAP,GID_MAP,HOLDER,HELD_BY,COMMAND
if nsi_ok "nsinspect -J -o $COLS" -J -o "$COLS"; then
	ok "nsinspect -J -o $COLS exits 0"
fi
cp "$T_TMP/out" "$T_TMP/all.json"
check "the JSON is valid against the schema" t_validate "$T_TMP/all.json"
J=$T_TMP/all.json

# thread: PID its process, TID the thread, NPROCS 1, HOSTNAME, ONS
is "$(field "$J" uts "$THUTS" pid)|$(field "$J" uts "$THUTS" tid)|$(field "$J" uts "$THUTS" nprocs)" \
	"$THP|$TID|1" "thread-only uts: pid $THP (its process), tid $TID, nprocs 1"
is "$(field "$J" uts "$THUTS" hostname)" "$THHOST" "thread-only uts: hostname $THHOST (nsenter --uts=/proc/$THP/task/$TID/ns/uts hostname)"
is "$(field "$J" net "$THNET" ons)|$(field "$J" net "$THNET" tid)" "$THONS|$TID" "thread-only net: ons $THONS (NS_GET_USERNS), tid $TID"
is "$(field "$J" uts "$THUTS" user)" "$(stat -c %U "/proc/$THP")" "thread-only uts: user of its process"
# a process's own namespace has no TID
is "$(row_of "$J" net "$(t_ns_ino $$ net)" | jq -r 'has("tid") and .tid == null')" true \
	"our own net namespace: tid present, null (a process is in it)"

# fd: NETNSID, ONS, PID of the holder
is "$(field "$J" net "$FDINO" netnsid)" "$NSID1" "fd-held net: netnsid $NSID1 (ip netns list-id)"
is "$(field "$J" net "$FDINO" ons)|$(field "$J" net "$FDINO" pid)|$(field "$J" net "$FDINO" nprocs)" \
	"$FDONS|$FDP|0" "fd-held net: ons $FDONS, pid $FDP (its holder), nprocs 0"

# socket, bind mount: ONS
is "$(field "$J" net "$SKINO" ons)|$(field "$J" net "$SKINO" pid)" "$SKONS|$SKP" "socket-held net: ons $SKONS, pid $SKP (its holder)"
is "$(field "$J" net "$BMINO" ons)" "$BMONS" "net bind mounted in another mount namespace: ons $BMONS"

# *_for_children
is "$(field "$J" pid "$CHPID" holder)|$(field "$J" pid "$CHPID" pns)|$(field "$J" pid "$CHPID" pid)" \
	"pid_for_children|$CHPNS|$CHP" "pid:[$CHPID]: holder pid_for_children, pns $CHPNS, pid $CHP"
is "$(field "$J" pid "$CHPID" held_by)" "pid_for_children of PID $CHP" "pid:[$CHPID]: held_by pid_for_children of PID $CHP"
is "$(field "$J" time "$CHTIME" holder)|$(field "$J" time "$CHTIME" nprocs)" \
	"time_for_children|0" "time:[$CHTIME]: holder time_for_children, nprocs 0"

# the user namespace no process is in
is "$(field "$J" user "$MID" nprocs)|$(field "$J" user "$MID" holder)|$(field "$J" user "$MID" pns)" \
	"0|parent|$MIDPNS" "user:[$MID]: nprocs 0, holder parent, pns $MIDPNS (NS_GET_PARENT twice)"
is "$(field "$J" user "$MID" uid_map)|$(field "$J" user "$MID" gid_map)" "$MIDUID" \
	"user:[$MID]: uid_map|gid_map $MIDUID (a child entered it)"
is "$(field "$J" user "$MID" held_by)" "parent of user:[$ANUSER]" "user:[$MID]: held_by parent of user:[$ANUSER]"

# --- --detail: interfaces -----------------------------------------------------
if nsi_ok "nsinspect -t net --detail -J" -t net --detail -J; then
	cp "$T_TMP/out" "$T_TMP/detail.json"
	for c in "fd $FDINO $FDIF" "socket $SKINO $SKIF" "bind-mount $BMINO $BMIF" "thread $THNET lo"; do
		set -- $c
		got=$(row_of "$T_TMP/detail.json" net "$2" | jq -r '[.interfaces[]?.name] | sort | join(",")')
		is "$got" "$3" "--detail: interfaces of the $1-held net:[$2] ($3, ip -j link inside)"
	done
fi

# --- the table -----------------------------------------------------------------
if nsi_ok "nsinspect -t uts (table)" -t uts; then
	line=$(awk -v i="$THUTS" '$1 == i' "$T_TMP/out")
	if head -1 "$T_TMP/out" | grep -q ' TID ' &&
	   printf '%s\n' "$line" | grep -Eq "^ *$THUTS +uts +1 +$THP +[0-9]+ +[^ ]+ +$TID .*$THHOST"; then
		ok "table: the thread-only uts row shows PID $THP, TID $TID, HOSTNAME $THHOST"
	else
		not_ok "table: the thread-only uts row" "$line"
		diag_file "$T_TMP/out"
	fi
fi
if nsi_ok "nsinspect -t user -o NS,NPROCS,UID_MAP,HOLDER" -t user -o NS,NPROCS,UID_MAP,HOLDER; then
	line=$(awk -v i="$MID" '$1 == i' "$T_TMP/out")
	if printf '%s\n' "$line" | grep -Eq "^ *$MID +0 +1000 0 1 +parent"; then
		ok "table: user:[$MID] row: NPROCS 0, UID_MAP 1000 0 1, HOLDER parent"
	else
		not_ok "table: user:[$MID] row" "$line"
	fi
fi

# --- --tree=parent: one tree ---------------------------------------------------
if nsi_ok "nsinspect -t user --tree=parent -J" -t user --tree=parent -J -o NS,NPROCS; then
	got=$(jq -r --argjson m "$MID" --argjson a "$ANUSER" \
		'[.. | objects | select(.ns? == $m) | .children[]?.ns] | any(. == $a)' "$T_TMP/out")
	is "$got" true "--tree=parent -J: user:[$ANUSER] under user:[$MID]"
	got=$(jq -r --argjson m "$MID" --argjson p "$MIDPNS" \
		'[.. | objects | select(.ns? == $p) | .children[]?.ns] | any(. == $m)' "$T_TMP/out")
	is "$got" true "--tree=parent -J: user:[$MID] under user:[$MIDPNS]"
fi
if nsi_ok "nsinspect -t user --tree=parent" -t user --tree=parent -o NS,NPROCS; then
	mline=$(grep -nE "[-\`]$MID " "$T_TMP/out" | cut -d: -f1)
	aline=$(grep -nE "[-\`]$ANUSER " "$T_TMP/out")
	ind() { printf '%s\n' "$1" | sed 's/^[0-9]*://; s/[0-9].*//' | wc -c; }
	if [ -n "$mline" ] && [ "${aline%%:*}" = "$((mline + 1))" ] &&
	   [ "$(ind "$aline")" -gt "$(ind "$(grep -nE "[-\`]$MID " "$T_TMP/out")")" ]; then
		ok "--tree=parent table: user:[$ANUSER] nested right under user:[$MID]"
	else
		not_ok "--tree=parent table nesting" "mid line '$mline', inner '$aline'"
		diag_file "$T_TMP/out"
	fi
fi

t_finish
