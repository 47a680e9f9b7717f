#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# namespaces.sh - namespaces of every type made with unshare(1), checked
# against /proc (stat -L of the ns links) and against lsns(8).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq lsns unshare ps stat awk
require_nsinspect

TYPES="mnt net pid user uts ipc cgroup time"

# U: unshare, in the new mnt, uts, ipc, net, cgroup and user namespaces
#    (not in the new pid and time namespaces: those are for its children).
# P1: its child, PID 1 of the new pid namespace, in all 8 new namespaces.
# P2: a child of P1 sharing all 8.
# So NPROCS is 3 for six of the new namespaces and 2 for pid and time.
t_spawn "$T_TMP/unshare.log" unshare --mount --uts --ipc --net --pid --fork \
	--cgroup --time --user --map-root-user \
	sh -c 'sleep 600 & exec sleep 600'
U=$T_SPAWNED
P1=""
P2=""
find_p1() {
	P1=$(t_children "$U" | head -n 1)
	[ -n "$P1" ] && t_comm_is "$P1" sleep && t_has_child "$P1"
}
find_p2() {
	P2=$(t_children "$P1" | head -n 1)
	[ -n "$P2" ] && t_comm_is "$P2" sleep
}
if ! t_wait 100 find_p1 || ! t_wait 100 find_p2; then
	not_ok "set up: unshare of all 8 namespace types with two sleeps" \
		"unshare=$U child=$P1 grandchild=$P2"
	diag_file "$T_TMP/unshare.log" "unshare's output"
	t_finish
fi

setup_ok=1
for t in $TYPES; do
	eval "NEW_$t=\$(t_ns_ino \"\$P1\" \"\$t\")"
	eval "HOST_$t=\$(t_ns_ino \$\$ \"\$t\")"
	eval "n=\$NEW_$t h=\$HOST_$t"
	if [ -z "$n" ] || [ -z "$h" ] || [ "$n" = "$h" ]; then
		setup_ok=0
		diag "type $t: new $n host $h"
	fi
done
if [ "$setup_ok" -eq 1 ]; then
	ok "set up: unshare=$U, P1=$P1, P2=$P2 in 8 new namespaces"
else
	not_ok "set up: unshare=$U, P1=$P1, P2=$P2 in 8 new namespaces"
	t_finish
fi

# ----------------------------------------------- every type, from /proc

if nsi_ok "nsinspect -J" -J; then
	cp "$T_TMP/out" "$T_TMP/all.json"
	for t in $TYPES; do
		eval "ino=\$NEW_$t"
		exp=$(t_ns_members "$t" "$ino")
		exp_n=${exp% *}
		exp_pid=${exp#* }
		exp_ppid=$(ps -o ppid= -p "$exp_pid" | awk '{print $1}')
		exp_cmd=$(tr '\0' ' ' <"/proc/$exp_pid/cmdline" | sed 's/ $//')
		row=$(jq -c --argjson ino "$ino" --arg t "$t" \
			'[.namespaces[] | select(.ns == $ino and .type == $t)]' "$T_TMP/all.json")
		if echo "$row" | jq -e --argjson n "$exp_n" --argjson pid "$exp_pid" \
			--argjson ppid "$exp_ppid" --arg cmd "$exp_cmd" '
			length == 1 and .[0].nprocs == $n and .[0].pid == $pid and
			.[0].ppid == $ppid and .[0].user == "root" and
			.[0].command == $cmd' >/dev/null; then
			ok "$t namespace $ino: nprocs $exp_n, pid $exp_pid, ppid, user, command"
		else
			not_ok "$t namespace $ino: nprocs $exp_n, pid $exp_pid, ppid, user, command" \
				"expected: nprocs $exp_n pid $exp_pid ppid $exp_ppid user root command '$exp_cmd'" \
				"nsinspect rows: $row"
		fi
	done
	if [ "$NEW_pid" != "" ]; then
		is "$(t_ns_members pid "$NEW_pid")" "2 $P1" "oracle sanity: the new pid namespace holds P1 and P2"
	fi
fi

# ------------------------------------------------------------ -p PID

# check_p PID - nsinspect -p PID lists exactly the 8 namespaces of PID;
# NPROCS is the full count of each (compared where it is stable: for the
# namespaces made here, not the host's, where processes come and go).
check_p() {
	_pid=$1
	if ! nsi_ok "-p $_pid" -p "$_pid" -J -o NS,TYPE,NPROCS,PID; then
		return
	fi
	_want=""
	_wantn=""
	for _t in $TYPES; do
		_ino=$(t_ns_ino "$_pid" "$_t")
		_want="$_want$_ino $_t
"
		if [ "$_ino" != "$(t_ns_ino $$ "$_t")" ]; then
			_m=$(t_ns_members "$_t" "$_ino")
			_wantn="$_wantn$_ino $_t ${_m% *} ${_m#* }
"
		fi
	done
	_got=$(jq -r '.namespaces[] | "\(.ns) \(.type)"' "$T_TMP/out" | sort)
	is "$_got" "$(printf '%s' "$_want" | sort)" \
		"-p $_pid lists exactly its 8 namespaces"
	_gotn=$(jq -r --arg host "$(for _t in $TYPES; do t_ns_ino $$ "$_t"; done)" '
		($host | split("\n") | map(tonumber)) as $h
		| .namespaces[] | select(.ns as $n | $h | index([$n]) | not)
		| "\(.ns) \(.type) \(.nprocs) \(.pid)"' "$T_TMP/out" | sort)
	is "$_gotn" "$(printf '%s' "$_wantn" | sort)" \
		"-p $_pid: NPROCS and PID of its new namespaces are those of the whole namespace"
}
check_p "$P1"
check_p "$P2"
check_p "$U"

# ------------------------------------------------------ PNS and ONS

if nsi_ok "-o NS,TYPE,PNS,ONS -J" -o NS,TYPE,PNS,ONS -J; then
	cp "$T_TMP/out" "$T_TMP/pns.json"
	# row TYPE INO - the compact JSON row of that namespace
	row() {
		jq -c --argjson ino "$2" --arg t "$1" \
			'[.namespaces[] | select(.ns == $ino and .type == $t)] | if length == 1 then .[0] else . end' \
			"$T_TMP/pns.json"
	}
	is "$(row pid "$NEW_pid" | jq -c .pns)" "$HOST_pid" \
		"PNS of the new pid namespace is the host's pid namespace"
	is "$(row user "$NEW_user" | jq -c .pns)" "$HOST_user" \
		"PNS of the new user namespace is the host's user namespace"
	is "$(row user "$NEW_user" | jq -c .ons)" "$HOST_user" \
		"ONS of the new user namespace is its parent, the host's user namespace"
	is "$(row net "$NEW_net" | jq -c .ons)" "$NEW_user" \
		"ONS of the new net namespace is the new user namespace"
	bad=""
	for t in mnt uts ipc pid cgroup time; do
		eval "ino=\$NEW_$t"
		o=$(row "$t" "$ino" | jq -c .ons)
		[ "$o" = "$NEW_user" ] || bad="$bad $t:$o"
	done
	if [ -z "$bad" ]; then
		ok "ONS of every other new namespace is the new user namespace"
	else
		not_ok "ONS of every other new namespace is the new user namespace" \
			"new user ns $NEW_user; got:$bad"
	fi
	bad=""
	for t in mnt net uts ipc cgroup time; do
		eval "ino=\$NEW_$t"
		p=$(row "$t" "$ino" | jq -c .pns)
		[ "$p" = null ] || bad="$bad $t:$p"
	done
	if [ -z "$bad" ]; then
		ok "PNS is null for types other than pid and user"
	else
		not_ok "PNS is null for types other than pid and user" "got:$bad"
	fi
	# The initial namespaces (fixed inodes, include/linux/proc_ns.h) have
	# no parent, and the initial user namespace no owner.
	if [ "$HOST_user" = 4026531837 ] && [ "$HOST_pid" = 4026531836 ]; then
		is "$(row user "$HOST_user" | jq -c '[.pns, .ons]')" "[null,null]" \
			"the initial user namespace has no parent and no owner"
		is "$(row pid "$HOST_pid" | jq -c '[.pns, .ons]')" "[null,$HOST_user]" \
			"the initial pid namespace has no parent, owner the initial user ns"
	else
		skip "this shell is not in the initial user and pid namespaces"
	fi

	# and the same as lsns says, for the new namespaces (lsns prints 0 for
	# none where nsinspect prints null)
	# (lsns itself sometimes fails when a process exits under it: 3 tries)
	if t_try3 "$T_TMP/lsns-pns.json" lsns -J -o NS,TYPE,PNS,ONS 2>"$T_TMP/lsns.err"; then
		want=""
		got=""
		for t in $TYPES; do
			eval "ino=\$NEW_$t"
			want="$want$(jq -r --argjson ino "$ino" --arg t "$t" \
				'.namespaces[] | select(.ns == $ino and .type == $t) | "\(.ns) \(.type) \(.pns) \(.ons)"' \
				"$T_TMP/lsns-pns.json" | sed 's/ 0 / null /; s/ 0$/ null/')
"
			got="$got$(jq -r --argjson ino "$ino" --arg t "$t" \
				'.namespaces[] | select(.ns == $ino and .type == $t) | "\(.ns) \(.type) \(.pns) \(.ons)"' \
				"$T_TMP/pns.json")
"
		done
		is "$got" "$want" "PNS and ONS of the new namespaces agree with lsns"
	else
		not_ok "PNS and ONS of the new namespaces agree with lsns" "lsns failed"
		diag_file "$T_TMP/lsns.err" "lsns"
	fi
fi

# --------------------------------------------------------- PATH column

if nsi_ok "-o NS,TYPE,PATH,PID -J" -o NS,TYPE,PATH,PID -J; then
	if t_jq "$T_TMP/out" '[.namespaces[] | select(.ns == $ino and .type == "net")][0].path == "/proc/\($u)/ns/net"' \
		--argjson ino "$NEW_net" --argjson u "$U"; then
		ok "PATH of the new net namespace is /proc/$U/ns/net"
	else
		not_ok "PATH of the new net namespace is /proc/$U/ns/net" \
			"$(jq -c --argjson ino "$NEW_net" '[.namespaces[] | select(.ns == $ino)]' "$T_TMP/out")"
	fi
fi

# ------------------------------------------------------------ vs lsns

# The set of (ns, type, nprocs, pid) of both tools.  lsns leaves out what
# it cannot read (PID 1 here) and namespaces held only by nsfs mounts,
# fds, sockets or threads (no process is in them: PID null), so only rows
# with a known ns and a process count.  On a busy machine
# processes come and go between two runs, so nsinspect runs between two
# lsns runs: a row on which both lsns runs agree must be the same in
# nsinspect (on a quiet machine, that is every row: plain equality); a row
# whose count changed in between must still be there; and nsinspect may
# have no row that neither lsns run had.  Up to 3 tries.
sel='.namespaces[] | select(.ns != null and .pid != null) | "\(.ns) \(.type) \(.nprocs) \(.pid)"'
lsns_cmp() {
	lsns -J -l -o NS,TYPE,NPROCS,PID >"$T_TMP/lsns1.json" 2>"$T_TMP/lsns.err" || return 1
	"$NSINSPECT" -J -o NS,TYPE,NPROCS,PID >"$T_TMP/nsi.json" 2>"$T_TMP/nsi.err" || return 1
	lsns -J -l -o NS,TYPE,NPROCS,PID >"$T_TMP/lsns2.json" 2>>"$T_TMP/lsns.err" || return 1
	jq -r "$sel" "$T_TMP/lsns1.json" | sort >"$T_TMP/lsns1.set" &&
	jq -r "$sel" "$T_TMP/nsi.json" | sort >"$T_TMP/nsi.set" &&
	jq -r "$sel" "$T_TMP/lsns2.json" | sort >"$T_TMP/lsns2.set" || return 1
	awk '
		FILENAME == ARGV[1] { a[$1 " " $2] = $3 " " $4; next }
		FILENAME == ARGV[2] { n[$1 " " $2] = $3 " " $4; next }
		{ b[$1 " " $2] = $3 " " $4 }
		END {
			for (k in a) {
				if (!(k in b))
					continue
				if (!(k in n)) {
					print "missing in nsinspect: " k " (lsns: " a[k] ")"
					bad = 1
				} else if (a[k] == b[k] && n[k] != a[k]) {
					print "differs: " k ": lsns " a[k] ", nsinspect " n[k]
					bad = 1
				} else if (a[k] == b[k]) {
					same++
				}
			}
			for (k in n) {
				if (!(k in a) && !(k in b)) {
					print "not in lsns: " k " " n[k]
					bad = 1
				}
			}
			print same " row(s) compared exactly"
			exit bad
		}' "$T_TMP/lsns1.set" "$T_TMP/nsi.set" "$T_TMP/lsns2.set" >"$T_TMP/cmp.out"
}
try=1
while :; do
	if lsns_cmp; then
		ok "(ns, type, nprocs, pid) agree with lsns -J -l (try $try, $(tail -n 1 "$T_TMP/cmp.out"))"
		break
	fi
	if [ "$try" -ge 3 ]; then
		not_ok "(ns, type, nprocs, pid) agree with lsns -J -l (3 tries)"
		diag_file "$T_TMP/cmp.out" "differences"
		diag_file "$T_TMP/nsi.err" "nsinspect stderr"
		diag_file "$T_TMP/lsns.err" "lsns stderr"
		break
	fi
	try=$((try + 1))
	sleep 0.2
done
if grep -q "^$NEW_pid pid 2 $P1\$" "$T_TMP/nsi.set" &&
   grep -q "^$NEW_net net 3 $U\$" "$T_TMP/nsi.set"; then
	ok "the compared sets include the new namespaces"
else
	not_ok "the compared sets include the new namespaces"
fi

# ---------------------------------------------------------- a zombie

# A zombie has lost the links of the namespaces held by its nsproxy (mnt,
# uts, ipc, net, cgroup, time) but /proc/PID/ns/pid and /user still
# resolve, and lsns counts it there.  Z: the zombie child of P3, which never
# waits; both in a new user and pid namespace.
t_spawn "$T_TMP/zombie.log" unshare --user --pid --fork \
	sh -c 'sleep 0 & exec sleep 600'
U3=$T_SPAWNED
P3=""
Z=""
find_zombie() {
	P3=$(t_children "$U3" | head -n 1)
	[ -n "$P3" ] && t_comm_is "$P3" sleep || return 1
	Z=$(t_children "$P3" | head -n 1)
	[ -n "$Z" ] && [ "$(ps -o stat= -p "$Z" | cut -c1)" = Z ]
}
if t_wait 100 find_zombie; then
	ok "set up: zombie $Z, child of $P3, in a new user and pid namespace"
	zu=$(t_ns_ino "$P3" user)
	zp=$(t_ns_ino "$P3" pid)
	want=""
	for tp in "user $zu" "pid $zp"; do
		m=$(t_ns_members "${tp% *}" "${tp#* }")
		want="$want${tp#* } ${tp% *} ${m% *} ${m#* }
"
	done
	want=$(printf '%s' "$want" | sort)
	t_try3 "$T_TMP/zl.json" lsns -J -l -t user -t pid -o NS,TYPE,NPROCS,PID 2>/dev/null
	wantl=$(jq -r --argjson u "$zu" --argjson p "$zp" \
		'.namespaces[] | select(.ns == $u or .ns == $p) | "\(.ns) \(.type) \(.nprocs) \(.pid)"' \
		"$T_TMP/zl.json" | sort)
	is "$wantl" "$want" "oracle: lsns and the readable /proc links agree on the zombie"
	if nsi_ok "-t user,pid with a zombie" -t user,pid -J -o NS,TYPE,NPROCS,PID; then
		got=$(jq -r --argjson u "$zu" --argjson p "$zp" \
			'.namespaces[] | select(.ns == $u or .ns == $p) | "\(.ns) \(.type) \(.nprocs) \(.pid)"' \
			"$T_TMP/out" | sort)
		is "$got" "$want" "a zombie counts where its links resolve (user, pid), as lsns counts it"
	fi
else
	not_ok "set up: a zombie in a new user and pid namespace"
	diag_file "$T_TMP/zombie.log" "its output"
fi
t_kill "$U3"

# ------------------------------------------ a namespace that goes away

t_kill "$U" "$P1" "$P2"
gone() {
	"$NSINSPECT" -J -o NS,TYPE >"$T_TMP/gone.json" 2>/dev/null &&
		! jq -e --argjson ino "$NEW_net" '.namespaces[] | select(.ns == $ino)' \
			"$T_TMP/gone.json" >/dev/null
}
if t_wait 50 gone; then
	ok "the namespaces are gone once their processes are"
else
	not_ok "the namespaces are gone once their processes are" \
		"net namespace $NEW_net still listed"
fi

t_finish
