# shellcheck shell=sh disable=SC2016,SC2317,SC2034
# lib.sh - helpers of nsinspect's integration tests (tests/ts/*.sh).
#
# Sourced by each test script, which run-tests runs with plain sh (dash on
# Debian): POSIX sh only.  Environment, as set by "make check":
#   NSINSPECT  absolute path of the nsinspect binary
#   CAPS_HOLD  absolute path of tests/helpers/caps-hold
#   SCHEMA     docs/nsinspect.schema.json
#   FIXTURES   tests/fixtures
# Run by hand from the build directory, they default to the paths there.
#
# Output is TAP: "ok N - desc", "not ok N - desc" followed by diagnostics
# lines starting with "#", "ok N # SKIP reason".  t_finish prints the plan
# and exits 1 when any test failed.
#
# Everything a script creates (processes, network namespaces, mounts,
# temporary files) is registered here and removed by the EXIT trap, also
# when the script fails or is interrupted.

T_LIBDIR=$(cd "$(dirname "$0")" && pwd)
T_TOP=$(cd "$T_LIBDIR/../.." && pwd)
: "${NSINSPECT:=$T_TOP/nsinspect}"
: "${CAPS_HOLD:=$T_TOP/tests/helpers/caps-hold}"
: "${SCHEMA:=$T_TOP/docs/nsinspect.schema.json}"
: "${FIXTURES:=$T_TOP/tests/fixtures}"
# the build directory, where "make install" runs (make check sets it: in
# a VPATH build such as make distcheck's it is not the source tree)
: "${TOP_BUILDDIR:=$T_TOP}"
export NSINSPECT CAPS_HOLD SCHEMA FIXTURES TOP_BUILDDIR
# Stable output: no colours, no terminal width games, C messages.
LC_ALL=C
export LC_ALL
unset LIBSMARTCOLS_DEBUG LIBSMARTCOLS_JSON 2>/dev/null

T_NUM=0		# tests run so far
T_FAILED=0	# of them failed
T_PIDS=""	# processes to kill (with their descendants) at exit
T_NETNS=""	# network namespaces to delete at exit
T_MOUNTS=""	# mount points to unmount at exit
T_CGROUPS=""	# hand-made cgroups to remove at exit (t_add_cgroup)
T_CLEANED=0
T_NAME="nsi-test-$$"	# unique name for whatever a script creates
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/nsi-test.$$.XXXXXX") || {
	echo "not ok 1 - cannot create a temporary directory"
	exit 1
}

# ---------------------------------------------------------------- TAP

# diag TEXT... - print diagnostics lines ("# ..."), control characters
# made visible.
diag() {
	printf '%s\n' "$*" | cat -v | sed 's/^/# /'
}

# diag_file FILE [LABEL] - print (at most 30 lines of) a file as diagnostics.
diag_file() {
	[ -n "$2" ] && diag "$2:"
	if [ -s "$1" ]; then
		head -n 30 "$1" | cat -v | sed 's/^/#   /'
	else
		diag "  (empty)"
	fi
}

ok() {
	T_NUM=$((T_NUM + 1))
	echo "ok $T_NUM - $*"
}

# not_ok DESC [DIAG...] - a failed test, with one diagnostics line per DIAG.
not_ok() {
	T_NUM=$((T_NUM + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_NUM - $1"
	shift
	for d in "$@"; do
		diag "$d"
	done
}

skip() {
	T_NUM=$((T_NUM + 1))
	echo "ok $T_NUM # SKIP $*"
}

# is ACTUAL EXPECTED DESC - pass when the two strings are equal.
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3" "expected: '$2'" "actual:   '$1'"
	fi
}

# check DESC CMD... - pass when CMD succeeds; else show its output.
check() {
	_chk_d=$1
	shift
	if "$@" >"$T_TMP/check.out" 2>&1; then
		ok "$_chk_d"
	else
		not_ok "$_chk_d" "command failed: $*"
		diag_file "$T_TMP/check.out" "its output"
	fi
}

# t_finish - print the plan and exit (1 when a test failed).
t_finish() {
	echo "1..$T_NUM"
	[ "$T_FAILED" -eq 0 ] && exit 0
	exit 1
}

# ---------------------------------------------------------- requirements

# require_root - print one SKIP line and exit 0 when not root.
require_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "ok 1 # SKIP $(basename "$0") needs root"
		exit 0
	fi
}

# t_pkg_of CMD - the Debian package that provides CMD.
t_pkg_of() {
	case "$1" in
	lsns | unshare | nsenter | setpriv | setsid | mount | umount) echo util-linux ;;
	getpcaps | capsh | getcap | setcap) echo libcap2-bin ;;
	strace) echo strace ;;
	ip) echo iproute2 ;;
	jq) echo jq ;;
	ps) echo procps ;;
	python3) echo python3 ;;
	jsonschema) echo python3-jsonschema ;;
	bash) echo bash ;;
	getent) echo libc-bin ;;
	awk) echo mawk ;;
	stat | cut | join | sort | mktemp | head | tr | od) echo coreutils ;;
	prometheus | promtool) echo prometheus ;;
	prometheus-node-exporter) echo prometheus-node-exporter ;;
	curl) echo curl ;;
	dpkg-buildpackage) echo dpkg-dev ;;
	dh) echo debhelper ;;
	lintian) echo lintian ;;
	readelf) echo binutils ;;
	chroot) echo coreutils ;;
	*) echo "that provides $1" ;;
	esac
}

# require_cmd CMD... - a missing tool is a FAILED test (never a skip: a skip
# would hide a missing install step), and the script stops.  "jsonschema"
# means the Python module of python3.
require_cmd() {
	_missing=0
	for _c in "$@"; do
		if [ "$_c" = jsonschema ]; then
			python3 -c 'import jsonschema' >/dev/null 2>&1 && continue
			not_ok "required: python3 module jsonschema is missing" \
				"install the Debian package python3-jsonschema"
		else
			command -v "$_c" >/dev/null 2>&1 && continue
			not_ok "required: command $_c is missing" \
				"install the Debian package $(t_pkg_of "$_c") (scripts/test-setup installs what the tests need)"
		fi
		_missing=1
	done
	[ "$_missing" -eq 0 ] || t_finish
}

# require_file PATH DESC - a missing build product is a failed test; stop.
require_file() {
	if [ ! -e "$1" ]; then
		not_ok "required: $2 ($1) is missing"
		t_finish
	fi
}

# t_make_install ROOT - "make install DESTDIR=ROOT" of the tree under test:
# a test; when it fails, its output and the script stops.
t_make_install() {
	if make -s -C "$TOP_BUILDDIR" install DESTDIR="$1" >"$T_TMP/install.log" 2>&1; then
		ok "make install DESTDIR=scratch root"
	else
		not_ok "make install DESTDIR=scratch root"
		diag_file "$T_TMP/install.log" "make"
		t_finish
	fi
}

# require_nsinspect - the binary under test must exist.
require_nsinspect() {
	if [ ! -x "$NSINSPECT" ]; then
		not_ok "required: nsinspect binary ($NSINSPECT) is missing"
		t_finish
	fi
}

# -------------------------------------------------------------- running

# run CMD... - run CMD with stdout in $T_TMP/out, stderr in $T_TMP/err and
# its exit status in T_RC.
run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	T_RC=$?
}

# nsi ARGS... - run nsinspect (see run).
nsi() {
	run "$NSINSPECT" "$@"
}

# The lines nsinspect(8) documents (NOTES, "Unreadable namespace links")
# when some processes' namespace links or open files cannot be read: on
# some systems even root may not read those of PID 1.
T_UNREADABLE_RE='^nsinspect: could not (read the namespaces|list the open files) of ([0-9]+ process(es)?|PIDs? [0-9]+((, [0-9]+)* and [0-9]+)?)( \(namespaces they hold by fd or socket may be missing\))?(, nor the open files of [0-9]+)?: [^ ]'

# The line nsinspect(8) documents (NOTES, "In a container") when it runs
# in a PID namespace of its own: some tests run it in one (unshare -p
# --mount-proc) to keep their mounts and processes apart.
T_PIDNS_RE="^nsinspect: not in the host's PID namespace \(pid:\[[0-9]+\]\): only its processes are seen\$"

# The lines nsinspect(8) documents (FILECAPS, LSM) when the file
# capabilities or the LSM label of some processes shown cannot be read:
# where root may not read the links of PID 1, nor its executable.
T_SECURITY_RE='^nsinspect: could not read the (file capabilities of the executable|LSM label) of ([0-9]+ process(es)?|PIDs? [0-9]+((, [0-9]+)* and [0-9]+)?): [^ ]'

# t_unreadable_count FILE - how many processes the line of
# T_UNREADABLE_RE in FILE says it could not read the namespaces of.
t_unreadable_count() {
	sed -n 's/^nsinspect: could not read the namespaces of \([^:]*\)\(, nor .*\)\{0,1\}:.*/\1/p' "$1" |
		sed 's/, nor the open files.*//' |
		awk '/^PID / { print 1; next } /^PIDs / { print gsub(/[0-9]+/, "&"); next } { print $1 + 0 }'
}

# t_unexpected_err FILE - the lines of FILE (stderr of nsinspect) other
# than those documented warnings (unreadable links, not in the host's PID
# namespace).
t_unexpected_err() {
	grep -Ev "$T_UNREADABLE_RE" "$1" | grep -Ev "$T_PIDNS_RE" |
		grep -Ev "$T_SECURITY_RE"
}

# nsi_ok DESC ARGS... - run nsinspect; when it fails (non-zero, or anything
# on stderr but the documented warning about unreadable links) report a
# failed test "DESC" and return 1, else return 0 without printing.  Its
# output is in $T_TMP/out.
nsi_ok() {
	_nsi_d=$1
	shift
	nsi "$@"
	if [ "$T_RC" -ne 0 ] || t_unexpected_err "$T_TMP/err" >/dev/null; then
		not_ok "$_nsi_d" "nsinspect $* exited $T_RC"
		diag_file "$T_TMP/err" "stderr"
		return 1
	fi
	return 0
}

# t_jq FILE JQ-ARGS... - run jq -e on FILE (the filter and options such as
# --arg in any order); true when the filter's last output is true.
t_jq() {
	_f=$1
	shift
	jq -e "$@" "$_f" >/dev/null 2>&1
}

# t_validate FILE - validate FILE against $SCHEMA (python3 jsonschema);
# prints the violations.
t_validate() {
	python3 - "$SCHEMA" "$1" <<'EOF'
import json
import sys

import jsonschema

with open(sys.argv[1]) as f:
    schema = json.load(f)
with open(sys.argv[2]) as f:
    doc = json.load(f)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:5]:
    where = "/".join(str(p) for p in e.path)
    print("schema violation at /%s: %s" % (where, e.message))
sys.exit(1 if errors else 0)
EOF
}

# t_schema_ok DESC FILE - a test DESC: FILE is valid against $SCHEMA; when
# not, its violations (each cut to 300 bytes) as the diagnostic.
t_schema_ok() {
	if t_validate "$2" >"$T_TMP/val.out" 2>&1; then
		ok "$1"
	else
		not_ok "$1"
		cut -c1-300 "$T_TMP/val.out" >"$T_TMP/val.short"
		diag_file "$T_TMP/val.short" "violations (cut)"
	fi
}

# ------------------------------------------------------------ processes

# t_spawn OUTFILE CMD... - start CMD in the background (stdin /dev/null,
# stdout and stderr in OUTFILE), register it for cleanup; its PID is in
# T_SPAWNED.
t_spawn() {
	_o=$1
	shift
	"$@" >"$_o" 2>&1 </dev/null &
	T_SPAWNED=$!
	T_PIDS="$T_PIDS $T_SPAWNED"
}

# t_wait TRIES CMD... - retry CMD every 0.1 s, at most TRIES times.
t_wait() {
	_n=$1
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		_n=$((_n - 1))
		sleep 0.1
	done
	return 1
}

# t_try3 OUT CMD... - run CMD with stdout in OUT, up to 3 times until it
# succeeds (for oracles such as lsns, which can fail when a process exits
# while they read it).
t_try3() {
	_out=$1
	shift
	for _t in 1 2 3; do
		"$@" >"$_out" && return 0
		[ "$_t" -lt 3 ] && sleep 0.1
	done
	return 1
}

# t_comm_is PID NAME - whether the comm of PID is NAME.
t_comm_is() {
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}

# t_children PID - the PIDs of the children of PID, one a line, ascending.
t_children() {
	ps -o pid= --ppid "$1" 2>/dev/null | awk '{print $1}' | sort -n
}

# t_has_child PID - whether PID has a child.
t_has_child() {
	[ -n "$(t_children "$1")" ]
}

# t_descendants PID... - the PIDs and all their descendants.
t_descendants() {
	ps -e -o pid=,ppid= 2>/dev/null | awk -v roots="$*" '
		{ parent[$1] = $2; pids[NR] = $1 }
		END {
			n = split(roots, r, " ")
			for (i = 1; i <= n; i++) keep[r[i]] = 1
			do {
				changed = 0
				for (j = 1; j <= NR; j++) {
					p = pids[j]
					if (!(p in keep) && (parent[p] in keep)) {
						keep[p] = 1
						changed = 1
					}
				}
			} while (changed)
			for (p in keep) print p
		}'
}

# t_kill PID... - kill processes and their descendants now.
t_kill() {
	for _round in 1 2; do
		_all=$(t_descendants "$@")
		[ -n "$_all" ] || break
		# shellcheck disable=SC2086
		kill -KILL $_all 2>/dev/null
	done
	for _p in "$@"; do
		wait "$_p" 2>/dev/null
	done
	return 0
}

# t_fd_netns NAME - a sleep holds /run/netns/NAME (ip netns add NAME
# first) as its fd 0, then NAME is deleted: the network namespace is held
# by that fd only.  Sets FDP (the sleep) and FDINO (the namespace).
t_fd_netns() {
	t_spawn "$T_TMP/fd.out" sh -c "exec sleep 1000 </run/netns/$1"
	FDP=$T_SPAWNED
	t_wait 50 sh -c "[ \"\$(readlink /proc/$FDP/fd/0)\" != \"\$(readlink /proc/self/fd/0)\" ] && readlink /proc/$FDP/fd/0 | grep -q '^net:'"
	FDINO=$(stat -L -c %i "/proc/$FDP/fd/0")
	ip netns del "$1"
}

# t_thread_holder - "$NS_HOLD thread": a process whose one thread is in
# uts and net namespaces of its own.  Sets THP (the process), TID (the
# thread), THUTS and THNET (the thread's namespaces).
t_thread_holder() {
	t_spawn "$T_TMP/thr.out" "$NS_HOLD" thread
	THP=$T_SPAWNED
	t_wait 50 grep -qx ready "$T_TMP/thr.out"
	TID=$(sed -n 's/^thread //p' "$T_TMP/thr.out")
	THUTS=$(stat -L -c %i "/proc/$THP/task/$TID/ns/uts" 2>/dev/null)
	THNET=$(stat -L -c %i "/proc/$THP/task/$TID/ns/net" 2>/dev/null)
}

# t_ns_ino PID TYPE - the inode of /proc/PID/ns/TYPE.
t_ns_ino() {
	stat -L -c %i "/proc/$1/ns/$2" 2>/dev/null
}

# t_unshared TYPE FLAG - start "unshare FLAG sleep 600" (killed at exit)
# and wait until it runs sleep in a new namespace of TYPE: its PID in
# T_SPAWNED, that namespace's inode in T_UNSHARED_INO.
t_unshared() {
	t_spawn "$T_TMP/unshared.out" unshare "$2" sleep 600
	t_wait 50 sh -c "[ \"\$(stat -L -c %i /proc/$T_SPAWNED/ns/$1)\" != \"\$(stat -L -c %i /proc/self/ns/$1)\" ] && [ \"\$(cat /proc/$T_SPAWNED/comm)\" = sleep ]"
	T_UNSHARED_INO=$(t_ns_ino "$T_SPAWNED" "$1")
}

# t_ns_members TYPE INO - "NPROCS LOWESTPID" of the processes whose
# /proc/PID/ns/TYPE is INO, read from /proc (the oracle); "0 -" for none.
t_ns_members() {
	# One stat(1) for all processes; links that cannot be read are skipped.
	stat -L -c '%i %n' /proc/[0-9]*/ns/"$1" 2>/dev/null | awk -v ino="$2" '
		$1 == ino {
			split($2, a, "/")
			n++
			if (min == "" || a[3] + 0 < min) min = a[3] + 0
		}
		END { if (n) print n, min; else print "0 -" }'
}

# ------------------------------------------------------------- cleanup

# t_add_netns NAME - register a network namespace for deletion.
t_add_netns() {
	T_NETNS="$T_NETNS $1"
}

# t_setup DESC CMD... - run a set-up command; when it fails, a failed
# test with its output, and the script stops.
t_setup() {
	_ts_d=$1
	shift
	if ! "$@" >"$T_TMP/setup.out" 2>&1; then
		not_ok "set up: $_ts_d" "command: $*"
		diag_file "$T_TMP/setup.out" "output"
		t_finish
	fi
}

# t_netns_quiet NAME - ip netns add NAME (deleted at exit) with IPv6
# disabled before any interface is made in it: no DAD, router
# solicitation or MLD is sent from it.  Stops the script on failure.
t_netns_quiet() {
	t_add_netns "$1"
	t_setup "ip netns add $1" ip netns add "$1"
	t_setup "disable IPv6 in $1" ip netns exec "$1" sh -c \
		'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6 &&
		 echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6'
}

# t_add_mount PATH - register a mount point for unmounting.
t_add_mount() {
	T_MOUNTS="$1 $T_MOUNTS"
}

t_cleanup() {
	[ "$T_CLEANED" -eq 1 ] && return 0
	T_CLEANED=1
	# shellcheck disable=SC2086
	[ -n "$T_PIDS" ] && t_kill $T_PIDS
	for _m in $T_MOUNTS; do
		umount "$_m" 2>/dev/null || umount -l "$_m" 2>/dev/null
	done
	for _n in $T_NETNS; do
		ip netns del "$_n" 2>/dev/null
	done
	[ -n "$T_CGROUPS" ] && t_rm_cgroups
	[ -n "$T_TMP" ] && rm -rf "$T_TMP"
	return 0
}

trap 't_cleanup' EXIT
trap 't_cleanup; exit 129' HUP
trap 't_cleanup; exit 130' INT
trap 't_cleanup; exit 143' TERM

# ------------------------------------- containers and links (docker.sh,
# netdetail.sh, nsinfo.sh)

# The image scripts/docker-testbed builds (docker import of a busybox-static
# rootfs: no registry is ever used).
T_IMAGE=nsinspect-test/busybox
T_CONTAINERS=""		# docker containers to remove at exit
T_DOCKER_NETS=""	# docker networks to remove at exit (after them)
T_LINKS=""		# links of this network namespace to delete at exit
T_CLEANED2=0
T_TRAP2=0

# t_cleanup2 - remove the containers, docker networks and links, then
# everything t_cleanup removes.
t_cleanup2() {
	if [ "$T_CLEANED2" -eq 0 ]; then
		T_CLEANED2=1
		# shellcheck disable=SC2086
		[ -n "$T_CONTAINERS" ] && docker rm -f $T_CONTAINERS >/dev/null 2>&1
		for _n in $T_DOCKER_NETS; do
			docker network rm "$_n" >/dev/null 2>&1
		done
		for _l in $T_LINKS; do
			ip link del "$_l" 2>/dev/null
		done
	fi
	t_cleanup
}

# t_trap2 - make the exit traps run t_cleanup2 (once; the t_add_* below
# call it).
t_trap2() {
	[ "$T_TRAP2" -eq 1 ] && return 0
	T_TRAP2=1
	trap 't_cleanup2' EXIT
	trap 't_cleanup2; exit 129' HUP
	trap 't_cleanup2; exit 130' INT
	trap 't_cleanup2; exit 143' TERM
}

# t_add_container NAME - register a docker container for docker rm -f.
t_add_container() {
	t_trap2
	T_CONTAINERS="$T_CONTAINERS $1"
}

# t_add_docker_net NAME - register a docker network for docker network rm.
t_add_docker_net() {
	t_trap2
	T_DOCKER_NETS="$T_DOCKER_NETS $1"
}

# t_add_link NAME - register a link of this network namespace for
# ip link del (its veth peer goes with it).
t_add_link() {
	t_trap2
	T_LINKS="$T_LINKS $1"
}

# t_docker_start KEY NAME DOCKER-RUN-OPTIONS... - docker run -d NAME
# sleep 600 from $T_IMAGE (registered for removal); on success set C_KEY
# (name), PID_KEY, ID_KEY, SHORT_KEY (12 hex) and IMAGE_KEY, and keep
# docker inspect in $T_TMP/KEY.json.  Its stderr is in $T_TMP/run.err.
t_docker_start() {
	_k=$1
	_n=$2
	shift 2
	t_add_container "$_n"
	docker run -d --name "$_n" "$@" "$T_IMAGE" sleep 600 \
		>"$T_TMP/run.out" 2>"$T_TMP/run.err" </dev/null || return 1
	docker inspect "$_n" >"$T_TMP/$_k.json" 2>>"$T_TMP/run.err" || return 1
	_pid=$(jq -r '.[0].State.Pid' "$T_TMP/$_k.json")
	_id=$(jq -r '.[0].Id' "$T_TMP/$_k.json")
	_img=$(jq -r '.[0].Config.Image' "$T_TMP/$_k.json")
	[ "$_pid" -gt 0 ] 2>/dev/null && [ -n "$(t_ns_ino "$_pid" net)" ] || return 1
	eval "C_$_k=\$_n PID_$_k=\$_pid ID_$_k=\$_id IMAGE_$_k=\$_img"
	eval "SHORT_$_k=\$(echo \"\$_id\" | cut -c1-12)"
}

# require_docker - docker, an answering daemon and the image $T_IMAGE must
# be there: anything missing is a FAILED test (never a skip, which would
# hide a missing set-up step) telling to run scripts/test-setup, and
# the script stops.
require_docker() {
	if ! command -v docker >/dev/null 2>&1; then
		not_ok "required: command docker is missing" \
			"run scripts/test-setup as root (installs docker.io and busybox-static, starts dockerd, builds $T_IMAGE)"
		t_finish
	fi
	if ! docker info >"$T_TMP/docker-info.out" 2>&1; then
		not_ok "required: no Docker daemon answers (docker info fails)" \
			"run scripts/test-setup as root (starts dockerd)"
		diag_file "$T_TMP/docker-info.out" "docker info"
		t_finish
	fi
	if ! docker image inspect "$T_IMAGE" >/dev/null 2>&1; then
		not_ok "required: the local image $T_IMAGE is missing" \
			"run scripts/test-setup as root (builds it with docker import; never docker pull)"
		t_finish
	fi
}

# t_status PID FIELD - the value of "FIELD:" in /proc/PID/status.
t_status() {
	awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/status" 2>/dev/null
}

# t_cap_names HEX - the names of the capabilities of a mask (as
# /proc/PID/status prints it), decoded by capsh: one a line, sorted.
t_cap_names() {
	capsh --decode="$1" 2>/dev/null | sed 's/^[^=]*=//' | tr ',' '\n' |
		grep -v '^$' | sort
}

# t_ns_types PID - "TYPE INODE" of each namespace in /proc/PID/ns (not the
# *_for_children links), one a line, sorted.
t_ns_types() {
	for _t in mnt net pid user uts ipc cgroup time; do
		_i=$(t_ns_ino "$1" "$_t")
		[ -n "$_i" ] && echo "$_t $_i"
	done | sort
}

# t_nft_rules [PID] - the number of nftables rules in the network
# namespace of PID (default: ours), as nft -j list ruleset reports them.
t_nft_rules() {
	if [ -n "${1:-}" ]; then
		nsenter -t "$1" -n nft -j list ruleset
	else
		nft -j list ruleset
	fi 2>/dev/null | jq '[.nftables[]? | select(has("rule"))] | length'
}

# t_nft_rules_ns NAME - the same for the network namespace "ip netns" NAME.
t_nft_rules_ns() {
	ip netns exec "$1" nft -j list ruleset 2>/dev/null |
		jq '[.nftables[]? | select(has("rule"))] | length'
}

# require_cmd_pkg PKG CMD... - as require_cmd, for commands t_pkg_of does
# not know: the message names the Debian package PKG.
require_cmd_pkg() {
	_pkg=$1
	shift
	_missing=0
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 && continue
		not_ok "required: command $_c is missing" "install the Debian package $_pkg (scripts/test-setup installs what the tests need)"
		_missing=1
	done
	[ "$_missing" -eq 0 ] || t_finish
}

# ------------------------------------------- the live view in tmux (tui.sh)
#
# A private tmux server (tmux -L nsi-PID), killed at exit; one session at a
# time, T_TUI_S, started by t_tui_start.  The screen is read with
# capture-pane: $T_TMP/screen (text) and $T_TMP/screen.e (with -e: the
# attributes as SGR escapes).

T_TMUX_SOCK="nsi-$$"
T_TMUX_USED=0
T_TUI_S=""
T_TUI_N=0

# t_tmux ARGS... - tmux on the private server (also when the tests run
# inside another tmux).
t_tmux() {
	env -u TMUX tmux -L "$T_TMUX_SOCK" "$@"
}

# t_tmux_kill - kill the private tmux server (and what runs in it).
t_tmux_kill() {
	[ "$T_TMUX_USED" -eq 1 ] && t_tmux kill-server >/dev/null 2>&1
	T_TMUX_USED=0
	return 0
}

# t_tmux_trap - make the exit traps kill the tmux server, then run
# t_cleanup.
t_tmux_trap() {
	trap 't_tmux_kill; t_cleanup' EXIT
	trap 't_tmux_kill; t_cleanup; exit 129' HUP
	trap 't_tmux_kill; t_cleanup; exit 130' INT
	trap 't_tmux_kill; t_cleanup; exit 143' TERM
}

# t_tui_start W H CMD - a new session of W x H running "CMD; echo
# EXITED:$?; sleep 600" (the pane stays to be read); the previous session
# is killed once the new one is there.  A server whose last session was
# killed exits on its own, and a new-session that reaches it meanwhile
# fails ("server exited unexpectedly": no session, an empty screen): it
# is tried again, up to 5 times 0.2 s apart.  Its name is in T_TUI_S.
t_tui_start() {
	_tts_old=$T_TUI_S
	T_TUI_N=$((T_TUI_N + 1))
	T_TUI_S="s$T_TUI_N"
	T_TMUX_USED=1
	for _tts_try in 1 2 3 4 5; do
		t_tmux -f /dev/null new-session -d -s "$T_TUI_S" -x "$1" \
			-y "$2" "$3; echo EXITED:\$?; sleep 600" && break
		sleep 0.2
	done
	[ -n "$_tts_old" ] && t_tmux kill-session -t "$_tts_old" >/dev/null 2>&1
	return 0
}

# t_tui_keys KEY... - send tmux key names (Down, Enter, C-c, ...).
t_tui_keys() {
	t_tmux send-keys -t "$T_TUI_S" "$@"
}

# t_tui_type TEXT - type TEXT literally.
t_tui_type() {
	t_tmux send-keys -t "$T_TUI_S" -l "$1"
}

# t_tui_screen - capture the pane into $T_TMP/screen and, with
# attributes, $T_TMP/screen.e.
t_tui_screen() {
	t_tmux capture-pane -p -t "$T_TUI_S" >"$T_TMP/screen" 2>/dev/null
	t_tmux capture-pane -p -e -t "$T_TUI_S" >"$T_TMP/screen.e" 2>/dev/null
}

# t_tui_wait TENTHS CMD... - capture the screen every 0.1 s until CMD
# (which reads $T_TMP/screen*) succeeds, at most TENTHS times.  The last
# capture stays in $T_TMP/screen.
t_tui_wait() {
	_tw_n=$1
	shift
	while [ "$_tw_n" -gt 0 ]; do
		t_tui_screen
		"$@" >/dev/null 2>&1 && return 0
		_tw_n=$((_tw_n - 1))
		sleep 0.1
	done
	return 1
}

# t_tui_has ERE - whether the screen has a line matching ERE.
t_tui_has() {
	grep -Eq -- "$1" "$T_TMP/screen"
}

# t_tui_hasnt ERE - whether no line of the screen matches ERE.
t_tui_hasnt() {
	! grep -Eq -- "$1" "$T_TMP/screen"
}

# t_tui_await TENTHS ERE - wait until the screen has a line matching ERE.
t_tui_await() {
	t_tui_wait "$1" t_tui_has "$2"
}

# t_tui_await_not TENTHS ERE - wait until no line matches ERE.
t_tui_await_not() {
	t_tui_wait "$1" t_tui_hasnt "$2"
}

# t_tui_plain_e - $T_TMP/screen.e without its SGR escapes, on stdout.
t_tui_plain_e() {
	awk '{ gsub(/\033\[[0-9;:]*m/, ""); print }' "$T_TMP/screen.e"
}

# t_tui_selected [FIRST] - "LINE<TAB>TEXT" of the first line from FIRST
# (1-based, default 6: the first row) whose first character is shown in
# reverse video, read from $T_TMP/screen.e; nothing when there is none.
# The attribute state carries from line to line, as in the capture.
t_tui_selected() {
	awk -v from="${1:-6}" '
	function sgr(params,   n, p, k) {
		n = split(params, p, ";")
		if (n == 0) { rev = 0; return }
		for (k = 1; k <= n; k++) {
			if (p[k] == "" || p[k] + 0 == 0 || p[k] + 0 == 27)
				rev = 0
			else if (p[k] + 0 == 7)
				rev = 1
			else if (p[k] + 0 == 38 || p[k] + 0 == 48)
				k += (p[k + 1] + 0 == 5) ? 2 : 4
		}
	}
	BEGIN { rev = 0 }
	{
		line = $0; text = ""; first = -1
		while ((i = index(line, "\033[")) > 0) {
			pre = substr(line, 1, i - 1)
			if (pre != "" && first < 0)
				first = rev
			text = text pre
			rest = substr(line, i + 2)
			if (match(rest, /^[0-9;:]*m/)) {
				sgr(substr(rest, 1, RLENGTH - 1))
				line = substr(rest, RLENGTH + 1)
			} else {
				line = rest
			}
		}
		if (line != "" && first < 0)
			first = rev
		text = text line
		if (NR >= from && first == 1) {
			print NR "\t" text
			exit
		}
	}' "$T_TMP/screen.e"
}

# t_tui_line N - line N (1-based) of $T_TMP/screen.
t_tui_line() {
	sed -n "${1}p" "$T_TMP/screen"
}

# t_nft_host_match DESC JQ ARGS... - run nsinspect ARGS (JSON) and check
# that the number JQ extracts (given --argjson h <host net inode>) equals
# the host's nft rule count, when nft counts the same just before and
# just after nsinspect (other programs may change rules); up to 3 tries.
t_nft_host_match() {
	_d=$1 _q=$2
	shift 2
	_try=1
	while :; do
		_n1=$(t_nft_rules)
		"$NSINSPECT" "$@" >"$T_TMP/nft-match.json" 2>/dev/null
		_n2=$(t_nft_rules)
		_got=$(jq -c --argjson h "$HOST_NET" "$_q" "$T_TMP/nft-match.json" 2>&1)
		if [ "$_n1" = "$_n2" ] && [ "$_got" = "$_n1" ]; then
			ok "$_d ($_n1, try $_try)"
			return 0
		fi
		if [ "$_try" -ge 3 ]; then
			not_ok "$_d" "nft before $_n1, after $_n2; nsinspect $_got"
			return 1
		fi
		_try=$((_try + 1))
		sleep 0.2
	done
}

# t_ip_ifaces_shape - the interfaces in $T_TMP/iplink.json and
# $T_TMP/ipaddr.json (ip -j -d link, ip -j addr) in the shape of
# nsinspect --detail's JSON (addresses sorted), sorted by name.
t_ip_ifaces_shape() {
	jq -c --slurpfile a "$T_TMP/ipaddr.json" '[.[] | . as $l | {
		name: .ifname, ifindex,
		kind: (if (.flags | index(["LOOPBACK"])) then "loopback"
		       else (.linkinfo.info_kind // "device") end),
		operstate, mac: (.address // ""),
		addresses: ([$a[0][] | select(.ifindex == $l.ifindex) | .addr_info[] |
			"\(.local)/\(.prefixlen)"] | sort)}] | sort_by(.name)' "$T_TMP/iplink.json"
}

# ------------------------------------------------ containerd (containerd.sh)
#
# ctr against the containerd of the test bed (dockerd's own: no system
# containerd here, docs/engines-notes.md), in namespaces of the script's
# own, removed at exit with their containers, tasks and images; and the
# cgroup directories those containers' --cgroup made, removed from every
# hierarchy (runc removes the container's own, not its parents).

T_CTR_SOCK=/var/run/docker/containerd/containerd.sock
T_CTR_IMAGE=docker.io/nsinspect-test/busybox:latest	# in nsinspect-test
T_CTR_NS=""	# ctr namespaces to empty and remove at exit
T_CTR_CGROUPS=""	# cgroup directories to rmdir at exit, deepest first
T_CLEANED3=0

# t_ctr NAMESPACE ARGS... - ctr on $T_CTR_SOCK in NAMESPACE, at most 30 s.
t_ctr() {
	_ns=$1
	shift
	timeout 30 ctr -a "$T_CTR_SOCK" -n "$_ns" "$@"
}

# t_cleanup3 - remove the ctr namespaces and cgroup directories, then what
# t_cleanup2 removes.
t_cleanup3() {
	if [ "$T_CLEANED3" -eq 0 ]; then
		T_CLEANED3=1
		for _ns in $T_CTR_NS; do
			for _c in $(t_ctr "$_ns" containers ls -q 2>/dev/null); do
				t_ctr "$_ns" tasks rm -f "$_c" >/dev/null 2>&1
				t_ctr "$_ns" containers rm "$_c" >/dev/null 2>&1
			done
			for _i in $(t_ctr "$_ns" images ls -q 2>/dev/null); do
				t_ctr "$_ns" images rm "$_i" >/dev/null 2>&1
			done
			# its content is collected in the background: retry
			t_wait 40 timeout 10 ctr -a "$T_CTR_SOCK" namespaces rm "$_ns"
		done
		for _d in $T_CTR_CGROUPS; do
			for _h in /sys/fs/cgroup /sys/fs/cgroup/*; do
				[ -d "$_h$_d" ] && rmdir "$_h$_d" 2>/dev/null
			done
		done
	fi
	t_cleanup2
}

# t_trap3 - make the exit traps run t_cleanup3.
t_trap3() {
	trap 't_cleanup3' EXIT
	trap 't_cleanup3; exit 129' HUP
	trap 't_cleanup3; exit 130' INT
	trap 't_cleanup3; exit 143' TERM
}

# t_add_ctr_ns NAMESPACE - register a ctr namespace of the script's own.
t_add_ctr_ns() {
	t_trap3
	T_CTR_NS="$T_CTR_NS $1"
}

# t_add_cgroup_path PATH - before something makes cgroup PATH ("/a/b/c"),
# register each level of it that no hierarchy has yet (deepest first).
t_add_cgroup_path() {
	t_trap3
	_p=""
	for _c in $(echo "$1" | tr '/' ' '); do
		_p="$_p/$_c"
		_had=0
		for _h in /sys/fs/cgroup /sys/fs/cgroup/*; do
			[ -d "$_h$_p" ] && _had=1
		done
		[ "$_had" -eq 0 ] && T_CTR_CGROUPS="$_p $T_CTR_CGROUPS"
	done
}

# require_ctr - ctr, an answering containerd at $T_CTR_SOCK and the image
# $T_CTR_IMAGE in its namespace nsinspect-test (scripts/docker-testbed
# imports it): anything missing is a FAILED test, and the script stops.
require_ctr() {
	if ! command -v ctr >/dev/null 2>&1; then
		not_ok "required: command ctr is missing" \
			"run scripts/test-setup as root (containerd)"
		t_finish
	fi
	if ! t_ctr nsinspect-test images ls -q >"$T_TMP/ctr-images" 2>&1; then
		not_ok "required: no containerd answers at $T_CTR_SOCK" \
			"run scripts/test-setup as root (starts dockerd)"
		diag_file "$T_TMP/ctr-images" "ctr images ls"
		t_finish
	fi
	if ! grep -qx "$T_CTR_IMAGE" "$T_TMP/ctr-images"; then
		not_ok "required: image $T_CTR_IMAGE is missing in ctr namespace nsinspect-test" \
			"run scripts/test-setup as root (imports it with ctr)"
		t_finish
	fi
}

# ------------------------------- hand-made cgroups (lxc.sh, nspawn.sh):
# the layouts of engines that need systemd, made by hand as
# docs/engines-notes.md shows

# t_cgroup_roots - the hierarchies a hand-made cgroup goes in, one a line:
# name=systemd and the unified one on a hybrid host, /sys/fs/cgroup on a
# pure cgroup v2 host (nsinspect prefers the v2 line, else the first v1
# line that names a container).
t_cgroup_roots() {
	if [ -f /sys/fs/cgroup/cgroup.procs ]; then
		echo /sys/fs/cgroup
		return 0
	fi
	for _h in systemd unified; do
		[ -f "/sys/fs/cgroup/$_h/cgroup.procs" ] && echo "/sys/fs/cgroup/$_h"
	done
}

# t_add_cgroup REL - make the cgroup REL ("a/b/c", no leading slash) in
# each of t_cgroup_roots, and register each level this made (never one
# that was there: another may use it) for removal at exit.
t_add_cgroup() {
	for _r in $(t_cgroup_roots); do
		_d=$_r
		_old_ifs=$IFS
		IFS=/
		for _c in $1; do
			IFS=$_old_ifs
			_d="$_d/$_c"
			if [ ! -d "$_d" ]; then
				mkdir "$_d" || return 1
				T_CGROUPS="$_d
$T_CGROUPS"
			fi
		done
		IFS=$_old_ifs
	done
}

# t_register_cgroup REL - register the cgroup REL, made by an engine in a
# hand-made one (nspawn's payload and supervisor), for removal at exit.
t_register_cgroup() {
	for _r in $(t_cgroup_roots); do
		T_CGROUPS="$_r/$1
$T_CGROUPS"
	done
}

# t_cgroup_exec REL CMD... - exec CMD in the hand-made cgroup REL of every
# root (the shell moves itself there first); for t_spawn.
t_cgroup_exec() {
	_rel=$1
	shift
	# shellcheck disable=SC2086
	exec sh -c 'for r in $1; do echo $$ >"$r/$2/cgroup.procs" || exit 1
		done; shift 2; exec "$@"' x "$(t_cgroup_roots)" "$_rel" "$@"
}

# t_rm_cgroups - remove the registered cgroups, latest (deepest) first,
# each retried for 5 s while its processes exit.
t_rm_cgroups() {
	_old_ifs=$IFS
	IFS='
'
	for _d in $T_CGROUPS; do
		[ -d "$_d" ] || continue
		_n=50
		while ! rmdir "$_d" 2>/dev/null && [ "$_n" -gt 0 ]; do
			_n=$((_n - 1))
			sleep 0.1
		done
	done
	IFS=$_old_ifs
	T_CGROUPS=""
}

# t_cgroup_members CGPATH - the PIDs (ascending) whose cgroup v2 line
# ("0::") or name=systemd line is exactly CGPATH (as /proc/PID/cgroup
# shows it, escapes and all).
t_cgroup_members() {
	grep -H '' /proc/[0-9]*/cgroup 2>/dev/null | CG=$1 awk '{
		f = index($0, ":")
		pid = substr($0, 7, f - 14)	# "/proc/PID/cgroup:"
		line = substr($0, f + 1)
		i = index(line, ":")
		rest = substr(line, i + 1)
		j = index(rest, ":")
		ctl = substr(rest, 1, j - 1)
		if (substr(rest, j + 1) == ENVIRON["CG"] &&
		    ((substr(line, 1, i - 1) == "0" && ctl == "") ||
		     ctl == "name=systemd"))
			print pid
	}' | sort -un
}

# t_check_named RUNTIME NAME PID MEMBERS - the checks every engine whose ID
# is the name (lxc, nspawn, libvirt) passes: container NAME of RUNTIME,
# whose processes are MEMBERS (PIDs, one a line, ascending; PID one of
# them), is shown "NAME (RUNTIME)", whole, in the default view (table and
# JSON) for each namespace of PID that is not kthreadd's, by --container
# NAME, --caps, --caps --container NAME (JSON too, valid against the
# schema) and --audit --container NAME (which judges its lowest PID).
t_check_named() {
	_rt=$1 _nm=$2 _pid=$3 _mem=$4
	_txt="$_nm ($_rt)"
	_own=""
	for _t in mnt uts ipc pid net cgroup; do
		_i=$(t_ns_ino "$_pid" "$_t")
		[ -n "$_i" ] && [ "$_i" != "$(t_ns_ino 2 "$_t")" ] &&
			_own="$_own $_i"
	done
	[ -n "$_own" ] || not_ok "$_rt $_nm: has namespaces of its own"

	if nsi_ok "$_rt $_nm: default view runs" -o NS,CONTAINER; then
		_bad=""
		for _i in $_own; do
			_c=$(awk -v i="$_i" '$1 == i { $1 = ""; sub(/^ +/, "")
				print; exit }' "$T_TMP/out")
			[ "$_c" = "$_txt" ] || _bad="$_bad $_i:'$_c'"
		done
		is "$_bad" "" "$_rt $_nm: default view: CONTAINER of its namespaces is '$_txt'"
	fi
	if nsi_ok "$_rt $_nm: default view -J runs" -J; then
		_bad=""
		for _i in $_own; do
			t_jq "$T_TMP/out" --argjson i "$_i" --arg n "$_nm" \
				--arg r "$_rt" '[.namespaces[] | select(.ns == $i) |
				.container | .runtime == $r and .id == $n and
				.name == $n and .names == [$n]] == [true]' ||
				_bad="$_bad $_i"
		done
		is "$_bad" "" "$_rt $_nm: default view -J: runtime, id, name and names of its namespaces"
	fi
	if nsi_ok "$_rt $_nm: --container NAME runs" --container "$_nm" -o NS,CONTAINER; then
		_bad=""
		for _i in $_own; do
			grep -q "^ *$_i " "$T_TMP/out" || _bad="$_bad $_i"
		done
		is "$_bad" "" "$_rt $_nm: --container NAME lists its namespaces"
	fi
	if nsi_ok "$_rt $_nm: --caps runs" --caps -o PID,CONTAINER; then
		_c=$(awk -v p="$_pid" '$1 == p { $1 = ""; sub(/^ +/, "")
			print; exit }' "$T_TMP/out")
		is "$_c" "$_txt" "$_rt $_nm: --caps: CONTAINER of PID $_pid"
	fi
	if nsi_ok "$_rt $_nm: --caps --container NAME runs" --caps \
		--container "$_nm" -o PID --noheadings; then
		is "$(awk '{ print $1 }' "$T_TMP/out" | sort -n | tr '\n' ' ')" \
			"$(echo "$_mem" | tr '\n' ' ')" \
			"$_rt $_nm: --caps --container NAME: its processes (from its cgroup)"
	fi
	if nsi_ok "$_rt $_nm: --caps -J --container NAME runs" --caps -J \
		--container "$_nm"; then
		if t_jq "$T_TMP/out" --arg n "$_nm" --arg r "$_rt" \
			'[.processes[].container | .runtime == $r and .id == $n
			and .name == $n and .names == [$n]] | length > 0 and all'; then
			ok "$_rt $_nm: --caps -J --container NAME: runtime, id, name, names"
		else
			not_ok "$_rt $_nm: --caps -J --container NAME: runtime, id, name, names"
			diag_file "$T_TMP/out" "output"
		fi
		cp "$T_TMP/out" "$T_TMP/named.json"
		t_schema_ok "$_rt $_nm: --caps -J is valid" "$T_TMP/named.json"
	fi
	if nsi_ok "$_rt $_nm: --audit --container NAME runs" --audit \
		--container "$_nm"; then
		is "$(awk '$1 == "container" { $1 = ""; sub(/^ +/, ""); print }' \
			"$T_TMP/out")" "$_txt" "$_rt $_nm: --audit: its container"
		is "$(awk '$1 == "process" { print $2 }' "$T_TMP/out")" \
			"$(echo "$_mem" | head -n 1)" \
			"$_rt $_nm: --audit --container NAME: its lowest PID"
	fi
}
