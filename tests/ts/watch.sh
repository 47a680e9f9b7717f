#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# watch.sh - nsinspect --watch: one JSON object per line per change, seen
# within about a second: unshare(1) of a network namespace, ip netns
# add/del, a Docker container started and stopped; a process that enters
# a namespace or drops a capability without an exec (no process event:
# the periodic rescan, --interval 1); SIGTERM ends it with status 0; a
# reader that goes away ends it quietly.  Oracles: stat -L of
# /proc/PID/ns/net and of /run/netns/NAME, docker inspect; every line is
# valid by $SCHEMA ("event").  Only the objects made here are looked at:
# the machine may be busy.
#
# Needs scripts/docker-testbed (docker.io, a running dockerd and the image
# nsinspect-test/busybox); without them the test FAILS.
. "$(dirname "$0")/lib.sh"

: "${NS_CHANGE:=$T_TOP/tests/helpers/ns-change}"

require_root
require_cmd jq ip unshare stat python3 jsonschema
require_file "$NS_CHANGE" "the ns-change test helper"
require_nsinspect
require_docker

OUT=$T_TMP/watch.out
P=nsi-watch-$$
NETNS=$P-ns

# seen JQ-FILTER [ARGS...] - whether a line of the output matches (jq -e
# alone would not do: jq 1.6 exits 0 on an empty file).
seen() {
	_f=$1
	shift
	[ -n "$(jq -c "$@" "select($_f)" "$OUT" 2>/dev/null)" ]
}

# within SECONDS DESC JQ-FILTER [ARGS...] - a test: a line matches within
# SECONDS (tenths of a second looked at), counted from now.
within() {
	_s=$1
	_d=$2
	shift 2
	_n=$((_s * 10))
	while [ "$_n" -gt 0 ]; do
		if seen "$@"; then
			ok "$_d (within $(((_s * 10 - _n) / 10)).$(((_s * 10 - _n) % 10)) s)"
			return 0
		fi
		_n=$((_n - 1))
		sleep 0.1
	done
	not_ok "$_d" "no line matches: $1 ($2 $3 $4 $5)"
	diag_file "$OUT" "output"
	diag_file "$T_TMP/watch.err" "stderr"
	return 1
}

"$NSINSPECT" --watch --interval 1 >"$OUT" 2>"$T_TMP/watch.err" </dev/null &
WPID=$!
T_PIDS="$T_PIDS $WPID"

# Ready: a marker uts namespace made after its first scan is told (one
# made before that scan is no change: try again).  The kernel gives the
# next marker the inode the last one freed: before it is made, the watch
# must have seen the last one gone (up to 3 s), else the two read as one
# namespace whose process changed (process_entered), every time.
n=0
while [ "$n" -lt 20 ]; do
	t_unshared uts -u
	if t_wait 10 seen '.event == "namespace_created" and .type == "uts" and .inode == $i' \
		--argjson i "${T_UNSHARED_INO:-0}"; then
		break
	fi
	t_kill "$T_SPAWNED"
	t_wait 30 seen '.event == "namespace_gone" and .type == "uts" and .inode == $i' \
		--argjson i "${T_UNSHARED_INO:-0}"
	n=$((n + 1))
done
if [ "$n" -ge 20 ]; then
	not_ok "the watch tells a new uts namespace"
	diag_file "$T_TMP/watch.err" "stderr"
	t_finish
fi
ok "the watch tells a new uts namespace"
t_kill "$T_SPAWNED"

# --------------------------------------------------------- unshare -n
t_unshared net -n
U=$T_SPAWNED
UNET=$T_UNSHARED_INO
within 2 "unshare -n: namespace_created net with its inode and PID" \
	'.event == "namespace_created" and .type == "net" and .inode == $i and .pid == $p' \
	--argjson i "${UNET:-0}" --argjson p "$U"
t_kill "$U"
within 2 "unshare -n: namespace_gone when its process ends" \
	'.event == "namespace_gone" and .type == "net" and .inode == $i' \
	--argjson i "${UNET:-0}"

# ------------------------------------------------------ ip netns add/del
t_add_netns "$NETNS"
ip netns add "$NETNS"
NINO=$(stat -L -c %i "/run/netns/$NETNS")
within 2 "ip netns add: namespace_created net, its inode and nsfs path" \
	'.event == "namespace_created" and .type == "net" and .inode == $i and (.nsfs | index([$path]))' \
	--argjson i "${NINO:-0}" --arg path "/run/netns/$NETNS"
ip netns del "$NETNS"
within 2 "ip netns del: namespace_gone" \
	'.event == "namespace_gone" and .type == "net" and .inode == $i' \
	--argjson i "${NINO:-0}"

# --------------------------------------------------- docker run / stop
t_add_container "$P"
if docker run -d --name "$P" "$T_IMAGE" sleep 600 >"$T_TMP/id" 2>"$T_TMP/run.err"; then
	ID=$(cat "$T_TMP/id")
	CPID=$(docker inspect -f '{{.State.Pid}}' "$P")
	CNET=$(t_ns_ino "$CPID" net)
	within 2 "docker run: container_started with its name, ID and image" \
		'.event == "container_started" and .container == $n and .container_id == $id and .runtime == "docker" and .image == $img' \
		--arg n "$P" --arg id "$ID" --arg img "$T_IMAGE"
	within 2 "docker run: namespace_created net, the container's (docker inspect's PID)" \
		'.event == "namespace_created" and .type == "net" and .inode == $i and .container == $n' \
		--argjson i "${CNET:-0}" --arg n "$P"
	docker stop -t 1 "$P" >/dev/null 2>&1
	within 2 "docker stop: container_stopped" \
		'.event == "container_stopped" and .container_id == $id' --arg id "$ID"
	within 2 "docker stop: namespace_gone of its net namespace" \
		'.event == "namespace_gone" and .type == "net" and .inode == $i' \
		--argjson i "${CNET:-0}"
else
	not_ok "docker run $T_IMAGE" "$(cat "$T_TMP/run.err")"
fi

# ------------------------------- unshare and capset without an exec
t_spawn "$T_TMP/nc.out" "$NS_CHANGE"
NC=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/nc.out"
UTS0=$(t_ns_ino "$NC" uts)
sleep 1.5	# seen by a scan (the next full rescan at the latest) first
kill -USR1 "$NC"
t_wait 50 grep -qx unshared "$T_TMP/nc.out"
UTS1=$(t_ns_ino "$NC" uts)
# no process event: the rescan of every second
within 3 "unshare(2) without exec: process_left the old uts namespace" \
	'.event == "process_left" and .pid == $p and .type == "uts" and .inode == $i' \
	--argjson p "$NC" --argjson i "${UTS0:-0}"
within 1 "unshare(2) without exec: process_entered the new one" \
	'.event == "process_entered" and .pid == $p and .type == "uts" and .inode == $i' \
	--argjson p "$NC" --argjson i "${UTS1:-0}"
kill -HUP "$NC"
t_wait 50 grep -qx dropped "$T_TMP/nc.out"
within 3 "capset(2) without exec: process_caps, effective lost cap_sys_admin" \
	'.event == "process_caps" and .pid == $p and (.sets.effective.removed | index(["cap_sys_admin"]))' \
	--argjson p "$NC"

# -------------------------------------------------------- the output
if jq -c . "$OUT" >/dev/null 2>&1 && [ "$(jq -c . "$OUT" | wc -l)" -eq "$(wc -l <"$OUT")" ]; then
	ok "every line is one JSON object"
else
	not_ok "every line is one JSON object"
	diag_file "$OUT" "output"
fi
if seen '(.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$") | not)'; then
	not_ok "every time is RFC 3339 UTC with milliseconds"
else
	ok "every time is RFC 3339 UTC with milliseconds"
fi
# each line is a document of its own: valid by the schema's "event"
if python3 - "$SCHEMA" "$OUT" >"$T_TMP/val.out" 2>&1 <<'EOF'
import json
import sys

import jsonschema

with open(sys.argv[1]) as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
bad = 0
with open(sys.argv[2]) as f:
    for n, line in enumerate(f, 1):
        for e in cls(schema).iter_errors(json.loads(line)):
            print("line %d: %s" % (n, e.message[:200]))
            bad += 1
            break
sys.exit(1 if bad else 0)
EOF
then
	ok "every line is valid by the schema"
else
	not_ok "every line is valid by the schema"
	diag_file "$T_TMP/val.out" "violations"
fi

# ------------------------------------------------------------ ending
kill -TERM "$WPID"
n=30
while [ "$n" -gt 0 ] && kill -0 "$WPID" 2>/dev/null; do
	sleep 0.1
	n=$((n - 1))
done
wait "$WPID"
is "$?" 0 "SIGTERM: exit status 0, within 3 s"
is "$(t_unexpected_err "$T_TMP/watch.err")" "" "nothing on stderr (but the documented warning about unreadable links)"

# A reader that goes away: the watch ends quietly at its next event.
mkfifo "$T_TMP/fifo"
head -n 1 <"$T_TMP/fifo" >"$T_TMP/pipe.out" &
"$NSINSPECT" --watch >"$T_TMP/fifo" 2>"$T_TMP/pipe.err" </dev/null &
NP=$!
T_PIDS="$T_PIDS $NP"
sleep 2
for i in 1 2 3; do
	t_unshared net -n
	sleep 1	# lives long enough to be seen, then its end is an event
	t_kill "$T_SPAWNED"
done
if t_wait 50 sh -c "! kill -0 $NP"; then
	wait "$NP"
	is "$? $(t_unexpected_err "$T_TMP/pipe.err")" "0 " "| head -n 1: ends with status 0 and nothing on stderr once the reader is gone"
else
	not_ok "| head -n 1: ends once the reader is gone"
fi
is "$(jq -r 'has("event")' "$T_TMP/pipe.out" 2>/dev/null)" true "| head -n 1: the reader got an event"

t_finish
