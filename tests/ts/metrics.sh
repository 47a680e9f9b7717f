#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# metrics.sh - nsinspect --metrics read by the real Prometheus: a
# node_exporter of our own (textfile collector only, as nobody, as
# Debian runs it) and a Prometheus of our own scraping it every second
# with the example rules of contrib/prometheus loaded, both on
# 127.0.0.1 on free ports, stopped at exit.  Two containers: one with
# --cap-add SYS_ADMIN, one with --network host --pid host.  Their series
# are read back through Prometheus's HTTP query API and checked against
# docker inspect, /proc/PID/status (capsh --decode) and /proc/PID/ns;
# namespace counts against lsns -J; the example alerts fire; promtool
# check metrics finds nothing to say; a write error leaves no file.
#
# Needs scripts/docker-testbed (docker.io, prometheus,
# prometheus-node-exporter, the image nsinspect-test/busybox); without
# them the test FAILS.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq curl promtool prometheus prometheus-node-exporter lsns \
	capsh setpriv python3 unshare
require_nsinspect
require_docker

P=nsi-$$
# the namespace types of the running kernel
TYPES=$(for t in mnt net pid user uts ipc cgroup time; do
	[ -e "/proc/self/ns/$t" ] && echo "$t"
done)
RULES=$T_TOP/contrib/prometheus/nsinspect.rules.yml
DEFAULT_CAPS=$(printf 'cap_%s\n' chown dac_override fsetid fowner mknod \
	net_raw setgid setuid setfcap setpcap net_bind_service sys_chroot kill \
	audit_write | sort)

# free_port - a TCP port of 127.0.0.1 no one listens on now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# prom_query QUERY - an instant query; the answer in $T_TMP/q.json.
prom_query() {
	curl -sfG --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/query" \
		--data-urlencode "query=$1" >"$T_TMP/q.json" 2>/dev/null
}

# prom_value QUERY - the value of the one sample QUERY gives, "none" when
# it gives none, "many" when more than one.
prom_value() {
	prom_query "$1" || { echo error; return; }
	jq -r 'if .status != "success" then "error"
		elif (.data.result | length) == 0 then "none"
		elif (.data.result | length) > 1 then "many"
		else .data.result[0].value[1] end' "$T_TMP/q.json"
}

# value_is QUERY EXPECTED DESC - a test: Prometheus answers EXPECTED.
value_is() {
	_v=$(prom_value "$1")
	if [ "$_v" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3" "query: $1" "expected: $2" "actual: $_v"
		diag_file "$T_TMP/q.json" "answer"
	fi
}

# ------------------------------------------------------------ set up

# node_exporter (as nobody) must read our file: a directory it can reach
chmod 0711 "$T_TMP"
TEXTDIR=$T_TMP/textfile
mkdir -m 0755 "$TEXTDIR" "$T_TMP/conf"
mkdir "$T_TMP/prom"
chown nobody "$T_TMP/prom"
cp "$RULES" "$T_TMP/conf/nsinspect.rules.yml"

NE_PORT=$(free_port)
t_spawn "$T_TMP/ne.log" setpriv --reuid=nobody --regid=nogroup \
	--clear-groups prometheus-node-exporter \
	--web.listen-address="127.0.0.1:$NE_PORT" \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$TEXTDIR"
NE_PID=$T_SPAWNED

PROM_PORT=$(free_port)
cat >"$T_TMP/conf/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $T_TMP/conf/nsinspect.rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NE_PORT']
EOF
chmod -R a+rX "$T_TMP/conf"
t_spawn "$T_TMP/prom.log" setpriv --reuid=nobody --regid=nogroup \
	--clear-groups prometheus \
	--config.file="$T_TMP/conf/prometheus.yml" \
	--web.listen-address="127.0.0.1:$PROM_PORT" \
	--storage.tsdb.path="$T_TMP/prom"
PROM_PID=$T_SPAWNED

if t_wait 300 curl -sf --max-time 2 "http://127.0.0.1:$NE_PORT/metrics" &&
	t_wait 300 curl -sf --max-time 2 "http://127.0.0.1:$PROM_PORT/-/ready"; then
	ok "node_exporter and Prometheus answer on 127.0.0.1"
else
	not_ok "node_exporter and Prometheus answer on 127.0.0.1"
	diag_file "$T_TMP/ne.log" "node_exporter"
	diag_file "$T_TMP/prom.log" "prometheus"
	t_finish
fi

# start KEY NAME DOCKER-RUN-OPTIONS... - t_docker_start (lib.sh).
start() {
	t_docker_start "$@"
}

if start A "$P-sysadmin" --cap-add SYS_ADMIN &&
	start B "$P-hostns" --network host --pid host; then
	ok "containers started"
else
	not_ok "containers started"
	diag_file "$T_TMP/run.err" "docker"
	t_finish
fi
# a process with every capability in a child user namespace
t_spawn "$T_TMP/userns.out" unshare -Ur sleep 600
USERNS_PID=$T_SPAWNED
t_wait 50 sh -c "[ \"\$(stat -L -c %i /proc/$USERNS_PID/ns/user)\" != \"\$(stat -L -c %i /proc/1/ns/user)\" ]"

# ------------------------------------------------ the file, and lsns

# "TYPE INODE" of every namespace lsns lists, sorted.
lsns_set() {
	t_try3 "$T_TMP/lsns.json" lsns -J -o NS,TYPE &&
		jq -r '.namespaces[] | "\(.type) \(.ns)"' "$T_TMP/lsns.json" |
		sort -u
}
# "TYPE INODE" of every namespace nsinspect finds no process in.
held_set() {
	"$NSINSPECT" -J -o NS,TYPE,NPROCS 2>/dev/null |
		jq -r '.namespaces[] | select(.nprocs == 0) | "\(.type) \(.ns)"' |
		sort -u
}
lsns_set >"$T_TMP/lsns.before"
held_set >"$T_TMP/held.before"
umask 022
nsi "--metrics=$TEXTDIR/nsinspect.prom"
RC=$T_RC
cp "$T_TMP/err" "$T_TMP/metrics.err"
lsns_set >"$T_TMP/lsns.after"
held_set >"$T_TMP/held.after"
if [ "$RC" -eq 0 ] && [ -s "$TEXTDIR/nsinspect.prom" ] &&
	! t_unexpected_err "$T_TMP/metrics.err" >/dev/null; then
	ok "nsinspect --metrics=FILE writes FILE"
else
	not_ok "nsinspect --metrics=FILE writes FILE" "exit status $RC"
	diag_file "$T_TMP/metrics.err" "stderr"
fi
is "$(find "$TEXTDIR" -type f | wc -l)" 1 "no temporary file is left beside it"
is "$(stat -c %a "$TEXTDIR/nsinspect.prom" 2>/dev/null)" 644 \
	"its mode is what '> FILE' gives (umask 022): node_exporter reads it"

# promtool's linter: no naming problem, no parse error
if [ -s "$TEXTDIR/nsinspect.prom" ] &&
	promtool check metrics <"$TEXTDIR/nsinspect.prom" >"$T_TMP/lint" 2>&1 &&
	[ ! -s "$T_TMP/lint" ]; then
	ok "promtool check metrics: no warning"
else
	not_ok "promtool check metrics: no warning"
	diag_file "$T_TMP/lint" "promtool"
fi
nsi --metrics
if [ "$T_RC" -eq 0 ] && promtool check metrics <"$T_TMP/out" >"$T_TMP/lint" 2>&1 &&
	[ ! -s "$T_TMP/lint" ]; then
	ok "nsinspect --metrics (stdout): promtool finds nothing to say"
else
	not_ok "nsinspect --metrics (stdout): promtool finds nothing to say" \
		"exit status $T_RC"
	diag_file "$T_TMP/lint" "promtool"
fi

# ----------------------------------------- read back through Prometheus

if t_wait 300 sh -c "[ \"\$(curl -sfG --max-time 2 http://127.0.0.1:$PROM_PORT/api/v1/query --data-urlencode 'query=nsinspect_container_info{id=\"$ID_A\"}' | jq -r '.data.result | length')\" = 1 ]"; then
	ok "Prometheus scraped the file through node_exporter"
else
	not_ok "Prometheus scraped the file through node_exporter"
	diag_file "$T_TMP/prom.log" "prometheus"
	curl -s "http://127.0.0.1:$NE_PORT/metrics" | grep -i textfile >"$T_TMP/ne.out"
	diag_file "$T_TMP/ne.out" "node_exporter's textfile series"
	t_finish
fi

# the info series: labels from docker inspect
prom_query "nsinspect_container_info{id=\"$ID_A\"}"
jq -c '.data.result[0].metric | {runtime, id, name, image}' "$T_TMP/q.json" \
	>"$T_TMP/info.got"
jq -c '.[0] | {runtime: "docker", id: .Id, name: (.Name | ltrimstr("/")),
	image: .Config.Image}' "$T_TMP/A.json" >"$T_TMP/info.want"
is "$(cat "$T_TMP/info.got")" "$(cat "$T_TMP/info.want")" \
	"nsinspect_container_info: runtime, id, name and image as docker inspect says"
value_is "nsinspect_container_info{id=\"$ID_A\"}" 1 "nsinspect_container_info is 1"

# capabilities: the bounding set of its process beyond Docker's default
BND=$(t_status "$PID_A" CapBnd)
t_cap_names "$BND" | sort >"$T_TMP/bnd"
WANT_ADDED=$(printf '%s\n' "$DEFAULT_CAPS" | comm -13 - "$T_TMP/bnd" | tr '\n' ' ')
prom_query "nsinspect_container_capability_beyond_default{id=\"$ID_A\"}"
GOT_ADDED=$(jq -r '.data.result[].metric.capability' "$T_TMP/q.json" | sort | tr '\n' ' ')
is "$GOT_ADDED" "$WANT_ADDED" \
	"capabilities beyond Docker's default: those of CapBnd (capsh --decode) beyond it"
is "$GOT_ADDED" "cap_sys_admin " "--cap-add SYS_ADMIN is the one beyond the default"
value_is "nsinspect_container_capability_beyond_default{id=\"$ID_A\",capability=\"cap_sys_admin\"}" 1 \
	"nsinspect_container_capability_beyond_default{capability=\"cap_sys_admin\"} is 1"
value_is "nsinspect_container_capability_escape_prone{id=\"$ID_A\",capability=\"cap_sys_admin\"}" 1 \
	"nsinspect_container_capability_escape_prone{capability=\"cap_sys_admin\"} is 1"
value_is "count(nsinspect_container_capability_escape_prone{id=\"$ID_A\"})" 1 \
	"SYS_ADMIN is its one escape-prone capability"
value_is "nsinspect_container_capability_escape_prone{id=\"$ID_B\"}" none \
	"the container of Docker's default set has none"

# host namespaces: /proc/PID/ns against PID 2's (kthreadd: the host's)
for t in $TYPES; do
	for k in A B; do
		eval "_pid=\$PID_$k _id=\$ID_$k"
		_want=0
		[ "$(t_ns_ino "$_pid" "$t")" = "$(t_ns_ino 2 "$t")" ] && _want=1
		_got=$(prom_value "nsinspect_container_host_namespace{id=\"$_id\",type=\"$t\"}")
		[ "$_got" = "$_want" ] || echo "$k $t: expected $_want, got $_got"
	done
done >"$T_TMP/hostns.diff"
if [ ! -s "$T_TMP/hostns.diff" ]; then
	ok "nsinspect_container_host_namespace of each type as /proc/PID/ns says"
else
	not_ok "nsinspect_container_host_namespace of each type as /proc/PID/ns says"
	diag_file "$T_TMP/hostns.diff" "differences"
fi
value_is "nsinspect_container_host_namespace{id=\"$ID_B\",type=\"net\"}" 1 \
	"--network host: the host's net namespace"
value_is "nsinspect_container_host_namespace{id=\"$ID_B\",type=\"pid\"}" 1 \
	"--pid host: the host's pid namespace"

_v=$(prom_value 'nsinspect_containers{runtime="docker"}')
if [ "$_v" -ge 2 ] 2>/dev/null; then
	ok "nsinspect_containers{runtime=\"docker\"} counts ours ($_v)"
else
	not_ok "nsinspect_containers{runtime=\"docker\"} counts ours" "got $_v"
fi
_v=$(prom_value 'nsinspect_processes_with_capabilities{user_namespace="child"}')
if [ "$_v" -ge 1 ] 2>/dev/null; then
	ok "unshare -Ur's process counts as capable in a child user namespace ($_v)"
else
	not_ok "unshare -Ur's process counts as capable in a child user namespace" "got $_v"
fi
for r in namespaces status open_files; do
	_v=$(prom_value "nsinspect_unreadable_processes{read=\"$r\"}")
	case $_v in
	[0-9]*) ;;
	*) echo "$r: $_v" ;;
	esac
done >"$T_TMP/unr.diff"
if [ ! -s "$T_TMP/unr.diff" ]; then
	ok "nsinspect_unreadable_processes: namespaces, status, open_files"
else
	not_ok "nsinspect_unreadable_processes: namespaces, status, open_files"
	diag_file "$T_TMP/unr.diff" "missing"
fi
_v=$(prom_value 'nsinspect_scan_duration_seconds')
if awk -v v="$_v" 'BEGIN { exit !(v > 0 && v < 60) }'; then
	ok "nsinspect_scan_duration_seconds is a duration ($_v)"
else
	not_ok "nsinspect_scan_duration_seconds is a duration" "got $_v"
fi
_v=$(prom_value 'time() - nsinspect_scan_timestamp_seconds')
if awk -v v="$_v" 'BEGIN { exit !(v > -5 && v < 120) }'; then
	ok "nsinspect_scan_timestamp_seconds is the time of the scan"
else
	not_ok "nsinspect_scan_timestamp_seconds is the time of the scan" "now minus it: $_v"
fi

# namespace counts per type: at least those lsns listed before and after
# (they existed all along), at most those it listed before or after and
# those nsinspect finds held without a process (nsfs, fd, ancestors)
for t in $TYPES; do
	_lo=$(comm -12 "$T_TMP/lsns.before" "$T_TMP/lsns.after" | grep -c "^$t ")
	_hi=$(sort -u "$T_TMP/lsns.before" "$T_TMP/lsns.after" \
		"$T_TMP/held.before" "$T_TMP/held.after" | grep -c "^$t ")
	_got=$(prom_value "nsinspect_namespaces{type=\"$t\"}")
	if [ "$_got" -ge "$_lo" ] 2>/dev/null && [ "$_got" -le "$_hi" ]; then
		echo "ok $t $_lo <= $_got <= $_hi" >>"$T_TMP/ns.log"
	else
		echo "$t: expected $_lo..$_hi, got $_got"
	fi
done >"$T_TMP/ns.diff"
if [ ! -s "$T_TMP/ns.diff" ]; then
	ok "nsinspect_namespaces per type as lsns -J counts"
	diag "$(tr '\n' ';' <"$T_TMP/ns.log")"
else
	not_ok "nsinspect_namespaces per type as lsns -J counts"
	diag_file "$T_TMP/ns.diff" "differences"
fi

# the example rules fire on what they should, in the real Prometheus
alert_for() {
	t_wait 150 sh -c "curl -sfG --max-time 2 http://127.0.0.1:$PROM_PORT/api/v1/query --data-urlencode 'query=ALERTS{alertstate=\"firing\",alertname=\"$1\",id=\"$2\"$3}' | jq -e '.data.result | length == 1'"
}
if alert_for NsinspectContainerEscapeProneCapability "$ID_A" ',capability="cap_sys_admin"'; then
	ok "alert NsinspectContainerEscapeProneCapability fires for the SYS_ADMIN container"
else
	not_ok "alert NsinspectContainerEscapeProneCapability fires for the SYS_ADMIN container"
fi
if alert_for NsinspectContainerHostNamespace "$ID_B" ',type="net"' &&
	alert_for NsinspectContainerHostNamespace "$ID_B" ',type="pid"'; then
	ok "alert NsinspectContainerHostNamespace fires for --network host --pid host"
else
	not_ok "alert NsinspectContainerHostNamespace fires for --network host --pid host"
fi
value_is "count(ALERTS{alertname=\"NsinspectContainerHostNamespace\",id=\"$ID_A\"})" none \
	"and not for the container in namespaces of its own"

# --------------------------------------------------- the example rules

check "promtool check rules contrib/prometheus/nsinspect.rules.yml" \
	promtool check rules "$RULES"
check "promtool test rules contrib/prometheus/nsinspect.rules.test.yml" \
	promtool test rules "$T_TOP/contrib/prometheus/nsinspect.rules.test.yml"

# --------------------------------------------------------- write errors

# a full file system: exit 1, the old file as it was, no temporary file
FULL=$T_TMP/full
mkdir "$FULL"
if mount -t tmpfs -o size=16k nsi-metrics "$FULL"; then
	t_add_mount "$FULL"
	echo old >"$FULL/nsinspect.prom"
	dd if=/dev/zero of="$FULL/fill" bs=1k count=64 2>/dev/null
	nsi "--metrics=$FULL/nsinspect.prom"
	if [ "$T_RC" -eq 1 ] && [ "$(cat "$FULL/nsinspect.prom")" = old ] &&
		[ "$(find "$FULL" -name '*.tmp.*' | wc -l)" -eq 0 ] &&
		grep -q "No space left on device" "$T_TMP/err"; then
		ok "a full disk: exit 1, the old file kept, no temporary file left"
	else
		not_ok "a full disk: exit 1, the old file kept, no temporary file left" \
			"exit status $T_RC" "file: $(head -c 40 "$FULL/nsinspect.prom")"
		diag_file "$T_TMP/err" "stderr"
		ls -la "$FULL" >"$T_TMP/ls"
		diag_file "$T_TMP/ls" "the directory"
	fi
else
	not_ok "a full disk: cannot mount a tmpfs"
fi
nsi --metrics="$T_TMP/no/such/dir/nsinspect.prom"
t_unexpected_err "$T_TMP/err" >"$T_TMP/err2"
if [ "$T_RC" -eq 1 ] && [ "$(wc -l <"$T_TMP/err2")" -eq 1 ] &&
	grep -q "^nsinspect: cannot write '$T_TMP/no/such/dir/nsinspect.prom': No such file or directory" "$T_TMP/err2"; then
	ok "a directory that does not exist: exit 1, one line"
else
	not_ok "a directory that does not exist: exit 1, one line" "exit status $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi
"$NSINSPECT" --metrics >/dev/full 2>"$T_TMP/err"
RC=$?
if [ "$RC" -eq 1 ] && grep -q "No space left on device" "$T_TMP/err"; then
	ok "nsinspect --metrics > /dev/full: exit 1"
else
	not_ok "nsinspect --metrics > /dev/full: exit 1" "exit status $RC"
	diag_file "$T_TMP/err" "stderr"
fi

# ------------------------------------------------ --interval: a daemon

# ts FILE - the file's nsinspect_scan_timestamp_seconds, or nothing.
ts() {
	awk '$1 == "nsinspect_scan_timestamp_seconds" { print $2 }' "$1" 2>/dev/null
}

# ts_after FILE T - whether the file's timestamp is later than T.
ts_after() {
	_ta=$(ts "$1")
	[ -n "$_ta" ] && awk -v a="$_ta" -v b="$2" 'BEGIN { exit !(a > b) }'
}

LOOP=$T_TMP/loop
mkdir "$LOOP"
if mount -t tmpfs -o size=1m nsi-metrics-loop "$LOOP"; then
	t_add_mount "$LOOP"
	"$NSINSPECT" --metrics="$LOOP/nsinspect.prom" --interval 0.3 \
		>"$T_TMP/loop.out" 2>"$T_TMP/loop.err" </dev/null &
	LPID=$!
	T_PIDS="$T_PIDS $LPID"
	t_wait 100 test -s "$LOOP/nsinspect.prom"
	T1=$(ts "$LOOP/nsinspect.prom")
	t_wait 30 ts_after "$LOOP/nsinspect.prom" "${T1:-0}"
	T2=$(ts "$LOOP/nsinspect.prom")
	t_wait 30 ts_after "$LOOP/nsinspect.prom" "${T2:-0}"
	T3=$(ts "$LOOP/nsinspect.prom")
	if [ -n "$T1" ] && awk -v a="$T1" -v b="$T2" -v c="$T3" \
		'BEGIN { exit !(b - a >= 0.1 && c - b >= 0.1 && c - a < 10) }' &&
		promtool check metrics <"$LOOP/nsinspect.prom" >"$T_TMP/pc" 2>&1 &&
		[ ! -s "$T_TMP/pc" ]; then
		ok "--metrics=FILE --interval 0.3: rewritten every interval ($T1, $T2, $T3)"
	else
		not_ok "--metrics=FILE --interval 0.3: rewritten every interval" \
			"scan timestamps: '$T1' '$T2' '$T3'"
		diag_file "$T_TMP/loop.err" "stderr"
	fi
	# a full disk: one line, the loop goes on and writes again once
	# there is room
	dd if=/dev/zero of="$LOOP/fill" bs=64k count=64 2>/dev/null
	t_wait 50 grep -q "No space left on device" "$T_TMP/loop.err"
	T4=$(ts "$LOOP/nsinspect.prom")
	rm -f "$LOOP/fill"
	if grep -q "^nsinspect: cannot write '$LOOP/nsinspect.prom': No space left on device" \
		"$T_TMP/loop.err" && t_wait 50 ts_after "$LOOP/nsinspect.prom" "${T4:-0}" &&
		kill -0 "$LPID" 2>/dev/null; then
		ok "--interval: a full disk is one line a time, the next interval writes again"
	else
		not_ok "--interval: a full disk is one line a time, the next interval writes again" \
			"timestamp before the disk had room: '$T4', now '$(ts "$LOOP/nsinspect.prom")'"
		diag_file "$T_TMP/loop.err" "stderr"
	fi
	kill -TERM "$LPID"
	wait "$LPID"
	RC=$?
	if [ "$RC" -eq 0 ] && [ ! -s "$T_TMP/loop.out" ] &&
		[ "$(find "$LOOP" -name '*.tmp.*' | wc -l)" -eq 0 ] &&
		[ -s "$LOOP/nsinspect.prom" ]; then
		ok "--interval: SIGTERM ends it with status 0, no temporary file left"
	else
		not_ok "--interval: SIGTERM ends it with status 0, no temporary file left" \
			"exit status $RC"
		ls -la "$LOOP" >"$T_TMP/ls"
		diag_file "$T_TMP/ls" "the directory"
	fi
else
	not_ok "--interval: cannot mount a tmpfs"
fi
nsi --metrics --interval 1
if [ "$T_RC" -eq 2 ] && grep -q "^nsinspect: --metrics --interval needs a file: --metrics=FILE" "$T_TMP/err"; then
	ok "--metrics --interval without a file: exit 2, one line"
else
	not_ok "--metrics --interval without a file: exit 2, one line" "exit status $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi

t_kill "$PROM_PID" "$NE_PID"
t_finish
