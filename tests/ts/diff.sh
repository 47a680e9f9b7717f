#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# diff.sh - nsinspect --diff OLD [NEW]: a snapshot taken, then a Docker
# container started and a network namespace unshared; --diff against the
# live system and against a second snapshot shows those objects as
# appeared, with the container's name (docker inspect is the oracle for
# its ID, image and namespaces: stat -L of /proc/PID/ns/TYPE), exit
# status 1; a file against itself 0 with no output; the container
# stopped shows as gone; a missing file, a document that is not one, and
# wrong arguments exit 2 with one line on stderr, as diff(1); -J is
# parsed by jq and valid by $SCHEMA ("diff").  Only the objects made here
# are looked at: the machine may be busy.
#
# Needs scripts/docker-testbed (docker.io, a running dockerd and the image
# nsinspect-test/busybox); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq unshare stat python3 jsonschema
require_nsinspect
require_docker

P=nsi-diff-$$
OLD=$T_TMP/old.json
NEW=$T_TMP/new.json

# snapshot FILE - nsinspect --snapshot into FILE; true when it worked.
snapshot() {
	"$NSINSPECT" --snapshot >"$1" 2>"$T_TMP/snap.err"
}

# has_line TEXT - whether $T_TMP/out has the line TEXT exactly.
has_line() {
	grep -Fxq -- "$1" "$T_TMP/out"
}

# line_ok DESC TEXT - a test: the output has that line.
line_ok() {
	if has_line "$2"; then
		ok "$1"
	else
		not_ok "$1" "missing line: $2"
		diag_file "$T_TMP/out" "output"
		diag_file "$T_TMP/err" "stderr"
	fi
}

if ! snapshot "$OLD"; then
	not_ok "nsinspect --snapshot" "$(cat "$T_TMP/snap.err")"
	t_finish
fi

# ---------------------------------------------------- what appears
t_add_container "$P"
if ! docker run -d --name "$P" "$T_IMAGE" sleep 600 >"$T_TMP/id" 2>"$T_TMP/run.err"; then
	not_ok "docker run $T_IMAGE" "$(cat "$T_TMP/run.err")"
	t_finish
fi
ID=$(cat "$T_TMP/id")
SHORT=$(printf '%.12s' "$ID")
CPID=$(docker inspect -f '{{.State.Pid}}' "$P")
t_unshared net -n
U=$T_SPAWNED
UNET=$T_UNSHARED_INO

# The container's namespaces that are not the host's (kthreadd's).
CNS=""
for t in mnt net pid uts ipc cgroup; do
	ino=$(t_ns_ino "$CPID" "$t")
	[ -n "$ino" ] && [ "$ino" != "$(t_ns_ino 2 "$t")" ] && CNS="$CNS $t:$ino"
done

nsi --diff "$OLD"
is "$T_RC" 1 "--diff OLD (live): exit status 1 when something changed"
line_ok "--diff OLD: the container started, with its name, short ID and image" \
	"+ container $P (docker $SHORT, image $T_IMAGE)"
for tn in $CNS; do
	line_ok "--diff OLD: the container's ${tn%%:*} namespace appeared" \
		"+ ${tn%%:*} ${tn#*:} (container $P)"
done
line_ok "--diff OLD: the unshare'd net namespace appeared, with its process" \
	"+ net $UNET (pid $U sleep)"
# exactly those objects: no other line names the container or the inode
n=$(grep -c -e "container $P" -e " $UNET " "$T_TMP/out")
is "$n" "$(($(echo "$CNS" | wc -w) + 2))" "--diff OLD: no other line names them"
if grep -q -e "^- container $P" -e "^- net $UNET" "$T_TMP/out"; then
	not_ok "--diff OLD: nothing of ours is gone"
else
	ok "--diff OLD: nothing of ours is gone"
fi

nsi --diff -J "$OLD"
is "$T_RC" 1 "--diff -J OLD: exit status 1"
if [ -s "$T_TMP/out" ] && t_jq "$T_TMP/out" '.differ == true and ([.changes[] | select(.change == "container_started" and .container == $n and .container_id == $id and .runtime == "docker" and .image == $img)] | length == 1) and ([.changes[] | select(.change == "namespace_created" and .type == "net" and .inode == $i and .pid == $p)] | length == 1)' \
	--arg n "$P" --arg id "$ID" --arg img "$T_IMAGE" --argjson i "$UNET" --argjson p "$U"; then
	ok "--diff -J: container_started and namespace_created, parsed by jq"
else
	not_ok "--diff -J: container_started and namespace_created, parsed by jq"
	diag_file "$T_TMP/out" "output"
fi
cp "$T_TMP/out" "$T_TMP/diff.json"
t_schema_ok "--diff -J is valid by the schema" "$T_TMP/diff.json"

# ------------------------------------------------- two snapshots
if snapshot "$NEW"; then
	nsi --diff "$OLD" "$NEW"
	is "$T_RC" 1 "--diff OLD NEW: exit status 1"
	line_ok "--diff OLD NEW: the container started" \
		"+ container $P (docker $SHORT, image $T_IMAGE)"
	line_ok "--diff OLD NEW: the net namespace appeared" \
		"+ net $UNET (pid $U sleep)"
	nsi --diff "$NEW" "$OLD"
	line_ok "--diff NEW OLD: the other way, the container is gone" \
		"- container $P (docker $SHORT, image $T_IMAGE)"
	nsi --diff "$NEW" "$NEW"
	is "$T_RC:$(cat "$T_TMP/out" "$T_TMP/err")" "0:" "--diff FILE FILE: exit status 0, no output"
	nsi --diff -J "$NEW" "$NEW"
	if [ "$T_RC" = 0 ] && [ -s "$T_TMP/out" ] && t_jq "$T_TMP/out" '.differ == false and .changes == []'; then
		ok "--diff -J FILE FILE: exit 0, differ false, no changes"
	else
		not_ok "--diff -J FILE FILE: exit 0, differ false, no changes" "exit $T_RC"
	fi
else
	not_ok "nsinspect --snapshot (the second)" "$(cat "$T_TMP/snap.err")"
fi

# ------------------------------------------------- what is gone
docker rm -f "$P" >/dev/null 2>&1
t_kill "$U"
nsi --diff "$NEW"
is "$T_RC" 1 "--diff NEW (live) after docker rm: exit status 1"
line_ok "--diff NEW: the container stopped" \
	"- container $P (docker $SHORT, image $T_IMAGE)"
line_ok "--diff NEW: the net namespace is gone" "- net $UNET (pid $U sleep)"

# -------------------------------------------------------- trouble
# one_error DESC ARGS... - exit status 2 and exactly one line on stderr
one_error() {
	_d=$1
	shift
	nsi "$@"
	if [ "$T_RC" = 2 ] && [ "$(wc -l <"$T_TMP/err")" = 1 ] &&
	    grep -q '^nsinspect: ' "$T_TMP/err" && [ ! -s "$T_TMP/out" ]; then
		ok "$_d"
	else
		not_ok "$_d" "exit $T_RC"
		diag_file "$T_TMP/err" "stderr"
	fi
}
one_error "--diff of a missing file: exit 2, one line" --diff "$T_TMP/missing.json"
if grep -Fq "'$T_TMP/missing.json'" "$T_TMP/err" && grep -q "No such file" "$T_TMP/err"; then
	ok "--diff of a missing file: the line names it and why"
else
	not_ok "--diff of a missing file: the line names it and why"
	diag_file "$T_TMP/err" "stderr"
fi
one_error "--diff with a missing NEW: exit 2, one line" --diff "$OLD" "$T_TMP/missing.json"
printf '{"version": 1, ' >"$T_TMP/bad.json"
one_error "--diff of a document that is not JSON: exit 2, one line" --diff "$T_TMP/bad.json"
printf '{"namespaces": []}\n' >"$T_TMP/other.json"
one_error "--diff of a JSON document that is no snapshot: exit 2, one line" --diff "$T_TMP/other.json"
one_error "--diff without OLD: exit 2 (a usage error, as diff(1))" --diff
one_error "--diff with three files: exit 2" --diff "$OLD" "$OLD" "$OLD"
one_error "--diff with --caps: exit 2" --diff "$OLD" --caps
t_finish
