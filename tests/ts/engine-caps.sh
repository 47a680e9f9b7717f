#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# engine-caps.sh - CAPADD, CAPDROP and --audit compare a container's
# bounding set with the default set of its own engine (issue 13), and
# --audit names that default: a rootful Podman container run with no
# --cap-drop shows no drop (Podman's containers.conf default lacks
# cap_net_raw, cap_mknod and cap_audit_write, which Docker's has), one run
# with --cap-add SYS_ADMIN shows +cap_sys_admin only, a Docker container
# run with --cap-drop NET_RAW shows that drop only, an LXC container (a
# copy of nsinspect-test) shows nothing added against its config's
# lxc.cap.drop list, and a systemd-nspawn machine shows nothing added
# against nspawn's retained set (the old build showed 11).
#
# Oracles: the bounding set read here (/proc/PID/status CapBnd, decoded
# by capsh --decode), each engine's default read here from its own source
# (default_capabilities of containers.conf, Docker's documented 14, the
# container's LXC config and PID 1's CapBnd, the host's ceiling, the list
# systemd-nspawn(1) of the installed systemd gives), and the engine's own
# inspect (podman inspect .BoundingCaps, docker inspect
# HostConfig.CapAdd/CapDrop).
#
# Needs scripts/docker-testbed (docker.io with its image, podman with
# localhost/nsinspect-test/busybox, lxc with the nsinspect-test
# container); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq awk sort capsh python3 jsonschema
require_cmd_pkg coreutils comm timeout
require_cmd_pkg podman podman
require_cmd_pkg lxc lxc-copy lxc-start lxc-stop lxc-destroy lxc-info
require_cmd_pkg rsync rsync
require_cmd_pkg systemd-container systemd-nspawn
require_cmd_pkg man-db man
require_nsinspect
require_docker

P=nsi13d-$$
PODMAN_IMAGE=localhost/nsinspect-test/busybox
LXC_BASE=nsinspect-test
NSPAWN_BASE=/var/lib/machines/nsinspect-test
# Rootful Podman needs low rlimits here (docs/engines-notes.md).
PODMAN_RUN="--ulimit nofile=1024:1024 --ulimit nproc=1000:1000 --network none"

if ! podman image exists "$PODMAN_IMAGE" 2>/dev/null; then
	not_ok "required: the Podman image $PODMAN_IMAGE is missing" \
		"run scripts/docker-testbed as root"
	t_finish
fi
if [ ! -d "$NSPAWN_BASE" ]; then
	not_ok "required: the nspawn root directory $NSPAWN_BASE is missing" \
		"run scripts/docker-testbed as root"
	t_finish
fi
if ! lxc-info -n "$LXC_BASE" >/dev/null 2>&1; then
	not_ok "required: the LXC container $LXC_BASE is missing" \
		"run scripts/docker-testbed as root"
	t_finish
fi

# ------------------------------------------------------------ cleanup

T_PODMAN=""	# podman containers to remove at exit
T_LXC=""	# LXC containers to stop and destroy at exit
T_NSPAWN_PID=""	# the setsid'ed nspawn to kill (its process group)
T_NSPAWN_DIRS=""	# nspawn root directories and cgroup directories to remove
engine_cleanup() {
	if [ -n "$T_NSPAWN_PID" ]; then
		kill -KILL -- "-$T_NSPAWN_PID" 2>/dev/null
		# the payload (its own PID namespace's init) and whatever else
		# is in the scope made here: only this test's processes
		for _d in $T_NSPAWN_DIRS; do
			case "$_d" in /sys/fs/cgroup/unified/*)
				# shellcheck disable=SC2046
				kill -KILL $(cat "$_d/payload/cgroup.procs" \
					"$_d/supervisor/cgroup.procs" \
					"$_d/cgroup.procs" 2>/dev/null) 2>/dev/null
				_n=50
				while [ "$_n" -gt 0 ] && [ -n "$(cat "$_d/payload/cgroup.procs" \
					"$_d/supervisor/cgroup.procs" "$_d/cgroup.procs" 2>/dev/null)" ]; do
					sleep 0.1
					_n=$((_n - 1))
				done ;;
			esac
		done
	fi
	for _d in $T_NSPAWN_DIRS; do
		case "$_d" in
		/sys/fs/cgroup/*)
			rmdir "$_d/payload" "$_d/supervisor" "$_d" 2>/dev/null ;;
		/var/lib/machines/nsi13d-*)
			rm -rf "$_d" ;;
		esac
	done
	T_NSPAWN_PID=""
	T_NSPAWN_DIRS=""
	# shellcheck disable=SC2086
	[ -n "$T_PODMAN" ] && timeout 60 podman rm -f -t 0 $T_PODMAN >/dev/null 2>&1
	for _c in $T_LXC; do
		timeout 30 lxc-stop -k -n "$_c" >/dev/null 2>&1
		timeout 30 lxc-destroy -n "$_c" >/dev/null 2>&1
	done
	T_PODMAN=""
	T_LXC=""
	t_cleanup2
}
t_trap2
trap 'engine_cleanup' EXIT
trap 'engine_cleanup; exit 129' HUP
trap 'engine_cleanup; exit 130' INT
trap 'engine_cleanup; exit 143' TERM

# ------------------------------------------------------------ helpers

# lines_json - the lines of stdin as a JSON array of strings.
lines_json() {
	jq -R . | jq -sc .
}
# engine_names - engine spellings on stdin ("NET_RAW", "CAP_NET_RAW",
# "net_raw") as libcap's, one a line, sorted.
engine_names() {
	tr '[:upper:]' '[:lower:]' | sed -e 's/^cap_//' -e 's/^/cap_/' | grep -v '^cap_$' | sort -u
}
# podman_conf_default - default_capabilities of [containers] in
# /etc/containers/containers.conf, else /usr/share/containers/containers.conf
# (containers.conf(5)), one a line; empty when neither has it.
podman_conf_default() {
	for _f in /etc/containers/containers.conf /usr/share/containers/containers.conf; do
		[ -f "$_f" ] || continue
		_l=$(awk '
			/^[ \t]*\[/ { t = $0; gsub(/[][ \t]/, "", t); next }
			t == "containers" && /^[ \t]*default_capabilities[ \t]*=/ { on = 1 }
			on { print; if ($0 ~ /\]/) exit }' "$_f" |
			sed 's/#.*//' | tr -d '[]=, \t' | sed 's/default_capabilities//' |
			tr -s '"'"'"'' '\n' | grep -v '^$' | engine_names)
		if [ -n "$_l" ]; then
			echo "$_l"
			return 0
		fi
	done
}
# diff_json WANT HAVE - {"added","dropped"}: HAVE (sorted names, a file)
# against WANT (the default, a file).
diff_json() {
	_a=$(comm -13 "$1" "$2" | grep . | lines_json)
	_d=$(comm -23 "$1" "$2" | grep . | lines_json)
	echo "{\"added\":$_a,\"dropped\":$_d}"
}
# caps_json PID - nsinspect's CAPADD and CAPDROP of PID as
# {"added","dropped"}, sorted; the JSON is in $T_TMP/caps-PID.json.
caps_json() {
	"$NSINSPECT" --caps "$1" -o PID,CONTAINER,CAPADD,CAPDROP -J \
		>"$T_TMP/caps-$1.json" 2>"$T_TMP/caps-$1.err"
	jq -c '.processes[0] | {added: (.capadd | if . == null then null else sort end),
		dropped: (.capdrop | if . == null then null else sort end)}' \
		"$T_TMP/caps-$1.json" 2>&1
}
# audit_json PID - nsinspect --audit -J of PID into $T_TMP/audit-PID.json;
# prints {"added","dropped","default_caps"} of it, sorted.
audit_json() {
	"$NSINSPECT" --audit --pid "$1" -J >"$T_TMP/audit-$1.json" 2>"$T_TMP/audit-$1.err"
	jq -c '.audit[0].capabilities | {added: (.added | sort), dropped: (.dropped | sort),
		default_caps}' "$T_TMP/audit-$1.json" 2>&1
}
# audit_text PID - the bounding_set line of nsinspect --audit (table).
audit_text() {
	"$NSINSPECT" --audit --pid "$1" 2>/dev/null | awk '$1 == "bounding_set"'
}
# check_engine LABEL PID DEFAULT_FILE WANT_JSON DEFAULT_RE - CAPADD/CAPDROP
# and --audit of PID against WANT_JSON ({"added","dropped"}), which must
# also be what the bounding set read here gives against DEFAULT_FILE;
# --audit's default_caps must match DEFAULT_RE.
check_engine() {
	_lbl=$1 _pid=$2 _dflt=$3 _want=$4 _re=$5
	t_cap_names "$(t_status "$_pid" CapBnd)" >"$T_TMP/bnd-$_pid"
	_oracle=$(diff_json "$_dflt" "$T_TMP/bnd-$_pid")
	is "$_oracle" "$_want" \
		"$_lbl: the bounding set read here (CapBnd $(t_status "$_pid" CapBnd)) against the engine's default"
	is "$(caps_json "$_pid")" "$_want" "$_lbl: CAPADD and CAPDROP (-J)"
	_a=$(audit_json "$_pid")
	is "$(echo "$_a" | jq -c '{added, dropped}' 2>&1)" "$_want" \
		"$_lbl: --audit -J capabilities added and dropped"
	if echo "$_a" | jq -e --arg re "$_re" '.default_caps | test($re)' >/dev/null 2>&1; then
		ok "$_lbl: --audit -J names the default ($(echo "$_a" | jq -r .default_caps))"
	else
		not_ok "$_lbl: --audit -J names the default /$_re/" "got: $_a"
	fi
	_t=$(audit_text "$_pid")
	case "$_t" in
	*"against the default of "*) ok "$_lbl: --audit says which default: $_t" ;;
	*) not_ok "$_lbl: --audit says which default" "bounding_set line: '$_t'" ;;
	esac
	t_schema_ok "$_lbl: --audit -J validates against the schema" "$T_TMP/audit-$_pid.json"
}

# PID 1's bounding set: the host's ceiling (here without cap_sys_resource)
t_cap_names "$(t_status 1 CapBnd)" >"$T_TMP/host"

# ------------------------------------------------------------ Podman

podman_default=$(podman_conf_default)
if [ -z "$podman_default" ]; then
	not_ok "Podman: default_capabilities found in containers.conf" \
		"neither /etc/containers/containers.conf nor /usr/share/containers/containers.conf has it"
	t_finish
fi
echo "$podman_default" | comm -12 - "$T_TMP/host" >"$T_TMP/podman-default"

# podman_run NAME ARGS... - a rootful container running sleep; its PID in
# PODMAN_PID, its podman inspect in $T_TMP/NAME.inspect.
podman_run() {
	_n=$1
	shift
	T_PODMAN="$T_PODMAN $_n"
	# shellcheck disable=SC2086
	if ! timeout 60 podman run -d $PODMAN_RUN --name "$_n" "$@" "$PODMAN_IMAGE" \
		sleep 600 >"$T_TMP/$_n.run" 2>&1; then
		not_ok "podman run $* $_n" "podman run failed"
		diag_file "$T_TMP/$_n.run" "podman run"
		t_finish
	fi
	timeout 30 podman inspect "$_n" >"$T_TMP/$_n.inspect" 2>&1
	PODMAN_PID=$(jq -r '.[0].State.Pid' "$T_TMP/$_n.inspect")
}

podman_run "$P-pod"
check_engine "Podman, no --cap-drop" "$PODMAN_PID" "$T_TMP/podman-default" \
	'{"added":[],"dropped":[]}' '^podman '
# podman's own view: its BoundingCaps are the bounding set read here
is "$(jq -r '.[0].BoundingCaps[]' "$T_TMP/$P-pod.inspect" | engine_names | lines_json)" \
	"$(lines_json <"$T_TMP/bnd-$PODMAN_PID")" \
	"Podman, no --cap-drop: podman inspect .BoundingCaps is CapBnd"

podman_run "$P-padm" --cap-add SYS_ADMIN
check_engine "Podman, --cap-add SYS_ADMIN" "$PODMAN_PID" "$T_TMP/podman-default" \
	'{"added":["cap_sys_admin"],"dropped":[]}' '^podman '
is "$(jq -r '.[0].BoundingCaps[]' "$T_TMP/$P-padm.inspect" | engine_names | lines_json)" \
	"$(lines_json <"$T_TMP/bnd-$PODMAN_PID")" \
	"Podman, --cap-add SYS_ADMIN: podman inspect .BoundingCaps is CapBnd"
if jq -e '.[0].EffectiveCaps | index("CAP_SYS_ADMIN") != null' "$T_TMP/$P-padm.inspect" >/dev/null; then
	ok "Podman, --cap-add SYS_ADMIN: podman inspect .EffectiveCaps has CAP_SYS_ADMIN"
else
	not_ok "Podman, --cap-add SYS_ADMIN: podman inspect .EffectiveCaps has CAP_SYS_ADMIN"
fi

# ------------------------------------------------------------ Docker

# Docker's default (moby's oci.DefaultCapabilities, its docs' 14), within
# the host's ceiling.
printf 'cap_%s\n' chown dac_override fsetid fowner mknod net_raw setgid \
	setuid setfcap setpcap net_bind_service sys_chroot kill audit_write |
	sort | comm -12 - "$T_TMP/host" >"$T_TMP/docker-default"
D=$P-dock
t_add_container "$D"
if ! timeout 60 docker run -d --name "$D" --network none --cap-drop NET_RAW \
	"$T_IMAGE" sleep 600 >"$T_TMP/docker.run" 2>&1; then
	not_ok "docker run --cap-drop NET_RAW" "docker run failed"
	diag_file "$T_TMP/docker.run" "docker run"
	t_finish
fi
timeout 30 docker inspect "$D" >"$T_TMP/docker.inspect" 2>&1
DPID=$(jq -r '.[0].State.Pid' "$T_TMP/docker.inspect")
is "$(jq -c '.[0].HostConfig | {add: (.CapAdd // []), drop: (.CapDrop // [] | map(ascii_upcase | ltrimstr("CAP_")))}' "$T_TMP/docker.inspect")" \
	'{"add":[],"drop":["NET_RAW"]}' "Docker: docker inspect HostConfig.CapAdd [], CapDrop [NET_RAW]"
check_engine "Docker, --cap-drop NET_RAW" "$DPID" "$T_TMP/docker-default" \
	'{"added":[],"dropped":["cap_net_raw"]}' '^docker$'

# ------------------------------------------------------------ LXC

L=$P-lxc
T_LXC="$T_LXC $L"
if ! timeout 120 lxc-copy -n "$LXC_BASE" -N "$L" >"$T_TMP/lxc-copy.out" 2>&1; then
	not_ok "lxc-copy -n $LXC_BASE -N $L" "lxc-copy failed"
	diag_file "$T_TMP/lxc-copy.out" "lxc-copy"
	t_finish
fi
if ! timeout 60 lxc-start -n "$L" -d -s lxc.net.0.type=empty >"$T_TMP/lxc-start.out" 2>&1 ||
	! t_wait 100 sh -c "lxc-info -n '$L' -pH | grep -q '^[0-9]'"; then
	not_ok "lxc-start -n $L" "lxc-start failed"
	diag_file "$T_TMP/lxc-start.out" "lxc-start"
	t_finish
fi
LPID=$(timeout 10 lxc-info -n "$L" -pH)
# LXC's default for it: the host's ceiling minus the lxc.cap.drop words of
# its config (lxc-copy copied the busybox template's line; no includes)
awk -F= '$1 ~ /^[ \t]*lxc\.cap\.drop[ \t]*$/ { print $2 }' "/var/lib/lxc/$L/config" |
	tr -s ' \t' '\n' | grep . | engine_names >"$T_TMP/lxc-drop"
if grep -q '^[ \t]*lxc\.include' "/var/lib/lxc/$L/config"; then
	not_ok "LXC: the copy's config has no lxc.include (the oracle reads one file)"
fi
comm -23 "$T_TMP/host" "$T_TMP/lxc-drop" >"$T_TMP/lxc-default"
check_engine "LXC (lxc-copy of $LXC_BASE)" "$LPID" "$T_TMP/lxc-default" \
	'{"added":[],"dropped":[]}' '^lxc /var/lib/lxc/'
is "$(jq -c '.processes[0].container | {runtime, id}' "$T_TMP/caps-$LPID.json" 2>&1)" \
	"{\"runtime\":\"lxc\",\"id\":\"$L\"}" "LXC: the process is in container $L"

# ------------------------------------------------------------ nspawn

# systemd-nspawn's retained set as the installed systemd documents it
# (systemd-nspawn(1), --capability=: "granted in any way"), within the
# host's ceiling.
MANWIDTH=1000 man systemd-nspawn 2>/dev/null | tr '\n' ' ' |
	sed -n 's/.*granted in any way: \(CAP_[A-Z_, ]*\)\. Also CAP_NET_ADMIN.*/\1/p' |
	tr -s ', ' '\n' | grep . | engine_names | comm -12 - "$T_TMP/host" >"$T_TMP/nspawn-default"
if [ "$(wc -l <"$T_TMP/nspawn-default")" -lt 20 ]; then
	not_ok "nspawn: its retained set read from systemd-nspawn(1)" \
		"got $(wc -l <"$T_TMP/nspawn-default") names"
	t_finish
fi
# No systemd PID 1 here: run it with --register=no --keep-unit in a
# machine scope made by hand, as systemd 252 makes it
# (docs/engines-notes.md); the payload is in its payload/ child.
N=nsi13d-nsp$$
NDIR=/var/lib/machines/$N
SCOPE="machine.slice/machine-$(echo "$N" | sed 's/-/\\x2d/g').scope"
T_NSPAWN_DIRS="$NDIR /sys/fs/cgroup/unified/$SCOPE /sys/fs/cgroup/systemd/$SCOPE"
cp -a "$NSPAWN_BASE" "$NDIR"
setsid timeout 300 sh -c 'for h in systemd unified; do
		mkdir -p "/sys/fs/cgroup/$h/$1" && echo $$ >"/sys/fs/cgroup/$h/$1/cgroup.procs" || exit 1
	done
	exec systemd-nspawn -q --register=no --keep-unit -D "$2" --machine "$3" /bin/sleep 600' \
	x "$SCOPE" "$NDIR" "$N" </dev/null >"$T_TMP/nspawn.out" 2>&1 &
T_NSPAWN_PID=$!
NPID=""
nspawn_payload() {
	NPID=$(head -n 1 "/sys/fs/cgroup/unified/$SCOPE/payload/cgroup.procs" 2>/dev/null)
	[ -n "$NPID" ] && t_comm_is "$NPID" sleep
}
if ! t_wait 100 nspawn_payload || ! nspawn_payload; then
	not_ok "systemd-nspawn --machine $N" "no payload within 10 s"
	diag_file "$T_TMP/nspawn.out" "systemd-nspawn"
	t_finish
fi
check_engine "nspawn ($N)" "$NPID" "$T_TMP/nspawn-default" \
	'{"added":[],"dropped":[]}' '^nspawn$'
is "$(jq -c '.processes[0].container.runtime' "$T_TMP/caps-$NPID.json" 2>&1)" \
	'"nspawn"' "nspawn: the process is in an nspawn container"

t_finish
