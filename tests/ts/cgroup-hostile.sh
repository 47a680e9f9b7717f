#!/bin/sh
# shellcheck shell=sh disable=SC2016
# cgroup-hostile.sh - what a user may do in a cgroup subtree delegated to
# it (systemd's user@UID.service on cgroup v2 delegates one by default):
# make any directory, named like any engine's container, and move its own
# processes there (red team).
#  - a process of a user's in ".../user@1001.service/app.slice/docker-ID.scope",
#    ID a real Docker container's: it is container ID of uid 1001 (JSON
#    owner_uid), unnamed; the real container keeps its name and only its
#    own processes (--container NAME).
# (A directory name with a newline, which would make up a line of
# /proc/PID/cgroup, is refused by the kernel: EINVAL, checked on this
# machine; the parser's check of the lines is unit-tested.)
# The delegated subtree is made by hand as root (no systemd here), in
# every hierarchy a container is looked for in (lib.sh t_add_cgroup).
#
# Needs scripts/docker-testbed (docker.io, dockerd, the local image).
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq setpriv sleep
require_nsinspect
require_docker

N=nsi13cg-$$
t_add_container "$N"
if ! docker run -d --name "$N" "$T_IMAGE" sleep 600 >"$T_TMP/run.out" 2>&1 </dev/null ||
   ! docker inspect "$N" >"$T_TMP/inspect.json" 2>>"$T_TMP/run.out"; then
	not_ok "set up: docker run $N"
	diag_file "$T_TMP/run.out" "docker run"
	t_finish
fi
ID=$(jq -r '.[0].Id' "$T_TMP/inspect.json")
CPID=$(jq -r '.[0].State.Pid' "$T_TMP/inspect.json")
USERSUB=user.slice/user-1001.slice/user@1001.service

# ---------------------------------------- a look-alike in a user's subtree

FAKE_CG=$USERSUB/app.slice/docker-$ID.scope
t_add_cgroup "$FAKE_CG" || not_ok "set up: cgroup $FAKE_CG"
t_spawn "$T_TMP/fake.out" t_cgroup_exec "$FAKE_CG" \
	setpriv --reuid=65534 --regid=65534 --clear-groups sleep 600
FAKE=$T_SPAWNED
t_wait 50 t_comm_is "$FAKE" sleep || not_ok "set up: the look-alike's sleep runs"

if nsi_ok "look-alike: --caps -J runs" --caps -J -o PID,CONTAINER "$CPID" "$FAKE"; then
	if t_jq "$T_TMP/out" --argjson c "$CPID" --argjson f "$FAKE" \
		--arg id "$ID" --arg n "$N" \
		'any(.processes[]; .pid == $c and .container.id == $id and
		     .container.name == $n and .container.owner_uid == null) and
		 any(.processes[]; .pid == $f and .container.id == $id and
		     .container.runtime == "docker" and
		     .container.owner_uid == 1001 and .container.name == null)'; then
		ok "look-alike: the process in user@1001.service's docker-ID.scope is a container of uid 1001's, unnamed; $N keeps its name"
	else
		not_ok "look-alike: the process in user@1001.service's docker-ID.scope is a container of uid 1001's, unnamed; $N keeps its name" \
			"$(jq -c '.processes' "$T_TMP/out")"
	fi
fi
if nsi_ok "look-alike: --caps --container NAME runs" --caps --container "$N" \
	-o PID --noheadings; then
	is "$(awk '{ print $1 }' "$T_TMP/out" | tr '\n' ' ')" "$CPID " \
		"look-alike: --caps --container $N lists only the container's own process"
fi
if nsi_ok "look-alike: --caps table runs" --caps -o PID,CONTAINER "$FAKE"; then
	if grep -q "of uid 1001" "$T_TMP/out"; then
		ok "look-alike: the table says whose it is (of uid 1001)"
	else
		not_ok "look-alike: the table says whose it is (of uid 1001)"
		diag_file "$T_TMP/out" "output"
	fi
fi

t_finish
