#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# userns-caps.sh - capabilities are judged in their user namespace, and by
# what a process can do now (issue 12, section 3):
#   - a process in a child user namespace (unshare -Ur) has its user
#     namespace inode and initial_userns false in JSON, the "*" of pscap(8)
#     after its NAME and COMMAND in tables, and CAPDANGER and --audit say
#     "full inside its own user namespace" (JSON: capdanger [], audit
#     dangerous [] and full true) instead of escape-prone on the host;
#   - nobody with only cap_net_raw (setpriv) is not reported with
#     cap_sys_admin: --audit lists its effective set and the bounding set
#     only as what an execve could gain;
#   - root under no_new_privs with only cap_net_raw regains nothing.
# Oracles: the nsfs inode of /proc/PID/ns/user (python3 os.stat), PID 1's
# (or, when it cannot be read, our own) as the initial one; the CapEff,
# CapBnd, Uid and NoNewPrivs lines of /proc/PID/status decoded by
# capsh --decode; /proc/sys/kernel/cap_last_cap.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq capsh setpriv unshare python3 awk sort comm
require_nsinspect
require_file "$CAPS_HOLD" "the caps-hold test helper"

# the escape-prone capabilities of the man page (CAPDANGER), sorted
DANGER_CAPS=$(printf 'cap_%s\n' sys_admin sys_module sys_rawio sys_ptrace \
	sys_boot syslog dac_read_search net_admin bpf | sort)

# userns_ino PID - the inode of the user namespace of PID.
userns_ino() {
	python3 -c 'import os, sys; print(os.stat("/proc/%s/ns/user" % sys.argv[1]).st_ino)' "$1" 2>/dev/null
}
# the initial user namespace: PID 1's, or ours when PID 1's is denied
INIT=$(userns_ino 1)
[ -n "$INIT" ] || INIT=$(userns_ino $$)

# started DESC CMD... - start CMD (ending in a process named sleep or
# caps-hold), wait until its PID runs that; the PID is in HELD.
started() {
	_s_d=$1
	_s_comm=$2
	shift 2
	t_spawn "$T_TMP/started.$T_NUM.log" "$@"
	HELD=$T_SPAWNED
	if t_wait 100 t_comm_is "$HELD" "$_s_comm"; then
		ok "set up: $_s_d (pid $HELD)"
	else
		not_ok "set up: $_s_d"
		diag_file "$T_TMP/started.$T_NUM.log" "its output"
		HELD=""
	fi
}

# names HEX - the capability names of a status mask, one a line, sorted.
names() {
	t_cap_names "$1"
}
# as_json - lines on stdin as a JSON array.
as_json() {
	grep . | jq -R . | jq -sc .
}

started "unshare -Ur sleep 600 (root of a child user namespace)" sleep \
	unshare -Ur sleep 600
U=$HELD
started "sleep 600 on the host" sleep sleep 600
H=$HELD
started "nobody with only cap_net_raw (setpriv, ambient)" sleep \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=+net_raw --ambient-caps=+net_raw sleep 600
N=$HELD
started "root with only cap_net_raw under no_new_privs (caps-hold)" \
	caps-hold setpriv --no-new-privs "$CAPS_HOLD" "cap_net_raw+ep"
R=$HELD
[ -n "$U" ] && [ -n "$H" ] && [ -n "$N" ] && [ -n "$R" ] || t_finish

UINO=$(userns_ino "$U")
if [ -n "$UINO" ] && [ "$UINO" != "$INIT" ] && [ "$(userns_ino "$H")" = "$INIT" ]; then
	ok "oracle: $U is in user namespace $UINO, not the initial one $INIT; $H is in the initial one"
else
	not_ok "oracle: the user namespaces of $U and $H" "$UINO vs $INIT"
fi
# the oracle for "full": every capability of the kernel is in CapEff
LAST=$(cat /proc/sys/kernel/cap_last_cap)
if [ "$(names "$(t_status "$U" CapEff)" | wc -l)" -eq $((LAST + 1)) ]; then
	ok "oracle: CapEff of $U holds all $((LAST + 1)) capabilities (capsh --decode)"
else
	not_ok "oracle: CapEff of $U holds every capability" "$(t_status "$U" CapEff)"
fi

# ------------------------------------------------------------ --caps -J

if nsi_ok "--caps -J" --caps -J; then
	cp "$T_TMP/out" "$T_TMP/all.json"
	if t_jq "$T_TMP/all.json" --argjson p "$U" --argjson i "$UINO" \
		'[.processes[] | select(.pid == $p)] | length == 1 and
		 .[0].userns == $i and .[0].initial_userns == false'; then
		ok "--caps -J: $U has userns $UINO (os.stat) and initial_userns false"
	else
		not_ok "--caps -J: $U has userns $UINO and initial_userns false" \
			"$(jq -c --argjson p "$U" '.processes[] | select(.pid == $p)' "$T_TMP/all.json" 2>&1 | head -c 400)"
	fi
	if t_jq "$T_TMP/all.json" --argjson p "$H" --argjson i "$INIT" \
		'[.processes[] | select(.pid == $p)] | length == 1 and
		 .[0].userns == $i and .[0].initial_userns == true'; then
		ok "--caps -J: host process $H has userns $INIT and initial_userns true"
	else
		not_ok "--caps -J: host process $H has initial_userns true" \
			"$(jq -c --argjson p "$H" '.processes[] | select(.pid == $p)' "$T_TMP/all.json" 2>&1 | head -c 400)"
	fi
	t_schema_ok "--caps -J is valid against the schema" "$T_TMP/all.json"
fi

# ----------------------------------------------------- --caps, the table

if nsi_ok "--caps (table)" --caps; then
	_u=$(awk -v p="$U" '$1 == p' "$T_TMP/out")
	_h=$(awk -v p="$H" '$1 == p' "$T_TMP/out")
	case $_u in
	*" sleep *") ok "--caps: the NAME of $U is followed by * (a child user namespace, as pscap)" ;;
	*) not_ok "--caps: the NAME of $U is followed by *" "row: $_u" ;;
	esac
	case $_h in
	*" sleep") ok "--caps: the NAME of host process $H has no *" ;;
	*) not_ok "--caps: the NAME of host process $H has no *" "row: $_h" ;;
	esac
fi
if nsi_ok "--caps $U (table)" --caps "$U"; then
	if grep -Eq '^COMMAND +sleep 600 \*$' "$T_TMP/out" &&
	   grep -Eq "^USERNS +$UINO\$" "$T_TMP/out"; then
		ok "--caps $U: COMMAND 'sleep 600 *' and USERNS $UINO"
	else
		not_ok "--caps $U: COMMAND 'sleep 600 *' and USERNS $UINO"
		diag_file "$T_TMP/out"
	fi
fi

# ---------------------------------------------------------- CAPDANGER

if nsi_ok "--caps $U -o PID,CAPDANGER" --caps "$U" -o PID,CAPDANGER -n; then
	is "$(awk '{ $1 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" \
		"full inside its own user namespace" \
		"--caps $U: CAPDANGER says full inside its own user namespace"
fi
if nsi_ok "--caps $U -o PID,CAPDANGER -J" --caps "$U" -o PID,CAPDANGER -J; then
	is "$(jq -c '.processes[0].capdanger' "$T_TMP/out" 2>&1)" "[]" \
		"--caps $U -J: capdanger [] (nothing escape-prone on the host)"
fi
# the host process: CapEff against the list, as before
want=$(names "$(t_status "$H" CapEff)" | comm -12 - "$(printf '%s\n' "$DANGER_CAPS" >"$T_TMP/dngr"; echo "$T_TMP/dngr")" | as_json)
if nsi_ok "--caps $H -o PID,CAPDANGER -J" --caps "$H" -o PID,CAPDANGER -J; then
	is "$(jq -c '.processes[0].capdanger | sort' "$T_TMP/out" 2>&1)" "$want" \
		"--caps $H -J (host, root): capdanger is CapEff's escape-prone capabilities (control)"
fi

# nobody with only cap_net_raw
EFF_N=$(names "$(t_status "$N" CapEff)" | as_json)
if [ "$EFF_N" = '["cap_net_raw"]' ] &&
   names "$(t_status "$N" CapBnd)" | grep -qx cap_sys_admin; then
	ok "oracle: $N has CapEff cap_net_raw alone, cap_sys_admin in CapBnd"
else
	not_ok "oracle: $N has CapEff cap_net_raw alone" "$EFF_N"
fi
if nsi_ok "--caps $N -o PID,CAPDANGER" --caps "$N" -o PID,CAPDANGER -n; then
	is "$(awk '{ $1 = ""; sub(/^ +/, ""); print }' "$T_TMP/out")" "" \
		"--caps $N (nobody, cap_net_raw): CAPDANGER empty"
fi
if nsi_ok "--caps $N -o PID,CAPDANGER -J" --caps "$N" -o PID,CAPDANGER -J; then
	is "$(jq -c '.processes[0].capdanger' "$T_TMP/out" 2>&1)" "[]" \
		"--caps $N -J (nobody, cap_net_raw): capdanger []"
fi

# ------------------------------------------------------------- --audit

if nsi_ok "--audit -p $U" --audit -p "$U"; then
	if grep -Eq '^.-dangerous +full inside its own user namespace$' "$T_TMP/out" &&
	   ! grep -q 'cap_[a-z_]*!' "$T_TMP/out"; then
		ok "--audit -p $U: dangerous: full inside its own user namespace, no capability marked '!'"
	else
		not_ok "--audit -p $U: dangerous: full inside its own user namespace, no capability marked '!'"
		diag_file "$T_TMP/out"
	fi
fi
if nsi_ok "--audit -p $U -J" --audit -p "$U" -J; then
	cp "$T_TMP/out" "$T_TMP/audit-u.json"
	if t_jq "$T_TMP/audit-u.json" --argjson i "$UINO" \
		'.audit[0] | .userns == $i and .initial_userns == false and
		 .capabilities.dangerous == [] and .capabilities.full == true'; then
		ok "--audit -p $U -J: userns $UINO, initial_userns false, dangerous [], full true"
	else
		not_ok "--audit -p $U -J: userns, initial_userns false, dangerous [], full" \
			"$(jq -c '.audit[0] | {userns, initial_userns, d: .capabilities.dangerous, full: .capabilities.full}' "$T_TMP/audit-u.json" 2>&1)"
	fi
	t_schema_ok "--audit -J is valid against the schema" "$T_TMP/audit-u.json"
fi

if nsi_ok "--audit -p $N" --audit -p "$N"; then
	if ! grep -q 'cap_sys_admin!' "$T_TMP/out" &&
	   grep -Eq '^.-dangerous +none$' "$T_TMP/out" &&
	   grep -Eq '^.-effective +cap_net_raw$' "$T_TMP/out"; then
		ok "--audit -p $N (nobody, cap_net_raw): effective cap_net_raw, dangerous none, no cap_sys_admin!"
	else
		not_ok "--audit -p $N: no cap_sys_admin!, dangerous none"
		diag_file "$T_TMP/out"
	fi
fi
GAIN_N=$(names "$(t_status "$N" CapBnd)" | grep -vx cap_net_raw | as_json)
UID_N=$(awk '$1 == "Uid:" { print $2 " " $3 }' "/proc/$N/status")
if nsi_ok "--audit -p $N -J" --audit -p "$N" -J; then
	if t_jq "$T_TMP/out" --argjson e "$EFF_N" --argjson g "$GAIN_N" \
		--arg u "$UID_N" \
		'.audit[0] | (.uid | tostring) + " " + (.euid | tostring) == $u and
		 .initial_userns == true and .capabilities.dangerous == [] and
		 (.capabilities.effective | sort) == $e and
		 (.capabilities.permitted | sort) == $e and
		 (.capabilities.ambient | sort) == $e and
		 (.capabilities.could_gain | sort) == ($g | sort)'; then
		ok "--audit -p $N -J: uid/euid $UID_N, effective/permitted/ambient $EFF_N, dangerous [], could_gain CapBnd minus them"
	else
		not_ok "--audit -p $N -J: what nobody with cap_net_raw can do" \
			"$(jq -c '.audit[0] | {uid, euid, initial_userns, c: .capabilities}' "$T_TMP/out" 2>&1 | head -c 600)"
	fi
fi

# root under no_new_privs: no execve gives back the bounding set
if [ "$(t_status "$R" NoNewPrivs)" = 1 ] &&
   [ "$(names "$(t_status "$R" CapEff)" | as_json)" = '["cap_net_raw"]' ]; then
	ok "oracle: $R has NoNewPrivs 1 and CapEff cap_net_raw alone"
else
	not_ok "oracle: $R has NoNewPrivs 1 and CapEff cap_net_raw"
fi
if nsi_ok "--audit -p $R -J" --audit -p "$R" -J; then
	if t_jq "$T_TMP/out" '.audit[0] | .uid == 0 and .capabilities.dangerous == [] and
		.capabilities.regains == [] and .capabilities.could_gain == []'; then
		ok "--audit -p $R -J (root, no_new_privs, cap_net_raw): dangerous, regains and could_gain []"
	else
		not_ok "--audit -p $R -J (root, no_new_privs): nothing dangerous" \
			"$(jq -c '.audit[0].capabilities | {dangerous, regains, could_gain}' "$T_TMP/out" 2>&1 | head -c 600)"
	fi
fi

t_kill "$U"
t_kill "$H"
t_kill "$N"
t_kill "$R"
t_finish
