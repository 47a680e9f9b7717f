#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# nsinfo.sh - what nsinspect tells about a namespace beyond its members:
# NSPID and NSLEVEL of a process two PID namespaces deep, --tree=parent
# and --tree=owner, UID_MAP and GID_MAP of user namespaces, HOSTNAME of
# uts namespaces; checked against /proc/PID/status, /proc/PID/uid_map and
# gid_map, and the namespace links.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq unshare nsenter stat awk ps python3 jsonschema
require_nsinspect

HOST_PID=$(t_ns_ino 2 pid)
HOST_USER=$(t_ns_ino 2 user)
HOST_UTS=$(t_ns_ino 2 uts)

# maps FILE - the lines of a uid_map or gid_map, each with its whitespace
# normalised, joined by ", ".
maps() {
	awk '{ $1 = $1; s = s (NR > 1 ? ", " : "") $0 } END { print s }' "$1"
}

# ------------------------------------------ two nested PID namespaces

# U1: unshare in the host's pid ns; its descendants are in the level-1
# pid ns, and S (sleep), forked by the inner unshare, in the level-2 one.
t_spawn "$T_TMP/pid.log" unshare --pid --fork --mount-proc \
	sh -c 'unshare --pid --fork --mount-proc sleep 600'
U1=$T_SPAWNED
S=""
find_sleep() {
	S=""
	for _p in $(t_descendants "$U1"); do
		if t_comm_is "$_p" sleep; then
			S=$_p
			return 0
		fi
	done
	return 1
}
if t_wait 100 find_sleep; then
	NSPID=$(awk '$1 == "NSpid:" { $1 = ""; print }' "/proc/$S/status" | awk '{$1 = $1; print}')
	L2=$(t_ns_ino "$S" pid)
	# L1: the pid ns of the inner unshare, S's parent.
	SP=$(ps -o ppid= -p "$S" | awk '{print $1}')
	L1=$(t_ns_ino "$SP" pid)
	if [ "$(echo "$NSPID" | wc -w)" -eq 3 ] && [ "$L1" != "$HOST_PID" ] && [ "$L2" != "$L1" ]; then
		ok "set up: sleep $S two PID namespaces deep (NSpid $NSPID; pid ns $L1, then $L2)"
	else
		not_ok "set up: sleep $S two PID namespaces deep" \
			"NSpid '$NSPID', pid ns of its parent $SP: $L1, its own: $L2, host: $HOST_PID"
		t_finish
	fi
else
	not_ok "set up: unshare --pid --fork --mount-proc, twice, and sleep"
	diag_file "$T_TMP/pid.log" "unshare's output"
	t_finish
fi

if nsi_ok "--caps $S -o PID,NSPID,NSLEVEL -J" --caps "$S" -o PID,NSPID,NSLEVEL -J; then
	is "$(jq -c '.processes[0] | [.pid, .nspid, .nslevel]' "$T_TMP/out" 2>&1)" \
		"[$S,[$(echo "$NSPID" | sed 's/ /,/g')],2]" \
		"--caps $S: nspid [$NSPID] as the NSpid line of /proc/$S/status, nslevel 2"
	t_schema_ok "--caps -o PID,NSPID,NSLEVEL -J is valid against the schema" "$T_TMP/out"
fi
if nsi_ok "--caps $SP $$ -o PID,NSLEVEL -J" --caps "$SP" $$ -o PID,NSLEVEL -J; then
	is "$(jq -c '[.processes[] | [.pid, .nslevel]] | sort' "$T_TMP/out" 2>&1)" \
		"$(printf '%s\n' "$SP 1" "$$ 0" | sort -n | jq -R -c 'split(" ") | map(tonumber)' | jq -sc .)" \
		"NSLEVEL: 1 for the inner unshare $SP, 0 for this shell"
fi
if nsi_ok "--caps $S -o PID,NSPID,NSLEVEL (table)" --caps "$S" -o PID,NSPID,NSLEVEL -n; then
	is "$(awk '{$1 = $1; print}' "$T_TMP/out")" "$S $NSPID 2" \
		"--caps table: NSPID is the numbers separated by spaces, NSLEVEL 2"
fi

# --tree=parent: the host's pid ns, at the top, holds L1, which holds L2.
if nsi_ok "--tree=parent -J" --tree=parent -J; then
	cp "$T_TMP/out" "$T_TMP/parent.json"
	if t_jq "$T_TMP/parent.json" --argjson h "$HOST_PID" --argjson a "$L1" --argjson b "$L2" '
		[.namespaces[] | select(.ns == $h) | .children[]? | select(.ns == $a) |
			.children[]? | select(.ns == $b)] | length == 1'; then
		ok "--tree=parent -J: host pid ns $HOST_PID (top level) > $L1 > $L2"
	else
		not_ok "--tree=parent -J: host pid ns $HOST_PID (top level) > $L1 > $L2" \
			"host row: $(jq -c --argjson h "$HOST_PID" '[.namespaces[] | select(.ns == $h) |
				{ns, type, children: [.children[]? | {ns, type, children: [.children[]? | {ns, type}]}]}]' \
				"$T_TMP/parent.json" 2>&1 | cut -c1-600)"
	fi
	# every pid and user ns appears exactly once in the tree
	n=$(jq --argjson a "$L1" --argjson b "$L2" '[.. | objects | select(has("ns")) |
		select(.ns == $a or .ns == $b)] | length' "$T_TMP/parent.json" 2>&1)
	is "$n" 2 "--tree=parent -J: each of the two new pid namespaces appears once"
	t_schema_ok "--tree=parent -J is valid against the schema" "$T_TMP/parent.json"
fi

# ---------------------------------------- a user ns owning a net ns

t_spawn "$T_TMP/user.log" unshare --user --map-root-user --net sleep 600
US=$T_SPAWNED
user_ready() {
	t_comm_is "$US" sleep && [ -n "$(cat "/proc/$US/uid_map" 2>/dev/null)" ]
}
if t_wait 100 user_ready; then
	NEW_USER=$(t_ns_ino "$US" user)
	NEW_NET=$(t_ns_ino "$US" net)
	ok "set up: unshare --user --map-root-user --net sleep 600 (pid $US; user ns $NEW_USER, net ns $NEW_NET)"

	if nsi_ok "--tree=owner -J" --tree=owner -J; then
		cp "$T_TMP/out" "$T_TMP/owner.json"
		if t_jq "$T_TMP/owner.json" --argjson u "$NEW_USER" --argjson n "$NEW_NET" '
			[.. | objects | select(.ns == $u) | .children[]? | select(.ns == $n and .type == "net")] |
			length == 1'; then
			ok "--tree=owner -J: the new net ns $NEW_NET is a child of the new user ns $NEW_USER"
		else
			not_ok "--tree=owner -J: the new net ns $NEW_NET is a child of the new user ns $NEW_USER" \
				"user ns node: $(jq -c --argjson u "$NEW_USER" '[.. | objects | select(.ns == $u)]' \
					"$T_TMP/owner.json" 2>&1 | cut -c1-600)"
		fi
		if t_jq "$T_TMP/owner.json" --argjson h "$HOST_USER" --argjson u "$NEW_USER" '
			[.namespaces[] | select(.ns == $h) | .children[]? | select(.ns == $u)] | length == 1'; then
			ok "--tree=owner -J: the new user ns is a child of the host's user ns $HOST_USER (top level)"
		else
			not_ok "--tree=owner -J: the new user ns is a child of the host's user ns $HOST_USER (top level)" \
				"top-level rows: $(jq -c '[.namespaces[] | {ns, type}]' "$T_TMP/owner.json" 2>&1 | cut -c1-600)"
		fi
		n=$(jq --argjson n "$NEW_NET" '[.. | objects | select(has("ns")) | select(.ns == $n)] | length' \
			"$T_TMP/owner.json" 2>&1)
		is "$n" 1 "--tree=owner -J: the new net ns appears once"
	fi

	if nsi_ok "-t user -o NS,UID_MAP,GID_MAP -J" -t user -o NS,UID_MAP,GID_MAP -J; then
		cp "$T_TMP/out" "$T_TMP/maps.json"
		is "$(jq -c --argjson u "$NEW_USER" '[.namespaces[] | select(.ns == $u) | [.uid_map, .gid_map]]' \
			"$T_TMP/maps.json" 2>&1)" \
			"[[\"$(maps "/proc/$US/uid_map")\",\"$(maps "/proc/$US/gid_map")\"]]" \
			"UID_MAP and GID_MAP of the new user ns: '$(maps "/proc/$US/uid_map")' as /proc/$US/uid_map and gid_map"
		is "$(jq -c --argjson u "$HOST_USER" '[.namespaces[] | select(.ns == $u) | [.uid_map, .gid_map]]' \
			"$T_TMP/maps.json" 2>&1)" '[["0 0 4294967295","0 0 4294967295"]]' \
			"UID_MAP and GID_MAP of the host's user ns: 0 0 4294967295"
	fi
else
	not_ok "set up: unshare --user --map-root-user --net sleep 600"
	diag_file "$T_TMP/user.log" "unshare's output"
fi

# Maps of several lines, written by hand (we are root in the parent user ns).
t_spawn "$T_TMP/user2.log" unshare --user sleep 600
UM=$T_SPAWNED
if t_wait 100 t_comm_is "$UM" sleep &&
   printf '0 100000 1000\n1000 2000 1\n' >"/proc/$UM/uid_map" 2>"$T_TMP/map.err" &&
   printf '0 200000 500\n500 3000 2\n' >"/proc/$UM/gid_map" 2>>"$T_TMP/map.err"; then
	ok "set up: a user ns with uid_map of 2 lines and gid_map of 2 lines (pid $UM)"
	if nsi_ok "-t user -J" -t user -J; then
		is "$(jq -c --argjson u "$(t_ns_ino "$UM" user)" \
			'[.namespaces[] | select(.ns == $u) | [.uid_map, .gid_map]]' "$T_TMP/out" 2>&1)" \
			"[[\"$(maps "/proc/$UM/uid_map")\",\"$(maps "/proc/$UM/gid_map")\"]]" \
			"-t user alone: UID_MAP and GID_MAP, lines joined by ', '"
	fi
else
	not_ok "set up: a user ns with maps of 2 lines"
	diag_file "$T_TMP/map.err" "write"
fi

# ------------------------------------------------------------ HOSTNAME

t_spawn "$T_TMP/uts.log" unshare --uts sh -c 'hostname nsi-uts-test; exec sleep 600'
H=$T_SPAWNED
if t_wait 100 t_comm_is "$H" sleep; then
	UTS=$(t_ns_ino "$H" uts)
	ok "set up: unshare --uts, hostname nsi-uts-test (pid $H, uts ns $UTS)"
	if nsi_ok "-t uts -o NS,HOSTNAME -J" -t uts -o NS,HOSTNAME -J; then
		is "$(jq -c --argjson u "$UTS" '[.namespaces[] | select(.ns == $u) | .hostname]' "$T_TMP/out" 2>&1)" \
			'["nsi-uts-test"]' "HOSTNAME of the new uts ns is nsi-uts-test"
		is "$(jq -c --argjson u "$HOST_UTS" '[.namespaces[] | select(.ns == $u) | .hostname]' "$T_TMP/out" 2>&1)" \
			"[\"$(cat /proc/sys/kernel/hostname)\"]" "HOSTNAME of the host's uts ns is kernel.hostname"
	fi
	if nsi_ok "-t uts (table)" -t uts; then
		line=$(grep -E "^ *$UTS " "$T_TMP/out")
		case "$(head -n 1 "$T_TMP/out")" in
		*HOSTNAME*)
			case "$line" in
			*nsi-uts-test*) ok "-t uts table: a HOSTNAME column, nsi-uts-test on the row of $UTS" ;;
			*) not_ok "-t uts table: a HOSTNAME column, nsi-uts-test on the row of $UTS" "row: $line" ;;
			esac ;;
		*) not_ok "-t uts table: a HOSTNAME column, nsi-uts-test on the row of $UTS" \
			"header: $(head -n 1 "$T_TMP/out")" ;;
		esac
	fi
else
	not_ok "set up: unshare --uts sh -c 'hostname nsi-uts-test; exec sleep 600'"
	diag_file "$T_TMP/uts.log" "its output"
fi

t_finish
