#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# caps17.sh - the options getpcaps and capsh users know (issue 17):
#   - --iab prints exactly what getpcaps --iab prints, for processes made
#     by capsh and setpriv with non-empty I, A and B parts; the IAB
#     column and JSON "iab" hold its bracketed part;
#   - --decode MASK prints exactly what capsh --decode=MASK prints (0,
#     full, the kernel's mask, high unknown bits), and a mask that is not
#     hexadecimal is one usage line and exit 2;
#   - FILECAPS is what getcap(8) prints of the executable (a copy of sleep
#     given cap_net_raw+ep by setcap, a namespaced one with rootid), empty
#     for a program without; it is read only when shown (strace);
#   - LSM is what the kernel gives in /proc/PID/attr/ (the value, or
#     nothing when no active LSM gives one: EINVAL), in the table, in JSON
#     and in --audit;
#   - a snapshot records FILECAPS and LSM: --input shows them as live;
#   - --help and -H name them (install.sh checks that the completion
#     offers them); JSON is valid against the schema.
# Oracles: getpcaps, capsh, getcap (libcap2-bin), /proc/PID/attr/, strace.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq getpcaps capsh setcap getcap setpriv strace bash
require_nsinspect

# started DESC CMD... - start CMD (it ends in a sleep) and wait until its
# comm is COMM ($COMM, default sleep); the PID is in HELD.
started() {
	_s_d=$1
	shift
	t_spawn "$T_TMP/started.$T_NUM.log" "$@"
	HELD=$T_SPAWNED
	if t_wait 100 t_comm_is "$HELD" "${COMM:-sleep}"; then
		ok "set up: $_s_d (pid $HELD)"
	else
		not_ok "set up: $_s_d"
		diag_file "$T_TMP/started.$T_NUM.log" "its output"
		HELD=""
	fi
}

# ------------------------------------------------------------------ --iab

started "capsh with I, A and B (inh and ambient net_raw, sys_module dropped)" \
	capsh --inh=cap_net_raw --addamb=cap_net_raw \
	--drop=cap_sys_module,cap_bpf -- -c 'exec sleep 600'
IAB_A=$HELD
started "capsh with an inheritable set only" \
	capsh --inh=cap_kill,cap_net_admin -- -c 'exec sleep 600'
IAB_I=$HELD
started "setpriv with an empty bounding set (no capability: \"=\")" \
	setpriv --inh-caps=-all --bounding-set=-all sleep 600
IAB_B=$HELD
started "setpriv nobody with ambient net_bind_service" \
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	--inh-caps=+net_bind_service --ambient-caps=+net_bind_service \
	sleep 600
IAB_N=$HELD
PIDS="$IAB_A $IAB_I $IAB_B $IAB_N"

# shellcheck disable=SC2086
getpcaps --iab $PIDS >"$T_TMP/getpcaps" 2>"$T_TMP/getpcaps.err"
# shellcheck disable=SC2086
if nsi_ok "--iab PIDS" --iab $PIDS; then
	if cmp -s "$T_TMP/out" "$T_TMP/getpcaps"; then
		ok "--iab prints what getpcaps --iab prints ($(wc -l <"$T_TMP/out") lines)"
	else
		not_ok "--iab prints what getpcaps --iab prints" \
			"$(diff "$T_TMP/getpcaps" "$T_TMP/out")"
	fi
fi
# the parts the test made are there, as the expected text
# (a host may lack more in its bounding set: cap_sys_resource here)
line=$(grep "^$IAB_A:" "$T_TMP/out")
case $line in
"$IAB_A: \"=ep cap_net_raw+i cap_sys_module,"*"cap_bpf-ep\" [^cap_net_raw,!cap_sys_module,"*"!cap_bpf]")
	ok "--iab: capsh --inh --addamb --drop ($line)" ;;
*) not_ok "--iab: capsh --inh --addamb --drop" "got: $line" ;;
esac
case $(grep "^$IAB_B:" "$T_TMP/out") in
"$IAB_B: ["*"!cap_chown,"*"]") ok "--iab: no capability leaves out the text, as getpcaps" ;;
*) not_ok "--iab: no capability leaves out the text" "$(cat "$T_TMP/out")" ;;
esac

# the IAB column: getpcaps's bracketed part, or its whole IAB text
# shellcheck disable=SC2086
if nsi_ok "--caps -J -o PID,IAB" --caps -J -o PID,IAB $PIDS; then
	t_schema_ok "--caps -J -o PID,IAB is valid against the schema" "$T_TMP/out"
	for p in $IAB_A $IAB_B $IAB_N; do
		want=$(sed -n "s/^$p: .*\[\(.*\)\]\$/\1/p" "$T_TMP/getpcaps")
		got=$(jq -r --argjson p "$p" '.processes[] | select(.pid == $p) | .iab' "$T_TMP/out")
		is "$got" "$want" "IAB of $p is getpcaps's [...] part"
	done
	got=$(jq -r --argjson p "$IAB_I" '.processes[] | select(.pid == $p) | .iab' "$T_TMP/out")
	case ,$got, in
	*,cap_kill,*cap_net_admin,*) ok "IAB of the inheritable-only process names its I part ($got)" ;;
	*) not_ok "IAB of the inheritable-only process names its I part" "got: $got" ;;
	esac
fi
# shellcheck disable=SC2086
if nsi_ok "--iab -J" --iab -J $PIDS; then
	t_schema_ok "--iab -J is valid against the schema" "$T_TMP/out"
	keys=$(jq -c '[.processes[0] | keys_unsorted[]]' "$T_TMP/out")
	is "$keys" '["pid","captext","iab"]' "--iab -J: the columns PID, CAPTEXT, IAB"
fi
nsi --iab -o PID "$IAB_A"
is "$T_RC:$(cat "$T_TMP/err")" \
	"2:nsinspect: --iab prints the lines of getpcaps --iab (-o IAB is its column) (try 'nsinspect --help')" \
	"--iab -o: a usage error, exit 2"

# as nobody, of PID 1 (its namespaces unreadable to nobody): getpcaps's
# lines and no line about namespaces, which --iab does not show
setpriv --reuid=nobody --regid=nogroup --clear-groups "$NSINSPECT" --iab 1 \
	>"$T_TMP/out" 2>"$T_TMP/err"
setpriv --reuid=nobody --regid=nogroup --clear-groups getpcaps --iab 1 \
	>"$T_TMP/want" 2>&1
is "$(cat "$T_TMP/out")|$(grep -c 'could not read' "$T_TMP/err")" "$(cat "$T_TMP/want")|0" \
	"--iab 1 as nobody: getpcaps's line, no line about unreadable namespaces"

# --------------------------------------------------------------- --decode

eff=$(awk '$1 == "CapEff:" { print $2 }' "/proc/$IAB_A/status")
last=$(cat /proc/sys/kernel/cap_last_cap)
full=$(printf '%x' $(((1 << (last + 1)) - 1)))
for m in 0 0x0 "$eff" "0x$full" "$full" ffffffffffffffff 8000000000000000 \
	0x10000000000 0X1f 3000000000; do
	want=$(capsh --decode="$m")
	if nsi_ok "--decode $m" --decode "$m"; then
		is "$(cat "$T_TMP/out")" "$want" "--decode $m is capsh --decode=$m"
	fi
done
nsi --decode=0xffffffffffffffff
case $(cat "$T_TMP/out") in
*,cap_checkpoint_restore,41,42,*,63) ok "--decode: unknown high bits as numbers" ;;
*) not_ok "--decode: unknown high bits as numbers" "$(cat "$T_TMP/out")" ;;
esac
for m in zz "" 0x "1 2" -1 12345678901234567 0xg; do
	nsi --decode "$m"
	is "$T_RC:$(wc -l <"$T_TMP/err"):$(cat "$T_TMP/out")" "2:1:" \
		"--decode '$m': exit 2, one line, no output"
	is "$(cat "$T_TMP/err")" \
		"nsinspect: invalid capability mask '$m' (hexadecimal, as CapEff in /proc/PID/status) (try 'nsinspect --help')" \
		"--decode '$m': the line names the mask"
done
nsi --decode 1 -J
is "$T_RC:$(cat "$T_TMP/err")" \
	"2:nsinspect: --decode goes with no other option (try 'nsinspect --help')" \
	"--decode with -J: a usage error"

# --------------------------------------------------------------- FILECAPS

cp "$(command -v sleep)" "$T_TMP/capsleep" &&
	setcap cap_net_raw+ep "$T_TMP/capsleep"
cp "$(command -v sleep)" "$T_TMP/nscapsleep" &&
	setcap -n 1000 cap_net_raw+ep "$T_TMP/nscapsleep"
COMM=capsleep started "a copy of sleep with cap_net_raw+ep" \
	"$T_TMP/capsleep" 600
FC=$HELD
COMM=nscapsleep started "a copy of sleep with a namespaced (rootid 1000) one" \
	"$T_TMP/nscapsleep" 600
FCNS=$HELD
# getcap's text without the file name
want_fc=$(getcap "$T_TMP/capsleep" | sed "s|^$T_TMP/capsleep ||")
want_ns=$(getcap -n "$T_TMP/nscapsleep" | sed "s|^$T_TMP/nscapsleep ||")
is "$want_fc" "cap_net_raw=ep" "set up: getcap shows the file capabilities"
if nsi_ok "--caps -o PID,FILECAPS" --caps -o PID,FILECAPS -n "$FC" "$FCNS" "$IAB_A"; then
	is "$(awk -v p="$FC" '$1 == p { sub(/^ *[0-9]+ /, ""); print }' "$T_TMP/out")" \
		"$want_fc" "FILECAPS is what getcap prints ($want_fc)"
	is "$(awk -v p="$FCNS" '$1 == p { sub(/^ *[0-9]+ /, ""); print }' "$T_TMP/out")" \
		"$want_ns" "FILECAPS of a namespaced one is what getcap prints ($want_ns)"
	is "$(awk -v p="$IAB_A" '$1 == p { print NF }' "$T_TMP/out")" 1 \
		"FILECAPS of sleep (no file capabilities) is empty"
fi
if nsi_ok "--caps -J -o PID,FILECAPS" --caps -J -o PID,FILECAPS "$FC" "$IAB_A"; then
	t_schema_ok "--caps -J -o PID,FILECAPS is valid against the schema" "$T_TMP/out"
	is "$(jq -c '[.processes[].filecaps]' "$T_TMP/out")" \
		"[\"$want_fc\",\"\"]" 'JSON filecaps: getcap text, "" for none'
fi
# a user's program in its own 0700 directory, run as that user: the
# capabilities of nobody came from the file (nsinspect keeps no
# CAP_DAC_READ_SEARCH for --caps; /proc/PID/exe needs none)
mkdir "$T_TMP/nobody" && chmod 711 "$T_TMP" &&
	cp "$(command -v sleep)" "$T_TMP/nobody/usersleep" &&
	chown -R nobody "$T_TMP/nobody" &&
	chmod 700 "$T_TMP/nobody" "$T_TMP/nobody/usersleep" &&
	setcap cap_net_raw+ep "$T_TMP/nobody/usersleep"
COMM=usersleep started "nobody's copy of sleep with cap_net_raw+ep, mode 0700" \
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$T_TMP/nobody/usersleep" 600
if nsi_ok "--caps -o USER,CAPTEXT,FILECAPS (nobody)" --caps -n \
	-o USER,CAPTEXT,FILECAPS "$HELD"; then
	is "$(cat "$T_TMP/out")" "nobody cap_net_raw=ep $want_fc" \
		"FILECAPS of nobody's program in a 0700 directory: where its CAPTEXT came from"
fi

# not readable (nsinspect run as nobody: root's process's /proc/PID/exe is
# not its): "unknown", one stderr line naming the PID, counted in JSON
setpriv --reuid=nobody --regid=nogroup --clear-groups "$NSINSPECT" --caps -n \
	-o PID,FILECAPS "$FC" >"$T_TMP/out" 2>"$T_TMP/err"
is "$(awk '{ print $2 }' "$T_TMP/out")" unknown "FILECAPS not readable (as nobody): 'unknown'"
is "$(grep -c "^nsinspect: could not read the file capabilities of the executable of PID $FC: Permission denied\$" "$T_TMP/err")" 1 \
	"FILECAPS not readable: one stderr line names the PID and the reason"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$NSINSPECT" --caps -J \
	-o PID,FILECAPS "$FC" >"$T_TMP/out" 2>"$T_TMP/err"
is "$(jq -c '[.processes[0].filecaps, .unreadable.filecaps, .unreadable.lsm]' "$T_TMP/out")" \
	"[null,1,0]" "FILECAPS not readable: JSON null, counted in unreadable.filecaps"
t_schema_ok "--caps -J with FILECAPS unreadable is valid against the schema" "$T_TMP/out"

# a thread line (its sets differ from its leader's): the file capabilities
# of its process's executable, which it runs too; its LSM label is its own
: "${THREADS_HOLD:=$T_TOP/tests/helpers/threads-hold}"
# lsm_json FILE - the label the kernel gives in FILE (or in its AppArmor
# twin attr/apparmor/current) as JSON: null when no LSM gives one (EINVAL)
lsm_json() {
	_f=$1
	[ -e "${_f%current}apparmor/current" ] && _f=${_f%current}apparmor/current
	if _l=$(tr -d '\000' <"$_f" 2>/dev/null); then
		printf '%s' "$_l" | sed 's/\n$//' | jq -R -s -c .
	else
		echo null
	fi
}
if cp "$THREADS_HOLD" "$T_TMP/thrcaps" && setcap cap_net_raw+p "$T_TMP/thrcaps"; then
	t_spawn "$T_TMP/thr.log" "$T_TMP/thrcaps" -c
	TP=$T_SPAWNED
	t_wait 100 grep -qx ready "$T_TMP/thr.log"
	TC=$(sed -n 's/^caps //p' "$T_TMP/thr.log")
	want_thr=$(getcap "$T_TMP/thrcaps" | sed "s|^$T_TMP/thrcaps ||")
	if nsi_ok "--caps -J -o PID,TID,FILECAPS,LSM of a process with a thread of its own" \
		--caps -J -o PID,TID,FILECAPS,LSM "$TP"; then
		is "$(jq -c --argjson t "${TC:-0}" '[.processes[0].filecaps,
			(.processes[0].threads[] | select(.tid == $t) | .filecaps)]' "$T_TMP/out")" \
			"[\"$want_thr\",\"$want_thr\"]" \
			"FILECAPS of the thread line $TC: its process's executable's ($want_thr)"
		is "$(jq -c --argjson t "${TC:-0}" '.processes[0].threads[] | select(.tid == $t) | .lsm' "$T_TMP/out")" \
			"$(lsm_json "/proc/$TP/task/${TC:-0}/attr/current")" \
			"LSM of the thread line: its own (task/TID/attr/current)"
	fi
else
	not_ok "set up: a copy of threads-hold with cap_net_raw+p"
fi

# work follows the view: the executable is looked at only for FILECAPS
strace -f -qq -e trace=openat -o "$T_TMP/strace" "$NSINSPECT" --caps "$FC" \
	>/dev/null 2>&1
n=$(grep -c "exe\"" "$T_TMP/strace")
is "$n" 0 "--caps without FILECAPS does not open /proc/PID/exe"
strace -f -qq -e trace=openat -o "$T_TMP/strace" "$NSINSPECT" --caps \
	-o PID,FILECAPS "$FC" >/dev/null 2>&1
n=$(grep -c "\"exe\", O_RDONLY|O_CLOEXEC|O_PATH" "$T_TMP/strace")
is "$n" 1 "--caps -o FILECAPS opens /proc/$FC/exe once (O_PATH)"

# -------------------------------------------------------------------- LSM

# what the kernel gives: AppArmor's own file first, as nsinspect reads it
lsm_file=/proc/$FC/attr/current
[ -e "/proc/$FC/attr/apparmor/current" ] &&
	lsm_file=/proc/$FC/attr/apparmor/current
if kernel=$(tr -d '\000' <"$lsm_file" 2>"$T_TMP/lsm.err"); then
	want_json=$(printf '%s' "$kernel" | jq -R -s -c .)
	want_audit=$kernel
	diag "LSM label of $FC: $kernel ($(cat /sys/kernel/security/lsm 2>/dev/null))"
else
	# no active LSM gives a label: the kernel answers EINVAL
	is "$(cat "$T_TMP/lsm.err")" \
		"tr: read error: Invalid argument" \
		"set up: $lsm_file gives EINVAL (no active LSM), or a label"
	kernel=""
	want_json=null
	want_audit="none (no active LSM gives a label)"
fi
if nsi_ok "--caps -J -o PID,LSM" --caps -J -o PID,LSM "$FC"; then
	t_schema_ok "--caps -J -o PID,LSM is valid against the schema" "$T_TMP/out"
	is "$(jq -c '.processes[0].lsm' "$T_TMP/out")" "$want_json" \
		"JSON lsm is what $lsm_file gives ($want_json)"
fi
if nsi_ok "--caps -o LSM" --caps -n -o LSM "$FC"; then
	is "$(cat "$T_TMP/out")" "$kernel" "LSM in the table is what the kernel gives"
fi

# ------------------------------------------------------------------ --audit

if nsi_ok "--audit -p FC" --audit -p "$FC"; then
	is "$(sed -n 's/^lsm  *//p' "$T_TMP/out")" "$want_audit" \
		"--audit: lsm line"
	is "$(sed -n 's/^filecaps  *//p' "$T_TMP/out")" "$want_fc" \
		"--audit: filecaps line is getcap's text"
fi
if nsi_ok "--audit -J -p FC" --audit -J -p "$FC"; then
	t_schema_ok "--audit -J is valid against the schema" "$T_TMP/out"
	is "$(jq -c '[.audit[0].lsm, .audit[0].filecaps]' "$T_TMP/out")" \
		"[$want_json,\"$want_fc\"]" "--audit -J: lsm and filecaps"
fi
if nsi_ok "--audit -p IAB_A" --audit -p "$IAB_A"; then
	is "$(sed -n 's/^filecaps  *//p' "$T_TMP/out")" "none" \
		"--audit: filecaps none for sleep"
fi

# ---------------------------------------------------------------- snapshot

# a snapshot records FILECAPS and LSM; --input shows what the live run does
"$NSINSPECT" --snapshot="$T_TMP/snap.json" 2>"$T_TMP/snap.err"
t_schema_ok "--snapshot with FILECAPS and LSM is valid against the schema" \
	"$T_TMP/snap.json"
for args in "--caps -J -o PID,IAB,FILECAPS,LSM $FC $IAB_A" \
	"--audit -p $FC"; do
	# shellcheck disable=SC2086
	nsi $args
	cp "$T_TMP/out" "$T_TMP/live"
	# shellcheck disable=SC2086
	nsi --input "$T_TMP/snap.json" $args
	if [ -s "$T_TMP/live" ] && cmp -s "$T_TMP/out" "$T_TMP/live"; then
		ok "--input of a snapshot: $args as live"
	else
		not_ok "--input of a snapshot: $args as live" \
			"$(diff "$T_TMP/live" "$T_TMP/out")"
	fi
done

# ------------------------------------------------- --help, -H, completion

nsi --help
for w in "--iab" "--decode <mask>"; do
	if grep -q -- "^ *$w " "$T_TMP/out"; then
		ok "--help lists $w"
	else
		not_ok "--help lists $w"
	fi
done
nsi --caps -H
for c in IAB FILECAPS LSM; do
	if grep -q "^ *$c  " "$T_TMP/out"; then
		ok "--caps -H lists $c"
	else
		not_ok "--caps -H lists $c" "$(cat "$T_TMP/out")"
	fi
done
# (the completion of --iab, --decode and the columns: install.sh)

t_finish
