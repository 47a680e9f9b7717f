#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# cli.sh - nsinspect's command line: options, exit codes, messages, the
# JSON schema, table formats and the escaping of hostile process names.
. "$(dirname "$0")/lib.sh"

require_cmd jq python3 jsonschema bash ps stat awk script unshare ip
require_nsinspect
require_file "$SCHEMA" "the JSON schema"

NS_COLS="NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS"
NS_KEYS='["ns","type","path","nprocs","pid","ppid","command","uid","user","netnsid","nsfs","pns","ons","container","containers","hostname","uid_map","gid_map","rules","holder","held_by","holders","tid"]'
CAPS_COLS="PID USER COMMAND CAPINH CAPPRM CAPEFF CAPBND CAPAMB CAPTEXT NNP SECCOMP"
TYPES="mnt net pid user uts ipc cgroup time"
ESC=$(printf '\033')

# t_dead_pid - a PID that existed a moment ago and does not now.
t_dead_pid() {
	sh -c 'exit 0' &
	_p=$!
	wait "$_p"
	while [ -e "/proc/$_p" ]; do
		sh -c 'exit 0' &
		_p=$!
		wait "$_p"
	done
	echo "$_p"
}

# one_line_error DESC RC ARGS... - nsinspect ARGS exits RC with nothing on
# stdout (one test), and says why in exactly one line on stderr (another).
one_line_error() {
	_e_d=$1
	_want=$2
	shift 2
	nsi "$@"
	if [ "$T_RC" -eq "$_want" ] && [ ! -s "$T_TMP/out" ]; then
		ok "$_e_d"
	else
		not_ok "$_e_d" "nsinspect $*: expected exit $_want and empty stdout" \
			"got exit $T_RC, $(wc -c <"$T_TMP/out") stdout bytes"
		diag_file "$T_TMP/err" "stderr"
	fi
	if [ "$(grep -c . "$T_TMP/err")" -eq 1 ] && [ "$(wc -l <"$T_TMP/err")" -eq 1 ]; then
		ok "$_e_d: one line on stderr"
	else
		not_ok "$_e_d: one line on stderr" \
			"got $(wc -l <"$T_TMP/err") line(s)"
		diag_file "$T_TMP/err" "stderr"
	fi
}

# header_words FILE - the first line with its words separated by one space.
header_words() {
	head -n 1 "$1" | awk '{$1 = $1; print}'
}

# ------------------------------------------------------------- --help

nsi --help
cp "$T_TMP/out" "$T_TMP/help"
if [ "$T_RC" -eq 0 ] && [ ! -s "$T_TMP/err" ] && [ -s "$T_TMP/help" ]; then
	ok "--help exits 0 with text on stdout only"
else
	not_ok "--help exits 0 with text on stdout only" "exit $T_RC"
	diag_file "$T_TMP/err" "stderr"
fi

missing=""
for c in $NS_COLS $CAPS_COLS; do
	# the name, then its description on the same line
	grep -Eq "^[[:space:]]*${c}[[:space:]]+[^[:space:]]" "$T_TMP/help" ||
		missing="$missing $c"
done
if [ -z "$missing" ]; then
	ok "--help lists every column with a description"
else
	not_ok "--help lists every column with a description" \
		"not listed (as 'NAME  description'):$missing"
fi

missing=""
for o in -t -p --caps -o --output-all -J -r -n -l -h -V; do
	grep -Eq -- "(^|[^[:alnum:]-])$o([^[:alnum:]-]|$)" "$T_TMP/help" || missing="$missing $o"
done
if [ -z "$missing" ]; then
	ok "--help mentions every option"
else
	not_ok "--help mentions every option" "not mentioned:$missing"
fi

nsi -h
if [ "$T_RC" -eq 0 ] && cmp -s "$T_TMP/out" "$T_TMP/help"; then
	ok "-h prints the same as --help"
else
	not_ok "-h prints the same as --help" "exit $T_RC"
fi

# ----------------------------------------------------------- --version

version=$(sed -n 's/^AC_INIT(\[nsinspect\], *\[\([^]]*\)\].*/\1/p' "$T_TOP/configure.ac")
for opt in --version -V; do
	nsi "$opt"
	if [ -n "$version" ] && [ "$T_RC" -eq 0 ] && [ ! -s "$T_TMP/err" ] &&
	   grep -q nsinspect "$T_TMP/out" && grep -qF "$version" "$T_TMP/out"; then
		ok "$opt prints the name and version $version"
	else
		not_ok "$opt prints the name and version $version" "exit $T_RC"
		diag_file "$T_TMP/out" "stdout"
		diag_file "$T_TMP/err" "stderr"
	fi
done

# ----------------------------------------------------------- exit codes

one_line_error "unknown option exits 2" 2 --no-such-option
one_line_error "unknown short option exits 2" 2 -Z
one_line_error "-p without argument exits 2" 2 -p
one_line_error "-p abc exits 2" 2 -p abc
one_line_error "-p 12abc exits 2" 2 -p 12abc

dead=$(t_dead_pid)
one_line_error "-p of a non-existent PID ($dead) exits 1" 1 -p "$dead"
if grep -q "$dead" "$T_TMP/err"; then
	ok "the message of -p $dead names the PID"
else
	not_ok "the message of -p $dead names the PID"
	diag_file "$T_TMP/err" "stderr"
fi
one_line_error "--caps of a non-existent PID exits 1" 1 --caps "$dead"

one_line_error "unknown type exits 1" 1 -t bogus
missing=""
for t in $TYPES; do
	grep -qw "$t" "$T_TMP/err" || missing="$missing $t"
done
if [ -z "$missing" ]; then
	ok "the unknown type message lists the valid types"
else
	not_ok "the unknown type message lists the valid types" "missing:$missing"
	diag_file "$T_TMP/err" "stderr"
fi
one_line_error "unknown type in a list exits 1" 1 --ns net,bogus

one_line_error "unknown column exits 1" 1 -o NS,BOGUSCOL
if grep -qi boguscol "$T_TMP/err"; then
	ok "the unknown column message names the column"
else
	not_ok "the unknown column message names the column"
	diag_file "$T_TMP/err" "stderr"
fi
one_line_error "unknown column with + exits 1" 1 -o +BOGUSCOL

# message_is DESC RC TEXT ARGS... - one_line_error, and the line is
# "nsinspect: TEXT", the usage hint aside.
message_is() {
	_m_d=$1
	_m_rc=$2
	_m_t=$3
	shift 3
	one_line_error "$_m_d" "$_m_rc" "$@"
	if [ "$(sed "s/ (try 'nsinspect --help')\$//" "$T_TMP/err")" = "nsinspect: $_m_t" ]; then
		ok "$_m_d: says '$_m_t'"
	else
		not_ok "$_m_d: says '$_m_t'"
		diag_file "$T_TMP/err" "stderr"
	fi
}
message_is "-o '' names the problem" 2 "-o needs a column name (--help lists them)" -o ''
message_is "--iab -T names the option given" 2 \
	"options --iab and --tree are mutually exclusive" --iab -T
# what a message quotes of the command line is escaped: one line, no
# control sequence reaches the terminal
NL='
'
ESC=$(printf '\033')
message_is "--decode of a mask with a newline and ESC: one escaped line" 2 \
	'invalid capability mask '"'"'a\x0ab\x1b[31m'"'"' (hexadecimal, as CapEff in /proc/PID/status)' \
	--decode "a${NL}b${ESC}[31m"
message_is "-o of a column with a newline: one escaped line" 1 \
	"unknown column: 'X\\x0aY'" -o "X${NL}Y"
message_is "--container of a name with a newline: one escaped line" 1 \
	"no container 'a\\x0ab'" --container "a${NL}b"
message_is "--tree parent hints at --tree=parent" 2 \
	"invalid namespace 'parent' (the tree's relation is written --tree=parent)" --tree parent
message_is "-d 2 without --tui says what --delay says" 2 \
	"-d and --iterations go with --tui" -d 2
message_is "--delay 2 without --tui" 2 "-d and --iterations go with --tui" --delay 2
message_is "--tui -n 3: -n is --noheadings, as in lsns" 2 \
	"-n is --noheadings, as in lsns: the live view's count of refreshes is --iterations" --tui -n 3
message_is "--container of a 3-character prefix says it is too short" 1 \
	"no container 'abc' (an ID prefix needs at least 4 characters)" --container abc
# the same fault, the same words in every view
for _v in "" "--caps" "--audit" "-J"; do
	# shellcheck disable=SC2086
	message_is "--container of none ${_v:-(namespace view)}" 1 \
		"no container 'nsi-no-such-container'" $_v --container nsi-no-such-container
done

"$NSINSPECT" >/dev/full 2>"$T_TMP/err"
rc=$?
if [ "$rc" -eq 1 ] && [ -s "$T_TMP/err" ]; then
	ok "a write error (> /dev/full) exits 1 with a message"
else
	not_ok "a write error (> /dev/full) exits 1 with a message" "exit $rc"
	diag_file "$T_TMP/err" "stderr"
fi
"$NSINSPECT" -J >/dev/full 2>"$T_TMP/err"
rc=$?
if [ "$rc" -eq 1 ] && [ -s "$T_TMP/err" ]; then
	ok "a write error of -J exits 1 with a message"
else
	not_ok "a write error of -J exits 1 with a message" "exit $rc"
	diag_file "$T_TMP/err" "stderr"
fi

# ------------------------------------------------------------------ JSON

# json_ok DESC ARGS... - nsinspect ARGS gives JSON that jq parses and that
# is valid by $SCHEMA; the output is kept in $T_TMP/json.
json_ok() {
	_j_d=$1
	shift
	nsi_ok "$_j_d" "$@" || return 1
	cp "$T_TMP/out" "$T_TMP/json"
	if ! jq . "$T_TMP/json" >/dev/null 2>"$T_TMP/jqerr"; then
		not_ok "$_j_d" "jq cannot parse the output of nsinspect $*"
		diag_file "$T_TMP/jqerr" "jq"
		return 1
	fi
	if ! t_validate "$T_TMP/json" >"$T_TMP/valerr" 2>&1; then
		not_ok "$_j_d" "nsinspect $* is not valid by $SCHEMA"
		diag_file "$T_TMP/valerr" "jsonschema"
		return 1
	fi
	ok "$_j_d"
}

json_ok "-J parses and is valid by the schema" -J
cp "$T_TMP/json" "$T_TMP/ns.json"

# "unreadable" joins "namespaces" when (and only when) something could not
# be read, as the stderr line says
# "host_pid_namespace" is always there: true here (we run on the host)
if t_jq "$T_TMP/ns.json" '(keys == ["host_pid_namespace", "namespaces"] or keys == ["host_pid_namespace", "namespaces", "unreadable"]) and (.namespaces | type == "array" and length > 0) and .host_pid_namespace == true'; then
	ok "-J has a non-empty \"namespaces\" array, \"host_pid_namespace\": true, and perhaps \"unreadable\""
else
	not_ok "-J has a non-empty \"namespaces\" array, \"host_pid_namespace\": true, and perhaps \"unreadable\""
fi
"$NSINSPECT" -J >"$T_TMP/ns2.json" 2>"$T_TMP/ns2.err"
if [ -s "$T_TMP/ns2.err" ]; then
	n_ns=$(t_unreadable_count "$T_TMP/ns2.err")
	if t_jq "$T_TMP/ns2.json" --argjson n "${n_ns:-0}" '.unreadable.namespaces == $n and (.unreadable.reason | type == "string")'; then
		ok "-J: \"unreadable\" counts what the stderr line counts (${n_ns:-0} processes' namespaces)"
	else
		not_ok "-J: \"unreadable\" counts what the stderr line counts" "$(jq -c .unreadable "$T_TMP/ns2.json")" "$(cat "$T_TMP/ns2.err")"
	fi
else
	if t_jq "$T_TMP/ns2.json" 'has("unreadable") | not'; then
		ok "-J: everything read, no \"unreadable\" object"
	else
		not_ok "-J: everything read, no \"unreadable\" object"
	fi
fi

# nsfs, container, holder, held_by and tid are default columns only when
# some row has one (a thread, fd, socket or other mount namespace holder).
if t_jq "$T_TMP/ns.json" '
	([.namespaces[] | keys_unsorted | map(select(. != "nsfs" and . != "container" and . != "containers" and
		. != "holder" and . != "held_by" and . != "holders" and . != "tid"))]
	 | all(. == ["ns","type","nprocs","pid","ppid","user","command"])) and
	(([.namespaces[] | select(.held_by != null)] | length > 0) ==
	 (.namespaces[0] | has("held_by"))) and
	(([.namespaces[] | select(.container != null)] | length > 0) ==
	 (.namespaces[0] | has("container"))) and
	(([.namespaces[] | select(.nsfs != null)] | length > 0) ==
	 (.namespaces[0] | has("nsfs")))'; then
	ok "-J rows have the default keys ns,type,nprocs,pid,ppid,user,command (+nsfs, +container)"
else
	not_ok "-J rows have the default keys ns,type,nprocs,pid,ppid,user,command (+nsfs, +container)" \
		"first row keys: $(jq -c '.namespaces[0] | keys_unsorted' "$T_TMP/ns.json" 2>&1)"
fi

if t_jq "$T_TMP/ns.json" --arg types "$TYPES" '
	($types | split(" ")) as $t
	| all(.namespaces[];
		(.ns == null or (.ns | type == "number")) and
		(.type as $x | $t | index([$x]) != null) and
		(.nprocs | type == "number") and
		(.pid == null or (.pid | type == "number")) and
		(.ppid == null or (.ppid | type == "number")))'; then
	ok "-J values: numbers are JSON numbers, types are known"
else
	not_ok "-J values: numbers are JSON numbers, types are known" \
		"$(jq -c '[.namespaces[] | select((.ns != null and (.ns|type) != "number") or ((.nprocs|type) != "number"))][0]' "$T_TMP/ns.json" 2>&1)"
fi

bad=""
for t in $TYPES; do
	ino=$(t_ns_ino $$ "$t")
	[ -n "$ino" ] || continue
	t_jq "$T_TMP/ns.json" '[.namespaces[] | select(.ns == $ino and .type == $t)] | length == 1' \
		--argjson ino "$ino" --arg t "$t" || bad="$bad $t:$ino"
done
if [ -z "$bad" ]; then
	ok "-J has one row for each namespace of this shell"
else
	not_ok "-J has one row for each namespace of this shell" "missing or repeated:$bad"
fi

if stat -L /proc/1/ns/net >/dev/null 2>&1; then
	skip "PID 1's namespace links are readable here"
else
	if t_jq "$T_TMP/ns.json" '[.namespaces[] | select(.ns == null and .type == "net" and .nprocs >= 1)] | length == 1'; then
		ok "processes with unreadable links (PID 1) form a net row with ns null"
	else
		not_ok "processes with unreadable links (PID 1) form a net row with ns null" \
			"$(jq -c '[.namespaces[] | select(.ns == null)]' "$T_TMP/ns.json" 2>&1)"
	fi
fi

json_ok "--output-all -J is valid by the schema" --output-all -J
if t_jq "$T_TMP/json" --argjson k "$NS_KEYS" 'all(.namespaces[]; keys_unsorted == $k)'; then
	ok "--output-all gives every column, in order"
else
	not_ok "--output-all gives every column, in order" \
		"expected keys: $NS_KEYS" \
		"first row: $(jq -c '.namespaces[0] | keys_unsorted' "$T_TMP/json" 2>&1)"
fi

json_ok "--caps \$\$ -J is valid by the schema" --caps $$ -J
# "unreadable" when some user namespace links cannot be read (PID 1's, here)
if t_jq "$T_TMP/json" --argjson pid $$ '(keys - ["unreadable"] == ["host_pid_namespace", "processes"]) and .host_pid_namespace == true and (.processes | length == 1) and .processes[0].pid == $pid'; then
	ok "--caps \$\$ -J has one process row for \$\$"
else
	not_ok "--caps \$\$ -J has one process row for \$\$"
	diag_file "$T_TMP/json" "output"
fi
json_ok "--caps -J is valid by the schema" --caps -J
json_ok "--ns net -J is valid by the schema" --ns net -J
json_ok "-o NS,TYPE -J is valid by the schema" -o NS,TYPE -J
if t_jq "$T_TMP/json" 'all(.namespaces[]; keys_unsorted == ["ns","type"])'; then
	ok "-o NS,TYPE -J rows have exactly the keys ns, type"
else
	not_ok "-o NS,TYPE -J rows have exactly the keys ns, type" \
		"first row: $(jq -c '.namespaces[0]' "$T_TMP/json" 2>&1)"
fi

# ---------------------------------------------------------- table forms

h=""
if nsi_ok "default table" ; then
	cp "$T_TMP/out" "$T_TMP/table"
	h=$(header_words "$T_TMP/table")
	case "$h" in
	"NS TYPE NPROCS PID PPID USER COMMAND" | "NS TYPE NPROCS PID PPID USER "*COMMAND* )
		ok "default header is NS TYPE NPROCS PID PPID USER COMMAND (+NSFS)" ;;
	*) not_ok "default header is NS TYPE NPROCS PID PPID USER COMMAND (+NSFS)" "header: $h" ;;
	esac
fi
if [ -n "$h" ]; then
	# columns that come with what the machine holds (any user's
	# namespace held by a thread brings TID, say)
	hd=$(echo "$h" | tr ' ' '\n' | grep -Ev '^(NSFS|CONTAINER|HOLDER|HELD_BY|TID)$' | tr '\n' ' ')
	if [ "$hd" = "NS TYPE NPROCS PID PPID USER COMMAND " ]; then
		ok "default header has no other column"
	else
		not_ok "default header has no other column" "header: $h"
	fi
fi

if nsi_ok "-n table" -n; then
	if grep -Eq '^[[:space:]]*NS[[:space:]]+TYPE[[:space:]]' "$T_TMP/out"; then
		not_ok "-n prints no header" "a header line was printed"
		diag_file "$T_TMP/out" "output"
	elif awk 'NR == 1 { exit !($1 ~ /^([0-9]+|unknown)$/) }' "$T_TMP/out"; then
		ok "-n prints no header"
	else
		not_ok "-n prints no header" "first line: $(head -n 1 "$T_TMP/out")"
	fi
fi

if nsi_ok "-o NS,TYPE" -o NS,TYPE; then
	h=$(header_words "$T_TMP/out")
	n=$(awk 'NF != 2' "$T_TMP/out" | wc -l)
	if [ "$h" = "NS TYPE" ] && [ "$n" -eq 0 ]; then
		ok "-o NS,TYPE gives exactly 2 columns"
	else
		not_ok "-o NS,TYPE gives exactly 2 columns" "header: $h; $n line(s) without 2 fields"
		diag_file "$T_TMP/out" "output"
	fi
fi

if nsi_ok "-o ns,type (lower case)" -o ns,type; then
	is "$(header_words "$T_TMP/out")" "NS TYPE" "-o takes column names case-insensitively"
fi

# -o +UID: the defaults plus UID, last.  Compared on the JSON keys so that
# NSFS (shown when an nsfs mount exists somewhere) cannot confuse it.  The
# defaults follow what the machine holds (NSFS, HOLDER, HELD_BY, TID,
# CONTAINER come and go with other users' namespaces): a pair of runs
# whose defaults changed in between is taken again, up to 5 times.
if nsi_ok "-J" -J; then
	for _try in 1 2 3 4 5; do
		k0=$(jq -c '.namespaces[0] | keys_unsorted' "$T_TMP/out")
		nsi -o +UID -J || break
		k1=$(jq -c '.namespaces[0] | keys_unsorted' "$T_TMP/out")
		[ "$k1" = "$(echo "$k0" | jq -c '. + ["uid"]')" ] && break
		nsi -J || break
	done
	if nsi_ok "-o +UID -J" -o +UID -J; then
		is "$k1" "$(echo "$k0" | jq -c '. + ["uid"]')" "-o +UID -J adds uid to the default keys"
		if t_jq "$T_TMP/out" 'all(.namespaces[]; .uid == null or (.uid | type == "number"))'; then
			ok "-o +UID: uid values are numbers"
		else
			not_ok "-o +UID: uid values are numbers"
		fi
	fi
fi
if nsi_ok "-o +UID table" -o +UID; then
	h=$(header_words "$T_TMP/out")
	case "$h" in
	"NS TYPE NPROCS PID PPID USER "*" UID") ok "-o +UID appends UID to the default header" ;;
	*) not_ok "-o +UID appends UID to the default header" "header: $h" ;;
	esac
fi

if nsi_ok "-l" -l; then
	h=$(header_words "$T_TMP/out")
	case "$h" in
	"NS TYPE NPROCS PID PPID USER "*COMMAND*) ok "-l is accepted and prints the list" ;;
	*) not_ok "-l is accepted and prints the list" "header: $h" ;;
	esac
fi

if nsi_ok "-t uts,net" -t uts,net -J; then
	types=$(jq -r '[.namespaces[].type] | unique | join(",")' "$T_TMP/out")
	is "$types" "net,uts" "-t uts,net lists only (and both) uts and net"
fi
if nsi_ok "--type pid" --type pid -J; then
	types=$(jq -r '[.namespaces[].type] | unique | join(",")' "$T_TMP/out")
	is "$types" "pid" "--type pid lists only pid namespaces"
fi
if nsi_ok "--ns uts" --ns uts -J; then
	types=$(jq -r '[.namespaces[].type] | unique | join(",")' "$T_TMP/out")
	is "$types" "uts" "--ns is an alias of --type"
fi
if nsi_ok "-t net" -t net -J; then
	k=$(jq -c '.namespaces[0] | keys_unsorted | map(select(. != "container" and . != "containers" and
		. != "holder" and . != "held_by" and . != "holders" and . != "tid"))' "$T_TMP/out")
	is "$k" '["ns","type","nprocs","pid","ppid","user","netnsid","nsfs","command"]' \
		"-t net default columns are NS TYPE NPROCS PID PPID USER NETNSID NSFS (CONTAINER) COMMAND"
fi

if nsi_ok "-p \$\$" -p $$ -J -o NS,TYPE,NPROCS; then
	want=""
	for t in $TYPES; do
		ino=$(t_ns_ino $$ "$t") && want="$want$ino $t
"
	done
	got=$(jq -r '.namespaces[] | "\(.ns) \(.type)"' "$T_TMP/out" | sort)
	is "$got" "$(printf '%s' "$want" | sort)" "-p \$\$ lists exactly the namespaces of this shell"
	if t_jq "$T_TMP/out" 'all(.namespaces[]; .nprocs >= 1)'; then
		ok "-p \$\$: NPROCS counts the whole namespace"
	else
		not_ok "-p \$\$: NPROCS counts the whole namespace"
	fi
fi
if nsi_ok "--pid \$\$" --pid $$ -J -o NS,TYPE; then
	got2=$(jq -r '.namespaces[] | "\(.ns) \(.type)"' "$T_TMP/out" | sort)
	is "$got2" "$got" "--pid is the long form of -p"
fi

# ------------------------------------------------- hostile process name

# A process whose argv[0] holds an ESC sequence and a newline, alone in its
# own UTS namespace so that it is the one PID shown for that namespace.
evil_cmd=$(printf 'evil\033[31mred\nline 300')
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	t_spawn "$T_TMP/evil.log" unshare --uts bash -c \
		'exec -a "$(printf "evil\033[31mred\nline")" sleep 300'
else
	t_spawn "$T_TMP/evil.log" bash -c \
		'exec -a "$(printf "evil\033[31mred\nline")" sleep 300'
fi
evil=$T_SPAWNED
evil_ready() {
	t_comm_is "$evil" sleep && head -c 4 "/proc/$evil/cmdline" | grep -q evil
}
if ! t_wait 100 evil_ready; then
	not_ok "start a process with a hostile name"
	diag_file "$T_TMP/evil.log" "its output"
else
	# and a comm with an ESC in it
	printf 'x\033[1mcomm' >"/proc/$evil/comm" 2>/dev/null
	evil_uts=$(t_ns_ino "$evil" uts)

	# tables
	leak=""
	for args in "" "-t uts" "-r" "-r -t uts" "--output-all" "--caps $evil" \
		    "--caps $evil -r" "--caps"; do
		# shellcheck disable=SC2086
		"$NSINSPECT" $args >"$T_TMP/t" 2>"$T_TMP/e"
		if grep -q "$ESC" "$T_TMP/t" "$T_TMP/e"; then
			leak="$leak [$args: raw ESC]"
		fi
		if grep -q '^line 300' "$T_TMP/t"; then
			leak="$leak [$args: raw newline]"
		fi
	done
	if [ -z "$leak" ]; then
		ok "tables print no raw ESC or newline of a hostile name"
	else
		not_ok "tables print no raw ESC or newline of a hostile name" "leaks:$leak"
	fi

	if [ "$evil_uts" != "$(t_ns_ino $$ uts)" ]; then
		if nsi_ok "-t uts table with a hostile name" -t uts; then
			if grep "^ *$evil_uts " "$T_TMP/out" | grep -q evil; then
				ok "the hostile name is shown (escaped) in the table"
			else
				not_ok "the hostile name is shown (escaped) in the table"
				diag_file "$T_TMP/out" "output"
			fi
		fi
		if nsi_ok "-t uts -J with a hostile name" -t uts -J; then
			if t_jq "$T_TMP/out" '[.namespaces[] | select(.ns == $ino)][0].command == $want' \
				--argjson ino "$evil_uts" --arg want "$evil_cmd"; then
				ok "-J keeps the exact hostile command line"
			else
				not_ok "-J keeps the exact hostile command line" \
					"expected: $evil_cmd" \
					"actual:   $(jq -r '[.namespaces[] | select(.ns == '"$evil_uts"')][0].command' "$T_TMP/out")"
			fi
		fi
		# Columns that are never empty on these rows: raw output
		# separates them by exactly one space.
		if nsi_ok "-r -t uts" -r -t uts -o NS,TYPE,NPROCS,PID,USER,COMMAND; then
			line=$(grep "^$evil_uts " "$T_TMP/out")
			nf=$(echo "$line" | awk '{print NF}')
			hf=$(head -n 1 "$T_TMP/out" | awk '{print NF}')
			if [ -n "$line" ] && [ "$nf" = "$hf" ] &&
			   ! echo "$line" | grep -q '  ' &&
			   ! echo "$line" | grep -Eq '^ | $'; then
				ok "-r: the row with a hostile name is single-space separated"
			else
				not_ok "-r: the row with a hostile name is single-space separated" \
					"header fields: $hf, row fields: $nf" "row: $line"
			fi
		fi
	else
		skip "not root: the hostile process has no namespace of its own"
	fi

	if nsi_ok "--caps PID -J with a hostile name" --caps "$evil" -J; then
		if t_jq "$T_TMP/out" '.processes[0].command == $want' --arg want "$evil_cmd"; then
			ok "--caps -J keeps the exact hostile command line"
		else
			not_ok "--caps -J keeps the exact hostile command line" \
				"actual: $(jq -r '.processes[0].command' "$T_TMP/out")"
		fi
	fi
	t_kill "$evil"
fi

# -r on every row: single spaces, as many fields as the header, where no
# cell is empty (rows with a process, NS known; a namespace only a thread
# is in has no PID).
if nsi_ok "-r -o NS,TYPE,NPROCS,PID,USER,COMMAND" -r -o NS,TYPE,NPROCS,PID,USER,COMMAND; then
	bad=$(awk 'NR > 1 && $3 > 0 && $4 ~ /^[0-9]+$/ && (NF != 6 || /  / || /^ / || / $/)' "$T_TMP/out")
	h=$(head -n 1 "$T_TMP/out")
	if [ "$h" = "NS TYPE NPROCS PID USER COMMAND" ] && [ -z "$bad" ]; then
		ok "-r output is single-space separated, one field per column"
	else
		not_ok "-r output is single-space separated, one field per column" \
			"header: $h" "bad rows: $(echo "$bad" | head -n 3)"
	fi
fi

# ------------------------------------------------------------ SIGPIPE

# A reader that goes away early must not make nsinspect complain: nothing
# on stderr but the documented warning about unreadable namespace links
# (which does not concern the pipe; the --caps view has no such warning, so
# there stderr must be empty), exit 0 or death by SIGPIPE (141).
# pipe_quiet DESC READER NSINSPECT-ARGS...
pipe_quiet() {
	_p_d=$1
	_reader=$2
	shift 2
	{ "$NSINSPECT" "$@" 2>"$T_TMP/err1"; echo $? >"$T_TMP/rc1"; } | $_reader >/dev/null
	_rc=$(cat "$T_TMP/rc1")
	if ! t_unexpected_err "$T_TMP/err1" >/dev/null &&
	   { [ "$_rc" -eq 0 ] || [ "$_rc" -eq 141 ]; }; then
		ok "$_p_d (exit $_rc)"
	else
		not_ok "$_p_d" "exit $_rc"
		diag_file "$T_TMP/err1" "stderr"
	fi
}
pipe_quiet "nsinspect | head -1 exits quietly" "head -n 1"
pipe_quiet "nsinspect --output-all | true (reader gone) exits quietly" true --output-all
pipe_quiet "nsinspect --caps | head -1 exits quietly" "head -n 1" --caps
pipe_quiet "nsinspect --caps --output-all | true exits quietly" true --caps --output-all

# With SIGPIPE ignored the write fails with EPIPE instead: still quiet.
{ (trap '' PIPE; exec "$NSINSPECT" --caps --output-all -J 2>"$T_TMP/err1"); echo $? >"$T_TMP/rc1"; } | true
rc=$(cat "$T_TMP/rc1")
if ! t_unexpected_err "$T_TMP/err1" >/dev/null; then
	ok "with SIGPIPE ignored, EPIPE is quiet (exit $rc)"
else
	not_ok "with SIGPIPE ignored, EPIPE is quiet" "exit $rc"
	diag_file "$T_TMP/err1" "stderr"
fi

# ------------------------------------------- unreadable namespace links

# unreadable_count - processes whose net link cannot be read (not zombies,
# not gone), from /proc; their PIDs, ascending, in $T_TMP/unreadable.pids.
unreadable_count() {
	_n=0
	: >"$T_TMP/unreadable.pids"
	for _pd in /proc/[0-9]*; do
		[ -e "$_pd/ns" ] || continue
		stat -L "$_pd/ns/net" >/dev/null 2>&1 && continue
		# a zombie or a process that has just exited has no links
		grep -q '^State:.*Z' "$_pd/status" 2>/dev/null && continue
		[ -e "$_pd/status" ] || continue
		_n=$((_n + 1))
		echo "${_pd#/proc/}" >>"$T_TMP/unreadable.pids"
	done
	echo "$_n"
}
try=1
while :; do
	before=$(unreadable_count)
	nsi -J
	after=$(unreadable_count)
	if [ "$before" = "$after" ] || [ "$try" -ge 3 ]; then
		break
	fi
	try=$((try + 1))
done
if [ "$before" -eq 0 ]; then
	if [ -s "$T_TMP/err" ]; then
		not_ok "with every link readable, stderr is empty"
		diag_file "$T_TMP/err" "stderr"
	else
		ok "with every link readable, stderr is empty"
	fi
else
	if [ "$T_RC" -eq 0 ] && [ "$(wc -l <"$T_TMP/err")" -eq 1 ] &&
	   grep -Eq "$T_UNREADABLE_RE" "$T_TMP/err" &&
	   [ "$(t_unreadable_count "$T_TMP/err")" = "$before" ]; then
		ok "$before process(es) with unreadable links: exit 0 and one line on stderr with the count"
		# at most three are named, as "PID 1" or "PIDs 1, 5 and 9"
		_named=$(sort -n "$T_TMP/unreadable.pids" | awk '{ p[NR] = $1 }
			END { s = NR == 1 ? "PID " : "PIDs "
			      for (i = 1; i <= NR; i++)
				s = s (i == 1 ? "" : i == NR ? " and " : ", ") p[i]
			      print s }')
		if [ "$before" -gt 3 ] || grep -q "of $_named[,:]" "$T_TMP/err"; then
			ok "the line names the processes when they are at most three (${_named:-more})"
		else
			not_ok "the line names the processes when they are at most three" \
				"expected '$_named'"
			diag_file "$T_TMP/err" "stderr"
		fi
	else
		not_ok "$before process(es) with unreadable links: exit 0 and one line on stderr with the count" \
			"exit $T_RC"
		diag_file "$T_TMP/err" "stderr"
	fi
	ntypes=0
	for f in /proc/self/ns/*; do
		case "$f" in *_for_children) ;; *) ntypes=$((ntypes + 1)) ;; esac
	done
	if t_jq "$T_TMP/out" --argjson n "$before" --argjson k "$ntypes" \
		'[.namespaces[] | select(.ns == null) | .nprocs] | length == $k and all(. == $n)'; then
		ok "one row with ns null per type, counting those $before process(es)"
	else
		not_ok "one row with ns null per type, counting those $before process(es)" \
			"$(jq -c '[.namespaces[] | select(.ns == null) | [.type, .nprocs]]' "$T_TMP/out")"
	fi
fi

# ------------------------------------------------- namespace argument

# "nsinspect [options] [namespace]" (--help): only that namespace.
ino=$(t_ns_ino $$ net)
if nsi_ok "nsinspect NS" -J -o NS,TYPE "$ino"; then
	is "$(jq -c '[.namespaces[] | [.ns, .type]]' "$T_TMP/out")" "[[$ino,\"net\"]]" \
		"a namespace argument lists only that namespace"
fi

# ---------------------------------------------- --caps default columns

if nsi_ok "--caps \$\$ -J" --caps $$ -J; then
	is "$(jq -c '.processes[0] | keys_unsorted' "$T_TMP/out")" \
		'["pid","user","command","capinh","capprm","capeff","capbnd","capamb","captext","nnp","seccomp","userns","initial_userns","container"]' \
		"--caps PID default columns"
	if t_jq "$T_TMP/out" '.processes[0] | (.nnp | type == "boolean") and
		([.capinh, .capprm, .capeff, .capbnd, .capamb] | all(
			(.mask | test("^0x[0-9a-f]{16}$")) and (.names | type == "array")))'; then
		ok "--caps PID -J: sets are {mask, names}, nnp is a boolean"
	else
		not_ok "--caps PID -J: sets are {mask, names}, nnp is a boolean"
	fi
fi
# as lsns(8): a namespace inode that no namespace has is an error
for args in "99" "-J 99" "-t net $(t_ns_ino $$ pid)"; do
	# shellcheck disable=SC2086
	nsi $args
	if [ "$T_RC" -eq 1 ] && [ ! -s "$T_TMP/out" ] &&
	   [ "$(t_unexpected_err "$T_TMP/err")" = "nsinspect: no namespace with inode ${args##* }$(case $args in -t*) echo " of the types given" ;; esac)" ]; then
		ok "nsinspect $args: exit 1, one line, no output"
	else
		not_ok "nsinspect $args: exit 1, one line, no output" "exit $T_RC"
		diag_file "$T_TMP/err" "stderr"
		diag_file "$T_TMP/out" "stdout"
	fi
done
nsi_ok "the namespace of this shell by inode" "$(t_ns_ino $$ net)" &&
	is "$(awk 'NR == 2 {print $1}' "$T_TMP/out")" "$(t_ns_ino $$ net)" \
		"nsinspect INODE of an existing namespace: its row, exit 0"

if nsi_ok "--caps -J" --caps -J; then
	# tid and threads: when a thread's capability sets are its own
	is "$(jq -c '.processes[0] | keys_unsorted |
		map(select(. != "container" and . != "tid" and . != "threads"))' "$T_TMP/out")" \
		'["pid","ppid","user","captext","capamb","nnp","seccomp","userns","initial_userns","name"]' \
		"--caps default columns without PIDs (container before command, TID after PID when any)"
	is "$(jq -c '([.processes[] | select(.container != null)] | length > 0) == (.processes[0] | has("container"))' "$T_TMP/out")" \
		true "--caps shows CONTAINER exactly when a process runs in one"
	is "$(jq -c '[.processes[].pid] | . == sort' "$T_TMP/out")" true \
		"--caps rows are ordered by PID"
fi

# ------------------------------------------- the options of lsns(8)

# -H: the columns --help lists for the view, and nothing else
nsi --help
awk '/^Namespace columns:/ { on = 1; next } /^$/ { on = 0 } on' "$T_TMP/out" >"$T_TMP/help.ns"
awk '/^Process columns/ { on = 1; next } /^$/ { on = 0 } on' "$T_TMP/out" >"$T_TMP/help.proc"
nsi -H
if [ "$T_RC" -eq 0 ] && [ -s "$T_TMP/help.ns" ] && cmp -s "$T_TMP/out" "$T_TMP/help.ns"; then
	ok "-H lists the namespace columns as --help does ($(wc -l <"$T_TMP/out"))"
else
	not_ok "-H lists the namespace columns as --help does" "exit $T_RC"
	diag_file "$T_TMP/out" "output"
fi
nsi --caps --list-columns
if [ "$T_RC" -eq 0 ] && [ -s "$T_TMP/help.proc" ] && cmp -s "$T_TMP/out" "$T_TMP/help.proc"; then
	ok "--caps --list-columns lists the process columns"
else
	not_ok "--caps --list-columns lists the process columns" "exit $T_RC"
fi

# --task is -p; -T is --tree (NPROCS left out: other processes come and go
# between the two runs on a busy machine)
nsi -p $$ -o NS,TYPE,PID -n
cp "$T_TMP/out" "$T_TMP/p.out"
nsi --task $$ -o NS,TYPE,PID -n
is "$(cat "$T_TMP/out")" "$(cat "$T_TMP/p.out")" "--task PID prints what -p PID prints"
nsi --tree=parent -t pid,user -o NS,TYPE -n
cp "$T_TMP/out" "$T_TMP/tree.out"
nsi -Tparent -t pid,user -o NS,TYPE -n
is "$(cat "$T_TMP/out")" "$(cat "$T_TMP/tree.out")" "-Tparent prints what --tree=parent prints"

# -P: only namespaces no process is in; -W: a list cell on one line, a
# comma in an item escaped
PNAME="nsi-cli-p,$$"
if ip netns add "$PNAME" 2>"$T_TMP/ip.err"; then
	t_add_netns "$PNAME"
	PINO=$(stat -L -c %i "/run/netns/$PNAME")
	touch "$T_TMP/second"
	mount --bind "/run/netns/$PNAME" "$T_TMP/second" && t_add_mount "$T_TMP/second"
	t_spawn "$T_TMP/unshare.out" unshare --net sleep 600
	t_wait 50 sh -c "[ \"\$(readlink /proc/$T_SPAWNED/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
	BUSY=$(stat -L -c %i "/proc/$T_SPAWNED/ns/net")
	nsi -P -J
	if [ "$T_RC" -eq 0 ] &&
		t_jq "$T_TMP/out" --argjson p "$PINO" --argjson b "$BUSY" \
		'(.namespaces | length > 0) and all(.namespaces[]; .nprocs == 0) and
		 any(.namespaces[]; .ns == $p) and all(.namespaces[]; .ns != $b)'; then
		ok "-P: only namespaces with no process, the ip netns one among them"
	else
		not_ok "-P: only namespaces with no process, the ip netns one among them" \
			"want $PINO, not $BUSY"
		diag_file "$T_TMP/out" "output"
	fi
	nsi -P -W -t net -o NS,NSFS -n
	_line=$(awk -v p="$PINO" '$1 == p' "$T_TMP/out")
	_esc=$(printf '%s' "$PNAME" | sed 's/,/\\x2c/')
	case $_line in
	*"/run/netns/$_esc,$T_TMP/second"* | *"$T_TMP/second,/run/netns/$_esc"*)
		ok "-W: both nsfs paths on one line, the comma of the name escaped" ;;
	*)
		not_ok "-W: both nsfs paths on one line, the comma of the name escaped" \
			"line: '$_line'"
		diag_file "$T_TMP/out" "output" ;;
	esac
	nsi -P -t net -o NS,NSFS -n
	if [ "$(grep -c "run/netns/$PNAME\|$T_TMP/second" "$T_TMP/out")" -eq 2 ]; then
		ok "without -W: one nsfs path a line"
	else
		not_ok "without -W: one nsfs path a line"
		diag_file "$T_TMP/out" "output"
	fi
	t_kill "$T_SPAWNED"
else
	not_ok "set up: ip netns add $PNAME"
	diag_file "$T_TMP/ip.err" "ip"
fi
one_line_error "--caps -P exits 2" 2 --caps -P

# -u: on a 60-column terminal, a command line is cut without it, whole
# with it
t_spawn "$T_TMP/long.out" unshare --uts bash -c "exec -a nsi-$(printf 'x%.0s' $(seq 150)) sleep 600"
t_wait 50 grep -q "^nsi-xxx" "/proc/$T_SPAWNED/cmdline"
script -qec "stty cols 60; $NSINSPECT -p $T_SPAWNED -t uts -o PID,COMMAND" /dev/null >"$T_TMP/cut.out" 2>&1
script -qec "stty cols 60; $NSINSPECT -u -p $T_SPAWNED -t uts -o PID,COMMAND" /dev/null >"$T_TMP/whole.out" 2>&1
if grep -q "nsi-x\{150\}" "$T_TMP/whole.out" && ! grep -q "nsi-x\{150\}" "$T_TMP/cut.out"; then
	ok "-u: the command line whole on a 60-column terminal (cut without it)"
else
	not_ok "-u: the command line whole on a 60-column terminal (cut without it)"
	diag_file "$T_TMP/whole.out" "with -u"
	diag_file "$T_TMP/cut.out" "without"
fi
t_kill "$T_SPAWNED"

# ------------------------------------------------------------- locale

# a UTF-8 locale shows a name as written, and draws trees with
# line-drawing characters; the C locale escapes; a bidi control stays
# escaped in both (lib.sh sets LC_ALL=C for every other test)
t_spawn "$T_TMP/u8.out" unshare --uts bash -c "exec -a $(printf 'sleep-\303\274n\303\257code\342\200\256x') sleep 600"
t_wait 50 grep -q "^sleep-" "/proc/$T_SPAWNED/cmdline"
LC_ALL=C.UTF-8 "$NSINSPECT" -p "$T_SPAWNED" -t uts -o COMMAND -n >"$T_TMP/u8" 2>/dev/null
LC_ALL=C "$NSINSPECT" -p "$T_SPAWNED" -t uts -o COMMAND -n >"$T_TMP/c" 2>/dev/null
if [ "$(cat "$T_TMP/u8")" = "$(printf 'sleep-\303\274n\303\257code\\xe2\\x80\\xaex 600')" ]; then
	ok "LC_ALL=C.UTF-8: sleep-ünïcode as written, the bidi control escaped"
else
	not_ok "LC_ALL=C.UTF-8: sleep-ünïcode as written, the bidi control escaped" \
		"got: $(od -c "$T_TMP/u8" | head -3)"
fi
if [ "$(cat "$T_TMP/c")" = 'sleep-\xc3\xbcn\xc3\xafcode\xe2\x80\xaex 600' ]; then
	ok "LC_ALL=C: every byte that is not ASCII escaped"
else
	not_ok "LC_ALL=C: every byte that is not ASCII escaped" "got: $(cat "$T_TMP/c")"
fi
t_kill "$T_SPAWNED"
LC_ALL=C.UTF-8 "$NSINSPECT" --tree -t pid,user -o NS,TYPE >"$T_TMP/tree8" 2>/dev/null
LC_ALL=C "$NSINSPECT" --tree -t pid,user -o NS,TYPE >"$T_TMP/treec" 2>/dev/null
if grep -q "$(printf '\342\224\224\342\224\200')" "$T_TMP/tree8" && grep -q '^`-' "$T_TMP/treec"; then
	ok "--tree draws line-drawing characters under C.UTF-8, ASCII under C"
else
	not_ok "--tree draws line-drawing characters under C.UTF-8, ASCII under C"
	diag_file "$T_TMP/tree8" "C.UTF-8"
fi

t_finish
