#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# docker-corners.sh - Docker's corner cases, live, compared with docker ps
# --no-trunc and docker inspect:
#  - a container under a --cgroup-parent of the user's (cgroupfs driver:
#    /PARENT/ID, no "docker" in the path: dockerd's list claims it);
#  - a container listed under two names (another one --link's it): found
#    by each, shown with both (JSON "names");
#  - a host process with a LOWER PID than the container's that entered
#    some of its namespaces (nsenter: net, uts, ipc; or mnt and net): the
#    namespaces stay the container's, the container is not hidden, and
#    the row shows the container's process, whatever PID is lowest.
#  - the live view names it, and still does refreshes later;
#  - --container NAME when the engine cannot be asked: one line that says
#    which engine and why, in every view.
#
# Needs scripts/docker-testbed (docker.io, a running dockerd and the local
# image nsinspect-test/busybox); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq awk grep sort nsenter python3 jsonschema
require_nsinspect
require_docker
require_cmd_pkg tmux tmux
t_tmux_trap

P=nsi13c-$$

# start KEY NAME DOCKER-RUN-OPTIONS... - t_docker_start (lib.sh).
start() {
	t_docker_start "$@"
}

# ps_names ID - the names docker ps --no-trunc shows for container ID.
ps_names() {
	docker ps --no-trunc --filter "id=$1" --format '{{.Names}}'
}

# own_ns PID - the inodes of the namespaces of PID that are not kthreadd's.
own_ns() {
	for _t in mnt uts ipc pid net; do
		_i=$(t_ns_ino "$1" "$_t")
		[ -n "$_i" ] && [ "$_i" != "$(t_ns_ino 2 "$_t")" ] && echo "$_i"
	done
}

# check_docker KEY TEXT - container KEY as every view shows it: CONTAINER
# cell TEXT in the default view (its namespaces, whose row is its own
# process) and --caps; JSON runtime, full ID, name, image; --container by
# name, full ID and ID prefix; --caps --container; --audit --container.
check_docker() {
	_k=$1 _txt=$2
	eval "_n=\$C_$_k _pid=\$PID_$_k _id=\$ID_$_k _img=\$IMAGE_$_k"
	_own=$(own_ns "$_pid")
	if nsi_ok "$_n: default view runs" -o NS,PID,CONTAINER; then
		_bad=""
		for _i in $_own; do
			_c=$(awk -v i="$_i" '$1 == i { $1 = ""; sub(/^ +/, "")
				print; exit }' "$T_TMP/out")
			[ "$_c" = "$_pid $_txt" ] || _bad="$_bad $_i:'$_c'"
		done
		is "$_bad" "" "$_n: default view: its namespaces' row is PID $_pid, CONTAINER '$_txt'"
	fi
	if nsi_ok "$_n: default view -J runs" -J; then
		_bad=""
		for _i in $_own; do
			t_jq "$T_TMP/out" --argjson i "$_i" --arg id "$_id" \
				--arg n "$_n" --arg img "$_img" --argjson p "$_pid" \
				'[.namespaces[] | select(.ns == $i) | .pid == $p and
				(.container | .runtime == "docker" and .id == $id and
				.name == $n and .image == $img)] == [true]' ||
				_bad="$_bad $_i"
		done
		is "$_bad" "" "$_n: default view -J: runtime, full ID, name, image and PID of its namespaces"
		cp "$T_TMP/out" "$T_TMP/corner.json"
		t_schema_ok "$_n: default view -J is valid" "$T_TMP/corner.json"
	fi
	for _what in "$_n" "$_id" "$(echo "$_id" | cut -c1-8)"; do
		if nsi_ok "$_n: --container $_what runs" --container "$_what" \
			-o NS --noheadings; then
			_bad=""
			for _i in $_own; do
				grep -qx " *$_i" "$T_TMP/out" || _bad="$_bad $_i"
			done
			is "$_bad" "" "$_n: --container $_what lists its namespaces"
		fi
	done
	if nsi_ok "$_n: --caps runs" --caps -o PID,CONTAINER; then
		is "$(awk -v p="$_pid" '$1 == p { $1 = ""; sub(/^ +/, "")
			print; exit }' "$T_TMP/out")" "$_txt" "$_n: --caps: CONTAINER of PID $_pid"
	fi
	if nsi_ok "$_n: --caps --container runs" --caps --container "$_n" \
		-o PID --noheadings; then
		is "$(awk '{ print $1 }' "$T_TMP/out" | tr '\n' ' ')" "$_pid " \
			"$_n: --caps --container: its process"
	fi
	if nsi_ok "$_n: --audit --container runs" --audit --container "$_n"; then
		is "$(awk '$1 == "container" { $1 = ""; sub(/^ +/, ""); print }' \
			"$T_TMP/out")" "$_txt" "$_n: --audit: its container"
		is "$(awk '$1 == "image" { print $2 }' "$T_TMP/out")" "$_img" \
			"$_n: --audit: its image"
		_bad=$(grep -E '^\|-(mnt|net|uts|ipc|pid) ' "$T_TMP/out" |
			grep -v ' own$')
		is "$_bad" "" "$_n: --audit: mnt, net, uts, ipc, pid its own"
	fi
}

# ----------------------------------------------- a --cgroup-parent

PARENT="$P-parent"
for _h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
	[ -f "$_h/cgroup.procs" ] && [ ! -d "$_h$PARENT" ] &&
		T_CGROUPS="$_h$PARENT
$T_CGROUPS"
done
if start par "$P-par" --cgroup-parent "/$PARENT"; then
	is "$(grep '^0::' "/proc/$PID_par/cgroup")" "0::/$PARENT/$ID_par" \
		"--cgroup-parent: the cgroup is /$PARENT/ID"
	check_docker par "$C_par (docker $SHORT_par)"
else
	not_ok "set up: docker run --cgroup-parent /$PARENT"
	diag_file "$T_TMP/run.err" "docker"
fi

# -------------------------------------------------- two names (--link)

if start linked "$P-linked" && start linker "$P-linker" \
	--link "$P-linked:alias"; then
	NAMES=$(ps_names "$ID_linked")
	is "$(echo "$NAMES" | tr ',' '\n' | sort | tr '\n' ' ')" \
		"$(printf '%s\n' "$P-linked" "$P-linker/alias" | sort | tr '\n' ' ')" \
		"--link: docker ps --no-trunc lists the linked one under two names"
	check_docker linked "$NAMES (docker $SHORT_linked)"
	check_docker linker "$P-linker (docker $SHORT_linker)"
	if nsi_ok "--container LINKER/ALIAS runs" --container "$P-linker/alias" \
		-o NS --noheadings; then
		_bad=""
		for _i in $(own_ns "$PID_linked"); do
			grep -qx " *$_i" "$T_TMP/out" || _bad="$_bad $_i"
		done
		is "$_bad" "" "--container LINKER/ALIAS: the linked one's namespaces"
	fi
	if nsi_ok "--caps -J --container LINKER/ALIAS runs" --caps -J \
		--container "$P-linker/alias"; then
		if t_jq "$T_TMP/out" --arg id "$ID_linked" --arg n "$P-linked" \
			--argjson names "$(echo "$NAMES" | tr ',' '\n' | jq -R . | jq -sc .)" \
			'.processes[0].container | .id == $id and .name == $n and
			(.names | sort) == ($names | sort)'; then
			ok "--caps -J: name is its own, names every name"
		else
			not_ok "--caps -J: name is its own, names every name"
			diag_file "$T_TMP/out" "output"
		fi
	fi
else
	not_ok "set up: docker run --link"
	diag_file "$T_TMP/run.err" "docker"
fi

# ----------------------- a host process with a lower PID entered its ns

# waiter KEY NSENTER-OPTIONS... - a host sh, started now (so its PID is
# lower than a container's started later), which waits for a PID in
# $T_TMP/KEY.pid and then execs nsenter -t PID OPTIONS sleep 600: the
# same PID, now in some of the container's namespaces.  Sets W_KEY.
waiter() {
	_k=$1
	shift
	t_spawn "$T_TMP/w-$_k.out" sh -c 'i=0
		while [ ! -s "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
		f=$1; shift
		exec nsenter -t "$(cat "$f")" "$@" sleep 600' x "$T_TMP/$_k.pid" "$@"
	eval "W_$_k=\$T_SPAWNED"
}

# entered KEY TYPES... - waiter KEY is in container KEY's TYPES.
entered() {
	_k=$1
	shift
	eval "_w=\$W_$_k _p=\$PID_$_k"
	for _t in "$@"; do
		[ "$(t_ns_ino "$_w" "$_t")" = "$(t_ns_ino "$_p" "$_t")" ] || return 1
	done
	t_comm_is "$_w" sleep
}

for spec in "low1 -n -u -i" "low2 -m -n"; do
	# shellcheck disable=SC2086
	set -- $spec
	k=$1
	shift
	types=$(echo "$*" | sed 's/-m/mnt/; s/-n/net/; s/-u/uts/; s/-i/ipc/')
	waiter "$k" "$@"
	if ! start "$k" "$P-$k"; then
		not_ok "set up: docker run $P-$k"
		diag_file "$T_TMP/run.err" "docker"
		continue
	fi
	eval "echo \$PID_$k" >"$T_TMP/$k.pid"
	eval "w=\$W_$k p=\$PID_$k n=\$C_$k short=\$SHORT_$k"
	# shellcheck disable=SC2086
	if ! t_wait 100 entered "$k" $types; then
		not_ok "set up: host PID $w entered $types of $n"
		continue
	fi
	check "set up: host PID $w is lower than the container's $p" \
		[ "$w" -lt "$p" ]
	check_docker "$k" "$n (docker $short)"
	if nsi_ok "$n: --audit -p host process runs" --audit -p "$w"; then
		is "$(awk '$1 == "container" { $1 = ""; sub(/^ +/, ""); print }' \
			"$T_TMP/out")" "none (host)" "$n: --audit -p $w: on the host"
		is "$(awk '$1 == "|-net" { $1 = $2 = ""; sub(/^ +/, ""); print }' \
			"$T_TMP/out")" "shared with $n (docker $short)" \
			"$n: --audit -p $w: its net namespace is the container's"
	fi
	if nsi_ok "$n: --caps -J -p host process runs" --caps -J -p "$w"; then
		check "$n: --caps -J -p $w: no container" \
			t_jq "$T_TMP/out" '.processes[0].container == null'
	fi
done


# --------------------------- --container NAME when Docker cannot be asked
# /dev/null over the engine's socket in a private mount namespace: the
# container's processes are there but its name cannot be known; every
# view says which engine could not be asked, and why, in one line.
if [ -n "${C_par:-}" ]; then
	_want="nsinspect: no container '$C_par' known: cannot ask the Docker engine at '/var/run/docker.sock': connection refused (no engine listens)"
	for _v in "" "--caps" "--audit" "-J"; do
		# shellcheck disable=SC2086
		unshare -m sh -c 'mount --bind /dev/null /run/docker.sock && exec "$@"' \
			sh "$NSINSPECT" $_v --container "$C_par" >"$T_TMP/out" 2>"$T_TMP/err"
		_rc=$?
		if [ "$_rc" = 1 ] && grep -qxF "$_want" "$T_TMP/err" &&
		   [ "$(grep -c 'container' "$T_TMP/err")" = 1 ]; then
			ok "--container NAME, Docker not answering: ${_v:-namespace view} says which engine and why"
		else
			not_ok "--container NAME, Docker not answering: ${_v:-namespace view} says which engine and why" \
				"exit $_rc, expected 1 and: $_want"
			diag_file "$T_TMP/err" "stderr"
		fi
	done
fi

# ------------------------------- the live view names it, and keeps naming it
# The engine is asked once, when the container is new: its name must be
# carried from refresh to refresh, also for the rows on screen that are
# read again each time (before: shown by ID after the first refreshes).
for _k in linked par; do
	eval "_n=\${C_$_k:-}"
	[ -n "$_n" ] || continue
	t_tui_start 160 40 "TERM=xterm-256color $NSINSPECT --tui -d 0.5"
	t_tui_await 100 '^Namespaces:' >/dev/null
	t_tui_keys /
	t_tui_type "$_n"
	t_tui_keys Enter
	if t_tui_await 100 "^ +[0-9]+ mnt .* $_n( \\(|,)"; then
		sleep 3	# six refreshes later
		t_tui_screen
		if t_tui_has "^ +[0-9]+ mnt .* $_n( \\(|,)"; then
			ok "--tui: $_n named, and still named six refreshes later"
		else
			not_ok "--tui: $_n still named six refreshes later"
			diag_file "$T_TMP/screen" "screen"
		fi
	else
		not_ok "--tui: $_n named within 10 s"
		diag_file "$T_TMP/screen" "screen"
	fi
	t_tui_keys q
done

t_finish
