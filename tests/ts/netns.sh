#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# netns.sh - network namespaces held by nsfs mounts (ip netns add), their
# netnsid (ip netns set), and a process inside one (ip netns exec).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq ip ps stat awk mount umount
require_nsinspect

NAME=$T_NAME
NSPATH=/run/netns/$NAME

if ! ip netns add "$NAME" 2>"$T_TMP/ip.err"; then
	not_ok "set up: ip netns add $NAME"
	diag_file "$T_TMP/ip.err" "ip"
	t_finish
fi
t_add_netns "$NAME"
INO=$(stat -L -c %i "$NSPATH")
ok "set up: ip netns add $NAME (ns $INO)"

# netrow - set r to the row of our namespace in nsinspect --ns net -J,
# compact, or "[]" / a list when not exactly one; T_RC is set.
netrow() {
	nsi --ns net -J
	r=$(jq -c --argjson ino "$INO" \
		'[.namespaces[] | select(.ns == $ino)] | if length == 1 then .[0] else . end' \
		"$T_TMP/out" 2>&1)
}

# ip_id - the netnsid ip(8) shows for our namespace ("null" for none).
ip_id() {
	ip -j netns list 2>/dev/null | jq -c --arg n "$NAME" \
		'[.[] | select(.name == $n)][0].id // null'
}

# ------------------------------------------------ held by a mount only

netrow
if [ "$T_RC" -eq 0 ] && echo "$r" | jq -e --arg p "$NSPATH" '
	.type == "net" and .nprocs == 0 and .pid == null and
	.ppid == null and .command == null and (.nsfs | index([$p]) != null)' >/dev/null 2>&1; then
	ok "--ns net -J: the namespace of $NSPATH, nprocs 0, pid null, nsfs $NSPATH"
else
	not_ok "--ns net -J: the namespace of $NSPATH, nprocs 0, pid null, nsfs $NSPATH" \
		"exit $T_RC, row: $r"
	diag_file "$T_TMP/err" "stderr"
fi

# (holder and held_by join them when something holds a namespace by fd,
# socket, thread or bind mount elsewhere: dockerd's sockets do)
keys=$(echo "$r" | jq -c 'keys_unsorted | map(select(. != "container" and . != "containers" and
	. != "holder" and . != "held_by" and . != "holders" and . != "tid"))' 2>/dev/null)
is "$keys" '["ns","type","nprocs","pid","ppid","user","netnsid","nsfs","command"]' \
	"--ns net default columns: NS TYPE NPROCS PID PPID USER NETNSID NSFS COMMAND"

is "$(echo "$r" | jq -c .netnsid 2>/dev/null)" "$(ip_id)" \
	"NETNSID before ip netns set is what ip -j netns list says"

r2=$(nsi -t net -J && jq -c --argjson ino "$INO" '[.namespaces[] | select(.ns == $ino)][0]' "$T_TMP/out")
is "$r2" "$r" "-t net gives the same row as --ns net"

# Default view: an nsfs mount exists, so NSFS is shown; the row is there.
if nsi_ok "nsinspect -J" -J; then
	if t_jq "$T_TMP/out" 'all(.namespaces[]; has("nsfs")) and
		([.namespaces[] | select(.ns == $ino and .type == "net" and .nprocs == 0 and (.nsfs | index([$p]) != null))] | length == 1)' \
		--argjson ino "$INO" --arg p "$NSPATH"; then
		ok "default -J shows NSFS when a namespace has an nsfs mount, with our row"
	else
		not_ok "default -J shows NSFS when a namespace has an nsfs mount, with our row" \
			"first row: $(jq -c '.namespaces[0]' "$T_TMP/out")" \
			"our row: $(jq -c --argjson ino "$INO" '[.namespaces[] | select(.ns == $ino)]' "$T_TMP/out")"
	fi
fi
if nsi_ok "nsinspect (table)"; then
	case "$(head -n 1 "$T_TMP/out" | awk '{$1 = $1; print}')" in
	*NSFS*) ok "default table has the NSFS column when an nsfs mount exists" ;;
	*) not_ok "default table has the NSFS column when an nsfs mount exists" \
		"header: $(head -n 1 "$T_TMP/out")" ;;
	esac
fi

# ------------------------------------------------------------ netnsid

# 17, or the first free ID from 17 on.
id=17
while ip netns list-id 2>/dev/null | awk -v id="$id" '$2 == id { f = 1 } END { exit !f }'; do
	id=$((id + 1))
done
if ip netns set "$NAME" "$id" 2>"$T_TMP/ip.err"; then
	ok "set up: ip netns set $NAME $id"
	is "$(ip_id)" "$id" "oracle: ip -j netns list shows id $id"
	if ip netns list-id | grep -Eq "nsid $id( |$)"; then
		ok "oracle: ip netns list-id shows nsid $id"
	else
		not_ok "oracle: ip netns list-id shows nsid $id" "$(ip netns list-id)"
	fi
	netrow
	is "$(echo "$r" | jq -c .netnsid)" "$id" "NETNSID of the namespace is $id"
	nsi --ns net -r -o NS,NETNSID
	is "$(grep "^$INO " "$T_TMP/out")" "$INO $id" "-o NS,NETNSID -r shows $id"
else
	not_ok "set up: ip netns set $NAME $id"
	diag_file "$T_TMP/ip.err" "ip"
	id=null
fi

# ---------------------------------------------- a second nsfs mount

BIND=$T_TMP/nsfs-bind
: >"$BIND"
if mount --bind "$NSPATH" "$BIND" 2>"$T_TMP/mount.err"; then
	t_add_mount "$BIND"
	netrow
	if echo "$r" | jq -e --arg a "$NSPATH" --arg b "$BIND" \
		'(.nsfs | index([$a]) != null) and (.nsfs | index([$b]) != null)' >/dev/null 2>&1; then
		ok "NSFS lists both mount points of the namespace"
	else
		not_ok "NSFS lists both mount points of the namespace" "row: $r"
	fi
	umount "$BIND" 2>/dev/null
else
	not_ok "set up: bind mount of $NSPATH"
	diag_file "$T_TMP/mount.err" "mount"
fi

# ------------------------------------------------ a process inside it

t_spawn "$T_TMP/exec.log" ip netns exec "$NAME" sleep 600
S=$T_SPAWNED
in_ns() {
	t_comm_is "$S" sleep && [ "$(t_ns_ino "$S" net)" = "$INO" ]
}
if t_wait 100 in_ns; then
	ok "set up: ip netns exec $NAME sleep 600 (pid $S)"
	netrow
	sppid=$(ps -o ppid= -p "$S" | awk '{print $1}')
	if echo "$r" | jq -e --argjson pid "$S" --argjson ppid "$sppid" --arg p "$NSPATH" \
		--argjson id "$id" '
		.nprocs == 1 and .pid == $pid and .ppid == $ppid and
		.user == "root" and .command == "sleep 600" and
		.netnsid == $id and (.nsfs | index([$p]) != null)' >/dev/null 2>&1; then
		ok "with a process: nprocs 1, pid $S, command, netnsid and nsfs kept"
	else
		not_ok "with a process: nprocs 1, pid $S, command, netnsid and nsfs kept" "row: $r"
	fi

	if nsi_ok "--ns net (table)" --ns net; then
		line=$(grep -E "^ *$INO " "$T_TMP/out")
		case "$line" in
		*"$NSPATH"*) ok "--ns net table shows the NSFS path on the row of the namespace" ;;
		*) not_ok "--ns net table shows the NSFS path on the row of the namespace" \
			"row: $line"
		   diag_file "$T_TMP/out" "output" ;;
		esac
		h=$(head -n 1 "$T_TMP/out" | awk '{$1 = $1; print}' | sed 's/ CONTAINER / /; s/ HOLDER HELD_BY / /')
		is "$h" "NS TYPE NPROCS PID PPID USER NETNSID NSFS COMMAND" "--ns net table header (CONTAINER, HOLDER, HELD_BY aside)"
	fi

	if nsi_ok "-p $S" -p "$S" -J -o NS,TYPE,NPROCS,NSFS; then
		if t_jq "$T_TMP/out" '[.namespaces[] | select(.type == "net")] |
			length == 1 and .[0].ns == $ino and .[0].nprocs == 1 and (.[0].nsfs | index([$p]) != null)' \
			--argjson ino "$INO" --arg p "$NSPATH"; then
			ok "-p $S shows the net namespace with its nsfs path"
		else
			not_ok "-p $S shows the net namespace with its nsfs path" \
				"$(jq -c '.namespaces' "$T_TMP/out")"
		fi
	fi

	# ip netns del removes the mount; the process still holds it.
	if ip netns del "$NAME" 2>"$T_TMP/ip.err"; then
		netrow
		if echo "$r" | jq -e --argjson pid "$S" \
			'.nprocs == 1 and .pid == $pid and .nsfs == null' >/dev/null 2>&1; then
			ok "after ip netns del: held by the process only, nsfs null"
		else
			not_ok "after ip netns del: held by the process only, nsfs null" "row: $r"
		fi
	else
		not_ok "ip netns del $NAME"
		diag_file "$T_TMP/ip.err" "ip"
	fi
	t_kill "$S"
	gone() {
		netrow
		[ "$r" = "[]" ]
	}
	if t_wait 50 gone; then
		ok "the namespace is gone after ip netns del and the process exit"
	else
		not_ok "the namespace is gone after ip netns del and the process exit" "row: $r"
	fi
else
	not_ok "set up: ip netns exec $NAME sleep 600"
	diag_file "$T_TMP/exec.log" "its output"
fi

# ------------------------------------- a mount table of many pages
# mountinfo gives at most a page per read(2): with 60 more namespaces
# bound under /run/netns it spans several, and every one must be found.
MANY=""
for i in $(seq 1 60); do
	ip netns add "$NAME-m$i" 2>/dev/null && t_add_netns "$NAME-m$i" &&
		MANY="$MANY $NAME-m$i"
done
size=$(wc -c </proc/self/mountinfo)
if nsi_ok "--ns net -J with 60 more netns" --ns net -J; then
	missing=""
	for n in $MANY; do
		t_jq "$T_TMP/out" --arg p "/run/netns/$n" \
			'[.namespaces[] | select((.nsfs // []) | index($p))] | length == 1' ||
			missing="$missing $n"
	done
	if [ -n "$MANY" ] && [ -z "$missing" ]; then
		ok "all $(echo $MANY | wc -w) /run/netns mounts found in a mountinfo of $size bytes"
	else
		not_ok "all /run/netns mounts found in a mountinfo of $size bytes" "missing:$missing"
	fi
fi
for n in $MANY; do ip netns del "$n" 2>/dev/null; done

t_finish
