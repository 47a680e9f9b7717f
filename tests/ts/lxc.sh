#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# lxc.sh - an LXC container, live: a copy of the test bed's stopped
# container nsinspect-test under a long name with dots (more than 12
# characters: LXC has no ID but the name, which nsinspect showed cut to
# 12), started with lxc-start; compared with lxc-ls -f and lxc-info, and
# with its cgroup (/lxc.payload.NAME).  Also LXC's older layout
# (/lxc/NAME, before LXC 4), made by hand: a process in namespaces of its
# own, in a cgroup lxc/NAME of the name=systemd and unified hierarchies.
#
# Needs scripts/docker-testbed (lxc, rsync, the container nsinspect-test);
# without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq awk grep sort unshare python3 jsonschema
require_cmd_pkg lxc lxc-copy lxc-start lxc-stop lxc-destroy lxc-info lxc-ls
require_cmd_pkg rsync rsync
require_nsinspect

BASE=nsinspect-test
NAME="nsi13c-lxc.$$.with-a-long-name"
LEGACY="nsi13c-legacy.$$.long-name"
T_LXC=""	# LXC containers to stop and destroy at exit

cleanup_lxc() {
	for _n in $T_LXC; do
		timeout 30 lxc-stop -k -n "$_n" >/dev/null 2>&1
		timeout 30 lxc-destroy -n "$_n" >/dev/null 2>&1
	done
	T_LXC=""
	t_cleanup
}
trap 'cleanup_lxc' EXIT
trap 'cleanup_lxc; exit 129' HUP
trap 'cleanup_lxc; exit 130' INT
trap 'cleanup_lxc; exit 143' TERM

if ! lxc-info -n "$BASE" >/dev/null 2>&1; then
	not_ok "required: the LXC container $BASE is missing" \
		"run scripts/docker-testbed as root (lxc-create -t busybox, lxc.net.0.type = empty)"
	t_finish
fi

# ------------------------------------------------------------ set up

T_LXC=$NAME
if ! timeout 60 lxc-copy -n "$BASE" -N "$NAME" >"$T_TMP/lxc.out" 2>&1 ||
	! timeout 60 lxc-start -n "$NAME" -d >>"$T_TMP/lxc.out" 2>&1; then
	not_ok "set up: lxc-copy -n $BASE -N $NAME; lxc-start -n $NAME -d"
	diag_file "$T_TMP/lxc.out" "lxc"
	t_finish
fi
lxc_pid() {
	_p=$(timeout 10 lxc-info -n "$NAME" -pH 2>/dev/null)
	[ -n "$_p" ] && [ -d "/proc/$_p" ] && echo "$_p"
}
t_wait 100 lxc_pid
PID=$(lxc_pid)
if [ -z "$PID" ]; then
	not_ok "set up: lxc-info -n $NAME -pH gives no PID"
	t_finish
fi
# lxc-ls -f: the engine's own listing
is "$(timeout 10 lxc-ls -f -F NAME,STATE,PID | awk -v n="$NAME" \
	'$1 == n { print $2, $3 }')" "RUNNING $PID" \
	"lxc-ls -f lists $NAME running as PID $PID"
CG="/lxc.payload.$NAME"
grep -Fqx "0::$CG" "/proc/$PID/cgroup" ||
	not_ok "set up: PID $PID is in $CG" "$(cat "/proc/$PID/cgroup")"
# busybox init has started its children (getty, syslogd) when 4 are there
t_wait 50 sh -c "[ \$(grep -lx '0::$CG' /proc/[0-9]*/cgroup 2>/dev/null | wc -l) -ge 4 ]"
MEMBERS=$(t_cgroup_members "$CG")

# ------------------------------------------------------------ checks

t_check_named lxc "$NAME" "$PID" "$MEMBERS"

# The monitor ([lxc monitor], in /lxc.monitor.NAME) is on the host side.
MON=$(t_cgroup_members "/lxc.monitor.$NAME" | head -n 1)
if [ -n "$MON" ] && nsi_ok "--caps -p monitor runs" --caps -J -p "$MON"; then
	if t_jq "$T_TMP/out" '.processes[0].container == null'; then
		ok "lxc: its monitor (PID $MON) is no container's"
	else
		not_ok "lxc: its monitor (PID $MON) is no container's"
		diag_file "$T_TMP/out" "output"
	fi
fi

# ---------------------------------- LXC before 4: /lxc/NAME, by hand

t_add_cgroup "lxc/$LEGACY" || not_ok "set up: cgroup lxc/$LEGACY"
t_spawn "$T_TMP/legacy.out" t_cgroup_exec "lxc/$LEGACY" \
	unshare -m -u -i sleep 600
LPID=$T_SPAWNED
t_wait 50 t_comm_is "$LPID" sleep || not_ok "set up: legacy sleep runs"
t_check_named lxc "$LEGACY" "$LPID" "$LPID"

t_finish
