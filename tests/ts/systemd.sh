#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# systemd.sh - the systemd units of contrib/systemd as "make install"
# installs them, run by a real systemd: "make install" into a scratch
# root (an overlay over /, its changes on a tmpfs), systemd-analyze
# verify on them (not a word to say), then that root booted with
# systemd-nspawn --boot (PID 1 here is not systemd), the host's enabled
# units masked.  Inside: systemctl enable --now nsinspect-metrics.timer
# as the README says; the service runs and succeeds, the textfile
# appears and promtool check metrics finds nothing to say; the
# README's drop-in shortens the interval and the file is refreshed (its
# scan timestamp advances).  Oracle for the sandbox (the unit's
# CapabilityBoundingSet, ProtectSystem, syscall filter...): the same
# binary run in the same container outside any unit, as root with every
# capability, gives the same series; the one mount namespace more is the
# sandbox's own, held by nsinspect alone (a copy of the unit listing
# the mount namespaces shows it).
#
# Needs systemd, systemd-container (scripts/docker-testbed) and
# prometheus (promtool); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd make promtool nsenter setpriv unshare mount umount awk jq
require_cmd_pkg systemd systemd-analyze
require_cmd_pkg systemd-container systemd-nspawn
require_nsinspect

UNIT=nsinspect-metrics
TEXTDIR=/var/lib/prometheus/node-exporter
PROM=$TEXTDIR/nsinspect.prom
M="nsi-sd-$$"				# the machine's name
CG="nsi-systemd-test-$$.scope"		# its hand-made cgroup
OV=$T_TMP/ov				# tmpfs: the overlay's upper and work
ROOT=$T_TMP/root			# the overlay: the scratch root
SUP=""					# the nspawn supervisor
PROBE=""				# a process of ours inside

cleanup_systemd() {
	# our process inside first: the container's shutdown would wait
	[ -n "$PROBE" ] && t_kill "$PROBE"
	if [ -n "$SUP" ]; then
		# a clean poweroff of the container (SIGTERM to the
		# supervisor), 3 s at most (its last stage may wait 10 s for
		# processes to end): then it and its descendants are killed
		kill -TERM "$SUP" 2>/dev/null
		_n=30
		while [ -d "/proc/$SUP" ] && [ "$_n" -gt 0 ]; do
			_n=$((_n - 1))
			sleep 0.1
		done
	fi
	[ -n "$SUP" ] && t_kill "$SUP"
	# the cgroups the container's systemd made below ours, deepest first
	for _r in $(t_cgroup_roots); do
		_n=50
		while [ -d "$_r/$CG" ] && [ "$_n" -gt 0 ]; do
			find "$_r/$CG" -depth -type d -exec rmdir {} + 2>/dev/null
			_n=$((_n - 1))
			[ -d "$_r/$CG" ] && sleep 0.1
		done
	done
	t_cleanup
	rm -rf "/run/systemd/nspawn/propagate/$M" 2>/dev/null
}
trap 'cleanup_systemd' EXIT
trap 'cleanup_systemd; exit 129' HUP
trap 'cleanup_systemd; exit 130' INT
trap 'cleanup_systemd; exit 143' TERM

# ------------------------------------------------ install into an overlay

mkdir "$OV" "$ROOT"
if mount -t tmpfs -o mode=0755 nsi-systemd "$OV" && t_add_mount "$OV" &&
	mkdir "$OV/upper" "$OV/work" &&
	mount -t overlay -o "lowerdir=/,upperdir=$OV/upper,workdir=$OV/work" \
		nsi-systemd "$ROOT" && t_add_mount "$ROOT"; then
	ok "a scratch root: an overlay over / (changes on a tmpfs)"
else
	not_ok "a scratch root: an overlay over / (changes on a tmpfs)"
	t_finish
fi
# the merged root, not the upper directory: /lib is a symlink there
t_make_install "$ROOT"
# what make install wrote, as paths of the scratch root
svc=$(cd "$OV/upper" && find . -name "$UNIT.service" -type f | sed 's|^\.||')
tmr=$(cd "$OV/upper" && find . -name "$UNIT.timer" -type f | sed 's|^\.||')
bin=$(cd "$OV/upper" && find . -path '*/bin/nsinspect' -type f | sed 's|^\.||')
man=$(cd "$OV/upper" && find . -path '*/man8/nsinspect.8' -type f | sed 's|^\.||')
if [ -n "$svc" ] && [ -n "$tmr" ] && [ "$(dirname "$svc")" = "$(dirname "$tmr")" ]; then
	ok "$UNIT.service and .timer are installed ($(dirname "$svc"))"
else
	not_ok "$UNIT.service and .timer are installed" "found: '$svc' '$tmr'"
	t_finish
fi
is "$(sed -n 's/^ExecStart=//p' "$ROOT$svc")" "$bin --metrics=$PROM" \
	"ExecStart names the installed program ($bin)"
# installed elsewhere than where systemd looks (make distcheck's prefix):
# copied into /etc/systemd/system (the program stays where it is)
if ! systemd-analyze unit-paths 2>/dev/null | grep -qx "$(dirname "$svc")"; then
	cp "$ROOT$svc" "$ROOT$tmr" "$ROOT/etc/systemd/system/" ||
		not_ok "copy $svc and $tmr into /etc/systemd/system"
	diag "$(dirname "$svc") is no unit directory: copied into /etc/systemd/system"
	svc=/etc/systemd/system/$UNIT.service
	tmr=/etc/systemd/system/$UNIT.timer
fi

# PrivateTmp= gives the service a /tmp and /var/tmp of its own
case "$bin" in
/tmp/* | /var/tmp/*)
	not_ok "the program is outside /tmp and /var/tmp" \
		"the service (PrivateTmp=yes) cannot see $bin: build and install elsewhere"
	t_finish
	;;
esac

# systemd-analyze verify: every setting known, the program executable,
# the man page of Documentation= found, timers.target there.  Run it on
# the files as installed, inside the scratch root.
MANPATH=$ROOT$(dirname "$(dirname "$man")"): systemd-analyze verify \
	--root="$ROOT" "$svc" "$tmr" >"$T_TMP/verify.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$T_TMP/verify.out" ]; then
	ok "systemd-analyze verify: nothing to say"
else
	not_ok "systemd-analyze verify: nothing to say" "exit status $rc"
	diag_file "$T_TMP/verify.out" "systemd-analyze verify"
fi

# ------------------------------------------------ boot it

# The host's enabled units would start dockerd, PostgreSQL, Prometheus...
# inside: mask each (only in the scratch root).
for _w in /etc/systemd/system/*.wants/*; do
	[ -e "$_w" ] || [ -L "$_w" ] || continue
	ln -sf /dev/null "$ROOT/etc/systemd/system/${_w##*/}"
done
for _u in console-getty.service getty@tty1.service; do
	ln -sf /dev/null "$ROOT/etc/systemd/system/$_u"
done
# node_exporter's textfile directory (ConditionPathIsDirectory=), with no
# file of an earlier run
mkdir -p "$ROOT$TEXTDIR"
rm -f "$ROOT$PROM"

t_add_cgroup "$CG" || not_ok "set up: the cgroup /$CG"
start=$(date +%s)
t_spawn "$T_TMP/nspawn.log" t_cgroup_exec "$CG" systemd-nspawn -q \
	--register=no --keep-unit --console=read-only -D "$ROOT" -M "$M" --boot
SUP=$T_SPAWNED

# leader - the container's PID 1 (systemd), a child of the supervisor
leader() {
	for _c in $(t_children "$SUP"); do
		t_comm_is "$_c" systemd && { echo "$_c"; return 0; }
	done
	return 1
}
# inside CMD... - run CMD in the container (its namespaces and root)
inside() {
	nsenter -t "$L" -a "$@"
}
booted() {
	_s=$(inside systemctl is-system-running 2>/dev/null)
	[ "$_s" = running ] || [ "$_s" = degraded ]
}
if t_wait 300 leader && L=$(leader) && t_wait 600 booted; then
	ok "the scratch root boots (systemd-nspawn --boot, $(($(date +%s) - start)) s): $(inside systemctl is-system-running)"
else
	not_ok "the scratch root boots (systemd-nspawn --boot)"
	diag_file "$T_TMP/nspawn.log" "nspawn"
	t_finish
fi
inside systemctl --failed --no-legend --plain >"$T_TMP/failed" 2>&1
diag_file "$T_TMP/failed" "failed units in the container (not ours)"

# the sandbox's exposure as systemd rates it (0 best, 10 worst): no worse
# than the README says
inside systemd-analyze security --no-pager "$UNIT.service" >"$T_TMP/security" 2>&1
score=$(sed -n 's/^\(->\|→\) Overall exposure level for [^:]*: \([0-9.]*\) .*/\2/p' \
	"$T_TMP/security")
if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.5) }'; then
	ok "systemd-analyze security: exposure $score (at most 2.5)"
else
	not_ok "systemd-analyze security: exposure '$score' (at most 2.5)"
	grep '^\(-\|✗\) ' "$T_TMP/security" >"$T_TMP/security.bad"
	diag_file "$T_TMP/security.bad" "what it holds against it"
fi

# ------------------------------------------------ the README's commands

# unit_prop UNIT PROP - a property of UNIT in the container
unit_prop() {
	inside systemctl show -P "$2" "$1" 2>/dev/null
}
# scan_ts - the scan timestamp of the textfile (read from the host:
# nothing runs in the container for it); empty when there is none
scan_ts() {
	awk '$1 == "nsinspect_scan_timestamp_seconds" { print $2 }' \
		"$ROOT$PROM" 2>/dev/null
}
ran_ok() {
	[ -s "$ROOT$PROM" ] &&
		[ "$(unit_prop "$UNIT.service" Result)" = success ] &&
		unit_prop "$UNIT.service" ExecMainExitTimestampMonotonic | grep -qv '^0$'
}

if inside systemctl enable --now "$UNIT.timer" >"$T_TMP/enable.out" 2>&1; then
	ok "systemctl enable --now $UNIT.timer"
else
	not_ok "systemctl enable --now $UNIT.timer"
	diag_file "$T_TMP/enable.out" "systemctl"
fi
is "$(unit_prop "$UNIT.timer" ActiveState)/$(unit_prop "$UNIT.timer" UnitFileState)" \
	"active/enabled" "the timer is active and enabled"
# the timer runs the service as soon as it starts (OnActiveSec=0)
if t_wait 150 ran_ok; then
	ok "the service ran at once and succeeded (Result=success, status $(unit_prop "$UNIT.service" ExecMainStatus))"
else
	not_ok "the service ran at once and succeeded" \
		"Result=$(unit_prop "$UNIT.service" Result)" \
		"ExecMainStatus=$(unit_prop "$UNIT.service" ExecMainStatus)"
	inside journalctl --no-pager -u "$UNIT.service" -u "$UNIT.timer" \
		>"$T_TMP/journal" 2>&1
	diag_file "$T_TMP/journal" "journal"
	t_finish
fi
# nsinspect's one line in a container (man page, NOTES, "In a
# container"): this one is not in the host's PID namespace
NOT_HOST_RE="^nsinspect: not in the host's PID namespace (pid:\[[0-9]*\]): only its processes are seen\$"
inside journalctl --no-pager -q -o cat -u "$UNIT.service" |
	grep -v "^\(Starting\|Finished\|$UNIT.service: Deactivated\)" |
	grep -v "$NOT_HOST_RE" >"$T_TMP/said"
is "$(cat "$T_TMP/said")" "" "the service said nothing but starting and finishing (journal; the container's own PID namespace aside)"
is "$(stat -c '%U %a' "$ROOT$PROM" 2>&1)" "root 644" \
	"the textfile is root's, readable by node_exporter's user (0644)"
if promtool check metrics <"$ROOT$PROM" >"$T_TMP/promtool.out" 2>&1 &&
	[ ! -s "$T_TMP/promtool.out" ]; then
	ok "promtool check metrics: nothing to say"
else
	not_ok "promtool check metrics: nothing to say"
	diag_file "$T_TMP/promtool.out" "promtool"
fi

# Every minute by default; the README's drop-in makes it every 2 s.
is "$(unit_prop "$UNIT.timer" TimersMonotonic | sed -n 's/^{ \(On[A-Za-z]*=[^ ]*\) ;.*/\1/p' |
	sort | tr '\n' ' ')" "OnActiveUSec=0 OnUnitActiveUSec=1min " \
	"the timer: at its start, then a minute after each run"
DROPIN=$ROOT/etc/systemd/system/$UNIT.timer.d/interval.conf
mkdir -p "$(dirname "$DROPIN")"
printf '[Timer]\nOnUnitActiveSec=\nOnActiveSec=0\nOnUnitActiveSec=2s\n' >"$DROPIN"
inside systemctl daemon-reload
ts0=$(scan_ts)
newer() {
	_t=$(scan_ts)
	[ -n "$_t" ] && awk -v a="$_t" -v b="$1" 'BEGIN { exit !(a > b) }'
}
if t_wait 150 newer "$ts0" && ts1=$(scan_ts) && t_wait 150 newer "$ts1" &&
	ts2=$(scan_ts) && t_wait 150 newer "$ts2"; then
	ts3=$(scan_ts)
	ok "the textfile is refreshed: scan timestamps $ts0 < $ts1 < $ts2 < $ts3"
	gap=$(awk -v a="$ts1" -v b="$ts3" 'BEGIN { printf "%.0f", (b - a) / 2 }')
	if [ "$gap" -ge 1 ] && [ "$gap" -le 10 ]; then
		ok "the drop-in's interval holds (every ${gap} s, not every minute)"
	else
		not_ok "the drop-in's interval holds (2 s)" "every $gap s"
	fi
else
	not_ok "the textfile is refreshed (its scan timestamp advances)" \
		"timestamps: '$ts0' '$(scan_ts)'"
	inside systemctl list-timers --all --no-pager "$UNIT.timer" >"$T_TMP/timers" 2>&1
	diag_file "$T_TMP/timers" "list-timers"
fi
is "$(inside systemctl show -P NextElapseUSecMonotonic "$UNIT.timer" | grep -c .)" \
	1 "the timer waits for its next run"

# ------------------------------------------------ sandbox vs. no sandbox

# A process of another user, in user, network and UTS namespaces of its
# own, for a sandbox that hid something to miss.
t_spawn "$T_TMP/probe.log" nsenter -t "$L" -a setpriv --reuid=nobody \
	--regid=nogroup --clear-groups unshare -U -r -n -u sleep 600
PROBE=$T_SPAWNED
# series SERIES-FILE - the series of a textfile but the scan's time
series() {
	grep -v '^#' "$1" | grep -v '^nsinspect_scan_' | sort
}
# One run of the unit with nothing of ours inside (read from the host),
# then the same binary inside the container, outside any unit, as root
# with every capability the container has; again when the unit ran
# meanwhile (its nsinspect would be one more process).
tries=0
: >"$T_TMP/unit.prom"
while [ "$tries" -lt 5 ]; do
	tries=$((tries + 1))
	a=$(scan_ts)
	t_wait 150 newer "$a" || break
	b=$(scan_ts)
	t_wait 150 newer "$b" || break
	c=$(scan_ts)
	cp "$ROOT$PROM" "$T_TMP/unit.prom"
	inside "$bin" --metrics >"$T_TMP/outside.prom" 2>"$T_TMP/outside.err"
	[ "$(scan_ts)" = "$c" ] && break
done
series "$T_TMP/unit.prom" >"$T_TMP/unit.series"
series "$T_TMP/outside.prom" >"$T_TMP/outside.series"
# the mount namespace of the sandbox: one more in the unit's count
awk '$1 == "nsinspect_namespaces{type=\"mnt\"}" { $2 = $2 + 1 } { print }' \
	"$T_TMP/outside.series" >"$T_TMP/outside+1.series"
if diff "$T_TMP/outside+1.series" "$T_TMP/unit.series" >"$T_TMP/series.diff" &&
	grep -q '^nsinspect_namespaces{type="user"} 2$' "$T_TMP/unit.series" &&
	grep -q '^nsinspect_processes_with_capabilities{user_namespace="child"} 1$' \
		"$T_TMP/unit.series"; then
	ok "in the unit's sandbox, the same series as outside any unit ($(grep -c . "$T_TMP/unit.series") series; mnt one more; try $tries)"
else
	not_ok "in the unit's sandbox, the same series as outside any unit (mnt one more)"
	diag_file "$T_TMP/series.diff" "diff outside(mnt+1) unit"
fi
is "$(grep -v "$NOT_HOST_RE" "$T_TMP/outside.err")" "" \
	"outside the unit: nothing on stderr (the container's own PID namespace aside)"

# That one mount namespace more is the sandbox's, nsinspect's alone: a
# copy of the service (same sandbox) lists the mount namespaces, the
# timer stopped (its run would be one more).
inside systemctl stop "$UNIT.timer"
t_wait 100 sh -c "[ \"\$(nsenter -t $L -a systemctl show -P ActiveState $UNIT.service)\" = inactive ]"
sed -e "s|^ExecStart=.*|ExecStart=$bin -J -t mnt -o NS,NPROCS,COMMAND|" \
	-e '/^\[Service\]/a StandardOutput=truncate:'"$TEXTDIR/probe.json" \
	-e '/^\[Service\]/a StandardError=journal' \
	"$ROOT$svc" >"$ROOT/etc/systemd/system/nsi-probe-$$.service"
inside systemctl daemon-reload
inside systemctl start "nsi-probe-$$.service" >"$T_TMP/probe.out" 2>&1
inside "$bin" -J -t mnt -o NS,NPROCS,COMMAND >"$T_TMP/mnt-outside.json" 2>/dev/null
extra=$(jq -c --slurpfile o "$T_TMP/mnt-outside.json" \
	'[.namespaces[] | select(.ns as $n | [$o[0].namespaces[].ns] | index($n) | not)
	  | {nprocs, command}]' "$ROOT$TEXTDIR/probe.json" 2>&1)
missing=$(jq -c --slurpfile u "$ROOT$TEXTDIR/probe.json" \
	'[.namespaces[] | select(.ns as $n | [$u[0].namespaces[].ns] | index($n) | not) | .ns]' \
	"$T_TMP/mnt-outside.json" 2>&1)
is "$extra $missing" "[{\"nprocs\":1,\"command\":\"$bin -J -t mnt -o NS,NPROCS,COMMAND\"}] []" \
	"the one mnt namespace more is the sandbox's, held by nsinspect alone"

echo "# $(($(date +%s) - start)) s from boot"
t_finish
