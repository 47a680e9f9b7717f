#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# caps.sh - nsinspect --caps on processes with chosen capability sets,
# checked against the independent oracles getpcaps(8), capsh --decode and
# /proc/PID/status.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq getpcaps capsh setpriv bash python3 ps awk getent
require_nsinspect
require_file "$CAPS_HOLD" "the caps-hold test helper"

SETS="inh:CapInh prm:CapPrm eff:CapEff bnd:CapBnd amb:CapAmb"

# status_field PID FIELD - the value of a /proc/PID/status line.
status_field() {
	awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/status" 2>/dev/null
}

# hold DESC [-a LIST] CAPTEXT - start caps-hold and wait for "ready"; the
# PID is in HELD (empty on failure).
hold() {
	_h_d=$1
	shift
	_log=$T_TMP/hold.$T_NUM.$#.log
	t_spawn "$_log" "$CAPS_HOLD" "$@"
	HELD=$T_SPAWNED
	if t_wait 100 grep -qx ready "$_log"; then
		ok "set up: caps-hold $* ($_h_d, pid $HELD)"
	else
		not_ok "set up: caps-hold $* ($_h_d)"
		diag_file "$_log" "its output"
		HELD=""
	fi
}

# started DESC CMD... - start a command that ends in "sleep 600" and wait
# until it is that sleep; the PID is in HELD (empty on failure).
started() {
	_s_d=$1
	shift
	_log=$T_TMP/started.$T_NUM.log
	t_spawn "$_log" "$@"
	HELD=$T_SPAWNED
	if t_wait 100 t_comm_is "$HELD" sleep; then
		ok "set up: $_s_d (pid $HELD)"
	else
		not_ok "set up: $_s_d"
		diag_file "$_log" "its output"
		HELD=""
	fi
}

# check_caps DESC PID - nsinspect --caps PID -J against the oracles.
check_caps() {
	_cc_d=$1
	_p=$2
	[ -n "$_p" ] || return 0
	if ! nsi_ok "$_cc_d: --caps $_p -J" --caps "$_p" -J; then
		return 0
	fi
	cp "$T_TMP/out" "$T_TMP/caps.json"
	if ! t_jq "$T_TMP/caps.json" '.processes | length == 1 and .[0].pid == $p' --argjson p "$_p"; then
		not_ok "$_cc_d: one row for pid $_p" "$(head -c 300 "$T_TMP/caps.json")"
		return 0
	fi

	# captext: getpcaps prints "PID: TEXT"
	_want=$(getpcaps "$_p" 2>/dev/null | sed "s/^$_p: //")
	is "$(jq -r '.processes[0].captext' "$T_TMP/caps.json")" "$_want" \
		"$_cc_d: captext equals getpcaps"

	# every set: mask as in status, names as capsh --decode
	_bad=""
	for _s in $SETS; do
		_key=${_s%%:*}
		_field=${_s#*:}
		_hex=$(status_field "$_p" "$_field")
		_names=$(capsh --decode="0x$_hex" | sed 's/^[^=]*=//')
		_got=$(jq -r --arg k "cap$_key" \
			'.processes[0][$k] | "\(.mask) \(.names | join(","))"' "$T_TMP/caps.json")
		if [ "$_got" != "0x$_hex $_names" ]; then
			_bad="$_bad
cap$_key: expected '0x$_hex $_names', got '$_got'"
		fi
	done
	if [ -z "$_bad" ]; then
		ok "$_cc_d: the 5 sets (mask, names) equal /proc status and capsh --decode"
	else
		not_ok "$_cc_d: the 5 sets (mask, names) equal /proc status and capsh --decode" "$_bad"
	fi

	# nnp, seccomp, user, command
	_nnp=false
	[ "$(status_field "$_p" NoNewPrivs)" = 1 ] && _nnp=true
	case "$(status_field "$_p" Seccomp)" in
	0) _sec=disabled ;;
	1) _sec=strict ;;
	2) _sec=filter ;;
	*) _sec=unknown ;;
	esac
	_uid=$(awk '$1 == "Uid:" { print $3 }' "/proc/$_p/status")
	_user=$(getent passwd "$_uid" | cut -d: -f1)
	[ -n "$_user" ] || _user=$_uid
	_cmd=$(tr '\0' ' ' <"/proc/$_p/cmdline" | sed 's/ $//')
	is "$(jq -c '.processes[0] | [.nnp, .seccomp, .user, .command]' "$T_TMP/caps.json")" \
		"$(jq -cn --argjson n "$_nnp" --arg s "$_sec" --arg u "$_user" --arg c "$_cmd" '[$n, $s, $u, $c]')" \
		"$_cc_d: nnp, seccomp, user, command as in /proc"

	# the table form: with PID arguments one "NAME value" line per column
	# (nsinspect(8), "Process view")
	if nsi_ok "$_cc_d: --caps $_p (table)" --caps "$_p"; then
		if grep -Eq "^PID +$_p\$" "$T_TMP/out" &&
		   [ "$(sed -n 's/^CAPTEXT  *//p' "$T_TMP/out")" = "$_want" ]; then
			ok "$_cc_d: --caps $_p table shows its PID and CAPTEXT"
		else
			not_ok "$_cc_d: --caps $_p table shows its PID and CAPTEXT" \
				"expected lines 'PID $_p' and 'CAPTEXT $_want'"
			diag_file "$T_TMP/out" "output"
		fi
	fi
}

# ------------------------------------------------------------- processes

hold "permitted only" 'cap_chown,cap_net_raw=p'
PRM_ONLY=$HELD
if [ -n "$PRM_ONLY" ]; then
	is "$(status_field "$PRM_ONLY" CapPrm) $(status_field "$PRM_ONLY" CapEff)" \
		"0000000000002001 0000000000000000" "oracle: permitted {chown,net_raw}, effective empty"
fi
check_caps "permitted only" "$PRM_ONLY"

hold "permitted, one effective" 'cap_chown,cap_net_raw=p cap_net_raw+e'
MIXED=$HELD
check_caps "permitted, one effective" "$MIXED"

hold "ambient" -a cap_net_raw 'cap_chown,cap_net_raw=pi cap_net_raw+e'
AMB=$HELD
if [ -n "$AMB" ]; then
	is "$(status_field "$AMB" CapAmb)" "0000000000002000" "oracle: ambient {net_raw}"
fi
check_caps "ambient" "$AMB"

hold "no capabilities" '='
NONE=$HELD
check_caps "no capabilities" "$NONE"

started "setpriv nobody with ambient net_raw and no_new_privs" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw \
	--ambient-caps=+net_raw --no-new-privs sleep 600
SETPRIV=$HELD
if [ -n "$SETPRIV" ]; then
	is "$(status_field "$SETPRIV" CapAmb) $(status_field "$SETPRIV" NoNewPrivs)" \
		"0000000000002000 1" "oracle: setpriv's sleep has ambient net_raw and no_new_privs"
fi
check_caps "setpriv ambient" "$SETPRIV"

started "capsh --drop=cap_net_raw (root without net_raw)" \
	capsh --drop=cap_net_raw -- -c 'exec sleep 600'
DROP=$HELD
check_caps "capsh bounding drop" "$DROP"

started "capsh --user=nobody with ambient net_bind_service" \
	capsh --caps='cap_net_bind_service+eip cap_setpcap,cap_setuid,cap_setgid+ep' \
	--keep=1 --user=nobody --addamb=cap_net_bind_service -- -c 'exec sleep 600'
CAPSH_AMB=$HELD
check_caps "capsh ambient" "$CAPSH_AMB"

# A seccomp filter that allows everything (installed as root, so without
# no_new_privs), then exec sleep: seccomp "filter", nnp false.
cat >"$T_TMP/seccomp.py" <<'EOF'
import ctypes
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte),
                ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort),
                ("filter", ctypes.POINTER(SockFilter))]


BPF_RET_K = 0x06                # BPF_RET | BPF_K
SECCOMP_RET_ALLOW = 0x7fff0000
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
insns = (SockFilter * 1)(SockFilter(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
prog = SockFprog(1, insns)
if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0):
    sys.exit("prctl: " + os.strerror(ctypes.get_errno()))
os.execvp(sys.argv[1], sys.argv[1:])
EOF
started "seccomp filter (python3 prctl)" python3 "$T_TMP/seccomp.py" sleep 600
SECCOMP=$HELD
if [ -n "$SECCOMP" ]; then
	is "$(status_field "$SECCOMP" Seccomp) $(status_field "$SECCOMP" NoNewPrivs)" \
		"2 0" "oracle: the sleep has a seccomp filter and no no_new_privs"
fi
check_caps "seccomp filter" "$SECCOMP"

check_caps "this test shell" $$

# ------------------------------------------------ several PIDs at once

if [ -n "$PRM_ONLY" ] && [ -n "$AMB" ] &&
   nsi_ok "--caps PID PID -J" --caps "$PRM_ONLY" "$AMB" -J; then
	is "$(jq -c '[.processes[].pid] | sort' "$T_TMP/out")" \
		"$(printf '%s\n%s\n' "$PRM_ONLY" "$AMB" | sort -n | jq -cs .)" \
		"--caps PID PID gives a row for each"
fi

# ------------------------------------------------ --caps without PIDs

if nsi_ok "--caps -J (every process)" --caps -J -o PID,CAPPRM,CAPEFF,CAPAMB; then
	cp "$T_TMP/out" "$T_TMP/all.json"
	for v in PRM_ONLY MIXED AMB SETPRIV DROP CAPSH_AMB SECCOMP; do
		eval "p=\$$v"
		[ -n "$p" ] || continue
		if t_jq "$T_TMP/all.json" '[.processes[] | select(.pid == $p)] | length == 1' --argjson p "$p"; then
			ok "--caps lists $v (pid $p)"
		else
			not_ok "--caps lists $v (pid $p)" \
				"CapPrm $(status_field "$p" CapPrm) CapEff $(status_field "$p" CapEff) CapAmb $(status_field "$p" CapAmb)"
		fi
	done
	if [ -n "$NONE" ]; then
		if t_jq "$T_TMP/all.json" '[.processes[] | select(.pid == $p)] | length == 0' --argjson p "$NONE"; then
			ok "--caps leaves out a process with no capabilities (pid $NONE)"
		else
			not_ok "--caps leaves out a process with no capabilities (pid $NONE)"
		fi
	fi
	if t_jq "$T_TMP/all.json" 'all(.processes[];
		[.capprm.mask, .capeff.mask, .capamb.mask] | any(. != "0x0000000000000000"))'; then
		ok "--caps lists only processes with a non-empty permitted, effective or ambient set"
	else
		not_ok "--caps lists only processes with a non-empty permitted, effective or ambient set" \
			"$(jq -c '[.processes[] | select([.capprm.mask, .capeff.mask, .capamb.mask] | all(. == "0x0000000000000000")) | .pid]' "$T_TMP/all.json")"
	fi
fi

# Against /proc: every process that had a non-empty P, E or A set both
# before and after nsinspect ran is listed, and none that had them empty
# both times (processes that come and go are not judged).  3 tries.
scan_caps() {
	grep -H -E '^Cap(Prm|Eff|Amb):' /proc/[0-9]*/status 2>/dev/null | awk '
		{ split($1, a, "/"); pid = a[3]; seen[pid] = 1
		  if ($2 !~ /^0+$/) nz[pid] = 1 }
		END { for (p in seen) print p, (p in nz) ? 1 : 0 }' | sort
}
try=1
while :; do
	scan_caps >"$T_TMP/before"
	"$NSINSPECT" --caps -J -o PID >"$T_TMP/cj" 2>"$T_TMP/cerr"
	rc=$?
	scan_caps >"$T_TMP/after"
	jq -r '.processes[].pid' "$T_TMP/cj" 2>/dev/null | sort -n >"$T_TMP/listed"
	join "$T_TMP/before" "$T_TMP/after" | awk '$2 == $3 { print $1, $2 }' >"$T_TMP/stable"
	missing=$(awk 'NR == FNR { l[$1] = 1; next } $2 == 1 && !($1 in l) { print $1 }' \
		"$T_TMP/listed" "$T_TMP/stable" | tr '\n' ' ')
	extra=$(awk 'NR == FNR { l[$1] = 1; next } $2 == 0 && ($1 in l) { print $1 }' \
		"$T_TMP/listed" "$T_TMP/stable" | tr '\n' ' ')
	if [ "$rc" -eq 0 ] && [ -z "$missing$extra" ]; then
		ok "--caps lists exactly the processes with capabilities in /proc (try $try)"
		break
	fi
	if [ "$try" -ge 3 ]; then
		not_ok "--caps lists exactly the processes with capabilities in /proc (3 tries)" \
			"exit $rc" "missing: $missing" "listed without capabilities: $extra"
		diag_file "$T_TMP/cerr" "stderr"
		break
	fi
	try=$((try + 1))
	sleep 0.2
done

# ------------------------------------------------------------- errors

sh -c 'exit 0' &
dead=$!
wait "$dead"
if [ -e "/proc/$dead" ]; then
	skip "PID $dead was reused at once"
else
	nsi --caps "$dead"
	if [ "$T_RC" -eq 1 ] && [ -s "$T_TMP/err" ]; then
		ok "--caps of a non-existent PID exits 1 with a message"
	else
		not_ok "--caps of a non-existent PID exits 1 with a message" "exit $T_RC"
		diag_file "$T_TMP/err" "stderr"
	fi
fi

t_finish
