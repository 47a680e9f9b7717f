#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# nspawn.sh - systemd-nspawn machines, live, in the cgroups systemd would
# give them, made by hand (this machine has no systemd as PID 1, so no
# machined: docs/engines-notes.md): nspawn runs with --register=no
# --keep-unit inside
#   machine.slice/machine-NAME.scope            (systemd-nspawn run by hand)
#   system.slice/systemd-nspawn@NAME.service    (machinectl start)
# and makes payload/ and supervisor/ there itself.  NAME holds dashes,
# which unit names escape as \x2d, and is longer than 12 characters
# (nsinspect showed it cut).  Compared with the nspawn command line (its
# --machine) and its cgroup.  Also, by hand: a libvirt machine
# (machine-qemu\x2dN\x2dNAME.scope, named libvirt, not nspawn) and a unit
# name with an escaped control character (decoded, then escaped again on
# the terminal: a name is data).
#
# Needs scripts/docker-testbed (systemd-container, the directory
# /var/lib/machines/nsinspect-test); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq awk grep sed sort unshare python3 jsonschema
require_cmd_pkg systemd-container systemd-nspawn
require_nsinspect

TREE=/var/lib/machines/nsinspect-test
T_SUPERVISORS=""	# nspawn supervisors to stop (SIGTERM) at exit
T_MACHINES=""		# their machine names

cleanup_nspawn() {
	for _p in $T_SUPERVISORS; do
		kill -TERM "$_p" 2>/dev/null
	done
	for _p in $T_SUPERVISORS; do
		_n=50
		while [ -d "/proc/$_p" ] && [ "$_n" -gt 0 ]; do
			_n=$((_n - 1))
			sleep 0.1
		done
	done
	T_SUPERVISORS=""
	t_cleanup
	for _m in $T_MACHINES; do
		rm -rf "/run/systemd/nspawn/propagate/$_m" 2>/dev/null
	done
}
trap 'cleanup_nspawn' EXIT
trap 'cleanup_nspawn; exit 129' HUP
trap 'cleanup_nspawn; exit 130' INT
trap 'cleanup_nspawn; exit 143' TERM

if [ ! -x "$TREE/bin/sleep" ] && [ ! -x "$TREE/bin/busybox" ]; then
	not_ok "required: the nspawn tree $TREE is missing" \
		"run scripts/docker-testbed as root"
	t_finish
fi

# unit_escape NAME - NAME as systemd escapes it in a unit name (only '-'
# here: the names below use nothing else that needs it).
unit_escape() {
	printf '%s' "$1" | sed 's/-/\\x2d/g'
}

# payload_of SUP - the child of SUP whose comm is sleep; false when none.
payload_of() {
	for _c in $(t_children "$1"); do
		if t_comm_is "$_c" sleep; then
			echo "$_c"
			return 0
		fi
	done
	return 1
}

# machine KEY UNIT NAME - start systemd-nspawn for machine NAME in the
# hand-made cgroup UNIT, on a copy of $TREE; sets SUP_KEY (the
# supervisor), PID_KEY (the payload, /bin/sleep) and MEM_KEY (the
# payload's processes).
machine() {
	_k=$1 _u=$2 _n=$3
	_root="$T_TMP/root-$_k"
	cp -a "$TREE" "$_root" || return 1
	t_add_cgroup "$_u" || return 1
	t_register_cgroup "$_u/supervisor"
	t_register_cgroup "$_u/payload"
	T_MACHINES="$T_MACHINES $_n"
	t_spawn "$T_TMP/nspawn-$_k.log" t_cgroup_exec "$_u" systemd-nspawn \
		-q --register=no --keep-unit -D "$_root" --machine "$_n" \
		/bin/sleep 600
	_sup=$T_SPAWNED
	T_SUPERVISORS="$T_SUPERVISORS $_sup"
	eval "SUP_$_k=\$_sup"
	# the payload: a child of the supervisor that runs sleep (nspawn
	# forks helpers meanwhile; under load it may take seconds)
	t_wait 300 payload_of "$_sup" || return 1
	_pid=$(payload_of "$_sup")
	eval "SUP_$_k=\$_sup PID_$_k=\$_pid"
	eval "MEM_$_k=\$(t_cgroup_members \"/\$_u/payload\")"
}

# check_machine KEY UNIT NAME - the nspawn command line and cgroups of
# machine KEY, then what nsinspect shows of it (t_check_named).
check_machine() {
	_k=$1 _u=$2 _n=$3
	eval "_sup=\$SUP_$_k _pid=\$PID_$_k _mem=\$MEM_$_k"
	# the oracle: nspawn's own command line and where it put itself
	if tr '\0' '\n' <"/proc/$_sup/cmdline" | grep -A1 -x -- --machine |
		tail -n 1 | grep -Fqx -- "$_n"; then
		ok "nspawn $_n: supervisor $_sup runs with --machine $_n"
	else
		not_ok "nspawn $_n: supervisor $_sup runs with --machine $_n"
	fi
	is "$(t_cgroup_members "/$_u/supervisor" | tr '\n' ' ')" "$_sup " \
		"nspawn $_n: supervisor in /$_u/supervisor"
	is "$(echo "$_mem" | head -n 1)" "$_pid" \
		"nspawn $_n: payload $_pid in /$_u/payload"
	t_check_named nspawn "$_n" "$_pid" "$_mem"
	if nsi_ok "nspawn $_n: --caps -J -p supervisor runs" --caps -J -p "$_sup"; then
		if t_jq "$T_TMP/out" '.processes[0].container == null'; then
			ok "nspawn $_n: its supervisor is no container's"
		else
			not_ok "nspawn $_n: its supervisor is no container's"
			diag_file "$T_TMP/out" "output"
		fi
	fi
}

# ----------------------------------------- machine-NAME.scope (by hand)

N1="nsi13c-scope-$$-machine"
U1="machine.slice/machine-$(unit_escape "$N1").scope"
if machine scope "$U1" "$N1"; then
	check_machine scope "$U1" "$N1"
else
	not_ok "set up: systemd-nspawn --machine $N1 in /$U1" \
		"$(ps -o pid,stat,cmd --ppid "$SUP_scope" 2>&1)"
	diag_file "$T_TMP/nspawn-scope.log" "nspawn"
fi

# ------------------------------- systemd-nspawn@NAME.service (machinectl)

N2="nsi13c-svc-$$-machine"
U2="system.slice/systemd-nspawn@$(unit_escape "$N2").service"
if machine svc "$U2" "$N2"; then
	check_machine svc "$U2" "$N2"
else
	not_ok "set up: systemd-nspawn --machine $N2 in /$U2"
	diag_file "$T_TMP/nspawn-svc.log" "nspawn"
fi

# ---------------------- libvirt's machine-qemu-N-NAME.scope (by hand)

N3="qemu-7-nsi13c-vm-$$"
U3="machine.slice/machine-$(unit_escape "$N3").scope"
t_add_cgroup "$U3/libvirt/emulator" || not_ok "set up: cgroup $U3"
t_spawn "$T_TMP/libvirt.out" t_cgroup_exec "$U3/libvirt/emulator" \
	unshare -m -u -i sleep 600
P3=$T_SPAWNED
t_wait 50 t_comm_is "$P3" sleep || not_ok "set up: the libvirt sleep runs"
t_check_named libvirt "$N3" "$P3" "$P3"

# ------------- a control character escaped in the unit name (by hand)

# "\x1b[7m" in the unit: decoded to ESC [ 7 m, which must never reach a
# terminal raw; JSON carries it as \u001b.
ESC=$(printf '\033')
N4="nsi13c-esc${ESC}[7m$$"
U4="machine.slice/machine-nsi13c\\x2desc\\x1b[7m$$.scope"
t_add_cgroup "$U4/payload" || not_ok "set up: cgroup $U4"
t_spawn "$T_TMP/esc.out" t_cgroup_exec "$U4/payload" \
	unshare -m -u -i sleep 600
P4=$T_SPAWNED
t_wait 50 t_comm_is "$P4" sleep || not_ok "set up: the escaped sleep runs"
if nsi_ok "escaped unit name: --caps -J -p runs" --caps -J -p "$P4"; then
	if t_jq "$T_TMP/out" --arg n "$N4" \
		'.processes[0].container | .runtime == "nspawn" and .name == $n'; then
		ok "escaped unit name: JSON name decoded (ESC as \\u001b)"
	else
		not_ok "escaped unit name: JSON name decoded (ESC as \\u001b)"
		diag_file "$T_TMP/out" "output"
	fi
fi
for _v in "" --caps; do
	if nsi_ok "escaped unit name: ${_v:-default view} runs" $_v \
		--container "$N4"; then
		if grep -q "$ESC" "$T_TMP/out"; then
			not_ok "escaped unit name: ${_v:-default view}: no raw ESC on the terminal"
		else
			ok "escaped unit name: ${_v:-default view}: no raw ESC on the terminal"
		fi
		check "escaped unit name: ${_v:-default view}: the name shown escaped" \
			grep -Fq "nsi13c-esc\\x1b[7m$$ (nspawn)" "$T_TMP/out"
	fi
done

t_finish
