#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# podman.sh - Podman containers, rootful and rootless, live: one rootful
# container and one rootless container for each of the users
# nsi-podman1 and nsi-podman2 (vfs storage), checked against
# "podman ps --format json" (as root, as each user): the default view,
# --container NAME / ID / ID prefix, --caps, --caps --container NAME and
# --audit name each with runtime podman, its full ID, its whole name and
# its image.  Twice: with Podman's API services running (rootful
# /run/podman/podman.sock, each user's /run/user/UID/podman/podman.sock;
# strace shows nsinspect connected to them) and without them (names from
# Podman's containers.json).  Rootless containers have no cgroup of their
# own on this machine (cgroup v1): they are found from the users'
# pidfiles.  Hostile: a user's pidfile naming PID 1, a root process, or
# another user's container process takes none of them.
#
# Needs scripts/docker-testbed (podman, uidmap, the users nsi-podman1
# and nsi-podman2 with subordinate IDs, /run/user/UID, and the image
# localhost/nsinspect-test/busybox rootful and in each user's vfs
# storage); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq setpriv timeout strace getent curl unshare mount python3
require_cmd_pkg podman podman
require_nsinspect
: "${LIVE_PROBE:=$T_TOP/tests/helpers/live-probe}"

IMG=localhost/nsinspect-test/busybox:latest
P=nsi-podman-$$
USERS="nsi-podman1 nsi-podman2"

# home USER - the user's home directory.
home() {
	getent passwd "$1" | cut -d: -f6
}

# upodman USER ARGS... - podman as USER (rootless, vfs storage), bounded.
upodman() {
	_u=$1
	shift
	setpriv --reuid="$_u" --regid="$_u" --init-groups \
		env -i HOME="$(home "$_u")" USER="$_u" PATH=/usr/bin:/bin:/usr/sbin \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$_u")" \
		timeout 60 podman --storage-driver vfs "$@"
}

# rpodman ARGS... - rootful podman, bounded.
rpodman() {
	timeout 60 podman "$@"
}

for u in $USERS; do
	if ! id -u "$u" >/dev/null 2>&1 || [ ! -d "/run/user/$(id -u "$u")" ] ||
	   ! upodman "$u" image exists "$IMG" 2>/dev/null; then
		not_ok "required: user $u, /run/user/UID and its image $IMG (vfs)" \
			"run scripts/docker-testbed as root"
		t_finish
	fi
done
if ! rpodman image exists "$IMG"; then
	not_ok "required: the rootful image $IMG" "run scripts/docker-testbed as root"
	t_finish
fi

# ------------------------------------------------------------ clean up

T_PM_CLEANED=0
SVC_SOCKS=""		# API sockets our services made, removed at exit
pm_cleanup() {
	if [ "$T_PM_CLEANED" -eq 0 ]; then
		T_PM_CLEANED=1
		rpodman rm -f -t 0 "$P-root" >/dev/null 2>&1
		for u in $USERS; do
			upodman "$u" rm -f -t 0 "$P-$u" >/dev/null 2>&1
		done
	fi
	t_cleanup
	for s in $SVC_SOCKS; do
		rm -f "$s"
	done
}
trap 'pm_cleanup' EXIT
trap 'pm_cleanup; exit 129' HUP
trap 'pm_cleanup; exit 130' INT
trap 'pm_cleanup; exit 143' TERM

# ------------------------------------------------------------ set up

# The rlimits Podman asks by default are past this machine's hard limits
# (docs/engines-notes.md); the users' slirp4netns needs /dev/net/tun.
if ! rpodman run -d --ulimit nofile=1024:1024 --ulimit nproc=1000:1000 \
	--network none --name "$P-root" "$IMG" sleep 600 >"$T_TMP/run.out" 2>&1; then
	not_ok "podman run (rootful) $P-root"
	diag_file "$T_TMP/run.out" "podman run"
	t_finish
fi
for u in $USERS; do
	if ! upodman "$u" run -d --network none --name "$P-$u" "$IMG" sleep 600 \
		>"$T_TMP/run.out" 2>&1; then
		not_ok "podman run (rootless, $u) $P-$u"
		diag_file "$T_TMP/run.out" "podman run"
		t_finish
	fi
done

# oracle KEY NAME PODMAN... - podman ps --format json of container NAME;
# sets ID_KEY, PID_KEY, C_KEY (the name), and EXP_KEY: what nsinspect's
# JSON "container" must hold (runtime, id, name, image).
oracle() {
	_k=$1 _n=$2
	shift 2
	"$@" ps --format json --filter "name=^$_n\$" >"$T_TMP/ps-$_k.json" 2>"$T_TMP/ps.err"
	_id=$(jq -r '.[0].Id' "$T_TMP/ps-$_k.json")
	_pid=$(jq -r '.[0].Pid' "$T_TMP/ps-$_k.json")
	_exp=$(jq -c '.[0] | {runtime: "podman", id: .Id, name: .Names[0], image: .Image}' \
		"$T_TMP/ps-$_k.json")
	eval "ID_$_k=\$_id PID_$_k=\$_pid C_$_k=\$_n EXP_$_k=\$_exp"
}
oracle root "$P-root" rpodman
oracle u1 "$P-nsi-podman1" upodman nsi-podman1
oracle u2 "$P-nsi-podman2" upodman nsi-podman2
KEYS="root u1 u2"

for k in $KEYS; do
	eval "id=\$ID_$k pid=\$PID_$k exp=\$EXP_$k"
	if [ "${#id}" -eq 64 ] && [ "$pid" -gt 0 ] 2>/dev/null &&
	   [ "$(printf '%s' "$exp" | jq -r .image)" = "$IMG" ]; then
		ok "oracle: podman ps lists $k: ID $(printf '%.12s' "$id"), pid $pid, image $IMG"
	else
		not_ok "oracle: podman ps lists $k" "id '$id' pid '$pid' exp '$exp'"
		diag_file "$T_TMP/ps-$k.json" "podman ps"
		t_finish
	fi
done
# The rootless containers have no cgroup of their own here: the old
# nsinspect could not see them at all.
for k in u1 u2; do
	eval "pid=\$PID_$k"
	if grep -q libpod "/proc/$pid/cgroup"; then
		diag "$k (pid $pid) has a libpod cgroup: a systemd layout, not the v1 one this test means"
	fi
done

# The jq filter that keeps of a "container" object what the oracle gives.
trim='{runtime, id, name, image}'

# check_all MODE - every check, for the three containers.
check_all() {
	_m=$1
	if nsi_ok "$_m: -J (default view)" -J; then
		cp "$T_TMP/out" "$T_TMP/default.json"
		t_schema_ok "$_m: -J is valid against the schema" "$T_TMP/default.json"
		for k in $KEYS; do
			eval "pid=\$PID_$k exp=\$EXP_$k name=\$C_$k"
			pidns=$(t_ns_ino "$pid" pid)
			if t_jq "$T_TMP/default.json" --argjson c "$exp" --argjson ino "$pidns" \
				"any(.namespaces[]; .type == \"pid\" and .ns == \$ino and (.container | $trim) == \$c)"; then
				ok "$_m: default view: the pid namespace of $name (pid $pid) is its container's: $exp"
			else
				not_ok "$_m: default view: the pid namespace of $name is its container's" \
					"expected: $exp" \
					"actual:   $(jq -c --argjson ino "$pidns" '.namespaces[] | select(.type == "pid" and .ns == $ino) | .container' "$T_TMP/default.json")"
			fi
		done
	fi
	for k in $KEYS; do
		eval "pid=\$PID_$k exp=\$EXP_$k name=\$C_$k id=\$ID_$k"
		pidns=$(t_ns_ino "$pid" pid)
		for sel in "$name" "$id" "$(printf '%.12s' "$id")"; do
			if nsi_ok "$_m: --container $sel -J" --container "$sel" -J; then
				if t_jq "$T_TMP/out" --argjson c "$exp" --argjson ino "$pidns" \
					"any(.namespaces[]; .type == \"pid\" and .ns == \$ino) and
					 any(.namespaces[]; (.container | $trim) == \$c)"; then
					ok "$_m: --container $sel: $name's namespaces, its container"
				else
					not_ok "$_m: --container $sel: $name's namespaces, its container" \
						"$(jq -c '[.namespaces[] | {type, ns, container}]' "$T_TMP/out")"
				fi
			fi
		done
		if nsi_ok "$_m: --caps $pid -J" --caps "$pid" -J -o PID,CONTAINER; then
			if t_jq "$T_TMP/out" --argjson c "$exp" --argjson pid "$pid" \
				"any(.processes[]; .pid == \$pid and (.container | $trim) == \$c)"; then
				ok "$_m: --caps $pid: container $name"
			else
				not_ok "$_m: --caps $pid: container $name" "expected: $exp" \
					"actual:   $(jq -c '.processes' "$T_TMP/out")"
			fi
		fi
		if nsi_ok "$_m: --caps -J (all processes)" --caps -J -o PID,CONTAINER; then
			if t_jq "$T_TMP/out" --argjson c "$exp" --argjson pid "$pid" \
				"any(.processes[]; .pid == \$pid and (.container | $trim) == \$c)"; then
				ok "$_m: --caps: pid $pid's container is $name"
			else
				not_ok "$_m: --caps: pid $pid's container is $name" "expected: $exp" \
					"actual:   $(jq -c --argjson pid "$pid" '.processes[] | select(.pid == $pid)' "$T_TMP/out")"
			fi
		fi
		if nsi_ok "$_m: --caps --container $name -J" --caps --container "$name" -J -o PID,CONTAINER; then
			if t_jq "$T_TMP/out" --argjson c "$exp" --argjson pid "$pid" \
				"any(.processes[]; .pid == \$pid) and all(.processes[]; (.container | $trim) == \$c)"; then
				ok "$_m: --caps --container $name: pid $pid, all of its container"
			else
				not_ok "$_m: --caps --container $name: pid $pid, all of its container" \
					"$(jq -c '.processes' "$T_TMP/out")"
			fi
		fi
		if nsi_ok "$_m: --audit --container $name -J" --audit --container "$name" -J; then
			if t_jq "$T_TMP/out" --argjson c "$exp" --argjson pid "$pid" \
				"(.audit | length) == 1 and .audit[0].pid == \$pid and (.audit[0].container | $trim) == \$c"; then
				ok "$_m: --audit --container $name: pid $pid, $exp"
			else
				not_ok "$_m: --audit --container $name: pid $pid, its container" \
					"$(jq -c '.audit | map({pid, container})' "$T_TMP/out")"
			fi
		fi
		if nsi_ok "$_m: --audit --container $name (text)" --audit --container "$name"; then
			if grep -q "^container .*$name (podman $(printf '%.12s' "$id"))" "$T_TMP/out" &&
			   grep -q "^image .*$IMG" "$T_TMP/out"; then
				ok "$_m: --audit --container $name (text): container and image lines"
			else
				not_ok "$_m: --audit --container $name (text): container and image lines"
				diag_file "$T_TMP/out" "output"
			fi
		fi
	done
}

# ------------------------------------------------ with the API services

# start_service SOCK CMD... - start a Podman API service that listens on
# SOCK, wait (at most 15 s) for the socket.  Sets SVC_PID.
start_service() {
	_s=$1
	shift
	if [ -S "$_s" ]; then
		not_ok "a Podman API service already listens at $_s: this test wants its own"
		return 1
	fi
	t_spawn "$T_TMP/svc.out" "$@"
	SVC_PID=$T_SPAWNED
	SVC_SOCKS="$SVC_SOCKS $_s"
	if t_wait 150 test -S "$_s"; then
		return 0
	fi
	not_ok "the Podman API service for $_s did not start within 15 s"
	diag_file "$T_TMP/svc.out" "its output"
	return 1
}

mkdir -p /run/podman
SVCS=""
ROOT_SOCK=/run/podman/podman.sock
if start_service "$ROOT_SOCK" timeout 300 podman system service --time=0 "unix://$ROOT_SOCK"; then
	SVCS="$SVCS $SVC_PID"
fi
USER_SOCKS=""
for u in $USERS; do
	s=/run/user/$(id -u "$u")/podman/podman.sock
	USER_SOCKS="$USER_SOCKS $s"
	if start_service "$s" setpriv --reuid="$u" --regid="$u" --init-groups \
		env -i HOME="$(home "$u")" USER="$u" PATH=/usr/bin:/bin:/usr/sbin \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$u")" \
		timeout 300 podman --storage-driver vfs system service --time=0; then
		SVCS="$SVCS $SVC_PID"
	fi
done

# The services answer (the oracle): each lists its own container.
if [ "$(curl -s --max-time 10 --unix-socket "$ROOT_SOCK" http://d/containers/json |
	jq -r --arg id "$ID_root" 'map(select(.Id == $id)) | length')" = 1 ]; then
	ok "oracle: the rootful API service lists $C_root"
else
	not_ok "oracle: the rootful API service lists $C_root"
fi

# nsinspect connects to every service (strace), and names the containers.
strace -f -qq -e trace=connect,openat,openat2 -o "$T_TMP/strace.out" \
	"$NSINSPECT" --caps -J -o PID,CONTAINER >"$T_TMP/out" 2>"$T_TMP/err"
# the services named them all: Podman's files were not needed
if ! grep -q 'containers\.json' "$T_TMP/strace.out"; then
	ok "api: no containers.json was opened (the services named every container)"
else
	not_ok "api: no containers.json was opened" \
		"$(grep 'containers\.json' "$T_TMP/strace.out" | tr '\n' ' ')"
fi
for s in $ROOT_SOCK $USER_SOCKS; do
	if grep -q "sun_path=\"$s\"}, [0-9]*) = 0" "$T_TMP/strace.out"; then
		ok "api: nsinspect asked the API service at $s (connect succeeded)"
	else
		not_ok "api: nsinspect asked the API service at $s" \
			"$(grep sun_path "$T_TMP/strace.out" | tr '\n' ' ')"
		diag_file "$T_TMP/err" "stderr"
	fi
done
check_all api

# --------------------------------------------- without them: the files

# shellcheck disable=SC2086
t_kill $SVCS
for s in $SVC_SOCKS; do
	rm -f "$s"
done
SVC_SOCKS=""
strace -f -qq -e trace=connect,openat,openat2 -o "$T_TMP/strace.out" \
	"$NSINSPECT" --caps -J -o PID,CONTAINER >"$T_TMP/out" 2>"$T_TMP/err"
if [ "$(grep -c 'containers\.json.* = [0-9]' "$T_TMP/strace.out")" -ge 3 ]; then
	ok "files: the three storages' containers.json were read"
else
	not_ok "files: the three storages' containers.json were read" \
		"$(grep 'containers\.json' "$T_TMP/strace.out" | tr '\n' ' ')"
fi
if ! grep -q 'podman.sock"}, [0-9]*) = 0' "$T_TMP/strace.out"; then
	ok "files: no Podman API service was reached"
else
	not_ok "files: no Podman API service was reached" \
		"$(grep podman.sock "$T_TMP/strace.out" | tr '\n' ' ')"
fi
check_all files

# ------------------------------------------- the live view: the files

# The live view asks no service (it never waits): its scans name the
# containers from the pidfiles and containers.json (live-probe drives
# nsi_live_scan() one refresh a line).
if [ -x "$LIVE_PROBE" ]; then
	printf '1 %s\n2 %s\n3 %s\n' "$PID_root" "$PID_u1" "$PID_u2" |
		timeout 60 "$LIVE_PROBE" --container >"$T_TMP/live.out" 2>&1
	for k in $KEYS; do
		eval "pid=\$PID_$k id=\$ID_$k name=\$C_$k"
		got=$(awk -v p="$pid" '$1 == p { print $NF }' "$T_TMP/live.out")
		is "$got" "podman:$id:$name" "live view: pid $pid is in container $name (runtime, ID, name)"
	done
else
	not_ok "required: the live-probe test helper ($LIVE_PROBE)"
fi

# ------------------------------------------------------------ hostile

# As nsi-podman1: pidfiles naming PID 1, a root process, and the process
# of nsi-podman2's container.  None may become nsi-podman1's container.
# They live in a copy of nsi-podman1's /run/user/UID (its own container's
# pidfile too), bind-mounted over it only in a mount namespace of the
# test's: other nsinspect runs on this busy machine never see them.
t_spawn "$T_TMP/root-sleep.out" sleep 600
ROOTP=$T_SPAWNED
U1=nsi-podman1
U1ID=$(id -u "$U1")
PRIV=$T_TMP/run-user-$U1ID
mkdir -p "$PRIV"
cp -a "/run/user/$U1ID/containers" "$PRIV/"
# hostile_pidfile ID PID - a pidfile of nsi-podman1's naming PID.
hostile_pidfile() {
	mkdir -p "$PRIV/containers/vfs-containers/$1/userdata"
	echo "$2" >"$PRIV/containers/vfs-containers/$1/userdata/pidfile"
}
n=0
for victim in 1 "$ROOTP" "$PID_u2"; do
	n=$((n + 1))
	hostile_pidfile "$(printf 'fade%060d' "$n")" "$victim"
done
# and one in the directory of the rootful container's ID, naming
# nsi-podman1's own container process: root's container stays root's
hostile_pidfile "$ID_root" "$PID_u1"
# and one under nsi-podman2's container's ID (not secret: conmon's command
# line shows it), naming a process of nsi-podman1's own in a user
# namespace of its own: it must not take over nor rename nsi-podman2's
# container, only make one of nsi-podman1's (red team).
t_spawn "$T_TMP/hijack.out" setpriv --reuid="$U1" --regid="$U1" \
	--init-groups unshare -Ur sleep 600
HIJACK=$T_SPAWNED
t_wait 10 sh -c "[ \"\$(readlink /proc/$HIJACK/ns/user)\" != \"\$(readlink /proc/1/ns/user)\" ]"
hostile_pidfile "$ID_u2" "$HIJACK"
chown -R "$U1:" "$PRIV"
chmod 700 "$PRIV"
# hnsi ARGS... - nsinspect ARGS with the copy over /run/user/UID.
hnsi() {
	run unshare --mount --propagation private sh -c \
		'mount --bind "$1" "$2" && shift 2 && exec "$@"' x \
		"$PRIV" "/run/user/$U1ID" "$NSINSPECT" "$@"
}
hnsi --caps -J -o PID,CONTAINER "$PID_root" "$PID_u1"
if t_jq "$T_TMP/out" --argjson r "$PID_root" --argjson u1 "$PID_u1" \
	--argjson cr "$EXP_root" --argjson c1 "$EXP_u1" \
	"any(.processes[]; .pid == \$r and (.container | $trim) == \$cr) and
	 any(.processes[]; .pid == \$u1 and (.container | $trim) == \$c1)"; then
	ok "hostile: a pidfile of $U1 under the rootful container's ID changes neither container"
else
	not_ok "hostile: a pidfile of $U1 under the rootful container's ID changes neither container" \
		"$(jq -c '.processes' "$T_TMP/out")"
	diag_file "$T_TMP/err" "stderr"
fi
hnsi --caps -J -o PID,CONTAINER 1 "$ROOTP" "$PID_u2"
if t_jq "$T_TMP/out" --argjson r "$ROOTP" --argjson c "$EXP_u2" --argjson u2 "$PID_u2" \
	"all(.processes[]; if .pid == 1 or .pid == \$r then .container == null else true end) and
	 any(.processes[]; .pid == \$r) and
	 any(.processes[]; .pid == \$u2 and (.container | $trim) == \$c)"; then
	ok "hostile: $U1's pidfiles naming PID 1, root's pid $ROOTP and $U1's neighbour's pid $PID_u2 take none of them"
else
	not_ok "hostile: $U1's pidfiles naming PID 1, root's pid $ROOTP and pid $PID_u2 take none of them" \
		"$(jq -c '.processes' "$T_TMP/out")"
fi
if grep -q '^nsinspect: 3 rootless Podman pidfiles named a process not in a user namespace of that user' "$T_TMP/err"; then
	ok "hostile: the refused pidfiles are counted on stderr"
else
	not_ok "hostile: the refused pidfiles are counted on stderr"
	diag_file "$T_TMP/err" "stderr"
fi
hnsi --caps -J -o PID,CONTAINER "$PID_u2" "$HIJACK"
if t_jq "$T_TMP/out" --argjson c "$EXP_u2" --argjson u2 "$PID_u2" \
	--argjson h "$HIJACK" --arg id "$ID_u2" --argjson uid "$U1ID" \
	"any(.processes[]; .pid == \$u2 and (.container | $trim) == \$c and
	     .container.owner_uid != \$uid) and
	 any(.processes[]; .pid == \$h and .container.id == \$id and
	     .container.owner_uid == \$uid and .container.name == null)"; then
	ok "hostile: $U1's pidfile under $C_u2's ID makes a container of $U1's (owner_uid $U1ID), $C_u2 stays whole"
else
	not_ok "hostile: $U1's pidfile under $C_u2's ID makes a container of $U1's (owner_uid $U1ID), $C_u2 stays whole" \
		"$(jq -c '.processes' "$T_TMP/out")"
fi
hnsi --caps -o PID,CONTAINER "$HIJACK"
if grep -q "of uid $U1ID" "$T_TMP/out"; then
	ok "hostile: the table says whose that container is (of uid $U1ID)"
else
	not_ok "hostile: the table says whose that container is (of uid $U1ID)"
	diag_file "$T_TMP/out" "output"
fi
hnsi --container "$(printf 'fade%060d' 1)" -J
if [ "$T_RC" -ne 0 ]; then
	ok "hostile: --container of the fake ID finds nothing (exit $T_RC)"
else
	not_ok "hostile: --container of the fake ID finds nothing" "exit 0"
fi

# ------------------------------------------- hostile: a user's engine

# nsi-podman1's own API service and storage, as the user may make them,
# in the same private copies: a service that answers 16 MiB slowly; a
# socket whose listener is not the user's (what swapping the socket, or
# the podman directory, for a symlink between nsinspect's lstat(2) and
# connect(2) leads to: here the socket of a listener of nobody's, given
# to the user); two containers.json of 8 MiB.  Each bounded in time, and
# the other uid's listener never asked.
FAKE=$T_TOP/tests/helpers/fake-engine.py
HPRIV=$T_TMP/home-$U1ID
U1HOME=$(home "$U1")
# hnsi2 ARGS... - hnsi, with the copy of the home over nsi-podman1's.
hnsi2() {
	run unshare --mount --propagation private sh -c \
		'mount --bind "$1" "$2" && mount --bind "$3" "$4" && shift 4 && exec "$@"' x \
		"$PRIV" "/run/user/$U1ID" "$HPRIV" "$U1HOME" "$NSINSPECT" "$@"
}
# elapsed_ms START - milliseconds since START (date +%s%3N).
elapsed_ms() {
	echo $(($(date +%s%3N) - $1))
}
# fake_start UID NAME-OF-TEST DELAY BYTES - a fake API service at
# $PRIV/podman/podman.sock whose listener is of UID; its requests are
# logged in $T_TMP/fake-NAME.log.  Sets FAKE_PID.
fake_start() {
	rm -rf "$PRIV/podman"
	mkdir "$PRIV/podman"
	chown "$1:$1" "$PRIV/podman"
	: >"$T_TMP/fake-$2.log"
	t_spawn "$T_TMP/fake-$2.out" timeout 120 python3 "$FAKE" "$PRIV/podman" \
		podman.sock "$1" "$1" "$3" "$4" "$T_TMP/fake-$2.log"
	FAKE_PID=$T_SPAWNED
	if ! t_wait 100 test -S "$PRIV/podman/podman.sock"; then
		not_ok "the fake API service ($2) did not start within 10 s"
		diag_file "$T_TMP/fake-$2.out" "its output"
		return 1
	fi
	# the user's, as lstat(2) sees it, whoever listens
	chown -h "$U1:$U1" "$PRIV/podman" "$PRIV/podman/podman.sock"
	chmod 700 "$PRIV/podman"
}
# The home: a copy of the user's storage (its containers.json names the
# user's container), in a home of the user's.
mkdir -p "$HPRIV/.local/share/containers/storage"
cp -a "$U1HOME/.local/share/containers/storage/vfs-containers" \
	"$HPRIV/.local/share/containers/storage/" 2>/dev/null
chown -R "$U1:" "$HPRIV"

# (a) 16 MiB (just under the old limit) after 0.6 s: cut at 1 MiB.
if fake_start "$U1ID" big 0.6 $((16 * 1048576 - 4096)); then
	t0=$(date +%s%3N)
	hnsi2 --caps -J -o PID,CONTAINER "$PID_u1"
	ms=$(elapsed_ms "$t0")
	if [ "$ms" -lt 2000 ]; then
		ok "hostile api: a 16 MiB answer sent after 0.6 s costs a run $ms ms (< 2000)"
	else
		not_ok "hostile api: a 16 MiB answer sent after 0.6 s costs a run $ms ms (< 2000)"
	fi
	if grep -q "^nsinspect: cannot ask Podman at '/run/user/$U1ID/podman/podman.sock': answer too large" "$T_TMP/err"; then
		ok "hostile api: the answer past 1 MiB is told"
	else
		not_ok "hostile api: the answer past 1 MiB is told"
		diag_file "$T_TMP/err" "stderr"
	fi
	if t_jq "$T_TMP/out" --argjson c "$EXP_u1" --argjson u1 "$PID_u1" \
		"any(.processes[]; .pid == \$u1 and (.container | $trim) == \$c)"; then
		ok "hostile api: $C_u1 still named, from its containers.json"
	else
		not_ok "hostile api: $C_u1 still named, from its containers.json" \
			"$(jq -c '.processes' "$T_TMP/out")"
	fi
	t_kill "$FAKE_PID"
fi

# (b) the socket the user's, its listener nobody's: never asked.
if fake_start 65534 peer 0 2; then
	hnsi2 --caps -J -o PID,CONTAINER "$PID_u1"
	if [ ! -s "$T_TMP/fake-peer.log" ] || ! grep -q GET "$T_TMP/fake-peer.log"; then
		ok "hostile api: a listener of another uid behind the user's socket is sent no request"
	else
		not_ok "hostile api: a listener of another uid behind the user's socket is sent no request" \
			"$(cat "$T_TMP/fake-peer.log")"
	fi
	if grep -q "^nsinspect: cannot ask Podman at '/run/user/$U1ID/podman/podman.sock': the process listening on the socket is not of the user expected" "$T_TMP/err"; then
		ok "hostile api: the refused listener is told"
	else
		not_ok "hostile api: the refused listener is told"
		diag_file "$T_TMP/err" "stderr"
	fi
	t_kill "$FAKE_PID"
fi
rm -rf "$PRIV/podman"

# (c) no service; two containers.json of 8 MiB (just under the old
# limit) of made-up containers, 60 flags each: cut at 1 MiB, told.
# big_store DRIVER [BYTES] - a containers.json of about BYTES (8 MiB).
big_store() {
	mkdir -p "$HPRIV/.local/share/containers/storage/$1-containers"
	BIG_BYTES=${2:-$((8 * 1048576 - 4096))} \
	python3 -c '
import json, os, sys
e = []
size, i = 2, 0
while True:
    meta = json.dumps({"image-name": "fake/%d:latest" % i})
    one = json.dumps({"id": "%064x" % (i + 1), "names": ["fake%d" % i],
                      "image": "%064x" % i, "metadata": meta,
                      "flags": {"f%d" % k: k for k in range(60)}},
                     separators=(",", ":"))
    if size + len(one) + 2 > int(os.environ["BIG_BYTES"]):
        break
    e.append(one)
    size += len(one) + 2
    i += 1
sys.stdout.write("[" + ", ".join(e) + "]")
' >"$HPRIV/.local/share/containers/storage/$1-containers/containers.json"
}
mv "$HPRIV/.local/share/containers/storage/vfs-containers/containers.json" "$T_TMP/vfs-containers.json"
big_store overlay
big_store vfs
chown -R "$U1:" "$HPRIV"
t0=$(date +%s%3N)
hnsi2 --caps -J -o PID,CONTAINER "$PID_u1"
ms=$(elapsed_ms "$t0")
if [ "$ms" -lt 600 ]; then
	ok "hostile files: two containers.json of 8 MiB cost a run $ms ms (< 600)"
else
	not_ok "hostile files: two containers.json of 8 MiB cost a run $ms ms (< 600)"
fi
if grep -q '^nsinspect: 2 Podman containers.json files or storages not read: past 8 MiB (1 MiB of a user.s)' "$T_TMP/err"; then
	ok "hostile files: the two files past 1 MiB are counted on stderr"
else
	not_ok "hostile files: the two files past 1 MiB are counted on stderr"
	diag_file "$T_TMP/err" "stderr"
fi

# The live view looks at the files every 2 s while a container is
# unnamed: a containers.json (under 1 MiB) that names none is read again
# only when it changed.  Three refreshes 2.2 s apart: read once.
rm -rf "$HPRIV/.local/share/containers/storage/overlay-containers"
big_store vfs $((900 * 1024))
chown -R "$U1:" "$HPRIV"
if [ -x "$LIVE_PROBE" ]; then
	(printf '1 %s\n' "$PID_u1"; sleep 2.2; printf '2 %s\n' "$PID_u1"
	 sleep 2.2; printf '3 %s\n' "$PID_u1") |
		timeout 60 unshare --mount --propagation private sh -c \
		'mount --bind "$1" "$2" && mount --bind "$3" "$4" && shift 4 && exec "$@"' x \
		"$PRIV" "/run/user/$U1ID" "$HPRIV" "$U1HOME" \
		strace -f -qq -e trace=read -o "$T_TMP/live-strace.out" \
		"$LIVE_PROBE" --container >"$T_TMP/live2.out" 2>&1
	n=$(grep -cE 'read\(.*\) = [0-9]{6,}$' "$T_TMP/live-strace.out")
	if [ "$(grep -c "^$PID_u1 " "$T_TMP/live2.out")" -eq 3 ] && [ "$n" -eq 1 ]; then
		ok "hostile files: the live view read the unchanged 900 KiB containers.json once in 3 refreshes"
	else
		not_ok "hostile files: the live view read the unchanged 900 KiB containers.json once in 3 refreshes" \
			"read $n times" "$(cat "$T_TMP/live2.out")"
	fi
else
	not_ok "required: the live-probe test helper ($LIVE_PROBE)"
fi

t_finish
