#!/bin/sh
# shellcheck shell=sh disable=SC2016
# table.sh - the table on a terminal, and what issue 17 asks of it:
#   - a value is never cut without a mark: on an 80-column terminal
#     (script(1), stty cols) a long command line ends with "…" under
#     C.UTF-8 and "..." under C, exactly as wide as the terminal; on a
#     wide one, with -u, or off a terminal it is whole; only the last
#     free-text column is cut while the one before it fits (two processes
#     named web-server-01 and web-server-02 keep their whole COMMAND,
#     NAME is cut), the one before only when that is not enough;
#   - a 40-character "ip netns add" name (as CNI makes) is never cut;
#   - a netns named with a newline is one nsfs path, \x0a in the table,
#     \x5cx0a in -r, exact in -J; a container named "X (lxc), Y" is one
#     container of the CONTAINER list (one a line, or -W's \x2c);
#   - --tree=process places each row as lsns --tree=process does (lsns
#     -J, the oracle, for the namespaces made here) and draws the tree
#     in COMMAND;
#   - NNP prints 0 or 1 in the table and in --audit alike (NoNewPrivs of
#     /proc/PID/status, the oracle);
#   - -p PID and --caps PID print no line about other processes that
#     could not be read (PID 1's links are unreadable on some machines:
#     -p 1 prints it there), and JSON has no "unreadable" object for them;
#   - -W puts --detail's ADDRESSES on one line, comma-joined.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd script stty unshare nsenter setpriv lsns ip jq bash awk
require_nsinspect

NL='
'
# on_tty COLS CMD - run the shell command CMD on a terminal COLS wide;
# what it printed (stdout only, carriage returns dropped) in $T_TMP/tty.
on_tty() {
	script -qec "stty cols $1 rows 50; $2 2>/dev/null" /dev/null \
		</dev/null 2>&1 | tr -d '\r' >"$T_TMP/tty"
}

# has_line FILE LINE - whether FILE has LINE, exactly.
has_line() {
	grep -Fqx -e "$2" "$1"
}

# expect_line DESC LINE - the terminal output has LINE, exactly.
expect_line() {
	if has_line "$T_TMP/tty" "$2"; then
		ok "$1"
	else
		not_ok "$1" "want the line: $2"
		diag_file "$T_TMP/tty" "got"
	fi
}

# ------------------------------------------------ long names and cut marks
# Two processes with long command lines alike up to web-server-01 and -02,
# each in a UTS namespace of its own (a row of its own), comm 15
# characters long.
PAD=$(printf '%090d' 0 | tr 0 x)
CMD1="nsi-$$-web-server-01-$PAD"
CMD2="nsi-$$-web-server-02-$PAD"
# comm is the name of the file run: a link to sleep named so
ln -s "$(command -v sleep)" "$T_TMP/web-server-01ab"
ln -s "$(command -v sleep)" "$T_TMP/web-server-02ab"
t_spawn "$T_TMP/p1.out" unshare -u bash -c "exec -a '$CMD1' '$T_TMP/web-server-01ab' 600"
P1=$T_SPAWNED
t_spawn "$T_TMP/p2.out" unshare -u bash -c "exec -a '$CMD2' '$T_TMP/web-server-02ab' 600"
P2=$T_SPAWNED
t_wait 50 sh -c "tr '\\0' ' ' </proc/$P1/cmdline | grep -q '^$CMD1 600'" &&
	t_wait 50 sh -c "tr '\\0' ' ' </proc/$P2/cmdline | grep -q '^$CMD2 600'" ||
	{ not_ok "the two long-named sleeps run"; t_finish; }
is "$(cat "/proc/$P1/comm") $(cat "/proc/$P2/comm")" \
	"web-server-01ab web-server-02ab" "oracle: the comm of the two sleeps"
UTS1=$(t_ns_ino "$P1" uts)
FULL1="$CMD1 600"

# One row: NS (10) and COMMAND, 69 columns of the 80.
CUT=$(printf '%s' "$FULL1" | cut -c1-68)
on_tty 80 "LC_ALL=C.UTF-8 $NSINSPECT $UTS1 -o NS,COMMAND"
expect_line "80 columns, C.UTF-8: COMMAND cut to the width, with …" \
	"$UTS1 $CUT…"
CUT=$(printf '%s' "$FULL1" | cut -c1-66)
on_tty 80 "LC_ALL=C $NSINSPECT $UTS1 -o NS,COMMAND"
expect_line "80 columns, C: COMMAND cut to the width, with ..." \
	"$UTS1 $CUT..."
on_tty 200 "LC_ALL=C.UTF-8 $NSINSPECT $UTS1 -o NS,COMMAND"
expect_line "200 columns: COMMAND whole" "$UTS1 $FULL1"
on_tty 80 "LC_ALL=C.UTF-8 $NSINSPECT -u $UTS1 -o NS,COMMAND"
expect_line "80 columns, -u: COMMAND whole" "$UTS1 $FULL1"
on_tty 80 "LC_ALL=C.UTF-8 $NSINSPECT -u -W $UTS1 -o NS,COMMAND"
expect_line "80 columns, -u -W: COMMAND whole" "$UTS1 $FULL1"
nsi $UTS1 -o NS,COMMAND -n
is "$(cat "$T_TMP/out")" "$UTS1 $FULL1" "off a terminal: COMMAND whole"

# The process view, PID COMMAND NAME: NAME is the last free-text column.
# Room for both commands whole and 8 columns of NAME: NAME is cut, not
# COMMAND (libsmartcols alone cut both, COMMAND first).
PW=$(printf '%s\n%s\n%s\n' PID "$P1" "$P2" | awk '{ if (length($0) > w) w = length($0) } END { print w }')
[ "$PW" -lt 5 ] && PW=5
LEN=$(printf '%s' "$FULL1" | wc -c)
W=$((PW + 1 + LEN + 1 + 8))
on_tty "$W" "LC_ALL=C.UTF-8 $NSINSPECT --caps $P1 $P2 -o PID,COMMAND,NAME"
expect_line "$W columns: web-server-01's COMMAND whole, NAME cut with …" \
	"$(printf "%${PW}s %s web-ser…" "$P1" "$FULL1")"
expect_line "$W columns: web-server-02's COMMAND whole, NAME cut with …" \
	"$(printf "%${PW}s %s web-ser…" "$P2" "$CMD2 600")"
# Not enough room even with NAME at its floor (8 columns: its heading,
# and no fewer than 8): COMMAND gives the rest, exactly what is missing.
W=$((PW + 1 + 40 + 1 + 4))
CUT=$(printf '%s' "$FULL1" | cut -c1-35)
on_tty "$W" "LC_ALL=C.UTF-8 $NSINSPECT --caps $P1 -o PID,COMMAND,NAME"
expect_line "$W columns: NAME at its floor, then COMMAND cut by what is missing, both with …" \
	"$(printf "%${PW}s %s… web-ser…" "$P1" "$CUT")"

# No cut makes it fit (PID alone is wider than the terminal): every
# free-text column is at its floor, so that no value a user chose (a long
# command line) makes the line long.
CUT=$(printf '%s' "$FULL1" | cut -c1-7)
on_tty 5 "LC_ALL=C.UTF-8 $NSINSPECT --caps $P1 -o PID,COMMAND,NAME"
expect_line "5 columns (nothing fits): COMMAND and NAME at their floor, with …" \
	"$(printf "%${PW}s %s… web-ser…" "$P1" "$CUT")"
# the same with a 3000-character command line of nobody's, at 20
# columns: the line stays short (before: 3000 columns wide)
LONGCMD=$(printf 'A%.0s' $(seq 3000))
t_spawn "$T_TMP/p3.out" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	bash -c "exec -a '$LONGCMD' sleep 600"
P3=$T_SPAWNED
t_wait 50 sh -c "grep -q AAAA /proc/$P3/cmdline"
on_tty 20 "LC_ALL=C.UTF-8 $NSINSPECT --caps $P1 $P3 -o PID,USER,COMMAND,NAME"
is "$(awk -v p="$P3" '$1 == p { print $3 }' "$T_TMP/tty")" "AAAAAAA…" \
	"20 columns, a 3000-character command line: COMMAND at its floor, with …"

# A kernel thread's name (up to 63 bytes since Linux 6.x) whole in its
# brackets, as ps shows it: the brackets are what a user cannot fake.
# (Not the kworkers: their names change with the work they do.)
KT=$(ps -o pid= --ppid 2 | tr -d ' ' | tr '\n' ' ')
"$NSINSPECT" --caps -n -o PID,COMMAND $KT 2>/dev/null |
	awk '$2 !~ /^\[kworker\// { print $1, $2 }' | sort >"$T_TMP/kt.nsi"
ps -o pid=,args= -p "$(echo $KT | tr ' ' ',')" |
	awk '$2 !~ /^\[kworker\// { print $1, $2 }' | sort >"$T_TMP/kt.ps"
is "$(comm -3 "$T_TMP/kt.ps" "$T_TMP/kt.nsi" | awk '$2 ~ /^\[/' | head -5 | tr '\n\t' '; ')" "" \
	"kernel threads: COMMAND is ps's [name], whole ($(awk 'length($2) > 24' "$T_TMP/kt.ps" | wc -l) longer than 24 bytes)"

# A 40-character netns name (CNI's are "cni-" and a UUID) is never cut.
NS40=$(printf 'nsi-%s-%040d' "$$" 0 | cut -c1-40)
ip netns add "$NS40" && t_add_netns "$NS40"
NET40=$(stat -L -c %i "/run/netns/$NS40")
on_tty 80 "LC_ALL=C.UTF-8 $NSINSPECT $NET40 -o NS,NSFS"
expect_line "80 columns: the 40-character netns name whole in NSFS" \
	"$NET40 /run/netns/$NS40"

# ------------------------------------------- a netns named with a newline
NLNAME="nsi-$$-a${NL}b"
trap 'ip netns del "$NLNAME" 2>/dev/null; t_cleanup' EXIT
if ip netns add "$NLNAME"; then
	NLINO=$(stat -L -c %i "/run/netns/$NLNAME")
	nsi "$NLINO" -o NS,NSFS -n
	is "$(cat "$T_TMP/out")" "$NLINO /run/netns/nsi-$$-a\\x0ab" \
		"NSFS: a newline in the netns name is \\x0a, one path, one line"
	nsi "$NLINO" -o NS,NSFS -n -W
	is "$(cat "$T_TMP/out")" "$NLINO /run/netns/nsi-$$-a\\x0ab" \
		"NSFS -W: the same, one path"
	nsi "$NLINO" -o NS,NSFS -n -r
	is "$(cat "$T_TMP/out")" "$NLINO /run/netns/nsi-$$-a\\x5cx0ab" \
		"NSFS -r: the newline is \\x5cx0a, not the item separator \\x0a"
	nsi "$NLINO" -o NS,NSFS -J
	is "$(jq -c '.namespaces[0].nsfs' "$T_TMP/out")" \
		"[\"/run/netns/nsi-$$-a\\nb\"]" "NSFS -J: the exact path, one item"
	ip netns del "$NLNAME"
else
	not_ok "ip netns add a name with a newline"
fi

# ------------------------- a container name that holds the list's ", "
# Two hand-made LXC containers (LXC before 4: cgroup /lxc/NAME, as lxc.sh)
# share a UTS namespace; the first is named "X (lxc), Y", which joined
# by ", " would read as two containers.  The cell is a list as NSFS: one
# container a line, or with -W commas, the name's comma escaped.
CA="nsi-$$-a (lxc), nsi-$$-fake"
CB="nsi-$$-b"
if t_add_cgroup "lxc/$CA" && t_add_cgroup "lxc/$CB"; then
	t_spawn "$T_TMP/ca.out" t_cgroup_exec "lxc/$CA" unshare -u sleep 600
	CPA=$T_SPAWNED
	t_wait 50 t_comm_is "$CPA" sleep
	t_spawn "$T_TMP/cb.out" t_cgroup_exec "lxc/$CB" \
		nsenter -t "$CPA" -u sleep 600
	CPB=$T_SPAWNED
	t_wait 50 t_comm_is "$CPB" sleep
	CUTS=$(t_ns_ino "$CPA" uts)
	nsi "$CUTS" -o NS,CONTAINER -n
	is "$(cat "$T_TMP/out")" "$CUTS $CA (lxc)
           $CB (lxc)" "CONTAINER: one container a line, a name's \", \" no separator"
	nsi "$CUTS" -o NS,CONTAINER -n -W
	is "$(cat "$T_TMP/out")" \
		"$CUTS nsi-$$-a (lxc)\x2c nsi-$$-fake (lxc),$CB (lxc)" \
		"CONTAINER -W: one line, the name's comma escaped (\\x2c)"
else
	not_ok "set up: the cgroups lxc/$CA and lxc/$CB"
fi

# --------------------------------------------------------- --tree=process
# A: a shell in a UTS namespace of its own; B, its child, a sleep in an
# IPC namespace of its own.  B's row goes under A's when A's comes first.
t_spawn "$T_TMP/a.out" unshare -u sh -c 'unshare -i sleep 600 & wait'
A=$T_SPAWNED
t_wait 50 sh -c "ps -o pid=,comm= --ppid $A | grep -q sleep" ||
	{ not_ok "the process tree A, B runs"; t_finish; }
B=$(ps -o pid= --ppid "$A" | awk '{ print $1; exit }')
t_wait 50 sh -c "[ \"\$(stat -L -c %i /proc/$B/ns/ipc)\" != \"\$(stat -L -c %i /proc/$A/ns/ipc)\" ]"
UTSA=$(t_ns_ino "$A" uts)
IPCB=$(t_ns_ino "$B" ipc)
# the parent of a row, "NS TYPE PARENT-NS", from a nested -J
UP='def walk($up): .[] | ("\(.ns) \(.type) \($up)"), (.ns as $n | .children // [] | walk($n)); .namespaces | walk("none")'
if nsi_ok "--tree=process -J" --tree=process -J -o NS,TYPE,PID,COMMAND; then
	NSI_UP=$(jq -r "$UP" "$T_TMP/out" | grep -E "^($UTSA uts|$IPCB ipc) ")
	if [ "$UTSA" -lt "$IPCB" ]; then
		want="$UTSA uts none$NL$IPCB ipc $UTSA"
	else
		want="$IPCB ipc none$NL$UTSA uts none"
	fi
	is "$(printf '%s\n' "$NSI_UP" | sort)" "$(printf '%s\n' "$want" | sort)" \
		"--tree=process -J: B's ipc row under A's uts row when A's comes first"
	if t_try3 "$T_TMP/lsns.json" lsns --tree=process -J -o NS,TYPE,PID,COMMAND; then
		is "$(printf '%s\n' "$NSI_UP" | sort)" \
			"$(jq -r "$UP" "$T_TMP/lsns.json" | grep -E "^($UTSA uts|$IPCB ipc) " | sort)" \
			"--tree=process: the rows of A and B placed as lsns --tree=process places them"
	else
		not_ok "lsns --tree=process -J runs"
	fi
fi
nsi --tree=process -o NS,TYPE,PID,COMMAND
if [ "$UTSA" -lt "$IPCB" ]; then
	want="^$IPCB ipc +$B \`-sleep 600\$"
else
	want="^$IPCB ipc +$B sleep 600\$"
fi
if grep -Eq "$want" "$T_TMP/out"; then
	ok "--tree=process: the tree drawn in COMMAND (B's row: $want)"
else
	not_ok "--tree=process: the tree drawn in COMMAND" "want $want"
	diag_file "$T_TMP/out" "got"
fi
nsi -T process
is "$T_RC $(head -n 1 "$T_TMP/err")" \
	"2 nsinspect: invalid namespace 'process' (the tree's relation is written --tree=process) (try 'nsinspect --help')" \
	"-T process: the relation must be attached (-Tprocess, --tree=process)"
nsi --tree=proc
is "$T_RC $(head -n 1 "$T_TMP/err")" \
	"2 nsinspect: unknown tree relation 'proc' (owner, parent or process) (try 'nsinspect --help')" \
	"--tree=proc: the relations named"

# ------------------------------------------------------------- NNP
t_spawn "$T_TMP/nnp.out" setpriv --no-new-privs sleep 600
NNP=$T_SPAWNED
t_wait 50 t_comm_is "$NNP" sleep
is "$(awk '$1 == "NoNewPrivs:" { print $2 }' "/proc/$NNP/status")" 1 \
	"oracle: the setpriv sleep has NoNewPrivs 1"
nsi --caps "$NNP" -o PID,NNP -n
is "$(awk '{ print $2 }' "$T_TMP/out")" 1 "table: NNP 1"
nsi --audit -p "$NNP"
is "$(awk '$1 == "no_new_privs" { print $2 }' "$T_TMP/out")" 1 \
	"--audit: no_new_privs 1, as the table"
nsi --caps "$P1" -o PID,NNP -n
is "$(awk '{ print $2 }' "$T_TMP/out")" 0 "table: NNP 0 (as NoNewPrivs)"
nsi --audit -p "$P1"
is "$(awk '$1 == "no_new_privs" { print $2 }' "$T_TMP/out")" 0 \
	"--audit: no_new_privs 0, as the table"

# ------------------------------------- the unreadable line and -p PID
nsi -o NS
if grep -q 'could not read the namespaces of PID 1\b' "$T_TMP/err"; then
	nsi -p 1 -o NS
	if grep -Eq 'could not read the namespaces of PID 1[:,]' "$T_TMP/err"; then
		ok "-p 1 (unreadable here): the line names PID 1"
	else
		not_ok "-p 1 (unreadable here): the line names PID 1"
		diag_file "$T_TMP/err" "stderr"
	fi
else
	diag "PID 1's namespaces are readable here: the checks below hold trivially"
fi
nsi -p "$P1" -o NS
is "$T_RC $(cat "$T_TMP/err")" "0 " "-p PID: no line about other processes"
nsi --caps "$P1" "$P2"
is "$T_RC $(cat "$T_TMP/err")" "0 " "--caps PID PID: no line about other processes"
nsi -p "$P1" -J -o NS
is "$(jq -c '.unreadable' "$T_TMP/out")" null "-p PID -J: no unreadable object"
# As nobody, whom every other process is unreadable: its own process asked
# for (-p, --caps, --audit -p) gives no "could not read" line.
t_spawn "$T_TMP/pn.out" setpriv --reuid=nobody --regid=nogroup --clear-groups sleep 600
PN=$T_SPAWNED
t_wait 50 t_comm_is "$PN" sleep
for _v in "-p $PN -o NS" "--caps $PN" "--audit -p $PN"; do
	# shellcheck disable=SC2086
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$NSINSPECT" $_v \
		>"$T_TMP/out" 2>"$T_TMP/err"
	_rc=$?
	is "$_rc $(grep -c 'could not read' "$T_TMP/err")" "0 0" \
		"as nobody, $_v of its own process: no line about the others"
done

# --------------------------------------------------- --detail -W ADDRESSES
NSD="nsi-$$-d"
if ip netns add "$NSD" && t_add_netns "$NSD" &&
   ip -n "$NSD" link add v0 type veth peer name v1 &&
   ip -n "$NSD" addr add 10.99.1.1/24 dev v0 &&
   ip -n "$NSD" addr add 10.99.2.1/24 dev v0; then
	nsi --ns net --detail -W
	if grep -Eq '^.{2}v0 .* 10\.99\.1\.1/24,10\.99\.2\.1/24 ' "$T_TMP/out" &&
	   ! grep -Eq '^ +10\.99\.2\.1/24' "$T_TMP/out"; then
		ok "--detail -W: ADDRESSES on one line, comma-joined"
	else
		not_ok "--detail -W: ADDRESSES on one line, comma-joined"
		diag_file "$T_TMP/out" "got"
	fi
	nsi --ns net --detail
	if grep -Eq '^.{2}v0 .* 10\.99\.1\.1/24 ' "$T_TMP/out" &&
	   grep -Eq '^ +10\.99\.2\.1/24' "$T_TMP/out"; then
		ok "--detail: ADDRESSES one a line without -W"
	else
		not_ok "--detail: ADDRESSES one a line without -W"
		diag_file "$T_TMP/out" "got"
	fi
else
	not_ok "a netns with a veth and two addresses"
fi

t_finish
