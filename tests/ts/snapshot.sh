#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# snapshot.sh - nsinspect --snapshot and --input: a snapshot is valid by
# the schema and holds what this test made (a network namespace of
# ip netns with a second nsfs bind mount and a process in it, a process
# holding capabilities, a docker container with --cap-add SYS_ADMIN), as
# /proc, ip netns and docker inspect tell; every one-shot view shows the
# same rows of those objects live and from the snapshot; --input reads
# nothing of /proc (strace, and a run under an empty /proc); the
# snapshot read and written again is the same document; the warnings come
# from the snapshot's report; hostile snapshots give one line and exit 1.
#
# Needs root, docker with scripts/docker-testbed's image, strace, jq,
# python3-jsonschema.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq ip stat awk python3 jsonschema unshare
require_cmd_pkg strace strace
require_cmd_pkg graphviz dot
require_file "$CAPS_HOLD" "the caps-hold test helper"
require_nsinspect
require_docker

P=nsi-snap-$$
S=$T_TMP/snap.json
D=$T_TMP/detail.json

# ------------------------------------------------------------ set up

if ! ip netns add "$P" 2>"$T_TMP/ip.err"; then
	not_ok "set up: ip netns add $P"
	diag_file "$T_TMP/ip.err" "ip"
	t_finish
fi
t_add_netns "$P"
NETNS=$(stat -L -c %i "/run/netns/$P")
BIND=$T_TMP/netns-bind
: >"$BIND"
if mount --bind "/run/netns/$P" "$BIND"; then
	t_add_mount "$BIND"
else
	not_ok "set up: a second bind mount of /run/netns/$P"
fi
t_spawn "$T_TMP/in-ns.log" ip netns exec "$P" sleep 600
INNS=$T_SPAWNED
t_spawn "$T_TMP/hold.log" "$CAPS_HOLD" 'cap_net_raw,cap_sys_ptrace=pe'
HELD=$T_SPAWNED
C=$P-c
t_add_container "$C"
docker run -d --name "$C" --cap-add SYS_ADMIN "$T_IMAGE" sleep 600 \
	>"$T_TMP/run.out" 2>&1 </dev/null
CPID=$(docker inspect -f '{{.State.Pid}}' "$C" 2>/dev/null)
CID=$(docker inspect -f '{{.Id}}' "$C" 2>/dev/null)
if t_wait 100 grep -qx ready "$T_TMP/hold.log" &&
   t_wait 100 t_comm_is "$INNS" sleep && [ "${CPID:-0}" -gt 0 ]; then
	ok "set up: netns $P ($NETNS), caps-hold $HELD, container $C ($CPID)"
else
	not_ok "set up: netns, caps-hold and a container"
	diag_file "$T_TMP/run.out" "docker run"
	t_finish
fi
CNET=$(t_ns_ino "$CPID" net)
CMNT=$(t_ns_ino "$CPID" mnt)

# -------------------------------------------------- the snapshot itself

nsi --snapshot
cp "$T_TMP/out" "$S"
if [ "$T_RC" -eq 0 ] && ! t_unexpected_err "$T_TMP/err" >/dev/null; then
	ok "--snapshot exits 0"
else
	not_ok "--snapshot exits 0" "exit $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi
t_schema_ok "the snapshot is valid by the schema" "$S"
if t_jq "$S" --arg h "$(uname -n)" --arg k "$(uname -r)" \
	'.version == 1 and .hostname == $h and .kernel == $k and
	 (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")) and
	 .net_detail == false'; then
	ok "version 1, the host name and kernel release of uname, the time in UTC"
else
	not_ok "version, host name, kernel, time" "$(jq -c '{version,hostname,kernel,time}' "$S")"
fi
if t_jq "$S" --argjson i "$NETNS" --arg b "$BIND" --arg n "/run/netns/$P" \
	--argjson p "$INNS" \
	'[.namespaces[] | select(.type == "net" and .ino == $i)] | length == 1 and
	 (.[0].nsfs | index($n) != null) and
	 ([.[0].holders[] | select(.kind == "bind mount")] | length == 0)'; then
	ok "the netns of ip netns add, with its nsfs path"
else
	not_ok "the netns of ip netns add, with its nsfs path" \
		"$(jq -c --argjson i "$NETNS" '.namespaces[] | select(.ino == $i)' "$S")"
fi
if t_jq "$S" --argjson i "$NETNS" --argjson p "$INNS" \
	'.processes[] | select(.pid == $p) | .ns.net == $i'; then
	ok "its process, in it"
else
	not_ok "its process, in it"
fi
EFF=$(t_status "$HELD" CapEff)
if t_jq "$S" --argjson p "$HELD" --arg e "$EFF" \
	'.processes[] | select(.pid == $p) |
	 (.status.cap.eff | ascii_downcase | ltrimstr("0x")) == $e'; then
	ok "the capability sets of caps-hold (CapEff $EFF)"
else
	not_ok "the capability sets of caps-hold (CapEff $EFF)" \
		"$(jq -c --argjson p "$HELD" '.processes[] | select(.pid == $p) | .status.cap' "$S")"
fi
if t_jq "$S" --arg id "$CID" --arg n "$C" --argjson p "$CPID" \
	'(.containers | map(.id) | index($id)) as $i | $i != null and
	 .containers[$i].name == $n and .containers[$i].runtime == "docker" and
	 (.processes[] | select(.pid == $p) | .container) == $i'; then
	ok "the container, named as docker inspect names it, and its process"
else
	not_ok "the container and its process"
fi

run "$NSINSPECT" --snapshot="$T_TMP/file.json"
if [ "$T_RC" -eq 0 ] && [ ! -s "$T_TMP/out" ] &&
   t_jq "$T_TMP/file.json" '.version == 1' &&
   [ "$(find "$T_TMP" -maxdepth 1 -name 'file.json.*' | wc -l)" -eq 0 ] &&
   [ "$(stat -c %a "$T_TMP/file.json")" = 600 ]; then
	ok "--snapshot=FILE writes FILE (mode 0600), nothing on stdout, no temporary file left"
else
	not_ok "--snapshot=FILE" "exit $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi
run "$NSINSPECT" --snapshot="$T_TMP/no/such/dir/x.json"
if [ "$T_RC" -eq 1 ] && [ ! -s "$T_TMP/out" ] &&
   [ "$(t_unexpected_err "$T_TMP/err" | wc -l)" -eq 1 ] &&
   grep -q "^nsinspect: cannot write the snapshot '.*/x.json': No such file or directory\$" "$T_TMP/err"; then
	ok "--snapshot=FILE in a missing directory: one line, exit 1"
else
	not_ok "--snapshot=FILE in a missing directory: one line, exit 1" "exit $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi

nsi --snapshot --detail
cp "$T_TMP/out" "$D"
if [ "$T_RC" -eq 0 ] && t_jq "$D" --argjson i "$NETNS" \
	'.net_detail == true and
	 (.namespaces[] | select(.type == "net" and .ino == $i) |
	  .net.interfaces | map(.name) | index("lo") != null)'; then
	ok "--snapshot --detail: the interfaces of each netns (lo of $P)"
else
	not_ok "--snapshot --detail: the interfaces of each netns" "exit $T_RC"
fi
t_schema_ok "the snapshot with --detail is valid by the schema" "$D"

# ------------------------------------ each view, live and from the file

# same DESC FILTER SNAP ARGS... - nsinspect ARGS live and with --input
# SNAP give the same lines through FILTER (a command reading stdin).
same() {
	_d=$1
	_f=$2
	_s=$3
	shift 3
	run "$NSINSPECT" "$@"
	_rc1=$T_RC
	$_f <"$T_TMP/out" >"$T_TMP/live"
	run "$NSINSPECT" --input "$_s" "$@"
	_rc2=$T_RC
	$_f <"$T_TMP/out" >"$T_TMP/input"
	if [ "$_rc1" -eq 0 ] && [ "$_rc2" -eq 0 ] && [ -s "$T_TMP/live" ] &&
	   cmp -s "$T_TMP/live" "$T_TMP/input"; then
		ok "$_d"
	else
		not_ok "$_d" "exit $_rc1 live, $_rc2 --input"
		diag_file "$T_TMP/live" "live"
		diag_file "$T_TMP/input" "--input"
		diag_file "$T_TMP/err" "stderr of --input"
	fi
}

# the rows of our objects: lines naming one of their inodes or the
# container, without the tree drawing, spaces squeezed (the widths of
# the columns follow the other rows, which a busy machine changes)
ours() {
	grep -E "(^|[^0-9])($NETNS|$CNET|$CMNT)([^0-9]|\$)|$C" |
		sed 's/^[^0-9]*//' | tr -s ' '
}
json_ns() {
	jq -S --argjson a "$NETNS" --argjson b "$CNET" --argjson c "$CMNT" \
		'[.. | objects | select(.ns == $a or .ns == $b or .ns == $c) | del(.children)]'
}
json_detail() {
	jq -S --argjson a "$NETNS" \
		'[.namespaces[] | select(.ns == $a)]'
}
all() {
	cat
}

same "the table: the rows of our namespaces" ours "$S"
same "-r -o NS,TYPE,PID,USER,NSFS,HOLDER,HELD_BY,COMMAND,CONTAINER" ours "$S" \
	-r -o NS,TYPE,PID,USER,NSFS,HOLDER,HELD_BY,COMMAND,CONTAINER
same "-J: the rows of our namespaces" json_ns "$S" -J
same "--tree: the rows of our namespaces" ours "$S" --tree -o NS,TYPE,PID,COMMAND
same "--tree=parent -J" json_ns "$S" --tree=parent -J -o NS,TYPE,PID,PNS,ONS
same "--ns net: the row of $P" ours "$S" --ns net
same "-p of the container's process (without NPROCS)" all "$S" \
	-p "$CPID" -o NS,TYPE,PID,USER,COMMAND,CONTAINER
same "--container" all "$S" --container "$C" -o NS,TYPE,PID,COMMAND,CONTAINER
same "--caps of caps-hold" all "$S" --caps "$HELD"
same "--caps -J of the container's process" all "$S" --caps -J "$CPID"
same "--caps --container" all "$S" --caps --container "$C"
same "--audit --container" all "$S" --audit --container "$C"
same "--audit -J -p" all "$S" --audit -J -p "$CPID"
same "--ns net --detail -J: the row of $P" json_detail "$D" --ns net --detail -J
same "-o NS,HOSTNAME of the container's uts" all "$S" -p "$CPID" -t uts \
	-o NS,HOSTNAME
# the series of our container (the others, and the scan's time, change)
ctr_series() {
	grep -F "id=\"$CID\"" | sort
}
same "--metrics: the series of the container" ctr_series "$S" --metrics
run "$NSINSPECT" --input "$D" --ns net --graph
if [ "$T_RC" -eq 0 ] && grep -q "$NETNS" "$T_TMP/out" &&
   dot -Tsvg "$T_TMP/out" >/dev/null 2>&1; then
	ok "--graph from the snapshot: valid dot with the netns $P"
else
	not_ok "--graph from the snapshot" "exit $T_RC"
fi
"$NSINSPECT" --input - --caps "$HELD" <"$S" >"$T_TMP/stdin.out" 2>/dev/null
if "$NSINSPECT" --caps "$HELD" 2>/dev/null | cmp -s - "$T_TMP/stdin.out"; then
	ok "--input - reads standard input"
else
	not_ok "--input - reads standard input"
	diag_file "$T_TMP/stdin.out" "output"
fi

# ------------------------------------------ nothing of this machine read

# An AddressSanitizer build (.ci/run): LeakSanitizer cannot run under
# ptrace nor without /proc, and the runtime reads /proc/self/ (maps, exe)
# itself before main(): those reads are not nsinspect's.
SAN=0
grep -qa __asan_init "$NSINSPECT" && SAN=1
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS
if strace -f -qq -e trace=%file,%desc -o "$T_TMP/trace" \
	"$NSINSPECT" --input "$S" --audit --container "$C" >/dev/null 2>&1 &&
   strace -f -qq -e trace=%file -o "$T_TMP/trace2" \
	"$NSINSPECT" --input "$D" --ns net --detail -o +RULES >/dev/null 2>&1; then
	# libselinux's constructor (loaded with libmount) reads
	# /proc/filesystems in every program that links it, --version too
	grep -E '"/proc|"/run|"/var/run|connect\(' "$T_TMP/trace" "$T_TMP/trace2" |
		grep -v '"/proc/filesystems"' |
		{ if [ "$SAN" = 1 ]; then grep -v '"/proc/self/'; else cat; fi; } \
		>"$T_TMP/proc-paths"
	if [ -s "$T_TMP/proc-paths" ]; then
		not_ok "--input opens nothing below /proc or /run, connects to nothing"
		diag_file "$T_TMP/proc-paths" "strace"
	else
		ok "--input opens nothing below /proc or /run, connects to nothing (strace)"
	fi
else
	not_ok "--input under strace"
fi
# (without /proc the sanitizer runtime reads no ASAN_OPTIONS, and its
# leak check at exit fails: under it, the output alone tells)
unshare -m sh -c 'mount -t tmpfs none /proc && "$0" --input "$1" --caps "$2"' \
	"$NSINSPECT" "$S" "$HELD" >"$T_TMP/noproc" 2>"$T_TMP/noproc.err"
noproc_rc=$?
if { [ "$noproc_rc" = 0 ] || [ "$SAN" = 1 ]; } &&
   "$NSINSPECT" --caps "$HELD" 2>/dev/null | cmp -s - "$T_TMP/noproc"; then
	ok "--input under an empty /proc (tmpfs): the same --caps"
else
	not_ok "--input under an empty /proc"
	diag_file "$T_TMP/noproc.err" "stderr"
fi

# every capability dropped before the file is opened: a FIFO holds it
mkfifo "$T_TMP/fifo"
t_spawn "$T_TMP/fifo.out" "$NSINSPECT" --input "$T_TMP/fifo" --caps "$HELD"
READER=$T_SPAWNED
if t_wait 100 sh -c "grep -q '^CapPrm:[[:space:]]*0*\$' /proc/$READER/status"; then
	ok "--input drops every capability before it opens the file (CapPrm $(t_status "$READER" CapPrm), CapEff $(t_status "$READER" CapEff))"
else
	not_ok "--input drops every capability before it opens the file" \
		"CapPrm $(t_status "$READER" CapPrm)"
fi
# (a reader that is gone would leave the writer waiting: not past 10 s)
timeout 10 sh -c 'cat "$1" >"$2"' sh "$S" "$T_TMP/fifo"
wait "$READER" 2>/dev/null

# --------------------------------------------------------- round trips

for f in "$S" "$D"; do
	run "$NSINSPECT" --input "$f" --snapshot
	if [ "$T_RC" -eq 0 ] && cmp -s "$f" "$T_TMP/out"; then
		ok "--input $(basename "$f") --snapshot writes the same document"
	else
		not_ok "--input $(basename "$f") --snapshot writes the same document" "exit $T_RC"
		diff "$f" "$T_TMP/out" | head -20 >"$T_TMP/diff"
		diag_file "$T_TMP/diff" "diff"
	fi
done

# ---------------------------------------- warnings from the snapshot

jq '.report.unreadable = 3 | .report.unreadable_errno = 13 |
    .report.fds_unreadable = 0 | .report.hidepid = "" |
    .report.maps_timed_out = 2' "$S" >"$T_TMP/warn.json"
run "$NSINSPECT" --input "$T_TMP/warn.json" -t net
if [ "$T_RC" -eq 0 ] &&
   grep -qx 'nsinspect: could not read the namespaces of 3 processes: Permission denied' "$T_TMP/err" &&
   ! grep -q 'ID maps' "$T_TMP/err"; then
	ok "the stderr line of what could not be read comes from the snapshot"
else
	not_ok "the stderr line of what could not be read comes from the snapshot"
	diag_file "$T_TMP/err" "stderr"
fi
run "$NSINSPECT" --input "$T_TMP/warn.json" -t user -o NS,UID_MAP
if grep -q 'could not read the ID maps of 2 user namespaces' "$T_TMP/err"; then
	ok "... and the ID maps' line only with UID_MAP"
else
	not_ok "... and the ID maps' line only with UID_MAP"
	diag_file "$T_TMP/err" "stderr"
fi

# ------------------------------------------------------ hostile files

# refused DESC FILE PATTERN [ARGS] - --input FILE exits 1 with one line on
# stderr matching PATTERN, nothing on stdout.
refused() {
	_d=$1
	_f=$2
	_p=$3
	shift 3
	run "$NSINSPECT" --input "$_f" "$@"
	if [ "$T_RC" -eq 1 ] && [ "$(wc -l <"$T_TMP/err")" -eq 1 ] &&
	   grep -Eq "$_p" "$T_TMP/err" && [ ! -s "$T_TMP/out" ]; then
		ok "$_d"
	else
		not_ok "$_d" "exit $T_RC"
		diag_file "$T_TMP/err" "stderr"
	fi
}

printf '{"version": 1,' >"$T_TMP/cut.json"
refused "a document cut short" "$T_TMP/cut.json" "not a snapshot: not JSON"
printf 'hello\n' >"$T_TMP/text.json"
refused "text" "$T_TMP/text.json" "not a snapshot"
jq '.version = 99' "$S" >"$T_TMP/v99.json"
refused "a newer format version" "$T_TMP/v99.json" "version 99 is newer"
jq '.processes[0].pid = "1"' "$S" >"$T_TMP/type.json"
refused "a PID that is a string" "$T_TMP/type.json" 'not an integer at \$\.processes\[0\]\.pid$'
jq '.processes[1].pid = .processes[0].pid' "$S" >"$T_TMP/dup.json"
refused "a PID twice" "$T_TMP/dup.json" 'second process .* at \$\.processes\[1\]\.pid$'
jq '.namespaces[0].type = "\u001b[2J"' "$S" >"$T_TMP/esc.json"
refused "a namespace type with an escape sequence" "$T_TMP/esc.json" 'unknown namespace type at'
if grep -q "$(printf '\033')" "$T_TMP/err"; then
	not_ok "the escape sequence is not printed"
else
	ok "the escape sequence is not printed"
fi
jq '.processes[0].ns["\u001b]0;owned\u0007"] = 1' "$S" >"$T_TMP/key.json"
refused "a namespace link whose key is an escape sequence" "$T_TMP/key.json" 'unknown namespace type at \$\.processes\[0\]\.ns$'
if grep -q "$(printf '\033')" "$T_TMP/err"; then
	not_ok "the key's escape sequence is not printed"
else
	ok "the key's escape sequence is not printed"
fi
# an ifindex twice in one namespace (the veth matching would walk them all)
jq '(.namespaces | map(.net != null and (.net.interfaces | length) > 0) | index(true)) as $i |
	.namespaces[$i].net.interfaces += [.namespaces[$i].net.interfaces[0]]' "$D" >"$T_TMP/ifdup.json"
refused "an ifindex twice in one namespace" "$T_TMP/ifdup.json" 'two interfaces with one ifindex at \$\.namespaces\[[0-9]+\]\.net\.interfaces$' --ns net --detail
jq '.report.podman_socket = "/x\u001b]0;owned\u0007"' "$S" >"$T_TMP/sock.json"
refused "a report string with control characters" "$T_TMP/sock.json" 'not printable'
jq '.processes[0].status.nspid = [range(40) + 1]' "$S" >"$T_TMP/nspid.json"
refused "40 PID namespace levels" "$T_TMP/nspid.json" 'nspid$'
# json-c would build some hundred bytes per object before any check
python3 -c 'print("[" + "{}," * 1000000 + "{}]")' >"$T_TMP/many.json"
refused "a million and one objects in 3 MB" "$T_TMP/many.json" "more objects or values than a snapshot"
# 60,000 rootless containers of one ID, each another owner's: each lookup
# of a (runtime, ID, owner) is O(1), not a walk of every owner of the ID
# (that took 32 s here; now about 2 s, the parse's)
jq -c '.containers = [range(60000) as $i | {"runtime": "podman",
	"id": "0dfd4d6b507b4727", "names": [], "rootless": true,
	"owner_uid": $i, "name": null, "image": null, "network_mode": null,
	"pod": null, "pod_name": null, "pod_namespace": null, "sandbox": false,
	"bundle_read": false, "caps_default": "0x00000000a80425fb",
	"caps_default_known": false, "caps_default_name": "docker"}]' "$S" >"$T_TMP/same-id.json"
_t0=$(date +%s)
timeout 25 "$NSINSPECT" --input "$T_TMP/same-id.json" --snapshot >"$T_TMP/same-id.out" 2>"$T_TMP/err"
T_RC=$?
_t=$(($(date +%s) - _t0))
if [ "$T_RC" -eq 0 ] && [ "$(jq '.containers | length' "$T_TMP/same-id.out")" -eq 60000 ]; then
	ok "60,000 containers of one ID, each another owner's: loaded in ${_t} s"
else
	not_ok "60,000 containers of one ID, each another owner's: loaded in time" \
		"exit $T_RC after ${_t} s (124: timed out after 25 s)"
	diag_file "$T_TMP/err" "stderr"
fi
rm -f "$T_TMP/same-id.json" "$T_TMP/same-id.out"
python3 -c 'print("[" * 100000 + "]" * 100000)' >"$T_TMP/deep.json"
refused "100,000 levels of nesting" "$T_TMP/deep.json" "not a snapshot"
jq '.init_userns as $u |
    (.namespaces[] | select(.type == "user" and .ino == $u) | .owner) = 99 |
    .namespaces += [{"type": "user", "ino": 99, "owner": $u, "parent": 0,
	"netnsid": -1, "resolved": true, "found_by": ["owner"], "nsfs": [],
	"holders": [], "nthreads": 0, "holders_omitted": 0, "hostname": null,
	"uid_map": null, "gid_map": null, "net": null}]' "$S" >"$T_TMP/loop.json"
refused "--tree of owners that make a loop" "$T_TMP/loop.json" "make a loop" --tree
refused "a file that does not exist" "$T_TMP/none.json" "none.json"
refused "--detail of a snapshot taken without it" "$S" "without --detail" \
	--ns net --detail

t_finish
